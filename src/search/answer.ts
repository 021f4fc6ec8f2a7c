/**
 * `/ask`'s answer, before any rendering: the ranked items that answer a free-text question, or a decline
 * saying what the question asks about that the sources never mention. Renderers (src/core/ask.ts) only draw
 * what this returns.
 */
import type { Case, Passage, ResolvedFact } from '../corpus/case.js';
import type { Search } from './search.js';

/** One thing an answer shows: a structured fact, or an article passage. */
export type Item = { kind: 'fact'; fact: ResolvedFact } | { kind: 'passage'; passage: Passage };

export const itemId = (item: Item): string => (item.kind === 'fact' ? item.fact.id : item.passage.id);

export type AskOutcome =
  | {
      kind: 'answer';
      /** Best first; no item repeats another. */
      items: Item[];
    }
  | {
      kind: 'decline';
      /** The question's own words (as typed) that name something the sources never mention; may be empty. */
      unknown: string[];
    };

/** Tuning for `/ask` answers. */
export const ASK_TUNING = {
  /** Items scoring below this share of the best item are left out: they are not about the question. */
  relativeFloor: 0.2,
  /** A passage whose text is at least this share quoted by facts already shown is left out as a repeat. */
  repeatShare: 0.6,
  /** At most this many items across all pages. */
  maxItems: 12,
} as const;

/** Ranked answer items for a question, or a decline when the sources don't cover it. */
export function answerQuestion(kase: Case, search: Search, question: string): AskOutcome {
  const outcome = search.search(question, { limit: 40 });
  if (outcome.abstain || !outcome.hits.length) return { kind: 'decline', unknown: [] };
  const top = outcome.hits[0]?.score ?? 0;
  const items: Item[] = [];
  // How much of each passage the facts shown so far already quote; a passage mostly quoted is not repeated.
  const quoted = new Map<string, number>();
  for (const hit of outcome.hits) {
    if (hit.score < top * ASK_TUNING.relativeFloor || items.length >= ASK_TUNING.maxItems) break;
    if (hit.kind === 'fact') {
      const fact = kase.factById.get(hit.id);
      if (!fact) continue;
      for (const c of fact.citations) quoted.set(c.passage, (quoted.get(c.passage) ?? 0) + (c.end - c.start));
      items.push({ kind: 'fact', fact });
      continue;
    }
    const passage = kase.passageById.get(hit.id);
    if (!passage) continue;
    if ((quoted.get(passage.id) ?? 0) >= passage.text.length * ASK_TUNING.repeatShare) continue;
    items.push({ kind: 'passage', passage });
  }
  return items.length ? { kind: 'answer', items } : { kind: 'decline', unknown: [] };
}
