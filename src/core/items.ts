/**
 * One item of an answer (a fact or a passage), drawn the ways replies need it: a label in our own words, its
 * best quote, a one-line "other side", the whole item with every quote (the detail a button opens), and the
 * actions every item has (`item|open|id`, `item|side|id`, `item|dis|id`, `item|cite|id`). Details always go to
 * the person who asked for them, ephemerally.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { Case, Passage, ResolvedCitation, ResolvedDisagreement, ResolvedFact } from '../corpus/case.js';
import type { SourceId } from '../corpus/schema.js';
import type { Item } from '../search/answer.js';
import { passageSentences as sentences } from '../search/sentences.js';
import { citeReply } from './cite.js';
import { encodeId, ITEM_ROUTE } from './custom-id.js';
import { escapeArticleText } from './escape.js';
import {
  BUDGET,
  citationLine,
  clip,
  COLORS,
  corroboration,
  ephemeral,
  formatAmount,
  formatDate,
  inlineQuote,
  LIMITS,
  leadCitation,
  legend,
  sourceName,
  tag,
} from './format.js';
import { balancedWords, innerQuotation } from './quotes.js';
import type { ComponentContext, Reply } from './types.js';

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** The id an item's actions carry: a fact id or a passage id. */
export const itemKey = (item: Item): string => (item.kind === 'fact' ? item.fact.id : item.passage.id);

/** "Meta" from "Meta, through communications director …": who, in a few words, for one-line use. */
export function shortWho(who: string): string {
  return clip(who.split(/[,(]/)[0]?.trim() || who, 40);
}

/** The typed fields of a fact in words: the date, the amount, who claims or denies. */
export function factKindLine(fact: ResolvedFact): string {
  switch (fact.kind) {
    case 'event':
      return formatDate(fact.date, fact.qualifier);
    case 'money':
      return `${formatAmount(fact.amount, fact.currency)}${fact.date ? `, ${formatDate(fact.date)}` : ''}`;
    case 'denial':
      return `Denial by ${shortWho(fact.denier)}${fact.date ? `, ${formatDate(fact.date)}` : ''}`;
    case 'claim':
      return `Claim by ${shortWho(fact.claimant)}`;
  }
}

/** An item's label in our own words (never in quotation marks), short enough for a title. */
export function itemLabel(kase: Case, item: Item, max: number = BUDGET.title): string {
  if (item.kind === 'fact') return clip(item.fact.summary, max);
  return clip(passageTitle(kase, item.passage), max);
}

/** "Paragraph 3 of BTW Media, by Summer Ren": where a paragraph stands, and who wrote it when the article says. */
function passageTitle(kase: Case, passage: Passage): string {
  const article = kase.articles.get(passage.source);
  const author = article?.about.author;
  return `Paragraph ${passage.ordinal} of ${sourceName(article, passage.source)}${author ? `, by ${author}` : ''}`;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);

/**
 * The single best quote of an item: the citation (of a fact) or the sentence (of a passage) sharing most words
 * with the question, the shorter on a tie, so a first reply shows the words that answer and no whole paragraph.
 */
export function bestQuote(item: Item, question = ''): ResolvedCitation {
  // /ask's search already chose the quote (a fact's citation, a passage's sentence) that answers best (answer.ts).
  if (item.lead) return item.lead;
  const asked = words(question);
  const sorted = item.kind === 'fact' ? [...item.fact.citations].sort((a, b) => a.text.length - b.text.length) : sentences(item.passage);
  // Longer words share more words by length alone: only those near the shortest compete.
  const shortest = sorted[0]?.text.length ?? 0;
  const all = sorted.filter((c) => c.text.length <= Math.max(200, shortest * 1.5));
  let best = all[0];
  let bestScore = -1;
  for (const sentence of all) {
    const score = [...words(sentence.text)].filter((w) => asked.has(w)).length;
    if (score > bestScore) [best, bestScore] = [sentence, score];
  }
  if (best) return best;
  if (item.kind === 'fact') return leadCitation(item.fact);
  const passage = item.passage;
  return { source: passage.source, quote: passage.text, text: passage.text, start: passage.start, end: passage.end, passage: passage.id };
}

/** The facts on the other side of a fact: the denials disputing a claim, or the claims a denial answers. */
export function otherSide(kase: Case, fact: ResolvedFact): ResolvedFact[] {
  const ids = fact.kind === 'claim' ? fact.disputedBy : fact.kind === 'denial' ? fact.disputes : [];
  return ids.flatMap((id) => kase.factById.get(id) ?? []);
}

function disagreementsOf(kase: Case, fact: ResolvedFact): ResolvedDisagreement[] {
  return fact.disagreements.flatMap((id) => kase.disagreements.find((d) => d.id === id) ?? []);
}

/** Verbs that introduce reported speech (English, not the story's words). */
const SPEECH = /\b(said|says|stated|states|told|tells|called|calls|wrote|writes|added|adds|replied|responded|declared|insisted|argued)\b/i;

/** Whether a quotation inside the words is someone's speech ("He stated, “…”", "“…,” the post said"), not a title. */
function isSpeech(words: string, inner: string): boolean {
  const at = words.indexOf(inner);
  const before = words.slice(Math.max(0, at - 40), at);
  const after = words.slice(at + inner.length, at + inner.length + 40);
  return SPEECH.test(before) || /^[\s,.]*(?:\S+\s+){0,4}?(said|says|stated|states|told|wrote|added|replied)\b/i.test(after) || at === 0;
}

/**
 * The other side's words, as short as faithfulness allows: the quotation inside a citation (a spokesman's own
 * words, with the article's marks) when there is one, else the shortest citation.
 */
function sideQuote(kase: Case, other: ResolvedFact): { text: string; source: SourceId } | undefined {
  let best: { text: string; source: SourceId } | undefined;
  for (const citation of other.citations) {
    const words = balancedWords(kase, citation, citation.text);
    const inner = innerQuotation(words);
    if (inner && inner.length <= 220 && isSpeech(words, inner) && (!best || inner.length > best.text.length - tag(citation.passage).length - 1)) {
      best = { text: `${escapeArticleText(inner)} ${tag(citation.passage)}`, source: citation.source };
    }
  }
  if (best) return best;
  const lead = leadCitation(other);
  const inline = inlineQuote(kase, lead);
  return inline ? { text: inline, source: lead.source } : undefined;
}

/**
 * One line for the other side of a fact ("Disputed by Meta: “…”"), or for a disagreement between the sources
 * about it; undefined when neither exists. `sources` collects the articles it quotes, for the legend;
 * `sourcesFirst` (the question asks whether the sources agree) puts their disagreement before a denial.
 */
export function otherSideLine(kase: Case, fact: ResolvedFact, sources: Set<SourceId>, sourcesFirst = false): string | undefined {
  const disagreement = disagreementsOf(kase, fact)[0];
  // Asked whether the sources agree, the disagreement between them is the other side to show.
  if (sourcesFirst && disagreement) return `**Sources disagree:** ${clip(disagreement.summary, 140)}`;
  const others = otherSide(kase, fact);
  const who = (other: ResolvedFact) =>
    other.kind === 'denial' ? `Disputed by ${shortWho(other.denier)}` : other.kind === 'claim' ? `Answers a claim by ${shortWho(other.claimant)}` : 'See also';
  // The first side whose words fit in the line; else the first side's shortest quote on a line of its own.
  for (const other of others) {
    const quote = sideQuote(kase, other);
    if (quote) {
      sources.add(quote.source);
      return `**${who(other)}:** ${quote.text}`;
    }
  }
  const first = others[0];
  if (first) {
    const lead = leadCitation(first);
    sources.add(lead.source);
    return `**${who(first)}:**\n${citationLine(kase, lead)}`;
  }
  return disagreement ? `**Sources disagree:** ${clip(disagreement.summary, 140)}` : undefined;
}

/** "3 of 3 sources · disputed" style status for one-line lists. */
export function factStatus(kase: Case, fact: ResolvedFact): string {
  const parts = [corroboration(kase, fact)];
  if (fact.kind === 'claim' && fact.disputedBy.length) parts.push('⚠️ disputed');
  else if (fact.disagreements.length) parts.push('⚠️ sources differ');
  return parts.join(' · ');
}

function button(custom_id: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary): APIButtonComponent {
  return { type: ComponentType.Button, custom_id, label: clip(label, LIMITS.buttonLabel), style };
}

/** A link button to an article (opens the browser; no interaction). */
export function articleButton(kase: Case, source: SourceId, label = 'Read the article'): APIButtonComponent | undefined {
  const url = kase.articles.get(source)?.about.url;
  return url ? { type: ComponentType.Button, style: ButtonStyle.Link, url, label: clip(`${label} ↗`, LIMITS.buttonLabel) } : undefined;
}

/**
 * The buttons for one item: its other quotes, the other side, the disagreement, Cite, and a link to the article
 * its best quote is from. `n` numbers them when several items have buttons.
 */
export function itemButtons(kase: Case, item: Item, best: ResolvedCitation, n?: number): APIButtonComponent[] {
  const key = itemKey(item);
  const suffix = n === undefined ? '' : ` ${n}`;
  const buttons: APIButtonComponent[] = [];
  if (item.kind === 'fact') {
    const fact = item.fact;
    if (fact.citations.length > 1) buttons.push(button(encodeId(ITEM_ROUTE, 'open', key), `All ${fact.citations.length} quotes${suffix}`, ButtonStyle.Primary));
    if (otherSide(kase, fact).length) buttons.push(button(encodeId(ITEM_ROUTE, 'side', key), `The other side${suffix}`));
    if (fact.disagreements.length) buttons.push(button(encodeId(ITEM_ROUTE, 'dis', key), `Where sources differ${suffix}`));
  } else {
    buttons.push(button(encodeId(ITEM_ROUTE, 'open', key), `Whole paragraph${suffix}`, ButtonStyle.Primary));
  }
  buttons.push(button(encodeId(ITEM_ROUTE, 'cite', key), `Cite${suffix}`));
  const link = articleButton(kase, best.source);
  if (link) buttons.push(link);
  return buttons.slice(0, LIMITS.buttonsPerRow);
}

/** Joins lines into an embed description within `max` characters, dropping whole lines (never cutting a quote). */
export function fitLines(lines: string[], max: number, more: (omitted: number) => string): string {
  const kept: string[] = [];
  let used = 0;
  let omitted = 0;
  for (const line of lines) {
    if (used + line.length + 1 > max - 80) {
      omitted++;
      continue;
    }
    kept.push(line);
    used += line.length + 1;
  }
  if (omitted) kept.push(more(omitted));
  return kept.join('\n');
}

/** The whole fact: every quote, the other side, the disagreements, the legend. */
export function factDetail(kase: Case, fact: ResolvedFact): APIEmbed {
  const sources = new Set<SourceId>(fact.citations.map((c) => c.source));
  const lines = [`**${factKindLine(fact)}** · ${corroboration(kase, fact)}`, ...fact.citations.map((c) => citationLine(kase, c))];
  const side = otherSideLine(kase, fact, sources);
  if (side) lines.push(side);
  for (const d of disagreementsOf(kase, fact).slice(otherSide(kase, fact).length ? 0 : 1, 3)) lines.push(`**Sources disagree:** ${clip(d.summary, 140)}`);
  lines.push('', legend(kase, sources));
  return {
    title: clip(fact.summary, BUDGET.title),
    color: COLORS[fact.kind],
    description: fitLines(lines, LIMITS.description, (n) => `*${n} more line(s) not shown: press Cite for every quote.*`),
  };
}

export function passageDetail(kase: Case, passage: Passage): APIEmbed {
  const whole: ResolvedCitation = { source: passage.source, quote: passage.text, text: passage.text, start: passage.start, end: passage.end, passage: passage.id };
  return {
    title: clip(passageTitle(kase, passage), BUDGET.title),
    color: COLORS.passage,
    description: `${citationLine(kase, whole)}\n\n${legend(kase, [passage.source])}`,
  };
}

/** Each side of a disagreement quoted, with our note on it. */
export function disagreementDetail(kase: Case, disagreement: ResolvedDisagreement): APIEmbed {
  const lines = [escapeArticleText(clip(disagreement.note, 600)), '', ...disagreement.sides.map((side) => citationLine(kase, side))];
  lines.push('', legend(kase, disagreement.sides.map((s) => s.source)));
  return {
    title: clip(`Sources differ: ${disagreement.summary}`, BUDGET.title),
    color: COLORS.warn,
    description: fitLines(lines, LIMITS.description, (n) => `*${n} more side(s) not shown.*`),
  };
}

/** The item behind an id (fact or passage), if it is still in the sources. */
export function itemById(kase: Case, id: string): Item | undefined {
  const fact = kase.factById.get(id);
  if (fact) return { kind: 'fact', fact };
  const passage = kase.passageById.get(id);
  return passage ? { kind: 'passage', passage } : undefined;
}

const GONE = "That item is no longer in my sources (they were updated). Run the command again.";

function detailReply(kase: Case, item: Item, embed: APIEmbed): Reply {
  const best = bestQuote(item);
  const buttons = itemButtons(kase, item, best).filter((b) => !('custom_id' in b) || !b.custom_id.startsWith(`${ITEM_ROUTE}|open|`));
  return ephemeral('', [embed], buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : []);
}

/** The item actions: every command's items share them, and each answers the presser alone. */
export function itemComponent(ctx: ComponentContext): Reply {
  const kase = ctx.bot.case;
  const id = ctx.values[0] ?? ctx.args.join('|');
  if (ctx.action === 'cite') return citeReply(kase, id);
  const disagreement = kase.disagreements.find((d) => d.id === id);
  if (disagreement && (ctx.action === 'open' || ctx.action === 'dis')) return ephemeral('', [disagreementDetail(kase, disagreement)]);
  const item = itemById(kase, id);
  if (!item) return ephemeral(GONE);
  switch (ctx.action) {
    case 'open':
      return detailReply(kase, item, item.kind === 'fact' ? factDetail(kase, item.fact) : passageDetail(kase, item.passage));
    case 'side': {
      if (item.kind !== 'fact') return ephemeral(GONE);
      const others = otherSide(kase, item.fact);
      if (!others.length) return ephemeral('Nobody in my sources disputes or answers this one.');
      return ephemeral(`The other side of: ${clip(item.fact.summary, BUDGET.label)}`, others.slice(0, 4).map((f) => factDetail(kase, f)));
    }
    case 'dis': {
      if (item.kind !== 'fact') return ephemeral(GONE);
      const all = disagreementsOf(kase, item.fact);
      if (!all.length) return ephemeral('My sources agree on this one.');
      return ephemeral(`Where my sources differ on: ${clip(item.fact.summary, BUDGET.label)}`, all.slice(0, 4).map((d) => disagreementDetail(kase, d)));
    }
    default:
      return ephemeral('That button is no longer active. Run the command again.');
  }
}
