/**
 * Sentences of a passage with their offsets, so every candidate fact can cite an exact span of the article.
 * Plain rules, not a model: a sentence ends at `.`, `!` or `?` (with any closing quotes or brackets after it)
 * followed by a space and a capital, a digit or an opening quote, or at the passage's end. Abbreviations and
 * initials ("U.S.", "Mr.", "J. Smith") do not end one. A full stop glued to the next capitalised word
 * ("was sold.Meta denied") does: pages lose spaces when they are scraped.
 */

export interface Span {
  /** Offset in the article text (not the passage). */
  start: number;
  end: number;
  text: string;
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'inc', 'co', 'corp', 'ltd', 'vs', 'no', 'gen', 'gov', 'sen', 'rep', 'prof', 'jan', 'feb', 'aug', 'sept', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'etc']);
const CLOSERS = '"”’\')]»';
const OPENERS = '"“‘\'(«';

function endsWithAbbreviation(text: string, dot: number): boolean {
  let i = dot - 1;
  while (i >= 0 && /[A-Za-z.]/.test(text[i] ?? '')) i--;
  const word = text.slice(i + 1, dot);
  if (!word) return false;
  // Initials and dotted abbreviations: "U.S", "J", "e.g".
  if (/^[A-Z]$/.test(word) || /^([A-Za-z]\.)+[A-Za-z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** Splits `text` (which starts at article offset `base`) into trimmed sentences. */
export function splitSentences(text: string, base = 0): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) spans.push({ start: base + start + lead, end: base + start + lead + body.length, text: body });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c !== '.' && c !== '!' && c !== '?') continue;
    let j = i + 1;
    while (j < text.length && CLOSERS.includes(text[j] ?? '')) j++;
    const next = text[j] ?? '';
    if (j >= text.length) continue;
    if (/\s/.test(next)) {
      let k = j;
      while (k < text.length && /\s/.test(text[k] ?? '')) k++;
      const after = text[k] ?? '';
      if (!(/[A-Z0-9]/.test(after) || OPENERS.includes(after))) continue;
      if (c === '.' && endsWithAbbreviation(text, i)) continue;
      push(j);
      start = j;
      i = j - 1;
    } else if (c === '.' && j === i + 1 && /[A-Z]/.test(next) && /[a-z]/.test(text[j + 1] ?? '') && /[a-z]{3}$/.test(text.slice(Math.max(0, i - 3), i))) {
      push(j);
      start = j;
    }
  }
  push(text.length);
  return spans;
}

const STOP = new Set(
  'a an the and or but of to in on at by for from with as is are was were be been being has have had do does did that this these those it its their his her he she they them we you your our which who whom what when where while than then so such not no also very more most much many any some can could would should will may might must into about over after before under between through during up out off own same just only even other'.split(' '),
);

/** Lower-case words with stop words dropped, as written: names for ids. */
export function plainWords(text: string): string[] {
  return (text.toLowerCase().normalize('NFKD').match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 1 && !STOP.has(w));
}

/** Content words with a crude plural folding: what two sentences share. */
export function contentWords(text: string): string[] {
  return plainWords(text).map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

/** Share of the smaller word set found in the other (0..1): "the same statement" when high. */
export function overlap(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (!sa.size || !sb.size) return 0;
  let shared = 0;
  for (const w of sa) if (sb.has(w)) shared++;
  return shared / Math.min(sa.size, sb.size);
}
