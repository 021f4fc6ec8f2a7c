/**
 * `/money [topic]`: every dollar figure in one embed, a line each (amount · date · what · short quote ·
 * corroboration), and a menu that opens one figure in full. The quote is the clause of the shortest citation
 * that holds the amount: a slice of the article, never retyped.
 */
import { ApplicationCommandType, ComponentType, type APIEmbed } from 'discord-api-types/v10';
import type { ResolvedFact } from '../../src/corpus/case.js';
import type { SourceId } from '../../src/corpus/schema.js';
import { encodeId, ITEM_ROUTE } from '../../src/core/custom-id.js';
import { everywhere, topicOption } from '../../src/core/definitions.js';
import { escapeUserText } from '../../src/core/escape.js';
import { clip, COLORS, ephemeral, formatAmount, formatDate, leadCitation, legend, LIMITS, tag } from '../../src/core/format.js';
import { factStatus } from '../../src/core/items.js';
import { deliver, type Delivery } from '../../src/core/pager.js';
import { balancedWords, clauseAround, shownQuote } from '../../src/core/quotes.js';
import { busiestTopic, factsOfKind, rankByTopic, topicChoices, topicList } from '../../src/core/topics.js';
import type { Bot, Command, Reply } from '../../src/core/types.js';

type MoneyFact = Extract<ResolvedFact, { kind: 'money' }>;

/** Oldest first; a figure without a date last. */
const byDate = (a: MoneyFact, b: MoneyFact) => (a.date ?? '9999').localeCompare(b.date ?? '9999');

/** The figure's words as the article has them: "$40 million" in the text, or the amount's digits. */
function amountNeedle(text: string, fact: MoneyFact): string {
  const formatted = formatAmount(fact.amount, fact.currency);
  if (text.includes(formatted)) return formatted;
  const digits = /\$?\d[\d,.]*/.exec(formatted)?.[0] ?? formatted;
  return text.includes(digits) ? digits : formatted;
}

/** One line per figure; `sources` collects the articles quoted, for the legend. */
function figureLine(bot: Bot, fact: MoneyFact, sources: Set<SourceId>): string {
  const lead = leadCitation(fact);
  const words = balancedWords(bot.case, lead, lead.text);
  const quote = shownQuote(clauseAround(words, amountNeedle(words, fact), 110));
  sources.add(lead.source);
  const date = fact.date ? ` · ${formatDate(fact.date)}` : '';
  return `**${formatAmount(fact.amount, fact.currency)}**${date} · ${clip(fact.summary, 70)} · ${factStatus(bot.case, fact)}\n> ${quote.text} ${tag(lead.passage)}`;
}

function render(bot: Bot, topic: string, how: Delivery): Reply {
  const all = factsOfKind(bot, 'money') as MoneyFact[];
  const facts = (topic ? rankByTopic(bot, all, topic) : [...all].sort(byDate)) as MoneyFact[];
  if (!facts.length) return ephemeral(`None of the money figures in my sources are about ${escapeUserText(topic, 100)}. Topics I can answer: ${topicList(bot, ['money'])}.`);
  const sources = new Set<SourceId>();
  const lines = facts.map((fact) => figureLine(bot, fact, sources));
  const embed: APIEmbed = { color: COLORS.money, description: [...lines, '', legend(bot.case, sources)].join('\n') };
  const options = facts.slice(0, LIMITS.selectOptions).map((fact, i) => ({
    label: clip(`${i + 1}. ${formatAmount(fact.amount, fact.currency)}: ${fact.summary}`, LIMITS.selectText),
    value: fact.id,
    description: clip(factStatus(bot.case, fact), LIMITS.selectText),
  }));
  const header = topic ? `**${facts.length} money figures** about ${escapeUserText(topic, 100)}, best match first` : `**${facts.length} money figures** in my sources, oldest first`;
  return deliver(
    {
      content: header,
      embeds: [embed],
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.StringSelect, custom_id: encodeId(ITEM_ROUTE, 'open', 'money'), placeholder: 'Open a figure in full: every quote, and Cite', options }] }],
    },
    how,
  );
}

export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'money',
    description: 'Every dollar figure in the story: who paid what, for what, and when',
    options: [topicOption('money figures')],
    ...everywhere(),
  },
  help: 'Every dollar figure, a line each with its quote; pick one to read every quote',
  example: (bot) => `/money topic:${busiestTopic(bot, ['money'])?.id ?? ''}`,
  execute: (ctx) => render(ctx.bot, String(ctx.options.topic ?? ''), 'public'),
  autocomplete: (ctx) => topicChoices(ctx.bot, ctx.options.topic, ['money']),
} satisfies Command;


