/**
 * `/quote`: is this what the sources say, and who said it?
 *
 * 1. An attribution the text makes ("X said: …", "According to X, …") is not part of the quote: the words
 *    after it are checked, and the speaker it names is compared with the one the sources give.
 * 2. Verbatim: the text, folded by the corpus rule (quotes, dashes, whitespace), occurs in a passage with a
 *    word boundary at each end (a word is never matched by its prefix). Every source that has it is
 *    reported; a text of one or two words lists where it occurs.
 * 3. Otherwise the nearest wording: the text's words are aligned against each passage (word-level edit
 *    distance, free to start and end anywhere). The differences are named by kind when they change the
 *    meaning (negation, number, date, actor, hedge, opposite word; see changes.ts).
 * 4. Too far for that: a rewording of a quoted statement (its rare words, its speaker) is "reworded",
 *    with the sources' words shown; anything else is not in the sources.
 * Every match carries who the sources say the words belong to (attribution.ts).
 */
import type { Case, Passage } from '../corpus/case.js';
import { fold, foldWithMap } from '../corpus/text.js';
import { processTerm } from './analyze.js';
import {
  attributionOf,
  claimedSpeaker,
  isActorWord,
  knownActors,
  nameMatches,
  quotationsOf,
  sentencesOf,
  type Attribution,
  type Quotation,
  type Span,
} from './attribution.js';
import { changesBetween, CHANGE_ORDER, type ChangeKind, type SideWord } from './changes.js';
import type { Search } from './search.js';

/** The verdict family: what the eval scores and the reply's colour follows. */
export type Verdict = 'verbatim' | 'close' | 'meaning' | 'notfound';

/**
 * The outcome a fact-checker can repeat, one per reply: verbatim; a change of meaning by kind; words the
 * sources give to another speaker ('speaker') or to nobody they name ('unattributed'); close; reworded;
 * not found.
 */
export type Outcome = 'verbatim' | ChangeKind | 'speaker' | 'unattributed' | 'close' | 'reworded' | 'notfound';

interface Word {
  /** Lower-cased, folded form used for comparison; apostrophes dropped so "didnt" meets "didn't". */
  key: string;
  /** Offsets of the word in the text it came from. */
  start: number;
  end: number;
}

/** One change of meaning in a difference: the source's words for it and the text's, verbatim. */
export interface MeaningChange {
  kind: ChangeKind;
  /** The source's words carrying it ("$284 million", "allegedly", "Zuckerberg"); '' when it has none. */
  source: string;
  /** The checked text's words carrying it; '' when it has none. */
  yours: string;
}

/** A difference between the checked text and the source, as spans of each. */
export interface Difference {
  /** The checked text's words here, with a word of context ('' when the source has words the text lacks). */
  yours: string;
  /** The source's words here, with a word of context ('' when the text has words the source lacks). */
  source: string;
  /** What it does to the meaning, most serious first; empty when it is wording only. */
  changes: MeaningChange[];
}

export interface Match {
  passage: Passage;
  /** Article offsets of the source words the text matched. */
  span: Span;
  /**
   * The source words to show, verbatim, never cutting a quotation: the quotation's words when the match is
   * inside one, else the sentence around it (a few words around it for a one- or two-word text).
   */
  sentence: { start: number; end: number; text: string };
  /** Share of words that line up, 0..1. */
  similarity: number;
  differences: Difference[];
  /** Whose words the matched ones are, as the sources say. */
  attribution: Attribution;
}

/** The speaker the checked text names, and whether the sources agree. */
export interface ClaimedCheck {
  /** As typed. */
  speaker: string;
  /** True: the sources give these words to them; false: to someone else; null: the sources name nobody. */
  confirmed: boolean | null;
}

export interface QuoteCheck {
  verdict: Verdict;
  outcome: Outcome;
  /** The words that were checked: the text without an attribution it makes. */
  checked: string;
  /** Best match first; for a verbatim match, one per source (several places for a one- or two-word text). */
  matches: Match[];
  /** For a verbatim match: how many places have it in all (more than `matches` when the list is cut). */
  occurrences: number;
  /** Kinds of meaning change found, most serious first. */
  changes: ChangeKind[];
  /** Set when the text names a speaker. */
  claimed?: ClaimedCheck;
  /** Set when the words are found only in page furniture (a headline, a caption...). */
  furniture?: { source: string; kind: string; line: number };
}

/** Tuning for `/quote`, with reasons. */
export const QUOTE_TUNING = {
  /** Below this share of aligned words, the nearest sentence is shown but the verdict is "not found". */
  closeThreshold: 0.6,
  /** A close match needs at least this many words in common (fewer for a shorter text: all of them). */
  minCommonWords: 3,
  /** Candidate passages taken from the index before alignment. */
  candidates: 25,
  /** Texts are checked on their first this many words (a quote, not an essay). */
  maxWords: 120,
  /** Corpora up to this many passages are aligned against every passage; larger ones against index candidates. */
  alignAllUpTo: 400,
  /** A text of at most this many words is "short": its verbatim places are listed, not one per source. */
  shortWords: 2,
  /** Places listed for a short text. */
  shortPlaces: 3,
  /** A quotation shown whole up to this many characters; a longer one shows the sentences around the match. */
  quotationChars: 420,
  /** Reworded: share of the text's rarity weight (known words) that a quoted statement must share. */
  rewordedShare: 0.5,
  /** Reworded, when the text names the quotation's speaker: the share needed is lower. */
  rewordedShareSpeaker: 0.2,
  /** Reworded: a quoted statement has at least this many words (not a quoted name like “Titan API”). */
  rewordedMinWords: 3,
  /** Reworded: at least one shared word is rare, in at most this share of passages (and at least 2), not just "Meta". */
  rewordedRareShare: 0.1,
} as const;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    out.push({ key: match[0].toLowerCase().replace(/['’]/g, ''), start, end: start + match[0].length });
  }
  return out;
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

/** Quotations of a passage, found once. */
const quotationCache = new WeakMap<Passage, Quotation[]>();
function quotations(passage: Passage): Quotation[] {
  let found = quotationCache.get(passage);
  if (!found) quotationCache.set(passage, (found = quotationsOf(passage.text)));
  return found;
}

/** Sentences (relative spans) of `text` that overlap `span`, joined. */
function sentencesAround(text: string, span: Span, qs: readonly Quotation[]): Span {
  const sentences = sentencesOf(text, qs);
  const hit = sentences.filter((s) => s.end > span.start && s.start < span.end);
  if (!hit.length) return { start: span.start, end: span.end };
  return { start: Math.min((hit[0] as Span).start, span.start), end: Math.max((hit[hit.length - 1] as Span).end, span.end) };
}

/** Widens a span so that it never cuts a quotation in two (quotation marks stay balanced). */
function coverQuotations(span: Span, qs: readonly Quotation[]): Span {
  let { start, end } = span;
  for (const q of qs) {
    if (q.open < start && start <= q.close) start = q.open;
    if (q.open < end && end <= q.close) end = q.close + 1;
  }
  return { start, end };
}

/**
 * The words to show for a match (article offsets in, verbatim slice out): inside a quotation, the
 * quotation's own words (whole, or the sentences of it around the match when long); otherwise the sentence
 * around the match, or a few words either side for a short text. Never cuts a quotation.
 */
function shownSlice(passage: Passage, span: Span, attribution: Attribution, short: boolean): Match['sentence'] {
  const text = passage.text;
  const qs = quotations(passage);
  const rel = { start: span.start - passage.start, end: span.end - passage.start };
  let out: Span;
  const q = attribution.quotation;
  if (q) {
    const inner = { start: q.open + 1, end: q.close };
    if (inner.end - inner.start <= QUOTE_TUNING.quotationChars) out = inner;
    else {
      const around = sentencesAround(text.slice(inner.start, inner.end), { start: rel.start - inner.start, end: rel.end - inner.start }, []);
      out = { start: inner.start + around.start, end: inner.start + around.end };
    }
  } else {
    out = coverQuotations(sentencesAround(text, rel, qs), qs);
    if (short && out.end - out.start > 200) {
      const all = words(text);
      const first = all.findIndex((w) => w.end > rel.start);
      const last = all.findLastIndex((w) => w.start < rel.end);
      const from = all[Math.max(0, first - 8)]?.start ?? rel.start;
      const to = all[Math.min(all.length - 1, last + 8)]?.end ?? rel.end;
      out = coverQuotations({ start: Math.max(out.start, from), end: Math.min(out.end, to) }, qs);
    }
  }
  const raw = text.slice(out.start, out.end);
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  return { start: passage.start + out.start + lead, end: passage.start + out.start + lead + body.length, text: body };
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * Where the folded needle occurs in a passage with a word boundary at each end, as article offsets. A
 * letter after the needle, or an apostrophe and a letter ("Netflix" in "Netflix’s"), is no boundary.
 */
function verbatimIn(passage: Passage, needle: string, limit: number): Span[] {
  const folded = foldWithMap(passage.text);
  const out: Span[] = [];
  for (let at = folded.folded.indexOf(needle); at !== -1 && out.length < limit; at = folded.folded.indexOf(needle, at + 1)) {
    const before = folded.folded[at - 1];
    const after = folded.folded[at + needle.length];
    if (isWordChar(needle[0]) && isWordChar(before)) continue;
    if (isWordChar(needle[needle.length - 1]) && (isWordChar(after) || (after === "'" && isWordChar(folded.folded[at + needle.length + 1])))) continue;
    out.push({ start: passage.start + folded.origin(at), end: passage.start + folded.origin(at + needle.length - 1) + 1 });
  }
  return out;
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

/** The text folded for the verbatim test, with quotation marks around the whole of it dropped. */
const needleOf = (text: string) => fold(text).replace(/^["']+|["']+$/g, '').trim();

interface Found {
  verbatim: Match[];
  occurrences: number;
  best: Match | null;
  bestCommon: number;
  inputWords: number;
}

/** Verbatim places, else the best alignment, for one text. */
function find(kase: Case, search: Search, input: string): Found {
  const needle = needleOf(input);
  const inputWords = words(input).slice(0, QUOTE_TUNING.maxWords);
  const short = inputWords.length <= QUOTE_TUNING.shortWords;
  const places: Array<{ passage: Passage; span: Span }> = [];
  for (const passage of needle ? verbatimCandidates(kase, search, needle) : []) {
    if (!short && places.some((p) => p.passage.source === passage.source)) continue;
    for (const span of verbatimIn(passage, needle, short ? 50 : 1)) places.push({ passage, span });
  }
  // A short text lists a few places, one per source before a second from any.
  const chosen: typeof places = [];
  const perSource = new Map<string, number>();
  for (let round = 0; short && chosen.length < QUOTE_TUNING.shortPlaces && round < QUOTE_TUNING.shortPlaces; round++) {
    for (const place of places) {
      if (chosen.length >= QUOTE_TUNING.shortPlaces || chosen.includes(place)) continue;
      if ((perSource.get(place.passage.source) ?? 0) > round) continue;
      perSource.set(place.passage.source, (perSource.get(place.passage.source) ?? 0) + 1);
      chosen.push(place);
    }
  }
  const verbatim: Match[] = (short ? chosen.sort((x, y) => places.indexOf(x) - places.indexOf(y)) : places).map(({ passage, span }) => {
    const attribution = attributionOf(kase, passage, span.start, span.end);
    return { passage, span, sentence: shownSlice(passage, span, attribution, short), similarity: 1, differences: [], attribution };
  });
  const occurrences = places.length;
  if (verbatim.length) return { verbatim, occurrences, best: null, bestCommon: 0, inputWords: inputWords.length };

  const inputKeys = inputWords.map((w) => w.key);
  // Small corpora: align against everything, so a rephrasing the index misses is still found.
  const alignAll = kase.passages.length <= QUOTE_TUNING.alignAllUpTo;
  const candidates = alignAll ? kase.passages : indexCandidates(kase, search, input);
  let best: { passage: Passage; alignment: Alignment; similarity: number; common: number; sourceWords: Word[] } | null = null;
  for (const passage of candidates) {
    const { words: sourceWords, keys, known } = passageWords(passage, alignAll);
    // Aligned words are input words the passage has, so this passage cannot beat the best so far.
    if (best && inputKeys.length && present(inputKeys, known) / inputKeys.length <= best.similarity) continue;
    const alignment = alignWords(inputKeys, keys);
    const window = Math.max(1, alignment.end - alignment.start);
    const common = alignment.ops.filter((o) => o.op === 'same').length;
    const similarity = common / Math.max(inputKeys.length, window);
    if (!best || similarity > best.similarity) best = { passage, alignment, similarity, common, sourceWords };
  }
  if (!best) return { verbatim, occurrences: 0, best: null, bestCommon: 0, inputWords: inputWords.length };
  const { passage, alignment, sourceWords } = best;
  const first = sourceWords[alignment.start];
  const last = sourceWords[Math.max(alignment.start, alignment.end - 1)];
  const span = { start: passage.start + (first?.start ?? 0), end: passage.start + (last?.end ?? passage.text.length) };
  const attribution = attributionOf(kase, passage, span.start, span.end);
  const match: Match = {
    passage,
    span,
    sentence: shownSlice(passage, span, attribution, short),
    similarity: best.similarity,
    differences: describe(kase, inputWords, sourceWords, alignment, input, passage),
    attribution,
  };
  return { verbatim, occurrences: 0, best: match, bestCommon: best.common, inputWords: inputWords.length };
}

/** Words that name an actor: known to the case, or capitalised where a sentence does not start. */
function sideWords(kase: Case, all: readonly Word[], text: string, from: number, to: number): SideWord[] {
  return all.slice(from, to).map((w) => {
    const raw = text.slice(w.start, w.end);
    const capital = /^\p{Lu}/u.test(raw);
    const before = text.slice(0, w.start);
    const sentenceStart = /^\s*["“]?$/u.test(before) || /[.!?:]["”’)]*\s+["“]?$/u.test(before.slice(-6));
    const known = isActorWord(kase, raw);
    return { key: w.key, capital, known, name: known || (capital && !sentenceStart && raw !== 'I') };
  });
}

/** Source words carrying a change, with the "$" and scale word of an amount and the rest of a date. */
function carrierText(text: string, all: readonly Word[], at: number[], kind: ChangeKind): string {
  if (!at.length) return '';
  let from = Math.min(...at);
  let to = Math.max(...at);
  if (kind === 'number') {
    while (/^(million|billion|thousand|trillion|percent|per|cent)$/.test(all[to + 1]?.key ?? '')) to++;
  }
  if (kind === 'date') {
    const dateish = (k: string | undefined) => k !== undefined && (/^(19|20)\d\d$/.test(k) || /^\d{1,2}$/.test(k) || /^(january|february|march|april|may|june|july|august|september|october|november|december)$/.test(k));
    while (dateish(all[from - 1]?.key)) from--;
    while (dateish(all[to + 1]?.key)) to++;
  }
  const first = all[from] as Word;
  const last = all[to] as Word;
  let start = first.start;
  if (kind === 'number' && text[start - 1] === '$') start--;
  const slice = text.slice(start, last.end);
  // Shown in quotation marks: a run with a quotation mark inside would unbalance them; its first word will do.
  return /[“”"]/.test(slice) ? text.slice(first.start, first.end) : slice;
}

function describe(kase: Case, a: Word[], b: Word[], alignment: Alignment, textA: string, passage: Passage): Difference[] {
  const textB = passage.text;
  const differences: Difference[] = [];
  let open: { aFrom: number; aTo: number; bFrom: number; bTo: number } | null = null;
  const flush = () => {
    if (!open) return;
    const { aFrom, aTo } = open;
    let { bFrom, bTo } = open;
    // The alignment's free ends may have skipped the source words a changed edge word stands against
    // ("Netflix emailed" against "Zuckerberg himself emailed"; "didnt" at the end against "did not"):
    // compare an edge difference with one source word more than it has words (a contraction is two).
    const extra = aTo - aFrom - (bTo - bFrom) + 1;
    if (aFrom === 0 && extra > 0) bFrom = Math.max(0, bFrom - extra);
    if (aTo === a.length && extra > 0) bTo = Math.min(b.length, bTo + extra);
    // One word of context on each side makes a difference readable ("for a" → "for almost a").
    const aWords = a.slice(Math.max(0, aFrom - 1), Math.min(a.length, aTo + 1));
    const bWords = b.slice(Math.max(0, bFrom - 1), Math.min(b.length, bTo + 1));
    const yours = aWords.length ? textA.slice((aWords[0] as Word).start, (aWords[aWords.length - 1] as Word).end) : '';
    // Never cut a quotation of the source in two, so the marks shown stay balanced.
    const sourceSpan = bWords.length ? coverQuotations({ start: (bWords[0] as Word).start, end: (bWords[bWords.length - 1] as Word).end }, quotations(passage)) : null;
    const source = sourceSpan ? textB.slice(sourceSpan.start, sourceSpan.end) : '';
    const changes = changesBetween(sideWords(kase, a, textA, aFrom, aTo), sideWords(kase, b, textB, bFrom, bTo)).map((c) => ({
      kind: c.kind,
      source: carrierText(textB, b, c.source.map((i) => i + bFrom), c.kind),
      yours: carrierText(textA, a, c.yours.map((i) => i + aFrom), c.kind),
    }));
    differences.push({ yours, source, changes });
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

/** The names the sources give for whose words these are, to compare a claimed speaker with. */
function attributedNames(kase: Case, match: Match): string[] | null {
  const a = match.attribution;
  if (a.quoted) return a.speaker ? [a.speaker.name, a.speaker.role ?? '', a.speaker.for ?? ''] : null;
  const about = kase.articles.get(match.passage.source)?.about;
  return [a.claimOf ?? '', about?.publisher ?? '', about?.author ?? ''];
}

/** Does any match give the words to the speaker the text names? null when no match names anyone. */
function confirmSpeaker(kase: Case, speaker: string, matches: readonly Match[]): boolean | null {
  const names = matches.map((m) => attributedNames(kase, m));
  if (names.every((n) => n === null)) return null;
  // The typed name, and every name of the actors it names (their aliases, once the case has them).
  const typed = [speaker, ...knownActors(kase).filter((actor) => nameMatches(speaker, [actor.name, ...actor.aliases])).flatMap((actor) => [actor.name, ...actor.aliases])];
  return names.some((n) => n !== null && typed.some((t) => nameMatches(t, n)));
}

export function checkQuote(kase: Case, search: Search, input: string): QuoteCheck {
  let checked = input;
  let found = find(kase, search, input);
  let claimedName: string | undefined;
  const claimed = claimedSpeaker(input, knownActors(kase));
  if (claimed && !found.verbatim.length) {
    // The attribution is not part of the quote: check the words after it, and keep the better reading.
    const body = find(kase, search, claimed.body);
    if (body.verbatim.length || (body.best?.similarity ?? 0) >= (found.best?.similarity ?? 0)) {
      found = body;
      checked = claimed.body;
      claimedName = claimed.speaker;
    }
  }
  const base = { checked, changes: [] as ChangeKind[] };
  const withClaim = (matches: readonly Match[]) => (claimedName ? { claimed: { speaker: claimedName, confirmed: confirmSpeaker(kase, claimedName, matches) } } : {});

  if (found.verbatim.length) {
    const claim = withClaim(found.verbatim);
    const outcome: Outcome = claim.claimed?.confirmed === false ? 'speaker' : claim.claimed?.confirmed === null ? 'unattributed' : 'verbatim';
    return { ...base, verdict: outcome === 'verbatim' ? 'verbatim' : 'meaning', outcome, matches: found.verbatim, occurrences: found.occurrences, ...claim };
  }
  const best = found.best;
  const minCommon = Math.min(QUOTE_TUNING.minCommonWords, found.inputWords);
  if (best && best.similarity >= QUOTE_TUNING.closeThreshold && found.bestCommon >= minCommon) {
    const kinds = new Set(best.differences.flatMap((d) => d.changes.map((c) => c.kind)));
    const changes = CHANGE_ORDER.filter((k) => kinds.has(k));
    const claim = withClaim([best]);
    const first = changes[0];
    const outcome: Outcome = first ?? (claim.claimed?.confirmed === false ? 'speaker' : 'close');
    return { ...base, changes, verdict: outcome === 'close' ? 'close' : 'meaning', outcome, matches: [best], occurrences: 0, ...claim };
  }
  const reworded = rewording(kase, checked, claimedName);
  if (reworded) return { ...base, verdict: 'close', outcome: 'reworded', matches: [reworded], occurrences: 0, ...withClaim([reworded]) };
  const furniture = furnitureHit(kase, needleOf(checked));
  return { ...base, verdict: 'notfound', outcome: 'notfound', matches: best ? [best] : [], occurrences: 0, ...(furniture ? { furniture } : {}) };
}

/** English function words, left out when comparing what a rewording is about. */
const FUNCTION_WORDS = new Set(
  'a an the and or but of to in on at by for with from as is are was were be been being it its this that these those there here which who whom whose what when where how than then so such very into about over also not no do does did has have had he she they we you i our your their his her them us my me'.split(' '),
);

/** A content word's rough stem: enough to meet "shocking" and "shockingly", not a linguist's lemma. */
function contentStem(key: string): string | null {
  if (FUNCTION_WORDS.has(key) || key.length < 3) return null;
  return key.replace(/(ingly|edly|ing|ly|ed|es|s)$/, '').replace(/(.)\1$/, '$1') || key;
}

const stemsOf = (text: string) => new Set(words(text).map((w) => contentStem(w.key)).filter((s): s is string => s !== null));

/** How many passages have each content stem: rare shared words say more about a rewording than common ones. */
const stemCounts = new WeakMap<Case, Map<string, number>>();
function documentFrequency(kase: Case): Map<string, number> {
  let counts = stemCounts.get(kase);
  if (counts) return counts;
  counts = new Map();
  for (const passage of kase.passages) for (const stem of stemsOf(passage.text)) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  stemCounts.set(kase, counts);
  return counts;
}

/**
 * A quoted statement the text rewords: most of the text's rare words (those the corpus knows) are in the
 * quotation, and its speaker is known. Naming that speaker lowers the share needed; naming another rules
 * the quotation out. Small corpora only: every quotation is compared.
 */
function rewording(kase: Case, text: string, speaker: string | undefined): Match | null {
  if (kase.passages.length > QUOTE_TUNING.alignAllUpTo) return null;
  const df = documentFrequency(kase);
  const weight = (stem: string) => Math.log(1 + kase.passages.length / (df.get(stem) ?? 1));
  const stems = [...stemsOf(text)].filter((s) => df.has(s));
  const total = stems.reduce((n, s) => n + weight(s), 0);
  if (!total) return null;
  const rare = Math.max(2, Math.floor(kase.passages.length * QUOTE_TUNING.rewordedRareShare));
  let best: { passage: Passage; quotation: Quotation; share: number } | null = null;
  for (const passage of kase.passages) {
    for (const quotation of quotations(passage)) {
      const inner = passage.text.slice(quotation.open + 1, quotation.close);
      if (words(inner).length < QUOTE_TUNING.rewordedMinWords) continue;
      const theirs = stemsOf(inner);
      const shared = stems.filter((s) => theirs.has(s));
      if (!shared.some((s) => (df.get(s) ?? 0) <= rare)) continue;
      const share = shared.reduce((n, s) => n + weight(s), 0) / total;
      if (share > (best?.share ?? 0)) best = { passage, quotation, share };
    }
  }
  if (!best) return null;
  const { passage, quotation } = best;
  const span = { start: passage.start + quotation.open + 1, end: passage.start + quotation.close };
  const attribution = attributionOf(kase, passage, span.start, span.end);
  if (!attribution.speaker) return null;
  const named = speaker === undefined ? null : nameMatches(speaker, [attribution.speaker.name, attribution.speaker.role ?? '', attribution.speaker.for ?? '']);
  if (named === false) return null;
  if (best.share < (named ? QUOTE_TUNING.rewordedShareSpeaker : QUOTE_TUNING.rewordedShare)) return null;
  return { passage, span, sentence: shownSlice(passage, span, attribution, false), similarity: best.share, differences: [], attribution };
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
      if (hasAll(raw, anchors) && fold(raw).includes(needle)) return { source: article.about.id, kind: line.furniture, line: line.number };
    }
  }
  return undefined;
}
