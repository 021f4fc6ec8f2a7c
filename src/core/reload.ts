/**
 * Swapping a running bot onto a newly verified case. Handlers read `bot.case` and `bot.search` at each
 * interaction, so swapping the two fields is the whole switch: an interaction is answered from the old case
 * or the new one, never a mix (answers are computed synchronously).
 */
import type { Case } from '../corpus/case.js';
import { buildSearch } from '../search/search.js';
import type { Bot } from './bot.js';

export interface ReloadSummary {
  previousDigest: string;
  digest: string;
  articlesAdded: string[];
  articlesRemoved: string[];
  factsAdded: string[];
  factsRemoved: string[];
  /** Facts whose id stayed but whose words, fields or citations changed. */
  factsChanged: string[];
}

/** What changed between two cases, by article and fact id. */
export function diffCases(before: Case, after: Case): ReloadSummary {
  const ids = (c: Case) => new Set(c.facts.map((f) => f.id));
  const was = ids(before);
  const now = ids(after);
  const sig = (c: Case, id: string) => JSON.stringify(c.factById.get(id));
  return {
    previousDigest: before.digest,
    digest: after.digest,
    articlesAdded: [...after.articles.keys()].filter((id) => !before.articles.has(id)),
    articlesRemoved: [...before.articles.keys()].filter((id) => !after.articles.has(id)),
    factsAdded: [...now].filter((id) => !was.has(id)),
    factsRemoved: [...was].filter((id) => !now.has(id)),
    factsChanged: [...now].filter((id) => was.has(id) && sig(before, id) !== sig(after, id)),
  };
}

/**
 * Puts `newCase` (already loaded and verified whole) in service. The index is built before anything is
 * swapped, so a failure leaves the bot on its old case.
 */
export function reloadBot(bot: Bot, newCase: Case): ReloadSummary {
  const summary = diffCases(bot.case, newCase);
  bot.search = buildSearch(newCase); // LEAD: replace this rebuild with an in-place MiniSearch update (add/discard/replace of the changed docs).
  bot.case = newCase;
  return summary;
}
