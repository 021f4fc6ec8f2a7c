/**
 * The offline CLI (`npm run ask`): the same core as Discord, without Discord.
 *
 *   npm run ask -- '/timeline from:2015 to:2018'     readable text
 *   npm run ask -- --json '/money'                    the exact interaction response, one JSON line
 *   npm run -s ask -- --json < commands.txt            one reply per input line, in order
 *
 * Syntax: `/name option:value option2:value2`. Only the command's own option names followed by ":" start
 * an option, so values may contain spaces, colons and other words followed by ":". A bad line gets an
 * error reply on its own line and the run goes on. Exit status 0 unless the corpus cannot be loaded.
 */
import { createInterface } from 'node:readline';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  type APIApplicationCommandBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIEmbed,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { CorpusError } from './corpus/case.js';
import { loadBot, type Bot } from './core/bot.js';
import { cleanInput } from './core/escape.js';
import { ephemeral, isEphemeral } from './core/format.js';
import { handle } from './core/respond.js';
import type { Command } from './core/types.js';
import { isEntryPoint } from './entry.js';

export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

let sequence = 0;

/** A chat-input interaction as Discord would send it, for a DM with a CLI user. */
export function chatInputInteraction(name: string, options: { name: string; type: ApplicationCommandOptionType; value: string | number | boolean }[]): APIChatInputApplicationCommandInteraction {
  sequence++;
  return {
    id: `${1000000000000000000n + BigInt(sequence)}`,
    application_id: '1000000000000000000',
    type: InteractionType.ApplicationCommand,
    token: `cli-${sequence}`,
    version: 1,
    data: { id: '1000000000000000001', name, type: ApplicationCommandType.ChatInput, ...(options.length ? { options } : {}) },
    channel_id: '1000000000000000002',
    user: { id: '1000000000000000003', username: 'cli', discriminator: '0', global_name: 'cli', avatar: null },
    app_permissions: '0',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 10485760,
  } as unknown as APIChatInputApplicationCommandInteraction;
}

/** Parses one command line into an interaction, or returns an error message for the user. */
export function parseCommandLine(line: string, commands: readonly Command[]): APIChatInputApplicationCommandInteraction | { error: string } {
  const text = cleanInput(line);
  if (!text) return { error: 'Empty line: type a command such as `/ask question:what is the Inbox API?` or `/help`.' };
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
  if (!match) return { error: 'A command starts with "/", e.g. `/timeline from:2015`. Try `/help`.' };
  const name = (match[1] as string).toLowerCase();
  const rest = match[2] as string;
  const command = commands.find((c) => c.data.name === name && (c.data.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput);
  if (!command) return { error: `Unknown command /${name.slice(0, 40)}. Try \`/help\`.` };
  const definitions = ('options' in command.data ? (command.data.options ?? []) : []) as APIApplicationCommandBasicOption[];
  const names = definitions.map((d) => d.name);
  const starts: { name: string; at: number; valueAt: number }[] = [];
  if (names.length) {
    const pattern = new RegExp(`(^|\\s)(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}):`, 'g');
    for (const m of rest.matchAll(pattern)) {
      const at = (m.index ?? 0) + (m[1] as string).length;
      starts.push({ name: m[2] as string, at, valueAt: at + (m[2] as string).length + 1 });
    }
  }
  const values = new Map<string, string>();
  const leading = rest.slice(0, starts[0]?.at ?? rest.length).trim();
  if (leading) {
    // A command with a single text option takes bare text: `/ask what is the Inbox API?`.
    const only = definitions.length === 1 && definitions[0]?.type === ApplicationCommandOptionType.String ? definitions[0] : undefined;
    if (!only) return { error: `Unexpected text before the options of /${name}. Options: ${names.map((n) => `${n}:`).join(' ') || 'none'}.` };
    values.set(only.name, leading);
  }
  starts.forEach((start, i) => {
    const end = starts[i + 1]?.at ?? rest.length;
    values.set(start.name, rest.slice(start.valueAt, end).trim());
  });
  const options: { name: string; type: ApplicationCommandOptionType; value: string | number | boolean }[] = [];
  for (const [optionName, raw] of values) {
    const definition = definitions.find((d) => d.name === optionName) as APIApplicationCommandBasicOption;
    if (definition.type === ApplicationCommandOptionType.Boolean) {
      const yes = /^(true|yes|y|1|on)$/i.test(raw);
      if (!yes && !/^(false|no|n|0|off)$/i.test(raw)) return { error: `\`${optionName}\` takes true or false.` };
      options.push({ name: optionName, type: definition.type, value: yes });
    } else if (definition.type === ApplicationCommandOptionType.Integer || definition.type === ApplicationCommandOptionType.Number) {
      const value = Number(raw);
      if (!Number.isFinite(value)) return { error: `\`${optionName}\` takes a number.` };
      options.push({ name: optionName, type: definition.type, value });
    } else if (raw) {
      options.push({ name: optionName, type: definition.type, value: raw });
    }
  }
  return chatInputInteraction(name, options);
}

/** Answers one command line, never throwing. */
export function answerLine(bot: Bot, line: string): APIInteractionResponse {
  const interaction = parseCommandLine(line, bot.commands);
  if ('error' in interaction) return handleError(interaction.error);
  return handle(interaction, bot).response;
}

function handleError(error: string): APIInteractionResponse {
  return ephemeral(error).response;
}

const plain = (text: string) => text.replace(/\u200B/g, '').replace(/\\([^\p{L}\p{N}\s])/gu, '$1');

function embedText(embed: APIEmbed): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(`## ${plain(embed.title)}`);
  if (embed.url) lines.push(embed.url);
  if (embed.description) lines.push(plain(embed.description));
  for (const field of embed.fields ?? []) lines.push(`### ${plain(field.name)}`, plain(field.value));
  if (embed.footer) lines.push(`(${plain(embed.footer.text)})`);
  return lines;
}

/** A response as readable text for a terminal. */
export function responseText(response: APIInteractionResponse): string {
  if (!('data' in response) || !response.data) return `(response type ${response.type})`;
  const data = response.data as { content?: string; embeds?: APIEmbed[]; components?: { components?: { label?: string; disabled?: boolean }[] }[]; choices?: { name: string }[] };
  const lines: string[] = [];
  if (isEphemeral(response)) lines.push('(only you would see this reply)');
  if (data.content) lines.push(plain(data.content));
  for (const embed of data.embeds ?? []) lines.push('', ...embedText(embed));
  const buttons = (data.components ?? []).flatMap((row) => row.components ?? []).filter((b) => b.label && !b.disabled);
  if (buttons.length) lines.push('', `Buttons: ${buttons.map((b) => `[${b.label}]`).join(' ')}`);
  if (data.choices) lines.push(...data.choices.map((c) => `- ${c.name}`));
  return lines.join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write("Usage: npm run ask -- [--json] ['/command option:value ...']\nWith no command, reads one command per line from standard input.\n");
    return 0;
  }
  let bot: Bot;
  try {
    // CORPUS_DIR points the CLI at another corpus folder (a corrected or extended case).
    bot = await loadBot(process.env.CORPUS_DIR ? { corpusDir: process.env.CORPUS_DIR } : {});
  } catch (error) {
    io.stderr.write(`${error instanceof CorpusError ? error.message : `cannot start: ${(error as Error).message}`}\n`);
    return 1;
  }
  const print = (response: APIInteractionResponse) => io.stdout.write(json ? `${JSON.stringify(response)}\n` : `${responseText(response)}\n\n`);
  if (rest.length) {
    print(answerLine(bot, rest.join(' ')));
    return 0;
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) print(answerLine(bot, line));
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
