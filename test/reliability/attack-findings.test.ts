/**
 * The seven defects and four smaller findings of issue 15 ("tried as an attacker would"), one test each, in the
 * issue's order. Each failed before its fix.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandType, InteractionType, type APIInteraction } from 'discord-api-types/v10';
import { runCli, MAX_LINE_LENGTH } from '../../src/cli.js';
import { configWarnings, readConfig } from '../../src/config.js';
import { loadBot, type Bot } from '../../src/core/bot.js';
import { handle } from '../../src/core/respond.js';
import { createLogger } from '../../src/log.js';
import { main } from '../../src/main.js';
import { readPinnedPosts } from '../../src/state.js';
import { createInteractionServer } from '../../src/transports/http.js';
import { NOT_RECORDED_NOTE } from '../../src/transports/effects.js';
import { FakeDiscord, Faults, MEMBER_PERMISSIONS, Permission } from '../support/fake-discord.js';
import { TEST_TOKEN } from '../support/gateway-harness.js';
import { dist, killChildren, logLines, requireBuilt, ROOT, within } from '../support/processes.js';
import { makeSigningKeys, postSignedRequest, signRequest } from '../support/signed-requests.js';

const CLI = dist('src', 'cli.js');
const MODERATOR = MEMBER_PERMISSIONS | Permission.PinMessages;

let bot: Bot;
beforeAll(async () => {
  requireBuilt(CLI, 'src/cli.ts');
  bot = await loadBot();
});
afterAll(() => killChildren());

/** Runs a shell pipeline in the project folder; resolves with its output and exit status. */
function shell(script: string, input?: Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function collect(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c) => (text += c));
  return { stream, text: () => text };
}

describe('1. gateway start-up when REST works but the websocket never becomes ready', () => {
  it('WHEN READY never comes THEN main() logs start-failed, says why in one line, destroys the client and returns 1 (no raw stack trace)', async () => {
    const fake = await FakeDiscord.start({ token: TEST_TOKEN, silentGateway: true });
    const dataDir = await mkdtemp(join(tmpdir(), 'silent-gw-'));
    try {
      const stderr = collect();
      const code = await within(
        main({
          argv: [],
          env: { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir, COOLDOWN_LIMIT: '0' },
          io: { stdin: Readable.from([]), stdout: collect().stream, stderr: stderr.stream },
          stopSignal: new Promise(() => undefined),
          readyTimeoutMs: 1500,
        }),
        8000,
        'main() to give up',
      );
      expect(code).toBe(1);
      const lines = stderr.text().split('\n').filter(Boolean);
      expect(logLines(stderr.text()).map((l) => l.event)).toContain('start-failed');
      expect(lines.at(-1)).toMatch(/^Could not start the bot: gateway: Discord's REST API answered, but the gateway connection was not ready within 2 s/);
      await fake.waitForGateway('close', 1, 3000); // client.destroy() closed the socket
      expect(stderr.text()).not.toContain(TEST_TOKEN);
    } finally {
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('2. a pin that cannot be recorded (unwritable DATA_DIR)', () => {
  it('WHEN the state write fails after the pin THEN the moderator is told privately, and pin-state-failed is logged', async () => {
    const fake = await FakeDiscord.start();
    const keys = makeSigningKeys();
    const lines: string[] = [];
    const unwritable = Object.assign(new Error("EACCES: permission denied, open 'data/.pinned-timelines.json.tmp'"), { code: 'EACCES' });
    const endpoint = createInteractionServer({
      bot,
      config: { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: fake.apiUrl, DISCORD_TOKEN: TEST_TOKEN, DATA_DIR: '/unused', COOLDOWN_LIMIT: 0, COOLDOWN_WINDOW_SECONDS: 10 },
      logger: createLogger({ level: 'info', write: (line) => lines.push(line) }),
      store: { upsert: () => Promise.reject(unwritable) },
    });
    try {
      const { port } = await endpoint.listen(0);
      const interaction = fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR });
      fake.registerInteraction(interaction);
      const res = await postSignedRequest(`http://127.0.0.1:${port}/interactions`, signRequest(keys, interaction));
      await fake.callback(interaction, JSON.stringify(res.json));
      await endpoint.idle();
      const followUps = fake.requestsTo({ method: 'POST', path: `/webhooks/${fake.applicationId}/${interaction.token}` });
      expect(followUps.map((r) => r.body)).toEqual([{ content: NOT_RECORDED_NOTE, flags: 64, allowed_mentions: { parse: [] } }]);
      expect(logLines(lines.join('\n')).find((l) => l.event === 'pin-state-failed')).toMatchObject({ error: { message: unwritable.message } });
    } finally {
      await endpoint.close(1000);
      await fake.close();
    }
  });
});

describe('3. button arguments are not length-limited', () => {
  const press = (customId: string) =>
    ({
      id: '1900000000000000001',
      application_id: '1900000000000000002',
      type: InteractionType.MessageComponent,
      token: 'forged',
      version: 1,
      data: { custom_id: customId, component_type: 2 },
      channel_id: '1900000000000000003',
      user: { id: '1900000000000000004', username: 'x', discriminator: '0', global_name: null, avatar: null },
      message: { id: '1900000000000000005', channel_id: '1900000000000000003' },
    }) as unknown as APIInteraction;

  // Distinct words the corpus does not know: each one costs the search a fuzzy lookup (0.3-0.5 s per 50k before the fix).
  const unknownWords = (chars: number) => Array.from({ length: Math.ceil(chars / 6) }, (_, i) => `w${((i * 7919) % 100_000).toString(36)}q`).join(' ').slice(0, chars);

  it('WHEN forged custom_ids of 5k to 60k characters arrive THEN each is refused in milliseconds', () => {
    for (const prefix of ['ask|p|2|', 'claim|p|2|', 'timeline|p|2|2015|2019|', 'cite|']) {
      for (const size of [5_000, 60_000]) {
        const started = performance.now();
        const reply = handle(press(prefix + unknownWords(size)), bot);
        const ms = performance.now() - started;
        expect(ms, `${prefix} × ${size}`).toBeLessThan(50);
        expect(reply.response).toMatchObject({ data: { content: 'That button is no longer active. Run the command again.', flags: 64 } });
      }
    }
  });

  it('WHEN a custom_id is exactly 100 characters (Discord’s limit) THEN it is still handled as a button', () => {
    const id = `ask|p|2|${'w'.repeat(92)}`;
    expect(id).toHaveLength(100);
    expect(JSON.stringify(handle(press(id), bot).response)).not.toContain('no longer active');
  });
});

describe('4. HTTP replays within the signature window', () => {
  it('WHEN the same signed request arrives twice THEN it is answered once and the copy gets 409', async () => {
    const fake = await FakeDiscord.start();
    const keys = makeSigningKeys();
    let answered = 0;
    const dataDir = await mkdtemp(join(tmpdir(), 'replay-'));
    const endpoint = createInteractionServer({
      bot,
      config: { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir, COOLDOWN_LIMIT: 0, COOLDOWN_WINDOW_SECONDS: 10 },
      logger: createLogger({ level: 'silent' }),
      answer: (interaction) => {
        answered++;
        return handle(interaction, bot);
      },
    });
    try {
      const { port } = await endpoint.listen(0);
      const signed = signRequest(keys, fake.slashCommand('sources'));
      const url = `http://127.0.0.1:${port}/interactions`;
      const statuses = [(await postSignedRequest(url, signed)).status, (await postSignedRequest(url, signed)).status];
      expect(statuses).toEqual([200, 409]);
      expect(answered).toBe(1);
    } finally {
      await endpoint.close(1000);
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('5. the CLI and a lone carriage return', () => {
  it("WHEN `printf '/help\\r/sources\\n' | npm run -s ask -- --json | wc -l` THEN it prints 1 (one reply per input line)", async () => {
    const { stdout } = await shell(`printf '/help\\r/sources\\n' | node ${CLI} --json | wc -l`);
    expect(stdout.trim()).toBe('1');
  });

  it('WHEN lines end in \\r\\n THEN the \\r is not part of the command (each line answered as typed)', async () => {
    const { stdout } = await shell(`printf '/help\\r\\n/sources\\r\\n' | node ${CLI} --json`);
    const replies = stdout.trim().split('\n').map((l) => JSON.parse(l) as { data: { flags?: number } });
    expect(replies).toHaveLength(2);
    expect(replies.map((r) => r.data.flags ?? 0)).toEqual([0, 0]); // neither is an ephemeral error
  });
});

describe('6. the CLI when its reader goes away (EPIPE)', () => {
  it('WHEN `yes /help | head -3000 | npm run -s ask -- --json | head -1` THEN one reply is printed and the CLI exits 0 without a stack trace', async () => {
    const { stdout, stderr } = await shell(`set -o pipefail; yes /help | head -3000 | node ${CLI} --json | head -1; echo "statuses \${PIPESTATUS[*]}" >&2`);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ type: 4 });
    expect(stderr).not.toMatch(/EPIPE|Unhandled|    at /);
    // yes and head see SIGPIPE (141) as usual; the CLI (third) exits 0.
    expect(stderr).toMatch(/statuses \d+ \d+ 0 0/);
  });
});

describe('7. a 50 MB input line', () => {
  it('WHEN one line is 50 MB THEN the CLI answers it with an error in bounded memory (128 MB heap) and answers the next line', async () => {
    const line = Buffer.alloc(50 * 1024 * 1024, 'a');
    line.write('/ask ', 0);
    const input = Buffer.concat([line, Buffer.from('\n/help\n')]);
    const { code, stdout, stderr } = await shell(`node --max-old-space-size=128 ${CLI} --json`, input);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const replies = stdout.trim().split('\n').map((l) => JSON.parse(l) as { data: { content: string; flags?: number } });
    expect(replies).toHaveLength(2);
    expect(replies[0]!.data).toMatchObject({ content: expect.stringContaining(`longer than ${MAX_LINE_LENGTH} characters`), flags: 64 });
    expect(replies[1]!.data.flags ?? 0).toBe(0);
  }, 30_000);

  it('WHEN a command throws while answering a line THEN the reply says the error has been logged, and it is (stderr)', async () => {
    const broken: Bot = {
      ...bot,
      commands: [{ data: { name: 'boom', description: 'throws', type: ApplicationCommandType.ChatInput }, execute: () => { throw new Error('kaboom'); } }, ...bot.commands],
    } as Bot;
    const stdout = collect();
    const stderr = collect();
    await runCli(['--json', '/boom'], { stdin: Readable.from([]), stdout: stdout.stream, stderr: stderr.stream }, { bot: broken });
    expect(stdout.text()).toContain('The error has been logged');
    expect(logLines(stderr.text())).toEqual([expect.objectContaining({ level: 'error', event: 'answer-failed', error: expect.objectContaining({ message: 'kaboom' }) })]);
  });
});

describe('smaller findings', () => {
  it('GIVEN Discord refuses a pin WHEN pin-failed is logged THEN the line carries Discord’s message and code', async () => {
    const fake = await FakeDiscord.start();
    const keys = makeSigningKeys();
    const lines: string[] = [];
    const dataDir = await mkdtemp(join(tmpdir(), 'pin-failed-'));
    const endpoint = createInteractionServer({
      bot,
      config: { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: fake.apiUrl, DISCORD_TOKEN: TEST_TOKEN, DATA_DIR: dataDir, COOLDOWN_LIMIT: 0, COOLDOWN_WINDOW_SECONDS: 10 },
      logger: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    });
    try {
      fake.override({ method: 'PUT', path: /\/messages\/pins\// }, Faults.missingPermissions());
      const { port } = await endpoint.listen(0);
      const interaction = fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR });
      fake.registerInteraction(interaction);
      const res = await postSignedRequest(`http://127.0.0.1:${port}/interactions`, signRequest(keys, interaction));
      await fake.callback(interaction, JSON.stringify(res.json));
      await endpoint.idle();
      const failed = logLines(lines.join('\n')).find((l) => l.event === 'pin-failed');
      expect(failed).toMatchObject({ status: 403, code: 50013, error: { message: expect.stringContaining('Missing Permissions') } });
    } finally {
      await endpoint.close(1000);
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('GIVEN pinned-timelines.json is a folder WHEN the state is read THEN the error names the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-folder-'));
    try {
      await mkdir(join(dir, 'pinned-timelines.json'));
      await expect(readPinnedPosts(dir)).rejects.toThrow(`state: ${join(dir, 'pinned-timelines.json')} is a folder, not a file`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN no HOST WHEN the endpoint listens THEN it binds 127.0.0.1 only; HOST is read from the configuration', async () => {
    const endpoint = createInteractionServer({
      bot,
      config: { DISCORD_PUBLIC_KEY: makeSigningKeys().publicHex, DISCORD_API_URL: 'https://discord.com/api', DATA_DIR: '/unused', COOLDOWN_LIMIT: 0, COOLDOWN_WINDOW_SECONDS: 10 },
      logger: createLogger({ level: 'silent' }),
    });
    try {
      expect((await endpoint.listen(0)).address).toBe('127.0.0.1');
    } finally {
      await endpoint.close(1000);
    }
    expect(readConfig({}).HOST).toBe('127.0.0.1');
    expect(readConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('GIVEN DISCORD_API_URL over plain http to another host THEN start-up warns that the token would travel unencrypted; https and this machine do not warn', () => {
    const warn = (url: string) => configWarnings(readConfig({ DISCORD_API_URL: url, DISCORD_TOKEN: TEST_TOKEN }));
    expect(warn('http://discord-proxy.internal:8080/api')).toEqual([expect.stringMatching(/^DISCORD_API_URL uses plain http:\/\/ to discord-proxy\.internal: the bot token and every request/)]);
    expect(warn('https://discord-proxy.internal/api')).toEqual([]);
    expect(warn('http://127.0.0.1:9999/api')).toEqual([]);
    expect(warn('http://localhost:9999/api')).toEqual([]);
  });

  it('GIVEN SHARD_COUNT without DATABASE_URL THEN start-up warns that the shards will not share their state', () => {
    const warn = (env: Record<string, string>) => configWarnings(readConfig({ DISCORD_TOKEN: TEST_TOKEN, ...env }));
    expect(warn({ SHARD_COUNT: 'auto' })).toEqual([expect.stringMatching(/^SHARD_COUNT without DATABASE_URL/)]);
    expect(warn({ SHARD_COUNT: '2', DATABASE_URL: 'postgres://bot:x@db/bot' })).toEqual([]);
    expect(warn({})).toEqual([]);
  });
});
