/**
 * End to end: the real discord.js client, started by `startBot` (what `npm start` runs), against a fake Discord
 * on 127.0.0.1. Everything is asserted on what arrives at the fake's REST routes and gateway, and every body
 * is checked against Discord's published schemas (discord-api-spec) by the fake itself, which answers 400
 * like Discord to an invalid one.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBot, type Bot } from '../../src/core/bot.js';
import { handle } from '../../src/core/respond.js';
import { renderPinnedTimeline } from '../../commands/timeline/render.js';
import { readPinnedPosts, writePinnedPosts, type PinnedPost } from '../../src/state.js';
import { validateBody } from '../support/discord-schemas.js';
import { Faults, MEMBER_PERMISSIONS, Permission, snowflake, type FakeMessage, type RecordedRequest } from '../support/fake-discord.js';
import { startHarness, TEST_TOKEN, type Harness } from '../support/gateway-harness.js';

const EPHEMERAL = 64;
const MODERATOR = MEMBER_PERMISSIONS | Permission.PinMessages;

/** What the core answers for this interaction: the transport must deliver exactly this. */
function expected(bot: Bot, interaction: unknown): APIInteractionResponse {
  return JSON.parse(JSON.stringify(handle(interaction as APIInteraction, bot).response)) as APIInteractionResponse;
}

function expectAccepted(request: RecordedRequest): void {
  expect(request.problems, `${request.method} ${request.path} body problems`).toEqual([]);
  expect(request.status, `${request.method} ${request.path} answered ${JSON.stringify(request.response)}`).toBeLessThan(300);
}

function dataOf(request: RecordedRequest): { content?: string; flags?: number; embeds?: unknown[]; components?: unknown[]; allowed_mentions?: unknown } {
  return ((request.body as { data?: unknown }).data ?? {}) as ReturnType<typeof dataOf>;
}

let bot: Bot;
beforeAll(async () => {
  bot = await loadBot();
});

describe('GIVEN the bot started against a fake Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bot });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('WHEN it starts THEN it fetched the gateway URL with its token, identified with the Guilds intent only and is READY', () => {
    const gatewayBot = h.fake.requestsTo({ method: 'GET', path: '/gateway/bot' });
    expect(gatewayBot).toHaveLength(1);
    expect(gatewayBot[0]!.authorization).toBe(`Bot ${TEST_TOKEN}`);
    const identify = h.fake.gatewayEvents.find((e) => e.kind === 'identify')?.detail as { intents: number };
    expect(identify.intents).toBe(1); // GatewayIntentBits.Guilds, nothing privileged
    expect(h.running.client.isReady()).toBe(true);
    expect(h.running.client.application?.id).toBe(h.fake.applicationId);
    expect(h.logs().some((l) => l.event === 'gateway-ready')).toBe(true);
  });

  const slashCommands: [string, Record<string, string | number | boolean>, RegExp][] = [
    ['ask', { question: 'How much did Netflix spend on Facebook ads?' }, /\$40 million|\$150 million/],
    ['claim', {}, /\*\*\d+ claims\*\* in my sources/],
    ['denial', { topic: 'meta' }, /Meta/],
    ['timeline', { from: '2013', to: '2024' }, /dated events/],
    ['money', {}, /money figures/],
    ['quote', { text: 'By 2015, Netflix was reportedly spending $40 million on Facebook ads' }, /✅ Verbatim/],
    ['sources', {}, /My 3 sources/],
    ['help', {}, /\/ask/],
  ];

  for (const [name, options, looksLike] of slashCommands) {
    it(`WHEN /${name} is used THEN the callback carries the core's reply, valid for Discord and mention-safe`, async () => {
      const interaction = h.fake.sendInteraction(h.fake.slashCommand(name, options));
      const callback = await h.fake.waitForCallback(interaction.id);
      expectAccepted(callback);
      expect(validateBody('interaction-callback', callback.body)).toEqual([]);
      expect(callback.authorization).toBeUndefined(); // interaction routes take no bot token
      expect(callback.body).toEqual(expected(bot, interaction));
      const data = dataOf(callback);
      expect((callback.body as { type: number }).type).toBe(4);
      expect(data.allowed_mentions).toEqual({ parse: [] });
      expect(JSON.stringify(data)).toMatch(looksLike);
    });
  }

  it('WHEN an option is being typed THEN autocomplete choices (type 8) come back, at most 25, valid', async () => {
    const interaction = h.fake.sendInteraction(h.fake.autocomplete('timeline', 'topic', 'adv'));
    const callback = await h.fake.waitForCallback(interaction.id);
    expectAccepted(callback);
    const body = callback.body as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(body.type).toBe(8);
    expect(body.data.choices.length).toBeGreaterThan(0);
    expect(body.data.choices.length).toBeLessThanOrEqual(25);
    expect(body).toEqual(expected(bot, interaction));
  });

  /** The public /claim reply as the fake keeps it, and its enabled Next button. */
  async function claimMessage(): Promise<{ message: FakeMessage; next: string }> {
    const command = h.fake.sendInteraction(h.fake.slashCommand('claim'));
    const first = await h.fake.waitForCallback(command.id);
    expectAccepted(first);
    const message = [...h.fake.messages.values()].find((m) => m.content === dataOf(first).content && m.interaction_metadata?.id === command.id) as FakeMessage;
    const buttons = (message.components as { components: { custom_id?: string; label?: string; disabled?: boolean }[] }[]).flatMap((row) => row.components);
    const next = buttons.find((b) => b.label?.includes('Next') && !b.disabled)?.custom_id;
    expect(next, 'a Next button on page 1').toBeDefined();
    return { message, next: next! };
  }

  it('WHEN the asker presses "Next" on their paged answer THEN the same message is updated (type 7) to page 2', async () => {
    const { message, next } = await claimMessage();
    const press = h.fake.sendInteraction(h.fake.button(next, message));
    const callback = await h.fake.waitForCallback(press.id);
    expectAccepted(callback);
    expect((callback.body as { type: number }).type).toBe(7);
    expect(dataOf(callback).content).toMatch(/page 2 of/);
    expect(callback.body).toEqual(expected(bot, press));
    expect(message.content).toMatch(/page 2 of/); // the fake applied the update to the clicked message
  });

  it('WHEN someone else presses "Next" or opens an item on that answer THEN they get their own ephemeral reply and the public message is unchanged', async () => {
    const { message, next } = await claimMessage();
    const before = JSON.stringify({ content: message.content, embeds: message.embeds, components: message.components, edited: message.edited_timestamp });
    const press = h.fake.sendInteraction(h.fake.button(next, message, { userId: '300000000000000077' }));
    const callback = await h.fake.waitForCallback(press.id);
    expectAccepted(callback);
    expect((callback.body as { type: number }).type).toBe(4);
    expect(dataOf(callback).flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(dataOf(callback).content).toMatch(/page 2 of/);
    const menu = (message.components as { components: { custom_id?: string; options?: { value: string }[] }[] }[]).flatMap((r) => r.components).find((c) => c.options);
    const choose = h.fake.sendInteraction({ ...h.fake.button(menu!.custom_id!, message, { userId: '300000000000000077' }), data: { custom_id: menu!.custom_id!, component_type: 3, values: [menu!.options![0]!.value] } });
    const chosen = await h.fake.waitForCallback(choose.id);
    expectAccepted(chosen);
    expect(dataOf(chosen).flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify({ content: message.content, embeds: message.embeds, components: message.components, edited: message.edited_timestamp })).toBe(before);
    expect(h.fake.requestsTo({ method: 'PATCH', path: new RegExp(`/messages/${message.id}$`) })).toEqual([]);
  });

  it('WHEN "Check against sources" is used on a message quoting an article THEN the check is answered, valid', async () => {
    const sentence = 'By 2015, Netflix was reportedly spending $40 million on Facebook ads';
    const interaction = h.fake.sendInteraction(h.fake.messageCommand('Check against sources', `I read that ${sentence}.`));
    const callback = await h.fake.waitForCallback(interaction.id);
    expectAccepted(callback);
    expect((callback.body as { type: number }).type).toBe(4);
    expect(callback.body).toEqual(expected(bot, interaction));
    expect(JSON.stringify(dataOf(callback))).toContain('$40 million');
  });

  it('WHEN a member without Pin Messages asks to pin THEN they get an ephemeral refusal naming the permission, and nothing is pinned', async () => {
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('timeline', { pin: true }, { memberPermissions: MEMBER_PERMISSIONS }));
    const callback = await h.fake.waitForCallback(interaction.id);
    expectAccepted(callback);
    expect((callback.body as { type: number }).type).toBe(4);
    expect(dataOf(callback).flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(dataOf(callback).content).toMatch(/Pin Messages/);
    await h.running.idle();
    expect(h.fake.requestsTo({ method: 'PUT', path: /\/pins\// }).filter((r) => r.at >= callback.at)).toEqual([]);
  });

  it('WHEN a moderator pins the timeline THEN it is deferred, edited in publicly, pinned and remembered in the data folder', async () => {
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR }));
    const callback = await h.fake.waitForCallback(interaction.id);
    expectAccepted(callback);
    expect(callback.body).toEqual({ type: 5 }); // public "thinking…": the pinned post must not be ephemeral

    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${h.fake.applicationId}/${interaction.token}/messages/@original`);
    expectAccepted(edit);
    const post = renderPinnedTimeline(bot, { pin: true });
    expect((edit.body as { content?: string }).content).toBe(post.message.content);
    expect((edit.body as { embeds?: unknown }).embeds).toEqual(JSON.parse(JSON.stringify(post.message.embeds)));

    const messageId = (edit.response as { id: string }).id;
    const pin = await h.fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/channels/${h.fake.channelId}/messages/pins/${messageId}`);
    expectAccepted(pin);
    expect(pin.authorization).toBe(`Bot ${TEST_TOKEN}`);
    expect(h.fake.messages.get(messageId)?.pinned).toBe(true);

    await h.running.idle();
    const posts = await readPinnedPosts(h.dataDir);
    const saved = posts.find((p) => p.messageId === messageId);
    expect(saved).toMatchObject({ channelId: h.fake.channelId, guildId: h.fake.guildId, digest: post.digest, entries: post.entries });
    const line = h.logs().find((l) => l.event === 'interaction' && l.id === interaction.id);
    expect(line).toMatchObject({ command: 'timeline', outcome: expect.stringContaining('pinned') });
    expect(typeof line?.ms).toBe('number');
  });

  it('WHEN Discord refuses the pin (403, code 50013) THEN the moderator gets an ephemeral follow-up naming Pin Messages, and nothing is remembered', async () => {
    const before = (await readPinnedPosts(h.dataDir)).length;
    h.fake.override({ method: 'PUT', path: /^\/channels\/\d+\/messages\/pins\/\d+$/ }, Faults.missingPermissions());
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR }));
    const followUp = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${h.fake.applicationId}/${interaction.token}`);
    expectAccepted(followUp);
    const body = followUp.body as { content: string; flags: number; allowed_mentions: unknown };
    expect(body.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.content).toMatch(/Pin Messages/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const pin = h.fake.requestsTo({ method: 'PUT', path: /\/pins\// }).at(-1)!;
    expect(pin.status).toBe(403);
    await h.running.idle();
    expect(await readPinnedPosts(h.dataDir)).toHaveLength(before);
  });

  it('WHEN the bot cannot reach the channel (403, code 50001) THEN the follow-up names View Channel and Read Message History, not Pin Messages', async () => {
    h.fake.override({ method: 'PUT', path: /^\/channels\/\d+\/messages\/pins\/\d+$/ }, Faults.missingAccess());
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('timeline', { pin: true }, { memberPermissions: MODERATOR }));
    const followUp = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${h.fake.applicationId}/${interaction.token}`);
    const body = followUp.body as { content: string; flags: number };
    expect(body.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.content).toMatch(/View Channel\*\* and \*\*Read Message History/);
    expect(body.content).not.toMatch(/Pin Messages/);
    await h.running.idle();
  });

  it('WHEN the same interaction is dispatched twice THEN it is answered once', async () => {
    const interaction = h.fake.slashCommand('help');
    h.fake.sendInteraction(interaction);
    h.fake.dispatch('INTERACTION_CREATE', interaction);
    await h.fake.waitForCallback(interaction.id);
    await h.running.idle();
    expect(h.fake.requestsTo({ method: 'POST', path: `/interactions/${interaction.id}/${interaction.token}/callback` })).toHaveLength(1);
  });

  it('THEN every interaction got one structured log line (id, command, outcome, ms) and no line holds the token', () => {
    const logs = h.logs();
    const answered = logs.filter((l) => l.event === 'interaction');
    const callbacks = h.fake.requestsTo({ method: 'POST', path: /^\/interactions\// });
    expect(answered.length).toBe(new Set(callbacks.map((c) => c.path)).size);
    for (const line of answered) {
      expect(line).toEqual(expect.objectContaining({ id: expect.any(String), command: expect.any(String), outcome: expect.any(String), ms: expect.any(Number) }));
    }
    expect(answered.filter((l) => l.outcome === 'failed')).toEqual([]);
    expect(h.lines.join('\n')).not.toContain(TEST_TOKEN);
    expect(h.lines.join('\n')).not.toContain(TEST_TOKEN.split('.')[2]);
  });
});

describe('GIVEN answers slower than the deferral threshold', () => {
  let h: Harness;
  beforeAll(async () => {
    // The answer seam: the core's own answer, ready only after 300 ms; deferral after 100 ms.
    h = await startHarness({
      bot,
      deferAfterMs: 100,
      answer: async (interaction) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return handle(interaction, bot);
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('WHEN a command is slow THEN a public deferral (type 5) goes first and the answer is edited into @original', async () => {
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('money'));
    const callback = await h.fake.waitForCallback(interaction.id);
    expectAccepted(callback);
    expect(callback.body).toEqual({ type: 5 });
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${h.fake.applicationId}/${interaction.token}/messages/@original`);
    expectAccepted(edit);
    expect(edit.at).toBeGreaterThanOrEqual(callback.at);
    const want = expected(bot, interaction) as { data: { content: string; embeds: unknown[]; components: unknown[] } };
    expect(edit.body).toMatchObject({ content: want.data.content, embeds: want.data.embeds, components: want.data.components, allowed_mentions: { parse: [] } });
  });

  it('WHEN a slow answer turns out ephemeral THEN the public placeholder is deleted and the answer follows privately', async () => {
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('timeline', { pin: true }, { memberPermissions: MEMBER_PERMISSIONS }));
    await h.fake.waitForCallback(interaction.id);
    const followUp = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${h.fake.applicationId}/${interaction.token}`);
    expectAccepted(followUp);
    expect((followUp.body as { flags: number }).flags & EPHEMERAL).toBe(EPHEMERAL);
    const deleted = h.fake.requestsTo({ method: 'DELETE', path: `/webhooks/${h.fake.applicationId}/${interaction.token}/messages/@original` });
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.at).toBeLessThanOrEqual(followUp.at);
  });

  it('WHEN a button answer is slow THEN it is acknowledged silently (type 6) and the message is edited', async () => {
    const command = h.fake.sendInteraction(h.fake.slashCommand('claim'));
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(command.token));
    const message = h.fake.messages.get((edit.response as { id: string }).id)!;
    const next = (message.components as { components: { custom_id?: string; label?: string }[] }[]).flatMap((r) => r.components).find((b) => b.label?.includes('Next'));
    const press = h.fake.sendInteraction(h.fake.button(next!.custom_id!, message));
    const callback = await h.fake.waitForCallback(press.id);
    expect(callback.body).toEqual({ type: 6 });
    const update = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(press.token));
    expectAccepted(update);
    expect((update.body as { content: string }).content).toMatch(/page 2 of/);
  });

  it('WHEN autocomplete is slow THEN it is still answered directly (it cannot be deferred)', async () => {
    const interaction = h.fake.sendInteraction(h.fake.autocomplete('money', 'topic', 'ad'));
    const callback = await h.fake.waitForCallback(interaction.id);
    expectAccepted(callback);
    expect((callback.body as { type: number }).type).toBe(8);
  });

  it('WHEN it is stopped with an answer in flight THEN that answer is delivered, later interactions are refused, and the socket closes', async () => {
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('help'));
    await h.fake.waitForCallback(interaction.id); // the deferral; the edit is still to come
    expect(h.running.inFlight()).toBe(1);
    const stopping = h.running.stop();
    const refused = h.fake.sendInteraction(h.fake.slashCommand('help'));
    await stopping;
    const edit = h.fake.requestsTo({ method: 'PATCH', path: `/webhooks/${h.fake.applicationId}/${interaction.token}/messages/@original` });
    expect(edit).toHaveLength(1);
    expectAccepted(edit[0]!);
    expect(h.fake.requestsTo({ method: 'POST', path: new RegExp(`^/interactions/${refused.id}/`) })).toEqual([]);
    await h.fake.waitForGateway('close', 1, 2000);
    expect(h.fake.openSockets).toBe(0);
  });
});

describe('GIVEN a pinned timeline post remembered from an older corpus', () => {
  let corpusDir: string;
  let dataDir: string;
  let h: Harness | undefined;
  const changedEvent = 'event.titan-api-granted';

  beforeAll(async () => {
    corpusDir = await mkdtemp(join(tmpdir(), 'inbox-bot-corpus-'));
    dataDir = await mkdtemp(join(tmpdir(), 'inbox-bot-data-'));
    await cp(join(process.cwd(), 'corpus'), corpusDir, { recursive: true });
    const eventsPath = join(corpusDir, 'facts', 'events.json');
    const events = JSON.parse(await readFile(eventsPath, 'utf8')) as { facts: { id: string; summary: string }[] };
    const fact = events.facts.find((f) => f.id === changedEvent);
    if (!fact) throw new Error(`test setup: ${changedEvent} is not in corpus/facts/events.json any more`);
    fact.summary = fact.summary.replace('August 2013', 'August 2013 (corrected)');
    await writeFile(eventsPath, JSON.stringify(events, null, 2) + '\n');
  });
  afterAll(async () => {
    await h?.stop();
    await rm(corpusDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('WHEN the bot starts on the changed corpus THEN it edits the post to the current timeline with a line saying what changed, and remembers the new digest', async () => {
    const { FakeDiscord } = await import('../support/fake-discord.js');
    const fake = await FakeDiscord.start({ token: TEST_TOKEN });
    const options = { from: '2013' };
    const old = renderPinnedTimeline(bot, options);
    const outdated = fake.addMessage({ id: snowflake(), channel_id: fake.channelId, content: old.message.content, pinned: true, webhook_id: fake.applicationId });
    const current = fake.addMessage({ id: snowflake(), channel_id: fake.channelId, content: 'current', pinned: true });
    const goneId = snowflake();
    const changedBot = await loadBot({ corpusDir });
    const upToDate = renderPinnedTimeline(changedBot, {});
    const post = (messageId: string, digest: string, entries: PinnedPost['entries'], opts: PinnedPost['options']): PinnedPost => ({
      channelId: fake.channelId,
      messageId,
      guildId: fake.guildId,
      options: opts,
      digest,
      entries,
      pinnedAt: '2024-05-01T12:00:00.000Z',
    });
    await writePinnedPosts(dataDir, [
      post(outdated.id, old.digest, old.entries, options),
      post(current.id, upToDate.digest, upToDate.entries, {}),
      post(goneId, old.digest, old.entries, options),
    ]);

    try {
      h = await startHarness({ bot: changedBot, fake, dataDir });
      const summary = await h.running.refreshed;
      expect(summary).toEqual({ edited: 1, unchanged: 1, forgotten: 1, failed: 0 });
    } finally {
      await h?.running.stop();
      await fake.close();
    }

    const edits = fake.requestsTo({ method: 'PATCH', path: /^\/channels\// });
    expect(edits.map((e) => e.path).sort()).toEqual([`/channels/${fake.channelId}/messages/${goneId}`, `/channels/${fake.channelId}/messages/${outdated.id}`].sort());
    const edit = edits.find((e) => e.path.endsWith(outdated.id))!;
    expectAccepted(edit);
    expect(edit.authorization).toBe(`Bot ${TEST_TOKEN}`);
    const now = renderPinnedTimeline(changedBot, options);
    const body = edit.body as { content: string; embeds: unknown[]; allowed_mentions: unknown };
    expect(body.content.startsWith(now.message.content ?? '')).toBe(true);
    expect(body.content).toMatch(/_Updated \d{4}-\d{2}-\d{2}: 1 event\(s\) corrected\._$/);
    expect(body.content).not.toContain(changedEvent); // a public post never shows fact ids
    expect(body.embeds).toEqual(JSON.parse(JSON.stringify(now.message.embeds)));
    expect(JSON.stringify(body.embeds)).toContain('August 2013 (corrected)');
    expect(body.allowed_mentions).toEqual({ parse: [] });

    const saved = await readPinnedPosts(dataDir);
    expect(saved.map((p) => p.messageId).sort()).toEqual([outdated.id, current.id].sort()); // the deleted message is forgotten
    const updated = saved.find((p) => p.messageId === outdated.id)!;
    expect(updated.digest).toBe(now.digest);
    expect(updated.entries).toEqual(now.entries);
    expect(updated.updatedAt).toBeDefined();
  });
});
