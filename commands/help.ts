import { ApplicationCommandOptionType, ApplicationCommandType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { everywhere } from '../src/core/fact-list.js';
import { COLORS, message } from '../src/core/format.js';
import type { Command, CommandData } from '../src/core/types.js';

function usage(data: CommandData): string {
  if (data.type === ApplicationCommandType.Message || data.type === ApplicationCommandType.User) return `**${data.name}** (message menu: Apps → ${data.name})`;
  const options = ('options' in data ? (data.options ?? []) : []) as APIApplicationCommandOption[];
  const args = options
    .filter((o) => o.type !== ApplicationCommandOptionType.Subcommand)
    .map((o) => (o.required ? `${o.name}:` : `[${o.name}:]`))
    .join(' ');
  return `**/${data.name}**${args ? ` ${args}` : ''}`;
}

/** `/help`: generated from the same loader as everything else, so it cannot drift. */
export default {
  data: { type: ApplicationCommandType.ChatInput, name: 'help', description: 'What this bot can do, and how it answers', ...everywhere() },
  execute: (ctx) => {
    const lines = [...ctx.bot.commands]
      .sort((a, b) => a.data.name.localeCompare(b.data.name))
      .map((c) => `${usage(c.data)}: ${c.help ?? ('description' in c.data ? c.data.description : '')}`);
    return message({
      content: 'I answer questions about the 2024 Meta/Netflix "Inbox API" story, only with quotes from my source articles.',
      embeds: [
        {
          title: 'Commands',
          color: COLORS.verdict,
          description: lines.join('\n'),
          footer: { text: 'Every line in quotation marks is an article\'s own words, with its source and a paragraph or fact id. When my sources don\'t cover something, I say so.' },
        },
      ],
    });
  },
} satisfies Command;
