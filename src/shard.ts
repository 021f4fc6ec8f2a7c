/**
 * One gateway shard, as a child process of the `ShardingManager` (`src/transports/shards.ts`). discord.js's
 * Client reads which shard it is (`SHARDS`, `SHARD_COUNT`) from the environment the manager gives it.
 * SIGTERM from the manager stops it as it stops `npm start`: in-flight answers finish, then it exits 0.
 */
import { configSecrets, readConfig } from './config.js';
import { createLogger, redact } from './log.js';
import { loadBot } from './core/bot.js';
import { startBot } from './transports/gateway.js';

const config = readConfig();
const logger = createLogger({ level: config.LOG_LEVEL, secrets: configSecrets(config) });
const stopped = new Promise<NodeJS.Signals>((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
});
try {
  const bot = await loadBot(config.CORPUS_DIR ? { corpusDir: config.CORPUS_DIR } : {});
  const running = await startBot(config, { bot, logger });
  const signal = await stopped;
  logger.info('stop-requested', { signal, shards: process.env.SHARDS });
  await running.stop();
  process.exit(0);
} catch (error) {
  logger.error('start-failed', { error, shards: process.env.SHARDS });
  process.stderr.write(redact(`Could not start shard ${process.env.SHARDS ?? '?'}: ${(error as Error)?.message ?? String(error)}`, configSecrets(config)) + '\n');
  process.exit(1);
}
