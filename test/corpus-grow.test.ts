/**
 * The case grows, end to end on a temp copy of the corpus with one reviewed article held out: `corpus:add`
 * copies it byte for byte under the next id and proposes candidates (nothing served yet), `corpus:review
 * --accept-all` turns them into facts that pass the loader, `check:corpus` (the real script) passes, and
 * `/timeline`, `/money` and `/ask` answer from the new article with verbatim quotes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCase, packageRoot, type Case } from '../src/corpus/case.js';
import { loadBot, type Bot } from '../src/core/bot.js';
import { unescapeArticleText } from '../src/core/escape.js';
import { respond } from '../src/core/respond.js';
import { PassThrough } from 'node:stream';
import { runCorpusReview } from '../scripts/corpus-review.js';
import { readReview } from '../src/extract/review.js';
import { buildSearch } from '../src/search/search.js';
import { reloadBot } from '../src/core/reload.js';
import { add, addAndAcceptAll, flagsFor, heldOutCorpus, review, type HeldOut } from './support/grow.js';
import { button, expectQuotesVerbatim, shownStrings, slash } from './support/interactions.js';

const checkCorpus = (dir: string) =>
  spawnSync(process.execPath, [join(packageRoot(), 'dist', 'scripts', 'check-corpus.js')], { env: { ...process.env, CORPUS_DIR: dir }, encoding: 'utf8' });

/** Quotes in `r` found only in the new article's passages (its own words, not also another source's). */
function quotesOnlyIn(kase: Case, source: string, r: APIInteractionResponse): string[] {
  const shown = unescapeArticleText(shownStrings(r).join('\n'));
  return kase.facts
    .flatMap((f) => f.citations)
    .filter((c) => c.source === source && !kase.passages.some((p) => p.source !== source && p.text.includes(c.text)))
    .map((c) => c.text)
    .filter((t) => shown.includes(t));
}

describe('GIVEN the corpus without article 001, WHEN it is added and every candidate accepted', () => {
  let h: HeldOut;
  let before: Case;
  let added: Awaited<ReturnType<typeof addAndAcceptAll>>['added'];
  let reviewed: Awaited<ReturnType<typeof addAndAcceptAll>>['reviewed'];
  let bot: Bot;
  beforeAll(async () => {
    h = heldOutCorpus('001');
    before = loadCase({ dir: h.dir });
    ({ added, reviewed } = await addAndAcceptAll(h));
    bot = await loadBot({ corpusDir: h.dir });
  });
  afterAll(() => h?.remove());

  it('THEN corpus:add copied the file byte for byte under the next id, with its sha256 and only the given metadata', () => {
    const review003 = readReview(join(h.dir, 'review', '003.json'));
    const copy = readFileSync(join(h.dir, 'articles', review003.source.file));
    expect(copy.equals(readFileSync(h.file))).toBe(true);
    expect(review003.source).toMatchObject({ id: '003', sha256: createHash('sha256').update(copy).digest('hex'), publisher: h.about.publisher, author: h.about.author, title: h.about.title, url: h.about.url, published: null });
    expect(added.out).toContain('added articles/003_');
    expect(added.out).toMatch(/candidates: \d+ \(/);
  });

  it('THEN a bot still serving the old corpus takes the new one with its index updated in place, answering as a fresh build does', () => {
    const running: Bot = { case: before, search: buildSearch(before), commands: bot.commands };
    const index = running.search;
    const summary = reloadBot(running, bot.case);
    expect(summary.articlesAdded).toEqual(['003']);
    expect(summary.index.mode).toBe('in-place');
    expect(summary.index.added).toBeGreaterThan(0);
    expect(running.search).toBe(index);
    const fresh = buildSearch(bot.case);
    for (const q of ['netflix snooped on facebook users dms', 'when did klein and grabert file the lawsuit', 'fined $284 million']) {
      expect(running.search.search(q, { limit: 10 }).hits.map((h) => h.id), q).toEqual(fresh.search(q, { limit: 10 }).hits.map((h) => h.id));
    }
  });

  it('THEN the furniture proposed for it is the furniture recorded by hand for 001', () => {
    expect(readReview(join(h.dir, 'review', '003.json')).source.furniture).toEqual(h.about.furniture);
  });

  it('THEN every candidate was decided and the corpus loads with the new source and its citations', () => {
    expect(reviewed.out).toMatch(/\d+ accepted, 0 rejected, 0 pending/);
    const kase = bot.case;
    expect(kase.articles.has('003')).toBe(true);
    expect(kase.facts.length).toBeGreaterThan(before.facts.length);
    expect(kase.facts.some((f) => f.citations.some((c) => c.source === '003'))).toBe(true);
    // Corroborations: existing facts now cite the new article as a further source.
    const corroborated = kase.facts.filter((f) => before.factById.has(f.id) && f.corroboration > (before.factById.get(f.id)?.corroboration ?? 0));
    expect(corroborated.length).toBeGreaterThan(0);
  });

  it('THEN check:corpus passes: every amount and date of the new article is covered', () => {
    const run = checkCorpus(h.dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/corpus ok: 3 articles/);
    expect(run.stdout).toMatch(/uncovered: 0/);
    expect(run.stdout).not.toMatch(/pending review/);
  });

  it('THEN /timeline lists the event only the new article gives (the lawsuit filed in April 2023), and its menu opens it with the verbatim quote', () => {
    const r = respond(slash('timeline', { from: '2023', to: '2023' }), bot);
    // A timeline line is a label in our words with its tag; the quote is one choice away, in the event's view.
    expect(shownStrings(r).join('\n')).toMatch(/`003#p\d+`/);
    const data = 'data' in r && r.data && 'components' in r.data ? r.data : undefined;
    const rows = (data?.components ?? []) as unknown as { components?: { type: number; custom_id?: string; options?: { value: string }[] }[] }[];
    const menu = rows.flatMap((row) => row.components ?? []).find((c) => c.type === 3);
    const event = (menu?.options ?? []).map((o) => bot.case.factById.get(o.value)).find((f) => f?.citations.some((c) => c.source === '003'));
    expect(event).toBeDefined();
    const opened = respond(button(menu?.custom_id ?? '', { values: [event?.id ?? ''] }), bot);
    expect(expectQuotesVerbatim(bot.case, opened)).toBeGreaterThan(0);
    expect(quotesOnlyIn(bot.case, '003', opened).length).toBeGreaterThan(0);
  });

  it.each([
    ['/money', slash('money', { topic: 'fines' }), 'the $284 million fine is a figure only the new article gives'],
    ['/ask', slash('ask', { question: 'Who filed the lawsuit in April 2023?' }), 'a question only the new article answers'],
  ])('THEN %s answers from the new article with verbatim quotes: %s', (_name, interaction) => {
    const r = respond(interaction, bot);
    expect(expectQuotesVerbatim(bot.case, r)).toBeGreaterThan(0);
    expect(quotesOnlyIn(bot.case, '003', r).length, JSON.stringify(shownStrings(r)).slice(0, 400)).toBeGreaterThan(0);
  });
});

describe('GIVEN an article added but not reviewed', () => {
  let h: HeldOut;
  // 000 and 001 stay, so the held-out article comes back as 002 (ids are the next free one, not the old one).
  const id = '002';
  beforeAll(() => {
    h = heldOutCorpus('002');
  });
  afterAll(() => h?.remove());

  it('THEN nothing of it is served: the loader ignores the copied file and the review file', () => {
    const before = loadCase({ dir: h.dir });
    expect(add(h.dir, [h.file, ...flagsFor(h.about), '--json']).code).toBe(0);
    expect(existsSync(join(h.dir, 'review', `${id}.json`))).toBe(true);
    const after = loadCase({ dir: h.dir });
    expect(after.digest).toBe(before.digest);
    expect(after.articles.has(id)).toBe(false);
    const run = checkCorpus(h.dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`pending review: review/${id}\\.json: \\d+ candidate\\(s\\) not yet decided, not served`));
  });

  it('WHEN a date candidate is rejected and the rest accepted THEN the date is dismissed, not silently uncovered', async () => {
    const file = readReview(join(h.dir, 'review', `${id}.json`));
    const text = readFileSync(join(h.dir, 'articles', file.source.file), 'utf8');
    const target = file.candidates.find((c) => c.kind === 'event' && /\d{4}/.test(c.span.text))!;
    // Everything whose citation would cover the date is rejected with it; the rest is accepted.
    const at = (c: (typeof file.candidates)[number]) => text.indexOf(c.quote, Math.max(0, c.span.start - 900));
    const covering = file.candidates.filter((c) => at(c) <= target.span.start && target.span.end <= at(c) + c.quote.length).map((c) => c.id);
    const others = file.candidates.map((c) => c.id).filter((cid) => !covering.includes(cid));
    const run = await review(h.dir, ['--reject', covering.join(','), '--accept', others.join(',')]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const dismissals = JSON.parse(readFileSync(join(h.dir, 'dismissals.json'), 'utf8')) as { dismissals: { source: string; text: string; reason: string }[] };
    expect(dismissals.dismissals.some((d) => d.source === id && target.span.text.includes(d.text) && d.reason.includes(target.id))).toBe(true);
    const check = checkCorpus(h.dir);
    expect(check.status, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/dismissed: [1-9]/);
  });

  it('WHEN the dismissals file names a mention that is not there THEN check:corpus fails naming it', () => {
    const path = join(h.dir, 'dismissals.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { dismissals: { source: string; offset: number; text: string; reason: string }[] };
    file.dismissals.push({ source: id, offset: 1, text: '1999', reason: 'a wrong offset' });
    writeFileSync(path, JSON.stringify(file));
    const check = checkCorpus(h.dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`stale dismissal: ${id} offset 1 "1999"`);
  });
});

describe('bad input gets a clear reply and changes nothing', () => {
  let h: HeldOut;
  beforeAll(() => {
    h = heldOutCorpus('000');
  });
  afterAll(() => h?.remove());

  it.each([
    [[], /usage: npm run corpus:add/, 'no file'],
    [['missing.txt'], /cannot read missing\.txt: ENOENT/, 'a file that is not there'],
    [['X', '--date', '2024-02-30'], /--date "2024-02-30" is not a real date/, 'an impossible date'],
    [['X', '--url', 'not a url'], /--url "not a url" is not an absolute URL/, 'a relative address'],
    [['X', '--publisher', ' '], /--publisher is empty/, 'an empty publisher'],
    [['X', '--colour', 'red'], /Unknown option '--colour'/, 'an unknown flag'],
  ] as const)('corpus:add %j → exit 2, %s (%s)', (args, message, _why) => {
    const run = add(h.dir, args.map((a) => (a === 'X' ? h.file : a)));
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(existsSync(join(h.dir, 'review'))).toBe(false);
  });

  it('GIVEN an article already in the corpus THEN corpus:add says which source it is', () => {
    const run = add(h.dir, [join(packageRoot(), 'corpus', 'articles', '001_becd12e534d289d6.txt')]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('already in the corpus as source 001');
  });

  it('GIVEN a review file WHEN corpus:review names an unknown candidate, or runs without a terminal and without flags THEN exit 2 and nothing is written', async () => {
    expect(add(h.dir, [h.file]).code).toBe(0);
    const sources = readFileSync(join(h.dir, 'sources.json'), 'utf8');
    const unknown = await review(h.dir, ['--accept', 'c999']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no candidate "c999"');
    const notTty = await review(h.dir, []);
    expect(notTty.code).toBe(2);
    expect(notTty.err).toContain('not a terminal');
    expect(readFileSync(join(h.dir, 'sources.json'), 'utf8')).toBe(sources);
  });

  it('GIVEN an accepted candidate whose edited quote is not in the article THEN the loader\'s verification refuses it and nothing is written', async () => {
    const path = join(h.dir, 'review', '003.json'); // ids go on from the highest, never reuse a gap
    const file = JSON.parse(readFileSync(path, 'utf8')) as { candidates: { id: string; quote: string; relation: unknown }[] };
    const first = file.candidates[0]!;
    first.quote = 'Words this article never printed at all.';
    first.relation = null;
    writeFileSync(path, JSON.stringify(file));
    const sources = readFileSync(join(h.dir, 'sources.json'), 'utf8');
    const run = await review(h.dir, ['--accept', first.id]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/nothing was written[\s\S]*is not found in the article/);
    expect(readFileSync(join(h.dir, 'sources.json'), 'utf8')).toBe(sources);
  });
});

describe('corpus:review in a terminal', () => {
  let h: HeldOut;
  beforeAll(() => {
    h = heldOutCorpus('000');
  });
  afterAll(() => h?.remove());

  it('GIVEN a person at the prompt WHEN they edit and accept one, reject one, skip one, mistype, then quit THEN exactly that is written', async () => {
    expect(add(h.dir, [h.file]).code).toBe(0);
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = new PassThrough();
    const main = ['e', 'a', 'r', 's', 'x', 'q'];
    let transcript = '';
    let refused = false;
    // Answer each prompt as it appears, as a person would (readline drops lines typed before a question).
    stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      transcript += text;
      if (/\[a\]ccept, \[e\]dit, \[r\]eject, \[s\]kip, \[q\]uit\? $/.test(text)) stdin.write(`${main.shift() ?? 'q'}\n`);
      else if (/^summary \[/.test(text)) stdin.write('Edited in review: the first statement of the article.\n');
      else if (/^(claimant|denier) \[/.test(text)) stdin.write('Named by the reviewer\n');
      else if (/^keep "/.test(text)) stdin.write('n\n'); // its own fact, not a citation of another
      else if (/^date \[/.test(text) && !refused) {
        refused = true;
        stdin.write('2024-13\n'); // refused: not a month; the question is asked again and kept
      } else if (/ \[.*\]: $/.test(text)) stdin.write('\n');
    });
    const code = await runCorpusReview([], { stdin, stdout, stderr: { write: () => true } }, h.dir);
    expect(code).toBe(0);
    expect(transcript).toContain('  a, e, r, s or q');
    if (refused) expect(transcript).toContain('a date is YYYY, YYYY-MM or YYYY-MM-DD');
    const file = readReview(join(h.dir, 'review', '003.json'));
    const [first, second, third] = file.candidates;
    expect(first).toMatchObject({ status: 'accepted', summary: 'Edited in review: the first statement of the article.' });
    expect(second?.status).toBe('rejected');
    expect(third?.status).toBe('pending');
    expect(file.candidates.slice(3).every((c) => c.status === 'pending')).toBe(true);
    const kase = loadCase({ dir: h.dir });
    const made = kase.facts.find((f) => f.summary === 'Edited in review: the first statement of the article.');
    expect(first?.relation).toBeNull();
    expect(made?.citations.map((c) => c.source)).toEqual(['003']);
    expect(made?.kind === 'claim' ? made.claimant : made?.kind === 'denial' ? made.denier : undefined).toBe('Named by the reviewer');
  });
});

describe('GIVEN article 000 held out and added back with --accept-all', () => {
  let h: HeldOut;
  let kase: Case;
  beforeAll(async () => {
    h = heldOutCorpus('000');
    await addAndAcceptAll(h);
    kase = loadCase({ dir: h.dir });
  });
  afterAll(() => h?.remove());

  it('THEN the quoted words of a corroborated fact are given to the speaker the new article names, for that source only', () => {
    // Held out, this denial lost its speaker (pinned to 000 alone); the new copy of 000 (now 003) names Andy Stone.
    const denial = kase.factById.get('denial.meta-denies-netflix-message-access');
    expect(denial?.citations.some((c) => c.source === '003')).toBe(true);
    expect(denial?.speaker).toMatchObject({ name: 'Andy Stone', sources: ['003'] });
  });

  it('THEN a speaker recorded for every source is pinned to the old sources when the new article names someone else', () => {
    const pinned = kase.facts.filter((f) => f.speaker?.sources && f.citations.some((c) => c.source === '003') && !f.speaker.sources.includes('003'));
    expect(pinned.length).toBeGreaterThan(0);
    for (const f of pinned) expect(f.speaker?.sources?.every((s) => f.citations.some((c) => c.source === s))).toBe(true);
  });

  it('THEN an event whose date stays unresolved ("on Tuesday", no article date) is left pending, not guessed', () => {
    const review003 = readReview(join(h.dir, 'review', '003.json'));
    const pending = review003.candidates.filter((c) => c.status === 'pending');
    expect(pending.map((c) => [c.kind, c.span.text, c.fields.date])).toEqual([['event', 'on Tuesday', null]]);
  });
});

describe('GIVEN an article of another case WHEN it is added', () => {
  let h: HeldOut;
  beforeAll(() => {
    h = heldOutCorpus('002');
  });
  afterAll(() => h?.remove());

  it('THEN the people it names that vocabulary.json lacks are listed for the reviewer, with their roles, and nothing is written there', () => {
    const vocabulary = readFileSync(join(h.dir, 'vocabulary.json'), 'utf8');
    const run = add(h.dir, [join(packageRoot(), 'test', 'fixtures', 'extract', 'own-article.txt'), '--date', '2024-05-10']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/people named here that vocabulary\.json does not list[^\n]*Maria Okafor \(one of the plaintiffs\)[^\n]*Daniel Reyes \(Its spokesperson\)/);
    expect(readFileSync(join(h.dir, 'vocabulary.json'), 'utf8')).toBe(vocabulary);
  });
});
