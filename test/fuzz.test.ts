/**
 * Property-based fuzzing of the core (`handle()`, what `respond()` returns and every transport sends), with
 * fast-check and a fixed seed: generated interactions of every kind, well-formed and not: known and random
 * command names, missing, extra and wrongly typed options, huge, empty and hostile strings (mentions, markdown,
 * zero-width and direction-override characters, lone surrogates, regex syntax, emoji), random interaction types,
 * random button custom_ids, autocomplete with focused options, message-menu targets with hostile content.
 *
 * Every answer must: come back without throwing and without the error boundary having caught a bug
 * (`reply.error`), be a body Discord's published schema accepts (`discord-api-spec`, via discord-schemas.ts),
 * stay within Discord's limits and be mention-safe (`expectDiscordSafe`).
 *
 * A failure prints fast-check's seed and path; re-run with them to reproduce the exact interaction.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIInteraction } from 'discord-api-types/v10';
import { loadBot, type Bot } from '../src/core/bot.js';
import { handle } from '../src/core/respond.js';
import { validateBody } from './support/discord-schemas.js';
import { expectDiscordSafe } from './support/interactions.js';

/** Fixed, so a run is reproducible; override with FUZZ_SEED to explore further. */
const SEED = Number(process.env.FUZZ_SEED ?? 20240608);
/** Runs per property; the five below sum to RUNS_TOTAL. */
const RUNS = { slash: 3500, random: 2000, button: 2000, autocomplete: 1500, menu: 1000 } as const;
const RUNS_TOTAL = Object.values(RUNS).reduce((a, b) => a + b, 0);

let bot: Bot;
let checked = 0;
let slowestMs = 0;
beforeAll(async () => {
  bot = await loadBot();
});
afterAll(() => {
  // The figure the README's Reliability section quotes.
  console.log(`fuzz: ${checked} generated interactions answered and checked (seed ${SEED}); slowest answer ${slowestMs.toFixed(1)} ms`);
});

// ---------------------------------------------------------------------------------------------------------
// Hostile text

const HOSTILE_TOKENS = [
  '@everyone', '@here', '@\u200Beveryone', '<@123456789012345678>', '<@!123456789012345678>', '<@&223456789012345678>', '<#323456789012345678>',
  '</ask:423456789012345678>', '<t:1700000000:R>', '<:emoji:523456789012345678>',
  '**', '__', '~~', '||', '`', '```', '> ', '>>> ', '# ', '-# ', '[link](https://example.com)', '<https://example.com>', '\\', '\\@everyone',
  '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
  '\uFEFF', '\u00AD', '\u061C', '\u180E', '\u3164', '\uFE0F', '\u0000', '\u0007', '\u001B[31m', '\u007F', '\u0085', '\r\n', '\n', '\t',
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800',
  '.*', '(a+)+$', '[^]', '$&', '$1', '${x}', '\\u0000', '(?<=x)', '|', '^', '*+?', '{1,}', '%s', '%n', '{{7*7}}', '<script>', '\'; DROP TABLE', '../../etc/passwd',
  '👍🏽', '🏳️‍🌈', '👨‍👩‍👧‍👦', '🇺🇸', 'é', 'e\u0301', 'Z\u0351\u0352\u0353', 'ﷺ', '𝕴𝖓𝖇𝖔𝖝', 'İ', 'ß', 'ﬃ', '\u2028', '\u2029',
  'Inbox API', 'Netflix', 'Meta', 'Titan', 'Cambridge Analytica', '2018', '2018-05', '$40 million', '“', '”', '"', '\'',
  '|', 'item|cite|', 'item|open|', 'claim|page|', 'ask|all|', 'claim.inbox-api-access',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Text of every kind a user (or a forged request) can put in a string field. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 8 })), { maxLength: 24 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(anyCodeUnit, loneSurrogate), maxLength: 80 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\u200B', '\u202E', '   \t  ') },
  // Huge: past every option's max_length, past the 2000-character message and the 6000-character embed limits.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_TOKENS, 'a', 'inbox api ', '@everyone '), fc.integer({ min: 50, max: 3000 })).map(([t, n]) => t.repeat(n)) },
);

/** A value of any JSON type, including the wrong one for an option. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, -1, 2 ** 53, 1e308, -0, '0', 'true') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

// ---------------------------------------------------------------------------------------------------------
// Interaction envelopes

const snowflake = fc.bigInt({ min: 100000000000000000n, max: 9223372036854775807n }).map(String);
const permissions = fc.oneof(
  fc.constantFrom('0', '2251799813685248', '8', '2251799813688320', String((1n << 52n) - 1n)),
  fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }).map(String),
  fc.constantFrom('', 'x', '-1', '1e9'),
);
const user = fc.record({ id: snowflake, username: hostileText, discriminator: fc.constant('0'), global_name: fc.option(hostileText), avatar: fc.constant(null) });

/** Where an interaction comes from: a server member (any permissions), a DM user, or nobody at all. */
const place = fc.oneof(
  fc.record({ guild_id: snowflake, member: fc.record({ user, roles: fc.constant([]), permissions, joined_at: fc.constant('2024-01-01T00:00:00.000Z'), deaf: fc.boolean(), mute: fc.boolean(), flags: fc.constant(0) }) }),
  fc.record({ user }),
  fc.constant({}),
);

function envelope(type: unknown, data: unknown): fc.Arbitrary<APIInteraction> {
  return fc
    .record({ id: snowflake, token: fc.string({ minLength: 1, maxLength: 60 }), place, appPermissions: permissions, channel: snowflake, locale: fc.constantFrom('en-US', 'fr', 'ja', 'xx') })
    .map(({ id, token, place: where, appPermissions, channel, locale }) =>
      ({ id, application_id: '1400000000000000001', type, data, token, version: 1, channel_id: channel, app_permissions: appPermissions, locale, entitlements: [], authorizing_integration_owners: {}, ...where }) as unknown as APIInteraction,
    );
}

/** Options for a command: its own names with right or wrong values, missing ones, extra ones, duplicates. */
function optionsFor(definitions: { name: string; type: number }[]): fc.Arbitrary<unknown> {
  const own = definitions.map((d) =>
    fc.record(
      {
        name: fc.constant(d.name),
        type: fc.oneof(fc.constant(d.type), fc.integer({ min: 0, max: 12 })),
        value: fc.oneof(
          d.type === 3 ? hostileText : d.type === 5 ? fc.boolean() : fc.integer(),
          anyValue,
        ),
        focused: fc.boolean(),
      },
      { requiredKeys: ['name', 'type'] },
    ),
  );
  const extra = fc.record({ name: fc.oneof(hostileText, fc.constantFrom('question', 'topic', 'text', 'from', 'to', 'pin', '__proto__', 'constructor')), type: fc.integer({ min: 1, max: 11 }), value: anyValue });
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.subarray(own.length ? own : [extra]).chain((arbs) => fc.tuple(...arbs)), fc.array(extra, { maxLength: 3 })).map(([a, b]) => [...a, ...b]) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, [], {}, 'options', 42, [null], [[]]) },
  );
}

function commandDefinitions(b: Bot) {
  return b.commands.map((c) => ({
    name: c.data.name,
    type: c.data.type ?? 1,
    options: ('options' in c.data ? (c.data.options ?? []) : []) as { name: string; type: number }[],
  }));
}

/** Runs one interaction through the core and applies every check; counts it. */
function check(interaction: APIInteraction): void {
  const started = performance.now();
  let reply: ReturnType<typeof handle>;
  expect(() => {
    reply = handle(interaction, bot);
  }).not.toThrow();
  slowestMs = Math.max(slowestMs, performance.now() - started);
  const { response, error } = reply!;
  // The boundary turned a bug into a polite reply: still a bug, and the fuzzer's job is to find it.
  expect(error, `a handler threw: ${String((error as Error | undefined)?.stack ?? error)}`).toBeUndefined();
  expect(validateBody('interaction-callback', response), 'Discord would refuse this body').toEqual([]);
  expectDiscordSafe(response);
  // The only response types Discord accepts for each interaction type (anything unknown gets a message).
  const type = (interaction as { type?: unknown }).type;
  const allowed = type === 1 ? [1] : type === 4 ? [8] : type === 3 ? [4, 7] : [4];
  expect(allowed, `response type ${response.type} to interaction type ${String(type)}`).toContain(response.type);
  // What the transports send is the JSON text: it must carry the response unchanged (no NaN, Map, Date or
  // class instance that JSON would turn into something else).
  expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  checked++;
}

const params = (numRuns: number) => ({ seed: SEED, numRuns });

describe(`GIVEN ${RUNS_TOTAL} generated interactions (fast-check, seed ${SEED}) WHEN each is answered by the core`, () => {
  it(`THEN known slash commands with random, missing, extra and wrongly typed options (${RUNS.slash}) all get a valid, safe answer`, () => {
    const chatInput = commandDefinitions(bot).filter((c) => c.type === 1);
    const arb = fc.constantFrom(...chatInput).chain((command) =>
      optionsFor(command.options).chain((options) =>
        envelope(2, { id: '1600000000000000001', name: command.name, type: 1, ...(options === undefined ? {} : { options }) }),
      ),
    );
    fc.assert(fc.property(arb, check), params(RUNS.slash));
  });

  it(`THEN random command names, command types, interaction types and malformed data (${RUNS.random}) all get a valid, safe answer`, () => {
    const names = commandDefinitions(bot).map((c) => c.name);
    const data = fc.oneof(
      fc.record(
        { id: snowflake, name: fc.oneof(fc.constantFrom(...names), hostileText, fc.constantFrom('HELP', 'help ', 'ask\u200B', '')), type: fc.oneof(fc.constantFrom(1, 2, 3, 4), fc.integer()), options: optionsFor([]), target_id: snowflake, custom_id: hostileText, component_type: fc.integer({ min: 0, max: 20 }) },
        { requiredKeys: [] },
      ),
      fc.constantFrom(undefined, null, 'data', 7, [], {}),
    );
    const type = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(1, 2, 3, 4, 5) }, { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constantFrom(0, 6, 99, -1, '2', null, undefined)) });
    const arb = fc.tuple(type, data).chain(([t, d]) => envelope(t, d));
    fc.assert(fc.property(arb, check), params(RUNS.random));
  });

  it(`THEN button presses with random and near-valid custom_ids (${RUNS.button}) all get a valid, safe answer`, () => {
    const ids = [...bot.case.facts.map((f) => f.id), ...bot.case.passages.map((p) => p.id)];
    const prefix = fc.constantFrom('item', 'ask', 'claim', 'denial', 'money', 'timeline', 'sources', 'noop', 'help', 'quote', 'Check against sources', '', 'x');
    const actions = ['open', 'cite', 'side', 'dis', 'page', 'all', 'noop'];
    const part = fc.oneof(fc.constantFrom(...ids.slice(0, 50), ...actions, 'source:000', 'source:x', '1', '2', '0', '-1', '999999', '1e3', 'NaN', '2015', '2018-05', 'inbox-api'), hostileText);
    const customId = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(prefix, fc.array(part, { maxLength: 6 })).map(([p, rest]) => [p, ...rest].join('|')) },
      { weight: 1, arbitrary: hostileText },
      { weight: 1, arbitrary: fc.constantFrom(undefined, null, 5, {}, '|', '||||', 'item|') },
    );
    // Select menus send `values`; a forged request may send anything there.
    const values = fc.oneof(fc.constant(undefined), fc.array(part, { maxLength: 3 }), fc.constantFrom(null, 'x', [1, {}], [[]]));
    const arb = fc
      .tuple(customId, fc.constantFrom(2, 3, 5, 6, 7, 8), values)
      .chain(([id, componentType, chosen]) => envelope(3, { custom_id: id, component_type: componentType, ...(chosen === undefined ? {} : { values: chosen }) }))
      // The pressed message, as Discord sends it or forged: who it answered decides whether it may be edited.
      .chain((interaction) =>
        fc.oneof(
          fc.constant(interaction),
          fc
            .record({ flags: fc.oneof(fc.integer(), fc.constant(64), fc.string()), interaction_metadata: fc.oneof(fc.constant(null), fc.record({ user: fc.oneof(fc.constant(null), fc.record({ id: fc.oneof(snowflake, fc.constant('1200000000000000001')) })) })) })
            .map((message) => ({ ...interaction, message }) as unknown as APIInteraction),
        ),
      );
    fc.assert(fc.property(arb, check), params(RUNS.button));
  });

  it(`THEN autocomplete with focused options, known and unknown (${RUNS.autocomplete}) always gets at most 25 valid choices`, () => {
    const withAutocomplete = commandDefinitions(bot).filter((c) => c.type === 1);
    const arb = fc
      .tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...withAutocomplete) }, { weight: 1, arbitrary: fc.record({ name: hostileText, type: fc.constant(1), options: fc.constant<{ name: string; type: number }[]>([]) }) }), fc.oneof(hostileText, anyValue))
      .chain(([command, typed]) =>
        optionsFor(command.options).chain((others) => {
          const focusedName = command.options[0]?.name ?? 'topic';
          const list = Array.isArray(others) ? others.filter((o) => (o as { name?: unknown } | null)?.name !== focusedName) : [];
          return envelope(4, { id: '1600000000000000001', name: command.name, type: 1, options: [...list, { name: focusedName, type: 3, value: typed, focused: true }] });
        }),
      );
    fc.assert(fc.property(arb, check), params(RUNS.autocomplete));
  });

  it(`THEN the message menu on messages with hostile content, and with missing or broken targets (${RUNS.menu}), always gets a valid, safe answer`, () => {
    const menu = commandDefinitions(bot).find((c) => c.type === 3);
    expect(menu, 'a message-menu command exists').toBeDefined();
    const arb = fc
      .record({ target: snowflake, other: snowflake, content: fc.oneof(hostileText, anyValue), pointAtOther: fc.boolean(), resolved: fc.boolean() })
      .chain(({ target, other, content, pointAtOther, resolved }) =>
        envelope(2, {
          id: '1600000000000000002',
          name: menu!.name,
          type: 3,
          target_id: pointAtOther ? other : target,
          ...(resolved ? { resolved: { messages: { [target]: { id: target, channel_id: '1500000000000000001', content, author: { id: '1', username: 'x' }, embeds: [], attachments: [] } } } } : {}),
        }),
      );
    fc.assert(fc.property(arb, check), params(RUNS.menu));
  });

  it('THEN every generated interaction was checked (none skipped)', () => {
    expect(checked).toBe(RUNS_TOTAL);
  });
});
