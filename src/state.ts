/**
 * The bot's only state: the timeline posts it pinned, so it can edit them when the corpus changes.
 *
 * One JSON file, `${DATA_DIR}/pinned-timelines.json`, shared by every transport. Writes are atomic (a temp
 * file in the same folder, fsync, rename, fsync of the folder): a crash mid-write leaves either the old file
 * or the new one, never half of either. Reads tolerate a missing file (no posts yet) but refuse a malformed
 * one, naming it, rather than starting with an empty list and later overwriting a moderator's posts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

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
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
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

/** How long a lock may be held before another writer treats it as left behind by a crashed process. */
const STALE_LOCK_MS = 10_000;
/** How long a writer waits for the lock before giving up with an error (longer than a lock can go stale). */
const LOCK_WAIT_MS = 15_000;

/** A lock left by a process of this host that no longer runs (killed mid-update) can be taken over at once. */
async function lockIsOrphaned(lock: string): Promise<boolean> {
  const [host, pid] = (await readFile(lock, 'utf8').catch(() => '')).split(' ');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `task` holding `${dir}/pinned-timelines.json.lock`, created exclusively, so that several instances
 * sharing one data folder (HTTP endpoints behind a load balancer) never interleave a read-modify-write.
 * A lock older than STALE_LOCK_MS belongs to a process that died mid-update and is taken over.
 */
async function withFileLock<T>(dir: string, task: () => Promise<T>): Promise<T> {
  const lock = `${pinnedTimelinesPath(dir)}.lock`;
  await mkdir(dir, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(`${hostname()} ${process.pid} ${new Date().toISOString()}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS || (await lockIsOrphaned(lock))) await unlink(lock).catch(() => undefined);
      else if (Date.now() > deadline) throw new StateError(`state: ${lock} is held by another process; try again`);
      else await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
    }
  }
  try {
    return await task();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/**
 * The pinned posts of one data folder. Read-modify-write updates are serialised within this process (two
 * interactions pinning at once must not lose one of the posts) and across processes by a lock file.
 */
export class PinnedPostStore {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  list(): Promise<PinnedPost[]> {
    return this.#serialised(() => readPinnedPosts(this.dir));
  }

  /** Adds `post`, or replaces the post with the same channel and message id. */
  upsert(post: PinnedPost): Promise<void> {
    return this.update((posts) => [
      ...posts.filter((p) => !(p.messageId === post.messageId && p.channelId === post.channelId)),
      post,
    ]);
  }

  /** Forgets the post (its message was deleted). */
  remove(channelId: string, messageId: string): Promise<void> {
    return this.update((posts) => posts.filter((p) => !(p.messageId === messageId && p.channelId === channelId)));
  }

  update(change: (posts: PinnedPost[]) => PinnedPost[]): Promise<void> {
    return this.#serialised(() =>
      withFileLock(this.dir, async () => {
        const posts = await readPinnedPosts(this.dir);
        await writePinnedPosts(this.dir, change(posts));
      }),
    );
  }

  #serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
