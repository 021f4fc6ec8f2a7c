import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { everywhere } from '../../src/core/definitions.js';
import { deliveryFor, pageArg } from '../../src/core/pager.js';
import type { Command } from '../../src/core/types.js';
import { allAnswers, askReply } from './render.js';

/** `/ask question`: plain-words questions, answered only with quoted, cited passages and facts. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: 'Ask a question about the case; every answer is quoted from the source articles',
    options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question, in plain words', required: true, max_length: 500 }],
    ...everywhere(),
  },
  help: 'A question in plain words: the best answer first, quoted, with the other side when there is one',
  // The case's first topic (corpus order is the curators'), up to its first "and" or punctuation.
  example: (bot) => {
    const label = bot.case.topics[0]?.label.split(/[;,(:]| and /)[0]?.trim().replace(/^the\s+/i, '') ?? 'story';
    return `/ask question:what is the ${label}?`;
  },
  execute: (ctx) => askReply(ctx.bot, String(ctx.options.question ?? '')),
  // `all|question` opens every answer as an overview; `page|n|question` pages it (the presser's own copy).
  component: (ctx) =>
    ctx.action === 'all' ? allAnswers(ctx.bot, ctx.args.join(' '), 1, 'private') : allAnswers(ctx.bot, ctx.args.slice(1).join(' '), pageArg(ctx.args[0]), deliveryFor(ctx)),
} satisfies Command;
