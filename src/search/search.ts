/**
 * Free-text retrieval over facts and passages with MiniSearch, tuned for this material:
 * analysis from `analyze.ts` on both sides, synonyms at a lower weight, fuzzy matching only for words the
 * corpus does not know (typos), a phrase bonus for adjacent query words, and an abstention rule: when too
 * few of the question's words are known to the corpus, the answer is "not covered", not a loose match.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Case, ResolvedFact } from '../corpus/case.js';
import { synonymsOf, terms as analyze } from './analyze.js';

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

export class Search {
  private readonly index: MiniSearch<SearchDoc>;
  private readonly docs = new Map<string, SearchDoc>();
  /** Analysed term sequence of each doc, for the phrase bonus. */
  private readonly sequences = new Map<string, string[]>();
  /** Document frequency of every indexed term. */
  readonly vocabulary = new Map<string, number>();

  constructor(docs: Iterable<SearchDoc>) {
    this.index = new MiniSearch<SearchDoc>({
      fields: ['text', 'label'],
      storeFields: [],
      tokenize: (text) => analyze(text),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (text) => [text],
        processTerm: (term) => term,
        boost: { label: TUNING.labelBoost },
      },
    });
    const all: SearchDoc[] = [];
    for (const doc of docs) {
      this.docs.set(doc.id, doc);
      const sequence = analyze(doc.text);
      this.sequences.set(doc.id, sequence);
      for (const term of new Set([...sequence, ...analyze(doc.label)])) {
        this.vocabulary.set(term, (this.vocabulary.get(term) ?? 0) + 1);
      }
      all.push(doc);
    }
    this.index.addAll(all);
  }

  get size(): number {
    return this.docs.size;
  }

  doc(id: string): SearchDoc | undefined {
    return this.docs.get(id);
  }

  /** Whether the corpus knows `term`: as is, through a synonym, or within one edit (long words only). */
  private knows(term: string): boolean {
    if (this.vocabulary.has(term)) return true;
    if (synonymsOf(term).some((s) => this.vocabulary.has(s))) return true;
    if (term.length < TUNING.fuzzyMinLength) return false;
    return this.index.search(term, { fuzzy: 1, prefix: false, fields: ['text'] }).length > 0;
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
    const filter = (result: { id: string }) => {
      const doc = this.docs.get(result.id);
      if (!doc) return false;
      if (kinds && !kinds.includes(doc.kind)) return false;
      return options.filter ? options.filter(doc.id) : true;
    };
    const results: SearchResult[] = this.index.search(
      {
        combineWith: 'OR',
        queries: [
          ...userTerms.map((term) => ({
            queries: [term],
            fuzzy: this.vocabulary.has(term) || term.length < TUNING.fuzzyMinLength ? false : 1,
          })),
          ...[...synonymTerms.keys()].map((term) => ({ queries: [term], boostTerm: () => TUNING.synonymWeight })),
        ],
      },
      { filter },
    );

    // Rare words say more about what the question is after than common ones: weigh coverage by IDF.
    const weights = new Map(userTerms.map((t) => [t, this.idf(t)]));
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
    const hits: Hit[] = results.map((result) => {
      const doc = this.docs.get(result.id) as SearchDoc;
      // Coverage of the question, by where each word was found: the article's own words count fully,
      // a synonym in them partly, a label (summary, topic, publisher) least.
      const credit = new Map<string, number>();
      for (const [term, fields] of Object.entries(result.match)) {
        const user = synonymTerms.get(term) ?? term;
        const direct = user === term;
        const inText = fields.includes('text');
        const value = inText ? (direct ? 1 : TUNING.synonymCredit) : TUNING.labelCredit;
        credit.set(user, Math.max(credit.get(user) ?? 0, value));
      }
      let covered = 0;
      for (const [term, value] of credit) covered += value * (weights.get(term) ?? 0);
      const coverage = covered / totalWeight;
      let score = result.score * (TUNING.coverageBase + coverage) ** 2;
      score *= 1 + TUNING.phraseBonus * this.adjacentPairs(doc.id, userTerms);
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

  /** How many consecutive pairs of the query's terms occur next to each other in the item's text. */
  private adjacentPairs(id: string, query: string[]): number {
    if (query.length < 2) return 0;
    const sequence = this.sequences.get(id) ?? [];
    let pairs = 0;
    for (let i = 0; i + 1 < query.length; i++) {
      const first = query[i] as string;
      const second = query[i + 1] as string;
      for (let j = 0; j + 1 < sequence.length; j++) {
        if (sequence[j] === first && sequence[j + 1] === second) {
          pairs++;
          break;
        }
      }
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
  return new Search(docs);
}
