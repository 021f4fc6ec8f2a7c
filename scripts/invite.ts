/**
 * `npm run invite`: prints the link that adds the bot to a server, with the scopes and the least permissions
 * it needs, and the link that installs its commands for a user (usable in DMs and any server).
 */
import { PermissionsBitField } from 'discord.js';
import { ConfigError, loadDotenv, readConfig, type Config } from '../src/config.js';
import { redact } from '../src/log.js';
import { isEntryPoint } from '../src/entry.js';

/**
 * The bot only answers interactions, which go through the interaction webhook and need no channel
 * permission at all (not even Send Messages). The bot's own permissions matter only for what it does with its
 * token, which is the moderator timeline:
 * - Pin Messages (1 << 51): `PUT /channels/{c}/messages/pins/{m}` requires it (split out of Manage Messages).
 * - View Channel (1 << 10): every bot-token channel route (pin, and editing the pinned post when the corpus
 *   changes) answers 50001 Missing Access without it.
 * - Read Message History (1 << 16): the pinned post is an old message by the time it is edited; Discord needs
 *   history access for the bot to reach messages it did not just receive.
 * Nothing else: no Send Messages, Embed Links (interaction replies carry embeds regardless), Manage Messages
 * or Administrator.
 */
const INVITE_PERMISSION_FIELD = new PermissionsBitField(['ViewChannel', 'ReadMessageHistory', 'PinMessages']).freeze();

export const INVITE_PERMISSIONS: bigint = INVITE_PERMISSION_FIELD.bitfield;

/** The names as the Developer Portal shows them ("ReadMessageHistory" → "Read Message History"), from the same field. */
const INVITE_PERMISSION_NAMES = INVITE_PERMISSION_FIELD.toArray().map((name) => name.replace(/(?<=[a-z])(?=[A-Z])/g, ' '));

export const INVITE_SCOPES = ['bot', 'applications.commands'] as const;

/** The server install link (integration type 0), preselecting `guildId` when given. */
export function serverInviteUrl(applicationId: string, guildId?: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: INVITE_SCOPES.join(' '),
    permissions: INVITE_PERMISSIONS.toString(),
    integration_type: '0',
  });
  if (guildId) params.set('guild_id', guildId);
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

/** The user install link (integration type 1): the commands follow the user into DMs and other servers. */
export function userInstallUrl(applicationId: string): string {
  const params = new URLSearchParams({ client_id: applicationId, scope: 'applications.commands', integration_type: '1' });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

export const NO_APPLICATION_ID =
  'configuration: `npm run invite` needs DISCORD_APPLICATION_ID (Developer Portal → your application → General ' +
  'Information → Application ID) or DISCORD_TOKEN (to ask Discord for it); see .env.example';

async function applicationIdFor(config: Config): Promise<string> {
  if (config.DISCORD_APPLICATION_ID) return config.DISCORD_APPLICATION_ID;
  if (!config.DISCORD_TOKEN) throw new ConfigError(NO_APPLICATION_ID);
  const { REST } = await import('discord.js');
  const { applicationIdOf } = await import('./deploy.js');
  return applicationIdOf(config, new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN));
}

export function describeInvite(applicationId: string, guildId?: string): string {
  return [
    'Add the bot to a server (needs Manage Server there):',
    `  ${serverInviteUrl(applicationId, guildId)}`,
    `  scopes: ${INVITE_SCOPES.join(', ')}; permissions ${INVITE_PERMISSIONS}: ${INVITE_PERMISSION_NAMES.join(', ')}`,
    'Or install the commands for yourself (DMs and any server; no pinning):',
    `  ${userInstallUrl(applicationId)}`,
  ].join('\n');
}

export async function runInvite(env: Record<string, string | undefined>, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  try {
    const config = readConfig(env);
    const applicationId = await applicationIdFor(config);
    io.stdout.write(describeInvite(applicationId, config.DISCORD_GUILD_ID) + '\n');
    return 0;
  } catch (error) {
    io.stderr.write(`invite failed: ${redact((error as Error).message ?? String(error), [env.DISCORD_TOKEN])}\n`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  await loadDotenv();
  process.exitCode = await runInvite(process.env, process);
}
