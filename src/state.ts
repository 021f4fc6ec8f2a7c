/**
 * The bot's state, behind one interface (`BotState`) with two stores:
 *
 * - the file store (default, one instance): the timeline posts it pinned in `${DATA_DIR}/pinned-timelines.json`,
 *   the interaction ids it answered and the per-user cooldown in memory;
 * - PostgreSQL (`DATABASE_URL` set, `src/state-postgres.ts`): the same three things shared by every instance.
 *
 * File writes are atomic (a temp file in the same folder, fsync, rename, fsync of the folder): a crash mid-write
 * leaves either the old file or the new one, never half of either. Reads tolerate a missing file (no posts yet)
 * but refuse a malformed one, naming it, rather than starting with an empty list and later overwriting a
 * moderator's posts. Nothing coordinates two processes on one file: several instances need PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Cooldown, type CooldownGate } from './core/cooldown.js';
import type { Logger } from './log.js';

export const PINNED_TIMELINES_FILE = 'pinned-timelines.json';

const snowflake = z.string().regex(/^\d{1,20}$/, 'must be a Discord id');

export const PinnedPostSchema = z.object({
  channelId: snowflake,
  messageId: snowflake,
  /** null when the post was made outside a server (a DM or group DM). */
  guildId: snowflake.nullable(),
  /** The /timeline options the post was made with; re-rendered with them when the corpus changes. */
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Digest of the timeline as last posted or edited. */
  digest: z.string().min(1),
  /** The events as last posted (id and content hash), to say what changed in an edit. */
  entries: z.array(z.object({ id: z.string(), hash: z.string() })),
  pinnedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime().optional(),
});

export type PinnedPost = z.infer<typeof PinnedPostSchema>;

const PinnedFileSchema = z.object({ version: z.literal(1), posts: z.array(PinnedPostSchema) });

export class StateError extends Error {
  override name = 'StateError';
}

export const pinnedTimelinesPath = (dir: string): string => join(dir, PINNED_TIMELINES_FILE);

/** Reads the pinned posts in `dir`. A missing file (or folder) is no posts; a malformed file is a `StateError`. */
export async function readPinnedPosts(dir: string): Promise<PinnedPost[]> {
  const path = pinnedTimelinesPath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'EISDIR') throw new StateError(`state: ${path} is a folder, not a file; move it away (the bot writes this file itself)`);
    throw new StateError(`state: cannot read ${path} (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateError(`state: ${path} is not valid JSON (${(error as Error).message}); fix or move it away`);
  }
  const parsed = PinnedFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new StateError(`state: ${path} is not a pinned-timelines file:\n${problems.join('\n')}`);
  }
  return parsed.data.posts;
}

/** Replaces the pinned posts in `dir` atomically, creating the folder if needed. */
export async function writePinnedPosts(dir: string, posts: readonly PinnedPost[]): Promise<void> {
  const body = PinnedFileSchema.parse({ version: 1, posts });
  await mkdir(dir, { recursive: true });
  const path = pinnedTimelinesPath(dir);
  const temp = join(dir, `.${PINNED_TIMELINES_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(body, null, 2) + '\n', 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Not every platform can open a folder; there the rename is as good as it gets. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM on some platforms: nothing more can be done portably.
  } finally {
    await handle?.close();
  }
}

/** Where pinned posts are kept; both stores implement it. */
export interface PinStore {
  list(): Promise<PinnedPost[]>;
  /** Adds `post`, or replaces the post with the same channel and message id. */
  upsert(post: PinnedPost): Promise<void>;
  /** Forgets the post (its message was deleted). */
  remove(channelId: string, messageId: string): Promise<void>;
}

/**
 * The pinned posts of one data folder, for one process. Read-modify-write updates are serialised within this
 * process (two interactions pinning at once must not lose one of the posts).
 */
export class PinnedPostStore implements PinStore {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  list(): Promise<PinnedPost[]> {
    return this.#serialised(() => readPinnedPosts(this.dir));
  }

  upsert(post: PinnedPost): Promise<void> {
    return this.update((posts) => [
      ...posts.filter((p) => !(p.messageId === post.messageId && p.channelId === post.channelId)),
      post,
    ]);
  }

  remove(channelId: string, messageId: string): Promise<void> {
    return this.update((posts) => posts.filter((p) => !(p.messageId === messageId && p.channelId === channelId)));
  }

  update(change: (posts: PinnedPost[]) => PinnedPost[]): Promise<void> {
    return this.#serialised(async () => {
      const posts = await readPinnedPosts(this.dir);
      await writePinnedPosts(this.dir, change(posts));
    });
  }

  #serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Everything the transports keep between interactions. */
export interface BotState {
  /** `file` (one instance) or `postgres` (shared by every instance on the database). */
  readonly kind: 'file' | 'postgres';
  readonly pins: PinStore;
  /** The per-user cooldown; undefined when `COOLDOWN_LIMIT` is 0. */
  readonly cooldown: CooldownGate | undefined;
  /**
   * Records that `interactionId` is being answered. True the first time; false for a replay of a signed request
   * or a gateway dispatch delivered again, wherever the first copy was answered.
   */
  claimInteraction(interactionId: string): Promise<boolean>;
  /**
   * Runs `task` unless another instance on the same state is running the task of that name right now (then
   * resolves undefined at once): refreshing pinned timelines when several instances start together.
   */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T | undefined>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/**
 * Interaction ids seen by this process, kept longer than a signed request stays valid (5 minutes) and Discord's
 * interaction token lives (15), so a replay inside either is recognised. Bounded: past `max` ids the oldest go.
 */
export class SeenInteractions {
  readonly #seen = new Map<string, number>();

  constructor(
    readonly keepMs = 20 * 60_000,
    readonly max = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time `id` is seen within `keepMs`. */
  claim(id: string): boolean {
    const now = this.now();
    for (const [old, at] of this.#seen) {
      if (at > now - this.keepMs && this.#seen.size < this.max) break;
      this.#seen.delete(old);
    }
    if (this.#seen.has(id)) return false;
    this.#seen.set(id, now);
    return true;
  }
}

export interface StateConfig {
  DATA_DIR: string;
  DATABASE_URL?: string | undefined;
  COOLDOWN_LIMIT: number;
  COOLDOWN_WINDOW_SECONDS: number;
}

/** The file store: pinned posts in `dir`, answered ids and cooldown in this process's memory. */
export function fileState(config: Pick<StateConfig, 'DATA_DIR' | 'COOLDOWN_LIMIT' | 'COOLDOWN_WINDOW_SECONDS'>): BotState {
  const seen = new SeenInteractions();
  return {
    kind: 'file',
    pins: new PinnedPostStore(config.DATA_DIR),
    cooldown: config.COOLDOWN_LIMIT === 0 ? undefined : new Cooldown({ limit: config.COOLDOWN_LIMIT, windowMs: config.COOLDOWN_WINDOW_SECONDS * 1000 }),
    claimInteraction: async (id) => seen.claim(id),
    // One instance by definition: nobody to exclude.
    exclusive: (_name, task) => task(),
    close: async () => undefined,
  };
}

/**
 * The state the configuration asks for, ready to use: PostgreSQL when `DATABASE_URL` is set (connected, schema
 * created or migrated; a database that cannot be reached is a `StateError` naming DATABASE_URL without its
 * password), else the file store (its file read once, so a malformed one stops start-up here).
 */
export async function openState(config: StateConfig, logger: Logger): Promise<BotState> {
  let state: BotState;
  if (config.DATABASE_URL) {
    // Imported only here: a single instance on the file store never loads the PostgreSQL client.
    const { openPostgresState } = await import('./state-postgres.js');
    state = await openPostgresState({ ...config, DATABASE_URL: config.DATABASE_URL }, logger);
  } else {
    state = fileState(config);
  }
  try {
    await state.pins.list();
  } catch (error) {
    await state.close();
    throw error;
  }
  return state;
}
