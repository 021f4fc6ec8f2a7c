/**
 * The pinned-post state (src/state.ts) survives a crash in the middle of a write: a child process rewrites the
 * state as fast as it can through `PinnedPostStore`, is killed with SIGKILL at varied moments, and is started
 * again on the same folder. Every time, the file parses, is one whole version (never a mix of two), and holds
 * at least the last write the child reported finished.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PINNED_TIMELINES_FILE, PinnedPostStore, readPinnedPosts } from '../../src/state.js';
import { dist, killChildren, requireBuilt, runNode, within } from '../support/processes.js';

const STATE_JS = dist('src', 'state.js');
const CRASHES = 20;

/**
 * The writer: reads what is there (a restart), then forever rewrites the whole list through the store, printing
 * "wrote N" after write N has returned. Every post of version N carries digest "v<N>", so a file mixing two
 * versions would show it. 40 posts of 300 entries make each write about 700 kB: several write calls, long
 * enough for a kill to land inside one.
 */
const WRITER = `
import { PinnedPostStore } from ${JSON.stringify(pathToFileURL(STATE_JS).href)};
const store = new PinnedPostStore(process.env.STATE_DIR);
const entries = Array.from({ length: 300 }, (_, i) => ({ id: 'event.' + i, hash: 'h'.repeat(40) }));
const before = await store.list();
let n = Number(before[0]?.digest.slice(1) ?? 0);
process.stdout.write('started at ' + n + '\\n');
for (;;) {
  n++;
  await store.update(() => Array.from({ length: 40 }, (_, i) => ({
    channelId: '100', messageId: String(1000 + i), guildId: null, options: { from: '2015' },
    digest: 'v' + n, entries, pinnedAt: '2024-06-01T00:00:00.000Z',
  })));
  process.stdout.write('wrote ' + n + '\\n');
}
`;

let dir: string;
beforeAll(async () => {
  requireBuilt(STATE_JS, 'src/state.ts');
  dir = await mkdtemp(join(tmpdir(), 'inbox-bot-state-'));
});
afterAll(async () => {
  killChildren();
  await rm(dir, { recursive: true, force: true });
});

const lastWritten = (stdout: string): number => Math.max(0, ...[...stdout.matchAll(/wrote (\d+)/g)].map((m) => Number(m[1])));

describe(`GIVEN a process rewriting the pinned-post state WHEN it is killed with SIGKILL ${CRASHES} times at varied moments and restarted`, () => {
  it('THEN after every crash the state file parses, is one whole version, keeps every finished write, and the restart reads it', async () => {
    let expectedAtLeast = 0;
    const outcomes: string[] = [];
    for (let crash = 0; crash < CRASHES; crash++) {
      const proc = runNode(['--input-type=module', '-e', WRITER], { STATE_DIR: dir }, dir);
      // A restart reads the state the previous crash left, and goes on from the version it finds.
      await proc.waitForOutput((out) => /wrote \d+/.test(out), 10_000, 'first write');
      const startedAt = Number(/started at (\d+)/.exec(proc.stdout())![1]);
      expect(startedAt).toBeGreaterThanOrEqual(expectedAtLeast);
      // Then killed at a varied moment (fixed sequence, so runs are comparable), not aligned with its writes.
      await new Promise((resolve) => setTimeout(resolve, (crash * 37) % 90));
      proc.child.kill('SIGKILL');
      const exit = await within(proc.exited, 5000, 'exit after SIGKILL');
      expect(exit.signal).toBe('SIGKILL');

      const finished = lastWritten(proc.stdout());
      const posts = await readPinnedPosts(dir); // a StateError naming the file if it were half written
      const versions = new Set(posts.map((p) => p.digest));
      expect(posts).toHaveLength(40);
      expect(versions.size, 'one version throughout the file').toBe(1);
      const version = Number([...versions][0]!.slice(1));
      outcomes.push(`${finished}→${version}`);
      expect(version).toBeGreaterThanOrEqual(finished);
      expect(version).toBeLessThanOrEqual(finished + 1); // at most the write that was cut had already landed
      expectedAtLeast = version;
    }
    const leftovers = (await readdir(dir)).filter((f) => f !== PINNED_TIMELINES_FILE);
    console.log(`[state crash] ${JSON.stringify({ crashes: CRASHES, finishedWrites: outcomes, orphanTempFiles: leftovers.length })}`);
    // A write cut before its rename leaves its temporary file, never the state file, behind; each is named as such.
    for (const file of leftovers) expect(file).toMatch(new RegExp(`^\\.${PINNED_TIMELINES_FILE.replace('.', '\\.')}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`));
  }, 60_000);
});

describe('GIVEN one instance on the file store', () => {
  it('WHEN it records 40 pinned posts at the same time THEN no post is lost (its updates are serialised)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-state-'));
    try {
      const store = new PinnedPostStore(dir);
      const post = (n: number) => ({
        channelId: '1500000000000000001',
        messageId: String(1600000000000000000n + BigInt(n)),
        guildId: '1300000000000000001',
        options: {},
        digest: 'a'.repeat(64),
        entries: [],
        pinnedAt: new Date().toISOString(),
      });
      await Promise.all(Array.from({ length: 40 }, (_, n) => store.upsert(post(n))));
      expect((await readPinnedPosts(dir)).map((p) => p.messageId).sort()).toEqual(Array.from({ length: 40 }, (_, n) => post(n).messageId).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
