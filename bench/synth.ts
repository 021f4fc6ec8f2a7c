/**
 * A deterministic synthetic corpus that grows the case for the benchmark.
 *
 * `synthesize({ passages, outDir })` writes a real corpus folder: the case's own articles and facts byte
 * for byte, then new articles (ids 003…999) whose paragraphs recombine the case's sentences with their
 * names, companies, API names, years, months and dollar amounts varied per article, plus a share of
 * sentences built from a generated long-tail vocabulary (so the index has rare words as well as the very
 * common ones a recombined corpus is full of). Each new article gets facts (claims, events, money,
 * denials) quoting its own sentences, some corroborated by a later article that repeats the sentence, and
 * a few recorded disagreements; sources.json carries every file's sha256. The folder is loaded with the
 * real `loadCase`, so citation verification is part of what the benchmark measures.
 *
 * Everything comes from one seeded PRNG (sfc32): the same seed and size give the same bytes.
 * Source ids are three digits, so at most 997 new articles: large sizes get longer articles.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCorpusDir, loadCase, type Case } from '../src/corpus/case.js';

export const DEFAULT_SEED = 20240405;

/** sfc32: small, fast, good enough for test data; seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.float();
  }
  /** Uniform in [0, 1). */
  float(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Generated vocabulary

const ONSETS = ['b', 'br', 'c', 'ch', 'd', 'dr', 'f', 'g', 'gr', 'h', 'j', 'k', 'kl', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'sh', 'st', 't', 'tr', 'v', 'w', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'x', 'th', 'nd', 'rk', 'm'];

function word(rng: Rng, syllables: number): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += rng.pick(ONSETS) + rng.pick(VOWELS) + (i === syllables - 1 ? rng.pick(CODAS) : '');
  return w;
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** `count` distinct generated words of 2–3 syllables (distinct from each other, not from English). */
function wordPool(rng: Rng, count: number, capitalised: boolean): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const w = word(rng, rng.int(2, 3));
    if (w.length < 4 || seen.has(w)) continue;
    seen.add(w);
    out.push(capitalised ? capital(w) : w);
  }
  return out;
}

interface Vocabulary {
  companies: string[];
  firstNames: string[];
  lastNames: string[];
  apis: string[];
  publishers: string[];
  nouns: string[];
}

const REAL_COMPANIES = ['Netflix', 'Spotify', 'Hulu', 'Disney', 'Amazon', 'Apple', 'Roku', 'Paramount', 'Peacock', 'Tubi', 'Pinterest', 'Snapchat', 'TikTok', 'Zoom', 'Uber'];
const REAL_FIRST = ['Anna', 'Ben', 'Carla', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Luis', 'Maya', 'Nils', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Sam', 'Tomas'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function vocabulary(rng: Rng): Vocabulary {
  return {
    companies: [...REAL_COMPANIES, ...wordPool(rng, 400, true)],
    firstNames: [...REAL_FIRST, ...wordPool(rng, 300, true)],
    lastNames: wordPool(rng, 3000, true),
    apis: wordPool(rng, 1000, true),
    publishers: wordPool(rng, 120, true).map((w, i) => `${w} ${['Times', 'Post', 'Media', 'Daily', 'Report', 'Wire'][i % 6]}`),
    nouns: wordPool(rng, 6000, false),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sentence templates: the case's sentences with their variable parts marked once, filled per article

type Slot =
  | { kind: 'text'; text: string }
  | { kind: 'person'; role: number; full: boolean }
  | { kind: 'company'; role: 0 | 1 }
  | { kind: 'api'; original: string }
  | { kind: 'year'; year: number }
  | { kind: 'month'; month: number }
  | { kind: 'money'; unit: string };

/** People in the case: full name and surname, each playing a role an article recasts. */
const PEOPLE: ReadonlyArray<readonly [string, string]> = [
  ['Reed Hastings', 'Hastings'],
  ['Maximilian Klein', 'Klein'],
  ['Sarah Grabert', 'Grabert'],
  ['Elon Musk', 'Musk'],
  ['Andy Stone', 'Stone'],
  ['Fidji Simo', 'Simo'],
  ['Mark Zuckerberg', 'Zuckerberg'],
];

const SLOT = new RegExp(
  [
    `(?<full>${PEOPLE.map(([full]) => full).join('|')})`,
    `(?<last>\\b(?:${PEOPLE.map(([, last]) => last).join('|')})\\b)`,
    '(?<company>\\b(?:Netflix|Spotify)\\b)',
    '(?<api>\\b(?:Titan|Inbox)(?= API))',
    '(?<year>\\b(?:19|20)\\d\\d\\b)',
    `(?<month>\\b(?:${MONTHS.join('|')})\\b)`,
    '(?<money>\\$\\d+(?:\\.\\d+)? (?:million|billion))',
  ].join('|'),
  'g',
);

function compile(sentence: string): Slot[] {
  const slots: Slot[] = [];
  let at = 0;
  for (const match of sentence.matchAll(SLOT)) {
    const index = match.index ?? 0;
    if (index > at) slots.push({ kind: 'text', text: sentence.slice(at, index) });
    const g = match.groups ?? {};
    if (g.full) slots.push({ kind: 'person', role: PEOPLE.findIndex(([full]) => full === g.full), full: true });
    else if (g.last) slots.push({ kind: 'person', role: PEOPLE.findIndex(([, last]) => last === g.last), full: false });
    else if (g.company) slots.push({ kind: 'company', role: g.company === 'Netflix' ? 0 : 1 });
    else if (g.api) slots.push({ kind: 'api', original: g.api });
    else if (g.year) slots.push({ kind: 'year', year: Number(g.year) });
    else if (g.month) slots.push({ kind: 'month', month: MONTHS.indexOf(g.month) });
    else if (g.money) slots.push({ kind: 'money', unit: g.money.endsWith('billion') ? 'billion' : 'million' });
    at = index + match[0].length;
  }
  if (at < sentence.length) slots.push({ kind: 'text', text: sentence.slice(at) });
  return slots;
}

/** Who and when an article is about: the same recasting for every sentence of the article. */
interface Cast {
  companies: [string, string];
  people: Array<[string, string]>;
  api: string | null;
  yearShift: number;
  monthShift: number;
}

function castFor(rng: Rng, vocab: Vocabulary): Cast {
  const people = PEOPLE.map(([full, last]): [string, string] => {
    if (rng.chance(0.25)) return [full, last];
    const surname = rng.pick(vocab.lastNames);
    return [`${rng.pick(vocab.firstNames)} ${surname}`, surname];
  });
  return {
    companies: [rng.chance(0.3) ? 'Netflix' : rng.pick(vocab.companies), rng.chance(0.3) ? 'Spotify' : rng.pick(vocab.companies)],
    people,
    api: rng.chance(0.4) ? null : rng.pick(vocab.apis),
    yearShift: rng.int(-8, 3),
    monthShift: rng.int(0, 11),
  };
}

function fill(slots: readonly Slot[], cast: Cast, rng: Rng): string {
  let out = '';
  for (const slot of slots) {
    switch (slot.kind) {
      case 'text':
        out += slot.text;
        break;
      case 'person': {
        const [full, last] = cast.people[slot.role] as [string, string];
        out += slot.full ? full : last;
        break;
      }
      case 'company':
        out += cast.companies[slot.role];
        break;
      case 'api':
        out += cast.api ?? slot.original;
        break;
      case 'year':
        out += String(slot.year + cast.yearShift);
        break;
      case 'month':
        out += MONTHS[(slot.month + cast.monthShift) % 12];
        break;
      case 'money':
        out += slot.unit === 'billion' ? `$${rng.int(1, 9)}.${rng.int(1, 9)} billion` : `$${rng.int(2, 990)} million`;
        break;
    }
  }
  return out;
}

/** Sentences from generated words: the long tail of names and terms a real corpus of this size has. */
const TAIL_TEMPLATES: ReadonlyArray<(v: TailWords) => string> = [
  (v) => `${v.person}, a spokesperson for ${v.company}, told ${v.publisher} that the ${v.noun} program ended in ${v.month} ${v.year}.`,
  (v) => `Internal emails show ${v.company} tested a ${v.noun} feature with ${v.noun2} partners before ${v.year}.`,
  (v) => `According to ${v.publisher}, the ${v.api} API let ${v.company} pull ${v.noun} data from ${v.noun2} accounts.`,
  (v) => `${v.person} said the ${v.noun} agreement was worth $${v.amount} million over ${v.small} years.`,
  (v) => `The filing names ${v.person} as the executive who approved the ${v.noun} integration in ${v.month} ${v.year}.`,
  (v) => `${v.company} has not commented on the ${v.noun} report, and ${v.publisher} could not confirm the ${v.noun2} figures.`,
  (v) => `Critics such as ${v.person} argue that ${v.noun} tools gave ${v.company} an unfair edge in ${v.noun2} advertising.`,
  (v) => `In ${v.year}, ${v.company} denied that its ${v.noun} team could read ${v.noun2} messages.`,
];

interface TailWords {
  person: string;
  company: string;
  publisher: string;
  api: string;
  noun: string;
  noun2: string;
  month: string;
  year: number;
  amount: number;
  small: number;
}

function tailSentence(rng: Rng, vocab: Vocabulary, cast: Cast): string {
  const template = rng.pick(TAIL_TEMPLATES);
  return template({
    person: rng.chance(0.5) ? (cast.people[rng.int(0, cast.people.length - 1)] as [string, string])[0] : `${rng.pick(vocab.firstNames)} ${rng.pick(vocab.lastNames)}`,
    company: rng.chance(0.6) ? cast.companies[0] : rng.pick(vocab.companies),
    publisher: rng.pick(vocab.publishers),
    api: cast.api ?? rng.pick(vocab.apis),
    noun: rng.pick(vocab.nouns),
    noun2: rng.pick(vocab.nouns),
    month: rng.pick(MONTHS),
    year: rng.int(2005, 2026),
    amount: rng.int(2, 900),
    small: rng.int(2, 9),
  });
}

/** Sentence boundaries as `/quote` draws them: after . ! ? (and a closing quote) before a capital. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?]["”’)]*)\s+(?=["“‘(]?[\p{Lu}\d$])/u)
    .map((s) => s.trim())
    .filter((s) => s.length >= 20);
}

// ---------------------------------------------------------------------------------------------------------
// Facts

interface CitationOut {
  source: string;
  quote: string;
}
type FactOut = Record<string, unknown> & { id: string; kind: string; citations: CitationOut[] };

/** Topic of a sentence: the first topic whose id, label or alias words occur in it. */
function topicMatcher(kase: Case): (sentence: string) => string {
  const rules = kase.topics.map((t) => ({
    id: t.id,
    words: [t.id.replace(/-/g, ' '), ...t.aliases].map((a) => a.toLowerCase()).filter((a) => a.length >= 4),
  }));
  const fallback = kase.topics.find((t) => t.id === 'lawsuit')?.id ?? (kase.topics[0]?.id as string);
  return (sentence) => {
    const lower = sentence.toLowerCase();
    return rules.find((r) => r.words.some((w) => lower.includes(w)))?.id ?? fallback;
  };
}

const summaryOf = (prefix: string, sentence: string) => {
  const text = `${prefix}: ${sentence.replace(/[“”"]/g, '')}`;
  return text.length <= 200 ? text : `${text.slice(0, 196)}...`;
};

// ---------------------------------------------------------------------------------------------------------
// The corpus folder

export interface SynthOptions {
  /** Total passages wanted (the case's own included). */
  passages: number;
  /** Folder to write; emptied first. */
  outDir: string;
  /** The case to grow; defaults to the bundled corpus. */
  baseDir?: string;
  seed?: number;
}

export interface SynthResult {
  dir: string;
  articles: number;
  passages: number;
  facts: number;
  disagreements: number;
  bytes: number;
  ms: number;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

export function synthesize(options: SynthOptions): SynthResult {
  const started = performance.now();
  const baseDir = options.baseDir ?? defaultCorpusDir();
  const base = loadCase({ dir: baseDir });
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const vocab = vocabulary(rng);
  const topicOf = topicMatcher(base);
  const dir = options.outDir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'articles'), { recursive: true });
  mkdirSync(join(dir, 'facts'), { recursive: true });

  // The case itself, byte for byte.
  const readBase = (name: string) => JSON.parse(readFileSync(join(baseDir, name), 'utf8')) as Record<string, unknown[]>;
  const sources = (readBase('sources.json').sources ?? []) as Array<{ id: string; file: string }>;
  let bytes = 0;
  for (const source of sources) {
    const content = readFileSync(join(baseDir, 'articles', source.file));
    writeFileSync(join(dir, 'articles', source.file), content);
    bytes += content.length;
  }
  const factFiles: Record<string, FactOut[]> = {};
  for (const name of ['claims', 'denials', 'events', 'money']) factFiles[name] = (readBase(`facts/${name}.json`).facts ?? []) as FactOut[];
  const disagreements = (readBase('disagreements.json').disagreements ?? []) as Array<Record<string, unknown>>;

  const templates = base.passages.flatMap((p) => sentencesOf(p.text)).map(compile);
  const remaining = Math.max(0, options.passages - base.passages.length);
  const baseCount = sources.length;
  const maxArticles = 1000 - baseCount;
  const perArticle = Math.max(12, Math.ceil(remaining / maxArticles));
  const articleCount = Math.ceil(remaining / perArticle);

  let written = 0;
  let previous: { id: string; claim: FactOut; sentence: string } | null = null;
  for (let n = 0; n < articleCount; n++) {
    const id = String(baseCount + n).padStart(3, '0');
    const passageCount = Math.min(perArticle, remaining - written);
    written += passageCount;
    const cast = castFor(rng, vocab);
    const author = `${rng.pick(vocab.firstNames)} ${rng.pick(vocab.lastNames)}`;
    const publisher = rng.chance(0.1) ? null : rng.pick(vocab.publishers);
    const headline = fill(rng.pick(templates), cast, rng).replace(/[.!?]+$/, '').slice(0, 120);

    // Lines: headline, byline, then paragraphs with the odd heading; furniture is listed by line number.
    const lines: string[] = [headline, '', `By ${author} | Published`, ''];
    const furniture: Array<{ lines: [number, number]; kind: string }> = [
      { lines: [1, 1], kind: 'headline' },
      { lines: [3, 3], kind: 'byline' },
    ];
    const paragraphs: string[][] = [];
    const echo = previous && rng.chance(0.2) ? previous : null;
    const echoAt = echo ? rng.int(0, passageCount - 1) : -1;
    for (let p = 0; p < passageCount; p++) {
      if (p > 0 && rng.chance(0.08)) {
        lines.push(capital(`${rng.pick(vocab.nouns)} and the ${rng.pick(vocab.nouns)} question`), '');
        furniture.push({ lines: [lines.length - 1, lines.length - 1], kind: 'heading' });
      }
      const sentences: string[] = [];
      const count = rng.int(1, 3);
      for (let s = 0; s < count; s++) sentences.push(rng.chance(0.18) ? tailSentence(rng, vocab, cast) : fill(rng.pick(templates), cast, rng));
      if (p === echoAt && echo) sentences.splice(rng.int(0, sentences.length), 0, echo.sentence);
      paragraphs.push(sentences);
      lines.push(sentences.join(' '), '');
    }
    const text = lines.join('\n');
    const hash = sha256(text);
    const file = `${id}_${hash.slice(0, 16)}.txt`;
    writeFileSync(join(dir, 'articles', file), text);
    bytes += Buffer.byteLength(text);
    sources.push({
      id,
      file,
      sha256: hash,
      publisher,
      author: publisher ? author : null,
      title: publisher ? headline : null,
      url: publisher ? `https://${publisher.toLowerCase().replace(/\s+/g, '-')}.example/${id}` : null,
      published: rng.chance(0.5) ? `${rng.int(2015, 2024)}-${String(rng.int(1, 12)).padStart(2, '0')}` : null,
      notes: `Synthetic article generated by bench/synth.ts from the case's sentences (seed ${options.seed ?? DEFAULT_SEED}).`,
      furniture,
    } as { id: string; file: string });

    // Facts quoting this article's own sentences.
    const all = paragraphs.flat().filter((s) => s.length <= 900);
    const pickWhere = (test: (s: string) => boolean) => {
      const fitting = all.filter(test);
      return fitting.length ? rng.pick(fitting) : undefined;
    };
    const claims = 1 + Math.floor(passageCount / 30);
    let firstClaim: FactOut | undefined;
    for (let c = 0; c < claims; c++) {
      const sentence = rng.pick(all);
      const claim: FactOut = {
        id: `claim.synth-${id}-${c + 1}`,
        kind: 'claim',
        claimant: `${publisher ?? 'An unattributed article'} (synthetic)`,
        summary: summaryOf('Synthetic claim', sentence),
        topics: [topicOf(sentence)],
        citations: [{ source: id, quote: sentence }],
      };
      factFiles.claims?.push(claim);
      firstClaim ??= claim;
    }
    if (echo) {
      // The repeated sentence corroborates the earlier article's claim.
      echo.claim.citations.push({ source: id, quote: echo.sentence });
    }
    const dated = pickWhere((s) => /\b(19|20)\d\d\b/.test(s));
    if (dated) {
      const year = Number(/\b((?:19|20)\d\d)\b/.exec(dated)?.[1]);
      const monthName = new RegExp(`\\b(${MONTHS.join('|')}) ${year}\\b`).exec(dated)?.[1];
      const month = monthName ? MONTHS.indexOf(monthName) + 1 : 0;
      factFiles.events?.push({
        id: `event.synth-${id}`,
        kind: 'event',
        date: month ? `${year}-${String(month).padStart(2, '0')}` : String(year),
        qualifier: 'in',
        summary: summaryOf('Synthetic event', dated),
        topics: [topicOf(dated)],
        citations: [{ source: id, quote: dated }],
      });
    }
    const paid = rng.chance(0.6) ? pickWhere((s) => /\$\d+(\.\d+)? (million|billion)/.test(s)) : undefined;
    if (paid) {
      const [, value = '1', unit = 'million'] = /\$(\d+(?:\.\d+)?) (million|billion)/.exec(paid) ?? [];
      factFiles.money?.push({
        id: `money.synth-${id}`,
        kind: 'money',
        amount: Math.round(Number(value) * (unit === 'billion' ? 1e9 : 1e6)),
        currency: 'USD',
        payer: cast.companies[0],
        payee: 'Facebook',
        purpose: 'synthetic figure',
        date: null,
        summary: summaryOf('Synthetic money', paid),
        topics: [topicOf(paid)],
        citations: [{ source: id, quote: paid }],
      });
    }
    const denied = rng.chance(0.5) ? pickWhere((s) => /\bden(y|ies|ied|ying)\b/i.test(s)) : undefined;
    if (denied) {
      factFiles.denials?.push({
        id: `denial.synth-${id}`,
        kind: 'denial',
        denier: 'Meta',
        denies: 'a synthetic allegation',
        date: null,
        summary: summaryOf('Synthetic denial', denied),
        topics: [topicOf(denied)],
        citations: [{ source: id, quote: denied }],
      });
    }
    if (previous && firstClaim && rng.chance(0.04)) {
      disagreements.push({
        id: `disagreement.synth-${id}`,
        summary: `Synthetic disagreement between articles ${previous.id} and ${id}.`,
        note: 'Generated by bench/synth.ts: two synthetic articles quoted side by side.',
        sides: [previous.claim.citations[0], firstClaim.citations[0]],
        facts: [previous.claim.id, firstClaim.id],
      });
    }
    if (firstClaim) previous = { id, claim: firstClaim, sentence: firstClaim.citations[0]?.quote as string };
  }

  writeFileSync(join(dir, 'sources.json'), json({ sources }));
  for (const name of ['topics.json', 'vocabulary.json', 'thesaurus.json']) writeFileSync(join(dir, name), readFileSync(join(baseDir, name)));
  writeFileSync(join(dir, 'disagreements.json'), json({ disagreements }));
  for (const [name, facts] of Object.entries(factFiles)) writeFileSync(join(dir, 'facts', `${name}.json`), json({ facts }));
  const facts = Object.values(factFiles).reduce((n, f) => n + f.length, 0);
  return {
    dir,
    articles: sources.length,
    passages: base.passages.length + remaining,
    facts,
    disagreements: disagreements.length,
    bytes,
    ms: performance.now() - started,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Questions

const OFF_TOPIC = [
  'best pizza in new york',
  'how tall is mount everest',
  "what's the capital of australia",
  'when is the next apple keynote',
  'recipe for sourdough bread',
  'who won the champions league final',
  'how do volcanoes form',
  'cheap flights to lisbon in june',
  'what is the boiling point of water',
  'python list comprehension syntax',
  'how many moons does jupiter have',
  'tips for growing tomatoes on a balcony',
];

const STOP = new Set(['the', 'a', 'an', 'and', 'of', 'to', 'in', 'on', 'for', 'that', 'with', 'was', 'is', 'it', 'its', 'by', 'as', 'at', 'from', 'this', 'be', 'had', 'has']);

function typo(rng: Rng, w: string): string {
  if (w.length < 5) return w;
  const i = rng.int(1, w.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return w.slice(0, i) + w.slice(i + 1);
    case 1:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    default:
      return w.slice(0, i) + 'x' + w.slice(i + 1);
  }
}

/**
 * A varied, deterministic mix of `/ask` questions for a corpus: the dev questions, keyword fragments and
 * pasted sentences from random passages, "what/when/who" questions built around names and years found in
 * them, typos, and off-topic questions that should be refused.
 */
export function questionMix(kase: Case, count: number, seed: number = DEFAULT_SEED, dev: readonly string[] = []): string[] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const out: string[] = [...dev];
  const passageWords = () => {
    const passage = rng.pick(kase.passages);
    return passage.text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}$]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);
  };
  const push = (q: string) => {
    if (/[\p{L}\p{N}]/u.test(q)) out.push(q.slice(0, 500));
  };
  while (out.length < count) {
    const kind = rng.int(0, 9);
    const words = passageWords();
    if (kind <= 2) {
      // Keywords: 2–5 consecutive content words, lower-cased.
      const content = words.filter((w) => !STOP.has(w.toLowerCase()));
      const at = rng.int(0, Math.max(0, content.length - 5));
      push(content.slice(at, at + rng.int(2, 5)).join(' ').toLowerCase());
    } else if (kind <= 4) {
      // A question around a name and a year or a thing.
      const names = words.filter((w, i) => i > 0 && /^\p{Lu}\p{Ll}{2,}/u.test(w) && !STOP.has(w.toLowerCase()));
      const years = words.filter((w) => /^(19|20)\d\d$/.test(w));
      const name = names.length ? rng.pick(names) : 'Netflix';
      const thing = rng.pick(words.filter((w) => w.length > 5).concat(['access']));
      const forms = [
        `what did ${name} say about ${thing.toLowerCase()}`,
        `when did ${name} get ${thing.toLowerCase()}`,
        `who is ${name}`,
        `${name} ${years.length ? rng.pick(years) : ''} ${thing.toLowerCase()}`.replace(/\s+/g, ' '),
        `did ${name} deny the ${thing.toLowerCase()} claims`,
      ];
      push(rng.pick(forms));
    } else if (kind <= 6) {
      // A pasted sentence or most of one (8–25 words).
      const at = rng.int(0, Math.max(0, words.length - 8));
      push(words.slice(at, at + rng.int(8, 25)).join(' '));
    } else if (kind <= 8) {
      // A typo in a keyword question.
      const content = words.filter((w) => !STOP.has(w.toLowerCase()) && w.length > 3);
      const at = rng.int(0, Math.max(0, content.length - 4));
      const picked = content.slice(at, at + rng.int(2, 4)).map((w) => w.toLowerCase());
      const i = rng.int(0, Math.max(0, picked.length - 1));
      if (picked[i]) picked[i] = typo(rng, picked[i]);
      push(picked.join(' '));
    } else {
      push(rng.pick(OFF_TOPIC));
    }
  }
  return out.slice(0, count);
}
