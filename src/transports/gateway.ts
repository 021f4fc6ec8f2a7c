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
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { loadBot, type Bot } from '../core/bot.js';
import { cooldownFromConfig, withCooldown, type Cooldown } from '../core/cooldown.js';
import { handle, interactionLabel } from '../core/respond.js';
import type { Reply } from '../core/types.js';
import { PinnedPostStore } from '../state.js';
import { deferralForInteraction, deferralForResponse, deliverLate, isEphemeral, type EffectsContext } from './effects.js';
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
  /** The per-user cooldown in front of `answer`. Default: `COOLDOWN_LIMIT` per `COOLDOWN_WINDOW_SECONDS` from the configuration. */
  cooldown?: Cooldown;
  /** Where pinned timeline posts are remembered. Default: the store in `DATA_DIR`. */
  store?: PinnedPostStore;
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

const EPHEMERAL = MessageFlags.Ephemeral;
const NO_MENTIONS = { parse: [] as [] };
/** Interaction ids remembered to never answer one twice (a replayed dispatch after a resume, say). */
const SEEN_LIMIT = 5000;

const FAILED: APIInteractionResponseCallbackData = {
  content: 'Sorry, something went wrong while answering. The error has been logged; please try again.',
  flags: EPHEMERAL,
  allowed_mentions: NO_MENTIONS,
};

/** The answer when the answer function itself failed: a polite ephemeral note, or no choices. */
function failedResponse(interaction: APIInteraction): APIInteractionResponse {
  if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
    return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
  }
  return { type: InteractionResponseType.ChannelMessageWithSource, data: FAILED };
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
  const bot = options.bot ?? (await loadBot());
  const store = options.store ?? new PinnedPostStore(config.DATA_DIR);
  // A malformed state file stops start-up here, naming the file, before anything is posted or pinned.
  await store.list();
  const answer = withCooldown(
    options.cooldown ?? cooldownFromConfig(config),
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
  const seen = new Set<string>();

  const callback = (interaction: APIInteraction, body: APIInteractionResponse) =>
    rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, auth: false });

  async function deliver(interaction: APIInteraction, arrived: number): Promise<string> {
    const pending: Promise<Reply> = Promise.resolve()
      .then(() => answer(interaction))
      .catch((error: unknown) => ({ response: failedResponse(interaction), error }));
    const timer = delay(deferAfterMs - (performance.now() - arrived));
    const first = await Promise.race([pending, timer.promise]);
    timer.cancel();

    if (first === late) {
      const deferral = deferralForInteraction(interaction);
      if (!deferral) {
        const reply = await pending;
        await callback(interaction, reply.response);
        return 'replied late (cannot defer)';
      }
      await callback(interaction, deferral);
      const reply = await pending;
      if (reply.error) logger.error('answer-error', { id: interaction.id, error: reply.error });
      return deliverLate(effects, interaction, deferral, reply);
    }

    const reply = first;
    if (reply.error) logger.error('answer-error', { id: interaction.id, error: reply.error });
    const answeredMs = performance.now() - arrived;
    if (answeredMs > deferAfterMs) logger.warn('slow-answer', { id: interaction.id, ms: Math.round(answeredMs) });
    const deferral = reply.effects?.length ? deferralForResponse(reply.response) : undefined;
    if (deferral) {
      await callback(interaction, deferral);
      return deliverLate(effects, interaction, deferral, reply);
    }
    await callback(interaction, reply.response);
    return isEphemeral(reply.response) ? 'replied privately' : 'replied';
  }

  function onInteraction(interaction: APIInteraction): void {
    const arrived = performance.now();
    const base = { id: interaction.id, type: interaction.type, command: interactionLabel(interaction) };
    if (closing) {
      logger.warn('interaction-refused', { ...base, reason: 'shutting down' });
      return;
    }
    if (seen.has(interaction.id)) {
      logger.warn('interaction-duplicate', base);
      return;
    }
    seen.add(interaction.id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);

    const work = deliver(interaction, arrived)
      .catch((error: unknown) => {
        logger.error('interaction-failed', { ...base, status: (error as { status?: unknown }).status, code: (error as { code?: unknown }).code, error });
        return 'failed';
      })
      .then((outcome) => logger.info('interaction', { ...base, outcome, ms: Math.round(performance.now() - arrived) }));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  // discord.js forwards every dispatch, untouched, as an event on client.ws named after it.
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: APIInteraction) => onInteraction(data));

  let refreshed: Promise<RefreshSummary> | undefined;
  // After a reload, pinned timelines are edited as at start-up (after the start-up pass, never beside it).
  const corpus = options.corpusDir
    ? watchCorpus({ bot, dir: options.corpusDir, logger, onReloaded: async () => (await refreshed, refreshPinnedTimelines({ bot, store, rest, logger })) })
    : undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('gateway: no READY from Discord within the time limit')), options.readyTimeoutMs ?? 30_000);
    client.once(Events.ClientReady, (ready) => {
      clearTimeout(timeout);
      logger.info('gateway-ready', {
        user: ready.user.id,
        application: ready.application.id,
        commands: bot.commands.length,
        ms: Math.round(performance.now() - started),
      });
      refreshed = refreshPinnedTimelines({ bot, store, rest, logger }).catch((error: unknown) => {
        logger.error('pinned-timelines-refresh-failed', { error });
        return { edited: 0, unchanged: 0, forgotten: 0, failed: -1 };
      });
      resolve();
    });
  });

  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await corpus?.close();
    await client.destroy();
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
