/**
 * The bot as a real process (`node dist/src/main.js`, `node dist/src/serve.js`) against the fake Discord:
 * - SIGTERM in the middle of a burst, while answers are held up by a rate limit: every interaction it accepted is
 *   answered, exactly once, and it exits 0 within 5 s;
 * - the bot token never appears in its output (at LOG_LEVEL=debug) or in anything it sends, even when Discord's
 *   error answers quote it back and discord.js puts it in the errors it raises;
 * - a corrupted or edited corpus stops start-up, naming the file and the fact, before any connection is made.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/corpus/case.js';
import { writePinnedPosts } from '../../src/state.js';
import { FakeDiscord, Faults, MEMBER_PERMISSIONS, Permission, snowflake, type RecordedRequest } from '../support/fake-discord.js';
import { dist, killChildren, logLines, requireBuilt, runNode, within, type Child } from '../support/processes.js';
import { makeSigningKeys } from '../support/signed-requests.js';

const MAIN = dist('src', 'main.js');
const SERVE = dist('src', 'serve.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A token shaped like Discord's: base64 of the bot's user id, a timestamp part, and the secret HMAC part. */
function makeToken(botUserId: string): { token: string; parts: [string, string, string] } {
  const parts: [string, string, string] = [Buffer.from(botUserId).toString('base64url'), 'GqX7aB', randomBytes(28).toString('base64url')];
  return { token: parts.join('.'), parts };
}

let cwd: string;
beforeAll(async () => {
  requireBuilt(MAIN, 'src/main.ts');
  requireBuilt(SERVE, 'src/serve.ts');
  requireBuilt(dist('src', 'transports', 'gateway.js'), 'src/transports/gateway.ts');
  // An empty working folder: no .env is picked up.
  cwd = await mkdtemp(join(tmpdir(), 'inbox-bot-process-'));
});
afterEach(() => {
  killChildren();
});
afterAll(async () => {
  killChildren();
  await rm(cwd, { recursive: true, force: true });
});

async function startGatewayBot(fake: FakeDiscord, token: string, env: Record<string, string> = {}): Promise<Child> {
  const proc = runNode([MAIN], { DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: join(cwd, `data-${randomBytes(4).toString('hex')}`), LOG_LEVEL: 'info', ...env }, cwd);
  await proc.waitForOutput((out) => out.includes('"gateway-ready"'), 10_000, 'gateway-ready log line');
  return proc;
}

describe('GIVEN `npm start` connected to the fake Discord WHEN SIGTERM arrives in the middle of a burst', () => {
  let fake: FakeDiscord;
  const id = snowflake();
  const { token } = makeToken(id);
  beforeAll(async () => {
    fake = await FakeDiscord.start({ token, botUserId: id, applicationId: id });
  });
  afterAll(async () => {
    killChildren();
    await fake?.close();
  });

  it('THEN every interaction it accepted is answered exactly once, those held up by a rate limit included, and it exits 0 within 5 s', async () => {
    // Each user sends one: this is about shutdown, not the cooldown.
    const proc = await startGatewayBot(fake, token, { COOLDOWN_LIMIT: '0' });
    const sent: { id: string; at: number }[] = [];
    const send = (i: number) => {
      const interaction = { ...fake.slashCommand(i % 2 ? 'help' : 'money'), member: fake.member(undefined, String(300000000000002000n + BigInt(i))) };
      fake.sendInteraction(interaction);
      sent.push({ id: interaction.id, at: Date.now() });
    };
    for (let i = 0; i < 60; i++) {
      send(i);
      await sleep(5);
    }
    // Discord rate-limits the next 20 callbacks for 1.5 s: their answers are in flight at SIGTERM.
    fake.override({ method: 'POST', path: /\/callback$/ }, Faults.rateLimited(1.5), 20);
    for (let i = 60; i < 80; i++) {
      send(i);
      await sleep(5);
    }
    await within(
      (async () => {
        while (fake.requests.filter((r) => r.status === 429).length < 20) await sleep(10);
      })(),
      3000,
      '20 rate-limited callbacks',
    );
    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    for (let i = 80; i < 100; i++) {
      send(i);
      await sleep(5);
    }
    const exit = await within(proc.exited, 8000, 'exit after SIGTERM');
    const exitMs = exit.at - signalled;

    const records = logLines(proc.stderr());
    const refused = new Set(records.filter((l) => l.event === 'interaction-refused').map((l) => String(l.id)));
    const accepted = sent.filter((s) => !refused.has(s.id));
    const accepted2xx = (sid: string) => fake.requestsTo({ method: 'POST', path: new RegExp(`^/interactions/${sid}/`) }).filter((r) => r.status < 300);
    const deliveredAfterSignal = accepted.filter((s) => (accepted2xx(s.id)[0]?.at ?? 0) > signalled).length;
    console.log(`[sigterm] ${JSON.stringify({ sent: sent.length, accepted: accepted.length, refusedWhileStopping: refused.size, deliveredAfterSignal, exitMs, code: exit.code })}`);

    expect(exit.code).toBe(0);
    expect(exitMs).toBeLessThan(5000);
    expect(accepted.filter((s) => accepted2xx(s.id).length !== 1).map((s) => s.id), 'accepted but not answered exactly once').toEqual([]);
    // Everything sent well before the signal was accepted, and the rate-limited queue really was in flight.
    expect(sent.filter((s) => s.at < signalled - 200 && refused.has(s.id))).toEqual([]);
    expect(deliveredAfterSignal).toBeGreaterThanOrEqual(20);
    // Refused ones got no half answer: nothing at all (Discord shows its own "did not respond").
    for (const rid of refused) expect(accepted2xx(rid)).toEqual([]);
    expect(records.map((l) => l.event)).toEqual(expect.arrayContaining(['stop-requested', 'gateway-stopping', 'gateway-stopped']));
    expect(fake.gatewayEvents.filter((e) => e.kind === 'close').length).toBeGreaterThanOrEqual(1); // the gateway was closed, not abandoned
    expect(proc.stderr() + proc.stdout()).not.toContain(token);
  }, 30_000);
});

describe('GIVEN a bot token that Discord quotes back in its error answers', () => {
  const MODERATOR = MEMBER_PERMISSIONS | Permission.PinMessages;
  let fake: FakeDiscord;
  const id = snowflake();
  const { token, parts } = makeToken(id);
  /** Every form the token could leak in: as is, its secret part, base64 of it, percent-encoded. */
  const forms = [token, parts[2], Buffer.from(token).toString('base64'), Buffer.from(token).toString('base64url'), encodeURIComponent(token), Buffer.from(`Bot ${token}`).toString('base64')];
  const echo = (status: number) => (request: RecordedRequest) => ({
    status,
    body: { message: `Refused request with Authorization: ${request.authorization ?? `Bot ${token}`}`, code: 0 },
  });

  // A fresh fake for each test, so one test's injected faults cannot reach the next.
  beforeEach(async () => {
    fake = await FakeDiscord.start({ token, botUserId: id, applicationId: id });
  });
  afterEach(async () => {
    killChildren();
    await fake?.close();
  });

  /** The token in none of its forms; the two public parts only inside discord.js's own censored debug line. */
  function expectNoToken(text: string, where: string): void {
    for (const form of forms) expect(text.includes(form), `${where} contains the token (${form === token ? 'whole' : 'a form of it'})`).toBe(false);
    const censored = `${parts[0]}.${parts[1]}.${'*'.repeat(parts[2].length)}`;
    const rest = text.split(censored).join('');
    expect(rest.includes(`${parts[0]}.${parts[1]}`), `${where} has the token's first two parts outside the censored line`).toBe(false);
  }

  function expectNoTokenSent(): void {
    for (const r of fake.requests) {
      expectNoToken(JSON.stringify(r.body ?? ''), `the body of ${r.method} ${r.path}`);
      expectNoToken(r.path + JSON.stringify(r.query), `the address of ${r.method} ${r.path}`);
      // The token goes only where it must: the Authorization header of bot routes, never to interaction webhooks.
      if (/^\/(interactions|webhooks)\//.test(r.path)) expect(r.authorization, `${r.method} ${r.path} carries the bot token`).toBeUndefined();
    }
  }

  it('WHEN start-up fails with an error that quotes it THEN it exits 1 and neither output nor requests contain it', async () => {
    fake.override({ method: 'GET', path: '/gateway/bot' }, echo(400));
    const proc = runNode([MAIN], { DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: join(cwd, 'data-fail'), LOG_LEVEL: 'debug' }, cwd);
    const exit = await within(proc.exited, 10_000, 'exit after a failed start');
    expect(exit.code).toBe(1);
    expect(proc.stderr()).toMatch(/Could not start the bot: .*Refused request with Authorization: Bot \[redacted\]/);
    expectNoToken(proc.stdout() + proc.stderr(), 'the output');
    expectNoTokenSent();
  }, 15_000);

  it('WHEN it runs at LOG_LEVEL=debug through failed edits, failed pins and refused callbacks that all quote it THEN its output, replies and requests never contain it', async () => {
    const dataDir = join(cwd, 'data-leak');
    const stale = fake.addMessage({ id: snowflake(), channel_id: fake.channelId, content: 'an old timeline', pinned: true });
    await writePinnedPosts(dataDir, [
      { channelId: fake.channelId, messageId: stale.id, guildId: fake.guildId, options: {}, digest: 'out-of-date', entries: [], pinnedAt: new Date().toISOString() },
    ]);
    // The start-up refresh edits the stale post: refused, quoting the token.
    fake.override({ method: 'PATCH', path: `/channels/${fake.channelId}/messages/${stale.id}` }, echo(403));
    fake.override({ method: 'PUT', path: /\/messages\/pins\// }, echo(403));
    fake.override({ method: 'POST', path: /\/callback$/ }, echo(400));
    const proc = await startGatewayBot(fake, token, { DATA_DIR: dataDir, LOG_LEVEL: 'debug', COOLDOWN_LIMIT: '0' });
    try {
      const refusedCallback = fake.sendInteraction(fake.slashCommand('help'));
      const pin = fake.sendInteraction(fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR }));
      const ordinary = fake.sendInteraction(fake.slashCommand('ask', { question: 'what did Netflix get access to?' }));
      await fake.waitForCallback(refusedCallback.id);
      await fake.waitForRequest((r) => r.method === 'PUT' && r.path.includes('/pins/'), 5000);
      // The moderator is told privately that the pin failed (a follow-up on the interaction webhook).
      await fake.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/webhooks/${id}/${pin.token}`), 5000);
      await fake.waitForCallback(ordinary.id);
      await proc.waitForOutput((out) => out.includes('"pinned-timeline-edit-failed"') && out.includes('"pin-failed"'), 5000, 'failure log lines');
      await sleep(200);
    } finally {
      proc.child.kill('SIGTERM');
    }
    expect((await within(proc.exited, 6000, 'exit after SIGTERM')).code).toBe(0);

    const output = proc.stdout() + proc.stderr();
    // The failures were logged, with Discord's message, and the token cut out of it.
    expect(output).toContain('Refused request with Authorization: Bot [redacted]');
    expect(logLines(proc.stderr()).filter((l) => l.level === 'debug').length).toBeGreaterThan(10);
    expectNoToken(output, 'the output');
    // Replies were sent (the ordinary answer, the moderator's private note), and none carries the token.
    expect(fake.requestsTo({ method: 'POST', path: /^\/(interactions|webhooks)\// }).length).toBeGreaterThanOrEqual(4);
    expectNoTokenSent();
  }, 30_000);

  it('WHEN `npm run serve` (with a token, to pin) fails to edit a stale pinned post and Discord quotes the token THEN its output and requests never contain it', async () => {
    const dataDir = join(cwd, 'data-serve-leak');
    const stale = fake.addMessage({ id: snowflake(), channel_id: fake.channelId, content: 'an old timeline', pinned: true });
    await writePinnedPosts(dataDir, [
      { channelId: fake.channelId, messageId: stale.id, guildId: fake.guildId, options: {}, digest: 'out-of-date', entries: [], pinnedAt: new Date().toISOString() },
    ]);
    fake.override({ method: 'PATCH', path: `/channels/${fake.channelId}/messages/${stale.id}` }, echo(403));
    const proc = runNode([SERVE], { DISCORD_TOKEN: token, DISCORD_PUBLIC_KEY: makeSigningKeys().publicHex, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug' }, cwd);
    try {
      await proc.waitForOutput((out) => out.includes('"pinned-timeline-edit-failed"'), 10_000, 'the failed edit logged');
    } finally {
      proc.child.kill('SIGTERM');
    }
    expect((await within(proc.exited, 6000, 'exit after SIGTERM')).code).toBe(0);
    expect(proc.stderr()).toContain('Refused request with Authorization: Bot [redacted]');
    expectNoToken(proc.stdout() + proc.stderr(), 'the output');
    expectNoTokenSent();
  }, 20_000);
});

describe('GIVEN a corrupted or edited corpus (CORPUS_DIR)', () => {
  let fake: FakeDiscord;
  const id = snowflake();
  const { token } = makeToken(id);
  beforeAll(async () => {
    fake = await FakeDiscord.start({ token, botUserId: id, applicationId: id });
  });
  afterAll(async () => {
    killChildren();
    await fake?.close();
  });

  async function corpusCopy(change: (dir: string) => Promise<void>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'inbox-bot-corpus-'));
    await cp(join(packageRoot(), 'corpus'), dir, { recursive: true });
    await change(dir);
    return dir;
  }

  const cases: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
    [
      'an article edited by one character',
      async (dir) => {
        const file = join(dir, 'articles', '001_becd12e534d289d6.txt');
        await writeFile(file, (await readFile(file, 'utf8')).replace('Netflix', 'Netflex'));
      },
      /articles\/001_becd12e534d289d6\.txt: article has changed/,
    ],
    [
      "a fact's quote edited so it is no longer the article's words",
      async (dir) => {
        const file = join(dir, 'facts', 'claims.json');
        const json = JSON.parse(await readFile(file, 'utf8')) as { facts: { id: string; citations: { quote: string }[] }[] };
        const fact = json.facts.find((f) => f.id === 'claim.inbox-api-access')!;
        fact.citations[1]!.quote = fact.citations[1]!.quote.replace('Netflix', 'Netflex');
        await writeFile(file, JSON.stringify(json, null, 2));
      },
      /facts\/claims\.json: claim\.inbox-api-access: citations\[1\]: quote .* is not found in the article/,
    ],
    [
      'a facts file cut off mid-write',
      async (dir) => {
        const file = join(dir, 'facts', 'money.json');
        await writeFile(file, (await readFile(file, 'utf8')).slice(0, 300));
      },
      /facts\/money\.json: cannot read: .*JSON/,
    ],
  ];

  it.each(cases)('WHEN `npm start` starts on %s THEN it exits 1 naming the file and the fact, and never contacts Discord', async (_what, change, message) => {
    const corpusDir = await corpusCopy(change);
    try {
      const before = fake.requests.length;
      const connects = fake.gatewayCount('connect');
      const proc = runNode([MAIN], { DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, CORPUS_DIR: corpusDir, DATA_DIR: join(cwd, 'data-corpus') }, cwd);
      const exit = await within(proc.exited, 10_000, 'exit on a bad corpus');
      expect(exit.code).toBe(1);
      expect(proc.stderr()).toMatch(message);
      expect(proc.stderr()).toMatch(/Could not start the bot: corpus: \d+ problem/);
      expect(fake.requests.slice(before).map((r) => `${r.method} ${r.path}`), 'requests to Discord').toEqual([]);
      expect(fake.gatewayCount('connect')).toBe(connects);
      expect(proc.stderr()).not.toContain(token);
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
    }
  }, 15_000);

  it('WHEN `npm run serve` starts on an edited article THEN it exits 1 naming the file, without ever listening', async () => {
    const corpusDir = await corpusCopy(cases[0]![1]);
    try {
      const proc = runNode([SERVE], { DISCORD_PUBLIC_KEY: makeSigningKeys().publicHex, DISCORD_API_URL: fake.apiUrl, CORPUS_DIR: corpusDir, PORT: '0', DATA_DIR: join(cwd, 'data-serve') }, cwd);
      const exit = await within(proc.exited, 10_000, 'exit on a bad corpus');
      expect(exit.code).toBe(1);
      expect(proc.stderr()).toMatch(cases[0]![2]);
      expect(proc.stderr()).not.toContain('serve-started');
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
    }
  }, 15_000);

  it('WHEN `npm start` starts on an unmodified copy of the corpus THEN it connects (the refusals above are about the corpus, not CORPUS_DIR)', async () => {
    const corpusDir = await corpusCopy(async () => undefined);
    try {
      const proc = await startGatewayBot(fake, token, { CORPUS_DIR: corpusDir });
      proc.child.kill('SIGTERM');
      expect((await within(proc.exited, 6000, 'exit after SIGTERM')).code).toBe(0);
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
    }
  }, 15_000);
});
