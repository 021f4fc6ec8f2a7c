/**
 * Starts the real gateway bot (`startBot`, the code `npm start` runs) against a fake Discord, with its log
 * lines captured. Stop it with `harness.stop()`: it destroys the client before closing the fake.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type Config } from '../../src/config.js';
import type { Bot } from '../../src/core/bot.js';
import { createLogger } from '../../src/log.js';
import { startBot, type RunningBot, type StartBotOptions } from '../../src/transports/gateway.js';
import { FakeDiscord } from './fake-discord.js';

/** Shaped like a bot token (three dot-separated parts); only the fake ever sees it. */
export const TEST_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GfAkE1.fake-token-for-tests-0123456789abcdef';

export interface LogRecord {
  level: string;
  event: string;
  [field: string]: unknown;
}

export interface Harness {
  fake: FakeDiscord;
  running: RunningBot;
  config: Config;
  dataDir: string;
  /** Every log line as written (after redaction), and parsed. */
  lines: string[];
  logs(): LogRecord[];
  stop(): Promise<void>;
}

export interface HarnessOptions extends Omit<StartBotOptions, 'logger'> {
  bot: Bot;
  /** Reuse a fake (default: a new one). */
  fake?: FakeDiscord;
  /** A data folder prepared by the test (default: a new temp folder, removed on stop). */
  dataDir?: string;
  env?: Record<string, string>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const fake = options.fake ?? (await FakeDiscord.start({ token: TEST_TOKEN, heartbeatIntervalMs: 30_000 }));
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'inbox-bot-data-')));
  const config = readConfig({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    // Every interaction the fake sends comes from one member: off unless a test turns it on (test/reliability).
    COOLDOWN_LIMIT: '0',
    ...options.env,
  });
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: [TEST_TOKEN], write: (line) => lines.push(line) });
  const { fake: _fake, dataDir: _dir, env: _env, ...startOptions } = options;
  let running: RunningBot;
  try {
    running = await startBot(config, { ...startOptions, logger, readyTimeoutMs: 5000 });
  } catch (error) {
    if (!options.fake) await fake.close();
    throw error;
  }
  return {
    fake,
    running,
    config,
    dataDir,
    lines,
    logs: () => lines.map((line) => JSON.parse(line) as LogRecord),
    async stop() {
      await running.stop();
      if (!options.fake) await fake.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
