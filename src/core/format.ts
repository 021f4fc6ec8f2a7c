/**
 * Rendering answers as Discord messages. Every quote shown is sliced from its article (a resolved
 * citation or a passage) and sits on its own line as `> “…”`, followed by its attribution line; labels in
 * the project's own words (fact summaries, headings) are never in quotation marks.
 */
import {
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Article, Case, Passage, ResolvedCitation, ResolvedFact } from '../corpus/case.js';
import type { SourceId } from '../corpus/schema.js';
import type { Item } from '../search/answer.js';
import { itemId } from '../search/answer.js';
import { escapeArticleText } from './escape.js';
import type { Reply } from './types.js';

/** Discord's hard limits (discord-notes.md). */
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
} as const;

/** Answers put at most this many items on a page, and stay under this many embed characters. */
export const PAGE = { items: 4, chars: 5200 } as const;

export const COLORS = { claim: 0xe67e22, denial: 0x3498db, event: 0x9b59b6, money: 0x2ecc71, passage: 0x95a5a6, verdict: 0x1abc9c, warn: 0xe74c3c } as const;

export const NO_MENTIONS = { parse: [] as [] };

export type { Item } from '../search/answer.js';
export { itemId } from '../search/answer.js';

/** Cuts a label (never a quote) to `max` characters. */
export function clip(text: string, max: number): string {
  // Code points never outnumber UTF-16 units: a short text needs no splitting (the common case, and hot).
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

export function sourceName(article: Article | undefined, id: SourceId): string {
  return article?.meta.publisher ?? `unattributed article ${id}`;
}

/** "BTW Media (Summer Ren), [Meta denies …](url)" — or "unattributed article 000 (publisher, title and date unknown)". */
export function attribution(kase: Case, source: SourceId, ref: string): string {
  const article = kase.articles.get(source);
  const meta = article?.meta;
  if (!meta?.publisher) return `— unattributed article ${source} (publisher, author and date unknown) · \`${ref}\``;
  const who = meta.author ? `${meta.publisher} (${meta.author})` : meta.publisher;
  const title = meta.title ? escapeArticleText(clip(meta.title, 90)) : null;
  const titled = title && meta.url ? `[${title.replace(/[[\]]/g, '')}](<${meta.url}>)` : title ?? '';
  return `— ${who}${titled ? `, ${titled}` : ''} · \`${ref}\``;
}

/** One quote on its own line, then its attribution. */
export function quoteLines(kase: Case, source: SourceId, text: string, ref: string): string {
  return `> “${escapeArticleText(text)}”\n${attribution(kase, source, ref)}`;
}

export function citationLines(kase: Case, citation: ResolvedCitation): string {
  return quoteLines(kase, citation.source, citation.text, citation.passage);
}

const KIND_LABEL = { claim: 'Claim', denial: 'Denial', event: 'Event', money: 'Money' } as const;

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

/** The typed fields of a fact, as a short heading prefix. */
function factHeading(fact: ResolvedFact): string {
  switch (fact.kind) {
    case 'event':
      return formatDate(fact.date, fact.qualifier);
    case 'money':
      return `${formatAmount(fact.amount, fact.currency)}${fact.date ? `, ${formatDate(fact.date)}` : ''}`;
    case 'denial':
      return `${fact.denier}${fact.date ? `, ${formatDate(fact.date)}` : ''}`;
    case 'claim':
      return fact.claimant;
  }
}

export function corroboration(kase: Case, fact: ResolvedFact): string {
  return `${fact.corroboration} of ${kase.articles.size} sources`;
}

/** An embed for one fact: heading (own words), every citation quoted, disagreements quoted side by side. */
export function factEmbed(kase: Case, fact: ResolvedFact, position: number): APIEmbed {
  const title = clip(`${position}. ${factHeading(fact)}: ${fact.summary}`, LIMITS.title);
  const blocks: string[] = [];
  let length = 0;
  let omitted = 0;
  for (const citation of fact.citations) {
    const block = citationLines(kase, citation);
    if (length + block.length + 2 > LIMITS.description - 120) {
      omitted++;
      continue;
    }
    blocks.push(block);
    length += block.length + 2;
  }
  if (omitted) blocks.push(`*${omitted} more citation(s) not shown here: press Cite for all of them.*`);
  const fields = [
    ...otherSide(kase, fact),
    ...fact.disagreements.slice(0, 3).map((id) => {
      const disagreement = kase.disagreements.find((d) => d.id === id);
      return { name: clip(`Sources disagree: ${disagreement?.summary ?? id}`, LIMITS.fieldName), value: disagreementValue(kase, id) };
    }),
  ];
  return {
    title,
    color: COLORS[fact.kind],
    description: blocks.join('\n\n'),
    ...(fields.length ? { fields } : {}),
    footer: { text: `${KIND_LABEL[fact.kind]} ${fact.id} · ${corroboration(kase, fact)}` },
  };
}

/** The shortest citation of a fact: the one to quote when the fact is shown beside another. */
export function leadCitation(fact: ResolvedFact): ResolvedCitation {
  return [...fact.citations].sort((a, b) => a.text.length - b.text.length)[0] as ResolvedCitation;
}

/**
 * The other side of a claim or a denial: a claim shows the denials that dispute it, a denial the claims
 * it answers, each by its shortest quote, so a reader sees both sides together.
 */
function otherSide(kase: Case, fact: ResolvedFact): { name: string; value: string }[] {
  const ids = fact.kind === 'claim' ? fact.disputedBy : fact.kind === 'denial' ? fact.disputes : [];
  return ids.slice(0, 2).flatMap((id) => {
    const other = kase.factById.get(id);
    if (!other) return [];
    const lead = leadCitation(other);
    const who = other.kind === 'denial' ? `Disputed by ${other.denier}` : other.kind === 'claim' ? `Answers the claim by ${other.claimant}` : id;
    const more = other.citations.length > 1 ? ` (+${other.citations.length - 1} more)` : '';
    const value = `> “${escapeArticleText(lead.text)}”\n— ${sourceName(kase.articles.get(lead.source), lead.source)} · \`${lead.passage}\` · ${other.id}${more}`;
    return value.length <= LIMITS.fieldValue ? [{ name: clip(who, LIMITS.fieldName), value }] : [];
  });
}

/** The sides of a disagreement, each quoted; sides that do not fit are counted, never cut. */
export function disagreementValue(kase: Case, id: string, max: number = LIMITS.fieldValue): string {
  const disagreement = kase.disagreements.find((d) => d.id === id);
  if (!disagreement) return 'Unknown disagreement.';
  const parts: string[] = [];
  let used = 0;
  let omitted = 0;
  for (const side of disagreement.sides) {
    const article = kase.articles.get(side.source);
    const line = `${sourceName(article, side.source)} (\`${side.passage}\`): “${escapeArticleText(side.text)}”`;
    if (used + line.length + 60 > max) {
      omitted++;
      continue;
    }
    parts.push(line);
    used += line.length + 1;
  }
  if (omitted) parts.push(`*+${omitted} more side(s): /sources*`);
  return parts.join('\n');
}

export function passageEmbed(kase: Case, passage: Passage, position: number): APIEmbed {
  const article = kase.articles.get(passage.source);
  return {
    title: clip(`${position}. From ${sourceName(article, passage.source)}, paragraph ${passage.ordinal}`, LIMITS.title),
    color: COLORS.passage,
    description: quoteLines(kase, passage.source, passage.text, passage.id),
    footer: { text: `Passage ${passage.id}` },
  };
}

export function itemEmbed(kase: Case, item: Item, position: number): APIEmbed {
  if (item.kind === 'passage') return passageEmbed(kase, item.passage, position);
  // The quote that best answers the question comes first.
  const lead = item.lead;
  const fact = lead ? { ...item.fact, citations: [lead, ...item.fact.citations.filter((c) => c !== lead)] } : item.fact;
  return factEmbed(kase, fact, position);
}

export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

/** Splits rendered items into pages that respect both the item count and Discord's 6000-character total. */
export function paginate(embeds: APIEmbed[], budget: number = PAGE.chars): APIEmbed[][] {
  const pages: APIEmbed[][] = [];
  let page: APIEmbed[] = [];
  let used = 0;
  for (const embed of embeds) {
    const size = embedLength(embed);
    if (page.length && (page.length >= PAGE.items || used + size > budget)) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(embed);
    used += size;
  }
  if (page.length) pages.push(page);
  return pages;
}

/** A custom_id from parts, cut to Discord's 100 characters by shortening the last part only. */
export function customId(...parts: string[]): string {
  const clean = parts.map((p) => p.replace(/\|/g, ' '));
  let id = clean.join('|');
  if (id.length <= LIMITS.customId) return id;
  const head = clean.slice(0, -1).join('|') + '|';
  const last = clean[clean.length - 1] ?? '';
  id = head + last.slice(0, Math.max(0, LIMITS.customId - head.length));
  return id;
}

function button(custom_id: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary, disabled = false): APIButtonComponent {
  return { type: ComponentType.Button, custom_id, label: clip(label, LIMITS.buttonLabel), style, disabled };
}

/**
 * Cite buttons for the items on a page, then a pager row when there is more than one page.
 * `pageId(n)` builds the custom_id that re-renders page n.
 */
export function answerComponents(
  ids: string[],
  page: number,
  pages: number,
  pageId: (n: number) => string,
): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  const cite = ids.slice(0, LIMITS.buttonsPerRow).map((id, i) => button(customId('cite', id), `Cite ${i + 1}`));
  if (cite.length) rows.push({ type: ComponentType.ActionRow, components: cite });
  if (pages > 1) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        button(pageId(page - 1), '◀ Previous', ButtonStyle.Primary, page <= 1),
        button(customId('noop', String(page)), `Page ${page} of ${pages}`, ButtonStyle.Secondary, true),
        button(pageId(page + 1), 'Next ▶', ButtonStyle.Primary, page >= pages),
      ],
    });
  }
  return rows;
}

export function message(data: APIInteractionResponseCallbackData, update = false): Reply {
  return {
    response: {
      type: update ? InteractionResponseType.UpdateMessage : InteractionResponseType.ChannelMessageWithSource,
      data: { ...data, allowed_mentions: NO_MENTIONS },
    },
  };
}

/** Refusals and errors: visible to the caller only. */
export function ephemeral(content: string, embeds?: APIEmbed[]): Reply {
  return message({ content: clip(content, LIMITS.content), ...(embeds ? { embeds } : {}), flags: MessageFlags.Ephemeral });
}

export function isEphemeral(response: APIInteractionResponse): boolean {
  return 'data' in response && !!response.data && 'flags' in response.data && ((response.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

export interface PagedAnswer {
  /** A line in the project's own words above the items. */
  header: string;
  items: Item[];
  page: number;
  /** Builds the custom_id for page n (the command's own state encoded). */
  pageId: (n: number) => string;
  update?: boolean;
  /** Shown under the header on every page (e.g. a note that the question was shortened). */
  note?: string;
}

/** A public answer: header, items of the requested page, Cite buttons and a pager. */
export function pagedAnswer(kase: Case, answer: PagedAnswer): Reply {
  const embeds = answer.items.map((item, i) => itemEmbed(kase, item, i + 1));
  const pages = paginate(embeds);
  const pageCount = Math.max(1, pages.length);
  const page = Math.min(Math.max(1, answer.page), pageCount);
  const shown = pages[page - 1] ?? [];
  const first = pages.slice(0, page - 1).reduce((n, p) => n + p.length, 0);
  const ids = answer.items.slice(first, first + shown.length).map(itemId);
  const counter = pageCount > 1 ? ` (page ${page} of ${pageCount})` : '';
  // The counter goes at the end of the header's first line.
  const [firstLine = '', ...rest] = answer.header.split('\n');
  const header = [firstLine.replace(/:?$/, (colon) => `${counter}${colon}`), ...rest].join('\n');
  const content = clip(`${header}${answer.note ? `\n${answer.note}` : ''}`, LIMITS.content);
  return message({ content, embeds: shown, components: answerComponents(ids, page, pageCount, answer.pageId) }, answer.update);
}
