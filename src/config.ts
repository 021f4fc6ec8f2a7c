/**
 * Configuration from the environment (and `.env`, via dotenv), checked by zod once at start-up. A missing
 * or malformed variable stops start-up with a message that names it and says where to get it; secret
 * values are never part of any message.
 */
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
/** Unset and empty are the same thing: `DISCORD_TOKEN=` in .env means "no token". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const ConfigSchema = z.object({
  DISCORD_TOKEN: optional(
    z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'does not look like a bot token (three dot-separated parts); copy it again from the Developer Portal, Bot page'),
  ),
  DISCORD_APPLICATION_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_PUBLIC_KEY: optional(
    z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex characters of "Public Key" on the Developer Portal, General Information page'),
  ),
  DISCORD_API_URL: z.preprocess(
    (value) => (value === '' || value === undefined ? 'https://discord.com/api' : value),
    z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  ),
  DATA_DIR: z.preprocess((value) => (value === '' || value === undefined ? 'data' : value), z.string()),
  /** Another corpus folder (a corrected or extended case); unset: the bundled `corpus/`. */
  CORPUS_DIR: optional(z.string()),
  /**
   * PostgreSQL for state shared by several instances or shards (pinned posts, answered interactions, cooldown);
   * unset: the file store in DATA_DIR, for one instance. The message never repeats the value (it holds a password).
   */
  DATABASE_URL: optional(
    z.string().refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'must be a postgres:// URL, e.g. postgres://bot:secret@db:5432/bot'),
  ),
  /** The interface `npm run serve` listens on. Default 127.0.0.1 (behind a reverse proxy on the same host); 0.0.0.0 in a container. */
  HOST: z.preprocess((value) => (value === '' || value === undefined ? '127.0.0.1' : value), z.string().regex(/^[\w.:-]+$/, 'must be an address such as 127.0.0.1, 0.0.0.0 or ::')),
  /** `npm start` runs this many gateway shards in child processes (discord.js ShardingManager); `auto`: Discord's recommendation. Unset: one process. */
  SHARD_COUNT: optional(z.union([z.literal('auto'), z.coerce.number().int().min(1).max(1000)])),
  LOG_LEVEL: z.preprocess(
    (value) => (value === '' || value === undefined ? 'info' : value),
    z.enum(['debug', 'info', 'warn', 'error', 'silent']),
  ),
  PORT: z.preprocess(
    (value) => (value === '' || value === undefined ? '8787' : value),
    z.coerce.number().int().min(0).max(65535),
  ),
  /** Commands a user may run per COOLDOWN_WINDOW_SECONDS; 0 turns the cooldown off. */
  COOLDOWN_LIMIT: z.preprocess(
    (value) => (value === '' || value === undefined ? '5' : value),
    z.coerce.number().int().min(0).max(1000),
  ),
  COOLDOWN_WINDOW_SECONDS: z.preprocess(
    (value) => (value === '' || value === undefined ? '10' : value),
    z.coerce.number().int().min(1).max(3600),
  ),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads configuration from `env` (default `process.env`). Throws a `ConfigError` naming every bad variable. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  // zod messages never include the received value for these checks, so no secret can leak here.
  throw new ConfigError(`configuration: ${lines.length} bad variable(s) (see .env.example)\n${lines.join('\n')}`);
}

/** Values no log line may show: the bot token and the database password. */
export function configSecrets(config: Pick<Config, 'DISCORD_TOKEN' | 'DATABASE_URL'>): string[] {
  const secrets = config.DISCORD_TOKEN ? [config.DISCORD_TOKEN] : [];
  if (config.DATABASE_URL) {
    try {
      const password = new URL(config.DATABASE_URL).password;
      if (password) secrets.push(password, decodeURIComponent(password));
    } catch {
      secrets.push(config.DATABASE_URL);
    }
  }
  return secrets;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Settings that work but are probably a mistake, for a warning line at start-up: a remote `DISCORD_API_URL`
 * over plain http would send the bot token unencrypted (a fake Discord on this machine is fine); shards without
 * a shared database do not share their state.
 */
export function configWarnings(config: Pick<Config, 'DISCORD_API_URL' | 'DISCORD_TOKEN'> & Partial<Pick<Config, 'SHARD_COUNT' | 'DATABASE_URL'>>): string[] {
  const warnings: string[] = [];
  if (config.SHARD_COUNT !== undefined && !config.DATABASE_URL) {
    warnings.push(
      'SHARD_COUNT without DATABASE_URL: each shard process keeps its own cooldown and answered ids, and they share DATA_DIR/pinned-timelines.json without coordination; set DATABASE_URL',
    );
  }
  const url = new URL(config.DISCORD_API_URL);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !url.hostname.startsWith('127.')) {
    warnings.push(
      `DISCORD_API_URL uses plain http:// to ${url.hostname}: ${config.DISCORD_TOKEN ? 'the bot token and ' : ''}every request would cross the network unencrypted; use https://`,
    );
  }
  return warnings;
}

/** Loads `.env` into process.env (without overriding what is already set), quietly. */
export async function loadDotenv(): Promise<void> {
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
}
