/**
 * `/help`: generated from the same loader as everything else, so it cannot drift: each command with a clickable
 * mention (when its registered id is known), what it does, and one example made from the case's own data.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { everywhere } from '../../src/core/definitions.js';
import { COLORS, message } from '../../src/core/format.js';
import { mention } from '../../src/core/mentions.js';
import type { Bot, Command } from '../../src/core/types.js';

/** "</ask:id> question" — the command and its options' names (optional ones in brackets). */
function usage(bot: Bot, command: Command): string {
  const { data } = command;
  if (data.type === ApplicationCommandType.Message || data.type === ApplicationCommandType.User) return `**${data.name}** (a message's menu)`;
  const options = ('options' in data ? (data.options ?? []) : []) as APIApplicationCommandOption[];
  const args = options
    .filter((o) => o.type !== ApplicationCommandOptionType.Subcommand)
    .map((o) => (o.required ? o.name : `[${o.name}]`))
    .join(' ');
  return `${mention(bot, data.name)}${args ? ` ${args}` : ''}`;
}

function line(bot: Bot, command: Command): string {
  const what = command.help ?? ('description' in command.data ? command.data.description : '');
  const example = command.example?.(bot);
  return `${usage(bot, command)}: ${what}${example ? `\n  e.g. \`${example.replace(/`/g, "'")}\`` : ''}`;
}

export default {
  data: { type: ApplicationCommandType.ChatInput, name: 'help', description: 'What this bot can do, and how it answers', ...everywhere() },
  help: 'This list',
  execute: (ctx) => {
    const lines = [...ctx.bot.commands].sort((a, b) => a.data.name.localeCompare(b.data.name)).map((c) => line(ctx.bot, c));
    return message({
      content: `I answer questions about one news story, only with quotes from my ${ctx.bot.case.articles.size} source articles.`,
      embeds: [
        {
          title: 'Commands',
          color: COLORS.verdict,
          description: lines.join('\n'),
          footer: { text: "Words in curly quotation marks are an article's own, tagged with the paragraph they are from. When my sources don't cover something, I say so." },
        },
      ],
    });
  },
} satisfies Command;
