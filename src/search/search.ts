/**
 * Free-text retrieval over facts and passages on MiniSearch, the one index. Around it, tuned for this kind
 * of material (a news case: few documents, each quoted word for word):
 * - analysis from `analyze.ts` on both sides; the corpus's synonyms at a lower weight than the user's words;
 * - typo correction only for words the corpus does not know, through MiniSearch's radix tree
 *   (`SearchableMap.fuzzyGet`) over the indexed terms;
 * - coverage ranking: an item answering every part of the question beats one repeating a single word, with
 *   rare words weighing more (IDF), and a bonus for the question's words found side by side;
 * - an abstention rule: when too few of the question's words are known to the corpus, nothing is returned;
 * - on large corpora a query planner (see {@link PLAN}) that only uses MiniSearch's public options.
 *
 * The index updates in place (add, remove, replace through {@link Search.sync}), so a grown corpus is
 * served without rebuilding it.
 */
import MiniSearch, { type SearchOptions as MiniSearchOptions, type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Case, ResolvedFact } from '../corpus/case.js';
import { Analyzer, defaultAnalyzer, Lexicon, tokenize } from './analyze.js';

export interface SearchDoc {
  /** Unique in the index: a passage id (`001#p3`), or a fact id and citation number (`claim.x~0`). */
  id: string;
  /**
   * The item the document belongs to, which a search returns: the fact id, or the passage id. Each of a
   * fact's citations is its own document, so a fact is as relevant as its best quote (not the sum of its
   * quotes' words: three sources repeating a word must not outrank one source answering the question).
   */
  item: string;
  /** Which citation of the fact (0 for a passage). */
  part: number;
  kind: 'fact' | 'passage';
  /** The article's words: one citation quote of a fact, or the passage text. */
  text: string;
  /** Words that describe the item but are not quotes: summary, who, publisher. */
  label: string;
  /** Number of distinct sources behind the item (1 for a passage). */
  sources: number;
}

export interface Hit {
  /** The item: a fact id or a passage id. */
  id: string;
  kind: 'fact' | 'passage';
  /** For a fact, the citation that matched best (its index in the fact's citations). */
  part: number;
  score: number;
  /** Query terms (the user's own, after analysis) that the item matched, directly, by synonym or by typo. */
  matched: string[];
  /** The share of the question (IDF-weighted, 0..1) the item answers. */
  coverage: number;
}

export interface SearchOutcome {
  hits: Hit[];
  /** The user's analysed terms. */
  terms: string[];
  /** Terms the corpus knows (directly, by synonym or by a typo correction). */
  known: string[];
  /** True when the question is outside what the corpus covers. */
  abstain: boolean;
}

export interface SearchOptions {
  /** Only items of these kinds. Default: both. */
  kinds?: ReadonlyArray<'fact' | 'passage'>;
  /** Only these items (e.g. the facts of one kind), by fact or passage id. */
  filter?: (id: string) => boolean;
  /** How many hits to return. Default 20. */
  limit?: number;
  /** Plan the query on large corpora (see {@link PLAN}). Default true; false searches exhaustively. */
  plan?: boolean;
  /** A score multiplier per item (e.g. the question's form favouring dated events); 1 is neutral. */
  weigh?: (doc: SearchDoc) => number;
  /** The largest value `weigh` can return: lets the search skip documents that cannot reach the results. */
  maxWeight?: number;
  /**
   * Words of the question that say most what it is after (its focus: "what **permissions** did …"), with a
   * multiplier on their weight in coverage and scoring; as typed, analysed here.
   */
  focus?: { words: string; weight: number };
}

/** Tuning, each with its reason. Exported so tests and the benchmark can read them. */
export const TUNING = {
  /** Synonyms find related wording but must not outrank the user's own word. */
  synonymWeight: 0.4,
  /** Another form of the user's word that the stemmer keeps apart ("competition", "competing"). */
  formWeight: 0.9,
  formCredit: 0.9,
  /** A corrected typo is nearly the user's word, but not quite: a real word that is close may be meant. */
  typoWeight: 0.8,
  /** A general-English synonym (WordNet) of a word the corpus lacks: a guess at what it means here. */
  thesaurusWeight: 0.5,
  thesaurusCredit: 0.6,
  /** Label words (summaries, publishers) describe an item; the quote itself is the stronger evidence. */
  labelBoost: 0.6,
  /** Facts are curated and may be corroborated; prefer them over a bare passage of equal relevance. */
  factBoost: 1.25,
  /** Each extra corroborating source adds this much. */
  corroborationBoost: 0.1,
  /** Per pair of adjacent query words found adjacent in the item. */
  phraseBonus: 0.35,
  /** Typo correction (one edit) only for unknown words at least this long; two edits from this length. */
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  /** Coverage credit for a question word found through a synonym in the quote text. */
  synonymCredit: 0.8,
  /** Coverage credit for a question word found only in an item's label. */
  labelCredit: 0.3,
  /** Score multiplier is (coverageBase + coverage)^coveragePower: answering every part of a question matters most. */
  coverageBase: 0.25,
  coveragePower: 2,
  /** The share of the question's words the corpus must know, strictly exceeded, to answer at all (a thesaurus-only word counts {@link guessedShare}). */
  minKnownShare: 0.5,
  /** How much of a known word a word reached only through the thesaurus counts for, in that share. */
  guessedShare: 0.5,
} as const;

/**
 * Query planning for large corpora, on MiniSearch's public API. At scale the time goes into the postings of
 * common words; the planner first searches the question's *gates* (its words in under `maxShare` of the
 * documents, or its single rarest word), keeps the best `maxCandidates`, then scores only those with every
 * word through `boostDocument` returning 0 elsewhere (MiniSearch then skips those postings before scoring;
 * `filter` would run only after every posting was scored). Small corpora are never planned, so there the
 * answers are exactly the exhaustive ones; the benchmark measures what planning changes at each size.
 */
export const PLAN = {
  /** Corpora with fewer documents than this are searched exhaustively. */
  minDocs: 5000,
  /** A term in at least this share of the documents is not a gate (unless it is the rarest term). */
  maxShare: 0.05,
  /** At most this many candidates are ranked in full. */
  maxCandidates: 1000,
} as const;

const FIELDS = ['text', 'label'] as const;
const identity = (term: string) => term;
/** Queries are made of terms already analysed: MiniSearch must not analyse them again. */
const oneTerm = (text: string) => text.split(' ');

interface Indexed {
  doc: SearchDoc;
  /** Insertion order, for results "in index order". */
  order: number;
  /** The document's cell in a {@link Gate}, stored in MiniSearch with the document (field `slot`). */
  slot: number;
  /** The analysed terms of the doc's text, in order (phrase bonus, runs). */
  sequence: string[];
}

/**
 * The documents a search may score, one cell per document slot (1: may). MiniSearch hands `boostDocument`
 * the document's stored fields, so the gate reads one small number per posting instead of looking the id
 * string up in a set. A planned search walks the full postings of the question's common words, calling
 * `boostDocument` on each: at 100k, for "could netflix see my private messages" (240k postings), the main
 * query took 37 ms with a set of ids, 28 ms with this gate, 16 ms with a constant 0 (MiniSearch's own walk).
 */
type Gate = Uint8Array;

interface Stored {
  slot: number;
}

/** `boostDocument` letting through only the gate's documents (1, so scores are unchanged) and skipping the rest (0). */
const through = (gate: Gate) => (_id: unknown, _term: string, stored?: Record<string, unknown>) => gate[(stored as unknown as Stored).slot] as number;

/** How a question's terms reach the index. */
interface Reach {
  variants: Map<string, Variant[]>;
  /** Terms the corpus knows: as is, in another form, by a synonym or as a typo. */
  known: string[];
  /** Terms that count in coverage: the known ones and the thesaurus guesses. */
  weighed: string[];
}

/** One way a user term reaches the index: the term itself, a synonym or a typo correction. */
interface Variant {
  user: string;
  weight: number;
  /** Coverage credit when found in the text. */
  credit: number;
  /** The user's word as typed or as corrected: what a planned search chooses its candidates by. */
  gate?: true;
}

export class Search {
  private readonly index: MiniSearch<SearchDoc>;
  private readonly items = new Map<string, Indexed>();
  /** Document frequency of every indexed term (text or label), maintained on every add and discard. */
  readonly vocabulary = new Map<string, number>();
  /** The same terms in MiniSearch's radix tree, for typo correction. */
  private readonly terms = new SearchableMap<number>();
  private nextOrder = 0;
  private nextSlot = 0;

  constructor(
    docs: Iterable<SearchDoc>,
    private readonly lexicon: Lexicon = new Lexicon([]),
    private readonly analyzer: Analyzer = defaultAnalyzer,
  ) {
    this.index = new MiniSearch<SearchDoc>({
      fields: [...FIELDS],
      idField: 'id',
      tokenize: (text) => tokenize(text),
      processTerm: analyzer.processTerm,
      searchOptions: { tokenize: oneTerm, processTerm: identity },
      storeFields: ['slot'],
      extractField: (doc: SearchDoc, field: string) => (field === 'slot' ? (this.items.get(doc.id) as Indexed).slot : doc[field as keyof SearchDoc]),
    });
    const list: SearchDoc[] = [];
    for (const doc of docs) {
      if (this.items.has(doc.id)) throw new Error(`search: duplicate id ${doc.id}`);
      this.track(doc);
      list.push(doc);
    }
    this.index.addAll(list);
  }

  /** How many documents are indexed (a fact counts once per citation). */
  get size(): number {
    return this.items.size;
  }

  /** Adds a document that is not indexed yet. */
  add(doc: SearchDoc): void {
    if (this.items.has(doc.id)) throw new Error(`search: duplicate id ${doc.id}`);
    this.track(doc);
    this.index.add(doc);
  }

  /**
   * Removes a document. MiniSearch's `remove` with the indexed version (kept here) rather than its lazy
   * `discard`: a discarded document's postings stay until a search meets them, and until then the terms'
   * document frequencies, so the scores, are not those of an index built without it (measured by the test
   * "an index updated in place answers as an index built from scratch").
   */
  discard(id: string): void {
    const item = this.items.get(id);
    if (!item) throw new Error(`search: no document ${id}`);
    this.untrack(item);
    this.index.remove(item.doc);
  }

  /** Replaces a document by a new version with the same id (MiniSearch `remove` then `add`, exact as above). */
  replace(doc: SearchDoc): void {
    const item = this.items.get(doc.id);
    if (!item) throw new Error(`search: no document ${doc.id}`);
    this.untrack(item);
    this.index.remove(item.doc);
    this.track(doc, item.order);
    this.index.add(doc);
  }

  /**
   * Brings the index in line with `docs` in place: new ids are added, missing ones discarded, changed ones
   * replaced; unchanged documents are not touched. Returns what changed.
   */
  sync(docs: Iterable<SearchDoc>): { added: number; replaced: number; discarded: number } {
    const wanted = new Map<string, SearchDoc>();
    for (const doc of docs) wanted.set(doc.id, doc);
    let added = 0, replaced = 0, discarded = 0;
    for (const id of [...this.items.keys()]) {
      if (!wanted.has(id)) {
        this.discard(id);
        discarded++;
      }
    }
    for (const doc of wanted.values()) {
      const current = this.items.get(doc.id)?.doc;
      if (!current) {
        this.add(doc);
        added++;
      } else if (current.text !== doc.text || current.label !== doc.label || current.kind !== doc.kind || current.sources !== doc.sources || current.item !== doc.item) {
        this.replace(doc);
        replaced++;
      }
    }
    // Index order follows the new list, as a fresh build's would.
    let order = 0;
    for (const id of wanted.keys()) (this.items.get(id) as Indexed).order = order++;
    this.nextOrder = order;
    return { added, replaced, discarded };
  }

  /**
   * Ids of the items whose own text (not label) has the analysed `terms` one after the other, in index
   * order (facts, then passages in case order).
   */
  containingRun(terms: readonly string[]): string[] {
    if (!terms.length) return [];
    const results = this.index.search(terms.join(' '), { fields: ['text'], combineWith: 'AND' });
    const ordered = results
      .map((r) => this.items.get(r.id as string))
      .filter((item): item is Indexed => item !== undefined && hasRun(item.sequence, terms))
      .sort((a, b) => a.order - b.order);
    // A fact with several citations is one item (a Set: a common run can match most of a large corpus).
    return [...new Set(ordered.map((item) => item.doc.item))];
  }

  /** The analysed terms of a text, as this index analyses them. */
  analyse(text: string): string[] {
    return this.analyzer.terms(text);
  }

  /**
   * The indexed terms a text's words reach as a question's words do: themselves, their other forms, the
   * story's synonyms, typo corrections ("permissions" reaches "access"; "netfilx" reaches "netflix").
   */
  reach(text: string): string[] {
    return [...this.computeVariants([...new Set(this.analyse(text))]).variants.keys()];
  }

  /** Whether the corpus knows `term`: as is, in another form, or through a synonym. */
  knowsExactly(term: string): boolean {
    return this.vocabulary.has(term) || [...this.lexicon.formsOf(term), ...this.lexicon.synonymsOf(term)].some((s) => this.vocabulary.has(s));
  }

  /** Indexed terms within one edit of an unknown `term` (two for long words), nearest first; [] for short words. */
  corrections(term: string): Array<{ term: string; distance: number }> {
    if (term.length < TUNING.fuzzyMinLength || /\d/.test(term) || this.lexicon.isRealWord(term)) return [];
    const found = [...this.terms.fuzzyGet(term, term.length >= TUNING.fuzzyTwoEditsLength ? 2 : 1)].map(([candidate, [, distance]]) => ({ term: candidate, distance }));
    // Two letters swapped ("netfilx") are one slip, though two edits to MiniSearch's Levenshtein distance.
    for (let i = 0; i + 1 < term.length; i++) {
      const swapped = term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2);
      if (swapped !== term && this.terms.has(swapped) && !found.some((c) => c.term === swapped)) found.push({ term: swapped, distance: 1 });
    }
    return found
      .filter((c) => c.distance > 0)
      .sort((a, b) => a.distance - b.distance || (this.vocabulary.get(b.term) ?? 0) - (this.vocabulary.get(a.term) ?? 0) || a.term.localeCompare(b.term));
  }

  /**
   * How each of the question's analysed terms reaches the index: the term itself, its synonyms (at a lower
   * weight) or, for a word the corpus does not know, its nearest indexed words (typos). Keyed by index term.
   */
  private variantsOf(userTerms: readonly string[]): Reach {
    // One answer asks about one question many times (search, then which quote leads): remember the last.
    const key = userTerms.join(' ');
    if (this.lastVariants?.key === key) return this.lastVariants.value;
    const value = this.computeVariants(userTerms);
    this.lastVariants = { key, value };
    return value;
  }

  private lastVariants: { key: string; value: Reach } | undefined;

  private computeVariants(userTerms: readonly string[]): Reach {
    const variants = new Map<string, Variant[]>();
    const addVariant = (term: string, variant: Variant) => {
      const list = variants.get(term) ?? [];
      if (!list.some((v) => v.user === variant.user)) list.push(variant);
      variants.set(term, list);
    };
    const known: string[] = [];
    const weighed: string[] = [];
    for (const user of userTerms) {
      let reached = false;
      let guessed = false;
      if (this.vocabulary.has(user)) {
        addVariant(user, { user, weight: 1, credit: 1, gate: true });
        reached = true;
      }
      // Another form of the same word ("competition" for "competing") is nearly the word itself.
      const forms = this.lexicon.formsOf(user);
      for (const form of forms) {
        if (!this.vocabulary.has(form) || userTerms.includes(form)) continue;
        addVariant(form, { user, weight: TUNING.formWeight, credit: TUNING.formCredit });
        reached = true;
      }
      // The story's synonyms of the word, and of its other forms ("permissions" → "permitted" → "access").
      for (const synonym of new Set([...this.lexicon.synonymsOf(user), ...forms.flatMap((f) => this.lexicon.synonymsOf(f))])) {
        if (!this.vocabulary.has(synonym) || userTerms.includes(synonym)) continue;
        addVariant(synonym, { user, weight: TUNING.synonymWeight, credit: TUNING.synonymCredit });
        reached = true;
      }
      if (!this.vocabulary.has(user)) {
        for (const related of this.lexicon.thesaurusOf(user)) {
          if (!this.vocabulary.has(related) || userTerms.includes(related)) continue;
          addVariant(related, { user, weight: TUNING.thesaurusWeight, credit: TUNING.thesaurusCredit });
          guessed = true;
        }
      }
      // A thesaurus synonym is a guess: it helps rank, but does not make the corpus know the word (so it
      // never turns an out-of-scope question into an answered one).
      if (!reached && !guessed) {
        const corrections = this.corrections(user);
        const nearest = corrections[0];
        for (const c of corrections) if (nearest && c.distance === nearest.distance) addVariant(c.term, { user, weight: TUNING.typoWeight, credit: 1, gate: true });
        reached = nearest !== undefined;
      }
      if (reached) known.push(user);
      else if (guessed) weighed.push(user);
    }
    return { variants, known, weighed: [...known, ...weighed] };
  }

  /**
   * How well a text answers the question's words, weighed as search coverage is (IDF; a synonym counts
   * partly) with the same bonus for the question's words side by side: used to choose which of a fact's
   * quotes to show first.
   */
  relevanceOf(question: string, text: string): number {
    const asked = this.askedOf(question);
    if (!asked.known.length) return 0;
    const { variants, weighed, idf, positions } = asked;
    const sequence = this.analysedText(text);
    const credit = new Map<string, number>();
    for (const term of sequence) {
      for (const v of variants.get(term) ?? []) credit.set(v.user, Math.max(credit.get(v.user) ?? 0, v.credit));
    }
    let covered = 0, total = 0;
    for (const term of weighed) {
      const weight = idf.get(term) ?? 0;
      total += weight;
      covered += (credit.get(term) ?? 0) * weight;
    }
    return (total ? covered / total : 0) * (1 + TUNING.phraseBonus * adjacentPairs(sequence, positions));
  }

  /**
   * What {@link relevanceOf} needs of a question, kept for the last few questions: an answer weighs many
   * quotes and sentences against the same question (and roles against its words).
   */
  private askedOf(question: string): Reach & { idf: Map<string, number>; positions: Map<string, number[]> } {
    let asked = this.asked.get(question);
    if (!asked) {
      const analysed = this.analyse(question);
      const reach = this.variantsOf([...new Set(analysed)]);
      asked = { ...reach, idf: new Map(reach.weighed.map((t) => [t, this.idf(t, reach.variants)])), positions: termPositions(analysed, reach.variants) };
      if (this.asked.size >= 64) this.asked.clear();
      this.asked.set(question, asked);
    }
    return asked;
  }

  private readonly asked = new Map<string, ReturnType<Search['askedOf']>>();

  /** The analysed terms of a quote or sentence, memoised (the texts answers weigh are the corpus's own, a bounded set). */
  analysedText(text: string): readonly string[] {
    let sequence = this.texts.get(text);
    if (!sequence) {
      sequence = this.analyse(text);
      if (this.texts.size >= 20_000) this.texts.clear();
      this.texts.set(text, sequence);
    }
    return sequence;
  }

  private readonly texts = new Map<string, string[]>();

  search(question: string, options: SearchOptions = {}): SearchOutcome {
    const analysed = this.analyse(question);
    const userTerms = [...new Set(analysed)];
    const { variants, known, weighed } = this.variantsOf(userTerms);
    // A thesaurus guess ("admit" → "acknowledges") counts for part of a known word: enough, beside a name, to
    // answer "did meta admit anything"; never enough alone.
    const reached = known.length + TUNING.guessedShare * (weighed.length - known.length);
    const abstain = userTerms.length === 0 || known.length === 0 || reached / userTerms.length <= TUNING.minKnownShare;
    if (abstain) return { hits: [], terms: userTerms, known, abstain: true };

    const focus = new Set(options.focus ? this.analyse(options.focus.words) : []);
    const focusOf = (user: string) => (focus.has(user) ? (options.focus?.weight ?? 1) : 1);
    const weightOf = (term: string) => Math.max(...(variants.get(term) ?? []).map((v) => v.weight * focusOf(v.user)), 0);
    const allowed = this.allowed(options);
    const candidates = options.plan === false ? undefined : this.plan(known, variants, allowed, options.filter ? undefined : [...(options.kinds ?? [])].sort().join());
    const gate = candidates ?? allowed;
    const searchOptions: MiniSearchOptions = {
      boost: { text: 1, label: TUNING.labelBoost },
      boostTerm: weightOf,
      ...(gate ? { boostDocument: through(gate) } : {}),
    };
    // The user's own words (and typo corrections) are looked for in the quotes and the labels; synonyms and
    // thesaurus guesses in the quotes only: a label is the project's own summary, and matching it loosely
    // lets a fact whose summary is full of related words ("court", "suit", "case") outrank the answer.
    const own = [...variants].filter(([, vs]) => vs.some((v) => v.weight >= TUNING.typoWeight)).map(([term]) => term);
    const loose = [...variants.keys()].filter((term) => !own.includes(term));
    const query = {
      combineWith: 'OR' as const,
      queries: [
        { queries: [own.join(' ')], fields: ['text', 'label'] },
        ...(loose.length ? [{ queries: [loose.join(' ')], fields: ['text'] }] : []),
      ],
    };
    const results: SearchResult[] = this.index.search(query, searchOptions);

    // Rare words say more about what the question is after than common ones: weigh coverage by IDF.
    // A thesaurus guess never makes the corpus know a word (the abstention above), but an item that has it
    // answers that part of the question: it counts in coverage, at its credit.
    const weights = new Map(weighed.map((t) => [t, this.idf(t, variants) * focusOf(t)]));
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
    interface Scored { item: Indexed; base: number; coverage: number; matched: string[] }
    const scored: Scored[] = [];
    for (const result of results) {
      const item = this.items.get(result.id as string);
      if (!item) continue;
      // Coverage of the question, by where each word was found: the article's own words count fully,
      // a synonym in them partly, a label (summary, publisher) least.
      const credit = new Map<string, number>();
      for (const [term, fields] of Object.entries(result.match)) {
        const inText = fields.includes('text');
        for (const v of variants.get(term) ?? []) {
          const value = inText ? v.credit : TUNING.labelCredit;
          credit.set(v.user, Math.max(credit.get(v.user) ?? 0, value));
        }
      }
      let covered = 0;
      for (const [term, value] of credit) covered += value * (weights.get(term) ?? 0);
      const coverage = covered / totalWeight;
      // MiniSearch multiplies a result's score by how many query terms it matched; synonyms count there as
      // terms, so a text full of related words would gain. Undo it: coverage (by the user's words) says it.
      const bm25 = result.score / Math.max(1, result.queryTerms.length);
      let base = bm25 * (TUNING.coverageBase + coverage) ** TUNING.coveragePower;
      if (item.doc.kind === 'fact') base *= TUNING.factBoost + TUNING.corroborationBoost * (item.doc.sources - 1);
      scored.push({ item, base, coverage, matched: [...credit.keys()] });
    }

    // The phrase bonus and the caller's weights only raise a score by a bounded factor, so documents are
    // finished best base first, and the rest skipped once none of them can reach the results any more.
    scored.sort((a, b) => b.base - a.base);
    const ceiling = (1 + TUNING.phraseBonus * Math.max(0, analysed.length - 1)) * (options.weigh ? (options.maxWeight ?? Infinity) : 1);
    const limit = options.limit ?? 20;
    const positions = termPositions(analysed, variants);
    const best = new Map<string, Hit>();
    let floor = 0;
    for (let i = 0; i < scored.length; i++) {
      const { item, base, coverage, matched } = scored[i] as Scored;
      if (best.size >= limit && base * ceiling < floor) break;
      let score = base * (1 + TUNING.phraseBonus * adjacentPairs(item.sequence, positions));
      if (options.weigh) score *= options.weigh(item.doc);
      if (score <= 0) continue;
      // One hit per item: its best document (a fact's best citation).
      const seen = best.get(item.doc.item);
      if (!seen || score > seen.score) best.set(item.doc.item, { id: item.doc.item, kind: item.doc.kind, part: item.doc.part, score, matched, coverage });
      if (best.size >= limit && i % 16 === 15) floor = [...best.values()].map((h) => h.score).sort((a, b) => b - a)[limit - 1] ?? 0;
    }
    const hits = [...best.values()];
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { hits: hits.slice(0, options.limit ?? 20), terms: userTerms, known, abstain: hits.length === 0 };
  }

  /** The documents a search may return, or undefined for all. Gates by kind alone are kept until the index changes. */
  private allowed(options: SearchOptions): Gate | undefined {
    const { kinds, filter } = options;
    if (!kinds && !filter) return undefined;
    const key = !filter && kinds ? [...kinds].sort().join() : undefined;
    const cached = key === undefined ? undefined : this.byKind.get(key);
    if (cached) return cached;
    const ids = new Uint8Array(this.nextSlot);
    for (const { doc, slot } of this.items.values()) {
      if (kinds && !kinds.includes(doc.kind)) continue;
      if (filter && !filter(doc.item)) continue;
      ids[slot] = 1;
    }
    if (key !== undefined) this.byKind.set(key, ids);
    return ids;
  }

  private readonly byKind = new Map<string, Gate>();

  /** The candidates a planned search scores, or undefined to search exhaustively (small corpora). */
  private plan(known: string[], variants: Map<string, Variant[]>, allowed: Gate | undefined, allowedKey: string | undefined): Gate | undefined {
    if (this.items.size < PLAN.minDocs) return undefined;
    // The user's words and their typo corrections choose the candidates; other forms and synonyms only score them.
    const own = [...variants].filter(([, vs]) => vs.some((v) => v.gate)).map(([term]) => term);
    const limit = this.items.size * PLAN.maxShare;
    let gates = own.filter((t) => (this.vocabulary.get(t) ?? 0) < limit);
    if (!gates.length) {
      const pool = own.length ? own : [...variants.keys()];
      const rarest = pool.reduce<string | undefined>((best, t) => (best === undefined || (this.vocabulary.get(t) ?? 0) < (this.vocabulary.get(best) ?? 0) ? t : best), undefined);
      if (!rarest || !known.length) return undefined;
      // The best documents of a common word are the same for every question falling back on it (the story's
      // names: "facebook", "meta", "netflix"), and searching such a word is the planner's slowest step (one
      // MiniSearch result per document having it: 60k at 100k passages): kept until the index changes.
      const key = allowedKey === undefined ? undefined : `${allowedKey}|${rarest}`;
      const kept = key === undefined ? undefined : this.champions.get(key);
      if (kept) return kept;
      const found = this.candidates(rarest, allowed);
      if (key !== undefined) {
        if (this.champions.size >= 64) this.champions.clear();
        this.champions.set(key, found);
      }
      return found;
    }
    return this.candidates(gates.join(' '), allowed);
  }

  private readonly champions = new Map<string, Gate>();

  /** The best {@link PLAN.maxCandidates} documents for the gate words (a MiniSearch query), as a gate. */
  private candidates(query: string, allowed: Gate | undefined): Gate {
    const results = this.index.search(query, {
      boost: { text: 1, label: TUNING.labelBoost },
      ...(allowed ? { boostDocument: through(allowed) } : {}),
    });
    const candidates = new Uint8Array(this.nextSlot);
    for (const r of results.slice(0, PLAN.maxCandidates)) candidates[(r as unknown as Stored).slot] = 1;
    return candidates;
  }

  /** Inverse document frequency of a user term: of its own df, or of its most common variant's. */
  private idf(term: string, variants: Map<string, Variant[]>): number {
    let df = this.vocabulary.get(term) ?? 0;
    if (!df) for (const [variant, vs] of variants) if (vs.some((v) => v.user === term)) df = Math.max(df, this.vocabulary.get(variant) ?? 0);
    return Math.log(1 + this.items.size / Math.max(1, df));
  }

  /** A document's distinct terms (text and label), for document frequencies: derived, not kept (memory at scale). */
  private distinctTerms(doc: SearchDoc, sequence: readonly string[]): Set<string> {
    return new Set([...sequence, ...this.analyse(doc.label)]);
  }

  private track(doc: SearchDoc, order: number = this.nextOrder++): void {
    this.lastVariants = undefined;
    this.asked.clear();
    this.byKind.clear();
    this.champions.clear();
    const sequence = this.analyse(doc.text);
    for (const term of this.distinctTerms(doc, sequence)) {
      const df = (this.vocabulary.get(term) ?? 0) + 1;
      this.vocabulary.set(term, df);
      this.terms.set(term, df);
    }
    this.items.set(doc.id, { doc, order, sequence, slot: this.nextSlot++ });
  }

  private untrack(item: Indexed): void {
    this.lastVariants = undefined;
    this.asked.clear();
    this.byKind.clear();
    this.champions.clear();
    for (const term of this.distinctTerms(item.doc, item.sequence)) {
      const df = (this.vocabulary.get(term) ?? 0) - 1;
      if (df > 0) {
        this.vocabulary.set(term, df);
        this.terms.set(term, df);
      } else {
        this.vocabulary.delete(term);
        this.terms.delete(term);
      }
    }
    this.items.delete(item.doc.id);
  }
}

/** Whether `sequence` has `run` as consecutive terms. */
function hasRun(sequence: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= sequence.length; i++) {
    for (let k = 0; k < run.length; k++) if (sequence[i + k] !== run[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * For each index term, the positions in the question of the user terms it stands for (the term itself, or
 * its typo correction), for {@link adjacentPairs}.
 */
function termPositions(query: readonly string[], variants: Map<string, Variant[]>): Map<string, number[]> {
  // Every place a term stands, not only its first: in "netflix did the denying", "denying" follows "netflix"
  // though "denied" came earlier.
  const at = new Map<string, number[]>();
  query.forEach((t, i) => {
    const places = at.get(t);
    if (places) places.push(i);
    else at.set(t, [i]);
  });
  const out = new Map<string, number[]>();
  for (const [term, vs] of variants) {
    const list = vs.filter((v) => v.weight >= TUNING.typoWeight).flatMap((v) => at.get(v.user) ?? []);
    if (list.length) out.set(term, list);
  }
  return out;
}

/**
 * How many consecutive pairs of the question's terms occur next to each other (in either order, stop words
 * aside) in the item's text, each term standing for itself or its typo correction. One pass over the text.
 */
function adjacentPairs(sequence: readonly string[], positions: Map<string, number[]>): number {
  if (positions.size < 2) return 0;
  let found = 0;
  const seen = new Set<number>();
  for (let k = 0; k + 1 < sequence.length; k++) {
    const a = positions.get(sequence[k] as string);
    if (!a) continue;
    const b = positions.get(sequence[k + 1] as string);
    if (!b) continue;
    for (const i of a) {
      for (const j of b) {
        const pair = Math.min(i, j);
        // Either order: "filed the lawsuit" answers "lawsuit filed" as well.
        if (Math.abs(i - j) === 1 && !seen.has(pair)) {
          seen.add(pair);
          found++;
        }
      }
    }
  }
  return found;
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

/** The story's synonyms as a lexicon: its synonym groups, and each entity's name with its aliases. */
export function lexiconOf(kase: Case): Lexicon {
  const { synonyms, entities } = kase.vocabulary;
  // An alias that is part of the name ("Watch" of "Facebook Watch") already matches the name's own words.
  const folded = (text: string) => ` ${defaultAnalyzer.terms(text).join(' ')} `;
  const groups = entities
    .map((e) => [e.name, ...e.aliases.filter((a) => !folded(e.name).includes(folded(a)))])
    .filter((group) => group.length > 1);
  return new Lexicon([...synonyms, ...groups], defaultAnalyzer, kase.thesaurus.terms, kase.thesaurus.words, kase.thesaurus.forms);
}

/** Builds the search over every fact and passage of the case. */
export function buildSearch(kase: Case): Search {
  return new Search(searchDocs(kase), lexiconOf(kase));
}

/** The items the search indexes, in index order: every fact, then every passage in case order. */
export function searchDocs(kase: Case): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const fact of kase.facts) {
    const label = factLabel(fact);
    fact.citations.forEach((c, part) => docs.push({ id: `${fact.id}~${part}`, item: fact.id, part, kind: 'fact', text: c.text, label, sources: fact.corroboration }));
  }
  for (const passage of kase.passages) {
    const about = kase.articles.get(passage.source)?.about;
    // Publisher and author only: a title shared by every paragraph would make them all match its words.
    const label = [about?.publisher, about?.author].filter(Boolean).join(' ');
    docs.push({ id: passage.id, item: passage.id, part: 0, kind: 'passage', text: passage.text, label, sources: 1 });
  }
  return docs;
}
