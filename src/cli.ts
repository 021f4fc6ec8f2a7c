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
import { parseArgs } from 'node:util';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  type APIApplicationCommandBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIEmbed,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { ConfigSchema } from './config.js';
import { CorpusError } from './corpus/case.js';
import { loadBot, type Bot } from './core/bot.js';
import { cleanInput } from './core/escape.js';
import { ephemeral, isEphemeral } from './core/format.js';
import { handle } from './core/respond.js';
import type { Command, Reply } from './core/types.js';
import { isEntryPoint } from './entry.js';
import { createLogger } from './log.js';

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
  if (!text) return { error: 'Empty line: type a command such as `/ask question:…` or `/help`.' };
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

/**
 * The longest command line answered, in UTF-16 code units. Discord's own limit for all of a command's options
 * together is 8,000 characters; a longer line is answered with an error without being split, cleaned or kept.
 */
export const MAX_LINE_LENGTH = 16_384;

export const LINE_TOO_LONG = `That line is longer than ${MAX_LINE_LENGTH} characters; a command's options hold at most 8,000. Nothing was run.`;

/** Answers one command line, never throwing; `error` is set when the core's error boundary caught something. */
export function replyToLine(bot: Bot, line: string): Reply {
  // Before any other work: cleaning and parsing look at every character.
  if (line.length > MAX_LINE_LENGTH) return ephemeral(LINE_TOO_LONG);
  const interaction = parseCommandLine(line, bot.commands);
  if ('error' in interaction) return ephemeral(interaction.error);
  return handle(interaction, bot);
}

/** The interaction response for one command line (what `--json` prints). */
export function answerLine(bot: Bot, line: string): APIInteractionResponse {
  return replyToLine(bot, line).response;
}

/**
 * Standard input as lines, split on "\n" only (a "\r\n" ending loses its "\r"; a lone "\r" is part of the
 * line, so replies stay one per input line). A line past `max` is yielded as `undefined`, its text dropped as it
 * arrives, so memory stays bounded whatever the input.
 */
export async function* inputLines(input: NodeJS.ReadableStream, max = MAX_LINE_LENGTH): AsyncGenerator<string | undefined> {
  let line = '';
  let tooLong = false;
  input.setEncoding?.('utf8');
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n')) {
      const piece = text.slice(0, end);
      text = text.slice(end + 1);
      if (tooLong || line.length + piece.length > max + 1) yield undefined;
      else yield (line + piece).replace(/\r$/, '');
      line = '';
      tooLong = false;
    }
    if (!tooLong) {
      line += text;
      if (line.length > max + 1) {
        tooLong = true;
        line = '';
      }
    }
  }
  if (tooLong) yield undefined;
  else if (line) yield line.replace(/\r$/, '');
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

const USAGE = "Usage: npm run ask -- [--json] ['/command option:value ...']\nWith no command, reads one command per line from standard input.\n";

export interface CliOptions {
  /** Another corpus folder (`CORPUS_DIR` in the configuration). Default: the bundled corpus. */
  corpusDir?: string | undefined;
  /** An already loaded bot instead (tests: one with a command that throws). */
  bot?: Bot;
}

/** Resolves when `stream` can take more (or has failed: the caller sees that through its 'error' listener). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

export async function runCli(argv: string[], io: CliIO, options: CliOptions = {}): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const json = args.values.json === true;
  let bot: Bot;
  try {
    bot = options.bot ?? (await loadBot(options.corpusDir ? { corpusDir: options.corpusDir } : {}));
  } catch (error) {
    io.stderr.write(`${error instanceof CorpusError ? error.message : `cannot start: ${(error as Error).message}`}\n`);
    return 1;
  }
  const logger = createLogger({ level: 'error', write: (line) => io.stderr.write(line + '\n') });
  // A reader that went away (`| head -1`) ends the run quietly: EPIPE is not an error of ours.
  let closed = false;
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code !== 'EPIPE') io.stderr.write(`cannot write the replies: ${error.message}\n`);
  });
  const answer = async (line: string | undefined, n: number) => {
    const reply = line === undefined ? ephemeral(LINE_TOO_LONG) : replyToLine(bot, line);
    // "The error has been logged" must be true here too.
    if (reply.error !== undefined) logger.error('answer-failed', { line: n, error: reply.error });
    const text = json ? `${JSON.stringify(reply.response)}\n` : `${responseText(reply.response)}\n\n`;
    if (!closed && !io.stdout.write(text)) await drained(io.stdout);
  };
  if (args.positionals.length) {
    await answer(args.positionals.join(' '), 1);
    return 0;
  }
  let n = 0;
  for await (const line of inputLines(io.stdin)) {
    if (closed) break;
    await answer(line, ++n);
  }
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  // Only CORPUS_DIR matters offline: a malformed token elsewhere in the environment must not stop the CLI.
  const corpus = ConfigSchema.shape.CORPUS_DIR.safeParse(process.env.CORPUS_DIR);
  process.exitCode = await runCli(process.argv.slice(2), process, { corpusDir: corpus.success ? corpus.data : undefined });
  // Replies not yet flushed to a pipe that has gone away would otherwise keep the process alive.
  if (process.stdout.destroyed) process.exit();
}
