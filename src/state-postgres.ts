/**
 * The PostgreSQL store (`DATABASE_URL` set): the state every instance and shard shares.
 *
 * - pinned posts, one row each, keyed by channel and message: two instances recording a pin at the same moment
 *   write two rows, so neither is lost (the file store would need a lock for that);
 * - answered interaction ids: `INSERT ... ON CONFLICT DO NOTHING` lets exactly one instance claim an id, so a
 *   replayed signed request or a dispatch delivered again is answered once across all instances;
 * - the per-user cooldown: rate-limiter-flexible's PostgreSQL store, with an in-memory limiter as its insurance
 *   while the database is briefly unreachable (each instance then counts on its own until it is back).
 *
 * The schema is created and migrated at start-up, under an advisory lock so instances starting together take
 * turns. While the database is down, answers go on (ids are deduplicated in memory, the cooldown falls back to
 * memory) and a pin record is retried until the database is back or `PIN_RETRY_MS` has passed; only then is the
 * moderator told it was not recorded.
 */
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { CooldownGate, CooldownVerdict } from './core/cooldown.js';
import type { Logger } from './log.js';
import { PinnedPostSchema, SeenInteractions, StateError, type BotState, type PinStore, type PinnedPost, type StateConfig } from './state.js';

/** Each entry moves the schema from the previous version to its own; never edit one that has shipped. */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE pinned_timelines (
        channel_id text NOT NULL,
        message_id text NOT NULL,
        guild_id text,
        options jsonb NOT NULL,
        digest text NOT NULL,
        entries jsonb NOT NULL,
        pinned_at timestamptz NOT NULL,
        updated_at timestamptz,
        PRIMARY KEY (channel_id, message_id)
      );
      CREATE TABLE answered_interactions (
        id text PRIMARY KEY,
        answered_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX answered_interactions_answered_at ON answered_interactions (answered_at);
      -- The layout rate-limiter-flexible's PostgreSQL store expects.
      CREATE TABLE cooldown_points (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      );`,
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** DATABASE_URL with its password replaced, for messages; unparsable URLs are not shown at all. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a valid URL)';
  }
}

/** Removes DATABASE_URL's password (raw and percent-decoded) from any text that might echo it. */
function withoutPassword(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  if (!password) return text;
  let out = text.split(password).join('***');
  try {
    const decoded = decodeURIComponent(password);
    if (decoded) out = out.split(decoded).join('***');
  } catch {
    // A malformed escape cannot appear decoded anywhere.
  }
  return out;
}

/** Errors that mean "the database is not reachable right now", worth retrying, as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P0[1-3])/.test(code)) return true; // connection exception, admin/crash shutdown, cannot connect now
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PostgresStateOptions {
  /** How long a pin record is retried while the database is unreachable. Default 30 s (the answer is already posted). */
  pinRetryMs?: number;
  /** Per-query time limit, so a hung database cannot hold an answer past Discord's 3 s. Default 2 s. */
  queryTimeoutMs?: number;
}

/** Runs the migrations the database lacks; refuses a database migrated by a newer bot. */
export async function migrate(pool: pg.Pool): Promise<{ from: number; to: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One instance migrates at a time; the others wait here, then find nothing left to do.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('bot-state schema'))");
    await client.query('CREATE TABLE IF NOT EXISTS bot_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM bot_schema_migrations');
    const from = rows[0]?.version ?? 0;
    if (from > SCHEMA_VERSION) {
      throw new StateError(`state: the database's schema is version ${from}, newer than this bot's ${SCHEMA_VERSION}; run the newer bot, or a database of its own`);
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO bot_schema_migrations (version) VALUES ($1)', [migration.version]);
    }
    await client.query('COMMIT');
    return { from, to: SCHEMA_VERSION };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface PinRow {
  channel_id: string;
  message_id: string;
  guild_id: string | null;
  options: unknown;
  digest: string;
  entries: unknown;
  pinned_at: Date;
  updated_at: Date | null;
}

class PostgresPins implements PinStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly retryMs: number,
    private readonly logger: Logger,
  ) {}

  async list(): Promise<PinnedPost[]> {
    const { rows } = await this.pool.query<PinRow>('SELECT * FROM pinned_timelines ORDER BY pinned_at, message_id');
    return rows.map((row) =>
      PinnedPostSchema.parse({
        channelId: row.channel_id,
        messageId: row.message_id,
        guildId: row.guild_id,
        options: row.options,
        digest: row.digest,
        entries: row.entries,
        pinnedAt: row.pinned_at.toISOString(),
        ...(row.updated_at ? { updatedAt: row.updated_at.toISOString() } : {}),
      }),
    );
  }

  upsert(post: PinnedPost): Promise<void> {
    const p = PinnedPostSchema.parse(post);
    return this.#retrying('upsert', async () => {
      await this.pool.query(
        `INSERT INTO pinned_timelines (channel_id, message_id, guild_id, options, digest, entries, pinned_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (channel_id, message_id) DO UPDATE SET
           guild_id = EXCLUDED.guild_id, options = EXCLUDED.options, digest = EXCLUDED.digest,
           entries = EXCLUDED.entries, updated_at = EXCLUDED.updated_at`,
        [p.channelId, p.messageId, p.guildId, JSON.stringify(p.options), p.digest, JSON.stringify(p.entries), p.pinnedAt, p.updatedAt ?? null],
      );
    });
  }

  remove(channelId: string, messageId: string): Promise<void> {
    return this.#retrying('remove', async () => {
      await this.pool.query('DELETE FROM pinned_timelines WHERE channel_id = $1 AND message_id = $2', [channelId, messageId]);
    });
  }

  /** A write is retried while the database is unreachable (a restart), so a pin made meanwhile is not lost. */
  async #retrying(what: string, write: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + this.retryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        if (attempt > 1) this.logger.info('state-write-recovered', { what, attempts: attempt });
        return;
      } catch (error) {
        if (!isConnectionError(error) || Date.now() >= deadline) throw error;
        if (attempt === 1) this.logger.warn('state-write-retrying', { what, error: { message: (error as Error).message, code: (error as { code?: unknown }).code } });
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
      }
    }
  }
}

/** The cooldown shared through the database; the in-memory insurance answers while it is unreachable. */
class SharedCooldown implements CooldownGate {
  readonly #limiter: RateLimiterPostgres;

  constructor(
    pool: pg.Pool,
    readonly limit: number,
    windowSeconds: number,
    private readonly logger: Logger,
  ) {
    this.#limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'cooldown_points',
      tableCreated: true, // by the migration, not by the library
      keyPrefix: 'cooldown',
      points: limit,
      duration: windowSeconds,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'cooldown', points: limit, duration: windowSeconds }),
    });
  }

  async take(userId: string): Promise<CooldownVerdict> {
    try {
      await this.#limiter.consume(userId);
      return { ok: true };
    } catch (result) {
      if (result instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
      // Both stores failed (should not happen: the insurance is memory). Answering beats refusing everyone.
      this.logger.warn('cooldown-unavailable', { error: { message: (result as Error)?.message } });
      return { ok: true };
    }
  }
}

/** How long answered ids are kept: longer than a signed request (5 min) or an interaction token (15 min) lives. */
const ANSWERED_KEEP = '1 hour';
const PRUNE_EVERY_MS = 5 * 60_000;

/** Connects, migrates and returns the PostgreSQL state; a `StateError` naming DATABASE_URL if it cannot. */
export async function openPostgresState(
  config: StateConfig & { DATABASE_URL: string },
  logger: Logger,
  options: PostgresStateOptions = {},
): Promise<BotState> {
  const url = config.DATABASE_URL;
  const queryTimeout = options.queryTimeoutMs ?? 2000;
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: queryTimeout,
    query_timeout: queryTimeout,
    idleTimeoutMillis: 30_000,
    application_name: 'case-bot',
  });
  // An idle connection dropped by a database restart is reported here; without a listener it would crash the process.
  pool.on('error', (error) => logger.warn('database-connection-lost', { error: { message: withoutPassword(error.message, url), code: (error as { code?: unknown }).code } }));

  let migrated;
  try {
    migrated = await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StateError) throw error;
    const reason = withoutPassword((error as Error)?.message ?? String(error), url);
    throw new StateError(`state: cannot use the PostgreSQL database in DATABASE_URL (${describeDatabaseUrl(url)}): ${reason}`);
  }
  logger.info('state-ready', { store: 'postgres', database: describeDatabaseUrl(url), schema: migrated.to, migratedFrom: migrated.from });

  const localSeen = new SeenInteractions();
  let lastPrune = Date.now();
  const prune = () => {
    lastPrune = Date.now();
    pool.query(`DELETE FROM answered_interactions WHERE answered_at < now() - interval '${ANSWERED_KEEP}'`).catch(() => undefined);
  };

  return {
    kind: 'postgres',
    pins: new PostgresPins(pool, options.pinRetryMs ?? 30_000, logger),
    cooldown: config.COOLDOWN_LIMIT === 0 ? undefined : new SharedCooldown(pool, config.COOLDOWN_LIMIT, config.COOLDOWN_WINDOW_SECONDS, logger),
    async claimInteraction(id) {
      // Remembered here too, so a replay to this instance is caught while the database is down; a copy this
      // instance has already seen never reaches the database (where it could win the insert from the original).
      if (!localSeen.claim(id)) return false;
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) prune();
      try {
        const { rowCount } = await pool.query('INSERT INTO answered_interactions (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [id]);
        return rowCount === 1;
      } catch (error) {
        logger.warn('interaction-claim-unavailable', { id, error: { message: withoutPassword((error as Error).message, url), code: (error as { code?: unknown }).code } });
        return true;
      }
    },
    async exclusive(name, task) {
      // A session lock on one connection, held for the task: another instance's try fails at once.
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`bot-state ${name}`]);
        if (!rows[0]?.locked) {
          logger.info('state-exclusive-skipped', { task: name, reason: 'another instance is running it' });
          return undefined;
        }
        try {
          return await task();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`bot-state ${name}`]).catch(() => undefined);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}
