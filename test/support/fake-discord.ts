/**
 * A fake Discord on 127.0.0.1 for end-to-end tests that drive the real discord.js client: the REST routes this
 * bot uses and a gateway WebSocket (HELLO, heartbeats, IDENTIFY → READY, RESUME with replay). It records every
 * request, keeps the messages interactions create (so @original, edits and pins behave), checks bodies against
 * Discord's published schemas and answers 400 as Discord would, and can inject faults: any REST answer (429
 * with retry-after, 500, 403 Missing Permissions), op 7 RECONNECT, op 9 INVALID SESSION, dropped sockets,
 * unanswered heartbeats.
 *
 * Point the bot at it with `DISCORD_API_URL = fake.apiUrl`. Always `await client.destroy()` before
 * `await fake.close()`: a client whose socket closes reconnects.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { validateBody, type BodyKind } from './discord-schemas.js';

// ---------------------------------------------------------------------------------------------------------------
// Ids and constants

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;
/** A snowflake carrying the current time, as Discord's ids do. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | increment).toString();
}

export const Permission = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  Administrator: 1n << 3n,
  ManageMessages: 1n << 13n,
  PinMessages: 1n << 51n,
} as const;

/** What an ordinary member may do in a text channel: see it, talk, read history, embed links. */
export const MEMBER_PERMISSIONS = Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.ReadMessageHistory;

// ---------------------------------------------------------------------------------------------------------------
// Recorded traffic

export interface RecordedRequest {
  method: string;
  /** Path under `/api/v10`, percent-decoded (`/webhooks/1/tok/messages/@original`). */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The Authorization header as received (a fake token), or undefined. */
  authorization: string | undefined;
  /** Schema problems found in the body (empty when valid or when the route has no body). */
  problems: string[];
  status: number;
  response: unknown;
  at: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestMatcher {
  method?: string;
  /** Exact path, or a pattern tested against the path. */
  path?: string | RegExp;
}

interface Override {
  matcher: RequestMatcher;
  respond: (request: RecordedRequest) => FakeResponse;
  remaining: number;
}

/** Ready-made fault answers. */
export const Faults = {
  /** Discord rounds the header up to whole seconds; the fake sends the exact value so tests stay fast. */
  rateLimited: (retryAfterSeconds = 0.05, global = false): FakeResponse => ({
    status: 429,
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
  }),
  serverError: (): FakeResponse => ({ status: 500, body: { message: '500: Internal Server Error', code: 0 } }),
  missingPermissions: (): FakeResponse => ({ status: 403, body: { message: 'Missing Permissions', code: 50013 } }),
  missingAccess: (): FakeResponse => ({ status: 403, body: { message: 'Missing Access', code: 50001 } }),
  unknownMessage: (): FakeResponse => ({ status: 404, body: { message: 'Unknown Message', code: 10008 } }),
};

// ---------------------------------------------------------------------------------------------------------------
// Messages and interactions the fake keeps

export interface FakeMessage {
  id: string;
  channel_id: string;
  type: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  pinned: boolean;
  author: { id: string; username: string; discriminator: string; global_name: string | null; avatar: null; bot: boolean };
  webhook_id?: string;
  application_id?: string;
  /** The interaction this message answers and who triggered it (what buttons on it are checked against). */
  interaction_metadata?: { id: string; type: number; user: { id: string; username: string }; authorizing_integration_owners: Record<string, string> };
  timestamp: string;
  edited_timestamp: string | null;
  mentions: unknown[];
  mention_roles: unknown[];
  mention_everyone: boolean;
  attachments: unknown[];
  tts: boolean;
}

interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  /** The message a component was clicked on. */
  componentMessageId?: string;
  acknowledged: boolean;
  callbackType?: number;
  originalMessageId?: string | undefined;
  /** Who triggered it: the messages it creates name them in `interaction_metadata`, as Discord's do. */
  user?: { id: string; username: string } | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Gateway

interface GatewaySession {
  id: string;
  seq: number;
  /** Every dispatch of this session, for RESUME replay. */
  sent: { s: number; t: string; d: unknown }[];
  socket: WebSocket | undefined;
}

export interface GatewayEvent {
  kind: 'connect' | 'identify' | 'resume' | 'heartbeat' | 'close' | 'send';
  at: number;
  detail?: unknown;
}

export interface FakeDiscordOptions {
  /** HELLO's heartbeat interval; discord.js sends its first heartbeat after a random part of it. Default 41250. */
  heartbeatIntervalMs?: number;
  /** The bot token the fake accepts (IDENTIFY and REST); any token when unset. */
  token?: string;
  applicationId?: string;
  botUserId?: string;
  guildId?: string;
  channelId?: string;
  /** Accept gateway sockets but never say HELLO (REST works, the gateway never becomes ready). */
  silentGateway?: boolean;
}

export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly gatewayEvents: GatewayEvent[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Registered commands by scope ('global' or the guild id), as the last overwrite left them. */
  readonly commands = new Map<string, unknown[]>();
  readonly applicationId: string;
  readonly botUserId: string;
  readonly guildId: string;
  readonly channelId: string;
  /** Answer heartbeats (set false to make the client think the connection is a zombie). */
  ackHeartbeats = true;

  #server: Server;
  #wss: WebSocketServer;
  #overrides: Override[] = [];
  #sessions = new Map<string, GatewaySession>();
  #current: GatewaySession | undefined;
  #byShard = new Map<number, GatewaySession>();
  #options: FakeDiscordOptions;
  #port = 0;

  private constructor(options: FakeDiscordOptions) {
    super();
    this.setMaxListeners(0);
    this.#options = options;
    this.applicationId = options.applicationId ?? snowflake();
    this.botUserId = options.botUserId ?? this.applicationId;
    this.guildId = options.guildId ?? snowflake();
    this.channelId = options.channelId ?? snowflake();
    this.#server = createServer((req, res) => void this.#onHttp(req, res));
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (socket, req) => this.#onSocket(socket, req));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------------
  // REST

  /** Answers the next `times` requests matching `matcher` with `response` instead of the normal route. */
  override(matcher: RequestMatcher, response: FakeResponse | ((request: RecordedRequest) => FakeResponse), times = 1): void {
    const respond = typeof response === 'function' ? response : () => response;
    this.#overrides.push({ matcher, respond, remaining: times });
  }

  /** Requests recorded so far that match. */
  requestsTo(matcher: RequestMatcher): RecordedRequest[] {
    return this.requests.filter((r) => matches(matcher, r));
  }

  /** The first recorded request (past or future) satisfying `predicate`, or a rejection after `timeoutMs`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const onRequest = (request: RecordedRequest) => {
        if (!predicate(request)) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(request);
      };
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        const recent = this.requests.slice(-8).map((r) => `${r.method} ${r.path} → ${r.status}`);
        reject(new Error(`fake discord: no matching request within ${timeoutMs} ms; last requests:\n  ${recent.join('\n  ')}`));
      }, timeoutMs);
      this.on('request', onRequest);
    });
  }

  /** The interaction callback for `interactionId`. */
  waitForCallback(interactionId: string, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`), timeoutMs);
  }

  /** Puts a message in a channel as if it had been posted earlier (for state that refers to old posts). */
  addMessage(message: Partial<FakeMessage> & { id: string; channel_id: string }): FakeMessage {
    const full = this.#message({ ...message });
    this.messages.set(full.id, full);
    return full;
  }

  async #onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.#port}`);
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname.replace(/^\/api(\/v\d+)?/, '')),
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
      problems: [],
      status: 0,
      response: undefined,
      at: Date.now(),
    };
    let answer: FakeResponse;
    const override = this.#overrides.find((o) => o.remaining > 0 && matches(o.matcher, request));
    if (override) {
      override.remaining--;
      answer = override.respond(request);
    } else {
      try {
        answer = this.#route(request);
      } catch (error) {
        answer = { status: 500, body: { message: `fake discord crashed: ${(error as Error).message}`, code: 0 } };
      }
    }
    request.status = answer.status;
    request.response = answer.body;
    this.requests.push(request);
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    if (answer.body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    this.emit('request', request);
  }

  #route(request: RecordedRequest): FakeResponse {
    const { method, path } = request;
    const parts = path.split('/').filter(Boolean);
    const route = `${method} /${parts.map((p, i) => placeholder(parts, i)).join('/')}`;
    const needsBot = !(parts[0] === 'interactions' || parts[0] === 'webhooks');
    if (needsBot && !this.#authorised(request.authorization)) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };

    switch (route) {
      case 'GET /gateway/bot':
        return {
          status: 200,
          body: {
            url: this.gatewayUrl,
            // Two, so `SHARD_COUNT=auto` runs two shards; a plain Client still opens one (its shardCount is 1).
            shards: 2,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 16 },
          },
        };
      case 'GET /gateway':
        return { status: 200, body: { url: this.gatewayUrl } };
      case 'GET /applications/@me':
        return { status: 200, body: this.#application() };
      case 'GET /users/@me':
        return { status: 200, body: this.#botUser() };
      case 'PUT /applications/:id/commands':
      case 'PUT /applications/:id/guilds/:id/commands':
        return this.#overwriteCommands(request, parts[1]!, parts.length === 5 ? parts[3]! : 'global');
      case 'POST /interactions/:id/:token/callback':
        return this.#callback(request, parts[1]!, parts[2]!);
      case 'GET /webhooks/:id/:token/messages/:id':
      case 'PATCH /webhooks/:id/:token/messages/:id':
      case 'DELETE /webhooks/:id/:token/messages/:id':
        return this.#webhookMessage(request, parts[2]!, parts[4]!);
      case 'POST /webhooks/:id/:token':
        return this.#followUp(request, parts[2]!);
      case 'GET /channels/:id/messages/:id':
      case 'PATCH /channels/:id/messages/:id':
        return this.#channelMessage(request, parts[1]!, parts[3]!);
      case 'PUT /channels/:id/messages/pins/:id':
      case 'DELETE /channels/:id/messages/pins/:id':
        return this.#pin(request, parts[1]!, parts[4]!);
      default:
        return { status: 404, body: { message: '404: Not Found', code: 0 } };
    }
  }

  #authorised(header: string | undefined): boolean {
    if (!header?.startsWith('Bot ')) return false;
    return this.#options.token === undefined || header === `Bot ${this.#options.token}`;
  }

  #invalid(request: RecordedRequest, kind: BodyKind): FakeResponse | undefined {
    request.problems = validateBody(kind, request.body);
    if (!request.problems.length) return undefined;
    return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: request.problems } };
  }

  #overwriteCommands(request: RecordedRequest, applicationId: string, scope: string): FakeResponse {
    if (applicationId !== this.applicationId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    const invalid = this.#invalid(request, 'command-overwrite');
    if (invalid) return invalid;
    const registered = (request.body as Record<string, unknown>[]).map((command) => ({
      id: snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: null,
      type: 1,
      ...command,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    }));
    this.commands.set(scope, registered);
    return { status: 200, body: registered };
  }

  #callback(request: RecordedRequest, id: string, token: string): FakeResponse {
    const interaction = this.interactions.get(token);
    if (!interaction || interaction.id !== id) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (interaction.acknowledged) {
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    const invalid = this.#invalid(request, 'interaction-callback');
    if (invalid) return invalid;
    const body = request.body as { type: number; data?: Record<string, unknown> };
    interaction.acknowledged = true;
    interaction.callbackType = body.type;
    let message: FakeMessage | undefined;
    if (body.type === 4 || body.type === 5) {
      const flags = Number(body.data?.flags ?? 0);
      message = this.#message({
        id: snowflake(),
        channel_id: interaction.channelId,
        ...(body.type === 4 ? pickMessage(body.data ?? {}) : {}),
        flags: body.type === 5 ? (flags & 64) | 128 : flags,
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        ...(interaction.user
          ? { interaction_metadata: { id: interaction.id, type: interaction.type, user: interaction.user, authorizing_integration_owners: { '0': this.guildId } } }
          : {}),
      });
      this.messages.set(message.id, message);
      interaction.originalMessageId = message.id;
    } else if (body.type === 6 || body.type === 7) {
      interaction.originalMessageId = interaction.componentMessageId;
      message = interaction.componentMessageId ? this.messages.get(interaction.componentMessageId) : undefined;
      if (message && body.type === 7) Object.assign(message, pickMessage(body.data ?? {}), { edited_timestamp: new Date().toISOString() });
    }
    if (request.query.with_response === 'true') {
      return {
        status: 200,
        body: {
          interaction: { id, type: interaction.type, response_message_id: message?.id, response_message_loading: body.type === 5 },
          resource: { type: body.type, ...(message ? { message } : {}) },
        },
      };
    }
    return { status: 204 };
  }

  #interactionByToken(token: string): InteractionRecord | undefined {
    return this.interactions.get(token);
  }

  #webhookMessage(request: RecordedRequest, token: string, messageRef: string): FakeResponse {
    const interaction = this.#interactionByToken(token);
    if (!interaction) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    const messageId = messageRef === '@original' ? interaction.originalMessageId : messageRef;
    const message = messageId ? this.messages.get(messageId) : undefined;
    if (!message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (request.method === 'GET') return { status: 200, body: message };
    if (request.method === 'DELETE') {
      this.messages.delete(message.id);
      return { status: 204 };
    }
    const invalid = this.#invalid(request, 'webhook-edit');
    if (invalid) return invalid;
    Object.assign(message, pickMessage((request.body ?? {}) as Record<string, unknown>), {
      flags: message.flags & ~128,
      edited_timestamp: new Date().toISOString(),
    });
    return { status: 200, body: message };
  }

  #followUp(request: RecordedRequest, token: string): FakeResponse {
    const interaction = this.#interactionByToken(token);
    if (!interaction) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (!interaction.acknowledged) return { status: 400, body: { message: 'Interaction has not been acknowledged.', code: 40060 } };
    const invalid = this.#invalid(request, 'webhook-create');
    if (invalid) return invalid;
    const data = (request.body ?? {}) as Record<string, unknown>;
    const message = this.#message({
      id: snowflake(),
      channel_id: interaction.channelId,
      ...pickMessage(data),
      flags: Number(data.flags ?? 0),
      webhook_id: this.applicationId,
      application_id: this.applicationId,
    });
    this.messages.set(message.id, message);
    return request.query.wait === 'true' ? { status: 200, body: message } : { status: 204 };
  }

  #channelMessage(request: RecordedRequest, channelId: string, messageId: string): FakeResponse {
    const message = this.messages.get(messageId);
    if (!message || message.channel_id !== channelId) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (request.method === 'GET') return { status: 200, body: message };
    if (message.author.id !== this.botUserId) return { status: 403, body: { message: 'Cannot edit a message authored by another user', code: 50005 } };
    const invalid = this.#invalid(request, 'channel-message-edit');
    if (invalid) return invalid;
    Object.assign(message, pickMessage((request.body ?? {}) as Record<string, unknown>), { edited_timestamp: new Date().toISOString() });
    return { status: 200, body: message };
  }

  #pin(request: RecordedRequest, channelId: string, messageId: string): FakeResponse {
    const message = this.messages.get(messageId);
    if (!message || message.channel_id !== channelId) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (message.flags & 64) return { status: 400, body: { message: 'Cannot execute action on an ephemeral message', code: 50021 } };
    message.pinned = request.method === 'PUT';
    return { status: 204 };
  }

  #message(fields: Partial<FakeMessage> & { id: string; channel_id: string }): FakeMessage {
    return {
      type: fields.webhook_id ? 20 : 0,
      content: '',
      embeds: [],
      components: [],
      flags: 0,
      pinned: false,
      author: { id: this.botUserId, username: 'inbox-api-bot', discriminator: '0000', global_name: null, avatar: null, bot: true },
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      attachments: [],
      tts: false,
      ...fields,
    };
  }

  #botUser() {
    return { id: this.botUserId, username: 'inbox-api-bot', discriminator: '0000', global_name: null, avatar: null, bot: true, flags: 0 };
  }

  #application() {
    return {
      id: this.applicationId,
      name: 'Inbox API bot',
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: 'a'.repeat(64),
      flags: 0,
      bot: this.#botUser(),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Gateway

  /** Sessions' sockets that are open. */
  get openSockets(): number {
    return [...this.#wss.clients].filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  gatewayCount(kind: GatewayEvent['kind']): number {
    return this.gatewayEvents.filter((e) => e.kind === kind).length;
  }

  /** Resolves when `count` gateway events of `kind` have happened in all. */
  waitForGateway(kind: GatewayEvent['kind'], count = 1, timeoutMs = 5000): Promise<void> {
    if (this.gatewayCount(kind) >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onEvent = () => {
        if (this.gatewayCount(kind) < count) return;
        clearTimeout(timer);
        this.off('gateway', onEvent);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('gateway', onEvent);
        reject(new Error(`fake discord: ${count} × gateway ${kind} not seen within ${timeoutMs} ms (saw ${this.gatewayCount(kind)})`));
      }, timeoutMs);
      this.on('gateway', onEvent);
    });
  }

  /**
   * Sends a dispatch on the current session. With no open socket it is only stored, and replayed when the
   * client resumes, as Discord does.
   */
  dispatch(t: string, d: unknown, shard?: number): void {
    const session = shard === undefined ? this.#current : this.#byShard.get(shard);
    if (!session) throw new Error(`fake discord: no gateway session${shard === undefined ? '' : ` for shard ${shard}`} to dispatch on (wait for IDENTIFY first)`);
    const s = ++session.seq;
    session.sent.push({ s, t, d });
    if (session.socket?.readyState === WebSocket.OPEN) this.#send(session.socket, { op: 0, t, s, d });
  }

  /**
   * Dispatches INTERACTION_CREATE for `interaction` and remembers it so its callback and webhook routes work.
   * `shard`: the session of that shard (as Discord routes a guild's events to one shard); default the latest.
   */
  sendInteraction<T extends InteractionPayload>(interaction: T, shard?: number): T {
    this.registerInteraction(interaction);
    this.dispatch('INTERACTION_CREATE', interaction, shard);
    return interaction;
  }

  /** Sends a dispatch on every session with an open socket (two clients holding the same shard, say). Returns how many. */
  dispatchToEverySession(t: string, d: unknown): number {
    let sent = 0;
    for (const session of this.#sessions.values()) {
      if (session.socket?.readyState !== WebSocket.OPEN) continue;
      const s = ++session.seq;
      session.sent.push({ s, t, d });
      this.#send(session.socket, { op: 0, t, s, d });
      sent++;
    }
    return sent;
  }

  /** Shards whose session identified, by shard id (`[id, count]` from IDENTIFY). */
  get identifiedShards(): number[] {
    return [...this.#byShard.keys()].sort((a, b) => a - b);
  }

  /**
   * Remembers an interaction delivered some other way (the HTTP endpoint), so its callback and webhook routes work.
   * Then `callback(interaction, body)` plays Discord taking the endpoint's HTTP answer as the first response.
   */
  registerInteraction(interaction: InteractionPayload): void {
    const record: InteractionRecord = {
      id: interaction.id,
      token: interaction.token,
      type: interaction.type,
      channelId: interaction.channel_id ?? this.channelId,
      acknowledged: false,
      user: interaction.member?.user ?? interaction.user,
    };
    if (interaction.message?.id) {
      record.componentMessageId = interaction.message.id;
      if (!this.messages.has(interaction.message.id)) this.addMessage(interaction.message as FakeMessage);
    }
    this.interactions.set(interaction.token, record);
  }

  /** POSTs `body` (an endpoint's HTTP answer, as text) to this fake's own callback route for `interaction`. */
  async callback(interaction: InteractionPayload, body: string): Promise<Response> {
    return fetch(`${this.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  }

  /** Sends a raw gateway opcode on the current socket: 7 RECONNECT, 9 INVALID SESSION (d: resumable), ... */
  sendOp(op: number, d: unknown = null): void {
    const socket = this.#current?.socket;
    if (socket?.readyState === WebSocket.OPEN) this.#send(socket, { op, d, s: null, t: null });
  }

  /** Kills the current socket without a close frame (a network drop: the client sees 1006 and resumes). */
  dropSocket(): void {
    const session = this.#current;
    session?.socket?.terminate();
    if (session) session.socket = undefined;
  }

  /** Closes the current socket with a gateway close code (4000 unknown error → resume, 4004 → fatal, ...). */
  closeSocket(code: number, reason = ''): void {
    const session = this.#current;
    session?.socket?.close(code, reason);
    if (session) session.socket = undefined;
  }

  #onSocket(socket: WebSocket, req: IncomingMessage): void {
    this.#gatewayEvent('connect', { url: req.url });
    socket.on('close', (code) => {
      this.#gatewayEvent('close', { code });
      for (const session of this.#sessions.values()) if (session.socket === socket) session.socket = undefined;
    });
    socket.on('error', () => undefined);
    if (this.#options.silentGateway) return;
    const heartbeat_interval = this.#options.heartbeatIntervalMs ?? 41_250;
    this.#send(socket, { op: 10, d: { heartbeat_interval }, s: null, t: null });
    socket.on('message', (data: RawData) => this.#onGatewayMessage(socket, data));
  }

  #onGatewayMessage(socket: WebSocket, data: RawData): void {
    let payload: { op: number; d: Record<string, unknown> | number | null };
    try {
      payload = JSON.parse(data.toString()) as typeof payload;
    } catch {
      socket.close(4002, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case 1:
        this.#gatewayEvent('heartbeat', { seq: payload.d });
        if (this.ackHeartbeats) this.#send(socket, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        return this.#identify(socket, payload.d as Record<string, unknown>);
      case 6:
        return this.#resume(socket, payload.d as Record<string, unknown>);
      default:
        this.#gatewayEvent('send', payload);
    }
  }

  #identify(socket: WebSocket, d: Record<string, unknown>): void {
    const { token: _token, ...detail } = d;
    this.#gatewayEvent('identify', detail);
    if (this.#options.token !== undefined && d.token !== this.#options.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const session: GatewaySession = { id: randomBytes(16).toString('hex'), seq: 0, sent: [], socket };
    this.#sessions.set(session.id, session);
    this.#current = session;
    const shard = Array.isArray(d.shard) && d.shard.length === 2 ? (d.shard as [number, number]) : ([0, 1] as [number, number]);
    this.#byShard.set(shard[0], session);
    const ready = {
      v: 10,
      user: { ...this.#botUser(), verified: true, mfa_enabled: false },
      guilds: [],
      session_id: session.id,
      resume_gateway_url: `${this.gatewayUrl}/resume`,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    };
    this.dispatch('READY', ready, shard[0]);
  }

  #resume(socket: WebSocket, d: Record<string, unknown>): void {
    this.#gatewayEvent('resume', { session_id: d.session_id, seq: d.seq });
    const session = this.#sessions.get(String(d.session_id));
    if (!session || (this.#options.token !== undefined && d.token !== this.#options.token)) {
      this.#send(socket, { op: 9, d: false, s: null, t: null });
      return;
    }
    session.socket = socket;
    this.#current = session;
    const after = Number(d.seq ?? 0);
    for (const event of session.sent) if (event.s > after) this.#send(socket, { op: 0, t: event.t, s: event.s, d: event.d });
    this.dispatch('RESUMED', {});
  }

  #send(socket: WebSocket, payload: unknown): void {
    socket.send(JSON.stringify(payload));
  }

  #gatewayEvent(kind: GatewayEvent['kind'], detail?: unknown): void {
    this.gatewayEvents.push({ kind, at: Date.now(), detail });
    this.emit('gateway', kind);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interaction payloads, complete enough for discord.js (entitlements, authorizing_integration_owners, ...)

  /** A member of the fake guild with `permissions` (default: an ordinary member). */
  member(permissions: bigint = MEMBER_PERMISSIONS, userId = '300000000000000001') {
    return {
      user: { id: userId, username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null, public_flags: 0 },
      roles: [],
      permissions: permissions.toString(),
      joined_at: '2024-01-01T00:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      premium_since: null,
      communication_disabled_until: null,
    };
  }

  #base(type: number, overrides: InteractionOverrides) {
    const appPermissions = overrides.appPermissions ?? MEMBER_PERMISSIONS | Permission.PinMessages;
    return {
      id: snowflake(),
      application_id: this.applicationId,
      type,
      guild_id: this.guildId,
      guild: { id: this.guildId, locale: 'en-US', features: [] },
      channel: { id: this.channelId, type: 0, guild_id: this.guildId, name: 'general', position: 0, flags: 0, permissions: appPermissions.toString() },
      channel_id: this.channelId,
      member: this.member(overrides.memberPermissions, overrides.userId),
      token: `fake-interaction-${randomBytes(24).toString('base64url')}`,
      version: 1,
      app_permissions: appPermissions.toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': this.guildId },
      context: 0,
      attachment_size_limit: 26_214_400,
    };
  }

  /** A slash command (type 2, chat input) with top-level options. */
  slashCommand(name: string, options: Record<string, string | number | boolean> = {}, overrides: InteractionOverrides = {}) {
    return {
      ...this.#base(2, overrides),
      data: { id: snowflake(), name, type: 1, guild_id: this.guildId, options: toOptions(options) },
    };
  }

  /** An autocomplete request (type 4) with `focused` being typed. */
  autocomplete(name: string, focused: string, value: string, options: Record<string, string | number | boolean> = {}, overrides: InteractionOverrides = {}) {
    const all = toOptions(options).concat([{ name: focused, type: 3, value, focused: true }]);
    return { ...this.#base(4, overrides), data: { id: snowflake(), name, type: 1, guild_id: this.guildId, options: all } };
  }

  /** A button press (type 3) on `message`, which must be a message the fake knows (or will be added). */
  button(customId: string, message: FakeMessage, overrides: InteractionOverrides = {}) {
    return { ...this.#base(3, overrides), message, data: { custom_id: customId, component_type: 2 } };
  }

  /** A message context-menu command (type 2, command type 3) on a message by someone else. */
  messageCommand(name: string, content: string, overrides: InteractionOverrides = {}) {
    const target = {
      id: snowflake(),
      channel_id: this.channelId,
      type: 0,
      content,
      author: { id: '300000000000000002', username: 'poster', discriminator: '0', global_name: 'Poster', avatar: null, public_flags: 0 },
      embeds: [],
      attachments: [],
      components: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
    };
    return {
      ...this.#base(2, overrides),
      data: { id: snowflake(), name, type: 3, guild_id: this.guildId, target_id: target.id, resolved: { messages: { [target.id]: target } } },
    };
  }
}

export interface InteractionOverrides {
  memberPermissions?: bigint;
  appPermissions?: bigint;
  /** The member's user id (default: the same reader for every interaction). */
  userId?: string;
}

export interface InteractionPayload {
  id: string;
  token: string;
  type: number;
  channel_id?: string;
  message?: { id: string };
  member?: { user: { id: string; username: string } };
  user?: { id: string; username: string };
}

function toOptions(options: Record<string, string | number | boolean>) {
  return Object.entries(options).map(([name, value]) => ({
    name,
    type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3,
    value,
  })) as { name: string; type: number; value: string | number | boolean; focused?: boolean }[];
}

function pickMessage(data: Record<string, unknown>): Partial<FakeMessage> {
  const out: Partial<FakeMessage> = {};
  if (typeof data.content === 'string') out.content = data.content;
  if (Array.isArray(data.embeds)) out.embeds = data.embeds;
  if (Array.isArray(data.components)) out.components = data.components;
  if (typeof data.flags === 'number') out.flags = data.flags;
  return out;
}

const LITERAL_SEGMENTS = new Set(['gateway', 'bot', 'applications', 'guilds', 'commands', 'interactions', 'callback', 'webhooks', 'messages', 'channels', 'pins', 'users', '@me']);

/** Route shape with ids replaced: `/channels/:id/messages/pins/:id`, `/webhooks/:id/:token/messages/:id`. */
function placeholder(parts: string[], i: number): string {
  const part = parts[i]!;
  if (LITERAL_SEGMENTS.has(part)) return part;
  if (i === 2 && (parts[0] === 'interactions' || parts[0] === 'webhooks')) return ':token';
  return ':id';
}

function matches(matcher: RequestMatcher, request: { method: string; path: string }): boolean {
  if (matcher.method && matcher.method !== request.method) return false;
  if (matcher.path === undefined) return true;
  return typeof matcher.path === 'string' ? matcher.path === request.path : matcher.path.test(request.path);
}
