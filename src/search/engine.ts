/**
 * A compact inverted index that scores exactly as MiniSearch 7 does for the queries `Search` makes
 * (an OR of single-term queries, each with a term boost and optionally one edit of fuzziness, over
 * boosted fields), and stores its postings in typed arrays instead of nested Maps.
 *
 * Why not MiniSearch itself: at 100k passages MiniSearch's Map-per-term postings take ~200 MB of heap
 * and every search allocates a result object per matching document; this index takes a fraction of
 * that, serialises to one binary snapshot that loads in milliseconds, and can score a query *planned*
 * (see `gates` in `search`) without touching documents that cannot be answers. On the same documents and
 * queries it gives MiniSearch's scores (BM25+, k 1.2, b 0.7, d 0.5, fuzzy weight 0.45, field length =
 * distinct terms, score × number of query terms matched); `test/search-engine.test.ts` checks that
 * against MiniSearch on random corpora.
 */

const NO_DOCS = new Uint32Array(0);

/** MiniSearch's defaults, which `Search` uses. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
const FUZZY_WEIGHT = 0.45;

const SNAPSHOT_MAGIC = 'inbox-api-bot/term-index';
const SNAPSHOT_VERSION = 1;

type Tf = Uint16Array | Uint32Array;

interface Field {
  name: string;
  /** Postings of term t: docs[offsets[t] .. offsets[t+1]), ascending, with their term frequencies. */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Tf;
  /** Distinct terms of each document in this field (MiniSearch's field length). */
  lengths: Uint32Array;
  /** MiniSearch's running average, computed in the same order so the floats are identical. */
  average: number;
}

export interface QuerySpec {
  term: string;
  /** Edit distance for fuzzy matching (0 or false: exact only). */
  fuzzy?: number | false;
  /** Multiplies this term's score (MiniSearch `boostTerm`). */
  boost?: number;
  /**
   * Planned search: when any query is a gate, only documents matched by a gate are results; the other
   * queries still add their scores to those documents. Without gates every matching document is a result.
   */
  gate?: boolean;
}

export interface EngineSearchOptions {
  /** Fields to search with their boosts, in MiniSearch's order (the order of its `fields` option). */
  fields: ReadonlyArray<{ name: string; boost: number }>;
  /** Documents that may be results (checked before scoring; scores of others are never computed). */
  allow?: (doc: number) => boolean;
  /** Keep only this many results, the best by score (ties at the cut are kept). Default: all. */
  limit?: number;
}

export interface EngineResult {
  doc: number;
  /** MiniSearch's score: the sum over matched terms and fields, times the number of query terms matched. */
  score: number;
  /**
   * MiniSearch's `match`, compact: `terms[i]` (an index term) was found in the fields whose bits are set in
   * `fields[i]` (bit k for `options.fields[k]`), in MiniSearch's key order.
   */
  terms: string[];
  fields: number[];
}

/** A growable Int32Array kept between searches (no garbage per search). */
class Scratch {
  data: Int32Array = new Int32Array(1024);
  ensure(n: number): Int32Array {
    if (this.data.length < n) this.data = new Int32Array(Math.max(n, this.data.length * 2));
    return this.data;
  }
}

/** A growable typed array for building. */
class Grow<T extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export class TermIndex {
  readonly documentCount: number;
  private readonly terms: string[];
  private readonly ids: Map<string, number>;
  private readonly fields: Field[];
  /** Documents containing the term in any field. */
  private readonly dfAll: Uint32Array;
  /** Text-field term sequence of each document, for adjacency: seq[seqOffsets[d] .. seqOffsets[d+1]). */
  private readonly seq: Uint32Array;
  private readonly seqOffsets: Uint32Array;
  /** Code units used by any term: the alphabet fuzzy variants are made of. */
  private readonly alphabet: string[];

  // Scratch space for search (single-threaded, not re-entrant).
  private readonly total: Float64Array;
  private readonly partial: Float64Array;
  private readonly seen: Uint32Array;
  private readonly seenInQuery: Uint32Array;
  private readonly quality: Uint16Array;
  private readonly slot: Uint32Array;
  /** Match records of a search: document, term, field and query of each scored posting. */
  private readonly records = { doc: new Scratch(), term: new Scratch(), field: new Scratch(), query: new Scratch(), byDoc: new Scratch(), starts: new Scratch(), local: new Scratch() };
  /** Per term, while building one result's match: which result, which query set it, where it is. */
  private readonly termStamp: Uint32Array;
  private readonly termQuery: Int32Array;
  private readonly termSlot: Int32Array;
  private resultStamp = 0;
  private generation = 0;
  private queryGeneration = 0;

  private constructor(parts: {
    documentCount: number;
    terms: string[];
    fields: Field[];
    dfAll: Uint32Array;
    seq: Uint32Array;
    seqOffsets: Uint32Array;
  }) {
    this.documentCount = parts.documentCount;
    this.terms = parts.terms;
    this.ids = new Map(parts.terms.map((t, i) => [t, i]));
    this.fields = parts.fields;
    this.dfAll = parts.dfAll;
    this.seq = parts.seq;
    this.seqOffsets = parts.seqOffsets;
    const alphabet = new Set<string>();
    for (const term of parts.terms) for (let i = 0; i < term.length; i++) alphabet.add(term[i] as string);
    this.alphabet = [...alphabet].sort();
    const n = this.documentCount;
    this.total = new Float64Array(n);
    this.partial = new Float64Array(n);
    this.seen = new Uint32Array(n);
    this.seenInQuery = new Uint32Array(n);
    this.quality = new Uint16Array(n);
    this.slot = new Uint32Array(n);
    this.termStamp = new Uint32Array(parts.terms.length);
    this.termQuery = new Int32Array(parts.terms.length);
    this.termSlot = new Int32Array(parts.terms.length);
  }

  /**
   * Indexes documents 0..count-1, each field's text analysed as MiniSearch would with these `tokenize`
   * and `processTerm` options (null drops a token). The first field's term sequences are kept for
   * adjacency (`adjacent`).
   */
  static build(
    count: number,
    fieldNames: readonly string[],
    fieldText: (doc: number, field: string) => string,
    tokenize: (text: string) => string[],
    processTerm: (token: string) => string | null,
  ): TermIndex {
    const n = count;
    const ids = new Map<string, number>();
    const terms: string[] = [];
    // Memoised analysis: the raw token vocabulary is small next to the text.
    const memo = new Map<string, number>();
    const analyse = (text: string, out: Grow<Uint32Array>) => {
      for (const token of tokenize(text)) {
        let id = memo.get(token);
        if (id === undefined) {
          const term = processTerm(token);
          if (!term) id = -1;
          else {
            id = ids.get(term) ?? -1;
            if (id === -1) {
              id = terms.length;
              ids.set(term, id);
              terms.push(term);
            }
          }
          memo.set(token, id);
        }
        if (id >= 0) out.push(id);
      }
    };

    const seq = new Grow(new Uint32Array(1024), (k) => new Uint32Array(k));
    const seqOffsets = new Uint32Array(n + 1);
    // Forward index per field: (term, tf) pairs of each document, then inverted.
    const forward = fieldNames.map(() => ({ terms: new Grow(new Uint32Array(1024), (k) => new Uint32Array(k)), tfs: new Grow(new Uint32Array(1024), (k) => new Uint32Array(k)), offsets: new Uint32Array(n + 1), lengths: new Uint32Array(n), average: 0 }));
    let counts = new Uint32Array(1024);
    let stamp = new Int32Array(1024).fill(-1);
    const scratch = new Grow(new Uint32Array(256), (k) => new Uint32Array(k));
    for (let d = 0; d < n; d++) {
      fieldNames.forEach((name, f) => {
        const fw = forward[f] as (typeof forward)[number];
        scratch.length = 0;
        analyse(fieldText(d, name), scratch);
        const tokens = scratch.data;
        if (f === 0) for (let i = 0; i < scratch.length; i++) seq.push(tokens[i] as number);
        if (terms.length > counts.length) {
          const grown = new Uint32Array(terms.length * 2);
          grown.set(counts);
          counts = grown;
          const grownStamp = new Int32Array(terms.length * 2).fill(-1);
          grownStamp.set(stamp);
          stamp = grownStamp;
        }
        let distinct = 0;
        const key = d * fieldNames.length + f;
        for (let i = 0; i < scratch.length; i++) {
          const t = tokens[i] as number;
          if (stamp[t] !== key) {
            stamp[t] = key;
            counts[t] = 0;
            distinct++;
            fw.terms.push(t);
          }
          counts[t] = (counts[t] as number) + 1;
        }
        for (let i = fw.offsets[d] as number; i < fw.terms.length; i++) fw.tfs.push(counts[fw.terms.data[i] as number] as number);
        fw.offsets[d + 1] = fw.terms.length;
        fw.lengths[d] = distinct;
        // MiniSearch: avg = (avg * count + length) / (count + 1), document by document.
        fw.average = (fw.average * d + distinct) / (d + 1);
      });
      seqOffsets[d + 1] = seq.length;
    }

    const T = terms.length;
    const dfAll = new Uint32Array(T);
    const lastDoc = new Int32Array(T).fill(-1);
    const fields: Field[] = forward.map((fw, f) => {
      const pairs = fw.terms.done();
      const tfsIn = fw.tfs.done();
      const offsets = new Uint32Array(T + 1);
      for (let i = 0; i < pairs.length; i++) {
        const t = (pairs[i] as number) + 1;
        offsets[t] = (offsets[t] as number) + 1;
      }
      for (let t = 0; t < T; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
      const fill = offsets.slice(0, T);
      const postingDocs = new Uint32Array(pairs.length);
      let maxTf = 0;
      for (let i = 0; i < tfsIn.length; i++) if ((tfsIn[i] as number) > maxTf) maxTf = tfsIn[i] as number;
      const tfs: Tf = maxTf > 0xffff ? new Uint32Array(pairs.length) : new Uint16Array(pairs.length);
      for (let d = 0; d < n; d++) {
        for (let i = fw.offsets[d] as number; i < (fw.offsets[d + 1] as number); i++) {
          const t = pairs[i] as number;
          const at = fill[t] as number;
          fill[t] = at + 1;
          postingDocs[at] = d;
          tfs[at] = tfsIn[i] as number;
        }
      }
      return { name: fieldNames[f] as string, offsets, docs: postingDocs, tfs, lengths: fw.lengths, average: fw.average };
    });
    // Documents per term over all fields (a term in two fields of one document counts once).
    for (let d = 0; d < n; d++) {
      for (const fw of forward) {
        const pairs = fw.terms.data;
        for (let i = fw.offsets[d] as number; i < (fw.offsets[d + 1] as number); i++) {
          const t = pairs[i] as number;
          if (lastDoc[t] !== d) {
            lastDoc[t] = d;
            dfAll[t] = (dfAll[t] as number) + 1;
          }
        }
      }
    }
    return new TermIndex({ documentCount: n, terms, fields, dfAll, seq: seq.done().slice(), seqOffsets });
  }

  /** Number of distinct indexed terms. */
  get termCount(): number {
    return this.terms.length;
  }

  /** Every indexed term with the number of documents that have it in any field. */
  *vocabulary(): IterableIterator<[string, number]> {
    for (let t = 0; t < this.terms.length; t++) yield [this.terms[t] as string, this.dfAll[t] as number];
  }

  /** Documents that have `term` in any field (0 when unknown). */
  df(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : (this.dfAll[id] as number);
  }

  /** Number of postings `term` has over `fields` (the work scoring it takes). */
  postings(term: string, fields: readonly string[]): number {
    const id = this.ids.get(term);
    if (id === undefined) return 0;
    let count = 0;
    for (const field of this.fields) if (fields.includes(field.name)) count += (field.offsets[id + 1] as number) - (field.offsets[id] as number);
    return count;
  }

  /** Indexed terms at exactly edit distance `1` from `term` (Levenshtein on UTF-16 code units, as MiniSearch). */
  near(term: string): string[] {
    const found = new Set<string>();
    const check = (candidate: string) => {
      if (candidate !== term && this.ids.has(candidate)) found.add(candidate);
    };
    for (let i = 0; i < term.length; i++) check(term.slice(0, i) + term.slice(i + 1));
    for (let i = 0; i <= term.length; i++) {
      const head = term.slice(0, i);
      const tail = term.slice(i);
      for (const c of this.alphabet) {
        check(head + c + tail);
        if (i < term.length && c !== term[i]) check(head + c + term.slice(i + 1));
      }
    }
    return [...found].sort();
  }

  /** Whether some term within one edit of `term` (or `term` itself) occurs in `field`. */
  hasNearIn(term: string, field: string): boolean {
    const f = this.fields.find((x) => x.name === field);
    if (!f) return false;
    const inField = (t: string) => {
      const id = this.ids.get(t);
      return id !== undefined && (f.offsets[id + 1] as number) > (f.offsets[id] as number);
    };
    return inField(term) || this.near(term).some(inField);
  }

  /** Documents that have `term` in `field`, ascending. */
  documentsWith(term: string, field: string): Uint32Array {
    const id = this.ids.get(term);
    const f = this.fields.find((x) => x.name === field);
    if (id === undefined || !f) return new Uint32Array(0);
    return f.docs.subarray(f.offsets[id] as number, f.offsets[id + 1] as number);
  }

  /**
   * Documents whose first field has `terms` as consecutive terms, ascending (none when a term is unknown):
   * the rarest term's postings, each checked against the document's term sequence.
   */
  documentsWithRun(terms: readonly string[], field: string): number[] {
    const ids = terms.map((t) => this.ids.get(t));
    if (!ids.length || ids.some((id) => id === undefined)) return [];
    const run = ids as number[];
    let rarest = 0;
    for (let i = 1; i < run.length; i++) if (this.documentsWith(terms[i] as string, field).length < this.documentsWith(terms[rarest] as string, field).length) rarest = i;
    const out: number[] = [];
    for (const doc of this.documentsWith(terms[rarest] as string, field)) {
      const end = (this.seqOffsets[doc + 1] as number) - run.length;
      for (let i = this.seqOffsets[doc] as number; i <= end; i++) {
        let k = 0;
        while (k < run.length && this.seq[i + k] === run[k]) k++;
        if (k === run.length) {
          out.push(doc);
          break;
        }
      }
    }
    return out;
  }

  /** Whether `first` is immediately followed by `second` somewhere in document `doc`'s first field. */
  adjacent(doc: number, first: string, second: string): boolean {
    const a = this.ids.get(first);
    const b = this.ids.get(second);
    if (a === undefined || b === undefined) return false;
    const end = (this.seqOffsets[doc + 1] as number) - 1;
    for (let i = this.seqOffsets[doc] as number; i < end; i++) if (this.seq[i] === a && this.seq[i + 1] === b) return true;
    return false;
  }

  /**
   * MiniSearch's `search({ combineWith: 'OR', queries }, …)` for single-term queries, unsorted. Query terms
   * must be distinct. With gates, only documents a gate matches are scored by the other queries.
   */
  search(queries: readonly QuerySpec[], options: EngineSearchOptions): EngineResult[] {
    const gen = ++this.generation;
    const fields = options.fields.map(({ name, boost }) => ({ field: this.fields.find((f) => f.name === name), boost })).filter((f): f is { field: Field; boost: number } => !!f.field);
    const gated = queries.some((q) => q.gate);
    const order = gated ? [...queries.filter((q) => q.gate), ...queries.filter((q) => !q.gate)] : queries;
    const touched: number[] = [];
    // What each document matched, in order: (doc, term id, field index, query index).
    const records = this.records;
    let recDoc = records.doc.data;
    let recTerm = records.term.data;
    let recField = records.field.data;
    let recQuery = records.query.data;
    let count = 0;
    const N = this.documentCount;

    const seen = this.seen;
    const seenInQuery = this.seenInQuery;
    const partial = this.partial;
    const allow = options.allow;
    /** Once the gates have run: the candidates, ascending, to look up in long posting lists. */
    let candidates: Uint32Array | null = null;
    for (let qi = 0; qi < order.length; qi++) {
      const query = order[qi] as QuerySpec;
      const qgen = ++this.queryGeneration;
      const opensDocs = !gated || query.gate === true;
      if (!opensDocs && !candidates) candidates = Uint32Array.from(touched).sort();
      const boost = query.boost ?? 1;
      // Documents this query scored, in first-scored order.
      let local = records.local.data;
      let scored = 0;
      const derived: Array<[number, number]> = [];
      const exact = this.ids.get(query.term);
      if (exact !== undefined) derived.push([exact, 1]);
      if (query.fuzzy) {
        for (const term of this.near(query.term)) derived.push([this.ids.get(term) as number, (FUZZY_WEIGHT * term.length) / (term.length + 1)]);
      }
      for (const [t, weight] of derived) {
        for (let fi = 0; fi < fields.length; fi++) {
          const { field, boost: fieldBoost } = fields[fi] as { field: Field; boost: number };
          const from = field.offsets[t] as number;
          const to = field.offsets[t + 1] as number;
          if (from === to) continue;
          const matching = to - from;
          const idf = Math.log(1 + (N - matching + 0.5) / (matching + 0.5));
          const average = field.average;
          const docs = field.docs;
          const tfs = field.tfs;
          const lengths = field.lengths;
          const scale = weight * boost * fieldBoost * 1;
          // Few candidates and a long list: look each candidate up (both ascending) instead of walking the list.
          const lookup = candidates !== null && candidates.length * 24 < matching;
          const wanted = candidates ?? NO_DOCS;
          let next = 0;
          let lo = from;
          let i = from - 1;
          for (;;) {
            if (lookup) {
              i = -1;
              while (next < wanted.length) {
                const doc = wanted[next++] as number;
                let hi = to;
                while (lo < hi) {
                  const mid = (lo + hi) >>> 1;
                  if ((docs[mid] as number) < doc) lo = mid + 1;
                  else hi = mid;
                }
                if (lo === to) {
                  next = wanted.length;
                  break;
                }
                if (docs[lo] === doc) {
                  i = lo++;
                  break;
                }
              }
              if (i === -1) break;
            } else if (++i >= to) break;
            const doc = docs[i] as number;
            if (!opensDocs && seen[doc] !== gen) continue;
            if (allow && !allow(doc)) continue;
            const tf = tfs[i] as number;
            const length = lengths[doc] as number;
            // MiniSearch's BM25+ and weighting, term for term (same operations, same order: same floats).
            const raw = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
            const weighted = scale * raw;
            if (seenInQuery[doc] !== qgen) {
              seenInQuery[doc] = qgen;
              partial[doc] = weighted;
              if (scored === local.length) local = records.local.ensure(scored + 1);
              local[scored++] = doc;
            } else {
              partial[doc] = (partial[doc] as number) + weighted;
            }
            if (count === recDoc.length) {
              recDoc = records.doc.ensure(count + 1);
              recTerm = records.term.ensure(count + 1);
              recField = records.field.ensure(count + 1);
              recQuery = records.query.ensure(count + 1);
            }
            recDoc[count] = doc;
            recTerm[count] = t;
            recField[count] = fi;
            recQuery[count] = qi;
            count++;
          }
        }
      }
      for (let k = 0; k < scored; k++) {
        const doc = local[k] as number;
        if (seen[doc] !== gen) {
          seen[doc] = gen;
          this.total[doc] = 0;
          this.quality[doc] = 0;
          touched.push(doc);
        }
        this.total[doc] = (this.total[doc] as number) + (partial[doc] as number);
        this.quality[doc] = (this.quality[doc] as number) + 1;
      }
    }

    if (options.limit !== undefined && touched.length > options.limit) {
      const scores = new Float64Array(touched.length);
      touched.forEach((doc, i) => (scores[i] = (this.total[doc] as number) * ((this.quality[doc] as number) || 1)));
      const cut = kthLargest(scores, options.limit);
      let kept = 0;
      for (const doc of touched) if ((this.total[doc] as number) * ((this.quality[doc] as number) || 1) >= cut) touched[kept++] = doc;
      touched.length = kept;
    }

    // Group the match records by document (counting sort over the kept documents).
    const slot = this.slot;
    const keptStamp = ++this.queryGeneration;
    for (const doc of touched) this.seenInQuery[doc] = keptStamp;
    touched.forEach((doc, i) => (slot[doc] = i));
    const starts = records.starts.ensure(touched.length + 1).fill(0, 0, touched.length + 1);
    for (let r = 0; r < count; r++) {
      const doc = recDoc[r] as number;
      if (this.seenInQuery[doc] !== keptStamp) continue;
      const s = (slot[doc] as number) + 1;
      starts[s] = (starts[s] as number) + 1;
    }
    for (let i = 0; i < touched.length; i++) starts[i + 1] = (starts[i + 1] as number) + (starts[i] as number);
    const byDoc = records.byDoc.ensure(count);
    for (let r = 0; r < count; r++) {
      const doc = recDoc[r] as number;
      if (this.seenInQuery[doc] !== keptStamp) continue;
      const s = slot[doc] as number;
      byDoc[starts[s] as number] = r;
      starts[s] = (starts[s] as number) + 1;
    }
    // `starts[s]` now ends document s's records; they begin where document s - 1's end.
    const results: EngineResult[] = [];
    const { termStamp, termQuery, termSlot } = this;
    // Built in reused arrays, then copied at their exact size (a growing array over-allocates).
    const terms: string[] = [];
    const fieldBits: number[] = [];
    for (let s = 0; s < touched.length; s++) {
      const doc = touched[s] as number;
      terms.length = 0;
      fieldBits.length = 0;
      if (++this.resultStamp === 0xffffffff) {
        termStamp.fill(0);
        this.resultStamp = 1;
      }
      const stamp = this.resultStamp;
      for (let i = s === 0 ? 0 : (starts[s - 1] as number); i < (starts[s] as number); i++) {
        const r = byDoc[i] as number;
        const t = recTerm[r] as number;
        const bit = 1 << (recField[r] as number);
        const q = recQuery[r] as number;
        if (termStamp[t] !== stamp) {
          termStamp[t] = stamp;
          termQuery[t] = q;
          termSlot[t] = terms.length;
          terms.push(this.terms[t] as string);
          fieldBits.push(bit);
        } else if (termQuery[t] === q) {
          fieldBits[termSlot[t] as number] = (fieldBits[termSlot[t] as number] as number) | bit;
        } else {
          // MiniSearch merges per-query matches with Object.assign: a later query's fields replace an earlier one's.
          termQuery[t] = q;
          fieldBits[termSlot[t] as number] = bit;
        }
      }
      results.push({ doc, score: (this.total[doc] as number) * ((this.quality[doc] as number) || 1), terms: terms.slice(), fields: fieldBits.slice() });
    }
    return results;
  }

  // -------------------------------------------------------------------------------------------------------
  // Snapshot: one binary file, a JSON header then the typed arrays, 8-byte aligned.

  serialize(key: string): Buffer {
    const arrays: Array<{ name: string; array: Uint32Array | Uint16Array }> = [
      { name: 'dfAll', array: this.dfAll },
      { name: 'seq', array: this.seq },
      { name: 'seqOffsets', array: this.seqOffsets },
    ];
    for (const [f, field] of this.fields.entries()) {
      arrays.push({ name: `f${f}.offsets`, array: field.offsets }, { name: `f${f}.docs`, array: field.docs }, { name: `f${f}.tfs`, array: field.tfs }, { name: `f${f}.lengths`, array: field.lengths });
    }
    const termsText = Buffer.from(this.terms.join('\n'), 'utf8');
    let offset = 0;
    const layout = arrays.map(({ name, array }) => {
      const entry = { name, type: array instanceof Uint16Array ? 'u16' : 'u32', offset, length: array.length };
      offset += Math.ceil(array.byteLength / 8) * 8;
      return entry;
    });
    const termsOffset = offset;
    const header = Buffer.from(
      JSON.stringify({
        magic: SNAPSHOT_MAGIC,
        version: SNAPSHOT_VERSION,
        key,
        documentCount: this.documentCount,
        fields: this.fields.map((f) => ({ name: f.name, average: f.average })),
        layout,
        terms: { offset: termsOffset, bytes: termsText.length, count: this.terms.length },
      }),
      'utf8',
    );
    const headerBytes = Math.ceil((header.length + 4) / 8) * 8;
    const out = Buffer.alloc(headerBytes + termsOffset + termsText.length);
    out.writeUInt32LE(header.length, 0);
    header.copy(out, 4);
    arrays.forEach(({ array }, i) => {
      const at = headerBytes + (layout[i] as { offset: number }).offset;
      Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(out, at);
    });
    termsText.copy(out, headerBytes + termsOffset);
    return out;
  }

  /** The key a snapshot was written with, or null when `data` is not a snapshot of this version. */
  static snapshotKey(data: Buffer): string | null {
    return TermIndex.header(data)?.key ?? null;
  }

  private static header(data: Buffer): SnapshotHeader | null {
    if (data.length < 4) return null;
    const length = data.readUInt32LE(0);
    if (length + 4 > data.length) return null;
    try {
      const header = JSON.parse(data.subarray(4, 4 + length).toString('utf8')) as SnapshotHeader;
      return header.magic === SNAPSHOT_MAGIC && header.version === SNAPSHOT_VERSION ? header : null;
    } catch {
      return null;
    }
  }

  /** Loads a snapshot written by `serialize`. The arrays are views on `data` (no copy when aligned). */
  static deserialize(data: Buffer): TermIndex {
    const header = TermIndex.header(data);
    if (!header) throw new Error('search snapshot: not a term index snapshot of this version');
    const base = Math.ceil((data.readUInt32LE(0) + 4) / 8) * 8;
    let aligned = data;
    if ((data.byteOffset + base) % 8 !== 0) {
      aligned = Buffer.allocUnsafeSlow(data.length);
      data.copy(aligned);
    }
    const view = (name: string): Uint32Array | Uint16Array => {
      const entry = header.layout.find((l) => l.name === name);
      if (!entry) throw new Error(`search snapshot: no ${name}`);
      const at = aligned.byteOffset + base + entry.offset;
      return entry.type === 'u16' ? new Uint16Array(aligned.buffer, at, entry.length) : new Uint32Array(aligned.buffer, at, entry.length);
    };
    const termsStart = base + header.terms.offset;
    const terms = header.terms.count ? aligned.subarray(termsStart, termsStart + header.terms.bytes).toString('utf8').split('\n') : [];
    return new TermIndex({
      documentCount: header.documentCount,
      terms,
      fields: header.fields.map((f, i) => ({
        name: f.name,
        average: f.average,
        offsets: view(`f${i}.offsets`) as Uint32Array,
        docs: view(`f${i}.docs`) as Uint32Array,
        tfs: view(`f${i}.tfs`),
        lengths: view(`f${i}.lengths`) as Uint32Array,
      })),
      dfAll: view('dfAll') as Uint32Array,
      seq: view('seq') as Uint32Array,
      seqOffsets: view('seqOffsets') as Uint32Array,
    });
  }
}

/** The k-th largest value of `values` (k ≥ 1), by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target] as number;
}

interface SnapshotHeader {
  magic: string;
  version: number;
  key: string;
  documentCount: number;
  fields: Array<{ name: string; average: number }>;
  layout: Array<{ name: string; type: 'u16' | 'u32'; offset: number; length: number }>;
  terms: { offset: number; bytes: number; count: number };
}
