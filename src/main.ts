/**
 * `npm start`. With `DISCORD_TOKEN` set: the Discord bot over the gateway until SIGINT/SIGTERM (with
 * `SHARD_COUNT`, one child process per shard under discord.js's ShardingManager). Without one: one line saying
 * how to add it, then the offline CLI on standard input, so a fresh install still answers.
 *
 * discord.js is imported only on the gateway path, so the offline path starts fast.
 */
import { ConfigError, configSecrets, configWarnings, loadDotenv, readConfig } from './config.js';
import { createLogger, redact } from './log.js';
import { isEntryPoint } from './entry.js';

export const NO_TOKEN_NOTICE =
  'No DISCORD_TOKEN set: answering commands from standard input offline. ' +
  'Copy .env.example to .env and add your bot token to connect to Discord.';

export interface MainIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface MainOptions {
  argv: string[];
  env: Record<string, string | undefined>;
  io: MainIo;
  /** Resolves when the bot should stop (default: the first SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
  /** How long to wait for the gateway's READY (default 30 s; tests shorten it). */
  readyTimeoutMs?: number;
}

/** What a start-up failure means for the person running the bot; never includes the token. */
function explainStartFailure(error: unknown): string {
  const e = error as { name?: string; code?: unknown; status?: unknown; message?: string };
  if (e?.code === 'TokenInvalid' || e?.status === 401) {
    return 'Discord rejected DISCORD_TOKEN. Copy it again from the Developer Portal (your application → Bot → Reset Token) into .env.';
  }
  if (e?.name === 'StateError') return e.message ?? String(error);
  if (e?.code === 'DisallowedIntents') return 'Discord refused the gateway intents; this bot needs only Guilds (no privileged intents).';
  return `Could not start the bot: ${e?.message ?? String(error)}`;
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Runs the bot or the offline CLI; resolves with the exit code. */
export async function main(options: MainOptions): Promise<number> {
  const { io } = options;
  let config;
  try {
    config = readConfig(options.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(error.message + '\n');
      return 1;
    }
    throw error;
  }

  if (!config.DISCORD_TOKEN) {
    io.stderr.write(NO_TOKEN_NOTICE + '\n');
    const { runCli } = await import('./cli.js');
    return runCli(options.argv, io, { corpusDir: config.CORPUS_DIR });
  }

  const secrets = configSecrets(config);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets, write: (line) => io.stderr.write(line + '\n') });
  for (const warning of configWarnings(config)) logger.warn('config-warning', { warning });
  // Registered before the (slow) start, so a signal during start-up still stops cleanly.
  const stopSignal = options.stopSignal ?? signalled();
  let running: { stop(): Promise<void> };
  try {
    if (config.SHARD_COUNT !== undefined) {
      // Each shard process loads the corpus and opens the state itself (see src/shard.ts).
      const { startShards } = await import('./transports/shards.js');
      running = await startShards(config, logger);
    } else {
      const { startBot } = await import('./transports/gateway.js');
      const { loadBot } = await import('./core/bot.js');
      const { defaultCorpusDir } = await import('./corpus/case.js');
      // A corpus that fails its checks stops start-up here, before any connection to Discord.
      const bot = await loadBot(config.CORPUS_DIR ? { corpusDir: config.CORPUS_DIR } : {});
      // The corpus is watched (and reloaded on SIGHUP): an added article is served without a restart.
      const corpusDir = config.CORPUS_DIR ?? defaultCorpusDir();
      running = await startBot(config, { logger, bot, corpusDir, ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}) });
    }
  } catch (error) {
    logger.error('start-failed', { error });
    io.stderr.write(redact(explainStartFailure(error), secrets) + '\n');
    return 1;
  }
  const signal = await stopSignal;
  logger.info('stop-requested', { signal: typeof signal === 'string' ? signal : 'requested' });
  await running.stop();
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  await loadDotenv();
  const hasToken = !!process.env.DISCORD_TOKEN;
  const code = await main({ argv: process.argv.slice(2), env: process.env, io: process });
  // The gateway path leaves sockets and timers behind discord.js's destroy(); exit explicitly. The CLI path
  // exits on its own once its output is flushed.
  if (hasToken) process.exit(code);
  process.exitCode = code;
}
