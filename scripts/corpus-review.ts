/**
 * `npm run corpus:review [-- <id>] [--accept ID,…] [--reject ID,…] [--accept-all]`
 *
 * Goes through the candidate facts `corpus:add` proposed. In a terminal with no decision flags it asks about
 * each pending candidate (accept, edit the summary and fields then accept, reject, skip, quit); with flags it
 * decides those candidates and leaves the rest pending. Accepted candidates become facts (or citations of the
 * fact they corroborate); rejected dates and amounts are recorded as dismissals, so `check:corpus` never finds
 * them silently uncovered. The new corpus is verified whole, as the loader verifies it, before anything is
 * written; a running bot then reloads it by itself.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { articleOf, CorpusError, defaultCorpusDir } from '../src/corpus/case.js';
import { PartialDate } from '../src/corpus/schema.js';
import { isEntryPoint } from '../src/entry.js';
import { applyDecisions, corpusJson, readCorpusFiles, readReview, reviewPath, verifyAndWrite, type Decision, type ReviewCandidate, type ReviewFile } from '../src/extract/review.js';

export const USAGE = 'usage: npm run corpus:review [-- <source id>] [--accept c01,c02] [--reject c03] [--accept-all]';

export interface ReviewIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

class UsageError extends Error {}

/** What the reviewer reads about one candidate. */
export function showCandidate(c: ReviewCandidate): string {
  const f = c.fields;
  const lines = [`${c.id} ${c.kind} [${c.passage}] ${c.why}`, `  summary: ${c.summary}`, `  quote:   “${c.quote}”`];
  const shown = Object.entries(f).filter(([k]) => k !== 'quotations').map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (shown.length) lines.push(`  fields:  ${shown.join(' ')}`);
  for (const q of f.quotations ?? []) lines.push(`  quotation: ${q.text} — ${q.speaker ?? 'speaker unknown'}${q.role ? `, ${q.role}` : ''} (${q.how})`);
  lines.push(`  topics:  ${c.topics.join(', ')}`);
  if (c.relation) lines.push(`  ${c.relation.kind} ${c.relation.fact} (${c.relation.why}); theirs, ${c.relation.existing.source}: “${c.relation.existing.quote}”`);
  return lines.join('\n');
}

const EDITABLE: Record<string, 'string' | 'nullable' | 'number' | 'date' | 'qualifier' | 'list'> = {
  date: 'date', qualifier: 'qualifier', amount: 'number', payer: 'nullable', payee: 'nullable', purpose: 'string', claimant: 'string', denier: 'string', denies: 'string', disputes: 'list',
};

/** Reads one edited value; an empty answer keeps the old one. Returns an error message for a bad value. */
export function parseEdit(key: string, answer: string): { value: unknown } | { error: string } {
  const kind = EDITABLE[key];
  const a = answer.trim();
  switch (kind) {
    case 'number':
      return /^\d+$/.test(a) && Number(a) > 0 ? { value: Number(a) } : { error: `${key} takes a whole positive number` };
    case 'date':
      return a === 'null' ? { value: null } : PartialDate.safeParse(a).success ? { value: a } : { error: 'a date is YYYY, YYYY-MM or YYYY-MM-DD (or null)' };
    case 'qualifier':
      return ['in', 'by', 'until'].includes(a) ? { value: a } : { error: 'qualifier is in, by or until' };
    case 'nullable':
      return { value: a === 'null' ? null : a };
    case 'list':
      return { value: a.split(',').map((x) => x.trim()).filter(Boolean) };
    default:
      return a ? { value: a } : { error: `${key} cannot be empty` };
  }
}

async function interactive(review: ReviewFile, io: ReviewIo): Promise<Map<string, Decision>> {
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  const decisions = new Map<string, Decision>();
  // Furniture is never indexed or quoted: if a line here is the article's own words, quit and edit
  // source.furniture in the review file before the first decision.
  io.stdout.write(`source ${review.source.id} (${review.source.file}): furniture as proposed, edit source.furniture in review/${review.source.id}.json if wrong:\n`);
  for (const f of review.furniture) io.stdout.write(`  lines ${f.lines[0]}-${f.lines[1]} ${f.kind}: ${f.text.slice(0, 70)}\n`);
  try {
    for (const c of review.candidates.filter((x) => x.status === 'pending')) {
      io.stdout.write('\n' + showCandidate(c) + '\n');
      for (;;) {
        const answer = (await rl.question('[a]ccept, [e]dit, [r]eject, [s]kip, [q]uit? ')).trim().toLowerCase();
        if (answer === 'a') decisions.set(c.id, 'accept');
        else if (answer === 'r') decisions.set(c.id, 'reject');
        else if (answer === 's') break;
        else if (answer === 'q') return decisions;
        else if (answer === 'e') {
          const summary = (await rl.question(`summary [${c.summary}]: `)).trim();
          if (summary) c.summary = summary.slice(0, 200);
          for (const key of Object.keys(c.fields).filter((k) => k in EDITABLE)) {
            for (;;) {
              const raw = await rl.question(`${key} [${JSON.stringify((c.fields as Record<string, unknown>)[key])}]: `);
              if (!raw.trim()) break;
              const parsed = parseEdit(key, raw);
              if ('error' in parsed) {
                io.stdout.write(`  ${parsed.error}\n`);
                continue;
              }
              (c.fields as Record<string, unknown>)[key] = parsed.value;
              break;
            }
          }
          for (const q of c.fields.quotations ?? []) {
            // Whose words these are becomes the fact's speaker: a person checks it.
            const name = (await rl.question(`speaker of ${q.text.slice(0, 50)} [${q.speaker ?? 'unknown'}]: `)).trim();
            if (name) q.speaker = name === 'null' ? null : name;
            const role = (await rl.question(`role of ${q.speaker ?? 'the speaker'} [${q.role ?? 'none'}]: `)).trim();
            if (role) q.role = role === 'null' ? null : role;
          }
          const topics = (await rl.question(`topics [${c.topics.join(',')}]: `)).trim();
          if (topics) c.topics = topics.split(',').map((t) => t.trim()).filter(Boolean);
          if (c.relation) {
            // Accepting a corroboration adds a citation to that fact; declining makes the candidate a fact of its own.
            const keep = (await rl.question(`keep "${c.relation.kind} ${c.relation.fact}"? [Y/n]: `)).trim().toLowerCase();
            if (keep === 'n' || keep === 'no') c.relation = null;
          }
          io.stdout.write(showCandidate(c) + '\n');
          continue;
        } else {
          io.stdout.write('  a, e, r, s or q\n');
          continue;
        }
        break;
      }
    }
  } finally {
    rl.close();
  }
  return decisions;
}

function pendingReviews(dir: string): string[] {
  const folder = join(dir, 'review');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((n) => /^\d{3}\.json$/.test(n))
    .map((n) => n.slice(0, 3))
    .filter((id) => readReview(reviewPath(dir, id)).candidates.some((c) => c.status === 'pending'));
}

/** Runs `corpus:review`; resolves with the exit code. */
export async function runCorpusReview(argv: string[], io: ReviewIo, corpusDir = process.env.CORPUS_DIR ?? defaultCorpusDir()): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { accept: { type: 'string' }, reject: { type: 'string' }, 'accept-all': { type: 'boolean', default: false } },
    });
    const pending = pendingReviews(corpusDir);
    const id = positionals[0] ?? (pending.length === 1 ? pending[0] : undefined);
    if (positionals.length > 1) throw new UsageError(USAGE);
    if (!id) {
      if (!pending.length) {
        io.stdout.write('corpus:review: nothing to review (npm run corpus:add -- <file> proposes candidates)\n');
        return 0;
      }
      throw new UsageError(`corpus:review: several articles wait for review (${pending.join(', ')}); name one: npm run corpus:review -- ${pending[0]}`);
    }
    if (!/^\d{3}$/.test(id) || !existsSync(reviewPath(corpusDir, id))) throw new UsageError(`corpus:review: no review file for source ${JSON.stringify(id)} (review/<id>.json)`);
    const review = readReview(reviewPath(corpusDir, id));
    const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
    const known = new Set(review.candidates.map((c) => c.id));
    const decisions = new Map<string, Decision>();
    if (values['accept-all']) for (const c of review.candidates) if (c.status === 'pending') decisions.set(c.id, 'accept');
    for (const [ids, decision] of [[list(values.accept), 'accept'], [list(values.reject), 'reject']] as const) {
      for (const cid of ids) {
        if (!known.has(cid)) throw new UsageError(`corpus:review: no candidate ${JSON.stringify(cid)} in review/${id}.json`);
        decisions.set(cid, decision);
      }
    }
    const flagged = values['accept-all'] || values.accept !== undefined || values.reject !== undefined;
    if (!flagged) {
      if (!io.stdin.isTTY) throw new UsageError(`corpus:review: not a terminal; decide with --accept ID,…, --reject ID,… or --accept-all\n${USAGE}`);
      for (const [k, v] of await interactive(review, io)) decisions.set(k, v);
    }
    if (!decisions.size) {
      io.stdout.write('corpus:review: no decisions; nothing written\n');
      return 0;
    }
    const text = readFileSync(join(corpusDir, 'articles', review.source.file), 'utf8');
    const article = articleOf(review.source, text);
    const result = applyDecisions(readCorpusFiles(corpusDir), review, article, decisions);
    verifyAndWrite(corpusDir, result.files);
    writeFileSync(reviewPath(corpusDir, id), corpusJson(result.review));
    for (const line of result.log) io.stdout.write(line + '\n');
    const left = result.review.candidates.filter((c) => c.status === 'pending').length;
    const accepted = result.review.candidates.filter((c) => c.status === 'accepted').length;
    const rejected = result.review.candidates.filter((c) => c.status === 'rejected').length;
    io.stdout.write(`review/${id}.json: ${accepted} accepted, ${rejected} rejected, ${left} pending; the corpus verifies (npm run check:corpus for coverage)\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(error.message + '\n');
      return 2;
    }
    if (error instanceof CorpusError) {
      io.stderr.write(`corpus:review: the result would not load, so nothing was written:\n${error.message}\n`);
      return 1;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`corpus:review: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = await runCorpusReview(process.argv.slice(2), process);
