/**
 * `npm start` as a real process (`node dist/src/main.js`, needs `npm run build`, which `npm test` runs first):
 * offline without a token; with a token Discord rejects. (Started with a good token and stopped by SIGTERM:
 * test/reliability/process.test.ts, during a burst.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, NO_TOKEN_NOTICE } from '../../src/main.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { TEST_TOKEN } from '../support/gateway-harness.js';
import { dist, killChildren, requireBuilt, runNode, within } from '../support/processes.js';

const MAIN = dist('src', 'main.js');

let cwd: string;
beforeAll(async () => {
  requireBuilt(MAIN, 'src/main.ts');
  // An empty working folder: no .env is picked up, and the data folder ("data") lands here.
  cwd = await mkdtemp(join(tmpdir(), 'inbox-bot-start-'));
});
afterAll(async () => {
  killChildren();
  await rm(cwd, { recursive: true, force: true });
});

const run = (env: Record<string, string>) => runNode([MAIN], env, cwd);

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
