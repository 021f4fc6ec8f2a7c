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

/** Loads `.env` into process.env (without overriding what is already set), quietly. */
export async function loadDotenv(): Promise<void> {
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
}
