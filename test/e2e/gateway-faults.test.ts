/**
 * The fake Discord's faults, survived by the real client: REST 429 and 500 on the interaction callback, a
 * dropped socket (resume with replay of what was missed), op 7 RECONNECT. Issue 8 builds its reliability
 * suite on the same faults; these show they work and that nothing is answered twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBot } from '../../src/core/bot.js';
import { Faults } from '../support/fake-discord.js';
import { startHarness, type Harness } from '../support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ bot: await loadBot() });
});
afterAll(async () => {
  await h?.stop();
});

function callbacksFor(id: string) {
  return h.fake.requestsTo({ method: 'POST', path: new RegExp(`^/interactions/${id}/`) });
}

describe('GIVEN the bot connected to a fake Discord that misbehaves', () => {
  it('WHEN the callback is answered 429 with retry-after THEN it is sent again after the wait and accepted once', async () => {
    h.fake.override({ method: 'POST', path: /\/callback$/ }, Faults.rateLimited(0.1));
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('help'));
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`) && r.status === 204);
    const attempts = callbacksFor(interaction.id);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(90);
  });

  it('WHEN the callback is answered 500 once THEN it is retried and accepted once', async () => {
    h.fake.override({ method: 'POST', path: /\/callback$/ }, Faults.serverError());
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('help'));
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`) && r.status === 204);
    expect(callbacksFor(interaction.id).map((r) => r.status)).toEqual([500, 204]);
  });

  it('WHEN the socket drops and an interaction is created meanwhile THEN the client resumes, gets it replayed and answers it once', async () => {
    const resumes = h.fake.gatewayCount('resume');
    h.fake.dropSocket();
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('sources')); // stored; no socket to send it on
    await h.fake.waitForGateway('resume', resumes + 1, 5000);
    const connect = h.fake.gatewayEvents.filter((e) => e.kind === 'connect').at(-1)!.detail as { url: string };
    expect(connect.url).toMatch(/^\/resume\?v=10&encoding=json/); // READY's resume_gateway_url
    await h.fake.waitForCallback(interaction.id);
    await h.running.idle();
    expect(callbacksFor(interaction.id).map((r) => r.status)).toEqual([204]);
  });

  it('WHEN Discord asks it to reconnect (op 7) THEN it resumes the session and keeps answering', async () => {
    const resumes = h.fake.gatewayCount('resume');
    const identifies = h.fake.gatewayCount('identify');
    h.fake.sendOp(7);
    await h.fake.waitForGateway('resume', resumes + 1, 5000);
    const interaction = h.fake.sendInteraction(h.fake.slashCommand('help'));
    await h.fake.waitForCallback(interaction.id);
    expect(h.fake.gatewayCount('identify')).toBe(identifies); // resumed, not a new session
    expect(h.logs().some((l) => l.event === 'gateway-resumed')).toBe(true);
  });
});
