import { ApplicationCommandType, InteractionType } from 'discord-api-types/v10';
import { everywhere } from '../src/core/definitions.js';
import { ephemeral } from '../src/core/format.js';
import { quoteReply } from '../src/core/quote-reply.js';
import type { Command } from '../src/core/types.js';

/** Message context menu "Check against sources": the /quote check on a message's text. */
export default {
  data: { type: ApplicationCommandType.Message, name: 'Check against sources', ...everywhere() },
  help: 'Right-click (or long-press) a message → Apps → Check against sources: runs /quote on its text',
  execute: (ctx) => {
    const { interaction } = ctx;
    if (interaction.type !== InteractionType.ApplicationCommand || !('target_id' in interaction.data)) {
      return ephemeral('Use this from a message: Apps → Check against sources.');
    }
    const data = interaction.data as { target_id?: unknown; resolved?: { messages?: Record<string, { content?: unknown }> } };
    const target = typeof data.target_id === 'string' ? data.resolved?.messages?.[data.target_id] : undefined;
    const content = typeof target?.content === 'string' ? target.content : '';
    if (!content.trim()) return ephemeral('That message has no text I can check (only attachments or embeds).');
    return quoteReply(ctx.bot, content.slice(0, 1000));
  },
} satisfies Command;
