/**
 * The HTTP interactions endpoint, end to end over real sockets on 127.0.0.1: requests signed with a key pair
 * made here, answers compared with the offline CLI's `--json` output for the same command, every rejection
 * proven to reach no handler, deferred answers and pins checked at the fake Discord (test/support/fake-discord.ts,
 * which validates bodies against Discord's published schemas), a burst of 500 concurrent signed requests, and
 * `npm run serve` itself as a child process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIInteraction,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { loadBot, type Bot } from '../src/core/bot.js';
import { handle } from '../src/core/respond.js';
import type { Reply } from '../src/core/types.js';
import { createLogger } from '../src/log.js';
import { parseCommandLine } from '../src/cli.js';
import { readPinnedPosts, writePinnedPosts } from '../src/state.js';
import { createInteractionServer, type InteractionServer, type InteractionServerOptions } from '../src/transports/http.js';
import { NO_TOKEN_NOTE } from '../src/transports/effects.js';
import { validateBody } from './support/discord-schemas.js';
import { FakeDiscord, Faults, MEMBER_PERMISSIONS, Permission, type RecordedRequest } from './support/fake-discord.js';
import { makeSigningKeys, signatureHeaders, type SigningKeys } from './support/signed-requests.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BOT_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GAAAAA.test-token-not-real';

// ---------------------------------------------------------------------------------------------------------
// Signing, as Discord does: Ed25519 over timestamp + raw body, hex in X-Signature-Ed25519.

const nowSeconds = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------------------------
// A raw HTTP client (fetch hides status details like Allow and closes on its own terms).

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  ms: number;
}

function rawRequest(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/interactions', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function postSigned(port: number, keys: SigningKeys, body: string, timestamp?: string): Promise<RawResponse> {
  return rawRequest(port, { body, headers: { 'content-type': 'application/json', ...signatureHeaders(keys, body, timestamp) } });
}

// ---------------------------------------------------------------------------------------------------------
// Playing Discord: the test signs and posts the interaction to the endpoint, then hands the endpoint's HTTP
// answer to the fake Discord as the interaction's callback, as Discord does with it. The fake checks it
// against Discord's published schema and creates the original message, so the endpoint's later edits,
// follow-ups and pins land on real (fake) messages.

type Payload = { id: string; token: string; type: number; channel_id?: string; message?: { id: string } };

function registerWithFake(interaction: Payload): void {
  fake.interactions.set(interaction.token, {
    id: interaction.id,
    token: interaction.token,
    type: interaction.type,
    channelId: interaction.channel_id ?? fake.channelId,
    acknowledged: false,
    ...(interaction.message ? { componentMessageId: interaction.message.id } : {}),
  });
}

async function viaDiscord(port: number, interaction: Payload): Promise<{ status: number; response: APIInteractionResponse; ms: number }> {
  registerWithFake(interaction);
  const res = await postSigned(port, keys, JSON.stringify(interaction));
  expect(res.status, res.text).toBe(200);
  const callback = await fetch(`${fake.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: res.text,
  });
  expect(callback.status, `Discord would refuse this answer: ${await callback.clone().text()}`).toBeLessThan(300);
  return { status: res.status, response: JSON.parse(res.text) as APIInteractionResponse, ms: res.ms };
}

const byToken = (token: string) => (r: RecordedRequest) => r.path.includes(`/${token}`) && !r.path.startsWith('/interactions/');

// ---------------------------------------------------------------------------------------------------------

let bot: Bot;
let keys: SigningKeys;
let fake: FakeDiscord;
let dataDir: string;
const logLines: Record<string, unknown>[] = [];
let answered = 0;
const servers: InteractionServer[] = [];

async function startEndpoint(overrides: Partial<InteractionServerOptions> = {}, config: Partial<InteractionServerOptions['config']> = {}): Promise<{ endpoint: InteractionServer; port: number }> {
  const endpoint = createInteractionServer({
    bot,
    // Every request here comes from the fake's one member; the cooldown has its own tests (test/reliability).
    config: { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: fake.apiUrl, DISCORD_TOKEN: BOT_TOKEN, DATA_DIR: dataDir, COOLDOWN_LIMIT: 0, COOLDOWN_WINDOW_SECONDS: 10, ...config },
    logger: createLogger({ level: 'debug', secrets: [BOT_TOKEN], write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) }),
    answer: (interaction) => {
      answered += 1;
      return handle(interaction, bot);
    },
    ...overrides,
  });
  servers.push(endpoint);
  const { port } = await endpoint.listen(0, '127.0.0.1');
  return { endpoint, port };
}

let main: { endpoint: InteractionServer; port: number };

beforeAll(async () => {
  bot = await loadBot();
  keys = makeSigningKeys();
  fake = await FakeDiscord.start({ token: BOT_TOKEN });
  dataDir = mkdtempSync(join(tmpdir(), 'http-endpoint-'));
  main = await startEndpoint();
});

afterAll(async () => {
  for (const endpoint of servers) await endpoint.close(2000);
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const interactionLogs = () => logLines.filter((l) => l.event === 'interaction');

describe('HTTP endpoint: PING and health', () => {
  it('GIVEN a signed PING WHEN it is posted THEN the answer is PONG and no command handler runs', async () => {
    const before = answered;
    const res = await postSigned(main.port, keys, JSON.stringify({ type: InteractionType.Ping, id: '1', application_id: '1', token: 'x', version: 1 }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.text)).toEqual({ type: InteractionResponseType.Pong });
    expect(answered).toBe(before);
  });

  it('GIVEN the endpoint WHEN GET /healthz THEN 200 with ok and the corpus digest', async () => {
    const res = await rawRequest(main.port, { method: 'GET', path: '/healthz' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ ok: true, corpus: bot.case.digest });
  });
});

describe('HTTP endpoint: rejected requests reach no handler', () => {
  const ping = JSON.stringify({ type: 1, id: '1', application_id: '1', token: 'x', version: 1 });
  const command = () => JSON.stringify(fake.slashCommand('sources'));

  const cases: { name: string; status: number; send: () => Promise<RawResponse>; allow?: string }[] = [
    {
      name: 'GIVEN a body signed by another key WHEN posted THEN 401',
      status: 401,
      send: () => {
        const body = command();
        return rawRequest(main.port, { body, headers: signatureHeaders(makeSigningKeys(), body) });
      },
    },
    {
      name: 'GIVEN a signed body altered by one byte WHEN posted THEN 401',
      status: 401,
      send: () => {
        const body = command();
        const headers = signatureHeaders(keys, body);
        return rawRequest(main.port, { body: body.replace('"sources"', '"sourcez"'), headers });
      },
    },
    {
      name: 'GIVEN no X-Signature-Ed25519 header WHEN posted THEN 401',
      status: 401,
      send: () => {
        const body = command();
        const { 'x-signature-timestamp': timestamp } = signatureHeaders(keys, body);
        return rawRequest(main.port, { body, headers: { 'x-signature-timestamp': timestamp! } });
      },
    },
    {
      name: 'GIVEN no X-Signature-Timestamp header WHEN posted THEN 401',
      status: 401,
      send: () => {
        const body = command();
        const { 'x-signature-ed25519': signature } = signatureHeaders(keys, body);
        return rawRequest(main.port, { body, headers: { 'x-signature-ed25519': signature! } });
      },
    },
    {
      name: 'GIVEN a correctly signed request whose timestamp is 6 minutes old WHEN posted THEN 401 (replay window)',
      status: 401,
      send: () => postSigned(main.port, keys, command(), String(nowSeconds() - 360)),
    },
    {
      name: 'GIVEN a correctly signed request whose timestamp is 6 minutes ahead WHEN posted THEN 401',
      status: 401,
      send: () => postSigned(main.port, keys, command(), String(nowSeconds() + 360)),
    },
    {
      name: 'GIVEN a correctly signed PING whose timestamp is not a number WHEN posted THEN 401',
      status: 401,
      send: () => postSigned(main.port, keys, ping, 'yesterday'),
    },
    {
      name: 'GIVEN a correctly signed body over 64 KiB WHEN posted THEN 413',
      status: 413,
      send: () => {
        const body = JSON.stringify({ ...fake.slashCommand('sources'), padding: 'x'.repeat(70 * 1024) });
        return postSigned(main.port, keys, body);
      },
    },
    {
      name: 'GIVEN a correctly signed body that is not JSON WHEN posted THEN 400',
      status: 400,
      send: () => postSigned(main.port, keys, '{"type":2,'),
    },
    {
      name: 'GIVEN a correctly signed JSON body that is not an interaction WHEN posted THEN 400',
      status: 400,
      send: () => postSigned(main.port, keys, JSON.stringify([{ type: 2 }])),
    },
    {
      name: 'GIVEN GET /interactions WHEN sent THEN 405 with Allow: POST',
      status: 405,
      allow: 'POST',
      send: () => rawRequest(main.port, { method: 'GET' }),
    },
    {
      name: 'GIVEN PUT /interactions with a signed body WHEN sent THEN 405 with Allow: POST',
      status: 405,
      allow: 'POST',
      send: () => {
        const body = command();
        return rawRequest(main.port, { method: 'PUT', body, headers: signatureHeaders(keys, body) });
      },
    },
    {
      name: 'GIVEN POST /healthz WHEN sent THEN 405 with Allow: GET, HEAD',
      status: 405,
      allow: 'GET, HEAD',
      send: () => rawRequest(main.port, { method: 'POST', path: '/healthz', body: '{}' }),
    },
    {
      name: 'GIVEN a signed command posted to an unknown path WHEN sent THEN 404',
      status: 404,
      send: () => {
        const body = command();
        return rawRequest(main.port, { path: '/interactions/extra', body, headers: signatureHeaders(keys, body) });
      },
    },
  ];

  for (const c of cases) {
    it(c.name + ', and no handler runs', async () => {
      const answeredBefore = answered;
      const loggedBefore = interactionLogs().length;
      const restBefore = fake.requests.length;
      const res = await c.send();
      expect(res.status).toBe(c.status);
      if (c.allow) expect(res.headers.allow).toBe(c.allow);
      expect(answered).toBe(answeredBefore);
      expect(interactionLogs().length).toBe(loggedBefore);
      expect(fake.requests.length).toBe(restBefore);
    });
  }

  it('GIVEN a body streamed without Content-Length that never ends WHEN it passes 64 KiB THEN 413 arrives while the client is still sending, and no handler runs', async () => {
    const answeredBefore = answered;
    const headers = { ...signatureHeaders(keys, 'irrelevant'), 'transfer-encoding': 'chunked' };
    const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const req = httpRequest({ host: '127.0.0.1', port: main.port, method: 'POST', path: '/interactions', headers }, (res) => {
        clearInterval(timer);
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (error) => (sent > 0 ? undefined : reject(error)));
      // 16 KiB every few ms and never end(): a server that waited for the whole body would never answer.
      timer = setInterval(() => {
        if (sent > 8 * 1024 * 1024) {
          clearInterval(timer);
          reject(new Error('server kept reading past 8 MiB'));
          return;
        }
        req.write(Buffer.alloc(16 * 1024, 0x61));
        sent += 16 * 1024;
      }, 2);
    });
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(1024 * 1024);
    expect(answered).toBe(answeredBefore);
  });

  it('GIVEN a declared Content-Length of 10 MiB WHEN the headers arrive THEN 413 without waiting for the body', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: main.port, method: 'POST', path: '/interactions', headers: { 'content-length': String(10 * 1024 * 1024) } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.flushHeaders(); // send the headers only; no body byte is ever written
    });
    expect(res).toBe(413);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Same answers as the CLI

/** One line per slash command; every loaded chat-input command must be here (a new one fails this test). */
const COMMAND_LINES: Record<string, string[]> = {
  ask: ['/ask question:could netflix see my private messages', '/ask what is the weather on mars'],
  claim: ['/claim', '/claim topic:inbox api'],
  denial: ['/denial'],
  help: ['/help'],
  money: ['/money'],
  quote: ["/quote text:Meta didn't share people's private messages with Netflix", '/quote text:Netflix never had any access at all'],
  sources: ['/sources'],
  timeline: ['/timeline', '/timeline from:2015 to:2018', '/timeline from:1900 to:1901'],
};

function cliJson(lines: readonly string[]): string[] {
  const cli = join(ROOT, 'dist/src/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npm test does; or npx tsc -p .)`);
  const { CORPUS_DIR: _otherCorpus, ...env } = process.env; // the same bundled corpus as the endpoint under test
  const run = spawnSync(process.execPath, [cli, '--json'], { input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 15_000, env });
  expect(run.status, run.stderr).toBe(0);
  const out = run.stdout.split('\n').filter(Boolean);
  expect(out).toHaveLength(lines.length);
  return out;
}

/** A message the fake's default reader asked for (its buttons may edit it: see `mayUpdate` in respond.ts). */
const askedByReader = { id: '1', type: 2, user: { id: '300000000000000001', username: 'reader' }, authorizing_integration_owners: {} };

/** The custom_id of the "Next" button on the first page of `/name` (which must have more than one page). */
function nextPageId(name: string): string {
  const first = handle(fake.slashCommand(name) as unknown as APIInteraction, bot).response as { data?: { components?: { components: { custom_id?: string; disabled?: boolean }[] }[] } };
  const next = first.data?.components?.flatMap((row) => row.components).find((b) => b.custom_id?.startsWith(`${name}|page|`) && !b.disabled);
  if (!next?.custom_id) throw new Error(`/${name} has no enabled pager button: pick a command whose answer has several pages`);
  return next.custom_id;
}

describe('HTTP endpoint: the same answers as the CLI', () => {
  it('GIVEN the command table WHEN compared with the loaded commands THEN every slash command has a line', () => {
    const slashNames = bot.commands.filter((c) => (c.data.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput).map((c) => c.data.name);
    expect(Object.keys(COMMAND_LINES).sort()).toEqual([...slashNames].sort());
  });

  it("GIVEN each slash command WHEN signed and posted THEN the HTTP answer is byte for byte the CLI's --json line, and Discord's schema accepts it", async () => {
    const lines = Object.values(COMMAND_LINES).flat();
    const expected = cliJson(lines);
    for (const [i, line] of lines.entries()) {
      const interaction = parseCommandLine(line, bot.commands);
      if ('error' in interaction) throw new Error(`${line}: ${interaction.error}`);
      const res = await postSigned(main.port, keys, JSON.stringify(interaction));
      expect(res.status, line).toBe(200);
      expect(res.text, line).toBe(expected[i]);
      // Hand it to the fake as Discord would: it must be a callback Discord accepts.
      registerWithFake(interaction);
      const callback = await fetch(`${fake.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: res.text,
      });
      expect(callback.status, `${line}: ${await callback.clone().text()}`).toBe(204);
    }
  });

  it('GIVEN autocomplete and a pager button WHEN posted THEN the answers equal the core’s own for the same interactions', async () => {
    const complete = fake.autocomplete('claim', 'topic', 'inb');
    const completeRes = await postSigned(main.port, keys, JSON.stringify(complete));
    expect(JSON.parse(completeRes.text)).toEqual(handle(complete as unknown as APIInteraction, bot).response);
    expect(JSON.parse(completeRes.text).type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);

    const message = fake.addMessage({ id: '900000000000000001', channel_id: fake.channelId, interaction_metadata: askedByReader });
    const press = fake.button(nextPageId('claim'), message);
    const pressRes = await postSigned(main.port, keys, JSON.stringify(press));
    expect(JSON.parse(pressRes.text)).toEqual(handle(press as unknown as APIInteraction, bot).response);
    expect(JSON.parse(pressRes.text).type).toBe(InteractionResponseType.UpdateMessage);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Deferred answers and pins

const MODERATOR = MEMBER_PERMISSIONS | Permission.PinMessages;

/** An answerer that takes `ms` before giving the core's answer, as work off the event loop would. */
const slowAnswer = (ms: number) => async (interaction: APIInteraction): Promise<Reply> => {
  answered += 1;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return handle(interaction, bot);
};

describe('HTTP endpoint: deferred answers', () => {
  let slow: { endpoint: InteractionServer; port: number };
  beforeAll(async () => {
    slow = await startEndpoint({ answer: slowAnswer(300), deferAfterMs: 50 });
  });

  it('GIVEN an answer not ready within the deferral budget WHEN a command is posted THEN the endpoint defers at once and PATCHes the answer to @original', async () => {
    const interaction = fake.slashCommand('money');
    const expected = handle(interaction as unknown as APIInteraction, bot).response as { data: Record<string, unknown> };
    const { response, ms } = await viaDiscord(slow.port, interaction);
    expect(response).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    expect(ms).toBeLessThan(250); // well before the 300 ms answer
    await slow.endpoint.idle();
    // A first PATCH may meet 404 (the deferral not yet processed) and be retried; the one that landed counts.
    const edit = fake.requestsTo({ method: 'PATCH' }).filter(byToken(interaction.token)).find((r) => r.status === 200);
    expect(edit, 'no PATCH of @original').toBeDefined();
    expect(edit!.path).toBe(`/webhooks/${interaction.application_id}/${interaction.token}/messages/@original`);
    expect(edit!.status).toBe(200);
    expect(edit!.problems).toEqual([]);
    expect(edit!.authorization).toBeUndefined(); // the interaction token is the credential, not the bot token
    const { flags: _flags, ...body } = expected.data;
    expect(edit!.body).toEqual(body);
    const original = fake.interactions.get(interaction.token)?.originalMessageId;
    expect(fake.messages.get(original!)?.content).toBe(expected.data.content);
    expect(interactionLogs().at(-1)).toMatchObject({ id: interaction.id, command: 'money', outcome: 'deferred: edited' });
  });

  it('GIVEN a late answer that is ephemeral WHEN it is ready THEN the public placeholder is deleted and the answer is sent as an ephemeral follow-up', async () => {
    const interaction = fake.slashCommand('timeline', { from: '1900', to: '1901' });
    const expected = handle(interaction as unknown as APIInteraction, bot).response as { data: { flags?: number; content?: string } };
    expect(expected.data.flags).toBe(MessageFlags.Ephemeral);
    await viaDiscord(slow.port, interaction);
    await slow.endpoint.idle();
    const landed = fake.requests.filter(byToken(interaction.token)).filter((r) => r.status < 300);
    expect(landed.map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 204', 'POST 200']);
    const followUp = landed[1]!;
    expect(followUp.query).toEqual({ wait: 'true' });
    expect(followUp.body).toEqual(expected.data);
  });

  it('GIVEN a pager button whose answer is late WHEN pressed THEN the endpoint acknowledges silently (type 6) and edits the button’s message', async () => {
    const message = fake.addMessage({ id: '900000000000000002', channel_id: fake.channelId, content: 'page 1', interaction_metadata: askedByReader });
    const press = fake.button(nextPageId('claim'), message);
    const expected = handle(press as unknown as APIInteraction, bot).response as { data: { content: string } };
    const { response } = await viaDiscord(slow.port, press);
    expect(response).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    await slow.endpoint.idle();
    expect(fake.messages.get(message.id)?.content).toBe(expected.data.content);
  });

  it('GIVEN autocomplete whose answer is late WHEN typed THEN it gets an empty choice list in time (autocomplete cannot be deferred) and nothing is sent later', async () => {
    const complete = fake.autocomplete('claim', 'topic', 'inb');
    const res = await postSigned(slow.port, keys, JSON.stringify(complete));
    expect(JSON.parse(res.text)).toEqual({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
    await slow.endpoint.idle();
    expect(fake.requests.filter(byToken(complete.token))).toEqual([]);
  });
});

describe('HTTP endpoint: moderator pins over REST', () => {
  it('GIVEN a moderator asks to pin the timeline WHEN posted THEN the endpoint defers, PATCHes the timeline, pins it with the bot token and remembers it in DATA_DIR', async () => {
    const interaction = fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR });
    const reply = handle(interaction as unknown as APIInteraction, bot);
    expect(reply.effects?.[0]?.kind).toBe('pin-timeline');
    const { response } = await viaDiscord(main.port, interaction);
    expect(response).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    await main.endpoint.idle();
    const original = fake.interactions.get(interaction.token)!.originalMessageId!;
    const pin = fake.requestsTo({ method: 'PUT', path: `/channels/${fake.channelId}/messages/pins/${original}` });
    expect(pin).toHaveLength(1);
    expect(pin[0]!.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(pin[0]!.status).toBe(204);
    expect(fake.messages.get(original)?.pinned).toBe(true);
    expect(fake.messages.get(original)?.content).toBe((reply.response as { data: { content: string } }).data.content);
    const posts = await readPinnedPosts(dataDir);
    expect(posts).toContainEqual(
      expect.objectContaining({ channelId: fake.channelId, messageId: original, guildId: fake.guildId, digest: reply.effects![0]!.digest, options: reply.effects![0]!.options }),
    );
    expect(interactionLogs().at(-1)).toMatchObject({ id: interaction.id, outcome: 'deferred: edited; pinned' });
    expect(JSON.stringify(logLines)).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(logLines)).not.toContain(interaction.token);
  });

  it('GIVEN Discord refuses the pin with Missing Permissions WHEN a moderator pins THEN the timeline stays posted and the moderator is told privately which permission is missing', async () => {
    fake.override({ method: 'PUT', path: /\/messages\/pins\// }, Faults.missingPermissions());
    const interaction = fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR });
    await viaDiscord(main.port, interaction);
    await main.endpoint.idle();
    const followUp = fake.requestsTo({ method: 'POST' }).find(byToken(interaction.token));
    expect(followUp?.body).toMatchObject({ flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } });
    expect((followUp?.body as { content: string }).content).toContain('Pin Messages');
    const original = fake.interactions.get(interaction.token)!.originalMessageId!;
    expect(fake.messages.get(original)?.pinned).toBe(false);
    expect((await readPinnedPosts(dataDir)).some((p) => p.messageId === original)).toBe(false);
  });

  it('GIVEN an endpoint without DISCORD_TOKEN WHEN a moderator pins THEN the timeline is posted, no pin is attempted, and the moderator is told why, politely and privately', async () => {
    const tokenless = await startEndpoint({}, { DISCORD_TOKEN: undefined });
    const interaction = fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR });
    await viaDiscord(tokenless.port, interaction);
    await tokenless.endpoint.idle();
    const calls = fake.requests.filter(byToken(interaction.token)).filter((r) => r.status < 300);
    expect(calls.map((r) => r.method)).toEqual(['PATCH', 'POST']);
    expect(calls[1]!.body).toEqual({ content: NO_TOKEN_NOTE, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } });
    expect(fake.requests.filter((r) => r.method === 'PUT' && r.at >= calls[0]!.at)).toEqual([]);
  });

  it('GIVEN a member without Pin Messages WHEN they ask to pin THEN the core’s ephemeral refusal is the immediate answer and nothing is sent to Discord later', async () => {
    const interaction = fake.slashCommand('timeline', { pin: true });
    const { response } = await viaDiscord(main.port, interaction);
    expect(response).toEqual(handle(interaction as unknown as APIInteraction, bot).response);
    expect((response as { data: { flags: number } }).data.flags).toBe(MessageFlags.Ephemeral);
    await main.endpoint.idle();
    expect(fake.requests.filter(byToken(interaction.token))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Load and shutdown

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe('HTTP endpoint: a burst of 500 concurrent signed requests', () => {
  it('GIVEN 500 signed commands sent at once WHEN all are answered THEN each answer is the right one, and the rate and p99 latency are reported', async () => {
    const lines = Object.values(COMMAND_LINES).flat();
    const jobs = Array.from({ length: 500 }, (_, i) => {
      const interaction = parseCommandLine(lines[i % lines.length]!, bot.commands);
      if ('error' in interaction) throw new Error(interaction.error);
      const body = JSON.stringify(interaction);
      return { body, expected: JSON.stringify(handle(interaction, bot).response), headers: { 'content-type': 'application/json', ...signatureHeaders(keys, body) } };
    });
    const answeredBefore = answered;
    const started = performance.now();
    const results = await Promise.all(jobs.map((job) => rawRequest(main.port, { body: job.body, headers: job.headers })));
    const wallMs = performance.now() - started;
    results.forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.text).toBe(jobs[i]!.expected);
      expect(validateBody('interaction-callback', JSON.parse(res.text)), `answer ${i}`).toEqual([]);
    });
    // The mix really is a mix (a transport answering every request with one cached body would fail here).
    expect(new Set(jobs.map((j) => j.expected)).size).toBeGreaterThanOrEqual(Math.min(lines.length, 10));
    expect(answered - answeredBefore).toBe(500);
    // Each interaction logged once, as answered at once (none deferred, none refused as a duplicate).
    const ids = jobs.map((j) => (JSON.parse(j.body) as { id: string }).id);
    const logged = interactionLogs().filter((l) => ids.includes(l.id as string));
    expect(logged).toHaveLength(500);
    expect(new Set(logged.map((l) => l.id)).size).toBe(500);
    expect(logged.filter((l) => !String(l.outcome).startsWith('replied'))).toEqual([]);
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    const figure = {
      requests: 500,
      wallMs: Math.round(wallMs),
      requestsPerSecond: Math.round(500 / (wallMs / 1000)),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(latencies.at(-1)!),
    };
    console.log(`[http burst] ${JSON.stringify(figure)}`);
    expect(figure.p99Ms).toBeLessThan(3000); // inside Discord's window even at the tail
  });
});

describe('HTTP endpoint: graceful shutdown', () => {
  it('GIVEN a request in flight and a deferred edit pending WHEN the server closes THEN both finish, new connections are refused, and close resolves after them', async () => {
    const closing = await startEndpoint({ answer: slowAnswer(200), deferAfterMs: 20 });
    const interaction = fake.slashCommand('sources');
    registerWithFake(interaction);
    const body = JSON.stringify(interaction);
    const inFlight = rawRequest(closing.port, { body, headers: signatureHeaders(keys, body) });
    await new Promise((resolve) => setTimeout(resolve, 5)); // the request has arrived, the answer is not ready
    const closed = closing.endpoint.close(5000);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    await fetch(`${fake.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: res.text });
    await closed;
    // close() waited for the deferred edit
    expect(fake.requestsTo({ method: 'PATCH' }).filter(byToken(interaction.token)).at(-1)?.status).toBe(200);
    await expect(rawRequest(closing.port, { method: 'GET', path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// npm run serve

describe('npm run serve (dist/src/serve.js)', () => {
  const serveJs = join(ROOT, 'dist/src/serve.js');
  const env = (extra: Record<string, string>) => {
    const clean: Record<string, string> = { PATH: process.env.PATH ?? '' };
    return { ...clean, DATA_DIR: dataDir, DISCORD_API_URL: fake.apiUrl, ...extra };
  };

  it('GIVEN no DISCORD_PUBLIC_KEY WHEN serve starts THEN it exits 1 with a message naming the variable and where to get it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'serve-cwd-')); // no .env here
    const run = spawnSync(process.execPath, [serveJs], { cwd, env: env({}), encoding: 'utf8', timeout: 15_000 });
    rmSync(cwd, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/DISCORD_PUBLIC_KEY is required/);
    expect(run.stderr).toMatch(/Developer Portal/);
  });

  it('GIVEN a public key, a token and a pinned post from an older corpus WHEN serve starts THEN it logs one start line without secrets, edits the stale post, answers a signed PING, and exits 0 on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'serve-cwd-'));
    const stateDir = join(cwd, 'data');
    const stale = fake.addMessage({ id: '900000000000000077', channel_id: fake.channelId, content: 'old timeline', pinned: true });
    await writePinnedPosts(stateDir, [
      { channelId: fake.channelId, messageId: stale.id, guildId: fake.guildId, options: {}, digest: 'from-an-older-corpus', entries: [], pinnedAt: new Date().toISOString() },
    ]);
    const child = spawn(process.execPath, [serveJs], {
      cwd,
      env: env({ PORT: '0', DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_TOKEN: BOT_TOKEN, DATA_DIR: stateDir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      child.stderr.setEncoding('utf8');
      const started = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 15_000);
        child.stderr.on('data', (chunk: string) => {
          stderr += chunk;
          const line = stderr.split('\n').find((l) => l.includes('"serve-started"'));
          if (line) {
            clearTimeout(timer);
            resolve(JSON.parse(line) as Record<string, unknown>);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${stderr}`)));
      });
      expect(started).toMatchObject({ level: 'info', path: '/interactions', pinning: 'enabled', corpus: bot.case.digest });
      const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${fake.channelId}/messages/${stale.id}`);
      expect(edit.authorization).toBe(`Bot ${BOT_TOKEN}`);
      expect(fake.messages.get(stale.id)?.content).toMatch(/^📌 \*\*Timeline\*\*/);
      const port = started.port as number;
      const pong = await postSigned(port, keys, JSON.stringify({ type: 1, id: '1', application_id: '1', token: 'x', version: 1 }));
      expect(JSON.parse(pong.text)).toEqual({ type: 1 });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('"serve-stopped"');
      expect((await readPinnedPosts(stateDir))[0]?.digest).not.toBe('from-an-older-corpus');
      expect(stderr).not.toContain(BOT_TOKEN);
      expect(stderr).not.toContain(keys.publicHex);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
