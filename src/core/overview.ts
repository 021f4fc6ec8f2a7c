/**
 * An overview: a numbered list of short labels (our own words) with their corroboration, a select menu that
 * opens one of them in full (for the chooser alone), and the pager. `/claim`, `/denial` and `/ask`'s "all
 * answers" are overviews; the numbers in the menu are the numbers of the lines.
 */
import { ApplicationCommandType, ComponentType, type APIEmbed, type APIInteractionResponseCallbackData, type APISelectMenuOption } from 'discord-api-types/v10';
import type { Case, ResolvedFact } from '../corpus/case.js';
import type { FactKind } from '../corpus/schema.js';
import type { Item } from '../search/answer.js';
import { encodeId, ITEM_ROUTE } from './custom-id.js';
import { everywhere, topicOption } from './definitions.js';
import { escapeUserText } from './escape.js';
import { BUDGET, clip, COLORS, ephemeral, LIMITS } from './format.js';
import { factStatus, itemKey, itemLabel, type Row } from './items.js';
import { clampPage, deliver, deliveryFor, pageArg, pagerRow, pages, type Delivery } from './pager.js';
import { busiestTopic, factsOfKind, rankByTopic, topicChoices, topicList } from './topics.js';
import type { Bot, Command, Reply } from './types.js';

export interface OverviewEntry {
  /** What the menu opens: an item id for `item|open|…`. */
  key: string;
  label: string;
  status: string;
}

export interface Overview {
  /** The command whose pager this is. */
  route: string;
  /** The line above the list (our words; may hold escaped user text). */
  header: string;
  entries: OverviewEntry[];
  page: number;
  /** The command's own state, carried by the pager's buttons (a topic, a question). */
  args: string[];
  color: number;
  /** Placeholder of the menu, e.g. "Open a claim in full, with its quotes". */
  placeholder: string;
}

export function factEntry(kase: Case, fact: ResolvedFact): OverviewEntry {
  return { key: fact.id, label: fact.summary, status: factStatus(kase, fact) };
}

export function itemEntry(kase: Case, item: Item): OverviewEntry {
  return { key: itemKey(item), label: itemLabel(kase, item, 200), status: item.kind === 'fact' ? factStatus(kase, item.fact) : `paragraph \`${item.passage.id}\`` };
}

/** The overview's page as message data; the caller decides how it is delivered (see pager.ts). */
export function overviewData(overview: Overview): APIInteractionResponseCallbackData {
  const all = pages(overview.entries, BUDGET.overviewPage);
  const page = clampPage(overview.page, all.length);
  const first = (page - 1) * BUDGET.overviewPage;
  const shown = all[page - 1] ?? [];
  const lines = shown.map((e, i) => `**${first + i + 1}.** ${clip(e.label, BUDGET.label)} · ${e.status}`);
  const counter = all.length > 1 ? ` (page ${page} of ${all.length})` : '';
  const embed: APIEmbed = { color: overview.color, description: lines.join('\n') };
  const options: APISelectMenuOption[] = shown.map((e, i) => ({
    label: clip(`${first + i + 1}. ${e.label}`, LIMITS.selectText),
    value: e.key,
    description: clip(e.status.replace(/`/g, ''), LIMITS.selectText),
  }));
  const rows: Row[] = [];
  if (options.length) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.StringSelect, custom_id: encodeId(ITEM_ROUTE, 'open', overview.route, String(page)), placeholder: overview.placeholder, options }],
    });
  }
  rows.push(...pagerRow(overview.route, page, all.length, ...overview.args));
  return { content: `${overview.header}${counter}`, embeds: [embed], components: rows };
}

/** What a fact-list command says about itself. */
export interface FactListSpec {
  name: string;
  kind: FactKind;
  description: string;
  /** "claims", "denials". */
  plural: string;
  /** Menu placeholder, e.g. "Open a claim in full: its quotes and the other side". */
  placeholder: string;
  /** One line for /help. */
  help: string;
}

/**
 * `/claim` and `/denial`: the facts of one kind (ranked by an optional topic) as an overview. Each command's
 * file names its kind and words; the list, the menu and the pager are this one shape.
 */
export function factListCommand(spec: FactListSpec): Command {
  const render = (bot: Bot, topic: string, page: number, how: Delivery): Reply => {
    const all = factsOfKind(bot, spec.kind);
    const facts = topic ? rankByTopic(bot, all, topic) : all;
    if (!facts.length) {
      return ephemeral(`None of the ${spec.plural} in my sources are about ${escapeUserText(topic, 100)}. Topics I can answer: ${topicList(bot, [spec.kind])}.`);
    }
    const header = topic
      ? `**${facts.length} ${spec.plural}** about ${escapeUserText(topic, 100)}, best match first`
      : `**${facts.length} ${spec.plural}** in my sources`;
    return deliver(
      overviewData({
        route: spec.name,
        header: `${header}. Pick one below to read it in full, quoted`,
        entries: facts.map((fact) => factEntry(bot.case, fact)),
        page,
        args: [topic],
        color: COLORS[spec.kind],
        placeholder: spec.placeholder,
      }),
      how,
    );
  };
  return {
    data: {
      type: ApplicationCommandType.ChatInput,
      name: spec.name,
      description: spec.description,
      options: [topicOption(spec.plural)],
      ...everywhere(),
    },
    help: spec.help,
    example: (bot) => `/${spec.name} topic:${busiestTopic(bot, [spec.kind])?.id ?? ''}`,
    execute: (ctx) => render(ctx.bot, String(ctx.options.topic ?? ''), 1, 'public'),
    autocomplete: (ctx) => topicChoices(ctx.bot, ctx.options.topic, [spec.kind]),
    component: (ctx) => render(ctx.bot, ctx.args.slice(1).join(' '), pageArg(ctx.args[0]), deliveryFor(ctx)),
  };
}
