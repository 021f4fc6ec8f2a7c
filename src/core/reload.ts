/**
 * Swapping a running bot onto a newly verified case. Handlers read `bot.case` and `bot.search` at each
 * interaction, so swapping the two fields is the whole switch: an interaction is answered from the old case
 * or the new one, never a mix (answers are computed synchronously).
 */
import type { Case } from '../corpus/case.js';
import { buildSearch, searchDocs } from '../search/search.js';
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
  /**
   * How the index followed: updated in place (MiniSearch add/remove of the changed documents), or rebuilt
   * when the corpus's vocabulary or thesaurus changed (they shape how every document is matched).
   */
  index: { mode: 'in-place' | 'rebuilt'; added: number; replaced: number; discarded: number };
}

/** What changed between two cases, by article and fact id. */
export function diffCases(before: Case, after: Case): Omit<ReloadSummary, 'index'> {
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
 * Puts `newCase` (already loaded and verified whole) in service: the index is brought in line with it in
 * place, and the case swapped, in one synchronous step.
 */
export function reloadBot(bot: Bot, newCase: Case): ReloadSummary {
  const summary = diffCases(bot.case, newCase);
  const sameWords = JSON.stringify([bot.case.vocabulary, bot.case.thesaurus]) === JSON.stringify([newCase.vocabulary, newCase.thesaurus]);
  let index: ReloadSummary['index'];
  if (sameWords) {
    // Synchronous, like answering: no interaction sees the index half-updated or paired with the old case.
    index = { mode: 'in-place', ...bot.search.sync(searchDocs(newCase)) };
  } else {
    const docs = searchDocs(newCase).length;
    bot.search = buildSearch(newCase);
    index = { mode: 'rebuilt', added: docs, replaced: 0, discarded: 0 };
  }
  bot.case = newCase;
  return { ...summary, index };
}
