/**
 * `npm start` with `SHARD_COUNT=auto` as a real process: discord.js's ShardingManager asks the fake Discord
 * (which recommends two shards) and runs one child process per shard. Both identify as their shard and answer
 * the interactions dispatched on their own session; only shard 0 edits a stale pinned timeline; SIGTERM stops
 * every shard and the manager exits 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflake } from '../support/fake-discord.js';
import { TEST_TOKEN } from '../support/gateway-harness.js';
import { dist, killChildren, logLines, requireBuilt, runNode, within, type Child } from '../support/processes.js';
import { writePinnedPosts } from '../../src/state.js';

const MAIN = dist('src', 'main.js');

describe('GIVEN `npm start` with SHARD_COUNT=auto and a fake Discord recommending 2 shards', () => {
  let fake: FakeDiscord;
  let cwd: string;
  let proc: Child;
  let staleId: string;

  beforeAll(async () => {
    requireBuilt(MAIN, 'src/main.ts');
    requireBuilt(dist('src', 'shard.js'), 'src/shard.ts');
    fake = await FakeDiscord.start({ token: TEST_TOKEN, heartbeatIntervalMs: 30_000 });
    cwd = await mkdtemp(join(tmpdir(), 'inbox-bot-shards-'));
    staleId = fake.addMessage({ id: snowflake(), channel_id: fake.channelId, content: 'an old timeline', pinned: true }).id;
    await writePinnedPosts(join(cwd, 'data'), [
      { channelId: fake.channelId, messageId: staleId, guildId: fake.guildId, options: {}, digest: 'stale', entries: [], pinnedAt: '2024-05-01T12:00:00.000Z' },
    ]);
    proc = runNode([MAIN], { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, SHARD_COUNT: 'auto', COOLDOWN_LIMIT: '0', LOG_LEVEL: 'info' }, cwd);
    await proc.waitForOutput((out) => out.includes('"shards-ready"'), 40_000, 'shards-ready');
    // A shard's own log line can trail the manager's over the pipes.
    await proc.waitForOutput((out) => logLines(out).filter((l) => l.event === 'gateway-ready').length === 2, 5000, 'both gateway-ready lines');
  }, 60_000);

  afterAll(async () => {
    killChildren();
    await fake?.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('THEN both shards identified, each as its own shard of 2', () => {
    const identifies = fake.gatewayEvents.filter((e) => e.kind === 'identify').map((e) => (e.detail as { shard?: unknown }).shard);
    expect(identifies).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
    expect(fake.identifiedShards).toEqual([0, 1]);
    const ready = logLines(proc.stderr()).filter((l) => l.event === 'gateway-ready');
    expect(ready.map((l) => l.shards).sort()).toEqual([[0], [1]]);
    // This run is on the file store: the manager says that shards want DATABASE_URL.
    expect(logLines(proc.stderr()).filter((l) => l.event === 'config-warning').map((l) => l.warning)).toEqual([expect.stringMatching(/^SHARD_COUNT without DATABASE_URL/)]);
  });

  it('WHEN an interaction is dispatched on each shard THEN each shard answers its own', async () => {
    const sent = [0, 1].map((shard) => fake.sendInteraction(fake.slashCommand(shard ? 'sources' : 'help'), shard));
    const callbacks = await Promise.all(sent.map((i) => fake.waitForCallback(i.id, 10_000)));
    expect(callbacks.map((c) => c.status)).toEqual([204, 204]);
    expect(callbacks.map((c) => (c.body as { type: number }).type)).toEqual([4, 4]);
    await proc.waitForOutput((out) => logLines(out).filter((l) => l.event === 'interaction').length === 2, 5000, 'interaction lines');
  });

  it('THEN the stale pinned timeline was edited once, by shard 0 only', async () => {
    await proc.waitForOutput((out) => out.includes('"pinned-timelines-refreshed"'), 10_000, 'refresh');
    const ready = logLines(proc.stderr()).filter((l) => l.event === 'gateway-ready');
    expect(ready.filter((l) => l.refreshesPins).map((l) => l.shards)).toEqual([[0]]);
    expect(fake.requestsTo({ method: 'PATCH', path: `/channels/${fake.channelId}/messages/${staleId}` })).toHaveLength(1);
  });

  it('WHEN the manager gets SIGTERM THEN every shard stops cleanly and it exits 0', async () => {
    proc.child.kill('SIGTERM');
    const exit = await within(proc.exited, 15_000, 'exit after SIGTERM');
    expect(exit.code).toBe(0);
    expect(logLines(proc.stderr()).filter((l) => l.event === 'gateway-stopped')).toHaveLength(2);
    expect(proc.stderr()).not.toContain(TEST_TOKEN.split('.')[2]!);
  }, 20_000);
});
