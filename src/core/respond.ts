/**
 * The whole bot as one pure function: Discord's interaction JSON in, Discord's interaction response out.
 * No I/O. Every transport (gateway, HTTP endpoint, CLI) calls `handle()` and sends what it returns.
 *
 * This is also the one error boundary: whatever a handler throws becomes a polite ephemeral reply, and
 * every response leaves with `allowed_mentions: { parse: [] }` and within Discord's limits.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIInteraction,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { decodeId, ITEM_ROUTE } from './custom-id.js';
import { cleanInput } from './escape.js';
import { ephemeral, failureReply, LIMITS, NO_MENTIONS } from './format.js';
import { itemComponent } from './items.js';
import { enforceLimits } from './limits.js';
import type { Bot, Command, CommandContext, ComponentContext, OptionValue, Reply } from './types.js';

export class UserInputError extends Error {
  override name = 'UserInputError';
}

/** The name a log line uses for an interaction: command name, or the custom_id's prefix. */
export function interactionLabel(interaction: unknown): string {
  const data = (interaction as { data?: { name?: unknown; custom_id?: unknown } } | null)?.data;
  if (typeof data?.name === 'string') return data.name.slice(0, 40);
  if (typeof data?.custom_id === 'string') return `button:${decodeId(data.custom_id).route.slice(0, 20)}`;
  return 'unknown';
}

function findCommand(bot: Bot, name: unknown, type: unknown): Command | undefined {
  if (typeof name !== 'string') return undefined;
  return bot.commands.find((c) => c.data.name === name && (c.data.type ?? ApplicationCommandType.ChatInput) === (type ?? ApplicationCommandType.ChatInput));
}

const OPTION_CHECKS: Partial<Record<ApplicationCommandOptionType, (v: unknown) => boolean>> = {
  [ApplicationCommandOptionType.String]: (v) => typeof v === 'string',
  [ApplicationCommandOptionType.Integer]: (v) => typeof v === 'number' && Number.isInteger(v),
  [ApplicationCommandOptionType.Number]: (v) => typeof v === 'number' && Number.isFinite(v),
  [ApplicationCommandOptionType.Boolean]: (v) => typeof v === 'boolean',
};

/**
 * Checks the interaction's options against the command's own definition: unknown options are ignored,
 * a wrong type or a missing required option is a `UserInputError` that says which.
 */
export function readOptions(command: Command, raw: unknown, autocomplete = false): { options: Record<string, OptionValue>; focused?: string } {
  const definitions = ('options' in command.data ? (command.data.options ?? []) : []) as APIApplicationCommandBasicOption[];
  const given = Array.isArray(raw) ? (raw as APIApplicationCommandInteractionDataBasicOption[]) : [];
  const options: Record<string, OptionValue> = {};
  let focused: string | undefined;
  for (const definition of definitions) {
    const option = given.find((o) => o && typeof o === 'object' && o.name === definition.name);
    if (!option || option.value === undefined || option.value === null) {
      if (definition.required && !autocomplete) throw new UserInputError(`The option \`${definition.name}\` is required.`);
      continue;
    }
    if ('focused' in option && option.focused) focused = definition.name;
    const check = OPTION_CHECKS[definition.type];
    // Autocomplete sends the partial text as a string whatever the option's type.
    if (check && !check(option.value) && !(autocomplete && typeof option.value === 'string')) {
      throw new UserInputError(`The option \`${definition.name}\` has the wrong type.`);
    }
    let value = option.value as OptionValue;
    if (typeof value === 'string') {
      value = cleanInput(value);
      const max = 'max_length' in definition ? definition.max_length : undefined;
      if (max !== undefined && Array.from(value).length > max && !autocomplete) {
        throw new UserInputError(`The option \`${definition.name}\` is longer than ${max} characters.`);
      }
    }
    options[definition.name] = value;
  }
  return focused === undefined ? { options } : { options, focused };
}

/**
 * Whether a component press may edit the message it is on: the message is the presser's own ephemeral one, or
 * it answered the presser (Discord names that user in `interaction_metadata`). When either is unknown, no.
 */
export function mayUpdate(interaction: APIInteraction): boolean {
  const message = (interaction as { message?: { flags?: unknown; interaction_metadata?: { user?: { id?: unknown } }; interaction?: { user?: { id?: unknown } } } }).message;
  if (!message) return false;
  if (typeof message.flags === 'number' && (message.flags & MessageFlags.Ephemeral) !== 0) return true;
  const presser = interaction.member?.user.id ?? interaction.user?.id;
  const asker = message.interaction_metadata?.user?.id ?? message.interaction?.user?.id;
  return typeof presser === 'string' && presser === asker;
}

function dispatch(interaction: APIInteraction, bot: Bot): Reply {
  const base = { bot, interaction };
  switch (interaction.type) {
    case InteractionType.Ping:
      return { response: { type: InteractionResponseType.Pong } };
    case InteractionType.ApplicationCommand: {
      const command = findCommand(bot, interaction.data?.name, interaction.data?.type);
      if (!command) return ephemeral('I don\'t know that command. Try `/help` for the list.');
      const raw = 'options' in interaction.data ? interaction.data.options : undefined;
      const ctx: CommandContext = { ...base, ...readOptions(command, raw) };
      return command.execute(ctx);
    }
    case InteractionType.ApplicationCommandAutocomplete: {
      const command = findCommand(bot, interaction.data?.name, ApplicationCommandType.ChatInput);
      const ctx: CommandContext | undefined = command ? { ...base, ...readOptions(command, interaction.data?.options, true) } : undefined;
      const choices = command?.autocomplete && ctx ? command.autocomplete(ctx) : [];
      return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: choices.slice(0, 25) } } };
    }
    case InteractionType.MessageComponent: {
      const { route, action, args } = decodeId(interaction.data?.custom_id);
      const values = (interaction.data as { values?: unknown } | undefined)?.values;
      const ctx: ComponentContext = {
        ...base,
        action,
        args,
        // A menu sends at most 25 values of at most 100 characters; anything else is forged and dropped.
        values: Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string' && v.length <= LIMITS.selectText).slice(0, LIMITS.selectOptions) : [],
        mayUpdate: mayUpdate(interaction),
      };
      if (route === ITEM_ROUTE) return itemComponent(ctx);
      const command = findCommand(bot, route, ApplicationCommandType.ChatInput);
      if (!command?.component || action === 'noop') return ephemeral('That button is no longer active. Run the command again.');
      return command.component(ctx);
    }
    default:
      return ephemeral('I can\'t handle that kind of interaction.');
  }
}

/**
 * The reply when answering failed (a handler threw here, or a transport's answer function did): a polite private
 * note, or no choices for autocomplete, which cannot carry a message. The caller logs the error.
 */
export function failedReply(interaction: unknown): Reply {
  return (interaction as { type?: unknown } | null)?.type === InteractionType.ApplicationCommandAutocomplete
    ? { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } }
    : failureReply();
}

/** Answers one interaction. Never throws. */
export function handle(interaction: APIInteraction, bot: Bot): Reply {
  let reply: Reply;
  try {
    if (!interaction || typeof interaction !== 'object') throw new UserInputError('That request was not an interaction.');
    reply = dispatch(interaction, bot);
  } catch (error) {
    reply =
      error instanceof UserInputError && (interaction as { type?: unknown } | null)?.type !== InteractionType.ApplicationCommandAutocomplete
        ? ephemeral(`${error.message} See \`/help\`.`)
        : failedReply(interaction);
    if (!(error instanceof UserInputError)) reply.error = error;
  }
  return { ...reply, response: enforceLimits(withNoMentions(reply.response)) };
}

function withNoMentions(response: APIInteractionResponse): APIInteractionResponse {
  if (!('data' in response) || !response.data || response.type === InteractionResponseType.ApplicationCommandAutocompleteResult) return response;
  return { ...response, data: { ...response.data, allowed_mentions: NO_MENTIONS } } as APIInteractionResponse;
}

/** The interaction response alone (what the CLI's --json prints and what Discord receives). */
export function respond(interaction: APIInteraction, bot: Bot): APIInteractionResponse {
  return handle(interaction, bot).response;
}
