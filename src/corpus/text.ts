/**
 * The one comparison rule for "is this quote in the article": fold curly and straight quotes together,
 * fold dash variants to "-", collapse runs of whitespace to one space. Nothing else (no case folding, no
 * punctuation stripping), so a quote that passes is the article's words.
 */

/** Folds `text` for comparison. Leading and trailing whitespace is dropped. */
export function fold(text: string): string {
  return foldWithMap(text).folded.trim();
}

export interface FoldedText {
  folded: string;
  /** The offset in the original text of folded character `i`; `origin(folded.length)` is the text's end. */
  origin(i: number): number;
}

/**
 * What a code unit folds to: -1 for whitespace (JavaScript's \s), "'" for single quotes
 * (\u2018 \u2019 \u201A \u201B \u2032 \u0060 \u00B4), '"' for double quotes (\u201C–\u201F \u2033 \u00AB
 * \u00BB), "-" for dashes (\u2010–\u2015 \u2212 \uFE58 \uFE63 \uFF0D), else itself.
 */
function foldCode(c: number): number {
  if (c < 0x80) {
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return -1;
    return c === 0x60 ? 0x27 : c;
  }
  switch (c) {
    case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
      return -1;
    case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: case 0xb4:
      return 0x27;
    case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033: case 0xab: case 0xbb:
      return 0x22;
    case 0x2212: case 0xfe58: case 0xfe63: case 0xff0d:
      return 0x2d;
  }
  if (c >= 0x2000 && c <= 0x200a) return -1;
  if (c >= 0x2010 && c <= 0x2015) return 0x2d;
  return c;
}

/** Folded characters between two remembered offsets (see `foldWithMap`). */
const CHECKPOINT = 64;

/** Scratch for the folded code units, reused: a large corpus folds every article while loading. */
let scratch = new Uint16Array(4096);

/**
 * Folds `text` and remembers where each folded character came from, to slice the original verbatim.
 * Works on code units; keeps the original offset of every 64th folded character only and walks from
 * there when asked (a loading corpus holds the folded text of every article at once).
 */
export function foldWithMap(text: string): FoldedText {
  if (scratch.length < text.length) scratch = new Uint16Array(Math.max(text.length, scratch.length * 2));
  const units = scratch;
  const checkpoints = new Uint32Array(Math.floor(text.length / CHECKPOINT) + 2);
  let length = 0;
  let wide = false;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const folded = foldCode(text.charCodeAt(i));
    if (folded === -1) {
      if (inSpace) continue;
      inSpace = true;
    } else inSpace = false;
    if (length % CHECKPOINT === 0) checkpoints[length / CHECKPOINT] = i;
    if (folded > 0xff) wide = true;
    units[length++] = folded === -1 ? 0x20 : folded;
  }
  const view = Buffer.from(units.buffer, 0, length * 2);
  const folded = wide ? view.toString('utf16le') : Buffer.from(units.subarray(0, length)).toString('latin1');
  const end = length;
  const origin = (i: number): number => {
    if (i >= end) return text.length;
    let at = checkpoints[Math.floor(i / CHECKPOINT)] as number;
    // One folded character is one original character, or one whole run of whitespace.
    for (let k = i - (i % CHECKPOINT); k < i; k++) {
      if (foldCode(text.charCodeAt(at)) === -1) while (at < text.length && foldCode(text.charCodeAt(at)) === -1) at++;
      else at++;
    }
    return at;
  };
  return { folded, origin };
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
