/**
 * `npm run serve`: the bot as an HTTP interactions endpoint (no gateway connection). Discord POSTs each
 * interaction to `/interactions`; see the README's "HTTP interactions endpoint" section.
 */
import { ConfigError, configWarnings, loadDotenv, readConfig } from './config.js';
import { createLogger, redact } from './log.js';
import { loadBot } from './core/bot.js';
import { defaultCorpusDir } from './corpus/case.js';
import { openState, StateError } from './state.js';
import { createInteractionServer, createRest } from './transports/http.js';
import { refreshPinnedTimelines } from './transports/refresh-pins.js';

const MISSING_PUBLIC_KEY =
  'configuration: DISCORD_PUBLIC_KEY is required for `npm run serve`: copy "Public Key" from the Developer Portal ' +
  '(your application, General Information page) into .env or the environment (see .env.example)';

async function main(): Promise<number> {
  await loadDotenv();
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.message + '\n');
      return 1;
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
  if (!config.DISCORD_PUBLIC_KEY) {
    process.stderr.write(MISSING_PUBLIC_KEY + '\n');
    return 1;
  }

  // Listening from the start, so a signal during start-up still stops cleanly (and exits 0).
  let stopping: NodeJS.Signals | undefined;
  const stopSignal = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      stopping = signal;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  for (const warning of configWarnings(config)) logger.warn('config-warning', { warning });

  const started = performance.now();
  // CORPUS_DIR points at another corpus folder, as for the CLI (a corrected or extended case).
  const bot = await loadBot(config.CORPUS_DIR ? { corpusDir: config.CORPUS_DIR } : {});
  // A malformed state file or an unreachable database stops start-up here, before anything is pinned.
  let state;
  try {
    state = await openState(config, logger);
  } catch (error) {
    if (!(error instanceof StateError)) throw error;
    process.stderr.write(error.message + '\n');
    return 1;
  }
  const rest = createRest(config);
  // The corpus is watched (and reloaded on SIGHUP): an added article is served without a restart.
  const corpusDir = config.CORPUS_DIR ?? defaultCorpusDir();
  const endpoint = createInteractionServer({ bot, config: { ...config, DISCORD_PUBLIC_KEY: config.DISCORD_PUBLIC_KEY }, logger, rest, state, corpusDir });
  const address = await endpoint.listen(config.PORT, config.HOST);
  logger.info('serve-started', {
    host: config.HOST,
    port: address.port,
    state: state.kind,
    path: '/interactions',
    api: config.DISCORD_API_URL,
    pinning: config.DISCORD_TOKEN ? 'enabled' : 'disabled (no DISCORD_TOKEN)',
    dataDir: config.DATA_DIR,
    corpus: bot.case.digest,
    ms: Math.round(performance.now() - started),
  });
  // With a token, pinned timelines are brought up to date with this corpus, as the gateway mode does at start-up.
  const refreshed = config.DISCORD_TOKEN
    ? state
        .exclusive('refresh pinned timelines', () => refreshPinnedTimelines({ bot, store: state.pins, rest, logger }))
        .catch((error: unknown) => logger.error('pinned-timelines-refresh-failed', { error }))
    : Promise.resolve();

  await stopSignal;
  logger.info('serve-stopping', { signal: stopping });
  await endpoint.close();
  await refreshed;
  await state.close();
  logger.info('serve-stopped', {});
  return 0;
}

const exit = (code: number) => {
  process.exitCode = code;
  // Idle keep-alive sockets to Discord may hold the event loop a little longer; don't wait for them.
  setTimeout(() => process.exit(code), 1000).unref();
};

main().then(exit, (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`serve: ${redact(message, [process.env.DISCORD_TOKEN])}\n`);
  exit(1);
});
