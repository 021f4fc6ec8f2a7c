/**
 * The bot over Discord's gateway: discord.js holds the WebSocket (Guilds intent only, no privileged intents),
 * and this file only converts. Each INTERACTION_CREATE arrives as Discord's raw JSON (discord.js forwards every
 * dispatch on `client.ws` before building its own objects), goes through the core's `handle()`, and the
 * response goes back over REST (`POST /interactions/{id}/{token}/callback`). No command logic lives here.
 *
 * Timing: Discord allows 3 s for the first answer. An answer not ready `deferAfterMs` after the interaction
 * arrived is deferred (type 5, or 6 for buttons) and edited in when ready. A reply with effects (pinning a
 * timeline) is always deferred first: the edit of the deferred reply returns the posted message, whose id the
 * pin needs.
 */
import { performance } from 'node:perf_hooks';
import { Client, Events } from 'discord.js';
import { GatewayDispatchEvents, GatewayIntentBits, Routes, type APIInteraction, type APIInteractionResponse } from 'discord-api-types/v10';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { loadBot, type Bot } from '../core/bot.js';
import { withCooldown, type CooldownGate } from '../core/cooldown.js';
import { handle, interactionLabel } from '../core/respond.js';
import type { Reply } from '../core/types.js';
import { openState, type BotState, type PinStore } from '../state.js';
import { answerSafely, firstAnswer, type EffectsContext } from './effects.js';
import { refreshPinnedTimelines, type RefreshSummary } from './refresh-pins.js';
import { watchCorpus, type CorpusWatcher } from './corpus-watch.js';

export interface StartBotOptions {
  /** The loaded bot. Default: `loadBot()` (the bundled corpus and commands). */
  bot?: Bot;
  /** Default: JSON lines on stderr at `LOG_LEVEL`, with the token redacted. */
  logger?: Logger;
  /**
   * Turns an interaction into a reply. Default: the core's `handle(interaction, bot)`. It may return a promise;
   * a synchronous answer cannot be pre-empted (it is sent when it returns; one slower than `deferAfterMs` is
   * logged as `slow-answer`). Tests wrap it to make an answer slow.
   */
  answer?: (interaction: APIInteraction) => Reply | Promise<Reply>;
  /** Milliseconds after an interaction arrives before its answer is deferred. Default 2000 (Discord allows 3000). */
  deferAfterMs?: number;
  /**
   * Pinned posts, answered interaction ids and the cooldown. Default: `openState(config)` (PostgreSQL when
   * `DATABASE_URL` is set, else the file store in `DATA_DIR`), closed on stop.
   */
  state?: BotState;
  /** Overrides the state's cooldown (tests: a cooldown on an injected clock). */
  cooldown?: CooldownGate;
  /** Overrides the state's pinned-post store. */
  store?: PinStore;
  /** How long to wait for the gateway's READY before giving up. Default 30 s. */
  readyTimeoutMs?: number;
  /** On stop, how long in-flight answers may take before the client is destroyed anyway. Default 4 s. */
  shutdownGraceMs?: number;
  /** Watch this corpus folder (and SIGHUP) and serve a changed corpus without a restart. Default: no watch. */
  corpusDir?: string;
}

export interface RunningBot {
  client: Client;
  /** Settles when the start-up pass over pinned posts (editing out-of-date ones) has finished. */
  refreshed: Promise<RefreshSummary>;
  /** Interactions being answered right now. */
  inFlight(): number;
  /** Resolves when no interaction is being answered. */
  idle(): Promise<void>;
  /** Stops taking interactions, lets those in flight finish (within the grace period), destroys the client. */
  stop(): Promise<void>;
  /** The corpus watch, when `corpusDir` was given. */
  corpus?: CorpusWatcher;
}

const late = Symbol('late');

function delay(ms: number): { promise: Promise<typeof late>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<typeof late>((resolve) => {
    timer = setTimeout(() => resolve(late), Math.max(0, ms));
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Logs in and resolves once the gateway is READY. The same start-up `npm start` runs; tests call it with a
 * configuration whose `DISCORD_API_URL` points at a fake Discord.
 */
export async function startBot(config: Config, options: StartBotOptions = {}): Promise<RunningBot> {
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('gateway: DISCORD_TOKEN is required to connect to Discord');
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, secrets: [token] });
  const started = performance.now();
  const bot = options.bot ?? (await loadBot(config.CORPUS_DIR ? { corpusDir: config.CORPUS_DIR } : {}));
  // A malformed state file or an unreachable database stops start-up here, before anything is posted or pinned.
  const state = options.state ?? (await openState(config, logger));
  const ownsState = !options.state;
  const store = options.store ?? state.pins;
  const answer = withCooldown(
    'cooldown' in options ? options.cooldown : state.cooldown,
    options.answer ?? ((interaction: APIInteraction) => handle(interaction, bot)),
    (interaction, retryAfterSeconds) => logger.info('interaction-throttled', { id: interaction.id, command: interactionLabel(interaction), retryAfterSeconds }),
  );
  const deferAfterMs = options.deferAfterMs ?? 2000;

  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: config.DISCORD_API_URL } });
  const rest = client.rest;
  const effects: EffectsContext = { rest, hasToken: true, logger, bot, store };

  let closing = false;
  client.on(Events.Debug, (message) => logger.debug('discord-debug', { message }));
  client.on(Events.Warn, (message) => logger.warn('discord-warning', { message }));
  client.on(Events.Error, (error) => logger.error('discord-error', { error }));
  client.on(Events.ShardError, (error, shard) => logger.warn('gateway-error', { shard, error }));
  client.on(Events.ShardDisconnect, (event, shard) => {
    if (!closing) logger.warn('gateway-disconnected', { shard, code: event.code });
  });
  client.on(Events.ShardReconnecting, (shard) => {
    if (!closing) logger.info('gateway-reconnecting', { shard });
  });
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway-resumed', { shard, replayed }));
  client.on(Events.Invalidated, () => logger.error('gateway-session-invalidated', {}));

  const inFlight = new Set<Promise<void>>();

  const callback = (interaction: APIInteraction, body: APIInteractionResponse) =>
    rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, auth: false });

  async function deliver(interaction: APIInteraction, arrived: number): Promise<string> {
    // A dispatch delivered again (a resume's replay, another shard or instance) is answered once.
    if (!(await state.claimInteraction(interaction.id))) return 'duplicate: not answered again';
    const first = await firstAnswer(effects, interaction, answerSafely(answer, interaction, logger), arrived, deferAfterMs);
    await callback(interaction, first.body);
    return first.after ? first.after() : first.outcome;
  }

  function onInteraction(interaction: APIInteraction): void {
    const arrived = performance.now();
    const base = { id: interaction.id, type: interaction.type, command: interactionLabel(interaction) };
    if (closing) {
      logger.warn('interaction-refused', { ...base, reason: 'shutting down' });
      return;
    }
    const work = deliver(interaction, arrived)
      .catch((error: unknown) => {
        logger.error('interaction-failed', { ...base, status: (error as { status?: unknown }).status, code: (error as { code?: unknown }).code, error });
        return 'failed';
      })
      .then((outcome) => {
        if (outcome.startsWith('duplicate')) logger.warn('interaction-duplicate', base);
        else logger.info('interaction', { ...base, outcome, ms: Math.round(performance.now() - arrived) });
      });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  // discord.js forwards every dispatch, untouched, as an event on client.ws named after it.
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: APIInteraction) => onInteraction(data));

  let refreshed: Promise<RefreshSummary> | undefined;
  // After a reload, pinned timelines are edited as at start-up (after the start-up pass, never beside it).
  // Only the process holding shard 0 edits pinned timelines (under the ShardingManager each shard is a process).
  const refreshesPins = () => !client.shard || client.shard.ids.includes(0);
  const corpus = options.corpusDir
    ? watchCorpus({
        bot,
        dir: options.corpusDir,
        logger,
        onReloaded: async () => {
          await refreshed;
          if (refreshesPins()) await state.exclusive('refresh pinned timelines', () => refreshPinnedTimelines({ bot, store, rest, logger }));
        },
      })
    : undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const limitMs = options.readyTimeoutMs ?? 30_000;
    const timeout = setTimeout(
      () => reject(new Error(`gateway: Discord's REST API answered, but the gateway connection was not ready within ${Math.round(limitMs / 1000)} s (is a proxy or firewall blocking WebSockets?)`)),
      limitMs,
    );
    client.once(Events.ClientReady, (ready) => {
      clearTimeout(timeout);
      // Under the ShardingManager every shard is its own process: only the one holding shard 0 edits pinned
      // timelines, so each post is edited once, not once per shard.
      const refreshes = refreshesPins();
      logger.info('gateway-ready', {
        user: ready.user.id,
        application: ready.application.id,
        commands: bot.commands.length,
        shards: client.shard ? client.shard.ids : client.options.shards,
        shardCount: client.options.shardCount,
        refreshesPins: refreshes,
        state: state.kind,
        ms: Math.round(performance.now() - started),
      });
      if (refreshes) {
        refreshed = state
          .exclusive('refresh pinned timelines', () => refreshPinnedTimelines({ bot, store, rest, logger }))
          .then((summary) => summary ?? { edited: 0, unchanged: 0, forgotten: 0, failed: 0 })
          .catch((error: unknown) => {
          logger.error('pinned-timelines-refresh-failed', { error });
          return { edited: 0, unchanged: 0, forgotten: 0, failed: -1 };
        });
      }
      resolve();
    });
  });
  // Both are awaited below; these keep a rejection that loses the race from crashing the process unobserved.
  ready.catch(() => undefined);

  try {
    const login = client.login(token);
    login.catch(() => undefined);
    // login() alone may wait on a socket that never becomes ready: the READY time limit ends the wait.
    await Promise.race([login.then(() => ready), ready]);
  } catch (error) {
    await corpus?.close();
    // @discordjs/ws can hang in destroy() when it is called while a shard waits for HELLO (its own wait is
    // aborted and schedules a reconnect that swallows the close): bounded, so start-up always reports.
    const destroyed = await Promise.race([client.destroy().then(() => true, () => true), delay(3000).promise.then(() => false)]);
    if (!destroyed) logger.warn('gateway-destroy-timeout', { note: 'discord.js did not finish closing the connection; the process should exit' });
    if (ownsState) await state.close();
    throw error;
  }

  async function idle(): Promise<void> {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  }

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      closing = true;
      logger.info('gateway-stopping', { inFlight: inFlight.size });
      const grace = delay(options.shutdownGraceMs ?? 4000);
      const finished = await Promise.race([Promise.all([idle(), refreshed]).then(() => true), grace.promise.then(() => false)]);
      grace.cancel();
      if (!finished) logger.warn('gateway-stop-timeout', { unfinished: inFlight.size });
      await corpus?.close();
      await client.destroy();
      if (ownsState) await state.close();
      logger.info('gateway-stopped', {});
    })();
    return stopping;
  }

  return {
    client,
    refreshed: refreshed ?? Promise.resolve({ edited: 0, unchanged: 0, forgotten: 0, failed: 0 }),
    inFlight: () => inFlight.size,
    idle,
    stop,
    ...(corpus ? { corpus } : {}),
  };
}
