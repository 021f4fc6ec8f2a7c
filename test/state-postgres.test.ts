/**
 * The PostgreSQL store against a real server (test/support/postgres.ts): several "instances" (one BotState
 * each, as each `npm run serve` process opens) on one database. Skipped, with a one-line notice, where the
 * server is not installed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cooldown } from '../src/core/cooldown.js';
import { createLogger } from '../src/log.js';
import { openState, StateError, type BotState, type PinnedPost } from '../src/state.js';
import { openPostgresState, SCHEMA_VERSION } from '../src/state-postgres.js';
import { PG_PASSWORD, postgresBinDir, startPostgres, type PostgresServer } from './support/postgres.js';

const lines: string[] = [];
const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
const config = (url: string, limit = 2) => ({ DATA_DIR: '/nonexistent-unused', DATABASE_URL: url, COOLDOWN_LIMIT: limit, COOLDOWN_WINDOW_SECONDS: 10 });

const post = (n: number): PinnedPost => ({
  channelId: '1500000000000000001',
  messageId: String(1600000000000000000n + BigInt(n)),
  guildId: n % 3 ? '1300000000000000001' : null,
  options: { from: '2015', pin: true },
  digest: 'd'.repeat(64),
  entries: [{ id: `event.${n}`, hash: 'h' }],
  pinnedAt: new Date(Date.UTC(2024, 5, 1, 0, 0, n)).toISOString(),
});

describe.skipIf(!postgresBinDir())('GIVEN a PostgreSQL server and DATABASE_URL', () => {
  let server: PostgresServer;
  const opened: BotState[] = [];
  const open = async (url: string, limit?: number) => {
    const state = await openState(config(url, limit), logger);
    opened.push(state);
    return state;
  };
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    server?.close();
  });

  it('WHEN three instances start at once on an empty database THEN each starts, the schema is created once, at the current version', async () => {
    const url = await server.createDatabase('fresh');
    const states = await Promise.all([open(url), open(url), open(url)]);
    expect(states.map((s) => s.kind)).toEqual(['postgres', 'postgres', 'postgres']);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM bot_schema_migrations');
    const tables = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    await client.end();
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
    expect(tables.rows.map((r) => r.tablename)).toEqual(['answered_interactions', 'bot_schema_migrations', 'cooldown_points', 'pinned_timelines']);
    const ready = lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'state-ready');
    // One migrated from 0; the others waited on the lock and found nothing to do.
    expect(ready.map((l) => l.migratedFrom).sort()).toEqual([0, 1, 1]);
    expect(lines.join('\n')).not.toContain(PG_PASSWORD);
  });

  it('WHEN the database was migrated by a newer bot THEN start-up stops, saying so', async () => {
    const url = await server.createDatabase('newer');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE bot_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await client.query('INSERT INTO bot_schema_migrations (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
    await client.end();
    await expect(open(url)).rejects.toThrow(new RegExp(`schema is version ${SCHEMA_VERSION + 1}, newer than this bot's ${SCHEMA_VERSION}`));
  });

  it('WHEN two instances record 40 pins at the same moment THEN all 40 survive, read back as they were written', async () => {
    const url = await server.createDatabase('pins');
    const [a, b] = await Promise.all([open(url), open(url)]);
    await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? a! : b!).pins.upsert(post(n))));
    const listed = await a!.pins.list();
    expect(listed).toEqual(Array.from({ length: 40 }, (_, n) => post(n)));
    await b!.pins.upsert({ ...post(3), digest: 'e'.repeat(64), updatedAt: '2024-07-01T00:00:00.000Z' });
    await a!.pins.remove(post(4).channelId, post(4).messageId);
    const after = await b!.pins.list();
    expect(after).toHaveLength(39);
    expect(after.find((p) => p.messageId === post(3).messageId)).toMatchObject({ digest: 'e'.repeat(64), updatedAt: '2024-07-01T00:00:00.000Z' });
  });

  it('WHEN the same interaction id reaches two instances at once, 10 times over THEN exactly one claims each', async () => {
    const url = await server.createDatabase('claims');
    const [a, b] = await Promise.all([open(url), open(url)]);
    for (let n = 0; n < 10; n++) {
      const id = String(1700000000000000000n + BigInt(n));
      const claims = await Promise.all([a!.claimInteraction(id), b!.claimInteraction(id), a!.claimInteraction(id)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    }
    expect(await b!.claimInteraction('1799999999999999999')).toBe(true);
  });

  it('WHEN two instances start the same exclusive task together (refreshing pinned timelines) THEN only one runs it; later it runs again', async () => {
    const url = await server.createDatabase('exclusive');
    const [a, b] = await Promise.all([open(url), open(url)]);
    const ran: string[] = [];
    const task = (who: string) => async () => {
      ran.push(who);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return who;
    };
    const first = a!.exclusive('refresh pinned timelines', task('a'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await b!.exclusive('refresh pinned timelines', task('b'))).toBeUndefined();
    expect(await b!.exclusive('another task', task('b2'))).toBe('b2');
    expect(await first).toBe('a');
    expect(await b!.exclusive('refresh pinned timelines', task('b3'))).toBe('b3');
    expect(ran).toEqual(['a', 'b2', 'b3']);
  });

  it('WHEN one user runs commands through two instances with a cooldown of 2 per 10 s THEN the third is refused wherever it lands', async () => {
    const url = await server.createDatabase('cooldown');
    const [a, b] = await Promise.all([open(url), open(url)]);
    expect(await a!.cooldown!.take('user-1')).toEqual({ ok: true });
    expect(await b!.cooldown!.take('user-1')).toEqual({ ok: true });
    const third = await a!.cooldown!.take('user-1');
    expect(third.ok).toBe(false);
    expect(third.ok === false && third.retryAfterSeconds).toBeGreaterThanOrEqual(9);
    expect(await b!.cooldown!.take('user-2')).toEqual({ ok: true });
  });

  it('WHEN 500 cooldown decisions are taken one after another THEN the added latency of the shared cooldown over the in-process one is reported', async () => {
    const url = await server.createDatabase('cooldown_latency');
    const shared = (await open(url, 1000)).cooldown!;
    const local = new Cooldown({ limit: 1000, windowMs: 10_000 });
    const time = async (take: (user: string) => unknown) => {
      const ms: number[] = [];
      for (let n = 0; n < 500; n++) {
        const started = performance.now();
        await take(`user-${n % 50}`);
        ms.push(performance.now() - started);
      }
      ms.sort((x, y) => x - y);
      return { p50: ms[249]!, p99: ms[494]! };
    };
    const sharedMs = await time((user) => shared.take(user));
    const localMs = await time((user) => local.take(user));
    const round = (n: number) => Math.round(n * 100) / 100;
    console.log(`[shared cooldown] ${JSON.stringify({ decisions: 500, sharedP50Ms: round(sharedMs.p50), sharedP99Ms: round(sharedMs.p99), inProcessP50Ms: round(localMs.p50), inProcessP99Ms: round(localMs.p99) })}`);
    // Every decision went to the database: the limiter's table counted them all.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ total: string }>('SELECT sum(points) AS total FROM cooldown_points');
    await client.end();
    expect(Number(rows[0]!.total)).toBe(500);
    expect(sharedMs.p99).toBeLessThan(500);
  });

  it('WHEN the database is killed and restarted THEN claims and the cooldown go on from memory, and a pin recorded meanwhile is written once it is back', async () => {
    const url = await server.createDatabase('restart');
    const state = await open(url, 1);
    await state.claimInteraction('1800000000000000001');
    server.stop('immediate');
    let pinned: Promise<void> | undefined;
    try {
      // Down: a replay to this instance is still recognised; a new id is answered; the cooldown still counts.
      expect(await state.claimInteraction('1800000000000000001')).toBe(false);
      expect(await state.claimInteraction('1800000000000000002')).toBe(true);
      expect(await state.cooldown!.take('user-9')).toEqual({ ok: true });
      expect((await state.cooldown!.take('user-9')).ok).toBe(false);
      pinned = state.pins.upsert(post(7));
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      server.start();
    }
    await pinned;
    expect((await state.pins.list()).map((p) => p.messageId)).toEqual([post(7).messageId]);
    const events = lines.map((l) => JSON.parse(l).event);
    expect(events).toContain('state-write-retrying');
    expect(events).toContain('state-write-recovered');
  }, 30_000);

  it('WHEN DATABASE_URL points where no database answers THEN start-up stops with a message naming DATABASE_URL, without the password', async () => {
    const url = `postgres://bot:${PG_PASSWORD}@127.0.0.1:1/bot`;
    const error = await openPostgresState(config(url), logger).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toMatch(/^state: cannot use the PostgreSQL database in DATABASE_URL \(postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/bot\): .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain(PG_PASSWORD);
  });

  it('WHEN the password is wrong THEN the message says so, and shows neither password', async () => {
    const wrong = 'wrong-password-7d1c0b2a';
    const url = server.url('postgres').replace(PG_PASSWORD, wrong);
    const message = await openPostgresState(config(url), logger).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).toMatch(/DATABASE_URL .*password authentication failed/);
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(PG_PASSWORD);
  });
});

describe('GIVEN a machine without PostgreSQL', () => {
  it('THEN the PostgreSQL tests are skipped with one line saying how to install it', async () => {
    const { skipNotice } = await import('./support/postgres-notice.js');
    expect(postgresBinDir('/nonexistent-postgresql', '/nonexistent-bin')).toBeUndefined();
    expect(skipNotice(undefined)).toBe('PostgreSQL tests skipped: no PostgreSQL server installed here; to run them: apt-get install -y postgresql (Debian/Ubuntu; .ci/run installs it)\n');
    expect(skipNotice('/usr/lib/postgresql/15/bin')).toBeUndefined();
  });
});
