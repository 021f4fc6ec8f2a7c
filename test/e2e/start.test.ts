/**
 * `npm start` as a real process (`node dist/src/main.js`, needs `npm run build`, which `npm test` runs first):
 * offline without a token; with one, the gateway bot against a fake Discord, stopped by SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, NO_TOKEN_NOTICE } from '../../src/main.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { TEST_TOKEN } from '../support/gateway-harness.js';
import { within } from '../support/processes.js';

const MAIN = join(process.cwd(), 'dist', 'src', 'main.js');

let cwd: string;
beforeAll(async () => {
  const [built, source] = await Promise.all([stat(MAIN).catch(() => undefined), stat(join(process.cwd(), 'src', 'main.ts'))]);
  if (!built || built.mtimeMs < source.mtimeMs) throw new Error('dist/src/main.js is missing or older than src/main.ts: run `npm run build`');
  // An empty working folder: no .env is picked up, and the data folder ("data") lands here.
  cwd = await mkdtemp(join(tmpdir(), 'inbox-bot-start-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function run(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' }) as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('npm start', () => {
  it('GIVEN no token WHEN started with commands on stdin THEN it says in one line how to add one and answers offline', async () => {
    const proc = run({});
    proc.child.stdin.end('/help\n/money\n');
    const { code } = await within(proc.exited, 10_000, 'offline run');
    expect(code).toBe(0);
    expect(proc.stderr()).toBe(NO_TOKEN_NOTICE + '\n');
    expect(proc.stdout()).toMatch(/\/ask/);
    expect(proc.stdout()).toMatch(/money figures/);
  }, 15_000);

  it('GIVEN a malformed variable WHEN started THEN it exits 1 naming the variable, without echoing its value', async () => {
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (chunk) => (text += chunk));
    const code = await main({ argv: [], env: { DISCORD_TOKEN: 'not-a-real-token-value', LOG_LEVEL: 'loud' }, io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr } });
    expect(code).toBe(1);
    expect(text).toMatch(/DISCORD_TOKEN/);
    expect(text).toMatch(/LOG_LEVEL/);
    expect(text).not.toContain('not-a-real-token-value');
  });

  describe('GIVEN a token and a fake Discord', () => {
    let fake: FakeDiscord;
    beforeAll(async () => {
      fake = await FakeDiscord.start({ token: TEST_TOKEN });
    });
    afterAll(async () => {
      await fake?.close();
    });

    it('WHEN started THEN it logs in, answers an interaction, and on SIGTERM exits 0 after closing the gateway', async () => {
      const proc = run({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' });
      try {
        await fake.waitForGateway('identify', 1, 10_000);
        await within(
          new Promise<void>((resolve) => {
            const poll = setInterval(() => {
              if (proc.stderr().includes('"gateway-ready"')) {
                clearInterval(poll);
                resolve();
              }
            }, 20);
          }),
          10_000,
          'gateway-ready log line',
        );
        const interaction = fake.sendInteraction(fake.slashCommand('help'));
        const callback = await fake.waitForCallback(interaction.id);
        expect(callback.status).toBe(204);

        const started = Date.now();
        proc.child.kill('SIGTERM');
        const { code } = await within(proc.exited, 5000, 'exit after SIGTERM');
        expect(code).toBe(0);
        expect(Date.now() - started).toBeLessThan(5000);
        await fake.waitForGateway('close', 1, 2000);
        const events = proc.stderr().trim().split('\n').map((line) => JSON.parse(line) as { event: string });
        expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['gateway-ready', 'interaction', 'stop-requested', 'gateway-stopped']));
        expect(proc.stderr() + proc.stdout()).not.toContain(TEST_TOKEN);
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
      }
    }, 20_000);

    it('WHEN started with a token Discord rejects THEN it exits 1 saying so, without the token', async () => {
      const wrong = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.WrOnG1.this-token-is-not-the-fakes-token-00';
      const proc = run({ DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl });
      try {
        const { code } = await within(proc.exited, 10_000, 'exit with a rejected token');
        expect(code).toBe(1);
        expect(proc.stderr()).toMatch(/Discord rejected DISCORD_TOKEN/);
        expect(proc.stderr() + proc.stdout()).not.toContain(wrong);
      } finally {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
      }
    }, 15_000);
  });
});
