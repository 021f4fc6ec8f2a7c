/**
 * `/quote`: is this sentence in the sources?
 *
 * 1. Verbatim: the text, folded by the corpus rule (quotes, dashes, whitespace), is a substring of some
 *    passage. Every source that has it is reported.
 * 2. Otherwise the nearest wording: candidate passages come from the search index, and the text's words
 *    are aligned against each candidate (word-level edit distance, free to start and end anywhere in the
 *    passage). The best alignment gives the source words compared against and the differences.
 * 3. A close match whose differences flip a negation or change a number changes the meaning; the reply
 *    says so plainly.
 */
import type { Case, Passage } from '../corpus/case.js';
import { fold, foldWithMap } from '../corpus/text.js';
import { processTerm } from './analyze.js';
import type { Search } from './search.js';

export type Verdict = 'verbatim' | 'close' | 'meaning' | 'notfound';

interface Word {
  /** Lower-cased, folded form used for comparison. */
  key: string;
  /** Offsets of the word in the text it came from. */
  start: number;
  end: number;
}

/** A difference between the checked text and the source, as spans of each. */
export interface Difference {
  /** The checked text's words here ('' when the source has words the text lacks). */
  yours: string;
  /** The source's words here ('' when the text has words the source lacks). */
  source: string;
  /** Why it matters, when it changes the meaning. */
  meaning?: 'negation' | 'number';
}

export interface Match {
  passage: Passage;
  /** The full sentence(s) of the passage that the text was compared against, verbatim. */
  sentence: { start: number; end: number; text: string };
  /** Share of words that line up, 0..1. */
  similarity: number;
  differences: Difference[];
}

export interface QuoteCheck {
  verdict: Verdict;
  /** Best match first; for a verbatim match, one per source that has the text. */
  matches: Match[];
  /** Set when the words are found only in page furniture (a headline, a caption...). */
  furniture?: { source: string; kind: string; line: number };
}

/** Tuning for `/quote`, with reasons. */
export const QUOTE_TUNING = {
  /** Below this share of aligned words, the nearest sentence is shown but the verdict is "not found". */
  closeThreshold: 0.6,
  /** A close match needs at least this many words in common. */
  minCommonWords: 3,
  /** Candidate passages taken from the index before alignment. */
  candidates: 25,
  /** Texts are checked on their first this many words (a quote, not an essay). */
  maxWords: 120,
  /** Corpora up to this many passages are aligned against every passage; larger ones against index candidates. */
  alignAllUpTo: 400,
} as const;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nor', 'neither', 'nobody', 'nothing', 'without', 'cannot']);

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    out.push({ key: match[0].toLowerCase().replace(/’/g, "'"), start, end: start + match[0].length });
  }
  return out;
}

function isNegation(key: string): boolean {
  return NEGATIONS.has(key) || key.endsWith("n't");
}

function isNumber(key: string): boolean {
  return /\d/.test(key);
}

/** Negated form of a word pair ("does" vs "doesn't") counts as a negation flip. */
function negationCount(keys: string[]): number {
  return keys.filter(isNegation).length;
}

interface Alignment {
  cost: number;
  start: number;
  end: number;
  /** Operations over (text index, source index). */
  ops: Array<{ op: 'same' | 'sub' | 'del' | 'ins'; a: number; b: number }>;
}

/**
 * Word-level edit distance of `a` against any window of `b` (semi-global: skipping the start and the end
 * of `b` is free). Substitution, insertion and deletion cost 1.
 */
export function alignWords(a: string[], b: string[]): Alignment {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const cost = new Uint16Array((n + 1) * width);
  for (let i = 1; i <= n; i++) cost[i * width] = i;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const diagonal = (cost[(i - 1) * width + j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const up = (cost[(i - 1) * width + j] as number) + 1;
      const left = (cost[i * width + j - 1] as number) + 1;
      cost[i * width + j] = Math.min(diagonal, up, left);
    }
  }
  let end = 0;
  for (let j = 1; j <= m; j++) if ((cost[n * width + j] as number) < (cost[n * width + end] as number)) end = j;
  const ops: Alignment['ops'] = [];
  let i = n;
  let j = end;
  while (i > 0) {
    const here = cost[i * width + j] as number;
    if (j > 0 && here === (cost[(i - 1) * width + j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      ops.push({ op: a[i - 1] === b[j - 1] ? 'same' : 'sub', a: i - 1, b: j - 1 });
      i--;
      j--;
    } else if (here === (cost[(i - 1) * width + j] as number) + 1) {
      ops.push({ op: 'del', a: i - 1, b: j });
      i--;
    } else {
      ops.push({ op: 'ins', a: i, b: j - 1 });
      j--;
    }
  }
  ops.reverse();
  return { cost: cost[n * width + end] as number, start: j, end, ops };
}

/** Sentence boundaries of a passage: after . ! ? (and a closing quote) followed by space. */
function sentenceAt(passage: Passage, start: number, end: number): { start: number; end: number; text: string } {
  const text = passage.text;
  const boundaries = [0];
  for (const match of text.matchAll(/[.!?]["”’)]*\s+(?=["“‘(]?[\p{Lu}\d$])/gu)) boundaries.push((match.index ?? 0) + match[0].length);
  boundaries.push(text.length);
  const relStart = start - passage.start;
  const relEnd = end - passage.start;
  let from = 0;
  let to = text.length;
  for (const b of boundaries) {
    if (b <= relStart) from = b;
    if (b >= relEnd) {
      to = b;
      break;
    }
  }
  const sentence = text.slice(from, to).trimEnd();
  return { start: passage.start + from, end: passage.start + from + sentence.length, text: sentence };
}

function describe(a: Word[], b: Word[], alignment: Alignment, textA: string, textB: string): Difference[] {
  const differences: Difference[] = [];
  let open: { aFrom: number; aTo: number; bFrom: number; bTo: number } | null = null;
  const flush = () => {
    if (!open) return;
    // One word of context on each side makes a difference readable ("for a" → "for almost a").
    const aWords = a.slice(Math.max(0, open.aFrom - 1), Math.min(a.length, open.aTo + 1));
    const bWords = b.slice(Math.max(0, open.bFrom - 1), Math.min(b.length, open.bTo + 1));
    const aCore = a.slice(open.aFrom, open.aTo);
    const bCore = b.slice(open.bFrom, open.bTo);
    const yours = aWords.length ? textA.slice((aWords[0] as Word).start, (aWords[aWords.length - 1] as Word).end) : '';
    const source = bWords.length ? textB.slice((bWords[0] as Word).start, (bWords[bWords.length - 1] as Word).end) : '';
    const difference: Difference = { yours, source };
    const aKeys = aCore.map((w) => w.key);
    const bKeys = bCore.map((w) => w.key);
    if (negationCount(aKeys) !== negationCount(bKeys)) difference.meaning = 'negation';
    else if (aKeys.some(isNumber) || bKeys.some(isNumber)) difference.meaning = 'number';
    differences.push(difference);
    open = null;
  };
  for (const op of alignment.ops) {
    if (op.op === 'same') {
      flush();
      continue;
    }
    open ??= { aFrom: op.a, aTo: op.a, bFrom: op.b, bTo: op.b };
    if (op.op === 'sub' || op.op === 'del') open.aTo = op.a + 1;
    if (op.op === 'sub' || op.op === 'ins') open.bTo = op.b + 1;
    if (op.op === 'del' && open.bFrom > op.b) open.bFrom = op.b;
    if (op.op === 'ins' && open.aFrom > op.a) open.aFrom = op.a;
  }
  flush();
  return differences;
}

/** Where the folded text occurs in a passage, as article offsets. */
function verbatimIn(passage: Passage, needle: string): { start: number; end: number } | null {
  const folded = foldWithMap(passage.text);
  const at = folded.folded.indexOf(needle);
  if (at === -1) return null;
  return { start: passage.start + folded.origin(at), end: passage.start + folded.origin(at + needle.length - 1) + 1 };
}

/**
 * The runs of the folded text made only of characters that folding leaves as they are (not spaces,
 * quotes or dashes), longest first: any text that has the needle verbatim has each run in its raw form.
 */
function anchorsOf(needle: string): string[] {
  return needle
    .split(/[ '"-]+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

const hasAll = (text: string, anchors: readonly string[]) => anchors.every((a) => text.includes(a));

/**
 * Passages that can hold the text verbatim: their raw text has every anchor. The words inside the text
 * (not its first or last, which may be cut) are whole words of any passage that has it, in the same
 * order with nothing between them but stop words, so on a large corpus only passages whose indexed term
 * sequence has that run are tried; otherwise every passage. In case order either way.
 */
function verbatimCandidates(kase: Case, search: Search, needle: string): Passage[] {
  const anchors = anchorsOf(needle);
  if (kase.passages.length > QUOTE_TUNING.alignAllUpTo) {
    const run: string[] = [];
    for (const match of needle.matchAll(/[\p{L}\p{N}]+/gu)) {
      const at = match.index ?? 0;
      if (at === 0 || at + match[0].length >= needle.length) continue;
      const term = processTerm(match[0]);
      if (term) run.push(term);
    }
    if (run.length) {
      return search
        .containingRun(run)
        .map((id) => kase.passageById.get(id))
        .filter((p): p is Passage => p !== undefined && hasAll(p.text, anchors));
    }
  }
  return kase.passages.filter((p) => hasAll(p.text, anchors));
}

export function checkQuote(kase: Case, search: Search, input: string): QuoteCheck {
  const needle = fold(input).replace(/^["']+|["']+$/g, '').trim();
  const verbatim: Match[] = [];
  for (const passage of verbatimCandidates(kase, search, needle)) {
    const span = verbatimIn(passage, needle);
    if (!span) continue;
    if (verbatim.some((m) => m.passage.source === passage.source)) continue;
    verbatim.push({ passage, sentence: sentenceAt(passage, span.start, span.end), similarity: 1, differences: [] });
  }
  if (verbatim.length) return { verdict: 'verbatim', matches: verbatim };

  const inputWords = words(input).slice(0, QUOTE_TUNING.maxWords);
  const inputKeys = inputWords.map((w) => w.key);
  // Small corpora: align against everything, so a rephrasing the index misses is still found.
  const alignAll = kase.passages.length <= QUOTE_TUNING.alignAllUpTo;
  const candidates = alignAll ? kase.passages : indexCandidates(kase, search, input);
  let best: Match | null = null;
  let bestCommon = 0;
  for (const passage of candidates) {
    const { words: sourceWords, keys, known } = passageWords(passage, alignAll);
    // Aligned words are input words the passage has, so this passage cannot beat the best so far.
    if (best && inputKeys.length && present(inputKeys, known) / inputKeys.length <= best.similarity) continue;
    const alignment = alignWords(inputKeys, keys);
    const window = Math.max(1, alignment.end - alignment.start);
    const common = alignment.ops.filter((o) => o.op === 'same').length;
    const similarity = common / Math.max(inputKeys.length, window);
    if (!best || similarity > best.similarity) {
      const first = sourceWords[alignment.start];
      const last = sourceWords[Math.max(alignment.start, alignment.end - 1)];
      const start = passage.start + (first?.start ?? 0);
      const end = passage.start + (last?.end ?? passage.text.length);
      best = {
        passage,
        sentence: sentenceAt(passage, start, end),
        similarity,
        differences: describe(inputWords, sourceWords, alignment, input, passage.text),
      };
      bestCommon = common;
    }
  }
  // Only a "not found" mentions furniture, so only then is it looked for.
  const furniture = !best || best.similarity < QUOTE_TUNING.closeThreshold || bestCommon < QUOTE_TUNING.minCommonWords ? furnitureHit(kase, needle) : undefined;
  if (!best) return { verdict: 'notfound', matches: [], ...(furniture ? { furniture } : {}) };
  if (best.similarity < QUOTE_TUNING.closeThreshold || bestCommon < QUOTE_TUNING.minCommonWords) {
    return { verdict: 'notfound', matches: [best], ...(furniture ? { furniture } : {}) };
  }
  const meaning = best.differences.some((d) => d.meaning);
  return { verdict: meaning ? 'meaning' : 'close', matches: [best] };
}

interface PassageWords {
  words: Word[];
  keys: string[];
  known: Set<string>;
}

/** Words of the passages of small corpora, which every check aligns against: split once, not per check. */
const wordCache = new WeakMap<Passage, PassageWords>();

function passageWords(passage: Passage, cache: boolean): PassageWords {
  const cached = wordCache.get(passage);
  if (cached) return cached;
  const split = words(passage.text);
  const keys = split.map((w) => w.key);
  const entry = { words: split, keys, known: new Set(keys) };
  if (cache) wordCache.set(passage, entry);
  return entry;
}

/** How many of `keys` (with repeats) are in `known`: an upper bound on the words an alignment lines up. */
function present(keys: readonly string[], known: ReadonlySet<string>): number {
  let count = 0;
  for (const key of keys) if (known.has(key)) count++;
  return count;
}

/** The index's best passages for the text, in case order (ties in similarity go to the earlier passage). */
function indexCandidates(kase: Case, search: Search, input: string): Passage[] {
  const rank = new Map([...kase.articles.keys()].map((id, i) => [id, i]));
  return search
    .search(input, { kinds: ['passage'], limit: QUOTE_TUNING.candidates })
    .hits.map((h) => kase.passageById.get(h.id))
    .filter((p): p is Passage => p !== undefined)
    .sort((a, b) => (rank.get(a.source) ?? 0) - (rank.get(b.source) ?? 0) || a.ordinal - b.ordinal);
}

/** Text that is only in page furniture is not the article's words; say where it is instead. */
function furnitureHit(kase: Case, needle: string): QuoteCheck['furniture'] | undefined {
  if (needle.length < 8) return undefined;
  const anchors = anchorsOf(needle);
  for (const article of kase.articles.values()) {
    for (const line of article.lines) {
      if (!line.furniture) continue;
      const raw = article.text.slice(line.start, line.end);
      if (hasAll(raw, anchors) && fold(raw).includes(needle)) return { source: article.meta.id, kind: line.furniture, line: line.number };
    }
  }
  return undefined;
}
