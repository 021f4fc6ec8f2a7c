/**
 * The HTTP interactions endpoint: Discord POSTs each interaction to `/interactions`, signed with the
 * application's Ed25519 key, and takes the HTTP response as the interaction's first answer. This transport
 * only checks, converts and sends; every answer comes from the core's `handle()`, exactly as in the gateway
 * mode and the CLI.
 *
 * Every request is checked before any handler runs, cheapest check first: path and method, declared size,
 * signature headers, timestamp freshness, streamed size, the signature over the raw body, then JSON.
 * A rejected request never reaches the core.
 *
 * Work after the first answer (editing a deferred reply, pinning a timeline) runs after the HTTP response has
 * been sent, through Discord's REST API at `DISCORD_API_URL`. Nothing is kept between requests except that
 * background work (awaited on close) and the state (`src/state.ts`): on PostgreSQL, instances run side by side,
 * each interaction answered once across all of them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { webcrypto } from 'node:crypto';
import { verifyKey } from 'discord-interactions';
import { InteractionResponseType, InteractionType, type APIInteraction } from 'discord-api-types/v10';
import { REST } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Bot } from '../core/bot.js';
import { withCooldown, type CooldownGate } from '../core/cooldown.js';
import { handle, interactionLabel } from '../core/respond.js';
import type { Reply } from '../core/types.js';
import { fileState, type BotState } from '../state.js';
import { answerSafely, firstAnswer, withoutToken, type EffectsContext } from './effects.js';
import { watchCorpus, type CorpusWatcher } from './corpus-watch.js';
import { refreshPinnedTimelines, type RefreshContext } from './refresh-pins.js';

type CryptoKey = webcrypto.CryptoKey;

/** What the endpoint needs from the configuration; the public key is required in this mode. */
export type InteractionServerConfig = Pick<Config, 'DISCORD_API_URL' | 'DATA_DIR' | 'COOLDOWN_LIMIT' | 'COOLDOWN_WINDOW_SECONDS'> & {
  DISCORD_PUBLIC_KEY: string;
  DISCORD_TOKEN?: string | undefined;
};

export interface InteractionServerOptions {
  bot: Bot;
  config: InteractionServerConfig;
  logger: Logger;
  /**
   * Answers one verified interaction. Default: the core's `handle(interaction, bot)`, in process.
   * It may return a promise (work done off this thread); an answer not ready `deferAfterMs` after the request
   * arrived is deferred and edited in when ready. A synchronous answer cannot be pre-empted: it is sent
   * when it returns, and one slower than `deferAfterMs` is logged as `slow-answer`.
   */
  answer?: (interaction: APIInteraction) => Reply | Promise<Reply>;
  /** Milliseconds after a request arrives before its answer is deferred. Default 2000: Discord allows 3 s. */
  deferAfterMs?: number;
  /**
   * Pinned posts, answered interaction ids and the cooldown. Default: the file store in `DATA_DIR` (one
   * instance). `npm run serve` passes `openState(config)`: PostgreSQL when `DATABASE_URL` is set.
   */
  state?: BotState;
  /** Overrides the state's cooldown (tests: a cooldown on an injected clock). */
  cooldown?: CooldownGate;
  /** Largest accepted body in bytes. Default 64 KiB: Discord's interaction payloads are a few KB. */
  maxBodyBytes?: number;
  /** How far `X-Signature-Timestamp` may be from this clock, in seconds. Default 300 (5 minutes). */
  maxClockSkewSeconds?: number;
  /** REST client for edits, follow-ups and pins. Default: one built from the configuration (and token, if any). */
  rest?: REST;
  /** Overrides the state's pinned-post store. */
  store?: EffectsContext['store'];
  /** Watch this corpus folder (and SIGHUP) from `listen()` on and serve a changed corpus without a restart. */
  corpusDir?: string;
}

export interface InteractionServer {
  server: Server;
  /**
   * Starts listening (on `host`, default 127.0.0.1: `HOST` in the configuration); resolves with the bound address.
   * Fails if the public key cannot be imported, so a bad key stops start-up instead of failing every request.
   */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Resolves when every deferred edit and pin started so far has finished. */
  idle(): Promise<void>;
  /** The corpus watch, once listening with `corpusDir` given. */
  corpus?: CorpusWatcher;
  /**
   * Stops accepting connections, lets requests in flight and their background work finish (at most
   * `graceMs`, default 10 s, after which remaining connections are cut), then resolves.
   */
  close(graceMs?: number): Promise<void>;
}

const DEFAULTS = { deferAfterMs: 2000, maxBodyBytes: 64 * 1024, maxClockSkewSeconds: 300 } as const;
const INTERACTIONS_PATH = '/interactions';
const HEALTH_PATH = '/healthz';
const SIGNATURE_HEX = /^[0-9a-f]{128}$/i;
const TIMESTAMP_DIGITS = /^\d{1,15}$/;

/** Why a request was turned away; becomes its status code and its log line. */
class Rejection {
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 409 | 413,
    readonly reason: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Imports the hex public key once; `verifyKey` would otherwise import it again for every request. */
async function importPublicKey(hex: string): Promise<CryptoKey> {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('http: DISCORD_PUBLIC_KEY must be 64 hex characters');
  try {
    return await webcrypto.subtle.importKey('raw', Buffer.from(hex, 'hex'), { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    throw new Error(`http: DISCORD_PUBLIC_KEY is not a valid Ed25519 public key (${(error as Error).message})`);
  }
}

type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: true };

/** Reads the body, giving up (and pausing the socket) as soon as it passes `cap` bytes. */
function readBody(req: IncomingMessage, cap: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        cleanup();
        req.pause();
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('client closed the connection before sending the whole body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const text = JSON.stringify(body);
  return new Promise((resolve) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    // Resolves once the response is handed to the socket: edits of a deferred answer must not reach Discord
    // before the deferral itself.
    res.end(text, () => resolve());
  });
}

/** The checks that need only the signed fields; Discord's own payloads always pass. */
function isInteraction(value: unknown): value is APIInteraction {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (!Number.isInteger(v.type)) return false;
  if (v.type === InteractionType.Ping) return true;
  return typeof v.id === 'string' && typeof v.application_id === 'string' && typeof v.token === 'string';
}

export function createInteractionServer(options: InteractionServerOptions): InteractionServer {
  const { bot, config, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? DEFAULTS.deferAfterMs;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const maxSkew = options.maxClockSkewSeconds ?? DEFAULTS.maxClockSkewSeconds;
  const state = options.state ?? fileState(config);
  const answer = withCooldown(
    'cooldown' in options ? options.cooldown : state.cooldown,
    options.answer ?? ((interaction: APIInteraction) => handle(interaction, bot)),
    (interaction, retryAfterSeconds) => logger.info('interaction-throttled', { id: interaction.id, command: interactionLabel(interaction), retryAfterSeconds }),
  );
  const rest = options.rest ?? createRest(config);
  const effects: EffectsContext = {
    rest,
    hasToken: !!config.DISCORD_TOKEN,
    logger,
    bot,
    store: options.store ?? state.pins,
  };

  const publicKey = importPublicKey(config.DISCORD_PUBLIC_KEY);
  publicKey.catch(() => undefined); // reported by listen(); requests meanwhile get 401
  const background = new Set<Promise<void>>();
  let closing = false;

  /** Once closing, every answer also closes its connection, so keep-alive clients don't hold the server open. */
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    sendJson(res, status, body, closing ? { ...headers, connection: 'close' } : headers);

  async function idle(): Promise<void> {
    while (background.size) await Promise.allSettled([...background]);
  }

  const track = (work: Promise<void>) => {
    background.add(work);
    void work.finally(() => background.delete(work));
  };

  async function verify(req: IncomingMessage): Promise<APIInteraction> {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBodyBytes) throw new Rejection(413, 'declared body too large');
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (typeof signature !== 'string' || typeof timestamp !== 'string') throw new Rejection(401, 'signature headers missing');
    if (!SIGNATURE_HEX.test(signature)) throw new Rejection(401, 'signature malformed');
    if (!TIMESTAMP_DIGITS.test(timestamp)) throw new Rejection(401, 'timestamp malformed');
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > maxSkew) throw new Rejection(401, 'timestamp outside the allowed window');
    const read = await readBody(req, maxBodyBytes);
    if (!read.ok) throw new Rejection(413, 'body too large');
    let key: CryptoKey;
    try {
      key = await publicKey;
    } catch {
      throw new Rejection(401, 'public key unusable');
    }
    if (!(await verifyKey(read.body, signature, timestamp, key))) throw new Rejection(401, 'signature invalid');
    let parsed: unknown;
    try {
      parsed = JSON.parse(read.body.toString('utf8'));
    } catch {
      throw new Rejection(400, 'body is not JSON');
    }
    if (!isInteraction(parsed)) throw new Rejection(400, 'body is not an interaction');
    return parsed;
  }

  async function onInteraction(interaction: APIInteraction, res: ServerResponse, arrived: number): Promise<void> {
    const base = { id: interaction.id, type: interaction.type, command: interactionLabel(interaction) };
    if (interaction.type === InteractionType.Ping) {
      await send(res, 200, { type: InteractionResponseType.Pong });
      logger.info('interaction', { ...base, outcome: 'pong', ms: elapsed(arrived) });
      return;
    }
    // A captured request replayed inside its signature window, to this instance or another, runs once. Discord
    // has its answer from the first copy; a non-2xx here is all the replay gets.
    if (!(await state.claimInteraction(interaction.id))) throw new Rejection(409, 'interaction already answered');

    const first = await firstAnswer(effects, interaction, answerSafely(answer, interaction, logger), arrived, deferAfterMs);
    // Resolves once the first answer is handed to the socket: a deferred edit must not overtake it.
    await send(res, 200, first.body);
    const responseMs = elapsed(arrived);
    if (!first.after) {
      logger.info('interaction', { ...base, outcome: first.outcome, ms: responseMs });
      return;
    }
    const after = first.after;
    track(
      (async () => {
        let outcome: string;
        try {
          outcome = await after();
        } catch (error) {
          logger.error('deferred-delivery-failed', { ...base, error: withoutToken(error, interaction.token) });
          outcome = 'deferred: delivery failed';
        }
        logger.info('interaction', { ...base, outcome, ms: elapsed(arrived), responseMs });
      })(),
    );
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    // Not `new URL(req.url, base)`: a request line of `//host/interactions` would be read as a host.
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const logged = { method: req.method, path: path.slice(0, 100) };
    try {
      if (path === HEALTH_PATH) {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new Rejection(405, 'method not allowed', { allow: 'GET, HEAD' });
        await send(res, 200, { ok: true, corpus: bot.case.digest });
        return;
      }
      if (path !== INTERACTIONS_PATH) throw new Rejection(404, 'no such path');
      if (req.method !== 'POST') throw new Rejection(405, 'method not allowed', { allow: 'POST' });
      const interaction = await verify(req);
      await onInteraction(interaction, res, arrived);
    } catch (error) {
      if (error instanceof Rejection) {
        await reject(req, res, error);
        logger.info('http-rejected', { status: error.status, reason: error.reason, ...logged, ms: elapsed(arrived) });
        return;
      }
      // The client went away mid-body, or a bug: answer if we still can, never crash the process.
      logger.warn('http-failed', { ...logged, error });
      if (!res.headersSent && !res.destroyed) await send(res, 500, { error: 'internal error' }).catch(() => undefined);
    }
  }

  async function reject(req: IncomingMessage, res: ServerResponse, rejection: Rejection): Promise<void> {
    const unread = !req.complete;
    // An unread body must not be drained (it may be huge): close the connection after answering.
    await send(res, rejection.status, { error: rejection.reason }, unread ? { ...rejection.headers, connection: 'close' } : rejection.headers);
    if (unread) setImmediate(() => req.socket.destroy());
  }

  const server = createServer((req, res) => {
    void onRequest(req, res);
  });
  // Discord sends the whole request at once; a slow trickle is not Discord.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;

  const store = effects.store as Partial<RefreshContext['store']>;
  const canRefresh = !!config.DISCORD_TOKEN && typeof store.list === 'function' && typeof store.remove === 'function';
  const watchOptions = (dir: string) => ({
    bot,
    dir,
    logger,
    // With a token, pinned timelines are edited to the reloaded corpus, as `npm run serve` does at start-up.
    // With several instances on one database, the lock makes one of them do it.
    onReloaded: () => (canRefresh ? state.exclusive('refresh pinned timelines', () => refreshPinnedTimelines({ bot, store: store as RefreshContext['store'], rest, logger })) : undefined),
  });

  const endpoint: InteractionServer = {
    server,
    async listen(port, host) {
      await publicKey;
      if (options.corpusDir && !endpoint.corpus) endpoint.corpus = watchCorpus(watchOptions(options.corpusDir));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host: host ?? '127.0.0.1' }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return server.address() as AddressInfo;
    },
    idle,
    async close(graceMs = 10_000) {
      closing = true;
      await endpoint.corpus?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), graceMs);
      grace.unref();
      await closed;
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([idle(), deadline]);
      clearTimeout(grace);
    },
  };
  return endpoint;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

/** A REST client at the configured API base; authorised only when a bot token is configured (needed to pin). */
export function createRest(config: Pick<InteractionServerConfig, 'DISCORD_API_URL' | 'DISCORD_TOKEN'>): REST {
  const rest = new REST({ api: config.DISCORD_API_URL, version: '10', timeout: 10_000, retries: 2 });
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  return rest;
}

