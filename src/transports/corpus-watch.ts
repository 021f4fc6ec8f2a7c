/**
 * Serving a changed corpus without a restart. A file watch on the corpus folder (debounced: saving a fact
 * file or copying an article fires several events) and SIGHUP both ask for a reload; the whole corpus is
 * loaded and verified first, and only a corpus that passes replaces the one being served. A half-written or
 * broken file leaves the old corpus in service, with one log line saying why. After a swap, `onReloaded`
 * runs (the transports edit pinned timelines there). Reloads never overlap.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { CorpusError, loadCase, type Case } from '../corpus/case.js';
import type { Bot } from '../core/bot.js';
import { reloadBot, type ReloadSummary } from '../core/reload.js';
import type { Logger } from '../log.js';

export type ReloadResult = { outcome: 'swapped'; summary: ReloadSummary } | { outcome: 'unchanged' } | { outcome: 'rejected'; reason: string };

export interface CorpusWatchOptions {
  bot: Bot;
  /** The corpus folder the bot was loaded from. */
  dir: string;
  logger: Logger;
  /** After a swap: edit pinned timelines. Its failure is logged, never thrown. */
  onReloaded?: (summary: ReloadSummary) => unknown;
  /** Quiet time after the last file event before reloading. Default 300 ms. */
  debounceMs?: number;
  /** Reload on SIGHUP too. Default true. */
  sighup?: boolean;
  /** Loads and verifies a corpus folder. Default: `loadCase` (tests may slow it down). */
  load?: (dir: string) => Case;
}

export interface CorpusWatcher {
  /** Loads, verifies and (if it passes and differs) swaps now; resolves with what happened. */
  reload(reason: string): Promise<ReloadResult>;
  /** Stops watching; resolves once a reload in progress has finished. */
  close(): Promise<void>;
}

/** The first problem of a corpus that failed, on one line. */
function why(error: unknown): string {
  if (error instanceof CorpusError) {
    const first = (error.problems[0] ?? 'unknown problem').replace(/\s+/g, ' ');
    return error.problems.length > 1 ? `${first} (and ${error.problems.length - 1} more)` : first;
  }
  return (error as Error)?.message?.replace(/\s+/g, ' ') ?? String(error);
}

export function watchCorpus(options: CorpusWatchOptions): CorpusWatcher {
  const { bot, dir, logger } = options;
  const load = options.load ?? ((d: string) => loadCase({ dir: d }));
  const debounceMs = options.debounceMs ?? 300;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const reloadNow = async (reason: string): Promise<ReloadResult> => {
    let next: Case;
    try {
      next = load(dir);
    } catch (error) {
      const reasonText = why(error);
      logger.warn('corpus-reload-rejected', { reason, why: reasonText, serving: bot.case.digest });
      return { outcome: 'rejected', reason: reasonText };
    }
    if (next.digest === bot.case.digest) {
      // Asked for by a person (SIGHUP): say so; after a file event, only in debug.
      (reason === 'SIGHUP' ? logger.info : logger.debug).call(logger, 'corpus-unchanged', { reason, digest: next.digest });
      return { outcome: 'unchanged' };
    }
    const summary = reloadBot(bot, next);
    logger.info('corpus-reloaded', {
      reason,
      digest: summary.digest,
      articles: next.articles.size,
      facts: next.facts.length,
      articlesAdded: summary.articlesAdded,
      factsAdded: summary.factsAdded.length,
      factsChanged: summary.factsChanged.length,
      factsRemoved: summary.factsRemoved.length,
      index: summary.index,
    });
    try {
      await options.onReloaded?.(summary);
    } catch (error) {
      logger.error('corpus-reload-followup-failed', { error });
    }
    return { outcome: 'swapped', summary };
  };

  const reload = (reason: string): Promise<ReloadResult> => {
    const run = chain.then(() => reloadNow(reason));
    chain = run.catch(() => undefined);
    return run;
  };

  const schedule = (reason: string) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(reason), debounceMs);
  };

  const watchers: FSWatcher[] = [];
  for (const folder of [dir, join(dir, 'articles'), join(dir, 'facts')]) {
    if (!existsSync(folder)) continue;
    try {
      const w = watch(folder, { persistent: false }, (_event, name) => {
        // The review folder and temp files are never served; the rename that completes a write still fires.
        if (name && (name === 'review' || String(name).endsWith('.tmp'))) return;
        schedule('file change');
      });
      w.on('error', (error) => logger.warn('corpus-watch-failed', { folder, error }));
      watchers.push(w);
    } catch (error) {
      logger.warn('corpus-watch-failed', { folder, error });
    }
  }
  const onSighup = () => void reload('SIGHUP');
  if (options.sighup ?? true) process.on('SIGHUP', onSighup);
  logger.info('corpus-watching', { dir, sighup: options.sighup ?? true });

  return {
    reload,
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGHUP', onSighup);
      await chain;
    },
  };
}
