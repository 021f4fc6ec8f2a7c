/**
 * How source words are shown. Curly double quotation marks are reserved for them, so every quote must come out
 * balanced and never doubled, even when the cited words carry quotation marks of their own (an article quoting
 * a filing or a spokesman). Everything here returns slices of the article text, never retyped words: a span is
 * only moved to the article's own word and mark boundaries.
 */
import type { Case, Passage } from '../corpus/case.js';
import { escapeArticleText } from './escape.js';

const OPEN = '“';
const CLOSE = '”';

/** A span of a passage's text: `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Positions of the marks in `text[start, end)` that have no partner inside the span. */
function unmatched(text: string, { start, end }: Span): { opens: number[]; closes: number[] } {
  const opens: number[] = [];
  const closes: number[] = [];
  for (let i = start; i < end; i++) {
    if (text[i] === OPEN) opens.push(i);
    else if (text[i] === CLOSE) {
      if (opens.length) opens.pop();
      else closes.push(i);
    }
  }
  return { opens, closes };
}

function trim(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return { start, end };
}

/**
 * The span with its quotation marks balanced: a mark left open or closed at an edge of the span is left
 * out; one inside it is matched by reaching to its partner in the same passage (within `reach` characters),
 * else the span stops short of it. The result is still a slice of `text`.
 */
export function balanceSpan(text: string, span: Span, reach = 240): Span {
  let current = trim(text, span);
  for (let round = 0; round < 6; round++) {
    const { opens, closes } = unmatched(text, current);
    const close = closes[0];
    const open = opens[opens.length - 1];
    if (close === undefined && open === undefined) return current;
    if (close !== undefined) {
      if (close === current.end - 1) current = { ...current, end: close };
      else {
        const partner = text.lastIndexOf(OPEN, current.start - 1);
        current = partner >= 0 && current.start - partner <= reach ? { ...current, start: partner } : { ...current, start: close + 1 };
      }
    } else if (open !== undefined) {
      if (open === current.start) current = { ...current, start: open + 1 };
      else {
        const partner = text.indexOf(CLOSE, current.end);
        current = partner >= 0 && partner - current.end < reach ? { ...current, end: partner + 1 } : { ...current, end: open };
      }
    }
    current = trim(text, current);
  }
  // Marks still unbalanced after every repair (a pathological text): the part before the first mark.
  const first = text.slice(current.start, current.end).search(/[“”]/);
  return trim(text, { start: current.start, end: first >= 0 ? current.start + first : current.end });
}

/** Whether `quoted` (balanced) is one quotation from its first character to its last. */
function wrappedWhole(quoted: string): boolean {
  if (!quoted.startsWith(OPEN) || !quoted.endsWith(CLOSE)) return false;
  let depth = 0;
  for (let i = 0; i < quoted.length; i++) {
    if (quoted[i] === OPEN) depth++;
    else if (quoted[i] === CLOSE) depth--;
    if (depth === 0 && i < quoted.length - 1) return false;
  }
  return true;
}

/**
 * Source words ready to show, escaped for Discord: in our quotation marks, unless the words are already one
 * quotation (their own marks serve) or begin or end with a mark of their own (ours would double it), in which
 * case they are shown as they are, on a block-quote line (`inline: false`).
 */
export function shownQuote(words: string): { text: string; inline: boolean } {
  const escaped = escapeArticleText(words);
  if (wrappedWhole(words)) return { text: escaped, inline: true };
  if (/^[“”]|[“”]$/.test(words)) return { text: escaped, inline: false };
  return { text: `${OPEN}${escaped}${CLOSE}`, inline: true };
}

/** A citation-like span of a passage: where the words are, for balancing against the passage around them. */
export interface Located {
  passage: string;
  start: number;
  end: number;
}

/** The article words of a located span, balanced (see `balanceSpan`). Falls back to `text` when the passage is gone. */
export function balancedWords(kase: Case, located: Located, text: string): string {
  const passage: Passage | undefined = kase.passageById.get(located.passage);
  if (!passage) return text;
  const span = balanceSpan(passage.text, { start: located.start - passage.start, end: located.end - passage.start });
  return passage.text.slice(span.start, span.end) || text;
}

/**
 * The longest quotation inside the words (the speaker's or the document's own words, with the article's marks),
 * if it has at least `minWords` words: the shortest faithful way to say what someone said.
 */
export function innerQuotation(words: string, minWords = 3): string | undefined {
  let best: string | undefined;
  const stack: number[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === OPEN) stack.push(i);
    else if (words[i] === CLOSE && stack.length) {
      const from = stack.pop() as number;
      if (stack.length) continue;
      const slice = words.slice(from, i + 1);
      if (slice.split(/\s+/).length >= minWords && (!best || slice.length > best.length)) best = slice;
    }
  }
  return best;
}

/**
 * The clause of the words that holds `needle` (cut at ", ", "; " and ": "), balanced, when the words are longer
 * than `max`: a short faithful slice around an amount or a date. The words themselves when they are short, or
 * when `needle` is not in them.
 */
export function clauseAround(words: string, needle: string, max: number): string {
  if (words.length <= max) return words;
  const at = words.indexOf(needle);
  if (at < 0) return words;
  let start = 0;
  let end = words.length;
  for (const m of words.matchAll(/[,;:] /g)) {
    const index = m.index ?? 0;
    if (index + 2 <= at) start = index + 2;
    else if (index >= at + needle.length && end === words.length) end = index;
  }
  const span = balanceSpan(words, { start, end });
  const clause = words.slice(span.start, span.end);
  return clause.includes(needle) ? clause : words;
}
