/**
 * The review file `corpus:add` writes and `corpus:review` works through, and what a decision does to the
 * corpus files. The loader never reads `corpus/review/`: nothing in it is served until a person accepts it,
 * and what is accepted must pass the loader's verification like every other fact before it is written.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CorpusError, loadCase, type Article } from '../corpus/case.js';
import { coverageMentions } from '../corpus/coverage.js';
import { Source, type Disagreement, type Dismissal, type Fact, type SourceInfo, type Speaker } from '../corpus/schema.js';
import type { Candidate } from './candidates.js';
import { sameSpeaker } from './measure.js';
import { plainWords } from './sentences.js';

const Relation = z.object({ kind: z.enum(['corroborates', 'contradicts']), fact: z.string(), existing: z.object({ source: z.string(), quote: z.string() }), why: z.string() });
const QuotationField = z.object({ text: z.string(), speaker: z.string().nullable(), role: z.string().nullable(), how: z.string() });

export const ReviewCandidate = z.object({
  id: z.string().regex(/^c\d+$/),
  kind: z.enum(['event', 'money', 'claim', 'denial', 'quotation']),
  status: z.enum(['pending', 'accepted', 'rejected']),
  passage: z.string(),
  span: z.object({ start: z.number().int(), end: z.number().int(), text: z.string() }),
  quote: z.string().min(3).max(900),
  fields: z
    .object({
      date: z.string().nullable(),
      qualifier: z.enum(['in', 'by', 'until']),
      precision: z.enum(['year', 'month', 'day']).nullable(),
      amount: z.number(),
      currency: z.literal('USD'),
      payer: z.string().nullable(),
      payee: z.string().nullable(),
      purpose: z.string(),
      claimant: z.string(),
      denier: z.string(),
      denies: z.string(),
      disputes: z.array(z.string()),
      quotations: z.array(QuotationField),
    })
    .partial(),
  summary: z.string(),
  topics: z.array(z.string()),
  relation: Relation.nullable(),
  why: z.string(),
  /** Set when decided: the fact it became or corroborated, or why it was rejected. */
  outcome: z.string().optional(),
});

export const ReviewFile = z.object({
  version: z.literal(1),
  created: z.string(),
  /** The source entry `corpus:review` adds to sources.json, furniture as proposed (edit it here if wrong). */
  source: Source,
  furniture: z.array(z.object({ lines: z.tuple([z.number(), z.number()]), kind: z.string(), text: z.string(), why: z.string() })),
  candidates: z.array(ReviewCandidate),
});
export type ReviewFile = z.infer<typeof ReviewFile>;
export type ReviewCandidate = z.infer<typeof ReviewCandidate>;

export const reviewPath = (corpusDir: string, id: string) => join(corpusDir, 'review', `${id}.json`);

export function readReview(path: string): ReviewFile {
  const parsed = ReviewFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: not a review file: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Candidates as the review file keeps them (exactOptionalPropertyTypes: drop undefined fields). */
export function toReviewCandidates(candidates: Candidate[]): ReviewCandidate[] {
  return JSON.parse(JSON.stringify(candidates)) as ReviewCandidate[];
}

const FACT_FILE = { claim: 'claims.json', denial: 'denials.json', event: 'events.json', money: 'money.json' } as const;
type FactFileName = (typeof FACT_FILE)[keyof typeof FACT_FILE];

/** The corpus files a review changes, as JSON (with their `$schema` keys kept). */
export interface CorpusFiles {
  sources: { $schema?: string; sources: SourceInfo[] };
  facts: Record<FactFileName, { $schema?: string; facts: Fact[] }>;
  disagreements: { $schema?: string; disagreements: Disagreement[] };
  dismissals: { $schema?: string; dismissals: Dismissal[] };
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

export function readCorpusFiles(dir: string): CorpusFiles {
  const facts = {} as CorpusFiles['facts'];
  for (const name of Object.values(FACT_FILE)) facts[name] = read(join(dir, 'facts', name));
  const dismissalsPath = join(dir, 'dismissals.json');
  return {
    sources: read(join(dir, 'sources.json')),
    facts,
    disagreements: read(join(dir, 'disagreements.json')),
    dismissals: existsSync(dismissalsPath) ? read(dismissalsPath) : { $schema: './schema/dismissals.schema.json', dismissals: [] },
  };
}

/** JSON as the corpus writes it; furniture ranges stay on one line each, as in the hand-written file. */
export function corpusJson(value: unknown): string {
  return (
    JSON.stringify(value, null, 2).replace(/\{\n\s+"lines": \[\n\s+(\d+),\n\s+(\d+)\n\s+\],\n\s+"kind": ("[^"]+")\n\s+\}/g, '{ "lines": [$1, $2], "kind": $3 }') + '\n'
  );
}

/** Writes each file whole (temp file, then rename), so a watcher never reads half of one. */
export function writeCorpusFiles(dir: string, files: CorpusFiles): void {
  const put = (path: string, value: unknown) => {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, corpusJson(value));
    renameSync(tmp, path);
  };
  // Sources first: facts citing a new source load only once it is listed; a watcher reloading between
  // files sees a corpus that is still whole.
  put(join(dir, 'sources.json'), files.sources);
  for (const [name, file] of Object.entries(files.facts)) put(join(dir, 'facts', name), file);
  put(join(dir, 'disagreements.json'), files.disagreements);
  if (files.dismissals.dismissals.length || existsSync(join(dir, 'dismissals.json'))) put(join(dir, 'dismissals.json'), files.dismissals);
}

export type Decision = 'accept' | 'reject';

function slug(text: string, taken: Set<string>, prefix: string): string {
  const base = plainWords(text).slice(0, 5).join('-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'fact';
  let id = `${prefix}.${base}`;
  for (let n = 2; taken.has(id); n++) id = `${prefix}.${base}-${n}`;
  taken.add(id);
  return id;
}

function allFacts(files: CorpusFiles): Fact[] {
  return Object.values(files.facts).flatMap((f) => f.facts);
}

/** The new fact a candidate becomes, or why it cannot become one yet. */
/** Whose words the candidate's quotation marks hold, when every quotation in it names the same speaker. */
function speakerOf(c: ReviewCandidate, source: string): Speaker | undefined {
  const quotes = c.fields.quotations ?? [];
  const names = new Set(quotes.map((q) => q.speaker));
  const first = quotes[0];
  if (!first?.speaker || names.size !== 1) return undefined;
  return { name: first.speaker, role: first.role, for: null, sources: [source] };
}

function factOf(c: ReviewCandidate, source: string, taken: Set<string>): Fact | string {
  // Ids from the article's words when the label is still the draft; from the reviewer's label otherwise.
  const named = c.summary.includes('(draft label') ? c.quote : c.summary;
  const speaker = speakerOf(c, source);
  const base = { summary: c.summary, topics: c.topics, citations: [{ source, quote: c.quote }], ...(speaker ? { speaker } : {}) };
  const f = c.fields;
  switch (c.kind) {
    case 'event':
      if (!f.date) return 'its date is unresolved: edit the date first';
      return { id: slug(named, taken, 'event'), kind: 'event', date: f.date, qualifier: f.qualifier ?? 'in', ...base };
    case 'money':
      if (!f.amount) return 'it has no amount';
      return { id: slug(named, taken, 'money'), kind: 'money', amount: f.amount, currency: 'USD', payer: f.payer ?? null, payee: f.payee ?? null, purpose: f.purpose?.replace(/^\W+|\W+$/g, '') || 'as the sentence says', date: f.date ?? null, ...base };
    case 'denial':
    case 'quotation':
      if (f.denier !== undefined)
        return { id: slug(named, taken, 'denial'), kind: 'denial', denier: f.denier, denies: f.denies || c.summary, date: f.date ?? null, disputes: f.disputes ?? [], ...base };
      return { id: slug(named, taken, 'claim'), kind: 'claim', claimant: f.claimant ?? 'unknown', date: null, ...base };
    case 'claim':
      return { id: slug(named, taken, 'claim'), kind: 'claim', claimant: f.claimant ?? 'unknown', date: null, ...base };
  }
}

export interface ApplyResult {
  files: CorpusFiles;
  review: ReviewFile;
  /** One line per decision, for the person reviewing. */
  log: string[];
}

/**
 * Applies decisions to a copy of the corpus files: accepted candidates become facts (or citations of the fact
 * they corroborate, plus a disagreement for a contradiction), rejected dates and amounts become dismissals.
 * The source entry is added with the first decision. Pure: nothing is written.
 */
export function applyDecisions(input: CorpusFiles, input2: ReviewFile, article: Article, decisions: Map<string, Decision>): ApplyResult {
  const files = structuredClone(input);
  const review = structuredClone(input2);
  const log: string[] = [];
  const source = review.source.id;
  if (decisions.size && !files.sources.sources.some((s) => s.id === source)) {
    files.sources.sources.push(review.source);
    log.push(`source ${source} (${review.source.file}) added to sources.json with ${review.source.furniture.length} furniture range(s)`);
  }
  const taken = new Set([...allFacts(files).map((f) => f.id), ...files.disagreements.disagreements.map((d) => d.id)]);
  for (const c of review.candidates) {
    const decision = decisions.get(c.id);
    if (!decision || c.status !== 'pending') continue;
    if (decision === 'reject') {
      c.status = 'rejected';
      const within = article.passages.filter((p) => p.start <= c.span.start && c.span.end <= p.end).flatMap((p) => coverageMentions(p)).filter((m) => c.span.start <= m.offset && m.offset + m.text.length <= c.span.end);
      for (const m of c.kind === 'event' || c.kind === 'money' ? within : []) {
        if (files.dismissals.dismissals.some((d) => d.source === source && d.offset === m.offset && d.text === m.text)) continue;
        files.dismissals.dismissals.push({ source, offset: m.offset, text: m.text, reason: `rejected in review (${c.id}): ${c.why}`.slice(0, 300) });
      }
      c.outcome = within.length && (c.kind === 'event' || c.kind === 'money') ? `rejected; ${within.map((m) => JSON.stringify(m.text)).join(', ')} dismissed` : 'rejected';
      log.push(`${c.id} ${c.kind}: ${c.outcome}`);
      continue;
    }
    const existing = c.relation ? allFacts(files).find((f) => f.id === c.relation?.fact) : undefined;
    if (c.relation?.kind === 'corroborates' && existing) {
      if (existing.speaker) {
        // The new article gives the quoted words to this speaker only if it names the same one; "no sources"
        // means every source does, so it is pinned to the old ones first.
        const mine = speakerOf(c, source);
        const old = existing.speaker.sources ?? [...new Set(existing.citations.map((x) => x.source))];
        const same = !!mine && sameSpeaker(mine.name, existing.speaker.name);
        existing.speaker = { ...existing.speaker, sources: same ? [...new Set([...old, source])] : old };
      } else {
        const mine = speakerOf(c, source);
        if (mine) existing.speaker = mine;
      }
      if (!existing.citations.some((x) => x.source === source && x.quote === c.quote)) existing.citations.push({ source, quote: c.quote });
      c.status = 'accepted';
      c.outcome = `corroborates ${existing.id} (citation added)`;
      log.push(`${c.id} ${c.kind}: ${c.outcome}`);
      continue;
    }
    const fact = factOf(c, source, taken);
    if (typeof fact === 'string') {
      log.push(`${c.id} ${c.kind}: not accepted: ${fact}`);
      continue;
    }
    files.facts[FACT_FILE[fact.kind]].facts.push(fact);
    c.status = 'accepted';
    c.outcome = `became ${fact.id}`;
    if (c.relation?.kind === 'contradicts' && existing) {
      const id = slug(c.quote, taken, 'disagreement');
      files.disagreements.disagreements.push({
        id,
        summary: `The sources differ: ${c.summary}`.slice(0, 200).replace(/\s+\S*$/, (m) => (m.length < 200 ? m : '')),
        note: `Proposed by corpus:add and accepted in review: ${c.relation.why}.`,
        sides: [{ source: c.relation.existing.source, quote: c.relation.existing.quote }, { source, quote: c.quote }],
        facts: [existing.id, fact.id],
      });
      c.outcome += `; disagreement ${id} recorded with ${existing.id}`;
    }
    log.push(`${c.id} ${c.kind}: ${c.outcome}`);
  }
  return { files, review, log };
}

/**
 * Verifies `files` as the loader would (a staging copy of the corpus folder), then writes them. Throws
 * `CorpusError` with the loader's problems, writing nothing, when the result would not load.
 */
export function verifyAndWrite(dir: string, files: CorpusFiles): void {
  const staging = mkdtempSync(join(tmpdir(), 'corpus-review-'));
  try {
    cpSync(dir, staging, { recursive: true });
    writeCorpusFiles(staging, files);
    loadCase({ dir: staging });
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError([(error as Error).message]);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  writeCorpusFiles(dir, files);
}
