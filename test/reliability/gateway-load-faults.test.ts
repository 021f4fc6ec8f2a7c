/**
 * The real discord.js bot (`startBot`, what `npm start` runs) against the fake Discord on 127.0.0.1:
 * - a burst of 1,000 interactions spread over 10 seconds, from 200 users, with the default cooldown on: every
 *   one gets its callback within Discord's 3 seconds, exactly once, valid against Discord's schema;
 * - gateway faults (op 7 RECONNECT, op 9 INVALID SESSION resumable and not, a dropped socket, a 4000 close) and
 *   REST faults (429 with retry-after, per route and global, 500s in a row): after each, interactions are
 *   answered again, and over the whole run none is answered twice;
 * - a handler that throws, and an answer function that throws: the user gets a polite ephemeral note, the error
 *   is logged with the interaction id, and the bot goes on answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIInteraction } from 'discord-api-types/v10';
import { loadBot, type Bot } from '../../src/core/bot.js';
import { handle } from '../../src/core/respond.js';
import type { Command } from '../../src/core/types.js';
import { Faults, type FakeDiscord, type InteractionPayload, type RecordedRequest } from '../support/fake-discord.js';
import { startHarness, type Harness } from '../support/gateway-harness.js';

const BURST = { interactions: 1000, seconds: 10, users: 200 } as const;
const DISCORD_DEADLINE_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Callbacks for one interaction, in the order the fake received them. */
function callbacksFor(fake: FakeDiscord, id: string): RecordedRequest[] {
  return fake.requestsTo({ method: 'POST', path: new RegExp(`^/interactions/${id}/`) });
}

/** Every interaction sent got exactly one accepted callback, and Discord never had to say "already acknowledged". */
function expectEachAnsweredOnce(fake: FakeDiscord, ids: readonly string[]): void {
  const twice = ids.filter((id) => callbacksFor(fake, id).filter((r) => r.status < 300).length !== 1);
  expect(twice, 'interactions without exactly one accepted callback').toEqual([]);
  expect(fake.requests.filter((r) => (r.response as { code?: number } | undefined)?.code === 40060)).toEqual([]);
}

describe(`GIVEN the gateway bot with the default cooldown (5 per 10 s) WHEN ${BURST.interactions} interactions arrive in ${BURST.seconds} s from ${BURST.users} users`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bot: await loadBot(), env: { COOLDOWN_LIMIT: '5', COOLDOWN_WINDOW_SECONDS: '10' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('THEN every one gets its callback within 3 s, exactly once, valid against Discord\'s schema, and none is throttled', async () => {
    const { fake } = h;
    const pageMessage = fake.addMessage({ id: '1', channel_id: fake.channelId, content: 'an earlier answer' });
    const kinds: Array<() => InteractionPayload & { member: unknown }> = [
      () => fake.slashCommand('help'),
      () => fake.slashCommand('ask', { question: 'Did Netflix have access to private messages?' }),
      () => fake.slashCommand('money', { topic: 'fines' }),
      () => fake.slashCommand('timeline', { from: '2015', to: '2019' }),
      () => fake.slashCommand('claim', { topic: 'inbox-api' }),
      () => fake.slashCommand('denial'),
      () => fake.slashCommand('sources'),
      () => fake.slashCommand('quote', { text: 'Meta is denying allegations that it provided Netflix with access to users’ private messages.' }),
      () => fake.autocomplete('claim', 'topic', 'inbo'),
      () => fake.button('claim|page|2|', pageMessage),
      () => fake.button('item|cite|claim.inbox-api-access', pageMessage),
      () => fake.messageCommand('Check against sources', 'Netflix could read our DMs'),
    ];
    const sentAt = new Map<string, number>();
    const ids: string[] = [];
    const start = Date.now();
    const spacing = (BURST.seconds * 1000) / BURST.interactions;
    for (let i = 0; i < BURST.interactions; i++) {
      const due = start + i * spacing;
      if (due > Date.now()) await sleep(due - Date.now());
      // User i % 200: each of the 200 users sends 5 interactions over the 10 seconds, the most the cooldown allows.
      const interaction = { ...kinds[i % kinds.length]!(), member: fake.member(undefined, String(300000000000001000n + BigInt(i % BURST.users))) };
      sentAt.set(interaction.id, Date.now());
      fake.sendInteraction(interaction);
      ids.push(interaction.id);
    }
    const sendingMs = Date.now() - start;
    await Promise.all(ids.map((id) => fake.waitForCallback(id, 5000)));
    await h.running.idle();

    const latencies = ids.map((id) => callbacksFor(fake, id)[0]!.at - sentAt.get(id)!).sort((a, b) => a - b);
    const worst = latencies.at(-1)!;
    const p50 = latencies[Math.floor(latencies.length / 2)]!;
    const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
    console.log(`[gateway burst] ${JSON.stringify({ interactions: ids.length, users: BURST.users, sendingMs, worstMs: worst, p50Ms: p50, p99Ms: p99 })}`);

    expect(ids).toHaveLength(BURST.interactions);
    expect(sendingMs).toBeLessThanOrEqual(BURST.seconds * 1000 + 500);
    expect(worst).toBeLessThan(DISCORD_DEADLINE_MS);
    expectEachAnsweredOnce(fake, ids);
    const callbacks = ids.map((id) => callbacksFor(fake, id)[0]!);
    expect(callbacks.filter((c) => c.problems.length || c.status !== 204).map((c) => [c.path, c.status, c.problems])).toEqual([]);
    expect(callbacks.filter((c) => JSON.stringify(c.body).includes('going a bit fast'))).toEqual([]);
    expect(h.logs().filter((l) => l.level === 'error')).toEqual([]);
  }, 30_000);
});

describe('GIVEN the gateway bot with a command that throws and an answer path that throws', () => {
  let h: Harness;
  const sent: string[] = [];
  const explode = {
    data: { type: 1, name: 'explode', description: 'Throws, for the reliability tests' },
    execute: () => {
      throw new Error('kaboom inside a handler');
    },
  } satisfies Command;

  beforeAll(async () => {
    const bot = await loadBot({ extraCommands: [explode] });
    h = await startHarness({
      bot,
      // A transport-level failure outside the core's own boundary (the answer function itself throws).
      answer: (interaction: APIInteraction) => {
        if (interaction.data && 'name' in interaction.data && interaction.data.name === 'sources' && 'options' in interaction.data && interaction.data.options?.length) {
          throw new Error('kaboom in the answer function');
        }
        return handle(interaction, bot);
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const send = <T extends InteractionPayload>(interaction: T): T => {
    sent.push(interaction.id);
    return h.fake.sendInteraction(interaction);
  };

  /** Sends /help and checks it is answered normally: the bot is alive and well. */
  async function expectAnswering(): Promise<void> {
    const probe = send(h.fake.slashCommand('help'));
    const callback = await h.fake.waitForCallback(probe.id, 10_000);
    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({ type: 4, data: { embeds: [expect.objectContaining({ title: 'Commands' })] } });
  }

  it('WHEN a handler throws THEN the user gets a polite ephemeral note, the error is logged with the interaction id, and the next command is answered', async () => {
    const interaction = send(h.fake.slashCommand('explode'));
    const callback = await h.fake.waitForCallback(interaction.id);
    expect(callback.body).toEqual({
      type: 4,
      data: { content: 'Sorry, something went wrong while answering. The error has been logged; please try again.', flags: 64, allowed_mentions: { parse: [] } },
    });
    await h.running.idle();
    const logged = h.logs().find((l) => l.event === 'answer-failed' && l.id === interaction.id);
    expect(logged).toMatchObject({ level: 'error', error: { message: 'kaboom inside a handler' } });
    await expectAnswering();
  });

  it('WHEN the answer function itself throws THEN the same polite note, and the bot goes on', async () => {
    const interaction = send(h.fake.slashCommand('sources', { extra: 'x' }));
    const callback = await h.fake.waitForCallback(interaction.id);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/^Sorry, something went wrong/) } });
    await h.running.idle();
    expect(h.logs().find((l) => l.id === interaction.id && l.level === 'error')).toMatchObject({ error: { message: 'kaboom in the answer function' } });
    await expectAnswering();
  });

  it('WHEN Discord asks it to reconnect (op 7) while interactions keep coming THEN it resumes and answers all of them', async () => {
    const resumes = h.fake.gatewayCount('resume');
    const identifies = h.fake.gatewayCount('identify');
    h.fake.sendOp(7);
    const during = [send(h.fake.slashCommand('help')), send(h.fake.slashCommand('money'))];
    await h.fake.waitForGateway('resume', resumes + 1, 10_000);
    await Promise.all(during.map((i) => h.fake.waitForCallback(i.id, 10_000)));
    await expectAnswering();
    expect(h.fake.gatewayCount('identify')).toBe(identifies); // resumed, not a new session
    expect(h.logs().some((l) => l.event === 'gateway-resumed')).toBe(true);
  });

  it('WHEN the session is invalidated but resumable (op 9, d: true) THEN it resumes and answers again', async () => {
    const resumes = h.fake.gatewayCount('resume');
    h.fake.sendOp(9, true);
    await h.fake.waitForGateway('resume', resumes + 1, 10_000);
    await expectAnswering();
  });

  it('WHEN the socket drops and interactions are created during the outage THEN it resumes, gets them replayed and answers each once', async () => {
    const resumes = h.fake.gatewayCount('resume');
    h.fake.dropSocket();
    const during = [send(h.fake.slashCommand('help')), send(h.fake.slashCommand('timeline')), send(h.fake.autocomplete('money', 'topic', 'fi'))];
    await h.fake.waitForGateway('resume', resumes + 1, 10_000);
    const connect = h.fake.gatewayEvents.filter((e) => e.kind === 'connect').at(-1)!.detail as { url: string };
    expect(connect.url).toMatch(/^\/resume\?v=10&encoding=json/); // READY's resume_gateway_url
    await Promise.all(during.map((i) => h.fake.waitForCallback(i.id, 10_000)));
    await expectAnswering();
  });

  it('WHEN the gateway closes with 4000 (unknown error) THEN it resumes and answers again', async () => {
    const resumes = h.fake.gatewayCount('resume');
    h.fake.closeSocket(4000, 'Unknown error');
    await h.fake.waitForGateway('resume', resumes + 1, 10_000);
    await expectAnswering();
  });

  it('WHEN callbacks are rate limited 3 times in a row (429, retry-after 0.2 s) THEN each waits and is accepted once', async () => {
    h.fake.override({ method: 'POST', path: /\/callback$/ }, Faults.rateLimited(0.2), 3);
    const interaction = send(h.fake.slashCommand('help'));
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`) && r.status === 204, 10_000);
    const attempts = callbacksFor(h.fake, interaction.id);
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 429, 204]);
    for (let i = 1; i < attempts.length; i++) expect(attempts[i]!.at - attempts[i - 1]!.at).toBeGreaterThanOrEqual(180);
    await expectAnswering();
  });

  it('WHEN Discord answers with a global rate limit THEN the callback waits it out and is accepted once', async () => {
    h.fake.override({ method: 'POST', path: /\/callback$/ }, Faults.rateLimited(0.3, true));
    const interaction = send(h.fake.slashCommand('help'));
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`) && r.status === 204, 10_000);
    const attempts = callbacksFor(h.fake, interaction.id);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(280);
  });

  it('WHEN Discord answers 500 twice in a row THEN the callback is retried and accepted once', async () => {
    h.fake.override({ method: 'POST', path: /\/callback$/ }, Faults.serverError(), 2);
    const interaction = send(h.fake.slashCommand('help'));
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`) && r.status === 204, 10_000);
    expect(callbacksFor(h.fake, interaction.id).map((r) => r.status)).toEqual([500, 500, 204]);
    await expectAnswering();
  });

  it('WHEN the session is invalidated for good (op 9, d: false) THEN it identifies again and answers on the new session', async () => {
    const identifies = h.fake.gatewayCount('identify');
    h.fake.sendOp(9, false);
    // discord.js spaces identifies 5 s apart (Discord's max_concurrency 1).
    await h.fake.waitForGateway('identify', identifies + 1, 12_000);
    await expectAnswering();
  }, 20_000);

  it('THEN, over all of the above, every interaction was answered exactly once and the bot never crashed', async () => {
    await h.running.idle();
    expect(sent.length).toBeGreaterThanOrEqual(15);
    expectEachAnsweredOnce(h.fake, sent);
    expect(h.logs().filter((l) => l.event === 'interaction-failed')).toEqual([]);
  });
});
