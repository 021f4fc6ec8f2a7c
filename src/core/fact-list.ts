/**
 * The shape shared by `/claim`, `/denial` and `/money`: the facts of one kind, ranked by an optional
 * topic, paged, each quoted with its sources. Each command file names its kind and words; this builds it.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type { ResolvedFact } from '../corpus/case.js';
import type { FactKind } from '../corpus/schema.js';
import type { Bot } from './bot.js';
import { escapeUserText } from './escape.js';
import { customId, ephemeral, pagedAnswer } from './format.js';
import { factsOfKind, rankByTopic, topicChoices, topicList } from './topics.js';
import type { Command, CommandData } from './types.js';

/** Every command installs in servers and for users, and works in servers, DMs and group DMs. */
export const everywhere = () => ({
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
});

export interface FactListSpec {
  name: string;
  kind: FactKind;
  description: string;
  /** "claims", "denials", "money figures". */
  plural: string;
  /** Order when no topic is given. */
  order?: (a: ResolvedFact, b: ResolvedFact) => number;
}

/** Reads a page number from a button's arguments, defaulting to 1. */
export function pageArg(value: string | undefined): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1;
}

export function factListCommand(spec: FactListSpec): Command {
  const data: CommandData = {
    type: ApplicationCommandType.ChatInput,
    name: spec.name,
    description: spec.description,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'topic',
        description: `Only ${spec.plural} about this topic, best first`,
        required: false,
        autocomplete: true,
        max_length: 100,
      },
    ],
    ...everywhere(),
  };

  const render = (bot: Bot, topic: string, page: number, update: boolean) => {
    const all = factsOfKind(bot, spec.kind);
    const facts = topic ? rankByTopic(bot, all, topic) : spec.order ? [...all].sort(spec.order) : all;
    if (!facts.length) {
      return ephemeral(`None of the ${spec.plural} in my sources are about ${escapeUserText(topic, 100)}. Topics I can answer: ${topicList(bot, [spec.kind])}.`);
    }
    const header = topic
      ? `**${facts.length} ${spec.plural}** about ${escapeUserText(topic, 100)}, best match first, each quoted from its sources:`
      : `**All ${facts.length} ${spec.plural}** in my sources, each quoted from its sources:`;
    return pagedAnswer(bot.case, {
      header,
      items: facts.map((fact) => ({ kind: 'fact', fact })),
      page,
      update,
      pageId: (n) => customId(spec.name, 'p', String(n), topic),
    });
  };

  return {
    data,
    execute: (ctx) => render(ctx.bot, String(ctx.options.topic ?? ''), 1, false),
    autocomplete: (ctx) => topicChoices(ctx.bot, ctx.options.topic, [spec.kind]),
    component: (ctx) => render(ctx.bot, ctx.args[2] ?? '', pageArg(ctx.args[1]), true),
  };
}
