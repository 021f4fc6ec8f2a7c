import { ApplicationCommandOptionType, ApplicationCommandType, PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import type { Bot } from '../src/core/bot.js';
import { everywhere, pageArg } from '../src/core/fact-list.js';
import { answerComponents, customId, ephemeral, message } from '../src/core/format.js';
import { describeRange, renderPinnedTimeline, selectEvents, timelineOptions, timelinePages, type TimelineOptions } from '../src/core/timeline.js';
import { topicChoices } from '../src/core/topics.js';
import type { Command, CommandContext, Reply } from '../src/core/types.js';

/** Reading a permission bitfield that Discord sends as a decimal string. */
function has(bits: unknown, flag: bigint): boolean {
  if (typeof bits !== 'string' || !/^\d+$/.test(bits)) return false;
  const value = BigInt(bits);
  return (value & PermissionFlagsBits.Administrator) !== 0n || (value & flag) !== 0n;
}

function render(bot: Bot, options: TimelineOptions, page: number, update: boolean): Reply {
  const events = selectEvents(bot, options);
  const range = describeRange(options);
  if (!events.length) return ephemeral(`No dated events in my sources${range ? ` ${range}` : ''}. Try a wider range, like \`/timeline from:2013 to:2024\`.`);
  const pages = timelinePages(bot.case, events, `Timeline of the Meta/Netflix "Inbox API" story${range ? ` (${range})` : ''}`);
  const index = Math.min(Math.max(1, page), pages.length);
  const pageId = (n: number) => customId('timeline', 'p', String(n), options.from ?? '', options.to ?? '', options.topic ?? '');
  const counter = pages.length > 1 ? ` (page ${index} of ${pages.length})` : '';
  return message(
    {
      content: `**${events.length} dated events**${range ? ` ${range}` : ''}, oldest first, each quoted from its source${counter}:`,
      embeds: [pages[index - 1] as APIEmbed],
      components: answerComponents([], index, pages.length, pageId),
    },
    update,
  );
}

function pin(ctx: CommandContext): Reply {
  const { interaction } = ctx;
  if (!interaction.guild_id || !interaction.member) {
    return ephemeral('Pinning works only in a server channel. Run `/timeline` without `pin` to see the timeline here.');
  }
  if (!has(interaction.member.permissions, PermissionFlagsBits.PinMessages)) {
    return ephemeral('Only members with the **Pin Messages** permission can post and pin the timeline. You can still run `/timeline` without `pin`.');
  }
  if (!has(interaction.app_permissions, PermissionFlagsBits.PinMessages)) {
    return ephemeral("I can't pin in this channel: I'm missing the **Pin Messages** permission here. Ask a server admin to grant it to me, then try again.");
  }
  const options = timelineOptions(ctx.options);
  const post = renderPinnedTimeline(ctx.bot, options);
  const reply = message(post.message);
  return { ...reply, effects: [{ kind: 'pin-timeline', options: { ...options }, digest: post.digest }] };
}

export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'timeline',
    description: 'Dated events of the story in order, each quoted from its source',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'from', description: 'First year or year-month to include, e.g. 2015 or 2018-05', required: false, max_length: 10 },
      { type: ApplicationCommandOptionType.String, name: 'to', description: 'Last year or year-month to include, e.g. 2019', required: false, max_length: 10 },
      { type: ApplicationCommandOptionType.String, name: 'topic', description: 'Only events about this topic', required: false, autocomplete: true, max_length: 100 },
      { type: ApplicationCommandOptionType.Boolean, name: 'pin', description: 'Moderators: post this timeline publicly and pin it (kept up to date)', required: false },
    ],
    ...everywhere(),
  },
  help: 'Dated events in order; `from`/`to` take 2015 or 2018-05; moderators can `pin` it',
  execute: (ctx) => (ctx.options.pin === true ? pin(ctx) : render(ctx.bot, timelineOptions(ctx.options), 1, false)),
  autocomplete: (ctx) => topicChoices(ctx.bot, ctx.options.topic, ['event']),
  component: (ctx) => {
    const [, page, from = '', to = '', topic = ''] = ctx.args;
    return render(ctx.bot, timelineOptions({ from, to, topic }), pageArg(page), true);
  },
} satisfies Command;
