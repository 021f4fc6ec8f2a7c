/**
 * The gateway bot (`startBot`, what `npm start` and each shard run) on the PostgreSQL store: a pin is recorded
 * in the database, and two bots on one database (a rolling deploy's overlap, or a shard's process respawned
 * while the old one still drains) answer an interaction delivered to both once. Skipped, with a one-line notice,
 * where PostgreSQL is not installed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBot, type Bot } from '../../src/core/bot.js';
import { FakeDiscord, MEMBER_PERMISSIONS, Permission } from '../support/fake-discord.js';
import { startHarness, TEST_TOKEN, type Harness } from '../support/gateway-harness.js';
import { postgresBinDir, startPostgres, type PostgresServer } from '../support/postgres.js';

describe.skipIf(!postgresBinDir())('GIVEN two gateway bots on one PostgreSQL database and one fake Discord', () => {
  let server: PostgresServer;
  let url: string;
  let fake: FakeDiscord;
  let bot: Bot;
  let first: Harness;
  let second: Harness;

  beforeAll(async () => {
    server = await startPostgres();
    url = await server.createDatabase('gateway');
    bot = await loadBot();
    fake = await FakeDiscord.start({ token: TEST_TOKEN, heartbeatIntervalMs: 30_000 });
    first = await startHarness({ bot, fake, env: { DATABASE_URL: url } });
    second = await startHarness({ bot, fake, env: { DATABASE_URL: url } });
  }, 60_000);

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await fake?.close();
    server?.close();
  });

  it('THEN both run on the PostgreSQL store', () => {
    for (const h of [first, second]) expect(h.logs().find((l) => l.event === 'gateway-ready')).toMatchObject({ state: 'postgres' });
  });

  it('WHEN a moderator pins the timeline THEN the post is recorded in the database', async () => {
    const interaction = fake.sendInteraction(fake.slashCommand('timeline', { pin: true }, { memberPermissions: MEMBER_PERMISSIONS | Permission.PinMessages }));
    await fake.waitForCallback(interaction.id);
    await second.running.idle();
    const original = fake.interactions.get(interaction.token)!.originalMessageId!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT channel_id, message_id FROM pinned_timelines');
    await client.end();
    expect(rows).toEqual([{ channel_id: fake.channelId, message_id: original }]);
  });

  it('WHEN the same interaction is dispatched to both bots THEN exactly one answers it', async () => {
    const interaction = fake.slashCommand('sources');
    fake.registerInteraction(interaction);
    expect(fake.dispatchToEverySession('INTERACTION_CREATE', interaction)).toBe(2);
    await fake.waitForCallback(interaction.id);
    const settled = async (h: Harness) => {
      for (let i = 0; i < 50 && !h.logs().some((l) => l.id === interaction.id); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await h.running.idle();
    };
    await Promise.all([settled(first), settled(second)]);
    const events = [first, second].map((h) => h.logs().filter((l) => l.id === interaction.id).map((l) => l.event).sort());
    // One answered it, the other saw it and recognised the copy.
    expect(events.map((e) => e.join()).sort()).toEqual(['interaction', 'interaction-duplicate']);
    const callbacks = fake.requestsTo({ method: 'POST', path: new RegExp(`^/interactions/${interaction.id}/`) });
    expect(callbacks.map((c) => c.status)).toEqual([204]);
  });
});
