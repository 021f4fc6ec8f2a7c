/**
 * `/timeline [from] [to] [topic] [pin]`: the definition, the handlers and the pin rules. The rendering (shared
 * with the pinned post that transports keep up to date) is in ./render.ts beside it.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, PermissionFlagsBits } from 'discord-api-types/v10';
import { everywhere } from '../../src/core/definitions.js';
import { ephemeral, message } from '../../src/core/format.js';
import { deliver, deliveryFor, pageArg, type Delivery } from '../../src/core/pager.js';
import { topicChoices } from '../../src/core/topics.js';
import type { Bot, Command, CommandContext, Reply } from '../../src/core/types.js';
import { describeRange, renderPinnedTimeline, selectEvents, timelineData, timelineOptions, type TimelineOptions } from './render.js';

/** Reading a permission bitfield that Discord sends as a decimal string. */
function has(bits: unknown, flag: bigint): boolean {
  if (typeof bits !== 'string' || !/^\d+$/.test(bits)) return false;
  const value = BigInt(bits);
  return (value & PermissionFlagsBits.Administrator) !== 0n || (value & flag) !== 0n;
}

function render(bot: Bot, options: TimelineOptions, page: number, how: Delivery): Reply {
  const events = selectEvents(bot, options);
  const range = describeRange(options);
  if (!events.length) return ephemeral(`No dated events in my sources${range ? ` ${range}` : ''}. Try a wider range, or none: \`/timeline\`.`);
  return deliver(timelineData(bot, options, page), how);
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
  help: 'Dated events in order, a line each; `from`/`to` take a year or year-month; moderators can `pin` it',
  example: (bot) => {
    const years = bot.case.facts.flatMap((f) => (f.kind === 'event' ? [f.date.slice(0, 4)] : [])).sort();
    return years.length ? `/timeline from:${years[0]} to:${years[Math.floor(years.length / 2)]}` : '/timeline';
  },
  execute: (ctx) => (ctx.options.pin === true ? pin(ctx) : render(ctx.bot, timelineOptions(ctx.options), 1, 'public')),
  autocomplete: (ctx) => topicChoices(ctx.bot, ctx.options.topic, ['event']),
  component: (ctx) => {
    const [page, from = '', to = '', topic = ''] = ctx.args;
    return render(ctx.bot, timelineOptions({ from, to, topic }), pageArg(page), deliveryFor(ctx));
  },
} satisfies Command;
