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
import type { Case } from '../corpus/case.js';
import type { Search } from '../search/search.js';

/**
 * The bot's whole state: the verified case, its search index and the commands. Built once at start-up
 * (`loadBot` in bot.ts). Defined here, not in bot.ts, so that commands and the loader can name it without an
 * import cycle.
 */
export interface Bot {
  case: Case;
  search: Search;
  commands: Command[];
  /** Registered command ids by name (written by `npm run deploy`), for clickable `</name:id>` mentions. */
  commandIds?: ReadonlyMap<string, string>;
}

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
  /** The custom_id's action (the part after the route). */
  action: string;
  /** The custom_id's arguments after the action. */
  args: string[];
  /** A select menu's chosen values (empty for a button). */
  values: string[];
  /**
   * Whether the reply may replace the message the component is on: only when the presser is the person the
   * message answered, or the message is their own ephemeral one. Anyone else gets a reply of their own, so a
   * shared answer never changes under the people reading it.
   */
  mayUpdate: boolean;
}

export interface Command {
  /** The definition registered with Discord, exactly as sent by `npm run deploy`. */
  data: CommandData;
  /** One line for /help; defaults to the definition's description. */
  help?: string;
  /** One example invocation for /help, made from the case's own data (e.g. a real topic id). */
  example?(bot: Bot): string;
  execute(ctx: CommandContext): Reply;
  autocomplete?(ctx: CommandContext): APIApplicationCommandOptionChoice[];
  /** Button presses and menu choices whose custom_id's route is the command's name (see custom-id.ts). */
  component?(ctx: ComponentContext): Reply;
}
