/** Pieces of command definitions that every command shares. */
import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType, type APIApplicationCommandStringOption } from 'discord-api-types/v10';

/** Every command installs in servers and for users, and works in servers, DMs and group DMs. */
export const everywhere = () => ({
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
});

/** The optional, autocompleted `topic` option. */
export function topicOption(what: string): APIApplicationCommandStringOption {
  return { type: ApplicationCommandOptionType.String, name: 'topic', description: `Only ${what} about this topic, best first`, required: false, autocomplete: true, max_length: 100 };
}
