/**
 * `npm start` with `SHARD_COUNT` set: discord.js's `ShardingManager` runs one child process per gateway shard
 * (`dist/src/shard.js`), each a whole bot answering its own guilds, and respawns one that dies. The processes
 * share nothing in memory, so several shards want `DATABASE_URL` (pinned posts, answered ids and the cooldown
 * in one place); only shard 0 refreshes pinned timelines (see `startBot`).
 *
 * `auto` asks Discord's `GET /gateway/bot` at `DISCORD_API_URL` (discord.js's own helper always asks
 * discord.com), which also gives the identify concurrency that paces the spawning.
 */
import { fileURLToPath } from 'node:url';
import { REST, ShardingManager, type Shard } from 'discord.js';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

/** Discord lets `max_concurrency` shards identify per 5 s; spawning one every 5.5 s / concurrency stays inside it. */
const IDENTIFY_WINDOW_MS = 5500;

export interface ShardPlan {
  totalShards: number;
  /** Milliseconds between two shard spawns. */
  delayMs: number;
}

/** How many shards to run and how fast to start them, from the configuration and Discord's recommendation. */
export async function planShards(config: Pick<Config, 'DISCORD_API_URL' | 'DISCORD_TOKEN' | 'SHARD_COUNT'>): Promise<ShardPlan> {
  const rest = new REST({ api: config.DISCORD_API_URL, version: '10', retries: 2, timeout: 10_000 }).setToken(config.DISCORD_TOKEN ?? '');
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  const totalShards = config.SHARD_COUNT === 'auto' || config.SHARD_COUNT === undefined ? Math.max(1, gateway.shards) : config.SHARD_COUNT;
  const concurrency = Math.max(1, gateway.session_start_limit?.max_concurrency ?? 1);
  return { totalShards, delayMs: Math.ceil(IDENTIFY_WINDOW_MS / concurrency) };
}

export interface RunningShards {
  manager: ShardingManager;
  /** Stops every shard (SIGTERM: each finishes its answers in flight), without respawning them. */
  stop(graceMs?: number): Promise<void>;
}

function stopShard(shard: Shard, graceMs: number): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    shard.kill(); // SIGTERM, and no respawn
  });
}

/** Spawns every shard and resolves once each is READY; a shard that cannot start stops them all and rejects. */
export async function startShards(config: Config, logger: Logger): Promise<RunningShards> {
  const plan = await planShards(config);
  const file = fileURLToPath(new URL('../shard.js', import.meta.url));
  const manager = new ShardingManager(file, { token: config.DISCORD_TOKEN ?? '', totalShards: plan.totalShards, mode: 'process', respawn: true });
  manager.on('shardCreate', (shard) => {
    logger.info('shard-spawned', { shard: shard.id, of: plan.totalShards });
    shard.on('death', (child) => logger.warn('shard-exited', { shard: shard.id, code: (child as { exitCode?: unknown }).exitCode ?? null }));
  });
  const stop = async (graceMs = 6000) => {
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard, graceMs)));
  };
  try {
    await manager.spawn({ amount: plan.totalShards, delay: plan.delayMs, timeout: 30_000 });
  } catch (error) {
    await stop(2000);
    throw error;
  }
  logger.info('shards-ready', { shards: plan.totalShards, spawnDelayMs: plan.delayMs });
  return { manager, stop };
}
