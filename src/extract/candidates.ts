/**
 * Candidate facts for one article: every date (an event), every amount (money), every claim and denial with
 * who makes it, every quotation with its speaker, each citing the sentence it comes from verbatim, and for each
 * the existing fact it corroborates or contradicts. Pure: the article and the case in, candidates out. Nothing
 * here is served; `corpus:review` turns what a person accepts into facts.
 */
import type { Article, Case, ResolvedFact } from '../corpus/case.js';
import { fold } from '../corpus/text.js';
import { Cast, SubjectTrail, type Speaker } from './attribution.js';
import { findDates, type DateMention, type Precision, type Qualifier } from './dates.js';
import { findMoney } from './money.js';
import { contentWords, overlap, splitSentences, type Span } from './sentences.js';
import { findQuotations, findStatement, type QuoteMention } from './statements.js';

export type CandidateKind = 'event' | 'money' | 'claim' | 'denial' | 'quotation';

export interface Relation {
  kind: 'corroborates' | 'contradicts';
  fact: string;
  /** The existing fact's citation the candidate is compared with, side by side. */
  existing: { source: string; quote: string };
  why: string;
}

export interface QuotationField {
  text: string;
  speaker: string | null;
  role: string | null;
  how: string;
}

export interface CandidateFields {
  date?: string | null;
  qualifier?: Qualifier;
  precision?: Precision | null;
  amount?: number;
  currency?: 'USD';
  payer?: string | null;
  payee?: string | null;
  purpose?: string;
  claimant?: string;
  denier?: string;
  denies?: string;
  disputes?: string[];
  quotations?: QuotationField[];
}

export interface Candidate {
  id: string;
  kind: CandidateKind;
  status: 'pending' | 'accepted' | 'rejected';
  passage: string;
  /** The words that made the candidate (the date, the amount, the quotation, the verb's sentence): exact. */
  span: { start: number; end: number; text: string };
  /** What a fact would cite: the whole sentence(s), verbatim from the article. */
  quote: string;
  fields: CandidateFields;
  summary: string;
  topics: string[];
  relation: Relation | null;
  why: string;
}

const QUOTE_LIMIT = 900;
/** Quotations shorter than this are terms in quotation marks, not statements, unless a speech verb says so. */
const MIN_QUOTATION_WORDS = 4;
const DENIAL_INSIDE = /\b(?:untrue|not (?:correct|true|accurate)|didn[’']t|did not|never|false|deny|denies|denied|no third party)\b/i;

function sentenceAt(sentences: Span[], at: number): Span {
  return sentences.find((s) => s.start <= at && at < s.end) ?? (sentences.at(-1) as Span);
}

/** The citation text from `start` to `end`, cut to the limit around `focus` at word boundaries. */
function quoteOf(text: string, start: number, end: number, focus: { start: number; end: number }): string {
  if (end - start <= QUOTE_LIMIT) return text.slice(start, end);
  let from = Math.max(start, focus.start - 300);
  let to = Math.min(end, Math.max(focus.end + 300, from + 600));
  while (from > start && !/\s/.test(text[from - 1] ?? '')) from++;
  while (to < end && !/\s/.test(text[to] ?? '')) to--;
  return text.slice(from, to).trim();
}

/** The sentence shortened at a word boundary: for `denies`, a field the reviewer rewrites. */
export function draftSummary(sentence: string): string {
  const s = sentence.replace(/\s+/g, ' ').trim();
  if (s.length <= 160) return s;
  return s.slice(0, 156).replace(/\s+\S*$/, '') + ' …';
}

/**
 * A label in the project's words that says plainly it is a draft. Summaries are shown unquoted, as the
 * project's own words, so a machine must not put the article's sentence there; the reviewer writes the real one.
 */
export function draftLabel(kind: CandidateKind, fields: CandidateFields, span: string, from: string): string {
  const who = (s: string | undefined) => (s ?? 'someone unnamed').slice(0, 80);
  const what =
    kind === 'event' ? `Event dated ${fields.date ?? 'unresolved'}${fields.qualifier && fields.qualifier !== 'in' ? ` (${fields.qualifier})` : ''}`
    : kind === 'money' ? `${span.slice(0, 40)}${fields.payer ? ` paid by ${fields.payer}` : ''}`
    : fields.denier !== undefined ? `Denial by ${who(fields.denier)}`
    : kind === 'quotation' ? `Quotation of ${who(fields.claimant)}`
    : `Claim by ${who(fields.claimant)}`;
  return `${what}, in ${from} (draft label, to be written by a reviewer)`.slice(0, 200);
}

const speakerLabel = (s: Speaker | null) => (s ? (s.role ? `${s.name} (${s.role})` : s.name) : null);

function bestTopics(kase: Case, words: string[], related: ResolvedFact | undefined): string[] {
  if (related) return [...related.topics];
  let best: { id: string; score: number } | undefined;
  for (const t of kase.topics) {
    const score = overlap(words, contentWords(`${t.id.replace(/-/g, ' ')} ${t.label} ${t.aliases.join(' ')}`));
    if (!best || score > best.score) best = { id: t.id, score };
  }
  if (best && best.score > 0) return [best.id];
  // No topic shares a word: the topics of the most similar fact.
  let similar: { fact: ResolvedFact; score: number } | undefined;
  for (const f of kase.facts) {
    const score = overlap(words, contentWords(f.citations.map((c) => c.text).join(' ')));
    if (!similar || score > similar.score) similar = { fact: f, score };
  }
  return similar ? [...similar.fact.topics] : kase.topics.slice(0, 1).map((t) => t.id);
}

const quotedWords = (text: string) => [...text.matchAll(/[“"]([^“”"]{2,})[”"]/g)].map((m) => fold(m[1] as string).toLowerCase().replace(/[,.]+$/, ''));

const rarity = new WeakMap<Case, Map<string, number>>();

/** How rare each word is among the case's citations (log inverse document frequency): shared rare words weigh. */
function weightsOf(kase: Case): Map<string, number> {
  let w = rarity.get(kase);
  if (w) return w;
  const df = new Map<string, number>();
  const docs = kase.facts.flatMap((f) => f.citations);
  for (const c of docs) for (const word of new Set(contentWords(c.text))) df.set(word, (df.get(word) ?? 0) + 1);
  w = new Map([...df].map(([word, n]) => [word, Math.log((docs.length + 1) / n)]));
  rarity.set(kase, w);
  return w;
}

/** Weighted share of the lighter word set found in the other (0..1). */
function weightedOverlap(kase: Case, a: string[], b: string[]): number {
  const w = weightsOf(kase);
  const weight = (word: string) => w.get(word) ?? Math.log(kase.facts.length + 2);
  const sa = new Set(a);
  const sb = new Set(b);
  let shared = 0;
  let wa = 0;
  let wb = 0;
  for (const x of sa) {
    wa += weight(x);
    if (sb.has(x)) shared += weight(x);
  }
  for (const x of sb) wb += weight(x);
  return wa && wb ? shared / Math.min(wa, wb) : 0;
}

/** The existing fact this candidate corroborates or contradicts, if any. */
export function relate(kase: Case, kind: CandidateKind, quote: string, fields: CandidateFields): Relation | null {
  const words = contentWords(quote);
  const mine = quotedWords(quote);
  let best: { relation: Relation; score: number } | undefined;
  const consider = (relation: Relation, score: number) => {
    if (!best || score > best.score) best = { relation, score };
  };
  for (const fact of kase.facts) {
    for (const c of fact.citations) {
      const theirWords = contentWords(c.text);
      const score = weightedOverlap(kase, words, theirWords);
      const shared = new Set(words.filter((w) => theirWords.includes(w))).size;
      const existing = { source: c.source, quote: c.text };
      if (kind === 'money' && fact.kind === 'money') {
        if (fact.amount === fields.amount) consider({ kind: 'corroborates', fact: fact.id, existing, why: `the same amount (${fact.amount} ${fact.currency})` }, 2 + score);
        else if (score >= 0.6 && shared >= 4) consider({ kind: 'contradicts', fact: fact.id, existing, why: `the same payment in other words, but ${fact.amount} against ${fields.amount}` }, score);
      } else if (kind === 'event' && fact.kind === 'event') {
        if (fields.date == null && score >= 0.5 && shared >= 3) consider({ kind: 'corroborates', fact: fact.id, existing, why: `the same event (${shared} words in common), which that source dates ${fact.date}` }, score);
        else if (fact.date === fields.date && shared >= 2) consider({ kind: 'corroborates', fact: fact.id, existing, why: `the same date (${fact.date}) and ${shared} words in common` }, 1 + score);
        else if (score >= 0.6 && shared >= 4 && fields.date) consider({ kind: 'contradicts', fact: fact.id, existing, why: `the same event, dated ${fact.date} there and ${fields.date} here` }, score);
      } else if ((kind === 'claim' || kind === 'denial' || kind === 'quotation') && (fact.kind === 'claim' || fact.kind === 'denial')) {
        const theirs = quotedWords(c.text);
        const same = mine.filter((q) => q.split(' ').length >= 2 && theirs.includes(q));
        const sameKind = fact.kind === kind || (kind === 'quotation' && fact.kind === 'claim') ? 0.2 : 0;
        if (same.length) consider({ kind: 'corroborates', fact: fact.id, existing, why: `the same quoted words: “${same[0]}”` }, 2 + score);
        else if (score >= 0.5 && shared >= 3 && mine.some((q) => theirs.includes(q)) && mine.some((q) => !theirs.includes(q)) && theirs.some((q) => !mine.includes(q)))
          // Some quoted words agree and others differ ("Wow" and "Yup" against "wow" and "yes"): one of them misquotes.
          consider({ kind: 'contradicts', fact: fact.id, existing, why: 'the same statement, with other words in quotation marks' }, 1 + score);
        else if (score >= 0.4 && shared >= 3) consider({ kind: 'corroborates', fact: fact.id, existing, why: `${shared} words in common (${Math.round(score * 100)}% by weight)` }, score + sameKind);
      }
    }
  }
  return (best as { relation: Relation } | undefined)?.relation ?? null;
}

/** Every candidate fact of `article`, in article order, against the existing `kase`. */
export function extractCandidates(article: Article, kase: Case): Candidate[] {
  // Offsets of mentions are article offsets, so the cast reads the whole text (furniture names no speaker).
  const fullCast = new Cast(article.text);
  const trail = new SubjectTrail();
  const published = article.about.published;
  const from = article.about.publisher ?? `source ${article.about.id}`;
  const out: Omit<Candidate, 'id'>[] = [];
  let lastDate: DateMention | null = null;
  const push = (kind: CandidateKind, passage: string, span: Span, quote: string, fields: CandidateFields, why: string): void => {
    const relation = relate(kase, kind, quote, fields);
    const related = relation ? kase.factById.get(relation.fact) : undefined;
    if (kind === 'event' && fields.date == null && related?.kind === 'event' && relation?.kind === 'corroborates') {
      // An unresolved date ("at the time") takes the date of the event it corroborates, said so for the reviewer.
      fields = { ...fields, date: related.date, qualifier: related.qualifier, precision: related.date.length === 4 ? 'year' : related.date.length === 7 ? 'month' : 'day' };
      why += `; date ${related.date} from ${related.id}, which this corroborates`;
    }
    out.push({ kind, status: 'pending', passage, span: { start: span.start, end: span.end, text: span.text }, quote, fields, summary: draftLabel(kind, fields, span.text, from), topics: bestTopics(kase, contentWords(quote), related), relation, why });
  };
  for (const passage of article.passages) {
    const pspan: Span = { start: passage.start, end: passage.end, text: passage.text };
    const sentences = splitSentences(passage.text, passage.start);
    const cite = (from: number, to: number, focus: { start: number; end: number }) => quoteOf(article.text, from, to, focus);
    const dates = findDates(passage.text, published, passage.start, lastDate);
    // Only the passage just before may lend "at that time" its date.
    lastDate = [...dates].reverse().find((d) => d.date && !d.relative) ?? null;
    for (const d of dates) {
      const s = sentenceAt(sentences, d.start);
      push('event', passage.id, d, cite(s.start, Math.max(s.end, d.end), d), { date: d.date, qualifier: d.qualifier, precision: d.precision }, `date "${d.text}": ${d.note}; qualifier ${d.qualifier}`);
    }
    for (const s of sentences) {
      for (const m of findMoney(s)) {
        const date = findDates(s.text, published, s.start).find((d) => d.date)?.date ?? null;
        push('money', passage.id, m, cite(s.start, s.end, m), { amount: m.amount, currency: m.currency, payer: m.payer, payee: m.payee, purpose: m.purpose, date }, `amount "${m.text}" = ${m.amount} ${m.currency}`);
      }
    }
    const quotations: QuoteMention[] = [];
    const used = new Set<QuoteMention>();
    for (const s of sentences) {
      // The statement first: its subject is who the sentence's quotations are from when no speech verb says.
      const statement = findStatement(s, fullCast, trail);
      const here = findQuotations(pspan, sentences, fullCast, trail, s);
      quotations.push(...here);
      if (!statement) continue;
      const inside = here.filter((q) => q.words >= MIN_QUOTATION_WORDS || /\b(?:said|stated|told|wrote|added)\b/i.test(q.how));
      for (const q of inside) used.add(q);
      const end = Math.max(s.end, ...inside.map((q) => sentenceAt(sentences, q.end - 1).end));
      const quoteText = cite(s.start, end, s);
      const deniedInside = inside.some((q) => DENIAL_INSIDE.test(q.text));
      const kind = statement.kind === 'denial' || deniedInside ? 'denial' : 'claim';
      const who = speakerLabel(statement.who) ?? speakerLabel(inside[0]?.speaker ?? null) ?? (article.about.publisher ? `${article.about.publisher}, in its own voice` : 'the article, in its own voice');
      const fields: CandidateFields =
        kind === 'denial'
          ? { denier: who, denies: statement.denies ?? draftSummary(inside[0]?.text ?? s.text), date: findDates(s.text, published, s.start).find((d) => d.date)?.date ?? null, disputes: [] }
          : { claimant: who };
      if (inside.length) fields.quotations = inside.map((q) => ({ text: q.text, speaker: q.speaker?.name ?? null, role: q.speaker?.role ?? null, how: q.how }));
      push(kind, passage.id, s, quoteText, fields, `"${statement.cue}"${statement.who ? ` by ${statement.who.name}` : ''}`);
    }
    for (const q of quotations) {
      if (used.has(q) || q.words < MIN_QUOTATION_WORDS) continue;
      const from = sentenceAt(sentences, q.start).start;
      const to = sentenceAt(sentences, q.end - 1).end;
      const denial = DENIAL_INSIDE.test(q.text);
      const who = speakerLabel(q.speaker) ?? 'unknown speaker';
      const fields: CandidateFields = denial ? { denier: who, denies: draftSummary(q.text.slice(1, -1)), date: null, disputes: [] } : { claimant: who };
      fields.quotations = [{ text: q.text, speaker: q.speaker?.name ?? null, role: q.speaker?.role ?? null, how: q.how }];
      push('quotation', passage.id, q, cite(from, to, q), fields, `quotation by ${q.speaker?.name ?? 'an unknown speaker'} (${q.how})`);
    }
  }
  // Denials propose the claims they answer: the existing claims they share the most words with.
  for (const c of out) {
    if (c.fields.denier === undefined) continue;
    const words = contentWords(c.quote);
    const scored = kase.facts
      .filter((f) => f.kind === 'claim')
      .map((f) => ({ id: f.id, score: overlap(words, contentWords(f.citations.map((x) => x.text).join(' '))) }))
      .filter((x) => x.score >= 0.35)
      .sort((a, b) => b.score - a.score)
      .slice(0, 2);
    c.fields.disputes = scored.map((x) => x.id);
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out.map((c, i) => ({ id: `c${String(i + 1).padStart(2, '0')}`, ...c }));
}
