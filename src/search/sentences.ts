/**
 * A passage's sentences as citations of their own (exact offsets into the article), so a reply can quote the
 * one sentence that answers rather than a whole paragraph. A sentence ends at ".", "!" or "?" (with any
 * closing quotation mark) followed by a space or the end of the passage.
 */
import type { Passage, ResolvedCitation } from '../corpus/case.js';

const cache = new WeakMap<Passage, ResolvedCitation[]>();

export function passageSentences(passage: Passage): ResolvedCitation[] {
  let sentences = cache.get(passage);
  if (!sentences) cache.set(passage, (sentences = split(passage)));
  return sentences;
}

function split(passage: Passage): ResolvedCitation[] {
  const out: ResolvedCitation[] = [];
  // The periods of an abbreviation like "U.S." end no sentence, unless a capital follows ("… the U.S. The").
  const re = /(?:[^.!?]|(?<=(?:^|\s)\p{Lu})\.(?=\p{Lu}\.)|(?<=\s\p{Lu}\.\p{Lu})\.(?=\s\p{Ll}))+(?:[.!?]+[”’"]?|$)/gu;
  for (const m of passage.text.matchAll(re)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (!text) continue;
    const start = passage.start + (m.index ?? 0) + lead;
    out.push({ source: passage.source, quote: text, text, start, end: start + text.length, passage: passage.id });
  }
  return out;
}
