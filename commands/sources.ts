import { ApplicationCommandType, type APIEmbed } from 'discord-api-types/v10';
import type { Bot } from '../src/core/bot.js';
import { escapeArticleText } from '../src/core/escape.js';
import { everywhere, pageArg } from '../src/core/fact-list.js';
import { answerComponents, clip, COLORS, customId, disagreementValue, LIMITS, message, paginate } from '../src/core/format.js';
import type { Command, Reply } from '../src/core/types.js';

const unknown = (value: string | null, what: string) => value ?? `unknown (${what})`;

function sourceEmbeds(bot: Bot): APIEmbed[] {
  // Facts citing each source, counted in one pass (not one pass over the facts per source).
  const citing = new Map<string, number>();
  for (const fact of bot.case.facts) for (const source of new Set(fact.citations.map((c) => c.source))) citing.set(source, (citing.get(source) ?? 0) + 1);
  return [...bot.case.articles.values()].map((article) => {
    const { meta } = article;
    const facts = citing.get(meta.id) ?? 0;
    return {
      title: clip(`${meta.id}: ${meta.publisher ?? 'Unattributed article'}`, LIMITS.title),
      color: COLORS.passage,
      ...(meta.url ? { url: meta.url } : {}),
      fields: [
        { name: 'Title', value: meta.title ? escapeArticleText(meta.title) : 'unknown (none in the file)', inline: false },
        { name: 'Author', value: unknown(meta.author, 'no byline'), inline: true },
        { name: 'Published', value: unknown(meta.published, 'not given'), inline: true },
        { name: 'Address', value: meta.url ?? 'unknown', inline: false },
        { name: 'What we know', value: clip(meta.notes, LIMITS.fieldValue), inline: false },
        { name: 'In the corpus', value: `${article.passages.length} paragraphs; cited by ${facts} facts; sha256 \`${meta.sha256.slice(0, 12)}…\``, inline: false },
      ],
    };
  });
}

function disagreementEmbeds(bot: Bot): APIEmbed[] {
  return bot.case.disagreements.map((d) => ({
    title: clip(`Sources disagree: ${d.summary}`, LIMITS.title),
    color: COLORS.warn,
    description: clip(d.note, 600),
    fields: [{ name: 'What each source says', value: disagreementValue(bot.case, d.id) }],
    footer: { text: d.id },
  }));
}

function render(bot: Bot, page: number, update: boolean): Reply {
  const pages = paginate([...sourceEmbeds(bot), ...disagreementEmbeds(bot)]);
  const index = Math.min(Math.max(1, page), pages.length);
  const counter = pages.length > 1 ? ` (page ${index} of ${pages.length})` : '';
  return message(
    {
      content: `**My ${bot.case.articles.size} sources**, what is known about each (unknown stays unknown), and the ${bot.case.disagreements.length} places where they disagree${counter}:`,
      embeds: pages[index - 1] ?? [],
      components: answerComponents([], index, pages.length, (n) => customId('sources', 'p', String(n))),
    },
    update,
  );
}

/** `/sources`: the articles, what is known about each, and the known disagreements. */
export default {
  data: { type: ApplicationCommandType.ChatInput, name: 'sources', description: 'The source articles, what is known about each, and where they disagree', ...everywhere() },
  execute: (ctx) => render(ctx.bot, 1, false),
  component: (ctx) => render(ctx.bot, pageArg(ctx.args[1]), true),
} satisfies Command;
