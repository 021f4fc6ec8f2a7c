import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { askReply } from '../src/core/ask.js';
import { everywhere, pageArg } from '../src/core/fact-list.js';
import type { Command } from '../src/core/types.js';

/** `/ask question`: plain-words questions, answered only with quoted, cited passages and facts. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: 'Ask about the Meta/Netflix "Inbox API" story; answers are quotes from the sources',
    options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question, in plain words', required: true, max_length: 500 }],
    ...everywhere(),
  },
  execute: (ctx) => askReply(ctx.bot, String(ctx.options.question ?? '')),
  component: (ctx) => askReply(ctx.bot, ctx.args.slice(2).join(' '), pageArg(ctx.args[1]), true),
} satisfies Command;
