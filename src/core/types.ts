/**
 * The contract between the pure core and everything around it. Interactions come in as Discord's own JSON
 * (discord-api-types, plain data, no discord.js classes); responses go out as Discord's interaction response.
 */
import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionResponse,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Bot } from './bot.js';

export type CommandData = RESTPostAPIChatInputApplicationCommandsJSONBody | RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** A command option value as the core sees it after validation. */
export type OptionValue = string | number | boolean;

/**
 * Work the core asks a transport to do after the response is sent. The core never does I/O itself; it
 * describes it, so every transport does the same thing and tests can read what would happen.
 */
export type Effect = {
  /** Post the timeline publicly (already in the response) and pin it, remembering it for later edits. */
  kind: 'pin-timeline';
  /** Options the timeline was made with, so the pinned post can be re-rendered when the corpus changes. */
  options: Record<string, OptionValue>;
  /** Digest of the rendered timeline; a pinned post whose digest differs is out of date. */
  digest: string;
};

export interface Reply {
  response: APIInteractionResponse;
  effects?: Effect[];
  /** An unexpected error the boundary turned into a polite reply; transports log it. */
  error?: unknown;
}

/** Everything a handler may read: the bot (case, search, commands) and the parsed interaction. */
export interface CommandContext {
  bot: Bot;
  interaction: APIInteraction;
  /** Options by name, already checked against the command's definition. */
  options: Record<string, OptionValue>;
  /** The name of the option being completed, for autocomplete. */
  focused?: string;
}

export interface ComponentContext extends Omit<CommandContext, 'options' | 'focused'> {
  /** The custom_id after the command's own prefix, split on "|". */
  args: string[];
}

export interface Command {
  /** The definition registered with Discord, exactly as sent by `npm run deploy`. */
  data: CommandData;
  /** One line for /help; defaults to the definition's description. */
  help?: string;
  execute(ctx: CommandContext): Reply;
  autocomplete?(ctx: CommandContext): APIApplicationCommandOptionChoice[];
  /** Button presses whose custom_id starts with `<command name>|`. */
  component?(ctx: ComponentContext): Reply;
}
