/**
 * Scores candidates for a held-out article against the reviewed facts that cite it: recall of dated events
 * (right date), money (right amount), quotations (right speaker: the fact's reviewed `speaker` where it has one
 * for that source, else its claimant or denier), claims and denials (a candidate over the
 * cited words), and precision (candidates over words some reviewed fact or disagreement cites: a lower
 * bound on what a reviewer would keep). Every miss is listed with what the extractor produced nearby.
 */
import type { Case, ResolvedCitation, ResolvedFact } from '../corpus/case.js';
import type { Candidate } from './candidates.js';
import { contentWords } from './sentences.js';

export interface Score {
  hit: number;
  of: number;
  misses: string[];
}

export interface ExtractionScore {
  source: string;
  candidates: number;
  dates: Score;
  amounts: Score;
  quotations: Score;
  statements: Score;
  precision: Score;
  /** Stricter: the candidate overlaps a reviewed fact of its own kind (claims, denials and quotations as one). */
  strictPrecision: Score;
  corroborations: Score;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
/** Words that name a case's papers: a filing, the lawsuit and the court documents speak with one voice. */
const PAPERS = new Set(['document', 'filing', 'lawsuit', 'suit', 'complaint', 'court', 'report', 'case']);

/** Whether a candidate speaker names the reviewed fact's claimant or denier: a shared content word. */
export function sameSpeaker(candidate: string | null, gold: string): boolean {
  if (!candidate) return false;
  const norm = (w: string) => (PAPERS.has(w) ? 'papers' : w);
  const g = new Set(contentWords(gold).map(norm));
  return contentWords(candidate).map(norm).some((w) => g.has(w));
}

/** Where a candidate sits in the article: its cited sentence(s). */
function candidateSpan(c: Candidate, text: string): { start: number; end: number } {
  const at = text.indexOf(c.quote, Math.max(0, c.span.start - c.quote.length));
  return at === -1 ? c.span : { start: at, end: at + c.quote.length };
}

const short = (s: string) => JSON.stringify(s.length > 90 ? s.slice(0, 87) + '...' : s);

/** Quotations (4+ words, quotation marks inside a claim's or denial's citation) the gold says someone said. */
function goldQuotations(fact: ResolvedFact, citation: ResolvedCitation): { start: number; end: number; text: string }[] {
  if (fact.kind !== 'claim' && fact.kind !== 'denial') return [];
  const out = [];
  for (const m of citation.text.matchAll(/[“"]([^“”"]+)[”"]/g)) {
    if ((m[1] ?? '').split(/\s+/).filter(Boolean).length < 4) continue;
    // A title in quotation marks ("a blog post titled “…”") is no one's quotation.
    if (/\b(?:titled|called|named|dubbed|headlined)\s*$/i.test(citation.text.slice(0, m.index))) continue;
    const start = citation.start + (m.index ?? 0);
    out.push({ start, end: start + m[0].length, text: m[0] });
  }
  return out;
}

export function scoreExtraction(gold: Case, source: string, candidates: Candidate[], text: string): ExtractionScore {
  const score = (): Score => ({ hit: 0, of: 0, misses: [] });
  const s: ExtractionScore = { source, candidates: candidates.length, dates: score(), amounts: score(), quotations: score(), statements: score(), precision: score(), strictPrecision: score(), corroborations: score() };
  const spans = candidates.map((c) => ({ c, span: candidateSpan(c, text) }));
  const near = (cit: { start: number; end: number }) => spans.filter((x) => overlaps(x.span, cit));
  const describe = (xs: typeof spans) => (xs.length ? xs.map((x) => `${x.c.id} ${x.c.kind} ${JSON.stringify(x.c.fields.date ?? x.c.fields.amount ?? x.c.fields.claimant ?? x.c.fields.denier ?? null)}`).join('; ') : 'no candidate there');
  const tally = (sc: Score, ok: boolean, miss: string) => {
    sc.of++;
    if (ok) sc.hit++;
    else sc.misses.push(miss);
  };
  for (const fact of gold.facts) {
    const cits = fact.citations.filter((c) => c.source === source);
    if (!cits.length) continue;
    const around = cits.flatMap((c) => near(c));
    if (fact.kind === 'event') tally(s.dates, around.some((x) => x.c.kind === 'event' && x.c.fields.date === fact.date), `${fact.id} (${fact.date}) ${short(cits[0]!.text)}: ${describe(around.filter((x) => x.c.kind === 'event'))}`);
    if (fact.kind === 'money') tally(s.amounts, around.some((x) => x.c.kind === 'money' && x.c.fields.amount === fact.amount), `${fact.id} (${fact.amount}): ${describe(around.filter((x) => x.c.kind === 'money'))}`);
    if (fact.kind === 'claim' || fact.kind === 'denial') {
      // The reviewed speaker of the quoted words when the fact records one for this source; else who claims or denies.
      const speaker = fact.speaker && (!fact.speaker.sources || fact.speaker.sources.includes(source)) ? fact.speaker : undefined;
      const who = speaker ? [speaker.name, speaker.role].filter(Boolean).join(', ') : fact.kind === 'claim' ? fact.claimant : fact.denier;
      tally(s.statements, around.some((x) => ['claim', 'denial', 'quotation'].includes(x.c.kind)), `${fact.id} ${short(cits[0]!.text)}: ${describe(around)}`);
      for (const cit of cits) {
        for (const q of goldQuotations(fact, cit)) {
          const found = spans.flatMap((x) => (x.c.fields.quotations ?? []).map((f) => ({ f, at: text.indexOf(f.text, Math.max(0, x.c.span.start - 1000)) })));
          const match = found.find(({ f, at }) => at !== -1 && overlaps({ start: at, end: at + f.text.length }, q));
          tally(s.quotations, !!match && (sameSpeaker(match.f.speaker, who) || sameSpeaker(match.f.role, who)), `${fact.id} ${short(q.text)} by ${JSON.stringify(who)}: ${match ? `speaker ${JSON.stringify(match.f.speaker)} (${match.f.how})` : 'quotation not found'}`);
        }
      }
    }
    if (fact.corroboration >= 2) {
      // Right: it proposes corroborating this fact, or contradicting it where a recorded disagreement says the
      // held-out article differs from another source about it.
      const disputed = gold.disagreements.some((d) => d.facts.includes(fact.id) && d.sides.some((x) => x.source === source));
      const mine = around.filter((x) => x.c.relation?.fact === fact.id && (x.c.relation.kind === 'corroborates' || disputed));
      tally(s.corroborations, mine.length > 0, `${fact.id}: ${around.map((x) => `${x.c.id}→${x.c.relation ? `${x.c.relation.kind} ${x.c.relation.fact}` : 'none'}`).join(', ') || 'no candidate there'}`);
    }
  }
  const cited = [...gold.facts.flatMap((f) => f.citations), ...gold.disagreements.flatMap((d) => d.sides)].filter((c) => c.source === source);
  for (const { c, span } of spans) tally(s.precision, cited.some((x) => overlaps(x, span)), `${c.id} ${c.kind} ${short(c.quote)}`);
  const family = (k: string) => (k === 'event' || k === 'money' ? k : 'statement');
  for (const { c, span } of spans) {
    const ok = gold.facts.some((f) => family(f.kind) === family(c.kind) && f.citations.some((x) => x.source === source && overlaps(x, span)));
    tally(s.strictPrecision, ok, `${c.id} ${c.kind} ${short(c.quote)}`);
  }
  return s;
}

const pct = (x: Score) => (x.of ? `${x.hit}/${x.of} (${Math.round((100 * x.hit) / x.of)}%)` : 'n/a');

/** The table `eval:extract` prints, one row per held-out article and a total. */
export function renderTable(scores: ExtractionScore[]): string {
  const total = (k: keyof ExtractionScore): Score => {
    const sc = { hit: 0, of: 0, misses: [] as string[] };
    for (const s of scores) {
      const v = s[k] as Score;
      sc.hit += v.hit;
      sc.of += v.of;
    }
    return sc;
  };
  const head = ['held out', 'candidates', 'dates', 'amounts', 'quotes+speaker', 'claims/denials', 'precision', 'same-kind precision', 'corroborations'];
  const rows = scores.map((s) => [s.source, String(s.candidates), pct(s.dates), pct(s.amounts), pct(s.quotations), pct(s.statements), pct(s.precision), pct(s.strictPrecision), pct(s.corroborations)]);
  rows.push(['all', String(scores.reduce((n, s) => n + s.candidates, 0)), pct(total('dates')), pct(total('amounts')), pct(total('quotations')), pct(total('statements')), pct(total('precision')), pct(total('strictPrecision')), pct(total('corroborations'))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
