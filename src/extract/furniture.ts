/**
 * Proposes the lines of a scraped article that are page furniture, not the article's words: the headline,
 * section headings, bylines, image captions, author bios, "Related Posts", comment forms. Rules over the
 * shape of a line (short, no closing punctuation, a name, a form notice), so they serve any news page; the
 * reviewer confirms them, because what is marked here is never indexed or quoted.
 */
import type { SourceInfo } from '../corpus/schema.js';

export type FurnitureKind = SourceInfo['furniture'][number]['kind'];

export interface FurnitureProposal {
  lines: [number, number];
  kind: FurnitureKind;
  text: string;
  why: string;
}

export interface FurnitureHints {
  title: string | null;
  author: string | null;
}

const RELATED = /^(?:related(?:\s+(?:posts?|articles?|stories|reading))?|read (?:more|next)|more from|you may also like|recommended)\b[:\s]*$/i;
const COMMENT = /^(?:leave a (?:reply|comment)|post a comment|your email address will not be published|required fields are marked|comments?(?:\s*\(\d+\))?|add a comment|cancel reply|save my name)/i;
const BYLINE = /^(?:by\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}|published|updated|posted)\b.{0,60}$/i;
const BIO = /\b(?:is an? (?:\w+\s){0,3}(?:reporter|writer|journalist|editor|correspondent|contributor|columnist)|send tips to|follow (?:him|her|them) on|@\w+\.\w+)/i;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const norm = (s: string) => s.toLowerCase().replace(/[’']/g, "'").replace(/[^a-z0-9']+/g, ' ').trim();

/** Proposed furniture for `text`, one proposal per run of lines of one kind. */
export function proposeFurniture(text: string, hints: FurnitureHints): FurnitureProposal[] {
  const lines = text.split('\n');
  const marks: ({ kind: FurnitureKind; why: string } | null)[] = lines.map(() => null);
  const firstBody = lines.findIndex((l) => l.trim().length > 0);
  let inForm = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const n = words(line);
    const closed = /[.!?…:;"”’)]$/.test(line);
    const nameOnly = /^[A-Z][\w'’-]*(?:[\s-][A-Z][\w'’-]*){0,2}$/.test(line) && n <= 3;
    if (inForm || COMMENT.test(line)) {
      inForm = true;
      marks[i] = { kind: 'comment-form', why: 'a comment form and what follows it' };
    } else if (RELATED.test(line)) marks[i] = { kind: 'related-posts', why: 'a "related posts" list heading' };
    else if (hints.title && norm(line) === norm(hints.title)) marks[i] = { kind: 'headline', why: 'the line is the title given with --title' };
    else if (i === firstBody && n <= 20 && !/[.!?]$/.test(line)) marks[i] = { kind: 'headline', why: 'the first line, short and without a full stop' };
    else if (BYLINE.test(line) && n <= 12) marks[i] = { kind: 'byline', why: 'a "By …" / "Published" line' };
    else if (hints.author && (norm(line) === norm(hints.author) || norm(line.replace(/-/g, ' ')) === norm(hints.author))) marks[i] = { kind: 'byline', why: 'the author\'s name alone on a line' };
    else if (BIO.test(line) && (!hints.author || line.startsWith(hints.author.split(' ')[0] ?? '\u0000')) && n <= 80) marks[i] = { kind: 'author-bio', why: 'describes the author (reporter, tips address)' };
    else if (nameOnly && i > lines.length / 2 && /^[A-Z][\w'’]*(?:[\s-][A-Z][\w'’]*)?$/.test(line) && lines.slice(i + 1, i + 5).some((l) => BIO.test(l) || (hints.author !== null && norm(l) === norm(hints.author))))
      marks[i] = { kind: 'byline', why: 'a name alone on a line, just before the author\'s bio or name' };
    else if (!closed && n <= 4 && line === line.toLowerCase()) marks[i] = { kind: 'caption', why: 'a few lower-case words with no punctuation, as image captions and alt texts are' };
    else if (!closed && n <= 12 && !/^[•*-]/.test(line)) marks[i] = { kind: 'heading', why: 'a short line without closing punctuation' };
  });
  const out: FurnitureProposal[] = [];
  for (let i = 0; i < lines.length; i++) {
    const mark = marks[i];
    if (!mark) continue;
    let j = i;
    // One range per run of the same kind, over blank lines between (a byline block, a comment form).
    while (j + 1 < lines.length && (marks[j + 1]?.kind === mark.kind || (!(lines[j + 1] ?? '').trim() && marks[j + 2]?.kind === mark.kind && mark.kind !== 'heading'))) j++;
    const text = lines.slice(i, j + 1).map((l) => l.trim()).filter(Boolean).join(' / ');
    out.push({ lines: [i + 1, j + 1], kind: mark.kind, text, why: mark.why });
    i = j;
  }
  return out;
}
