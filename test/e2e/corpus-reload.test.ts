/**
 * Serving a changed corpus without a restart, on both transports: the real gateway bot against the fake
 * Discord, and the HTTP endpoint with signed requests. An article added and reviewed while the bot runs is
 * answered from at once, a pinned timeline is edited with the "Updated" line, and a broken corpus (a
 * half-written fact file, a half-copied article) leaves the last good corpus serving, with one log line why.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBot, type Bot } from '../../src/core/bot.js';
import { unescapeArticleText } from '../../src/core/escape.js';
import { renderPinnedTimeline } from '../../commands/timeline/render.js';
import { createLogger } from '../../src/log.js';
import { writePinnedPosts, type PinnedPost } from '../../src/state.js';
import { watchCorpus } from '../../src/transports/corpus-watch.js';
import { createInteractionServer, type InteractionServer } from '../../src/transports/http.js';
import { FakeDiscord, MEMBER_PERMISSIONS, snowflake } from '../support/fake-discord.js';
import { startHarness, TEST_TOKEN, type Harness, type LogRecord } from '../support/gateway-harness.js';
import { addAndAcceptAll, heldOutCorpus, type HeldOut } from '../support/grow.js';
import { shownStrings } from '../support/interactions.js';
import { makeSigningKeys, postSigned } from '../support/signed-requests.js';

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Text shown by a response with markdown escapes undone, to compare with article words. */
const shown = (r: APIInteractionResponse) => unescapeArticleText(shownStrings(r).join('\n'));

/** A citation only the held-out article gives: proof an answer comes from the new article. */
function onlyNewWords(bot: Bot, source: string): string[] {
  return bot.case.facts
    .flatMap((f) => f.citations)
    .filter((c) => c.source === source && !bot.case.passages.some((p) => p.source !== source && p.text.includes(c.text)))
    .map((c) => c.text);
}

/** A pinned post remembered for `message`, as the bot saved it when it pinned the timeline. */
function pinnedPost(bot: Bot, channelId: string, messageId: string, guildId: string): PinnedPost {
  const post = renderPinnedTimeline(bot, {});
  return { channelId, messageId, guildId, options: {}, digest: post.digest, entries: post.entries, pinnedAt: '2026-11-30T12:00:00.000Z' };
}

const UPDATED = /_Updated \d{4}-\d{2}-\d{2}: \d+ event\(s\) added[^\n]*\._$/;

describe('GIVEN the gateway bot running on a corpus without article 001, with a pinned timeline', () => {
  let held: HeldOut;
  let h: Harness;
  let bot: Bot;
  let fake: FakeDiscord;
  let dataDir: string;
  let pinnedId: string;
  const logs = (event: string): LogRecord[] => h.logs().filter((l) => l.event === event);

  beforeAll(async () => {
    held = heldOutCorpus('001');
    bot = await loadBot({ corpusDir: held.dir });
    fake = await FakeDiscord.start({ token: TEST_TOKEN, heartbeatIntervalMs: 30_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'reload-gateway-'));
    const post = renderPinnedTimeline(bot, {});
    pinnedId = fake.addMessage({ id: snowflake(), channel_id: fake.channelId, content: post.message.content ?? '', pinned: true, webhook_id: fake.applicationId }).id;
    await writePinnedPosts(dataDir, [pinnedPost(bot, fake.channelId, pinnedId, fake.guildId)]);
    h = await startHarness({ bot, fake, dataDir, corpusDir: held.dir });
    expect(await h.running.refreshed).toMatchObject({ unchanged: 1, edited: 0 });
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
    held?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('WHEN the article is added and reviewed THEN the running bot reloads, edits the pinned timeline with the Updated line, and answers from it', async () => {
    const digest = bot.case.digest;
    await addAndAcceptAll(held);
    const reloaded = await until('corpus-reloaded', () => logs('corpus-reloaded').at(-1));
    expect(reloaded).toMatchObject({ reason: 'file change', articlesAdded: ['003'] });
    expect(bot.case.digest).not.toBe(digest);

    const edit = await until('the pinned post edited', () => fake.requestsTo({ method: 'PATCH', path: `/channels/${fake.channelId}/messages/${pinnedId}` }).at(-1));
    expect(edit.problems).toEqual([]);
    const content = (edit.body as { content: string }).content;
    expect(content).toMatch(UPDATED);
    expect(content.startsWith(renderPinnedTimeline(bot, {}).message.content ?? '')).toBe(true);
    expect(JSON.stringify((edit.body as { embeds: unknown }).embeds)).toContain('003#p');

    const interaction = h.fake.sendInteraction(h.fake.slashCommand('money', { topic: 'fines' }, { memberPermissions: MEMBER_PERMISSIONS }));
    const callback = await h.fake.waitForCallback(interaction.id);
    const text = shown((callback.body as { type: number; data: unknown }) as APIInteractionResponse);
    expect(onlyNewWords(bot, '003').some((w) => text.includes(w))).toBe(true);
  });

  it('WHEN a fact file is half-written THEN the reload is rejected with one line naming the file, and the last good corpus keeps serving', async () => {
    const path = join(held.dir, 'facts', 'events.json');
    const good = readFileSync(path);
    const digest = bot.case.digest;
    const before = logs('corpus-reload-rejected').length;
    writeFileSync(path, good.subarray(0, Math.floor(good.length / 2)));
    const rejected = await until('corpus-reload-rejected', () => logs('corpus-reload-rejected')[before]);
    expect(String(rejected.why)).toMatch(/events\.json: cannot read/);
    expect(rejected.serving).toBe(digest);
    expect(bot.case.digest).toBe(digest);
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('timeline', { from: '2023', to: '2023' }));
    const callback = await h.fake.waitForCallback(interaction.id);
    // The 2023 lawsuit event exists only in the added article (003): its line is tagged with its paragraph.
    expect(shown(callback.body as APIInteractionResponse)).toMatch(/003#p\d+/);
    writeFileSync(path, good);
    await until('the restored file read as unchanged', () => h.logs().some((l, i) => i > h.logs().indexOf(rejected) && l.event === 'corpus-unchanged'));
    expect(bot.case.digest).toBe(digest);
  });

  it('WHEN an article file is half-copied THEN its hash fails, the reload is rejected, and the bot still answers', async () => {
    const file = join(held.dir, 'articles', [...bot.case.articles.values()].find((a) => a.about.id === '003')!.about.file);
    const good = readFileSync(file);
    const digest = bot.case.digest;
    const before = logs('corpus-reload-rejected').length;
    writeFileSync(file, good.subarray(0, 100));
    const rejected = await until('corpus-reload-rejected', () => logs('corpus-reload-rejected')[before]);
    expect(String(rejected.why)).toMatch(/article has changed/);
    expect(bot.case.digest).toBe(digest);
    writeFileSync(file, good);
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('help'));
    expect((await h.fake.waitForCallback(interaction.id)).status).toBeLessThan(300);
  });
});

describe('GIVEN the HTTP endpoint on a corpus without article 001, with a pinned timeline', () => {
  let held: HeldOut;
  let bot: Bot;
  let fake: FakeDiscord;
  let endpoint: InteractionServer;
  let url: string;
  let dataDir: string;
  let pinnedId: string;
  const keys = makeSigningKeys();
  const lines: LogRecord[] = [];
  const logs = (event: string) => lines.filter((l) => l.event === event);

  beforeAll(async () => {
    held = heldOutCorpus('001');
    bot = await loadBot({ corpusDir: held.dir });
    fake = await FakeDiscord.start({ token: TEST_TOKEN });
    dataDir = mkdtempSync(join(tmpdir(), 'reload-http-'));
    const post = renderPinnedTimeline(bot, {});
    pinnedId = fake.addMessage({ id: snowflake(), channel_id: fake.channelId, content: post.message.content ?? '', pinned: true, webhook_id: fake.applicationId }).id;
    await writePinnedPosts(dataDir, [pinnedPost(bot, fake.channelId, pinnedId, fake.guildId)]);
    endpoint = createInteractionServer({
      bot,
      config: { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: fake.apiUrl, DISCORD_TOKEN: TEST_TOKEN, DATA_DIR: dataDir, COOLDOWN_LIMIT: 0, COOLDOWN_WINDOW_SECONDS: 10 },
      logger: createLogger({ level: 'debug', secrets: [TEST_TOKEN], write: (line) => lines.push(JSON.parse(line) as LogRecord) }),
      corpusDir: held.dir,
    });
    const { port } = await endpoint.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}/interactions`;
  });
  afterAll(async () => {
    await endpoint?.close(2000);
    await fake?.close();
    held?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ask = async (name: string, options: Record<string, string> = {}) => {
    const res = await postSigned(url, keys, fake.slashCommand(name, options));
    expect(res.status).toBe(200);
    return res.json as APIInteractionResponse;
  };

  it('WHEN the article is added and reviewed THEN /money answers from it without a restart and the pinned timeline is edited', async () => {
    const before = shown(await ask('money', { topic: 'fines' }));
    expect(before).not.toContain('$284 million');
    await addAndAcceptAll(held);
    await until('corpus-reloaded', () => logs('corpus-reloaded').at(-1));
    const after = shown(await ask('money', { topic: 'fines' }));
    expect(onlyNewWords(bot, '003').some((w) => after.includes(w))).toBe(true);
    const edit = await until('the pinned post edited', () => fake.requestsTo({ method: 'PATCH', path: `/channels/${fake.channelId}/messages/${pinnedId}` }).at(-1));
    expect(edit.authorization).toBe(`Bot ${TEST_TOKEN}`);
    expect((edit.body as { content: string }).content).toMatch(UPDATED);
  });

  it('WHEN sources.json is half-written THEN the endpoint keeps answering from the last good corpus and logs why', async () => {
    const path = join(held.dir, 'sources.json');
    const good = readFileSync(path);
    const served = shown(await ask('money', { topic: 'fines' }));
    const before = logs('corpus-reload-rejected').length;
    writeFileSync(path, good.subarray(0, good.length - 40));
    const rejected = await until('corpus-reload-rejected', () => logs('corpus-reload-rejected')[before]);
    expect(String(rejected.why)).toMatch(/sources\.json: cannot read/);
    expect(shown(await ask('money', { topic: 'fines' }))).toBe(served);
    writeFileSync(path, good);
  });
});

describe('GIVEN a corpus watch WHEN SIGHUP arrives THEN the corpus is reloaded at once, without waiting for a file event', () => {
  let held: HeldOut;
  beforeAll(() => {
    held = heldOutCorpus('002');
  });
  afterAll(() => held?.remove());

  it('THEN a corrected summary is served after the signal', async () => {
    const bot = await loadBot({ corpusDir: held.dir });
    const lines: LogRecord[] = [];
    // A debounce far longer than the test: only the signal can cause the reload seen here.
    const watcher = watchCorpus({ bot, dir: held.dir, debounceMs: 60_000, logger: createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as LogRecord) }) });
    try {
      const path = join(held.dir, 'facts', 'events.json');
      const events = JSON.parse(readFileSync(path, 'utf8')) as { facts: { id: string; summary: string }[] };
      events.facts[0]!.summary = 'A corrected summary for the SIGHUP test.';
      writeFileSync(path, JSON.stringify(events, null, 2));
      process.emit('SIGHUP', 'SIGHUP');
      const reloaded = await until('corpus-reloaded', () => lines.find((l) => l.event === 'corpus-reloaded'));
      expect(reloaded).toMatchObject({ reason: 'SIGHUP', factsChanged: 1 });
      expect(bot.case.factById.get(events.facts[0]!.id)?.summary).toBe('A corrected summary for the SIGHUP test.');
    } finally {
      await watcher.close();
    }
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });
});
