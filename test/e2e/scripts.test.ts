/**
 * `npm run deploy` and `npm run invite` against a fake Discord: what is registered is exactly what the one
 * command loader returns, to the right scope, and the install link asks for the least permissions.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/core/loader.js';
import { readCommandIds } from '../../src/core/mentions.js';
import { runDeploy } from '../../scripts/deploy.js';
import { INVITE_PERMISSIONS, runInvite } from '../../scripts/invite.js';
import { validateBody } from '../support/discord-schemas.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { TEST_TOKEN } from '../support/gateway-harness.js';
import { dist, requireBuilt, ROOT, runNode, within } from '../support/processes.js';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

let fake: FakeDiscord;
let definitions: unknown[];
beforeAll(async () => {
  fake = await FakeDiscord.start({ token: TEST_TOKEN });
  definitions = JSON.parse(JSON.stringify((await loadCommands()).map((command) => command.data))) as unknown[];
});
afterAll(async () => {
  await fake?.close();
});

describe('npm run deploy', () => {
  it('GIVEN a guild id WHEN deploying THEN exactly the loader\'s definitions are PUT to that guild and each is listed', async () => {
    const { io, out, err } = capture();
    const dataDir = mkdtempSync(join(tmpdir(), 'deploy-data-'));
    const code = await runDeploy(
      { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DATA_DIR: dataDir },
      io,
    );
    expect(err()).toBe('');
    expect(code).toBe(0);
    // The ids Discord answered with are kept for command mentions, and the bot reads them back.
    const registered = fake.requestsTo({ method: 'PUT', path: `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands` })[0]!.response as { name: string; id: string }[];
    const saved = readCommandIds(dataDir);
    expect(saved?.size).toBe(registered.length);
    for (const c of registered) expect(saved?.get(c.name)).toBe(c.id);
    rmSync(dataDir, { recursive: true, force: true });
    const puts = fake.requestsTo({ method: 'PUT', path: `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands` });
    expect(puts).toHaveLength(1);
    expect(puts[0]!.status).toBe(200);
    expect(puts[0]!.problems).toEqual([]);
    expect(puts[0]!.body).toEqual(definitions);
    expect(fake.requestsTo({ method: 'GET', path: '/applications/@me' })).toEqual([]); // the id was configured
    for (const definition of definitions as { name: string }[]) expect(out()).toContain(definition.name);
    expect(out()).toMatch(new RegExp(`Registered ${definitions.length} commands .* in server ${fake.guildId}`));
  });

  it('GIVEN no guild id and no application id WHEN deploying THEN the id is asked of Discord and the commands are registered globally', async () => {
    const { io, out } = capture();
    const code = await runDeploy({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl }, io);
    expect(code).toBe(0);
    expect(fake.requestsTo({ method: 'GET', path: '/applications/@me' }).length).toBeGreaterThan(0);
    const put = fake.requestsTo({ method: 'PUT', path: `/applications/${fake.applicationId}/commands` }).at(-1)!;
    expect(put.body).toEqual(definitions);
    expect(put.authorization).toBe(`Bot ${TEST_TOKEN}`);
    expect(out()).toMatch(/globally/);
  });

  it('GIVEN the loader\'s definitions THEN each is valid for Discord and installs for guilds and users, in servers, DMs and group DMs', () => {
    expect(validateBody('command-overwrite', definitions)).toEqual([]);
    for (const definition of definitions as { name: string; integration_types?: number[]; contexts?: number[] }[]) {
      expect(definition.integration_types, definition.name).toEqual([0, 1]);
      expect(definition.contexts, definition.name).toEqual([0, 1, 2]);
    }
  });

  it('GIVEN no token WHEN deploying THEN it fails naming DISCORD_TOKEN and sends nothing', async () => {
    const before = fake.requests.length;
    const { io, err } = capture();
    expect(await runDeploy({ DISCORD_API_URL: fake.apiUrl }, io)).toBe(1);
    expect(err()).toMatch(/DISCORD_TOKEN/);
    expect(fake.requests.length).toBe(before);
  });

  it('GIVEN a token Discord rejects WHEN deploying THEN it fails with exit 1 and never prints the token', async () => {
    const wrong = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.WrOnG1.this-token-is-not-the-fakes-token-00';
    const { io, out, err } = capture();
    expect(await runDeploy({ DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl }, io)).toBe(1);
    expect(err()).toMatch(/401/);
    expect(out() + err()).not.toContain(wrong);
  });

  it('GIVEN the built script WHEN run as `npm run deploy` runs it THEN it registers and exits 0', async () => {
    const script = dist('scripts', 'deploy.js');
    requireBuilt(script, 'scripts/deploy.ts');
    const before = fake.requestsTo({ method: 'PUT' }).length;
    // Run from test/: no .env there, so only the variables below count.
    const proc = runNode([script], { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guildId }, join(ROOT, 'test'));
    const { code } = await within(proc.exited, 12_000, 'deploy to exit');
    const out = proc.stdout() + proc.stderr();
    expect(code, out).toBe(0);
    expect(out).toMatch(/Registered \d+ commands/);
    const puts = fake.requestsTo({ method: 'PUT' });
    expect(puts.length).toBe(before + 1);
    expect(puts.at(-1)!.body).toEqual(definitions);
  }, 15_000);
});

describe('npm run invite', () => {
  it('GIVEN an application id WHEN asked THEN the link has both scopes and exactly View Channel, Read Message History and Pin Messages', async () => {
    const { io, out } = capture();
    expect(await runInvite({ DISCORD_APPLICATION_ID: fake.applicationId }, io)).toBe(0);
    const link = out().split(/\s+/).find((word) => word.includes('integration_type=0'))!;
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe(fake.applicationId);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(BigInt(url.searchParams.get('permissions')!)).toBe((1n << 10n) | (1n << 16n) | (1n << 51n));
    expect(INVITE_PERMISSIONS).toBe(2251799813751808n);
    expect(out()).toMatch(/integration_type=1/); // the user install link too
  });

  it('GIVEN only a token WHEN asked THEN the application id comes from Discord', async () => {
    const { io, out } = capture();
    expect(await runInvite({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl }, io)).toBe(0);
    expect(out()).toContain(`client_id=${fake.applicationId}`);
  });

  it('GIVEN neither WHEN asked THEN it says where to find the application id', async () => {
    const { io, err } = capture();
    expect(await runInvite({}, io)).toBe(1);
    expect(err()).toMatch(/DISCORD_APPLICATION_ID/);
  });
});
