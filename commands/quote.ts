import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { everywhere } from '../src/core/definitions.js';
import { quoteReply } from '../src/core/quote-reply.js';
import type { Command } from '../src/core/types.js';

/** `/quote text`: is this in the sources, and who said it? Verbatim, what changed (by kind), reworded or not found. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'quote',
    description: 'Is this in the sources, and who said it? Verbatim, what changed, reworded, or not found',
    options: [{ type: ApplicationCommandOptionType.String, name: 'text', description: 'The words to check: a sentence, a phrase or one word', required: true, max_length: 1000 }],
    ...everywhere(),
  },
  execute: (ctx) => quoteReply(ctx.bot, String(ctx.options.text ?? '')),
} satisfies Command;
