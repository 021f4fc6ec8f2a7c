/**
 * Free-text retrieval over facts and passages, scored as MiniSearch scores (engine.ts keeps the postings
 * compact; plan.ts plans queries on large corpora), tuned for this material:
 * analysis from `analyze.ts` on both sides, synonyms at a lower weight, fuzzy matching only for words the
 * corpus does not know (typos), a phrase bonus for adjacent query words, and an abstention rule: when too
 * few of the question's words are known to the corpus, the answer is "not covered", not a loose match.
 */
import type { Case, ResolvedFact } from '../corpus/case.js';
import { processTerm, synonymsOf, terms as analyze, tokenize } from './analyze.js';
import { TermIndex, type EngineResult, type QuerySpec } from './engine.js';
import { PLAN, planQueries } from './plan.js';

export interface SearchDoc {
  /** A fact id (`claim.x`) or a passage id (`001#p3`). */
  id: string;
  kind: 'fact' | 'passage';
  /** The article's words: citation quotes of a fact, or the passage text. */
  text: string;
  /** Words that describe the item but are not quotes: summary, who, topic labels, publisher. */
  label: string;
  /** Number of distinct sources behind the item (1 for a passage). */
  sources: number;
}

export interface Hit {
  id: string;
  kind: 'fact' | 'passage';
  score: number;
  /** Query terms (the user's own, after analysis) that the item matched, directly or by synonym. */
  matched: string[];
}

export interface SearchOutcome {
  hits: Hit[];
  /** The user's analysed terms. */
  terms: string[];
  /** Terms the corpus knows (directly, by synonym or by a one-letter typo). */
  known: string[];
  /** True when the question is outside what the corpus covers. */
  abstain: boolean;
}

export interface SearchOptions {
  /** Only items of these kinds. Default: both. */
  kinds?: ReadonlyArray<'fact' | 'passage'>;
  /** Only these ids (e.g. the facts of one kind). */
  filter?: (id: string) => boolean;
  /** How many hits to return. Default 20. */
  limit?: number;
  /** Plan the query on large corpora (see plan.ts). Default true; false searches exhaustively. */
  plan?: boolean;
}

/**
 * Tuning, each with its reason. Exported so tests and the benchmark can read them.
 */
export const TUNING = {
  /** Synonyms find related wording but must not outrank the user's own word. */
  synonymWeight: 0.4,
  /** Label words (summaries, publishers) describe an item; the quote itself is the stronger evidence. */
  labelBoost: 0.6,
  /** Facts are curated and may be corroborated; prefer them over a bare passage of equal relevance. */
  factBoost: 1.25,
  /** Each extra corroborating source adds this much. */
  corroborationBoost: 0.1,
  /** Per pair of adjacent query words found adjacent in the item. */
  phraseBonus: 0.35,
  /** Fuzzy matching (one edit) only for unknown words at least this long: typos, not short words. */
  fuzzyMinLength: 5,
  /** Coverage credit for a question word found through a synonym in the quote text. */
  synonymCredit: 0.6,
  /** Coverage credit for a question word found only in an item's label. */
  labelCredit: 0.3,
  /** Score multiplier is (coverageBase + coverage)²: answering every part of a question matters most. */
  coverageBase: 0.25,
  /** The share of the question's words the corpus must know, strictly exceeded, to answer at all. */
  minKnownShare: 0.5,
} as const;

/** Indexed fields in MiniSearch's order, with their boosts. */
const FIELDS = [
  { name: 'text', boost: 1 },
  { name: 'label', boost: TUNING.labelBoost },
] as const;
/** A result's field bits (engine.ts): found in `text`. */
const TEXT_FIELD = 1;

export class Search {
  /** Postings, scored as MiniSearch scores them (engine.ts); also keeps each doc's term sequence for the phrase bonus. */
  private readonly index: TermIndex;
  private readonly docs = new Map<string, SearchDoc>();
  /** Docs in index order. */
  private readonly list: SearchDoc[] = [];
  /** Document frequency of every indexed term. */
  readonly vocabulary = new Map<string, number>();

  /** Indexes `docs`, or takes a prebuilt `index` of exactly these docs in this order (a snapshot). */
  constructor(docs: Iterable<SearchDoc>, index?: TermIndex) {
    for (const doc of docs) {
      if (this.docs.has(doc.id)) throw new Error(`search: duplicate id ${doc.id}`);
      this.docs.set(doc.id, doc);
      this.list.push(doc);
    }
    if (index && index.documentCount !== this.list.length) throw new Error('search: the index does not match the documents');
    this.index =
      index ??
      TermIndex.build(this.list.length, FIELDS.map((f) => f.name), (doc, field) => (this.list[doc] as SearchDoc)[field as 'text' | 'label'], tokenize, processTerm);
    for (const [term, df] of this.index.vocabulary()) this.vocabulary.set(term, df);
  }

  /** The index as a binary snapshot (see snapshot.ts), tagged with `key`. */
  snapshot(key: string): Buffer {
    return this.index.serialize(key);
  }

  get size(): number {
    return this.docs.size;
  }

  doc(id: string): SearchDoc | undefined {
    return this.docs.get(id);
  }

  /**
   * Ids of the items whose own text (not label) has the analysed `terms` one after the other, in index
   * order (facts, then passages in case order).
   */
  containingRun(terms: readonly string[]): string[] {
    return this.index.documentsWithRun(terms, 'text').map((d) => (this.list[d] as SearchDoc).id);
  }

  /** Whether the corpus knows `term`: as is, through a synonym, or within one edit (long words only). */
  private knows(term: string): boolean {
    if (this.vocabulary.has(term)) return true;
    if (synonymsOf(term).some((s) => this.vocabulary.has(s))) return true;
    if (term.length < TUNING.fuzzyMinLength) return false;
    return this.index.hasNearIn(term, 'text');
  }

  search(question: string, options: SearchOptions = {}): SearchOutcome {
    const userTerms = [...new Set(analyze(question))];
    const known = userTerms.filter((t) => this.knows(t));
    const abstain = userTerms.length === 0 || known.length / userTerms.length <= TUNING.minKnownShare;
    if (abstain) return { hits: [], terms: userTerms, known, abstain: true };

    const synonymTerms = new Map<string, string>();
    for (const term of userTerms) {
      for (const synonym of synonymsOf(term)) {
        if (!userTerms.includes(synonym) && this.vocabulary.has(synonym) && !synonymTerms.has(synonym)) synonymTerms.set(synonym, term);
      }
    }
    const kinds = options.kinds;
    const filter = options.filter;
    const allow = kinds || filter ? (d: number) => {
      const doc = this.list[d] as SearchDoc;
      if (kinds && !kinds.includes(doc.kind)) return false;
      return filter ? filter(doc.id) : true;
    } : undefined;
    const queries: QuerySpec[] = [
      ...userTerms.map((term) => ({ term, fuzzy: this.vocabulary.has(term) || term.length < TUNING.fuzzyMinLength ? (false as const) : 1 })),
      ...[...synonymTerms.keys()].map((term) => ({ term, boost: TUNING.synonymWeight })),
    ];
    const planned = options.plan !== false && planQueries(queries, userTerms.length, this.list.length, (q) => this.reach(q)) > 0;
    const limit = planned ? Math.max(PLAN.maxCandidates, options.limit ?? 20) : undefined;
    const results: EngineResult[] = this.index.search(queries, { fields: FIELDS, ...(allow ? { allow } : {}), ...(limit ? { limit } : {}) });

    // Rare words say more about what the question is after than common ones: weigh coverage by IDF.
    const weights = new Map(userTerms.map((t) => [t, this.idf(t)]));
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
    const hits: Hit[] = results.map((result) => {
      const doc = this.list[result.doc] as SearchDoc;
      // Coverage of the question, by where each word was found: the article's own words count fully,
      // a synonym in them partly, a label (summary, topic, publisher) least.
      const credit = new Map<string, number>();
      for (let i = 0; i < result.terms.length; i++) {
        const term = result.terms[i] as string;
        const user = synonymTerms.get(term) ?? term;
        const direct = user === term;
        const inText = ((result.fields[i] as number) & TEXT_FIELD) !== 0;
        const value = inText ? (direct ? 1 : TUNING.synonymCredit) : TUNING.labelCredit;
        credit.set(user, Math.max(credit.get(user) ?? 0, value));
      }
      let covered = 0;
      for (const [term, value] of credit) covered += value * (weights.get(term) ?? 0);
      const coverage = covered / totalWeight;
      let score = result.score * (TUNING.coverageBase + coverage) ** 2;
      score *= 1 + TUNING.phraseBonus * this.adjacentPairs(result.doc, userTerms);
      if (doc.kind === 'fact') score *= TUNING.factBoost + TUNING.corroborationBoost * (doc.sources - 1);
      return { id: doc.id, kind: doc.kind, score, matched: [...credit.keys()] };
    });
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { hits: hits.slice(0, options.limit ?? 20), terms: userTerms, known, abstain: hits.length === 0 };
  }

  /** Inverse document frequency of a term, or of its most common synonym when the corpus lacks the term. */
  private idf(term: string): number {
    const df = this.vocabulary.get(term) ?? Math.max(1, ...synonymsOf(term).map((s) => this.vocabulary.get(s) ?? 0));
    return Math.log(1 + this.docs.size / df);
  }

  /** How many documents a query can reach: its term's and, when fuzzy, its variants' (for the planner). */
  private reach(query: QuerySpec): number {
    let count = this.index.df(query.term);
    if (query.fuzzy) for (const term of this.index.near(query.term)) count += this.index.df(term);
    return count;
  }

  /** How many consecutive pairs of the query's terms occur next to each other in the item's text. */
  private adjacentPairs(doc: number, query: string[]): number {
    if (query.length < 2) return 0;
    let pairs = 0;
    for (let i = 0; i + 1 < query.length; i++) {
      if (this.index.adjacent(doc, query[i] as string, query[i + 1] as string)) pairs++;
    }
    return pairs;
  }
}

/**
 * The words that describe a fact without being a quote: its summary and who made it. Topic labels are
 * left out on purpose: they are shared by many facts, so they blur ranking (topics rank `/claim topic:`).
 */
export function factLabel(fact: ResolvedFact): string {
  const who =
    fact.kind === 'claim' ? fact.claimant
    : fact.kind === 'denial' ? `${fact.denier} ${fact.denies}`
    : fact.kind === 'money' ? `${fact.payer ?? ''} ${fact.payee ?? ''} ${fact.purpose}`
    : '';
  return `${fact.summary} ${who}`;
}

/** Builds the search over every fact and passage of the case. */
export function buildSearch(kase: Case): Search {
  return new Search(searchDocs(kase));
}

/** The items the search indexes, in index order: every fact, then every passage in case order. */
export function searchDocs(kase: Case): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const fact of kase.facts) {
    docs.push({ id: fact.id, kind: 'fact', text: fact.citations.map((c) => c.text).join(' \n '), label: factLabel(fact), sources: fact.corroboration });
  }
  for (const passage of kase.passages) {
    const meta = kase.articles.get(passage.source)?.meta;
    // Publisher and author only: a title shared by every paragraph would make them all match its words.
    const label = [meta?.publisher, meta?.author].filter(Boolean).join(' ');
    docs.push({ id: passage.id, kind: 'passage', text: passage.text, label, sources: 1 });
  }
  return docs;
}
