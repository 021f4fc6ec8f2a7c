/**
 * Loads and verifies the case: articles (hash-checked), their metadata and furniture, passages, the
 * structured facts and the recorded disagreements. Every citation is resolved to a span of its article, so
 * what the bot shows is sliced from the article itself, never retyped.
 *
 * Loading fails loudly: one `CorpusError` listing every problem, each naming the file, the fact id and the
 * offending quote or field.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  DisagreementsFile,
  FactsFile,
  SourcesFile,
  TopicsFile,
  ThesaurusFile,
  VocabularyFile,
  type Citation,
  type Disagreement,
  type Fact,
  type SourceId,
  type SourceInfo,
  type Vocabulary,
  type Topic,
} from './schema.js';
import { allIndexesOf, foldWithMap } from './text.js';

export type FurnitureKind = SourceInfo['furniture'][number]['kind'];

export interface Line {
  /** 1-based line number in the article file. */
  number: number;
  start: number;
  end: number;
  furniture: FurnitureKind | null;
}

/** A paragraph of article text (never furniture): what free-text search and quotes point at. */
export interface Passage {
  /** `001#p7`: source id and the paragraph's ordinal among the article's own paragraphs. */
  id: string;
  source: SourceId;
  ordinal: number;
  start: number;
  end: number;
  text: string;
}

export interface Article {
  about: SourceInfo;
  text: string;
  lines: Line[];
  passages: Passage[];
}

/** A citation resolved against its article: `text` is the article's own characters. */
export interface ResolvedCitation extends Citation {
  text: string;
  start: number;
  end: number;
  passage: string;
}

type Resolved<F> = F extends unknown
  ? Omit<F, 'citations'> & {
      citations: ResolvedCitation[];
      /** Number of distinct sources that state the fact. */
      corroboration: number;
      /** Ids of recorded disagreements that bear on this fact. */
      disagreements: string[];
      /** For a claim: the denials that dispute it. */
      disputedBy: string[];
    }
  : never;

/** A fact whose citations are resolved against their articles (distributes over the four kinds). */
export type ResolvedFact = Resolved<Fact>;

export type ResolvedDisagreement = Omit<Disagreement, 'sides'> & { sides: ResolvedCitation[] };

export interface Case {
  articles: Map<SourceId, Article>;
  topics: Topic[];
  facts: ResolvedFact[];
  factById: Map<string, ResolvedFact>;
  disagreements: ResolvedDisagreement[];
  passages: Passage[];
  /** Every passage by its id (`001#p3`). */
  passageById: Map<string, Passage>;
  /** The case's title, the story's synonyms and its people and organisations (vocabulary.json). */
  vocabulary: Vocabulary;
  /**
   * General-English synonyms of the corpus's terms, real words near them, and other forms of its words
   * (thesaurus.json; empty when absent).
   */
  thesaurus: { terms: Record<string, string[]>; words: string[]; forms: Record<string, string[]>; persons: string[] };
  /** sha256 over every corpus file: changes whenever a fact, quote or article changes. */
  digest: string;
}

export class CorpusError extends Error {
  override name = 'CorpusError';
  constructor(readonly problems: string[]) {
    super(`corpus: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The package root: the nearest folder above this module that has a package.json (works from src/ and dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('corpus: no package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const defaultCorpusDir = (): string => join(packageRoot(), 'corpus');

const FACT_FILES = ['claims.json', 'denials.json', 'events.json', 'money.json'] as const;

function shortQuote(quote: string): string {
  return JSON.stringify(quote.length > 80 ? quote.slice(0, 77) + '...' : quote);
}

/** Splits an article into lines with offsets, marking furniture. */
function splitLines(text: string, about: SourceInfo, problems: string[], file: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ number, start, end, furniture: null });
    if (newline === -1) break;
    start = newline + 1;
    number++;
  }
  for (const { lines: [from, to], kind } of about.furniture) {
    if (from > to || to > lines.length) {
      problems.push(`${file}: source ${about.id}: furniture lines ${from}-${to} are outside the article's ${lines.length} lines`);
      continue;
    }
    for (let n = from; n <= to; n++) (lines[n - 1] as Line).furniture = kind;
  }
  return lines;
}

function passagesOf(id: SourceId, text: string, lines: Line[]): Passage[] {
  const passages: Passage[] = [];
  for (const line of lines) {
    if (line.furniture) continue;
    const raw = text.slice(line.start, line.end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (!body) continue;
    const ordinal = passages.length + 1;
    passages.push({ id: `${id}#p${ordinal}`, source: id, ordinal, start: line.start + lead, end: line.start + lead + body.length, text: body });
  }
  return passages;
}

/**
 * An article built from its metadata and text exactly as `loadCase` builds it (lines, furniture, passages),
 * so tools that propose facts for a new article (`corpus:add`) see the passages the bot will serve.
 * Throws `CorpusError` when a furniture range is outside the article.
 */
export function articleOf(about: SourceInfo, text: string): Article {
  const problems: string[] = [];
  const lines = splitLines(text, about, problems, 'sources.json');
  if (problems.length) throw new CorpusError(problems);
  return { about, text, lines, passages: passagesOf(about.id, text, lines) };
}

interface Located {
  start: number;
  end: number;
  passage: Passage;
}

/**
 * Finds `quote` in the article under the folding rule. Returns the first occurrence inside one passage,
 * or says why there is none ("not found", "inside furniture", "spans paragraphs").
 */
export function locateQuote(article: Article, folded: ReturnType<typeof foldWithMap>, quote: string): Located | string {
  const needle = foldWithMap(quote).folded.trim();
  if (needle.length < 3) return 'is too short to locate';
  const hits = allIndexesOf(folded.folded, needle);
  if (hits.length === 0) return 'is not found in the article';
  let reason = 'spans more than one paragraph';
  for (const hit of hits) {
    const start = folded.origin(hit);
    const end = folded.origin(hit + needle.length - 1) + 1;
    const passage = article.passages.find((p) => p.start <= start && end <= p.end);
    if (passage) return { start, end, passage };
    const line = article.lines.find((l) => l.start <= start && start <= l.end);
    if (line?.furniture) reason = `falls inside page furniture (${line.furniture}, line ${line.number})`;
  }
  return reason;
}

function readJson<T extends z.ZodType>(path: string, schema: T, label: string, problems: string[]): z.infer<T> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${label}: cannot read: ${(error as Error).message}`);
    return undefined;
  }
  if (raw && typeof raw === 'object' && '$schema' in raw) {
    const { $schema: _ignored, ...rest } = raw as Record<string, unknown>;
    raw = rest;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = describePath(raw, issue.path);
      problems.push(`${label}: ${where}: ${issue.message}`);
    }
    return undefined;
  }
  return parsed.data;
}

/** "facts[3] (claim.inbox-api).citations[0].quote" — names the fact id when the path passes through one. */
function describePath(root: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = root;
  const parts: string[] = [];
  for (const key of path) {
    if (typeof key === 'number') {
      node = Array.isArray(node) ? node[key] : undefined;
      const id = node && typeof node === 'object' && 'id' in node ? (node as { id: unknown }).id : undefined;
      parts.push(`[${key}]${typeof id === 'string' ? ` (${id})` : ''}`);
    } else {
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
      parts.push(`${parts.length ? '.' : ''}${String(key)}`);
    }
  }
  return parts.join('') || '(top level)';
}

export interface LoadOptions {
  /** The corpus folder; defaults to the package's `corpus/`. */
  dir?: string;
}

/** Loads and verifies the whole case. Throws `CorpusError` listing every problem found. */
export function loadCase(options: LoadOptions = {}): Case {
  const dir = options.dir ?? defaultCorpusDir();
  const problems: string[] = [];
  const label = (path: string) => relative(dirname(dir), path) || path;
  const digest = createHash('sha256');

  const sourcesPath = join(dir, 'sources.json');
  const sourcesFile = readJson(sourcesPath, SourcesFile, label(sourcesPath), problems);
  const topicsPath = join(dir, 'topics.json');
  const topicsFile = readJson(topicsPath, TopicsFile, label(topicsPath), problems);
  const vocabularyPath = join(dir, 'vocabulary.json');
  const vocabularyFile = readJson(vocabularyPath, VocabularyFile, label(vocabularyPath), problems);

  const articles = new Map<SourceId, Article>();
  const foldedArticles = new Map<SourceId, ReturnType<typeof foldWithMap>>();
  for (const about of sourcesFile?.sources ?? []) {
    const where = `${label(sourcesPath)}: source ${about.id}`;
    if (articles.has(about.id)) problems.push(`${where}: duplicate source id`);
    if (!about.file.startsWith(`${about.id}_`)) problems.push(`${where}: file ${about.file} does not start with its id`);
    const path = join(dir, 'articles', about.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      problems.push(`${where}: article file ${label(path)} is missing`);
      continue;
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash !== about.sha256) {
      problems.push(`${label(path)}: article has changed (sha256 ${hash}, sources.json records ${about.sha256}); articles are kept byte for byte`);
      continue;
    }
    digest.update(hash);
    const text = bytes.toString('utf8');
    const lines = splitLines(text, about, problems, label(sourcesPath));
    const article: Article = { about, text, lines, passages: passagesOf(about.id, text, lines) };
    articles.set(about.id, article);
    foldedArticles.set(about.id, foldWithMap(text));
  }

  const topicIds = new Set((topicsFile?.topics ?? []).map((t) => t.id));
  const seenIds = new Set<string>();

  const resolve = (citation: Citation, where: string): ResolvedCitation | undefined => {
    const article = articles.get(citation.source);
    const folded = foldedArticles.get(citation.source);
    if (!article || !folded) {
      const known = sourcesFile?.sources.some((s) => s.id === citation.source);
      if (!known) problems.push(`${where}: unknown source "${citation.source}" for quote ${shortQuote(citation.quote)}`);
      return undefined;
    }
    const located = locateQuote(article, folded, citation.quote);
    if (typeof located === 'string') {
      problems.push(`${where}: quote ${shortQuote(citation.quote)} ${located} (${article.about.file})`);
      return undefined;
    }
    return { ...citation, text: article.text.slice(located.start, located.end), start: located.start, end: located.end, passage: located.passage.id };
  };

  const facts: ResolvedFact[] = [];
  for (const name of FACT_FILES) {
    const path = join(dir, 'facts', name);
    const file = readJson(path, FactsFile, label(path), problems);
    if (!file) continue;
    digest.update(readFileSync(path));
    const expectedKind = name === 'money.json' ? 'money' : name.replace(/s\.json$/, '');
    for (const fact of file.facts) {
      const where = `${label(path)}: ${fact.id}`;
      if (fact.kind !== expectedKind) problems.push(`${where}: a ${fact.kind} fact in the ${expectedKind} file`);
      if (seenIds.has(fact.id)) problems.push(`${where}: duplicate id`);
      seenIds.add(fact.id);
      for (const topic of fact.topics) if (!topicIds.has(topic)) problems.push(`${where}: unknown topic "${topic}" (topics.json)`);
      const citations = fact.citations
        .map((c, i) => resolve(c, `${where}: citations[${i}]`))
        .filter((c): c is ResolvedCitation => c !== undefined);
      const corroboration = new Set(citations.map((c) => c.source)).size;
      facts.push({ ...fact, citations, corroboration, disagreements: [], disputedBy: [] } as ResolvedFact);
    }
  }
  const factById = new Map(facts.map((f) => [f.id, f]));
  for (const fact of facts) {
    if (fact.kind !== 'denial') continue;
    for (const claimId of fact.disputes) {
      const claim = factById.get(claimId);
      if (claim?.kind === 'claim') claim.disputedBy.push(fact.id);
      else problems.push(`${label(join(dir, 'facts', 'denials.json'))}: ${fact.id}: disputes unknown claim "${claimId}"`);
    }
  }

  const disagreements: ResolvedDisagreement[] = [];
  const disagreementsPath = join(dir, 'disagreements.json');
  const disagreementsFile = readJson(disagreementsPath, DisagreementsFile, label(disagreementsPath), problems);
  if (disagreementsFile) digest.update(readFileSync(disagreementsPath));
  for (const d of disagreementsFile?.disagreements ?? []) {
    const where = `${label(disagreementsPath)}: ${d.id}`;
    if (seenIds.has(d.id)) problems.push(`${where}: duplicate id`);
    seenIds.add(d.id);
    const sides = d.sides.map((c, i) => resolve(c, `${where}: sides[${i}]`)).filter((c): c is ResolvedCitation => c !== undefined);
    if (new Set(d.sides.map((s) => s.source)).size < 2) problems.push(`${where}: a disagreement needs sides from two different sources`);
    for (const factId of d.facts) {
      const fact = factById.get(factId);
      if (!fact) problems.push(`${where}: unknown fact "${factId}"`);
      else fact.disagreements.push(d.id);
    }
    // Each side is the words of one of the facts the disagreement bears on, so a search finds every side as
    // an item of its own and a reply can show it beside the others.
    const own = d.facts.flatMap((id) => factById.get(id)?.citations ?? []);
    sides.forEach((side, i) => {
      if (!own.some((c) => c.source === side.source && c.start <= side.start && side.end <= c.end)) problems.push(`${where}: sides[${i}] is quoted by none of its facts; add the fact that says it`);
    });
    disagreements.push({ ...d, sides });
  }
  if (sourcesFile) digest.update(readFileSync(sourcesPath));
  if (topicsFile) digest.update(readFileSync(topicsPath));
  if (vocabularyFile) digest.update(readFileSync(vocabularyPath));
  const thesaurusPath = join(dir, 'thesaurus.json');
  const thesaurusFile = existsSync(thesaurusPath) ? readJson(thesaurusPath, ThesaurusFile, label(thesaurusPath), problems) : undefined;
  if (thesaurusFile) digest.update(readFileSync(thesaurusPath));

  if (problems.length) throw new CorpusError(problems);
  const passages = [...articles.values()].flatMap((a) => a.passages);
  const passageById = new Map(passages.map((p) => [p.id, p]));
  if (!vocabularyFile) throw new CorpusError(problems);
  return { articles, topics: topicsFile?.topics ?? [], vocabulary: vocabularyFile, thesaurus: { terms: thesaurusFile?.terms ?? {}, words: thesaurusFile?.words ?? [], forms: thesaurusFile?.forms ?? {}, persons: thesaurusFile?.persons ?? [] }, facts, factById, disagreements, passages, passageById, digest: digest.digest('hex') };
}
