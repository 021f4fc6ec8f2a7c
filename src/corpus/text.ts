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
  /** `map[i]` is the offset in the original text of folded character `i`; `map[folded.length]` is the end. */
  map: Uint16Array | Uint32Array;
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

/**
 * Folds `text` and remembers where each folded character came from, to slice the original verbatim.
 * Works on code units into typed arrays: loading a large corpus folds every article once.
 */
export function foldWithMap(text: string): FoldedText {
  const units = new Uint16Array(text.length);
  // Two bytes an offset when they fit: a large corpus holds the maps of all its articles while loading.
  const map = text.length < 0xffff ? new Uint16Array(text.length + 1) : new Uint32Array(text.length + 1);
  let length = 0;
  let wide = false;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const folded = foldCode(text.charCodeAt(i));
    if (folded === -1) {
      if (!inSpace) {
        units[length] = 0x20;
        map[length++] = i;
        inSpace = true;
      }
      continue;
    }
    inSpace = false;
    if (folded > 0xff) wide = true;
    units[length] = folded;
    map[length++] = i;
  }
  map[length] = text.length;
  const view = Buffer.from(units.buffer, 0, length * 2);
  const folded = wide ? view.toString('utf16le') : Buffer.from(units.subarray(0, length)).toString('latin1');
  return { folded, map: map.subarray(0, length + 1) };
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
