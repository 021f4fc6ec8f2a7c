/**
 * The per-user cooldown as a pure module: a sliding window per user, an injected clock, bounded memory, the
 * "try again in N s" it promises being true, and which interactions count. The transports' own tests
 * (test/reliability/cooldown-transports.test.ts) show both refuse the same interactions with the same reply.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { Cooldown, cooldownFromConfig, cooldownReply, withCooldown } from '../src/core/cooldown.js';
import type { Reply } from '../src/core/types.js';
import { autocomplete, button, contentOf, expectDiscordSafe, isEphemeralReply, messageCommand, slash } from './support/interactions.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Cooldown', () => {
  it('GIVEN a limit of 5 per 10 s WHEN a user sends 6 at once THEN 5 pass and the 6th is told to wait the full 10 s', () => {
    const c = clock();
    const cooldown = new Cooldown({ limit: 5, windowMs: 10_000, now: c.now });
    const verdicts = Array.from({ length: 6 }, () => cooldown.take('u1'));
    expect(verdicts.slice(0, 5).every((v) => v.ok)).toBe(true);
    expect(verdicts[5]).toEqual({ ok: false, retryAfterSeconds: 10 });
  });

  it('GIVEN a user at the limit WHEN the time it named has passed THEN the next one passes, and not a millisecond earlier', () => {
    const c = clock();
    const cooldown = new Cooldown({ limit: 2, windowMs: 10_000, now: c.now });
    cooldown.take('u1');
    c.advance(3_500);
    cooldown.take('u1');
    c.advance(1_000); // 4.5 s after the first: it leaves the window in 5.5 s, rounded up to 6
    const refused = cooldown.take('u1');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 6 });
    c.advance(5_499);
    expect(cooldown.take('u1').ok).toBe(false);
    c.advance(1);
    expect(cooldown.take('u1').ok).toBe(true);
  });

  it('GIVEN one user flooding WHEN another user asks THEN the other is unaffected (per user)', () => {
    const cooldown = new Cooldown({ limit: 3, windowMs: 10_000, now: clock().now });
    for (let i = 0; i < 50; i++) cooldown.take('flooder');
    expect(cooldown.take('flooder').ok).toBe(false);
    expect(cooldown.take('reader').ok).toBe(true);
  });

  it('GIVEN a limit of 0 THEN the cooldown is off (config COOLDOWN_LIMIT=0)', () => {
    const cooldown = new Cooldown({ limit: 0, windowMs: 10_000 });
    for (let i = 0; i < 1000; i++) expect(cooldown.take('u').ok).toBe(true);
    expect(cooldown.size).toBe(0);
    expect(cooldownFromConfig(readConfig({ COOLDOWN_LIMIT: '0' }))).toBeUndefined();
  });

  it('GIVEN the configuration WHEN read THEN its limit and window are used (defaults 5 per 10 s)', () => {
    expect(cooldownFromConfig(readConfig({}))).toMatchObject({ limit: 5, windowMs: 10_000 });
    expect(cooldownFromConfig(readConfig({ COOLDOWN_LIMIT: '2', COOLDOWN_WINDOW_SECONDS: '60' }))).toMatchObject({ limit: 2, windowMs: 60_000 });
  });

  it('GIVEN bad options THEN construction fails naming the value', () => {
    expect(() => new Cooldown({ limit: -1, windowMs: 1000 })).toThrow(/limit.*-1/);
    expect(() => new Cooldown({ limit: 1, windowMs: 0 })).toThrow(/windowMs.*0/);
    expect(() => new Cooldown({ limit: 1, windowMs: 1000, maxUsers: 0 })).toThrow(/maxUsers.*0/);
  });

  it('GIVEN 100,000 distinct users WHEN each sends one THEN at most maxUsers are remembered', () => {
    const c = clock();
    const cooldown = new Cooldown({ limit: 5, windowMs: 10_000, now: c.now, maxUsers: 1000 });
    for (let i = 0; i < 100_000; i++) {
      cooldown.take(`user-${i}`);
      if (i % 10 === 0) c.advance(1);
    }
    expect(cooldown.size).toBe(1000);
  });

  it('GIVEN many users seen once WHEN their window has passed THEN the next interaction forgets them all', () => {
    const c = clock();
    const cooldown = new Cooldown({ limit: 5, windowMs: 10_000, now: c.now });
    for (let i = 0; i < 500; i++) cooldown.take(`user-${i}`);
    expect(cooldown.size).toBe(500);
    c.advance(10_000);
    cooldown.take('late');
    expect(cooldown.size).toBe(1);
  });

  it('GIVEN any sequence of users and times (property) THEN no user ever gets more than `limit` in any window, and a refused user waiting the named time gets in', () => {
    const event = fc.record({ user: fc.constantFrom('a', 'b', 'c'), gap: fc.integer({ min: 0, max: 4000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 20 }), fc.array(event, { maxLength: 200 }), (limit, windowSeconds, events) => {
        const windowMs = windowSeconds * 1000;
        const c = clock();
        const cooldown = new Cooldown({ limit, windowMs, now: c.now, maxUsers: 10 });
        const passed: Record<string, number[]> = {};
        for (const { user, gap } of events) {
          c.advance(gap);
          const verdict = cooldown.take(user);
          if (verdict.ok) {
            const times = (passed[user] ??= []);
            times.push(c.now());
            expect(times.filter((t) => t > c.now() - windowMs).length).toBeLessThanOrEqual(limit);
          } else {
            expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
            expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
            // A copy with the same history, moved to the named time, lets the user in.
            const recent = (passed[user] ?? []).filter((t) => t > c.now() - windowMs);
            const replay = clock(recent[0] ?? c.now());
            const copy = new Cooldown({ limit, windowMs, now: replay.now });
            for (const t of recent) {
              replay.advance(t - replay.now());
              copy.take(user);
            }
            replay.advance(c.now() + verdict.retryAfterSeconds * 1000 - replay.now());
            expect(copy.take(user).ok).toBe(true);
          }
        }
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe('withCooldown (the gate both transports use)', () => {
  const answered: string[] = [];
  const answer = (interaction: { id: string }): Reply => {
    answered.push(interaction.id);
    return { response: { type: 4, data: { content: 'answer' } } };
  };

  it('GIVEN a limit of 2 WHEN commands, buttons and menus come from one user THEN they share one budget and the third gets the ephemeral "going a bit fast" reply without reaching the answer', () => {
    answered.length = 0;
    const c = clock();
    const gate = withCooldown(new Cooldown({ limit: 2, windowMs: 10_000, now: c.now }), answer);
    const [first, second, third] = [slash('help'), button('sources|p|2'), messageCommand('Meta read messages')];
    gate(first);
    gate(second);
    c.advance(2_200);
    const refused = gate(third) as Reply;
    expect(answered).toEqual([first.id, second.id]);
    expect(contentOf(refused.response)).toBe("You're going a bit fast: try again in 8 s.");
    expect(isEphemeralReply(refused.response)).toBe(true);
    expect(refused.response).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expectDiscordSafe(refused.response);
  });

  it('GIVEN a user over the limit WHEN they type in an autocompleted option THEN autocomplete is still answered and does not use the budget', () => {
    answered.length = 0;
    const gate = withCooldown(new Cooldown({ limit: 1, windowMs: 10_000, now: clock().now }), answer);
    const typing = Array.from({ length: 10 }, (_, i) => autocomplete('claim', 'topic', 'inbox'.slice(0, i % 5)));
    for (const interaction of typing) gate(interaction);
    gate(slash('help'));
    expect(contentOf((gate(slash('help')) as Reply).response)).toMatch(/going a bit fast/);
    expect(answered).toHaveLength(11);
  });

  it('GIVEN no cooldown (limit 0 or none configured) THEN the answer function is used as is', () => {
    expect(withCooldown(undefined, answer)).toBe(answer);
    expect(withCooldown(new Cooldown({ limit: 0, windowMs: 1000 }), answer)).toBe(answer);
  });

  it('GIVEN an interaction with no user (not something Discord sends) THEN it is answered, not counted against anyone', () => {
    answered.length = 0;
    const cooldown = new Cooldown({ limit: 1, windowMs: 10_000, now: clock().now });
    const gate = withCooldown(cooldown, answer);
    const anonymous = { ...slash('help'), user: undefined, member: undefined } as unknown as ReturnType<typeof slash>;
    gate(anonymous);
    gate(anonymous);
    expect(answered).toHaveLength(2);
    expect(cooldown.size).toBe(0);
  });

  it('GIVEN the reply text THEN it is exactly the agreed sentence', () => {
    expect(contentOf(cooldownReply(3).response)).toBe("You're going a bit fast: try again in 3 s.");
  });
});
