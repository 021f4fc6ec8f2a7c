/**
 * The bot's only state: the timeline posts it pinned, so it can edit them when the corpus changes.
 *
 * One JSON file, `${DATA_DIR}/pinned-timelines.json`, shared by every transport. Writes are atomic (a temp
 * file in the same folder, fsync, rename, fsync of the folder): a crash mid-write leaves either the old file
 * or the new one, never half of either. Reads tolerate a missing file (no posts yet) but refuse a malformed
 * one, naming it, rather than starting with an empty list and later overwriting a moderator's posts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
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

/**
 * The pinned posts of one data folder, with read-modify-write updates serialised within this process (two
 * interactions pinning at once must not lose one of the posts).
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
