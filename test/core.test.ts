import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/corpus/case.js';
import { loadBot, type Bot } from '../src/core/bot.js';
import { respond, handle } from '../src/core/respond.js';
import { describeTimelineChanges } from '../commands/timeline/render.js';
import {
  autocomplete,
  button,
  contentOf,
  customIds,
  embedsOf,
  expectDiscordSafe,
  expectQuotesVerbatim,
  isEphemeralReply,
  messageCommand,
  PIN_MESSAGES,
  slash,
} from './support/interactions.js';

let bot: Bot;
beforeAll(async () => {
  bot = await loadBot();
});

/** The ids a reply's menu opens, in order (lists), or the id its first Cite button cites (an /ask answer). */
function itemIds(r: ReturnType<typeof respond>): string[] {
  const rows = 'data' in r && r.data && 'components' in r.data ? (r.data.components ?? []) : [];
  const components = rows.flatMap((row) => ('components' in row ? (row.components as unknown[]) : [])) as Array<{ options?: { value: string }[]; custom_id?: string }>;
  const menu = components.find((c) => Array.isArray(c.options));
  if (menu?.options) return menu.options.map((o) => o.value);
  return components.flatMap((c) => (c.custom_id?.startsWith('item|cite|') ? [c.custom_id.slice('item|cite|'.length)] : []));
}
const firstFactId = (r: ReturnType<typeof respond>) => itemIds(r)[0];
/** The first answer item as shown: the embed's title and its lines up to the further items. */
const firstItemText = (r: ReturnType<typeof respond>) => {
  const e = embedsOf(r)[0];
  return [e?.title, (e?.description ?? '').split('**Also in my sources:**')[0]].join('\n');
};

describe('topic commands rank the right fact first', () => {
  const table: Array<[string, Record<string, string>, string, string]> = [
    ['money', {}, 'money.ad-spend-2015', 'with no topic, money figures run oldest first: $40 million by 2015'],
    ['money', { topic: 'cambridge analytica' }, 'money.cambridge-analytica-settlement', 'the words name the settlement exactly'],
    ['money', { topic: 'facebook-watch' }, 'money.watch-budget-cut', 'the only money figure about Watch is the $750 million cut'],
    ['claim', { topic: 'titan-api' }, 'claim.titan-api-access', 'the Titan API claim is tagged and says "Titan API" in all three sources'],
    ['claim', { topic: 'snapchat' }, 'claim.snapchat-traffic-monitoring', 'only one claim is about Snapchat'],
    ['claim', {}, 'claim.inbox-api-access', 'with no topic, claims keep the curated order: the Inbox API claim leads'],
    ['denial', { topic: 'shockingly untrue' }, 'denial.meta-denies-netflix-message-access', 'Stone\'s words are part of Meta\'s denial'],
    ['denial', { topic: 'blog post 2018' }, 'denial.meta-blog-2018', 'the 2018 blog post denial'],
  ];
  it.each(table)('GIVEN /%s %j THEN %s comes first (%s)', (name, options, id) => {
    const r = respond(slash(name, options), bot);
    expect(isEphemeralReply(r)).toBe(false);
    expect(firstFactId(r)).toBe(id);
    expectDiscordSafe(r);
  });

  it('GIVEN /money topic:fines THEN the 2022 fine and the 2022 settlement lead (both tagged with the topic)', () => {
    const ids = itemIds(respond(slash('money', { topic: 'fines' }), bot));
    expect(ids.slice(0, 2).sort()).toEqual(['money.cambridge-analytica-settlement', 'money.fine-2022']);
  });

  it('GIVEN a topic no fact is about WHEN /claim THEN an ephemeral reply says so and lists topics', () => {
    const r = respond(slash('claim', { topic: 'volcanoes' }), bot);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toContain('None of the claims');
    expect(contentOf(r)).toContain('`inbox-api`');
  });
});

describe('/timeline', () => {
  /** The bold date that starts each event line. */
  const dates = (r: ReturnType<typeof respond>) => [...(embedsOf(r)[0]?.description ?? '').matchAll(/^\*\*([^*]+)\*\* · /gm)].map((m) => m[1]);

  it('GIVEN no range WHEN /timeline THEN every event on one page, a line each, oldest first, starting with the Titan API grant in August 2013', () => {
    const r = respond(slash('timeline'), bot);
    expect(dates(r)[0]).toBe('August 2013');
    expect(dates(r).length).toBe(bot.case.facts.filter((f) => f.kind === 'event').length);
    expect(customIds(r).some((id) => id.startsWith('timeline|page|'))).toBe(false); // the whole case timeline in one message
    expect(itemIds(r)[0]).toBe('event.titan-api-granted');
  });

  it('GIVEN from:2018 to:2018 WHEN /timeline THEN only 2018 events, the year-only ones before May', () => {
    const r = respond(slash('timeline', { from: '2018', to: '2018' }), bot);
    expect(dates(r)).toEqual(['2018', '2018', 'May 2018']);
  });

  it('GIVEN from:2018-06 WHEN /timeline THEN a year-precision 2018 event still overlaps and is kept, May 2018 is not', () => {
    const r = respond(slash('timeline', { from: '2018-06', to: '2019' }), bot);
    expect(dates(r)).toContain('2018');
    expect(dates(r)).not.toContain('May 2018');
    expect(dates(r)).toContain('until April 2019');
  });

  it.each([['from', 'yesterday'], ['to', '2018-13'], ['from', '20155']])('GIVEN %s:%s WHEN /timeline THEN an ephemeral error gives the format', (key, value) => {
    const r = respond(slash('timeline', { [key]: value }), bot);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toContain('`2018-05`');
  });

  it('GIVEN from after to WHEN /timeline THEN an ephemeral error says to swap them', () => {
    const r = respond(slash('timeline', { from: '2020', to: '2015' }), bot);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toContain('swap');
  });

  it('GIVEN a member without Pin Messages WHEN /timeline pin:true THEN an ephemeral refusal names the permission', () => {
    const r = respond(slash('timeline', { pin: true }, { permissions: String(1n << 11n), appPermissions: String(PIN_MESSAGES) }), bot);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toContain('Pin Messages');
    expect(handle(slash('timeline', { pin: true }, { permissions: '0' }), bot).effects).toBeUndefined();
  });

  it('GIVEN a moderator but a bot without Pin Messages WHEN pin:true THEN the refusal says the bot lacks it', () => {
    const r = respond(slash('timeline', { pin: true }, { permissions: String(PIN_MESSAGES), appPermissions: String(1n << 11n) }), bot);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toMatch(/I'm missing the \*\*Pin Messages\*\* permission/);
  });

  it('GIVEN a DM WHEN pin:true THEN pinning is refused (servers only)', () => {
    expect(contentOf(respond(slash('timeline', { pin: true }), bot))).toContain('only in a server');
  });

  it('GIVEN a moderator and a bot that can pin WHEN pin:true THEN a public timeline, the whole range in one post, and a pin effect whose digest is of that post', () => {
    const moderator = { permissions: String(PIN_MESSAGES), appPermissions: String(PIN_MESSAGES) };
    const reply = handle(slash('timeline', { pin: true, from: '2015' }, moderator), bot);
    expect(isEphemeralReply(reply.response)).toBe(false);
    const data = (reply.response as { data: { content: string; embeds: unknown[]; components: unknown[] } }).data;
    // The digest is recomputed here from what was posted, not taken from the renderer that made it.
    const posted = { content: data.content, embeds: data.embeds, components: data.components, allowed_mentions: { parse: [] } };
    const digest = createHash('sha256').update(JSON.stringify(posted)).digest('hex');
    expect(reply.effects).toEqual([{ kind: 'pin-timeline', options: { from: '2015' }, digest }]);
    const events2015On = bot.case.facts.filter((f) => f.kind === 'event' && f.date >= '2015').length;
    expect(dates(reply.response).length).toBe(events2015On);
    // Another range is another post, so another digest.
    expect(handle(slash('timeline', { pin: true, from: '2018' }, moderator), bot).effects?.[0]?.digest).not.toBe(digest);
    expectDiscordSafe(reply.response);
  });

  it('GIVEN pinned entries before and after a corpus change WHEN described THEN additions and corrections are named', () => {
    const before = [{ id: 'event.a', hash: '1' }, { id: 'event.b', hash: '2' }];
    const after = [{ id: 'event.a', hash: '1' }, { id: 'event.b', hash: '3' }, { id: 'event.c', hash: '4' }];
    // Counted, never named by id (the post is public)…
    expect(describeTimelineChanges(before, after)).toBe('1 event(s) added, 1 event(s) corrected');
    // …and named in words when the caller can label them.
    const label = (id: string) => ({ 'event.b': 'May 2018: B', 'event.c': '2019: C' })[id];
    expect(describeTimelineChanges(before, after, label)).toBe('1 event(s) added (2019: C), 1 event(s) corrected (May 2018: B)');
  });
});

describe('/ask ranks the right item first', () => {
  // Questions written for these tests (not the evaluation set), each with the fact that must lead and why.
  const table: Array<[string, string, string]> = [
    ['how much did about pay to settle cambridge analytica', 'money.cambridge-analytica-settlement', 'the settlement figure'],
    ['who are the plaintiffs that sued', 'claim.lawsuit-origin', 'Klein and Grabert filed the suit'],
    ['when did messenger turn on end to end encryption by default', 'event.messenger-default-e2ee', 'December 2023'],
    ['what is the titan api', 'claim.titan-api-access', 'all three sources describe it'],
    ['did Andy Stone say it was untrue', 'denial.meta-denies-netflix-message-access', 'his "Shockingly untrue"'],
    ['netflix ad spending with facebook in 2015', 'money.ad-spend-2015', '$40 million'],
  ];
  it.each(table)('GIVEN "%s" THEN %s is first (%s)', (question, id) => {
    const r = respond(slash('ask', { question }), bot);
    expect(firstFactId(r)).toBe(id);
  });

  it('GIVEN a DM-style synonym WHEN asked THEN the first item is about private messages, its quote saying so', () => {
    const r = respond(slash('ask', { question: 'did netflix read facebook DMs' }), bot);
    expect(isEphemeralReply(r)).toBe(false);
    const quote = (embedsOf(r)[0]?.description ?? '').split('\n')[0] ?? '';
    expect(quote.startsWith('> ')).toBe(true);
    // "DMs" is not in the question's sense only through the synonym: the quoted source words say it.
    expect(quote).toMatch(/private messages?|DMs|inbox/i);
  });

  it('GIVEN "$150" WHEN asked THEN the $150 million figure is found (symbols split)', () => {
    expect(firstItemText(respond(slash('ask', { question: '$150 commitment' }), bot))).toContain('$150 million');
  });

  it.each(['what is the weather in paris', 'recipe for banana bread', 'who won the 1998 world cup'])('GIVEN off-topic "%s" THEN an ephemeral decline that quotes nothing and says what the sources cover', (question) => {
    const r = respond(slash('ask', { question }), bot);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toMatch(/^My 3 source articles don't mention /);
    expect(contentOf(r)).toContain(`cover: ${bot.case.topics[0]!.label}`);
    expect(contentOf(r)).not.toMatch(/[“”]/);
    expect(embedsOf(r)).toEqual([]);
  });
});

describe('/quote verdicts', () => {
  const verdict = (text: string) => embedsOf(respond(slash('quote', { text }), bot))[0];
  it('GIVEN a sentence from an article with straight quotes WHEN checked THEN verbatim, naming every source that has it', () => {
    const e = verdict("Meta didn't share people's private messages with Netflix");
    expect(e?.title).toBe('✅ Verbatim');
    expect(e?.description).toContain('2 of 3 sources');
  });
  it('GIVEN a word changed WHEN checked THEN close match showing the source wording', () => {
    const e = verdict('Meta is denying claims that it provided Netflix with access to users’ private messages.');
    expect(e?.title).toBe('🟡 Close match');
    expect(e?.description).toContain('“Meta is denying allegations that it provided Netflix with access to users’ private messages.”');
    expect(e?.description).toMatch(/your text: \*denying claims that\* · source: “denying allegations that”/);
  });
  it('GIVEN a negation flipped WHEN checked THEN the meaning differs, said plainly', () => {
    const e = verdict('Netflix has replied to requests for comment at this time.');
    expect(e?.title).toBe('❌ Negation reversed');
    expect(e?.description).toContain('it says the opposite');
    expect(e?.description).toContain('“Netflix has not replied to requests for comment at this time.”');
  });
  it('GIVEN a number changed WHEN checked THEN the meaning differs (a number)', () => {
    const e = verdict('By 2015, Netflix was reportedly spending $45 million on Facebook ads');
    expect(e?.title).toBe('❌ Wrong number: the sources say $40 million');
    expect(e?.description).toContain('**Wrong number:**');
    expect(e?.description).toContain('$40 million');
  });
  it('GIVEN an invented sentence WHEN checked THEN not found, with the nearest sentence shown only for comparison', () => {
    const e = verdict('Spotify engineers secretly built the Inbox API for Snapchat in 2012.');
    expect(e?.title).toBe('❌ Not in the sources');
    expect(e?.description).toContain('not a match');
  });
  it('GIVEN words only in a headline WHEN checked THEN not found, saying they are page furniture', () => {
    const e = verdict('Netflix Snooped On Facebook Users’ DMs According To Court Documents');
    expect(e?.title).toBe('❌ Not in the sources');
    expect(e?.description).toContain('page furniture');
  });
  it('GIVEN text with no letter or digit WHEN checked THEN an ephemeral request for words (one word is checked: test/quote.test.ts)', () => {
    expect(isEphemeralReply(respond(slash('quote', { text: '?!' }), bot))).toBe(true);
  });
  it('GIVEN the context menu on a message WHEN run THEN the same check as /quote', () => {
    const text = 'Additionally, the filing reveals that Meta monitored Snapchat traffic secretly';
    expect(embedsOf(respond(messageCommand(text), bot))).toEqual(embedsOf(respond(slash('quote', { text }), bot)));
    expect(isEphemeralReply(respond(messageCommand(''), bot))).toBe(true);
  });
});

describe('buttons, autocomplete, help, sources', () => {
  it('GIVEN /claim with many claims WHEN its asker presses Next THEN page 2 replaces the message, numbered on from page 1', () => {
    const first = respond(slash('claim'), bot);
    const next = customIds(first).find((id) => id.startsWith('claim|page|2'));
    expect(next).toBeDefined();
    const second = respond(button(next as string, { asker: true }), bot);
    expect(second.type).toBe(7);
    expect(firstFactId(second)).not.toBe(firstFactId(first));
    expect(contentOf(second)).toContain('(page 2 of');
    expect(embedsOf(second)[0]?.description).toMatch(/^\*\*11\.\*\* /);
    expectDiscordSafe(second);
  });

  it('GIVEN a Cite button WHEN pressed THEN an ephemeral citation with publisher, title, a clickable URL and the id', () => {
    const r = respond(button('item|cite|money.fine-2022'), bot);
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toContain('money.fine-2022');
    const text = embedsOf(r)[0]?.description ?? '';
    expect(text).toContain('Giant Freakin Robot (Douglas Helm)');
    // Bare in the text (not in a code block), so Discord makes it a link.
    expect(text).toMatch(/, https:\/\/www\.giantfreakinrobot\.com\/\S+$/m);
    expect(text).not.toContain('```');
    expect(contentOf(respond(button('item|cite|claim.gone'), bot))).toContain('no longer in my sources');
  });

  it.each([
    ['nope|x', 'no longer active'],
    ['', 'no longer active'],
    ['claim|page|abc', 'claims'],
    ['ask|page|2|', 'no answers'],
    ['item|open|claim.gone', 'no longer in my sources'],
    ['item|wat|claim.inbox-api-access', 'no longer active'],
  ])('GIVEN the stale or foreign button %j WHEN pressed THEN a polite ephemeral reply (%s)', (id, says) => {
    const r = respond(button(id), bot);
    expectDiscordSafe(r);
    expect(isEphemeralReply(r)).toBe(true);
    expect(JSON.stringify('data' in r ? r.data : {})).toContain(says);
  });

  it('GIVEN "tit" typed in a topic WHEN autocompleting THEN the Titan API topic is offered, at most 25 choices', () => {
    const r = respond(autocomplete('claim', 'topic', 'tit'), bot);
    expect(r.type).toBe(8);
    const choices = 'data' in r && r.data && 'choices' in r.data ? (r.data.choices ?? []) : [];
    expect(choices.map((c) => c.value)).toContain('titan-api');
    expect(respond(autocomplete('timeline', 'topic', ''), bot)).toMatchObject({ type: 8 });
    expectDiscordSafe(r);
  });

  it('GIVEN /help WHEN run THEN every loaded command has its line and one example (generated from the loader)', () => {
    const text = embedsOf(respond(slash('help'), bot))[0]?.description ?? '';
    for (const command of bot.commands) expect(text).toContain(command.data.name);
    const examples = text.split('\n').filter((l) => l.trim().startsWith('e.g.'));
    expect(examples.length).toBe(bot.commands.filter((c) => c.example).length);
    for (const name of ['ask', 'claim', 'denial', 'money', 'timeline', 'sources']) expect(text).toMatch(new RegExp(`e\\.g\\. \`/${name}\\b`));
    expect(text).not.toContain('::');
  });

  it('GIVEN registered command ids WHEN /help THEN commands are clickable mentions; without them, plain names', () => {
    const ids = new Map(bot.commands.map((c, i) => [c.data.name, String(1300000000000000000n + BigInt(i))]));
    const withIds = embedsOf(respond(slash('help'), { ...bot, commandIds: ids }))[0]?.description ?? '';
    expect(withIds).toContain(`</sources:${ids.get('sources')}>`);
    const plain = embedsOf(respond(slash('help'), bot))[0]?.description ?? '';
    expect(plain).toContain('`/sources`');
    expect(plain).not.toMatch(/<\/\w+:\d+>/);
  });

  it('GIVEN /sources WHEN run THEN one screen: every source (unknowns said so), every disagreement, and a menu opening each', () => {
    const r = respond(slash('sources'), bot);
    const text = embedsOf(r)[0]?.description ?? '';
    expect(text).toContain('`000` **Unattributed article** · publisher, author, address and date unknown');
    const menu = itemIds(r);
    expect(menu.filter((v) => v.startsWith('source:')).length).toBe(bot.case.articles.size);
    expect(menu.filter((v) => v.startsWith('disagreement.')).length).toBe(bot.case.disagreements.length);
    const opened = respond(button('sources|open', { values: ['source:000'] }), bot);
    expect(isEphemeralReply(opened)).toBe(true);
    expect(embedsOf(opened)[0]?.fields?.find((f) => f.name === 'Author')?.value).toMatch(/unknown/);
    const side = respond(button('sources|open', { values: [bot.case.disagreements[0]!.id] }), bot);
    expect(embedsOf(side)[0]?.title).toMatch(/^Sources differ: /);
    expect(expectQuotesVerbatim(bot.case, side)).toBe(bot.case.disagreements[0]!.sides.length);
  });
});

describe('every reply is safe and every quote is verbatim', () => {
  const commands: Array<[string, Record<string, string | boolean>]> = [
    ['claim', {}], ['denial', {}], ['money', {}], ['timeline', {}], ['sources', {}], ['help', {}],
    ['claim', { topic: 'inbox-api' }], ['denial', { topic: 'meta-response' }], ['timeline', { topic: 'advertising' }],
    ['quote', { text: 'Meta has previously said that it does disclose private messages to partners' }],
  ];

  it('GIVEN every command and every page WHEN rendered THEN all limits hold and every quote is in its article', () => {
    let quotes = 0;
    for (const [name, options] of commands) {
      let r = respond(slash(name, options), bot);
      for (let page = 2; page < 20; page++) {
        expectDiscordSafe(r);
        quotes += expectQuotesVerbatim(bot.case, r);
        // Every item the page's menu or buttons open, and the page after it.
        for (const id of itemIds(r)) quotes += expectQuotesVerbatim(bot.case, respond(button('item|open|x', { values: [id] }), bot));
        const next = customIds(r).find((id) => id.startsWith(`${name}|page|${page}`));
        if (!next) break;
        r = respond(button(next, { asker: true }), bot);
      }
    }
    expect(quotes).toBeGreaterThan(150);
  });

  it('GIVEN the dev questions WHEN /ask answers them THEN every quote shown is in its article', () => {
    const rows = readFileSync(join(packageRoot(), 'test', 'fixtures', 'eval', 'dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { q: string });
    let answered = 0;
    for (const { q } of rows) {
      const r = respond(slash('ask', { question: q }), bot);
      expectDiscordSafe(r);
      const quotes = expectQuotesVerbatim(bot.case, r);
      if (isEphemeralReply(r)) continue;
      answered++;
      // Every answer quotes its best item; every button on it leads to quotes that are verbatim too.
      expect(quotes, q).toBeGreaterThanOrEqual(1);
      for (const id of customIds(r).filter((c) => c.startsWith('item|'))) {
        const detail = respond(button(id), bot);
        expectDiscordSafe(detail);
        expectQuotesVerbatim(bot.case, detail);
      }
    }
    expect(answered).toBeGreaterThanOrEqual(50);
  });

  const hostile = [
    '@everyone @here <@123456789012345678> <@&123456789012345678> <#123456789012345678> inbox api',
    '**bold** __under__ ~~strike~~ `code` ```block``` > quote # heading [link](https://evil.example) ||spoiler|| inbox',
    'inbox\u200B\u200Capi\u200D\u2060\uFEFF titan',
    '\u202Eipa xobni\u202C \u2066isolate\u2069 \u200F rtl',
    'titan ((((((((((.*+?)))))) [a-z]{1,99999} \\d+$ ^',
    '😀🔥 netflix 👀 messages 🇺🇸',
    '\uD800 lone \uDFFF surrogates inbox',
    'x'.repeat(6000),
    ('inbox api netflix ' + '@everyone '.repeat(10)).repeat(40),
    '',
    '   ',
  ];
  it.each(hostile.map((h, i) => [i, h] as const))('GIVEN hostile input #%i WHEN sent to every text option THEN no ping, no spoof, within limits', (_i, input) => {
    const interactions = [
      slash('ask', { question: input }),
      slash('quote', { text: input }),
      slash('claim', { topic: input }),
      slash('money', { topic: input }),
      slash('timeline', { from: input }),
      slash('timeline', { topic: input }),
      messageCommand(input),
      autocomplete('denial', 'topic', input),
      button(`ask|page|2|${input}`.slice(0, 100)),
      button(`ask|all|${input}`.slice(0, 100)),
    ];
    for (const interaction of interactions) {
      const r = respond(interaction, bot);
      expectDiscordSafe(r);
      expectQuotesVerbatim(bot.case, r);
    }
  });

  it('GIVEN malformed interactions WHEN handled THEN a polite ephemeral reply, never a throw', () => {
    const bad: unknown[] = [
      null,
      {},
      { type: 2 },
      { type: 2, data: { name: 'ask' } },
      { type: 2, data: { name: 'ask', options: [{ name: 'question', type: 4, value: 12 }] } },
      { type: 2, data: { name: 'ask', options: 'nonsense' } },
      { type: 2, data: { name: 'unknown-command' } },
      { type: 3, data: { custom_id: 42 } },
      { type: 4, data: { name: 'nope' } },
      { type: 99 },
    ];
    for (const interaction of bad) {
      const r = respond(interaction as never, bot);
      expectDiscordSafe(r);
      expect(r.type === 8 || isEphemeralReply(r)).toBe(true);
    }
  });

  it('GIVEN a handler that throws WHEN handled THEN the user gets a polite ephemeral error and the error is returned for logging', () => {
    const broken = { ...bot, commands: [...bot.commands, { data: { name: 'boom', description: 'x' }, execute: () => { throw new Error('kaboom'); } }] } as Bot;
    const reply = handle(slash('boom'), broken);
    expect(isEphemeralReply(reply.response)).toBe(true);
    expect(contentOf(reply.response)).toContain('something went wrong');
    expect(contentOf(reply.response)).not.toContain('kaboom');
    expect((reply.error as Error).message).toBe('kaboom');
  });
});
