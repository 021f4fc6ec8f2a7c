/**
 * `npm run corpus:add -- <file> [--publisher …] [--author …] [--title …] [--url …] [--date YYYY-MM-DD] [--json]`
 *
 * Copies an article byte for byte into `corpus/articles/` under the next id and writes
 * `corpus/review/<id>.json`: its source entry (metadata from the flags only, unknown = null, its sha256),
 * the lines proposed as page furniture, and the candidate facts found in its passages. Nothing is served until
 * `npm run corpus:review` accepts it: the loader reads only what sources.json lists and never reads review/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { articleOf, CorpusError, defaultCorpusDir, loadCase } from '../src/corpus/case.js';
import { PartialDate, type SourceInfo } from '../src/corpus/schema.js';
import { isEntryPoint } from '../src/entry.js';
import { Cast } from '../src/extract/attribution.js';
import { extractCandidates, type Candidate } from '../src/extract/candidates.js';
import { proposeFurniture } from '../src/extract/furniture.js';
import { corpusJson, reviewPath, toReviewCandidates, type ReviewFile } from '../src/extract/review.js';

export const USAGE = 'usage: npm run corpus:add -- <article.txt> [--publisher NAME] [--author NAME] [--title TEXT] [--url URL] [--date YYYY[-MM[-DD]]] [--json]';

export interface AddIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

class UsageError extends Error {}

function nextId(dir: string, sources: SourceInfo[]): string {
  const ids = [
    ...sources.map((s) => Number(s.id)),
    ...readdirSync(join(dir, 'articles')).map((f) => Number(f.slice(0, 3))).filter(Number.isInteger),
    ...(existsSync(join(dir, 'review')) ? readdirSync(join(dir, 'review')).map((f) => Number(f.slice(0, 3))).filter(Number.isInteger) : []),
  ];
  const next = Math.max(-1, ...ids) + 1;
  if (next > 999) throw new UsageError('corpus:add: the corpus already has 1000 source ids');
  return String(next).padStart(3, '0');
}

function describe(c: Candidate): string {
  const f = c.fields;
  const what =
    c.kind === 'event' ? `${f.date ?? 'unresolved'} (${f.qualifier}${f.precision ? `, ${f.precision}` : ''})`
    : c.kind === 'money' ? `${f.amount} ${f.currency}; payer ${f.payer ?? '?'}; payee ${f.payee ?? '?'}; for: ${f.purpose}`
    : c.kind === 'denial' || f.denier !== undefined ? `denier: ${f.denier}`
    : `claimant: ${f.claimant}`;
  const quotes = (f.quotations ?? []).map((q) => `\n      quotation ${q.text.length > 60 ? q.text.slice(0, 57) + '…' : q.text} — ${q.speaker ?? 'speaker unknown'}${q.role ? `, ${q.role}` : ''}`).join('');
  const rel = c.relation ? `\n      ${c.relation.kind} ${c.relation.fact}: ${c.relation.why}\n        theirs (${c.relation.existing.source}): “${c.relation.existing.quote.slice(0, 100)}”` : '';
  return `  ${c.id} ${c.kind.padEnd(9)} ${JSON.stringify(c.span.text.length > 50 ? c.span.text.slice(0, 47) + '…' : c.span.text)} → ${what} [${c.passage}]${quotes}${rel}`;
}

/**
 * People the article names (with the role it gives them) that `vocabulary.json` does not list: the search and
 * /quote know a case's people from there, so the reviewer may add them (nothing is written here).
 */
function unlisted(text: string, kase: ReturnType<typeof loadCase>): string[] {
  const known = new Set(kase.vocabulary.entities.flatMap((e) => [e.name, ...e.aliases]).map((n) => n.toLowerCase()));
  const people = [...new Cast(text).people.values()].filter((p) => !known.has(p.name.toLowerCase()));
  if (!people.length) return [];
  return [`people named here that vocabulary.json does not list (add them there if the case needs them): ${people.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join('; ')}`];
}

/** Runs `corpus:add` with `argv` (after the script name); resolves with the exit code. */
export function runCorpusAdd(argv: string[], io: AddIo, corpusDir = process.env.CORPUS_DIR ?? defaultCorpusDir(), now = new Date()): number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        publisher: { type: 'string' },
        author: { type: 'string' },
        title: { type: 'string' },
        url: { type: 'string' },
        date: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'corpus:add: give exactly one article file' : USAGE);
    const file = positionals[0] as string;
    if (values.date !== undefined && !PartialDate.safeParse(values.date).success) throw new UsageError(`corpus:add: --date ${JSON.stringify(values.date)} is not a real date as YYYY, YYYY-MM or YYYY-MM-DD`);
    if (values.url !== undefined && !z.url().safeParse(values.url).success) throw new UsageError(`corpus:add: --url ${JSON.stringify(values.url)} is not an absolute URL`);
    for (const key of ['publisher', 'author', 'title'] as const) if (values[key] !== undefined && !values[key]?.trim()) throw new UsageError(`corpus:add: --${key} is empty; leave it out when unknown`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UsageError(`corpus:add: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const text = bytes.toString('utf8');
    if (!text.trim()) throw new UsageError(`corpus:add: ${file} is empty`);
    if (Buffer.from(text, 'utf8').compare(bytes) !== 0) throw new UsageError(`corpus:add: ${file} is not UTF-8 text`);

    const kase = loadCase({ dir: corpusDir });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const same = [...kase.articles.values()].find((a) => a.about.sha256 === sha256);
    if (same) throw new UsageError(`corpus:add: ${file} is already in the corpus as source ${same.about.id} (${same.about.file})`);
    const sources = [...kase.articles.values()].map((a) => a.about);
    const id = nextId(corpusDir, sources);
    const furniture = proposeFurniture(text, { title: values.title ?? null, author: values.author ?? null });
    const known = [values.publisher && 'publisher', values.author && 'author', values.title && 'title', values.url && 'address', values.date && 'date'].filter(Boolean);
    const about: SourceInfo = {
      id,
      file: `${id}_${sha256.slice(0, 16)}.txt`,
      sha256,
      publisher: values.publisher ?? null,
      author: values.author ?? null,
      title: values.title ?? null,
      url: values.url ?? null,
      published: values.date ?? null,
      notes: `Added with corpus:add on ${now.toISOString().slice(0, 10)} from ${basename(file)}; ${known.length ? `given: ${known.join(', ')}` : 'no publisher, author, title, address or date given'}; unknown stays null.`,
      furniture: furniture.map((f) => ({ lines: f.lines, kind: f.kind })),
    };
    const article = articleOf(about, text);
    const candidates = extractCandidates(article, kase);
    const review: ReviewFile = { version: 1, created: now.toISOString(), source: about, furniture, candidates: toReviewCandidates(candidates) };

    mkdirSync(join(corpusDir, 'articles'), { recursive: true });
    mkdirSync(join(corpusDir, 'review'), { recursive: true });
    // The bytes as given: the loader checks this sha256 at every load.
    writeFileSync(join(corpusDir, 'articles', about.file), bytes);
    writeFileSync(reviewPath(corpusDir, id), corpusJson(review));

    if (values.json) {
      for (const c of candidates) io.stdout.write(JSON.stringify({ source: id, ...c }) + '\n');
      return 0;
    }
    const counts = new Map<string, number>();
    for (const c of candidates) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
    const out = [
      `added articles/${about.file} as source ${id} (sha256 ${sha256.slice(0, 12)}…, ${article.passages.length} passages)`,
      `metadata: publisher ${about.publisher ?? 'unknown'}, author ${about.author ?? 'unknown'}, title ${about.title ? JSON.stringify(about.title) : 'unknown'}, address ${about.url ?? 'unknown'}, date ${about.published ?? 'unknown'}`,
      `proposed furniture (never indexed or quoted):`,
      ...furniture.map((f) => `  lines ${f.lines[0]}-${f.lines[1]} ${f.kind}: ${JSON.stringify(f.text.slice(0, 60))} (${f.why})`),
      `candidates: ${candidates.length} (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}); ${candidates.filter((c) => c.relation?.kind === 'corroborates').length} corroborate a fact, ${candidates.filter((c) => c.relation?.kind === 'contradicts').length} contradict one`,
      ...candidates.map(describe),
      ...unlisted(article.text, kase),
      `review file: review/${id}.json — next: npm run corpus:review (nothing is served until it is reviewed)`,
    ];
    io.stdout.write(out.join('\n') + '\n');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(error.message + '\n');
      return 2;
    }
    if (error instanceof CorpusError) {
      io.stderr.write(`corpus:add: the corpus does not load, fix it first:\n${error.message}\n`);
      return 1;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`corpus:add: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = runCorpusAdd(process.argv.slice(2), process);
