/**
 * Making text safe to show in Discord. Two kinds of text reach a reply:
 * - user text echoed back (a question, a sentence to check): it is cleaned of invisible and
 *   direction-override characters, and its markdown and mentions are neutralised, so nobody can make the
 *   bot render smuggled formatting, fake a mention or spoof another line;
 * - article text: ours and trusted, but its markdown characters are still escaped so that it renders as
 *   the exact characters of the article.
 * `allowed_mentions: { parse: [] }` on every reply is the second line of defence against pings.
 */
import { escapeMarkdown as escapeDiscordMarkdown } from '@discordjs/formatters';

/** Zero-width, joiners, bidi embeddings/overrides/isolates, BOM, soft hyphen, other format characters. */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]/gu;
/** C0/C1 controls except tab and newline. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Replaces lone surrogates (invalid UTF-16) with U+FFFD so JSON and Discord accept the text. */
export function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Removes characters that are invisible or reorder text, and control characters. */
export function stripInvisible(text: string): string {
  return toWellFormed(text).replace(INVISIBLE, '').replace(CONTROL, '');
}

/** Cleans user input before it is interpreted (not only before it is shown). */
export function cleanInput(text: string): string {
  return stripInvisible(text).replace(/\s+/g, ' ').trim();
}

/**
 * Escapes text for display: discord.js's own markdown escaping (every kind, headings, lists and masked links
 * included), then "@" can no longer start a mention (@everyone, @here, <@id>) and "<" no longer opens a
 * channel, role, emoji or command mention, which markdown escaping leaves alone.
 */
export function escapeMarkdown(text: string): string {
  return escapeDiscordMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/@/g, '@\u200B')
    .replace(/</g, '<\u200B');
}

/** User text, cleaned and escaped, cut to `max` characters (by code point) with an ellipsis. */
export function escapeUserText(text: string, max = 300): string {
  // Curly double quotes are reserved for source words in every reply; user text gets straight ones.
  const clean = cleanInput(text).replace(/[\u201C\u201D]/g, '"');
  const chars = Array.from(clean);
  const cut = chars.length > max ? chars.slice(0, max - 1).join('') + '…' : clean;
  return escapeMarkdown(cut);
}

/** Article text for display: rendered, it shows exactly the article's characters. */
export function escapeArticleText(text: string): string {
  return text.replace(/[\\*_~`|<]/g, (ch) => `\\${ch}`).replace(/@/g, '@\u200B');
}

/** Undoes `escapeArticleText` (tests use it to check that a shown quote is in its article). */
export function unescapeArticleText(text: string): string {
  return text.replace(/@\u200B/g, '@').replace(/\\([\\*_~`|<])/g, '$1');
}
