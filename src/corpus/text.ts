/**
 * The one comparison rule for "is this quote in the article": fold curly and straight quotes together,
 * fold dash variants to "-", collapse runs of whitespace to one space. Nothing else (no case folding, no
 * punctuation stripping), so a quote that passes is the article's words.
 */

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/;
const SPACE = /\s/;

function foldChar(ch: string): string {
  if (SINGLE_QUOTES.test(ch)) return "'";
  if (DOUBLE_QUOTES.test(ch)) return '"';
  if (DASHES.test(ch)) return '-';
  return ch;
}

/** Folds `text` for comparison. Leading and trailing whitespace is dropped. */
export function fold(text: string): string {
  return foldWithMap(text).folded.trim();
}

export interface FoldedText {
  folded: string;
  /** `map[i]` is the offset in the original text of folded character `i`; `map[folded.length]` is the end. */
  map: number[];
}

/** Folds `text` and remembers where each folded character came from, to slice the original verbatim. */
export function foldWithMap(text: string): FoldedText {
  let folded = '';
  const map: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (SPACE.test(ch)) {
      if (!inSpace) {
        folded += ' ';
        map.push(i);
        inSpace = true;
      }
      continue;
    }
    inSpace = false;
    folded += foldChar(ch);
    map.push(i);
  }
  map.push(text.length);
  return { folded, map };
}

/** Every start offset of `needle` in `haystack` (non-overlapping is not required). */
export function allIndexesOf(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    found.push(at);
    at = haystack.indexOf(needle, at + 1);
  }
  return found;
}
