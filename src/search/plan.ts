/**
 * Query planning for large corpora. At scale the time goes into the postings of common words: "netflix"
 * or "facebook" occur in a large share of a corpus about Netflix and Facebook, and every document they
 * touch becomes a result to score. The planner picks the query's *gates*: terms rare enough to say what
 * the question is about (in under `maxShare` of the documents), or the single rarest term when none is.
 * Only documents a gate matches are results; the other terms still add their exact scores to those
 * documents, so the ranking among them is the exhaustive ranking, and what a plan can lose is a document
 * that has none of the gate terms.
 *
 * Small corpora are left alone (every term is "common" in three articles), so there the answers are
 * exactly those of an exhaustive search. The benchmark measures what planning changes at each size.
 */
import type { QuerySpec } from './engine.js';

export const PLAN = {
  /** Corpora with fewer documents than this are searched exhaustively. */
  minDocs: 5000,
  /** A term in at least this share of the documents is not a gate (unless it is the rarest term). */
  maxShare: 0.05,
  /**
   * A planned search ranks at most this many candidates in full (coverage, phrase bonus), the best by
   * index score: a question made only of common words ("who is Facebook") still touches tens of
   * thousands of documents at 100k passages.
   */
  maxCandidates: 1000,
} as const;

/**
 * Marks the gates of `queries` in place and returns how many there are (0: search exhaustively).
 * `documents(q)` is how many documents query `q` can match (its term and fuzzy variants, any field).
 * The first `userQueries` queries are the user's own words; the rest are synonyms, which score the
 * candidates but never choose them (a rare synonym must not shut out the documents with the user's word),
 * unless none of the user's words is in the corpus.
 */
export function planQueries(queries: QuerySpec[], userQueries: number, documentCount: number, documents: (q: QuerySpec) => number): number {
  if (documentCount < PLAN.minDocs) return 0;
  const limit = documentCount * PLAN.maxShare;
  const sizes = queries.map(documents);
  const mark = (i: number) => ((queries[i] as QuerySpec).gate = true);
  let gates = 0;
  for (let i = 0; i < userQueries; i++) {
    const size = sizes[i] as number;
    if (size > 0 && size < limit) {
      mark(i);
      gates++;
    }
  }
  if (gates) return gates;
  // No rare word: the user's rarest word that the corpus has (or the rarest synonym, if it has none).
  const rarestOf = (from: number, to: number) => {
    let rarest = -1;
    for (let i = from; i < to; i++) {
      const size = sizes[i] as number;
      if (size > 0 && (rarest === -1 || size < (sizes[rarest] as number))) rarest = i;
    }
    return rarest;
  };
  let rarest = rarestOf(0, userQueries);
  if (rarest === -1) rarest = rarestOf(userQueries, queries.length);
  if (rarest === -1) return 0;
  mark(rarest);
  return 1;
}
