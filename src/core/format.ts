/**
 * The building blocks every reply is drawn with, and the one set of constants they share. Replies are read in a
 * Discord pane about 800 px tall where the newest line sits at the bottom, so a first reply opens with the answer
 * and stays within `BUDGET`; the rest is behind buttons. Source words are always quoted from the article itself
 * (see quotes.ts), tagged by their passage id; each article is named once per reply, in a legend with its link.
 * Labels in the project's own words (fact summaries, headings) are never in quotation marks.
 */
import {
  InteractionResponseType,
  MessageFlags,
  type APIEmbed,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Article, Case, ResolvedCitation, ResolvedFact } from '../corpus/case.js';
import type { SourceId } from '../corpus/schema.js';
import { escapeArticleText } from './escape.js';
import { balancedWords, shownQuote } from './quotes.js';
import type { Reply } from './types.js';

/** Discord's hard limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceText: 100,
  selectOptions: 25,
  selectText: 100,
} as const;

/**
 * Our own budget for a first reply, measured on screenshots (`npm run screenshots`): about 1,800 visible
 * characters fill one 800 px desktop pane. Titles stay short so they wrap to one line on a phone.
 */
export const BUDGET = { firstReply: 1800, title: 100, label: 90, overviewPage: 10 } as const;

export const COLORS = { claim: 0xe67e22, denial: 0x3498db, event: 0x9b59b6, money: 0x2ecc71, passage: 0x95a5a6, verdict: 0x1abc9c, warn: 0xe74c3c } as const;

/** Every reply is sent with this: nobody can make the bot ping. */
export const NO_MENTIONS = { parse: [] as [] };

export type { Item } from '../search/answer.js';
export { itemId } from '../search/answer.js';

/** Cuts a label (never a quote) to `max` characters, at a word boundary when one is near. */
export function clip(text: string, max: number): string {
  // Code points never outnumber UTF-16 units: a short text needs no splitting (the common case, and hot).
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '') + '…';
}

/** The article's publisher, or what stands for it when unknown (never guessed). */
export function sourceName(article: Article | undefined, id: SourceId): string {
  return article?.about.publisher ?? `unattributed article ${id}`;
}

/**
 * A source named in full, once per reply (publisher, author, linked title) before its quote's tag: for replies
 * that attribute each quote where it stands (/quote) rather than in a legend.
 */
export function attribution(kase: Case, source: SourceId, ref: string): string {
  const about = kase.articles.get(source)?.about;
  if (!about?.publisher) return `— unattributed article ${source} (publisher, author and date unknown) · \`${ref}\``;
  const who = about.author ? `${about.publisher} (${about.author})` : about.publisher;
  const title = about.title ? escapeArticleText(clip(about.title, 90)) : null;
  const titled = title && about.url ? `[${title.replace(/[[\]]/g, '')}](<${about.url}>)` : (title ?? '');
  return `— ${escapeArticleText(who)}${titled ? `, ${titled}` : ''} · \`${ref}\``;
}

/**
 * The legend: each article a reply quotes, once, by the id its quote tags start with, with its link when it has
 * one (`<…>` keeps Discord from adding a preview card).
 */
export function legend(kase: Case, sources: Iterable<SourceId>): string {
  const ids = [...new Set(sources)].sort();
  if (!ids.length) return '';
  const parts = ids.map((id) => {
    const about = kase.articles.get(id)?.about;
    if (!about?.publisher) return `\`${id}\` unattributed article (publisher unknown)`;
    const name = escapeArticleText(about.publisher);
    // The byline too: "who wrote this" is a fact-checker's first question about a source.
    const by = about.author ? ` (${escapeArticleText(about.author)})` : '';
    return `\`${id}\` ${about.url ? `[${name.replace(/[[\]]/g, '')}](<${about.url}>)` : name}${by}`;
  });
  return `Sources: ${parts.join(' · ')}`;
}

/**
 * An article's byline as its page gives it, verbatim and naming its author (the sources' metadata): the sentence
 * of its author bio that names them ("X is a reporter at Y"), else its byline line that does; undefined when no
 * furniture line names the author.
 */
export function bylineOf(article: Article): { text: string; line: number } | undefined {
  const author = article.about.author;
  if (!author) return undefined;
  const lines = article.lines
    .filter((line) => line.furniture === 'author-bio' || line.furniture === 'byline')
    .map((line) => ({ line, text: article.text.slice(line.start, line.end) }))
    .filter((l) => l.text.includes(author));
  const pick = lines.find((l) => l.line.furniture === 'author-bio') ?? lines[0];
  if (!pick) return undefined;
  // The sentence holding the name, cut only where a sentence ends: a full stop after a word of three letters or
  // more, so "Dr." or "U.S." does not end it. A byline line is kept whole ("By Douglas Helm | Published": that
  // the page gives no date is worth seeing).
  const parts = pick.text.split(/(?<=[\p{L}]{3}[.!?])\s+/u);
  const text = (parts.find((part) => part.includes(author)) ?? pick.text).trim();
  return { text, line: pick.line.number };
}

/** The brief tag that follows a quote: its passage id, which the legend resolves to an article. */
export const tag = (passage: string): string => `\`${passage}\``;

/**
 * One quote on its own block-quote line, tagged. Kept for `/quote`, which shows one source at a time: the
 * attribution under the quote names that source with its link.
 */
export function quoteLines(kase: Case, source: SourceId, text: string, ref: string): string {
  const passage = kase.passageById.get(ref);
  const at = passage ? passage.text.indexOf(text) : -1;
  const words = passage && at >= 0 ? balancedWords(kase, { passage: ref, start: passage.start + at, end: passage.start + at + text.length }, text) : text;
  return `> ${shownQuote(words).text} ${tag(ref)}\n— ${legend(kase, [source]).replace(/^Sources: `\d+` /, '')}`;
}

/** A citation's words on a block-quote line with its tag (balanced; never doubled marks). */
export function citationLine(kase: Case, citation: ResolvedCitation): string {
  return `> ${shownQuote(balancedWords(kase, citation, citation.text)).text} ${tag(citation.passage)}`;
}

/**
 * A citation's words for use inside a line of text, when they can be shown inline (in our marks or their own),
 * else undefined: the caller then puts them on a block-quote line.
 */
export function inlineQuote(kase: Case, citation: ResolvedCitation): string | undefined {
  const shown = shownQuote(balancedWords(kase, citation, citation.text));
  return shown.inline ? `${shown.text} ${tag(citation.passage)}` : undefined;
}

/** "May 2018", "2015", "until April 2019" — typed fields rendered, not quoted. */
export function formatDate(date: string, qualifier?: 'in' | 'by' | 'until'): string {
  const [year, month, day] = date.split('-');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const name = month ? months[Number(month) - 1] : undefined;
  const text = day ? `${Number(day)} ${name} ${year}` : name ? `${name} ${year}` : `${year}`;
  return qualifier && qualifier !== 'in' ? `${qualifier} ${text}` : text;
}

export function formatAmount(amount: number, currency: string): string {
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  if (amount >= 1e9 && amount % 1e7 === 0) return `${symbol}${amount / 1e9} billion`;
  if (amount >= 1e6 && amount % 1e4 === 0) return `${symbol}${amount / 1e6} million`;
  return `${symbol}${amount.toLocaleString('en-US')}`;
}

/** "3 of 3 sources": how many of the articles state the fact. */
export function corroboration(kase: Case, fact: ResolvedFact): string {
  return `${fact.corroboration} of ${kase.articles.size} sources`;
}

/** The shortest citation of a fact: the one to quote when the fact is shown in one line. */
export function leadCitation(fact: ResolvedFact): ResolvedCitation {
  return [...fact.citations].sort((a, b) => a.text.length - b.text.length)[0] as ResolvedCitation;
}

/** A reply's message, always without mentions. `update` edits the message a button was on. */
export function message(data: APIInteractionResponseCallbackData, update = false): Reply {
  return {
    response: {
      type: update ? InteractionResponseType.UpdateMessage : InteractionResponseType.ChannelMessageWithSource,
      data: { ...data, allowed_mentions: NO_MENTIONS },
    },
  };
}

/** Refusals, errors and details asked for by one person: visible to the caller only. */
export function ephemeral(content: string, embeds?: APIEmbed[], components?: APIInteractionResponseCallbackData['components']): Reply {
  return message({
    content: clip(content, LIMITS.content),
    ...(embeds ? { embeds } : {}),
    ...(components?.length ? { components } : {}),
    flags: MessageFlags.Ephemeral,
  });
}

/** The one reply for an unexpected failure (the error boundary and the transports use it). */
export const FAILURE_TEXT = 'Sorry, something went wrong while answering. The error has been logged; please try again.';

export function failureReply(): Reply {
  return ephemeral(FAILURE_TEXT);
}

export function isEphemeral(response: APIInteractionResponse): boolean {
  return 'data' in response && !!response.data && 'flags' in response.data && ((response.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}
