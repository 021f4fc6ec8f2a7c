/**
 * The per-user cooldown in both transports, end to end: the real discord.js bot against the fake Discord, and
 * the HTTP endpoint taking requests signed as Discord signs them. Both refuse the same interaction with the
 * same body, because both go through the one gate (`withCooldown` in src/core/cooldown.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBot, type Bot } from '../../src/core/bot.js';
import { Cooldown } from '../../src/core/cooldown.js';
import { createLogger } from '../../src/log.js';
import { createInteractionServer, type InteractionServer } from '../../src/transports/http.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { startHarness, type Harness } from '../support/gateway-harness.js';
import { makeSigningKeys, postSigned } from '../support/signed-requests.js';
import { validateBody } from '../support/discord-schemas.js';

const THROTTLED = {
  type: 4,
  data: { content: "You're going a bit fast: try again in 10 s.", flags: 64, allowed_mentions: { parse: [] } },
};

let bot: Bot;
beforeAll(async () => {
  bot = await loadBot();
});

/** A slash command from a given user of the fake's guild. */
function from<T extends { member: unknown }>(fake: FakeDiscord, interaction: T, userId: string): T {
  return { ...interaction, member: fake.member(undefined, userId) };
}

describe('GIVEN the gateway bot with a cooldown of 2 per 10 s (COOLDOWN_LIMIT=2)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bot, env: { COOLDOWN_LIMIT: '2', COOLDOWN_WINDOW_SECONDS: '10' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('WHEN one user sends 3 commands at once, typing in between THEN 2 are answered, the 3rd gets the ephemeral "going a bit fast", autocomplete is answered, another user is unaffected', async () => {
    const { fake } = h;
    const sent = [fake.slashCommand('help'), fake.slashCommand('money'), fake.slashCommand('sources')].map((i) => fake.sendInteraction(i));
    const typing = fake.sendInteraction(fake.autocomplete('claim', 'topic', 'inbo'));
    const other = fake.sendInteraction(from(fake, fake.slashCommand('help'), '300000000000000077'));
    const callbacks = await Promise.all([...sent, typing, other].map((i) => fake.waitForCallback(i.id)));
    const bodies = callbacks.map((c) => c.body as { type: number; data?: { content?: string; flags?: number } });
    expect(bodies[0]!.data?.flags ?? 0).toBe(0);
    expect(bodies[1]!.data?.flags ?? 0).toBe(0);
    expect(bodies[2]).toEqual(THROTTLED);
    expect(bodies[3]!.type).toBe(8);
    expect(bodies[3]!.data).toHaveProperty('choices');
    expect(bodies[4]!.data?.content).not.toMatch(/going a bit fast/);
    expect(callbacks.every((c) => c.status === 204)).toBe(true); // the fake checked each against Discord's schema
    await h.running.idle();
    const throttled = h.logs().filter((l) => l.event === 'interaction-throttled');
    expect(throttled).toEqual([expect.objectContaining({ id: sent[2]!.id, command: 'sources', retryAfterSeconds: 10 })]);
  });
});

describe('GIVEN the gateway bot with a cooldown on an injected clock', () => {
  let h: Harness;
  let now = 1_000_000;
  beforeAll(async () => {
    h = await startHarness({ bot, cooldown: new Cooldown({ limit: 1, windowMs: 10_000, now: () => now }) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('WHEN the user waits the time they were told THEN the next command is answered', async () => {
    const { fake } = h;
    const first = fake.sendInteraction(fake.slashCommand('help'));
    await fake.waitForCallback(first.id);
    now += 4_000;
    const early = fake.sendInteraction(fake.slashCommand('help'));
    expect((await fake.waitForCallback(early.id)).body).toMatchObject({ data: { content: "You're going a bit fast: try again in 6 s." } });
    now += 6_000;
    const onTime = fake.sendInteraction(fake.slashCommand('help'));
    expect((await fake.waitForCallback(onTime.id)).body).not.toMatchObject({ data: { flags: 64 } });
  });
});

describe('GIVEN the HTTP endpoint with a cooldown of 2 per 10 s', () => {
  const keys = makeSigningKeys();
  let fake: FakeDiscord;
  let endpoint: InteractionServer;
  let url: string;
  let dataDir: string;
  const lines: string[] = [];
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    dataDir = await mkdtemp(join(tmpdir(), 'inbox-bot-cooldown-'));
    endpoint = createInteractionServer({
      bot,
      config: { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir, COOLDOWN_LIMIT: 2, COOLDOWN_WINDOW_SECONDS: 10 },
      logger: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    });
    const address = await endpoint.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${address.port}/interactions`;
  });
  afterAll(async () => {
    await endpoint?.close(1000);
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('WHEN one user sends 3 signed commands and types in between THEN the 3rd gets the same refusal as over the gateway; autocomplete and other users are unaffected', async () => {
    const answers = [];
    for (const interaction of [fake.slashCommand('help'), fake.slashCommand('money'), fake.autocomplete('claim', 'topic', 'inbo'), fake.slashCommand('sources')]) {
      answers.push(await postSigned(url, keys, interaction));
    }
    const other = await postSigned(url, keys, from(fake, fake.slashCommand('help'), '300000000000000077'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const [help, money, typing, sources] = answers.map((a) => a.json as { type: number; data?: { flags?: number } });
    expect(help!.data?.flags ?? 0).toBe(0);
    expect(money!.data?.flags ?? 0).toBe(0);
    expect(typing!.type).toBe(8);
    expect(sources).toEqual(THROTTLED);
    expect(validateBody('interaction-callback', sources)).toEqual([]);
    expect((other.json as { data?: { content?: string } }).data?.content).not.toMatch(/going a bit fast/);
    expect(lines.filter((l) => l.includes('"interaction-throttled"'))).toHaveLength(1);
  });

  it('WHEN a signed PING carrying the throttled user arrives THEN it gets PONG and is not counted, while that user is still refused', async () => {
    const user = '300000000000000088';
    const command = () => from(fake, fake.slashCommand('help'), user);
    await postSigned(url, keys, command());
    await postSigned(url, keys, command());
    const throttledBefore = lines.filter((l) => l.includes('"interaction-throttled"')).length;
    // A PING never names a user; one that does (forged fields) must still not go through the cooldown.
    const ping = { type: 1, id: '1', application_id: fake.applicationId, token: 't', version: 1, member: fake.member(undefined, user) };
    expect((await postSigned(url, keys, ping)).json).toEqual({ type: 1 });
    expect(lines.filter((l) => l.includes('"interaction-throttled"')).length).toBe(throttledBefore);
    expect((await postSigned(url, keys, command())).json).toEqual(THROTTLED);
  });
});
