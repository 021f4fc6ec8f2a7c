/**
 * Two `npm run serve` processes (`node dist/src/serve.js`) on one PostgreSQL database, as behind a load
 * balancer, with Discord played by the test: it signs each interaction, posts it to one instance or the other,
 * and hands the instance's HTTP answer to the fake Discord as the callback. Checked: a user's cooldown holds
 * across both, a request replayed to the other instance is not run twice, two pins recorded at the same moment
 * both survive, and killing the database mid-burst loses no pin record and crashes nothing. Prints the figures
 * (`[two instances]`, `[db restart]`). Skipped, with a one-line notice, where PostgreSQL is not installed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, Permission, MEMBER_PERMISSIONS, type InteractionPayload } from '../support/fake-discord.js';
import { dist, killChildren, logLines, requireBuilt, ROOT, runNode, within, type Child } from '../support/processes.js';
import { PG_PASSWORD, postgresBinDir, startPostgres, type PostgresServer } from '../support/postgres.js';
import { makeSigningKeys, postSignedRequest, signRequest, type SignedRequest } from '../support/signed-requests.js';

const SERVE = dist('src', 'serve.js');
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.GBBBBB.test-token-two-instances';
const MODERATOR = MEMBER_PERMISSIONS | Permission.PinMessages;
const keys = makeSigningKeys();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Instance {
  proc: Child;
  url: string;
}

async function startInstance(fake: FakeDiscord, databaseUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const proc = runNode(
    [SERVE],
    {
      DISCORD_PUBLIC_KEY: keys.publicHex,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      COOLDOWN_LIMIT: '3',
      COOLDOWN_WINDOW_SECONDS: '30',
      ...env,
    },
    ROOT,
  );
  await proc.waitForOutput((out) => out.includes('"serve-started"'), 15_000, 'serve-started');
  const started = logLines(proc.stderr()).find((l) => l.event === 'serve-started')!;
  return { proc, url: `http://127.0.0.1:${started.port as number}/interactions` };
}

/** Plays Discord: posts the signed request to one instance, and gives the fake its answer as the callback. */
async function viaDiscord(fake: FakeDiscord, instance: Instance, interaction: InteractionPayload, signed = signRequest(keys, interaction)) {
  fake.registerInteraction(interaction);
  const started = performance.now();
  const res = await postSignedRequest(instance.url, signed);
  const ms = performance.now() - started;
  if (res.status === 200) {
    const callback = await fake.callback(interaction, JSON.stringify(res.json));
    expect(callback.status, `Discord would refuse this answer: ${await callback.clone().text()}`).toBeLessThan(300);
  }
  return { ...res, ms };
}

async function pinRows(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ message_id: string }>('SELECT message_id FROM pinned_timelines ORDER BY message_id');
    return rows.map((r) => r.message_id);
  } finally {
    await client.end();
  }
}

/** Waits until every instance has logged its `interaction` line for each id (deferred pins finish after the HTTP answer). */
async function settled(instances: Instance[], ids: string[], timeoutMs = 20_000): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = instances.flatMap((i) => logLines(i.proc.stderr())).filter((l) => l.event === 'interaction' && ids.includes(l.id as string));
    if (lines.length >= ids.length) return lines;
    if (Date.now() > deadline) throw new Error(`only ${lines.length} of ${ids.length} interactions logged`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!postgresBinDir())('GIVEN two `npm run serve` instances on one PostgreSQL database', () => {
  let server: PostgresServer;
  let fake: FakeDiscord;
  let databaseUrl: string;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    requireBuilt(SERVE, 'src/serve.ts');
    server = await startPostgres();
    databaseUrl = await server.createDatabase('two_instances');
    fake = await FakeDiscord.start({ token: TOKEN });
    [a, b] = await Promise.all([startInstance(fake, databaseUrl), startInstance(fake, databaseUrl)]);
  }, 60_000);

  afterAll(async () => {
    killChildren();
    await fake?.close();
    server?.close();
  });

  it('THEN both started on the PostgreSQL store and neither printed the database password', () => {
    for (const instance of [a, b]) {
      expect(logLines(instance.proc.stderr()).find((l) => l.event === 'serve-started')).toMatchObject({ state: 'postgres' });
      expect(instance.proc.stderr() + instance.proc.stdout()).not.toContain(PG_PASSWORD);
    }
  });

  it('WHEN one user sends 4 commands alternating between the instances (limit 3 per 30 s) THEN the 4th is refused, by whichever instance gets it', async () => {
    const user = '300000000000000101';
    const answers = [];
    for (const [n, instance] of [a, b, a, b].entries()) {
      const interaction = { ...fake.slashCommand(n % 2 ? 'help' : 'sources'), member: fake.member(undefined, user) };
      answers.push(await viaDiscord(fake, instance, interaction));
    }
    const contents = answers.map((r) => (r.json as { data?: { content?: string; flags?: number } }).data);
    expect(contents.slice(0, 3).map((d) => /going a bit fast/.test(d?.content ?? ''))).toEqual([false, false, false]);
    expect(contents[3]).toMatchObject({ content: expect.stringMatching(/^You're going a bit fast: try again in \d+ s\.$/), flags: 64 });
    expect(logLines(b.proc.stderr()).filter((l) => l.event === 'interaction-throttled')).toHaveLength(1);
  });

  it('WHEN a signed pin request is replayed, byte for byte, to the other instance THEN it is pinned and recorded once, and the replay is refused', async () => {
    const interaction = fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR });
    const signed: SignedRequest = signRequest(keys, interaction);
    const first = await viaDiscord(fake, a, interaction, signed);
    const replay = await postSignedRequest(b.url, signed);
    const again = await postSignedRequest(a.url, signed);
    expect(first.status).toBe(200);
    expect([replay.status, again.status]).toEqual([409, 409]);
    await settled([a], [interaction.id]);
    const original = fake.interactions.get(interaction.token)!.originalMessageId!;
    expect(fake.requestsTo({ method: 'PUT', path: `/channels/${fake.channelId}/messages/pins/${original}` })).toHaveLength(1);
    expect((await pinRows(databaseUrl)).filter((id) => id === original)).toHaveLength(1);
    expect(logLines(b.proc.stderr()).filter((l) => l.event === 'http-rejected' && l.reason === 'interaction already answered')).toHaveLength(1);
  });

  it('WHEN two moderators pin at the same moment, one through each instance THEN both pins are recorded', async () => {
    const pins = [a, b].map((instance, n) => ({
      instance,
      interaction: { ...fake.slashCommand('timeline', { pin: true, from: '2015' }), member: fake.member(MODERATOR, `30000000000000020${n}`) },
    }));
    const before = await pinRows(databaseUrl);
    await Promise.all(pins.map(({ instance, interaction }) => viaDiscord(fake, instance, interaction)));
    await settled([a, b], pins.map((p) => p.interaction.id));
    const originals = pins.map((p) => fake.interactions.get(p.interaction.token)!.originalMessageId!);
    const after = await pinRows(databaseUrl);
    expect(after.filter((id) => !before.includes(id)).sort()).toEqual([...originals].sort());
  });

  it('WHEN 600 commands from 600 users burst through both instances, 40 at a time THEN each is answered, and the rate and p99 are reported', async () => {
    const jobs = Array.from({ length: 600 }, (_, n) => ({
      instance: n % 2 ? b : a,
      interaction: { ...fake.slashCommand(['help', 'sources', 'money', 'claim'][n % 4]!), member: fake.member(undefined, String(310000000000000000n + BigInt(n))) },
    }));
    const results: { status: number; json: unknown; ms: number }[] = [];
    let next = 0;
    const started = performance.now();
    // 40 requests in flight at any time, as a load balancer in front of two instances would see a busy moment.
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        while (next < jobs.length) {
          const { instance, interaction } = jobs[next++]!;
          results.push(await viaDiscord(fake, instance, interaction));
        }
      }),
    );
    const wallMs = performance.now() - started;
    expect(results.map((r) => r.status)).toEqual(jobs.map(() => 200));
    expect(results.filter((r) => /going a bit fast/.test(JSON.stringify(r.json)))).toEqual([]);
    const latencies = results.map((r) => r.ms).sort((x, y) => x - y);
    const figure = { requests: jobs.length, inFlight: 40, instances: 2, requestsPerSecond: Math.round(jobs.length / (wallMs / 1000)), p50Ms: Math.round(percentile(latencies, 50)), p99Ms: Math.round(percentile(latencies, 99)) };
    console.log(`[two instances] ${JSON.stringify(figure)}`);
    expect(figure.p99Ms).toBeLessThan(3000);
  }, 30_000);

  it('WHEN the database is killed mid-burst and restarted THEN every request is answered, every pin is recorded, and both instances still run', async () => {
    const commands = Array.from({ length: 240 }, (_, n) => ({
      instance: n % 2 ? b : a,
      interaction:
        n % 40 === 5
          ? { ...fake.slashCommand('timeline', { pin: true, to: '2019' }), member: fake.member(MODERATOR, String(330000000000000000n + BigInt(n))) }
          : { ...fake.slashCommand(['help', 'sources', 'money'][n % 3]!), member: fake.member(undefined, String(320000000000000000n + BigInt(n))) },
    }));
    const pins = commands.filter((c) => (c.interaction.data as { name: string; options?: unknown[] }).name === 'timeline').map((c) => c.interaction);
    const before = await pinRows(databaseUrl);
    const started = performance.now();
    const results: { status: number; ms: number }[] = [];
    let killedAt = 0;
    let restartedAt = 0;
    for (let n = 0; n < commands.length; n++) {
      if (n === 60) {
        server.stop('immediate');
        killedAt = performance.now() - started;
      }
      if (n === 180) {
        server.start();
        restartedAt = performance.now() - started;
      }
      const { instance, interaction } = commands[n]!;
      results.push(await viaDiscord(fake, instance, interaction));
    }
    const wallMs = performance.now() - started;
    expect(results.map((r) => r.status)).toEqual(commands.map(() => 200));
    const lines = await settled([a, b], pins.map((p) => p.id), 40_000);
    expect(lines.map((l) => l.outcome)).toEqual(pins.map(() => 'deferred: edited; pinned'));
    const originals = pins.map((p) => fake.interactions.get(p.token)!.originalMessageId!);
    const after = await pinRows(databaseUrl);
    expect(after.filter((id) => !before.includes(id)).sort()).toEqual([...originals].sort());
    for (const instance of [a, b]) {
      expect(instance.proc.child.exitCode).toBeNull();
      expect(instance.proc.stderr()).not.toMatch(/Unhandled|uncaught|    at /);
      expect(instance.proc.stderr()).not.toContain(PG_PASSWORD);
    }
    const latencies = results.map((r) => r.ms).sort((x, y) => x - y);
    const stderr = a.proc.stderr() + b.proc.stderr();
    console.log(
      `[db restart] ${JSON.stringify({
        requests: commands.length,
        pins: pins.length,
        pinsRecorded: after.length - before.length,
        downMs: Math.round(restartedAt - killedAt),
        requestsPerSecond: Math.round(commands.length / (wallMs / 1000)),
        p99Ms: Math.round(percentile(latencies, 99)),
        claimsFromMemory: logLines(stderr).filter((l) => l.event === 'interaction-claim-unavailable').length,
        pinWritesRetried: logLines(stderr).filter((l) => l.event === 'state-write-retrying').length,
      })}`,
    );
    // After the restart the shared state is back: a replay to the other instance is refused again.
    const interaction = fake.slashCommand('help');
    const signed = signRequest(keys, interaction);
    await within(viaDiscord(fake, a, interaction, signed), 5000, 'answer after restart');
    expect((await postSignedRequest(b.url, signed)).status).toBe(409);
  }, 90_000);

  it('WHEN an instance starts with DATABASE_URL pointing where nothing answers THEN it exits 1 naming DATABASE_URL, never its password, without listening', async () => {
    const proc = runNode([SERVE], { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: fake.apiUrl, DATABASE_URL: `postgres://bot:${PG_PASSWORD}@127.0.0.1:1/bot`, PORT: '0' }, ROOT);
    const exit = await within(proc.exited, 15_000, 'exit');
    expect(exit.code).toBe(1);
    expect(proc.stderr()).toMatch(/cannot use the PostgreSQL database in DATABASE_URL \(postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/bot\)/);
    expect(proc.stderr() + proc.stdout()).not.toContain(PG_PASSWORD);
    expect(proc.stderr()).not.toContain('serve-started');
  });
});
