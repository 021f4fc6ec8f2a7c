/**
 * The performance work must not change answers: an index updated in place answers as a fresh one, query
 * planning leaves small corpora alone and never changes a score, the faster
 * folding and /quote paths give the same results as the plain ones, and the benchmark's synthetic corpus
 * is deterministic and verifies. No timings are asserted here: speed is read from `npm run bench`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, Rng, synthesize } from '../bench/synth.js';
import { loadCase, packageRoot, type Case } from '../src/corpus/case.js';
import { foldWithMap } from '../src/corpus/text.js';
import { terms } from '../src/search/analyze.js';
import { buildSearch, lexiconOf, PLAN, Search, searchDocs, type SearchDoc } from '../src/search/search.js';
import { checkQuote } from '../src/search/verify.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

const kase: Case = loadCase();
const devQuestions = readFileSync(join(packageRoot(), 'test', 'fixtures', 'eval', 'dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { q: string }).q);

/** A larger synthetic case (over /quote's align-everything threshold), generated once for several tests. */
let synthetic: { dir: string; kase: Case } | undefined;
function syntheticCase(): { dir: string; kase: Case } {
  if (!synthetic) {
    const dir = join(tempDir('synth-'), 'corpus');
    synthesize({ passages: 1500, outDir: dir });
    synthetic = { dir, kase: loadCase({ dir }) };
  }
  return synthetic;
}

describe('the MiniSearch index', () => {
  it('GIVEN the case WHEN indexed THEN each term counts the items that have it in their text or label, once each', () => {
    const search = buildSearch(kase);
    const expected = new Map<string, number>();
    for (const doc of searchDocs(kase)) for (const term of new Set([...terms(doc.text), ...terms(doc.label)])) expected.set(term, (expected.get(term) ?? 0) + 1);
    expect(new Map([...search.vocabulary].sort())).toEqual(new Map([...expected].sort()));
  });

  it('GIVEN an index updated in place (items added, changed, removed) WHEN searched THEN it answers as an index built from scratch on the new items', () => {
    const docs = searchDocs(kase);
    // The "new corpus": one passage dropped, one fact's label changed, the first 20 items held back then added.
    // One label and one quote's text changed (a fact's citation text, as if corrected).
    const changed: SearchDoc[] = docs
      .filter((d) => d.id !== '001#p5')
      .map((d) => (d.item === 'event.titan-api-granted' ? { ...d, label: `${d.label} renamed` } : d.id === 'money.fine-2022~0' ? { ...d, text: `${d.text} Zebra crossing.` } : d));
    const search = new Search(docs.slice(20), lexiconOf(kase));
    // Searched before the update too, so any answer or kind set kept from before would show after it.
    for (const q of ['renamed titan', 'zebra crossing fine', 'private messages']) {
      search.search(q, { limit: 10 });
      search.search(q, { limit: 10, kinds: ['passage'] });
    }
    const summary = search.sync(changed);
    expect(summary).toEqual({ added: 20, replaced: 2, discarded: 1 });
    const fresh = new Search(changed, lexiconOf(kase));
    expect(search.size).toBe(fresh.size);
    expect(new Map([...search.vocabulary].sort())).toEqual(new Map([...fresh.vocabulary].sort()));
    expect(search.search('zebra crossing fine', { limit: 3 }).hits[0]?.id).toBe('money.fine-2022');
    for (const q of [...devQuestions.slice(0, 30), 'renamed titan', 'zebra crossing fine', 'private messages']) {
      expect(search.search(q, { limit: 10, kinds: ['passage'] }).hits.map((h) => h.id), q).toEqual(fresh.search(q, { limit: 10, kinds: ['passage'] }).hits.map((h) => h.id));
      const a = search.search(q, { limit: 10 }).hits;
      const b = fresh.search(q, { limit: 10 }).hits;
      expect(a.map((h) => h.id), q).toEqual(b.map((h) => h.id));
      a.forEach((h, i) => expect(h.score).toBeCloseTo((b[i] as { score: number }).score, 9));
    }
    // The removed passage is gone from runs too; the fact quoting the same words stays.
    const run = search.containingRun(terms('dubbed the Titan API'));
    expect(run).toContain('event.titan-api-granted');
    expect(run).not.toContain('001#p5');
    expect(run).toEqual(fresh.containingRun(terms('dubbed the Titan API')));
  });

  it('GIVEN a run of terms WHEN looked up THEN exactly the items with those terms side by side in their text are returned, in index order', () => {
    const search = buildSearch(kase);
    const run = terms('private message inboxes');
    const expected = [...new Set(searchDocs(kase).filter((d) => ` ${terms(d.text).join(' ')} `.includes(` ${run.join(' ')} `)).map((d) => d.item))];
    expect(expected.length).toBeGreaterThan(1);
    expect(search.containingRun(run)).toEqual(expected);
  });
});

describe('query planning', () => {
  it('GIVEN the case corpus WHEN searching THEN planned and exhaustive search give identical answers', () => {
    expect(searchDocs(kase).length).toBeLessThan(PLAN.minDocs);
    const search = buildSearch(kase);
    for (const q of devQuestions) expect(search.search(q, { limit: 40 })).toEqual(search.search(q, { limit: 40, plan: false }));
  });

  it('GIVEN a corpus large enough to plan WHEN searching THEN every planned hit has the score the exhaustive search gives it, and rare words find the same best item', () => {
    const rng = new Rng(11);
    const words = Array.from({ length: 400 }, (_, i) => `word${i}x`);
    // Skewed frequencies: a few words in most documents (long posting lists), many in few.
    const word = () => words[Math.floor(words.length * rng.float() ** 3)] as string;
    const docs: SearchDoc[] = Array.from({ length: PLAN.minDocs + 500 }, (_, i) => ({ id: `d${i}`, item: `d${i}`, part: 0, kind: 'passage', text: Array.from({ length: rng.int(5, 30) }, word).join(' '), label: '', sources: 1 }));
    const search = new Search(docs);
    let sameTop = 0;
    for (let q = 0; q < 40; q++) {
      const question = [words[rng.int(0, 10)], words[rng.int(0, 10)], words[rng.int(250, 399)]].join(' ');
      const planned = search.search(question, { limit: 10 });
      const full = search.search(question, { limit: 200, plan: false });
      const exhaustive = new Map(full.hits.map((h) => [h.id, h.score]));
      for (const hit of planned.hits) expect(hit.score).toBeCloseTo(exhaustive.get(hit.id) ?? NaN, 9);
      if (planned.hits[0]?.id === full.hits[0]?.id) sameTop++;
    }
    expect(sameTop).toBeGreaterThanOrEqual(38);
  });
});

describe('fast paths that must answer as the plain ones', () => {
  it('GIVEN every UTF-16 code unit and random mixed text WHEN folded THEN the result is the regular-expression rule of the corpus', () => {
    const single = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/;
    const double = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/;
    const dash = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/;
    const reference = (text: string) => {
      let folded = '';
      const map: number[] = [];
      let inSpace = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        if (/\s/.test(ch)) {
          if (!inSpace) {
            folded += ' ';
            map.push(i);
            inSpace = true;
          }
          continue;
        }
        inSpace = false;
        folded += single.test(ch) ? "'" : double.test(ch) ? '"' : dash.test(ch) ? '-' : ch;
        map.push(i);
      }
      map.push(text.length);
      return { folded, map };
    };
    const same = (text: string) => {
      const mine = foldWithMap(text);
      const theirs = reference(text);
      return mine.folded === theirs.folded && theirs.map.every((offset, i) => mine.origin(i) === offset);
    };
    for (let c = 0; c < 0x10000; c++) if (!same(`a${String.fromCharCode(c)}b`)) expect.fail(`code unit ${c.toString(16)}`);
    const rng = new Rng(3);
    const pool = ['a', 'Z', ' ', '\n', '\t', '\u00a0', '\u2019', '\u201c', '\u2014', 'é', '\ud83d', '\ude00', '€', '`', '-', '"', '\u3000'];
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: rng.int(0, 40) }, () => rng.pick(pool)).join('');
      if (!same(text)) expect.fail(JSON.stringify(text));
    }
    // Offsets past 65535 (articles that long keep four bytes an offset).
    const long = Array.from({ length: 70_000 }, () => rng.pick(pool)).join('');
    expect(same(long)).toBe(true);
  });

  it('GIVEN a corpus too large to scan WHEN quoting sentences word for word THEN the sources found are those a scan of every passage finds', () => {
    const { kase: big } = syntheticCase();
    expect(big.passages.length).toBeGreaterThan(400);
    const search = buildSearch(big);
    const rng = new Rng(11);
    for (let i = 0; i < 40; i++) {
      const passage = rng.pick(big.passages);
      const words = passage.text.split(' ');
      const from = rng.int(0, Math.max(0, words.length - 6));
      const text = words.slice(from, from + rng.int(3, 12)).join(' ');
      const needle = foldWithMap(text).folded.trim().replace(/^["']+|["']+$/g, '').trim();
      const scanned: string[] = [];
      for (const p of big.passages) if (!scanned.some((id) => id.startsWith(`${p.source}#`)) && foldWithMap(p.text).folded.includes(needle)) scanned.push(p.id);
      const check = checkQuote(big, search, text);
      expect(check.verdict, text).toBe('verbatim');
      expect(check.matches.map((m) => m.passage.id), text).toEqual(scanned);
    }
  });
});

describe('synthetic corpus', () => {
  const digestOf = (dir: string) => {
    const hash = createHash('sha256');
    for (const sub of ['', 'articles', 'facts']) {
      for (const name of readdirSync(join(dir, sub), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort()) {
        hash.update(`${sub}/${name}\n`).update(readFileSync(join(dir, sub, name)));
      }
    }
    return hash.digest('hex');
  };

  it('GIVEN the same seed and size WHEN generated twice THEN the folders are byte for byte the same, and another seed gives another corpus', () => {
    const { dir } = syntheticCase();
    const again = join(tempDir('synth-'), 'corpus');
    synthesize({ passages: 1500, outDir: again });
    expect(digestOf(again)).toBe(digestOf(dir));
    const other = join(tempDir('synth-'), 'corpus');
    synthesize({ passages: 1500, outDir: other, seed: DEFAULT_SEED + 1 });
    expect(digestOf(other)).not.toBe(digestOf(dir));
  });

  it('GIVEN a generated corpus WHEN loaded by the real loader THEN it has the size asked for, the case inside it, and verified, corroborated facts and disagreements', () => {
    const { kase: big } = syntheticCase();
    expect(big.passages.length).toBe(1500);
    for (const p of kase.passages) expect(big.passageById.get(p.id)?.text).toBe(p.text);
    expect(big.facts.length).toBeGreaterThan(kase.facts.length * 3);
    expect(big.facts.filter((f) => f.id.includes('synth') && f.corroboration >= 2).length).toBeGreaterThan(0);
    expect(big.disagreements.length).toBeGreaterThan(kase.disagreements.length);
    for (const kind of ['claim', 'denial', 'event', 'money']) expect(big.facts.some((f) => f.kind === kind && f.id.includes('synth'))).toBe(true);
    // Every citation is the article's own text (the loader resolved it), inside the passage it names.
    for (const fact of big.facts) for (const c of fact.citations) expect(big.passageById.get(c.passage)?.text).toContain(c.text);
  });
});
