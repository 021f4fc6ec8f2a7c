import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { everywhere } from '../src/core/fact-list.js';
import { quoteReply } from '../src/core/quote-reply.js';
import type { Command } from '../src/core/types.js';

/** `/quote text`: is this sentence in the sources? Verbatim, close (differences marked) or not found. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'quote',
    description: 'Is this sentence in the sources? Verbatim, close (with the differences) or not found',
    options: [{ type: ApplicationCommandOptionType.String, name: 'text', description: 'The sentence to check', required: true, max_length: 1000 }],
    ...everywhere(),
  },
  execute: (ctx) => quoteReply(ctx.bot, String(ctx.options.text ?? '')),
} satisfies Command;
