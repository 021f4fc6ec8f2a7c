/**
 * Keeps pinned timeline posts true to the corpus: at start-up every remembered post whose timeline no longer
 * matches what the current corpus renders is edited in place (bot token, channel message route: the interaction
 * webhook expired long ago), with a line saying what changed, and its new digest is remembered.
 */
import { Routes } from 'discord-api-types/v10';
import type { REST } from 'discord.js';
import type { Bot } from '../core/bot.js';
import { describeTimelineChanges, renderPinnedTimeline } from '../../commands/timeline/render.js';
import type { Logger } from '../log.js';
import type { PinnedPost, PinnedPostStore } from '../state.js';

export interface RefreshSummary {
  /** Posts edited to the current timeline. */
  edited: number;
  /** Posts already current. */
  unchanged: number;
  /** Posts whose message is gone (deleted by someone): forgotten. */
  forgotten: number;
  /** Posts that could not be edited this time (kept, retried at the next start). */
  failed: number;
}

export interface RefreshContext {
  bot: Bot;
  store: Pick<PinnedPostStore, 'list' | 'upsert' | 'remove'>;
  rest: Pick<REST, 'patch'>;
  logger: Logger;
  /** The clock for the "updated" date (tests). */
  now?: () => Date;
}

const CONTENT_LIMIT = 2000;

/** Discord errors meaning the post can never be edited again: Unknown Channel, Unknown Message. */
const GONE = new Set([10003, 10008]);

/** The line appended to an edited post: `_Updated 2024-05-02: 1 event(s) added (e-070)._` */
export function changeLine(changes: string, when: Date): string {
  return `_Updated ${when.toISOString().slice(0, 10)}: ${changes}._`;
}

function withChangeLine(content: string | undefined, line: string): string {
  const base = content ?? '';
  const room = CONTENT_LIMIT - line.length - 1;
  const kept = base.length > room ? base.slice(0, Math.max(0, room - 1)) + '…' : base;
  return kept ? `${kept}\n${line}` : line.slice(0, CONTENT_LIMIT);
}

/** Edits every out-of-date pinned post; never throws for one post's failure. */
export async function refreshPinnedTimelines(ctx: RefreshContext): Promise<RefreshSummary> {
  const summary: RefreshSummary = { edited: 0, unchanged: 0, forgotten: 0, failed: 0 };
  const posts = await ctx.store.list();
  for (const post of posts) {
    const outcome = await refreshOne(ctx, post);
    summary[outcome]++;
  }
  if (posts.length) ctx.logger.info('pinned-timelines-refreshed', { ...summary });
  return summary;
}

async function refreshOne(ctx: RefreshContext, post: PinnedPost): Promise<keyof RefreshSummary> {
  const current = renderPinnedTimeline(ctx.bot, post.options);
  if (current.digest === post.digest) return 'unchanged';
  const now = ctx.now?.() ?? new Date();
  const changes = describeTimelineChanges(post.entries, current.entries);
  const body = {
    content: withChangeLine(current.message.content, changeLine(changes, now)),
    embeds: current.message.embeds,
    allowed_mentions: { parse: [] },
  };
  const where = { channel: post.channelId, message: post.messageId };
  try {
    await ctx.rest.patch(Routes.channelMessage(post.channelId, post.messageId), { body });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const status = (error as { status?: unknown }).status;
    if (typeof code === 'number' && GONE.has(code)) {
      ctx.logger.info('pinned-timeline-gone', { ...where, code });
      await ctx.store.remove(post.channelId, post.messageId);
      return 'forgotten';
    }
    ctx.logger.warn('pinned-timeline-edit-failed', { ...where, status, code, error });
    return 'failed';
  }
  await ctx.store.upsert({ ...post, digest: current.digest, entries: current.entries, updatedAt: now.toISOString() });
  ctx.logger.info('pinned-timeline-edited', { ...where, changes });
  return 'edited';
}
