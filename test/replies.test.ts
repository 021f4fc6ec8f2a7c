/**
 * The replies' shape (issue 12): the first reply fits one screen (as characters, so no browser is needed: the
 * screenshots measured the same replies in pixels), quotation marks are balanced and never doubled, no fact or
 * disagreement id is shown outside Cite, every block-quote line is its tagged paragraph's own words, and a press
 * by someone other than the asker never edits the shared message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed, APIInteractionResponse } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/corpus/case.js';
import { loadBot, type Bot } from '../src/core/bot.js';
import { unescapeArticleText } from '../src/core/escape.js';
import { BUDGET } from '../src/core/format.js';
import { balanceSpan, shownQuote } from '../src/core/quotes.js';
import { respond } from '../src/core/respond.js';
import { button, contentOf, customIds, embedsOf, expectDiscordSafe, expectQuotesVerbatim, isEphemeralReply, shownStrings, slash } from './support/interactions.js';

let bot: Bot;
beforeAll(async () => {
  bot = await loadBot();
});

/** The first replies the budget is about (the "Done when" list), by name. */
function firstReplies(): Array<[string, APIInteractionResponse]> {
  const list: Array<[string, string, Record<string, string>]> = [
    ['/help', 'help', {}],
    ['/money', 'money', {}],
    ['/timeline', 'timeline', {}],
    ['/timeline from:2018 to:2019', 'timeline', { from: '2018', to: '2019' }],
    ['/claim', 'claim', {}],
    ['/claim topic:inbox-api', 'claim', { topic: 'inbox-api' }],
    ['/denial', 'denial', {}],
    ['/sources', 'sources', {}],
    ['/quote (verbatim)', 'quote', { text: "Meta didn't share people's private messages with Netflix" }],
    ['/quote (close)', 'quote', { text: 'Meta is denying claims that it provided Netflix with access to users’ private messages.' }],
    ['/quote (meaning changed)', 'quote', { text: 'By 2015, Netflix was reportedly spending $45 million on Facebook ads' }],
    ['/quote (not found)', 'quote', { text: 'Engineers secretly built the API for a rival in 2012.' }],
  ];
  const dev = readFileSync(join(packageRoot(), 'test', 'fixtures', 'eval', 'dev.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
  return [...list.map(([name, command, options]) => [name, respond(slash(command, options), bot)] as [string, APIInteractionResponse]), ...dev.map((q) => [`/ask ${q}`, respond(slash('ask', { question: q }), bot)] as [string, APIInteractionResponse])];
}

/** What a reader sees as text: content, and each embed's title, description, field names and values, footer. */
function visibleLength(r: APIInteractionResponse): number {
  const embeds: APIEmbed[] = embedsOf(r);
  return contentOf(r).length + embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0);
}

/** Every reply a first reply leads to by one press: each enabled button and each menu option. */
function presses(r: APIInteractionResponse): APIInteractionResponse[] {
  const rows = 'data' in r && r.data && 'components' in r.data ? (r.data.components ?? []) : [];
  const components = rows.flatMap((row) => ('components' in row ? (row.components as unknown[]) : [])) as Array<{ custom_id?: string; options?: { value: string }[] }>;
  const out: APIInteractionResponse[] = [];
  for (const c of components) {
    if (!c.custom_id) continue;
    if (c.options) for (const o of c.options) out.push(respond(button(c.custom_id, { values: [o.value] }), bot));
  }
  for (const id of customIds(r)) out.push(respond(button(id), bot));
  return out;
}

const FACT_OR_DISAGREEMENT_ID = /\b(?:claim|denial|event|money|disagreement)\.[a-z0-9]+(?:-[a-z0-9]+)+/;

describe('the first reply fits one screen', () => {
  it('GIVEN every listed command and every dev question WHEN answered THEN at most 1,800 visible characters (what 800 px shows)', () => {
    const over: string[] = [];
    const all = firstReplies();
    for (const [name, r] of all) {
      const n = visibleLength(r);
      if (n > BUDGET.firstReply) over.push(`${name}: ${n}`);
    }
    expect(over).toEqual([]);
    expect(all.length).toBeGreaterThan(70);
  });

  it('GIVEN /timeline with no range WHEN answered THEN the whole case timeline is in that one message (no pager)', () => {
    const r = respond(slash('timeline'), bot);
    expect(customIds(r).some((id) => id.startsWith('timeline|page|'))).toBe(false);
    const lines = (embedsOf(r)[0]?.description ?? '').split('\n').filter((l) => /^\*\*[^*]+\*\* · /.test(l));
    expect(lines.length).toBe(bot.case.facts.filter((f) => f.kind === 'event').length);
  });

  it('GIVEN /money WHEN answered THEN one embed, a line per figure with its amount, and a quote holding that amount', () => {
    const r = respond(slash('money'), bot);
    expect(embedsOf(r)).toHaveLength(1);
    const text = embedsOf(r)[0]?.description ?? '';
    const figures = bot.case.facts.filter((f) => f.kind === 'money');
    for (const f of figures) {
      if (f.kind !== 'money') continue;
      const amount = `$${f.amount / 1e6} million`;
      const at = text.indexOf(`**${amount}**`);
      expect(at, amount).toBeGreaterThanOrEqual(0);
      const quoteLine = text.slice(at).split('\n')[1] ?? '';
      expect(quoteLine.startsWith('> '), amount).toBe(true);
      expect(quoteLine).toContain(amount);
    }
  });

  it('GIVEN any title in any reply or detail WHEN shown THEN at most 100 characters', () => {
    for (const [, r] of firstReplies().slice(0, 20)) {
      for (const reply of [r, ...presses(r)]) for (const e of embedsOf(reply)) expect((e.title ?? '').length).toBeLessThanOrEqual(100);
    }
  });
});

describe('clean text', () => {
  it('GIVEN every first reply and every reply one press away WHEN shown THEN no doubled marks, and every line has as many “ as ”', () => {
    let lines = 0;
    for (const [name, first] of firstReplies()) {
      for (const r of [first, ...presses(first)]) {
        for (const text of shownStrings(r)) {
          expect(text, name).not.toMatch(/““|””/);
          for (const line of text.split('\n')) {
            expect((line.match(/“/g) ?? []).length, `${name}: ${line.slice(0, 100)}`).toBe((line.match(/”/g) ?? []).length);
            lines++;
          }
        }
      }
    }
    expect(lines).toBeGreaterThan(1000);
  });

  it('GIVEN every public reply WHEN shown THEN no fact or disagreement id in its text (they belong in Cite)', () => {
    const leaks: string[] = [];
    for (const [name, first] of firstReplies()) {
      for (const r of [first, ...presses(first)]) {
        if (isEphemeralReply(r) && r !== first) continue; // details and Cite are the presser's own
        for (const text of shownStrings(r)) if (FACT_OR_DISAGREEMENT_ID.test(text)) leaks.push(`${name}: ${text.slice(0, 80)}`);
      }
    }
    expect(leaks).toEqual([]);
    // The check can fail: a Cite reply does show the id.
    expect(shownStrings(respond(button('item|cite|claim.inbox-api-access'), bot)).some((t) => FACT_OR_DISAGREEMENT_ID.test(t))).toBe(true);
  });

  it('GIVEN every block-quote line in every reply and detail WHEN read THEN it is its tagged paragraph\'s own words', () => {
    let checked = 0;
    for (const [name, first] of firstReplies()) {
      for (const r of [first, ...presses(first)]) {
        expectDiscordSafe(r);
        expectQuotesVerbatim(bot.case, r);
        for (const text of shownStrings(r)) {
          for (const line of text.split('\n')) {
            const m = /^> (.*) `(\d{3}#p\d+)`$/.exec(line);
            if (!m) continue;
            const passage = bot.case.passageById.get(m[2] as string);
            let words = unescapeArticleText(m[1] as string);
            // Our marks around the words are ours; the words inside must be the article's, character for character.
            if (!passage?.text.includes(words) && words.startsWith('“') && words.endsWith('”')) words = words.slice(1, -1);
            expect(passage?.text, `${name}: ${line.slice(0, 100)}`).toContain(words);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('quotation marks, balanced from the article itself', () => {
  // Cases written for these tests (not taken from the corpus).
  const cases: Array<[string, [number, number], string, string]> = [
    ['He said, “Not true. We never did.” Then he left.', [0, 24], 'He said, “Not true. We never did.”', 'an open mark inside reaches to its partner'],
    ['“Not true,” he said. It was late.', [0, 10], 'Not true,', 'an open mark at the very start is left out'],
    ['A filing says it was “standard practice.”', [0, 41], 'A filing says it was “standard practice.”', 'balanced already: unchanged'],
    ['They are common in the industry.” He left.', [0, 33], 'They are common in the industry.', 'a stray closing mark at the end is left out'],
  ];
  it.each(cases)('GIVEN %j cut at %j THEN the span is %j (%s)', (text, [start, end], expected) => {
    const span = balanceSpan(text, { start, end });
    expect(text.slice(span.start, span.end)).toBe(expected);
  });

  it('GIVEN words that already are one quotation or end in a mark WHEN shown THEN our marks are not added to theirs', () => {
    expect(shownQuote('“programmatic access to inboxes.”')).toEqual({ text: '“programmatic access to inboxes.”', inline: true });
    expect(shownQuote('gave Facebook “intent signals.”')).toEqual({ text: 'gave Facebook “intent signals.”', inline: false });
    expect(shownQuote('plain words')).toEqual({ text: '“plain words”', inline: true });
  });
});

describe('buttons act for the person who pressed them', () => {
  it('GIVEN every first reply WHEN its components are read THEN their custom_ids are unique (Discord refuses duplicates)', () => {
    for (const [name, r] of firstReplies()) {
      const rows = 'data' in r && r.data && 'components' in r.data ? (r.data.components ?? []) : [];
      const ids = rows.flatMap((row) => ('components' in row ? (row.components as { custom_id?: string }[]) : [])).flatMap((c) => (c.custom_id ? [c.custom_id] : []));
      expect(new Set(ids).size, name).toBe(ids.length);
    }
  });

  it('GIVEN a paged /claim WHEN someone other than the asker presses Next THEN they get page 2 privately and the shared message is not edited', () => {
    const first = respond(slash('claim'), bot);
    const next = customIds(first).find((id) => id.startsWith('claim|page|2')) as string;
    const other = respond(button(next, { asker: false }), bot);
    expect(other.type).toBe(4); // a new message, not 7 (update)
    expect(isEphemeralReply(other)).toBe(true);
    expect(contentOf(other)).toContain('(page 2 of');
    const asker = respond(button(next, { asker: true }), bot);
    expect(asker.type).toBe(7);
    expect(isEphemeralReply(asker)).toBe(false);
  });

  it('GIVEN any button or menu on a public reply WHEN pressed by another user THEN never an edit of that message', () => {
    let pressed = 0;
    for (const [, first] of firstReplies().slice(0, 25)) {
      const rows = 'data' in first && first.data && 'components' in first.data ? (first.data.components ?? []) : [];
      const components = rows.flatMap((row) => ('components' in row ? (row.components as unknown[]) : [])) as Array<{ custom_id?: string; disabled?: boolean; options?: { value: string }[] }>;
      for (const c of components) {
        if (!c.custom_id || c.disabled) continue;
        const r = respond(button(c.custom_id, { asker: false, ...(c.options ? { values: [c.options[0]!.value] } : {}) }), bot);
        expect(r.type, c.custom_id).not.toBe(7);
        expect(isEphemeralReply(r), c.custom_id).toBe(true);
        pressed++;
      }
    }
    expect(pressed).toBeGreaterThan(40);
  });

  it('GIVEN an /ask answer WHEN the numbered buttons are read THEN "2." and "3." open the items listed as 2. and 3.', () => {
    const r = respond(slash('ask', { question: 'who denied the claims about private messages?' }), bot);
    const text = embedsOf(r)[0]?.description ?? '';
    const rows = 'data' in r && r.data && 'components' in r.data ? (r.data.components ?? []) : [];
    const numbered = rows.flatMap((row) => ('components' in row ? (row.components as unknown as { label?: string; custom_id?: string }[]) : [])).filter((b) => /^\d\. /.test(b.label ?? ''));
    expect(numbered.length).toBeGreaterThanOrEqual(1);
    for (const b of numbered) {
      const n = (b.label ?? '').slice(0, 1);
      const line = text.split('\n').find((l) => l.startsWith(`**${n}.** `)) ?? '';
      const detail = respond(button(b.custom_id as string), bot);
      // The detail's title is the item's label; the list line shows the same label (maybe shortened).
      const title = embedsOf(detail)[0]?.title ?? '';
      const label = line.replace(/^\*\*\d\.\*\* /, '').split(' · ')[0]!.replace(/…$/, '');
      expect(title.replace(/…$/, '').startsWith(label.slice(0, 40)) || label.startsWith(title.slice(0, 40)), `${b.label} → ${title}`).toBe(true);
    }
  });

  it('GIVEN the Cite button of an /ask answer WHEN pressed THEN it cites the item the answer leads with', () => {
    const r = respond(slash('ask', { question: 'what is the titan api' }), bot);
    const cite = customIds(r).find((id) => id.startsWith('item|cite|')) as string;
    const citation = respond(button(cite, { asker: false }), bot);
    const fact = bot.case.factById.get(cite.slice('item|cite|'.length));
    expect(fact?.summary.startsWith((embedsOf(r)[0]?.title ?? '').replace(/…$/, ''))).toBe(true);
    expect(contentOf(citation)).toContain(fact?.id);
  });
});

describe('/ask asked whether the sources agree', () => {
  it('GIVEN "do the sources agree about X" THEN X is answered (the sources are no unknown subject) and the disagreement is the other side shown', async () => {
    const { askReply } = await import('../commands/ask/render.js');
    const r = askReply(bot, 'do the sources agree about facebook watch').response;
    const description = embedsOf(r)[0]?.description ?? '';
    expect(description).toContain('**Sources disagree:**');
    expect(description).not.toContain('**Disputed by');
    // Asked without comparing, the same fact shows its denial.
    expect(embedsOf(askReply(bot, 'facebook watch spending cut to avoid competing').response)[0]?.description ?? '').toContain('**Disputed by');
  });

  it('GIVEN "where do the articles disagree" with no topic THEN it points to /sources, which lists each disagreement, and quotes nothing', async () => {
    const { askReply } = await import('../commands/ask/render.js');
    const r = askReply(bot, 'where do the articles disagree').response;
    expect(isEphemeralReply(r)).toBe(true);
    expect(contentOf(r)).toMatch(new RegExp(`^My 3 source articles differ on ${bot.case.disagreements.length} points; \`/sources\` lists each`));
    expect(contentOf(r)).not.toMatch(/[“”]/);
  });
});

describe('/ask declines plainly', () => {
  it('GIVEN words the sources never mention WHEN declined THEN they are named (escaped), what the sources cover is said, nothing is quoted', async () => {
    const { decline } = await import('../commands/ask/render.js');
    const r = decline(bot, 'who is the judge **Smith** @everyone', { kind: 'decline', unknown: ['judge', '**Smith**', '@everyone'] }).response;
    expect(isEphemeralReply(r)).toBe(true);
    const text = contentOf(r);
    expect(text).toMatch(/^My 3 source articles don't mention \*\*judge\*\*, \*\*\\\*\\\*Smith\\\*\\\*\*\*, \*\*@\u200Beveryone\*\*/);
    expect(text).toContain(`They are ${bot.case.vocabulary.case.description}, and cover: ${bot.case.topics.map((t) => t.label).slice(0, 3).join('; ')}`);
    expect(text).not.toMatch(/[“”]/);
    expect(embedsOf(r)).toEqual([]);
    expectDiscordSafe(r);
  });

  it('GIVEN a request for advice ("recommend me …", "should i …") WHEN asked THEN declined as advice the sources do not give, quoting nothing', async () => {
    const { decline } = await import('../commands/ask/render.js');
    const { answerQuestion } = await import('../src/search/answer.js');
    for (const q of ['can you recommend me a good show to watch on netflix', 'should i delete my facebook account']) {
      const outcome = answerQuestion(bot.case, bot.search, q);
      expect(outcome).toMatchObject({ kind: 'decline', advice: true });
      if (outcome.kind !== 'decline') continue;
      const text = contentOf(decline(bot, q, outcome).response);
      expect(text).toMatch(/^My 3 source articles report what happened; they give no advice, instructions or recommendations, so I can't answer/);
      expect(text).not.toMatch(/[“”]/);
    }
    // Asking what someone suggested is no request for advice.
    expect(answerQuestion(bot.case, bot.search, 'what did the lawsuit suggest about netflix').kind).toBe('answer');
  });

  it('GIVEN a how-much question for a year the sources give no amount in WHEN asked THEN declined naming the year and the years they do give; a year they give is answered', async () => {
    const { decline } = await import('../commands/ask/render.js');
    const { answerQuestion } = await import('../src/search/answer.js');
    const q = 'how much did netflix pay facebook in 2016';
    const outcome = answerQuestion(bot.case, bot.search, q);
    expect(outcome).toMatchObject({ kind: 'decline', noAmountIn: '2016' });
    if (outcome.kind === 'decline') expect(contentOf(decline(bot, q, outcome).response)).toMatch(/^My 3 source articles give no amount for 2016 \(their amounts are for 2015, 2017, 2018, 2022\), so I can't answer/);
    expect(answerQuestion(bot.case, bot.search, 'how much did netflix pay facebook in 2017').kind).toBe('answer');
  });

  it('GIVEN a how-many question whose best items give no number of what it counts THEN declined naming it, quoting nothing; a count the sources give is answered', async () => {
    const { decline } = await import('../commands/ask/render.js');
    const { answerQuestion } = await import('../src/search/answer.js');
    const q = "how many ppl's dms did netflix actually read";
    const outcome = answerQuestion(bot.case, bot.search, q);
    expect(outcome).toMatchObject({ kind: 'decline', noCount: 'dms' });
    if (outcome.kind === 'decline') {
      const text = contentOf(decline(bot, q, outcome).response);
      expect(text).toMatch(/^My 3 source articles give no number of \*\*dms\*\*, so I can't answer/);
    }
    // "more than half a billion users": a number of what is counted.
    const users = answerQuestion(bot.case, bot.search, 'how many users got hit by the 2022 leak');
    expect(users.kind === 'answer' && users.items[0]?.kind === 'fact' ? users.items[0].fact.id : undefined).toBe('money.fine-2022');
    // A count of companies may be given by naming them.
    expect(answerQuestion(bot.case, bot.search, 'how many companies had access').kind).toBe('answer');
  });

  it('GIVEN a which-question none of whose best items names one THEN the decline says the sources name none', async () => {
    const { askReply } = await import('../commands/ask/render.js');
    expect(contentOf(askReply(bot, 'which court is the klein and grabert case being heard in?').response)).toMatch(/^My 3 source articles name no \*\*court\*\* for what you asked, so I can't answer/);
  });

  it('GIVEN a decline for another reason in a question that also mentions agreeing THEN the reason is given, not the pointer to /sources', async () => {
    const { askReply } = await import('../commands/ask/render.js');
    expect(contentOf(askReply(bot, 'how much did netflix pay in 2013, do the sources agree').response)).toMatch(/give no amount for 2013/);
    expect(contentOf(askReply(bot, 'should i delete facebook, do the sources agree').response)).toMatch(/give no advice/);
  });

  it('GIVEN "who wrote this" with no topic THEN every article is listed, publicly, with its byline quoted verbatim from its page, as far as it has one', async () => {
    const { askReply } = await import('../commands/ask/render.js');
    const r = askReply(bot, 'who wrote this').response;
    expect(isEphemeralReply(r)).toBe(false);
    const text = unescapeArticleText(shownStrings(r).join('\n'));
    for (const article of bot.case.articles.values()) {
      const quoted = [...text.matchAll(new RegExp(`\`${article.about.id}\`[^\n]*“([^”]+)”`, 'g'))].map((m) => m[1] as string);
      if (!article.about.author) {
        expect(quoted).toEqual([]);
        continue;
      }
      // The quote is the page's own words (its furniture, not a paragraph), and names the author.
      expect(quoted.length).toBe(1);
      expect(article.text).toContain(quoted[0]);
      expect(quoted[0]).toContain(article.about.author);
      expect(article.passages.some((p) => p.text.includes(quoted[0] as string))).toBe(false);
    }
    expect(text).toContain('unattributed article');
  });

  it('GIVEN a question for when something began and only its end dated WHEN declined THEN the reply gives the end as a date and says the start is not given', async () => {
    const { decline } = await import('../commands/ask/render.js');
    const text = contentOf(decline(bot, 'when did X join', { kind: 'decline', unknown: [], noStart: '2019-04' }).response);
    expect(text).toMatch(/^My 3 source articles give only when that ended \(until April 2019\), not when it began, so I can't answer: when did X join/);
  });

  it('GIVEN a question for when something ended and only its beginning dated WHEN declined THEN the reply gives the beginning and says the end is not given', async () => {
    const { decline } = await import('../commands/ask/render.js');
    const text = contentOf(decline(bot, 'when did X end', { kind: 'decline', unknown: [], noEnd: '2013-08' }).response);
    expect(text).toMatch(/^My 3 source articles give only when that began \(August 2013\), not when it ended, so I can't answer: when did X end/);
  });

  it('GIVEN a further fact whose leading quote is too long for its line THEN one of its short quotes stands in; with none short, the lead stays', async () => {
    const { lineQuote, SHORT_QUOTES } = await import('../commands/ask/render.js');
    const facts = bot.case.facts.filter((f) => f.citations.some((c) => c.text.length > SHORT_QUOTES.each));
    const mixed = facts.find((f) => f.citations.some((c) => c.text.length <= SHORT_QUOTES.each));
    const long = facts.find((f) => f.citations.every((c) => c.text.length > SHORT_QUOTES.each));
    expect(mixed && long).toBeTruthy();
    for (const fact of [mixed, long]) {
      const lead = fact?.citations.find((c) => c.text.length > SHORT_QUOTES.each);
      if (!fact || !lead) continue;
      const shown = lineQuote({ kind: 'fact', fact, lead }, 'anything');
      expect(fact.citations).toContain(shown);
      expect(shown.text.length <= SHORT_QUOTES.each).toBe(fact === mixed);
    }
  });

  it('GIVEN a page whose author bio holds abbreviations, or whose furniture never names the author THEN the byline quoted is the sentence naming them, or none', async () => {
    const { bylineOf } = await import('../src/core/format.js');
    const text = 'Dr. Bob Jones is the editor of the U.S. Daily. He lives in Ohio.';
    const article = (author: string | null) => ({ about: { author }, text, lines: [{ number: 9, start: 0, end: text.length, furniture: 'author-bio' }], passages: [] }) as unknown as Parameters<typeof bylineOf>[0];
    expect(bylineOf(article('Bob Jones'))).toEqual({ text: 'Dr. Bob Jones is the editor of the U.S. Daily.', line: 9 });
    expect(bylineOf(article('Ann Lee'))).toBeUndefined();
    expect(bylineOf(article(null))).toBeUndefined();
  });

  it('GIVEN no unknown words WHEN declined THEN it still says so without inventing any', async () => {
    const { decline } = await import('../commands/ask/render.js');
    expect(contentOf(decline(bot, 'something', { kind: 'decline', unknown: [] }).response)).toMatch(/^My 3 source articles don't mention what you asked about/);
  });

  it('GIVEN someone the sources name but never quote (or give no amount for) WHEN declined THEN the reply names them and what is missing', async () => {
    const { decline } = await import('../commands/ask/render.js');
    const words = contentOf(decline(bot, 'what did X say', { kind: 'decline', unknown: [], unanswered: { name: 'Sheryl Sandberg', role: 'COO', wants: 'words' } }).response);
    expect(words).toMatch(/^My 3 source articles name Sheryl Sandberg \(COO\) but quote nothing they said/);
    const amount = contentOf(decline(bot, 'how much did Y pay', { kind: 'decline', unknown: [], unanswered: { name: 'Spotify', role: null, wants: 'amount' } }).response);
    expect(amount).toMatch(/^My 3 source articles name Spotify but give no amount they paid or received/);
    const amountFor = contentOf(decline(bot, 'how much did Y pay to settle', { kind: 'decline', unknown: [], unanswered: { name: 'Netflix', role: null, wants: 'amount-for' } }).response);
    expect(amountFor).toMatch(/^My 3 source articles name Netflix but give no amount of theirs for what you asked/);
  });
});
