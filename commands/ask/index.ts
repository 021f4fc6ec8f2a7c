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
    description: 'Ask about the Meta/Netflix "Inbox API" story; answers are quotes from the sources',
    options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question, in plain words', required: true, max_length: 500 }],
    ...everywhere(),
  },
  help: 'A question in plain words: the best answer first, quoted, with the other side when there is one',
  example: (bot) => {
    const topic = bot.case.topics[0];
    return `/ask question:what is ${topic ? topic.label.split(/[;,(]| and /)[0]?.trim() : 'this about'}?`;
  },
  execute: (ctx) => askReply(ctx.bot, String(ctx.options.question ?? '')),
  // `all|question` opens every answer as an overview; `page|n|question` pages it (the presser's own copy).
  component: (ctx) =>
    ctx.action === 'all' ? allAnswers(ctx.bot, ctx.args.join(' '), 1, 'private') : allAnswers(ctx.bot, ctx.args.slice(1).join(' '), pageArg(ctx.args[0]), deliveryFor(ctx)),
} satisfies Command;
