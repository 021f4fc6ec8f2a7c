/**
 * `/sources`: the articles, what is known about each (unknown stays unknown, never guessed), and where they
 * disagree, in one screen; a menu opens one source's details or one disagreement with each side quoted.
 */
import { ApplicationCommandType, ComponentType, type APIEmbed, type APISelectMenuOption } from 'discord-api-types/v10';
import type { Article } from '../../src/corpus/case.js';
import { encodeId } from '../../src/core/custom-id.js';
import { everywhere } from '../../src/core/definitions.js';
import { escapeArticleText } from '../../src/core/escape.js';
import { clip, COLORS, ephemeral, LIMITS, message } from '../../src/core/format.js';
import { itemComponent, type Row } from '../../src/core/items.js';
import type { Bot, Command, ComponentContext, Reply } from '../../src/core/types.js';

const unknown = (value: string | null, what: string) => (value ? escapeArticleText(value) : `${what} unknown`);

/** How many facts cite each source, counted in one pass. */
function citingCounts(bot: Bot): Map<string, number> {
  const citing = new Map<string, number>();
  for (const fact of bot.case.facts) for (const source of new Set(fact.citations.map((c) => c.source))) citing.set(source, (citing.get(source) ?? 0) + 1);
  return citing;
}

/** One source in two lines: id, publisher with its link, author and date; then its title and its size. */
function sourceLines(article: Article, facts: number): string {
  const { about } = article;
  const name = about.publisher ? escapeArticleText(about.publisher) : 'Unattributed article';
  const linked = about.url ? `[${name.replace(/[[\]]/g, '')}](<${about.url}>)` : name;
  const title = about.title ? `*${escapeArticleText(about.title).replace(/\*/g, '')}*` : 'title unknown';
  const who = about.publisher ? `${unknown(about.author, 'author')} · ${unknown(about.published, 'date')}` : 'publisher, author, address and date unknown';
  return `\`${about.id}\` **${linked}** · ${who}\n${title} · ${article.passages.length} paragraphs, cited by ${facts} facts`;
}

function sourcesReply(bot: Bot): Reply {
  const citing = citingCounts(bot);
  const articles = [...bot.case.articles.values()];
  const lines = articles.map((a) => sourceLines(a, citing.get(a.about.id) ?? 0));
  const disagreements = bot.case.disagreements.map((d, i) => `**${i + 1}.** ${clip(d.summary, 120)}`);
  const embed: APIEmbed = {
    title: `My ${articles.length} sources, each kept byte for byte`,
    color: COLORS.passage,
    description: [...lines, '', `**Where they disagree (${disagreements.length})**`, ...disagreements].join('\n'),
  };
  const options: APISelectMenuOption[] = [
    ...articles.map((a) => ({ label: clip(`${a.about.id}: ${a.about.publisher ?? 'unattributed article'}`, LIMITS.selectText), value: `source:${a.about.id}`, description: 'What is known about it, and how it is kept' })),
    ...bot.case.disagreements.map((d, i) => ({ label: clip(`${i + 1}. ${d.summary}`, LIMITS.selectText), value: d.id, description: 'Each side, quoted' })),
  ].slice(0, LIMITS.selectOptions);
  const rows: Row[] = [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.StringSelect, custom_id: encodeId('sources', 'open'), placeholder: 'Open a source or a disagreement', options }] }];
  return message({ content: 'Everything I quote comes from these articles.', embeds: [embed], components: rows });
}

/** A source's details, for the chooser: everything known, and the unknown said so. */
function sourceDetail(bot: Bot, id: string): Reply {
  const article = bot.case.articles.get(id);
  if (!article) return ephemeral('That source is no longer in my corpus. Run `/sources` again.');
  const { about } = article;
  const embed: APIEmbed = {
    title: clip(`${about.id}: ${about.publisher ?? 'Unattributed article'}`, 100),
    color: COLORS.passage,
    ...(about.url ? { url: about.url } : {}),
    fields: [
      { name: 'Title', value: about.title ? escapeArticleText(about.title) : 'unknown (none in the file)', inline: false },
      { name: 'Author', value: unknown(about.author, 'no byline:'), inline: true },
      { name: 'Published', value: unknown(about.published, 'not given:'), inline: true },
      { name: 'Address', value: about.url ?? 'unknown', inline: false },
      { name: 'What we know', value: clip(escapeArticleText(about.notes), LIMITS.fieldValue), inline: false },
      { name: 'In the corpus', value: `${article.passages.length} paragraphs; sha256 \`${about.sha256.slice(0, 12)}…\``, inline: false },
    ],
  };
  return ephemeral('', [embed]);
}

function component(ctx: ComponentContext): Reply {
  const value = ctx.values[0] ?? '';
  if (value.startsWith('source:')) return sourceDetail(ctx.bot, value.slice('source:'.length));
  // A disagreement: the shared item action draws it, each side quoted.
  return itemComponent({ ...ctx, action: 'open', args: [], values: [value] });
}

export default {
  data: { type: ApplicationCommandType.ChatInput, name: 'sources', description: 'The source articles, what is known about each, and where they disagree', ...everywhere() },
  help: 'The articles, what is known about each (unknown stays unknown), and where they disagree',
  example: () => '/sources',
  execute: (ctx) => sourcesReply(ctx.bot),
  component,
} satisfies Command;
