/**
 * The performance work must not change answers: the compact index scores as MiniSearch does, query
 * planning leaves small corpora alone, a snapshot answers as the index it was made from, the faster
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
import { TermIndex, type QuerySpec } from '../src/search/engine.js';
import { PLAN, planQueries } from '../src/search/plan.js';
import { buildSearch, Search, searchDocs } from '../src/search/search.js';
import { loadSearch, snapshotPath, writeSnapshot } from '../src/search/snapshot.js';
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

describe('compact index', () => {
  const FIELDS = [
    { name: 'text', boost: 1 },
    { name: 'label', boost: 0.6 },
  ];
  const normalise = (match: Record<string, string[]>) => Object.fromEntries(Object.entries(match).map(([t, f]) => [t, [...f].sort()]).sort());
  /** The compact match of a result in MiniSearch's shape. */
  const matchOf = (r: { terms: string[]; fields: number[] } | undefined): Record<string, string[]> =>
    Object.fromEntries((r?.terms ?? []).map((t, i) => [t, FIELDS.filter((_, k) => ((r?.fields[i] ?? 0) >> k) & 1).map((f) => f.name)]));

  it('GIVEN random documents and queries WHEN scored by the compact index and by MiniSearch THEN the results, scores and matches are the same', () => {
    const rng = new Rng(7);
    const words = Array.from({ length: 60 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i * 7) % 26))}x${i % 9}`);
    const sentence = (n: number) => Array.from({ length: n }, () => rng.pick(words)).join(' ');
    const docs = Array.from({ length: 150 }, (_, i) => ({ id: `d${i}`, text: sentence(rng.int(0, 30)), label: sentence(rng.int(0, 6)) }));
    const analyse = (text: string) => text.split(' ').filter(Boolean);
    const mini = new MiniSearch<(typeof docs)[number]>({ fields: ['text', 'label'], storeFields: [], tokenize: analyse, processTerm: (t) => t, searchOptions: { tokenize: (t) => [t], processTerm: (t) => t, boost: { label: 0.6 } } });
    mini.addAll(docs);
    const index = TermIndex.build(docs.length, ['text', 'label'], (d, f) => (docs[d] as Record<string, string>)[f] as string, analyse, (t) => t);
    let compared = 0;
    for (let q = 0; q < 200; q++) {
      const chosen = [...new Set(Array.from({ length: rng.int(1, 5) }, () => (rng.chance(0.2) ? `${rng.pick(words)}q` : rng.pick(words))))];
      const specs: QuerySpec[] = chosen.map((term) => ({ term, fuzzy: rng.chance(0.3) ? 1 : false, boost: rng.chance(0.3) ? 0.4 : 1 }));
      const allowOdd = rng.chance(0.3);
      const expected = mini.search(
        { combineWith: 'OR', queries: specs.map((s) => ({ queries: [s.term], fuzzy: s.fuzzy || false, boostTerm: () => s.boost ?? 1 })) },
        allowOdd ? { filter: (r) => Number(String(r.id).slice(1)) % 2 === 1 } : {},
      );
      const actual = index.search(specs, { fields: FIELDS, ...(allowOdd ? { allow: (d: number) => d % 2 === 1 } : {}) });
      const byId = new Map(actual.map((r) => [docs[r.doc]?.id, r]));
      expect(actual.length).toBe(expected.length);
      for (const r of expected) {
        const mine = byId.get(r.id as string);
        expect(mine, `${r.id} for ${chosen.join(' ')}`).toBeDefined();
        expect(mine?.score).toBeCloseTo(r.score, 9);
        expect(normalise(matchOf(mine))).toEqual(normalise(r.match));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('GIVEN a planned query WHEN scored THEN the results are the documents its gates match, with the scores MiniSearch gives them', () => {
    const rng = new Rng(9);
    // Skewed word frequencies: a few words in most documents, many in few (long and short posting lists).
    const words = Array.from({ length: 400 }, (_, i) => `t${i}`);
    const word = () => words[Math.floor(words.length * rng.float() ** 3)] as string;
    const docs = Array.from({ length: 3000 }, (_, i) => ({ id: `d${i}`, text: Array.from({ length: rng.int(3, 25) }, word).join(' '), label: rng.chance(0.5) ? word() : '' }));
    const analyse = (text: string) => text.split(' ').filter(Boolean);
    const mini = new MiniSearch<(typeof docs)[number]>({ fields: ['text', 'label'], storeFields: [], tokenize: analyse, processTerm: (t) => t, searchOptions: { tokenize: (t) => [t], processTerm: (t) => t, boost: { label: 0.6 } } });
    mini.addAll(docs);
    const index = TermIndex.build(docs.length, ['text', 'label'], (d, f) => (docs[d] as Record<string, string>)[f] as string, analyse, (t) => t);
    for (let q = 0; q < 60; q++) {
      const common = [...new Set(Array.from({ length: rng.int(1, 4) }, () => words[rng.int(0, 20)] as string))];
      const rare = [...new Set(Array.from({ length: rng.int(1, 2) }, () => words[rng.int(200, 399)] as string))].filter((t) => !common.includes(t));
      const specs: QuerySpec[] = [...common.map((term) => ({ term })), ...rare.map((term) => ({ term, gate: true }))];
      const gated = new Set(mini.search({ combineWith: 'OR', queries: rare.map((t) => ({ queries: [t] })) }).map((r) => r.id));
      const expected = mini.search({ combineWith: 'OR', queries: specs.map((s) => ({ queries: [s.term] })) }).filter((r) => gated.has(r.id));
      const actual = index.search(specs, { fields: FIELDS });
      expect(actual.map((r) => docs[r.doc]?.id).sort()).toEqual(expected.map((r) => r.id as string).sort());
      const byId = new Map(actual.map((r) => [docs[r.doc]?.id, r]));
      for (const r of expected) {
        expect(byId.get(r.id as string)?.score).toBeCloseTo(r.score, 9);
        expect(normalise(matchOf(byId.get(r.id as string)))).toEqual(normalise(r.match));
      }
    }
  });

  it('GIVEN the case WHEN indexed THEN each term counts the items that have it in their text or label, once each', () => {
    const search = buildSearch(kase);
    const expected = new Map<string, number>();
    for (const doc of searchDocs(kase)) for (const term of new Set([...terms(doc.text), ...terms(doc.label)])) expected.set(term, (expected.get(term) ?? 0) + 1);
    expect(new Map([...search.vocabulary].sort())).toEqual(new Map([...expected].sort()));
  });

  it('GIVEN an index WHEN written as a snapshot and loaded back THEN every dev question gets the same hits and scores', () => {
    const built = buildSearch(kase);
    const loaded = new Search(searchDocs(kase), TermIndex.deserialize(built.snapshot('k')));
    for (const q of [...devQuestions, 'netflx acess', 'zzz qqq']) expect(loaded.search(q, { limit: 40 })).toEqual(built.search(q, { limit: 40 }));
    expect(TermIndex.snapshotKey(built.snapshot('the key'))).toBe('the key');
  });
});

describe('snapshot files', () => {
  it('GIVEN a snapshot for this corpus WHEN the bot loads its search THEN it uses it, and builds instead when the snapshot is for something else or damaged', () => {
    const dir = tempDir('snap-');
    expect(loadSearch(kase, dir).from).toBe('built');
    writeSnapshot(kase, buildSearch(kase), dir);
    const loaded = loadSearch(kase, dir);
    expect(loaded.from).toBe('snapshot');
    expect(loaded.search.search('titan api').hits).toEqual(buildSearch(kase).search('titan api').hits);

    const other = buildSearch(kase).snapshot('made by other code');
    writeFileSync(snapshotPath(kase, dir), other);
    expect(loadSearch(kase, dir)).toMatchObject({ from: 'built', reason: 'snapshot of other code or corpus' });
    writeFileSync(snapshotPath(kase, dir), 'not a snapshot');
    expect(loadSearch(kase, dir).from).toBe('built');
  });
});

describe('query planning', () => {
  it('GIVEN the case corpus WHEN searching THEN planned and exhaustive search give identical answers', () => {
    expect(searchDocs(kase).length).toBeLessThan(PLAN.minDocs);
    const search = buildSearch(kase);
    for (const q of devQuestions) expect(search.search(q, { limit: 40 })).toEqual(search.search(q, { limit: 40, plan: false }));
  });

  it('GIVEN a small corpus WHEN planning THEN no query is gated', () => {
    const queries: QuerySpec[] = [{ term: 'a' }, { term: 'b' }];
    expect(planQueries(queries, 2, PLAN.minDocs - 1, () => 1)).toBe(0);
    expect(queries.some((q) => q.gate)).toBe(false);
  });

  it('GIVEN a large corpus WHEN planning THEN the user\'s rare words gate, else the rarest of them the corpus has, and a synonym only when the corpus has none of them', () => {
    const n = 100_000;
    const rare = n * PLAN.maxShare - 1;
    const sizes: Record<string, number> = { common: n / 2, commoner: n * 0.8, rare, rarer: 20, absent: 0, synonym: 10 };
    const size = (q: QuerySpec) => sizes[q.term] ?? 0;
    const plan = (terms: string[], user: number) => {
      const queries: QuerySpec[] = terms.map((term) => ({ term }));
      const count = planQueries(queries, user, n, size);
      const gates = queries.filter((q) => q.gate).map((q) => q.term);
      expect(count).toBe(gates.length);
      return gates;
    };
    expect(plan(['common', 'rare', 'absent', 'rarer', 'synonym'], 4)).toEqual(['rare', 'rarer']);
    expect(plan(['commoner', 'common', 'absent', 'synonym'], 3)).toEqual(['common']);
    expect(plan(['absent', 'synonym', 'common'], 1)).toEqual(['synonym']);
    expect(plan(['absent'], 1)).toEqual([]);
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
