/**
 * `npm run deploy`: registers the commands with Discord, from the same loader the bot uses (no second list).
 * Guild-scoped when DISCORD_GUILD_ID is set (immediate; for a test server), global otherwise (every server and
 * user install; can take a while to appear). One bulk overwrite: commands removed from `commands/` disappear.
 */
import { ApplicationCommandType, Routes, type APIApplication, type APIApplicationCommand } from 'discord-api-types/v10';
import { REST } from 'discord.js';
import { ConfigError, loadDotenv, readConfig, type Config } from '../src/config.js';
import { loadCommands } from '../src/core/loader.js';
import { writeCommandIds } from '../src/core/mentions.js';
import type { CommandData } from '../src/core/types.js';
import { redact } from '../src/log.js';
import { isEntryPoint } from '../src/entry.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  guildId?: string;
  /** What Discord answered: the registered commands with their ids. */
  registered: APIApplicationCommand[];
}

export interface DeployOptions {
  /** The definitions to register. Default: every command's `data` from the loader. */
  definitions?: CommandData[];
}

export const NO_TOKEN_FOR_DEPLOY =
  'configuration: DISCORD_TOKEN is required for `npm run deploy`: copy it from the Developer Portal ' +
  '(your application → Bot → Reset Token) into .env (see .env.example)';

/** The application id from the configuration, or asked of Discord with the bot token. */
export async function applicationIdOf(config: Config, rest: REST): Promise<string> {
  if (config.DISCORD_APPLICATION_ID) return config.DISCORD_APPLICATION_ID;
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  return application.id;
}

export async function deployCommands(config: Config, options: DeployOptions = {}): Promise<DeployResult> {
  if (!config.DISCORD_TOKEN) throw new ConfigError(NO_TOKEN_FOR_DEPLOY);
  const definitions = options.definitions ?? (await loadCommands()).map((command) => command.data);
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const applicationId = await applicationIdOf(config, rest);
  const guildId = config.DISCORD_GUILD_ID;
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: definitions })) as APIApplicationCommand[];
  return guildId ? { scope: 'guild', applicationId, guildId, registered } : { scope: 'global', applicationId, registered };
}

/** The report printed after a deploy: where, and each command as a user will see it. */
export function describeDeploy(result: DeployResult): string {
  const where =
    result.scope === 'guild'
      ? `in server ${result.guildId} (available at once)`
      : 'globally (all servers and user installs; new commands can take a while to appear)';
  const lines = result.registered.map((command) => {
    if (command.type === ApplicationCommandType.Message) return `  ${command.name} (message menu: Apps → ${command.name})`;
    if (command.type === ApplicationCommandType.User) return `  ${command.name} (user menu)`;
    return `  /${command.name}: ${command.description}`;
  });
  return [`Registered ${result.registered.length} commands for application ${result.applicationId} ${where}:`, ...lines].join('\n');
}

export async function runDeploy(env: Record<string, string | undefined>, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  let config: Config;
  try {
    config = readConfig(env);
    const result = await deployCommands(config);
    io.stdout.write(describeDeploy(result) + '\n');
    // The ids make `/help` and other replies show clickable command mentions; the bot reads them at start.
    try {
      io.stdout.write(`Command ids written to ${writeCommandIds(config.DATA_DIR, result.registered)} (for clickable command mentions).\n`);
    } catch (error) {
      io.stderr.write(`deploy: the commands are registered, but their ids could not be saved in ${config.DATA_DIR}: ${(error as Error).message}\n`);
    }
    return 0;
  } catch (error) {
    const e = error as { message?: string; status?: number; name?: string };
    let message = e.message ?? String(error);
    if (e.status === 401) message = 'Discord rejected DISCORD_TOKEN (401). Copy it again from the Developer Portal (Bot → Reset Token).';
    if (e.status === 403) message = `Discord refused the registration (403): does DISCORD_APPLICATION_ID belong to this token, and is the bot in server DISCORD_GUILD_ID? (${message})`;
    io.stderr.write(`deploy failed: ${redact(message, [env.DISCORD_TOKEN])}\n`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  await loadDotenv();
  process.exitCode = await runDeploy(process.env, process);
}
