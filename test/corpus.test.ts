import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSchemas } from '../scripts/gen-schema.js';
import { CorpusError, defaultCorpusDir, loadCase, packageRoot, type Case } from '../src/corpus/case.js';
import { scanCoverage } from '../src/corpus/coverage.js';
import { fold } from '../src/corpus/text.js';

const kase: Case = loadCase();
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the bundled corpus, changed by `mutate`, loaded; returns the CorpusError's message. */
function loadMutated(mutate: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  temps.push(dir);
  cpSync(defaultCorpusDir(), dir, { recursive: true });
  mutate(dir);
  try {
    loadCase({ dir });
  } catch (error) {
    expect(error).toBeInstanceOf(CorpusError);
    return (error as Error).message;
  }
  throw new Error('the mutated corpus loaded without complaint');
}

function editJson(dir: string, file: string, edit: (json: any) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

describe('the bundled corpus', () => {
  it('GIVEN the articles WHEN loaded THEN each is byte for byte the collected file (sha256 recorded)', () => {
    expect(kase.articles.size).toBe(3);
    for (const article of kase.articles.values()) {
      const bytes = readFileSync(join(defaultCorpusDir(), 'articles', article.about.file));
      expect(bytes.toString('utf8')).toBe(article.text);
    }
  });

  it('GIVEN every fact and disagreement WHEN resolved THEN each citation is the article text at its offsets', () => {
    const citations = [...kase.facts.flatMap((f) => f.citations), ...kase.disagreements.flatMap((d) => d.sides)];
    expect(citations.length).toBeGreaterThan(60);
    for (const c of citations) {
      const article = kase.articles.get(c.source);
      expect(article?.text.slice(c.start, c.end)).toBe(c.text);
      expect(fold(c.text)).toBe(fold(c.quote));
      const passage = kase.passages.find((p) => p.id === c.passage);
      expect(passage && passage.start <= c.start && c.end <= passage.end).toBe(true);
    }
  });

  it('GIVEN the four kinds WHEN counted THEN each kind has facts and several are corroborated', () => {
    const kinds = new Set(kase.facts.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['claim', 'denial', 'event', 'money']);
    expect(kase.facts.filter((f) => f.corroboration >= 2).length).toBeGreaterThanOrEqual(10);
    for (const fact of kase.facts) expect(fact.corroboration).toBe(new Set(fact.citations.map((c) => c.source)).size);
  });

  it('GIVEN the unattributed article WHEN its metadata is read THEN nothing is guessed', () => {
    const about = kase.articles.get('000')?.about;
    expect(about).toMatchObject({ publisher: null, author: null, title: null, url: null, published: null });
  });

  it('GIVEN page furniture WHEN passages are made THEN no passage contains or overlaps a furniture line', () => {
    let furnitureLines = 0;
    for (const article of kase.articles.values()) {
      for (const line of article.lines.filter((l) => l.furniture)) {
        furnitureLines++;
        const text = article.text.slice(line.start, line.end).trim();
        for (const p of article.passages) {
          expect(p.end <= line.start || p.start >= line.end, `${p.id} overlaps line ${line.number}`).toBe(true);
          // A headline may be repeated by the article's own summary line; other furniture never is.
          if (text.length > 12 && line.furniture !== 'headline') expect(p.text.includes(text), `${p.id} contains "${text}"`).toBe(false);
        }
      }
    }
    expect(furnitureLines).toBeGreaterThanOrEqual(15);
    // Known furniture by its words: the caption, a heading, the bio, the comment form.
    const all = kase.passages.map((p) => p.text).join('\n');
    for (const words of ['facebook meta', 'Bombshell From An Anti-Trust Lawsuit', 'intern reporter at BTW Media', 'Leave a Reply', 'Required fields are marked']) {
      expect(all.includes(words), words).toBe(false);
    }
  });

  it('GIVEN passages WHEN their ids are read THEN they are stable source#pN ids in order', () => {
    const ids = kase.passages.filter((p) => p.source === '001').map((p) => p.id);
    expect(ids[0]).toBe('001#p1');
    expect(kase.passages.find((p) => p.id === '001#p1')?.text.startsWith('Netflix and Meta are about to have a lot of heat on them.')).toBe(true);
  });

  it('GIVEN the known disagreements (corpus/disagreements.json) WHEN loaded THEN each is present with both sides quoted', () => {
    const side = (id: string, source: string, words: string) => {
      const d = kase.disagreements.find((x) => x.id === id);
      expect(d, id).toBeDefined();
      expect(d?.sides.some((s) => s.source === source && s.text.includes(words)), `${id}: ${source} says ${words}`).toBe(true);
    };
    side('disagreement.musk-replies', '000', '“Yup.”');
    side('disagreement.musk-replies', '002', '“yes.”');
    side('disagreement.who-denied', '002', 'Netflix has denied allowing Meta');
    side('disagreement.watch-closing', '001', 'closing the streaming service Facebook Watch');
    side('disagreement.watch-closing', '000', '$750 million');
  });

  it('GIVEN the articles WHEN scanned THEN every dollar amount and date is cited by some fact', () => {
    const coverage = scanCoverage(kase);
    expect(coverage.amounts).toBeGreaterThanOrEqual(9);
    expect(coverage.dates).toBeGreaterThanOrEqual(15);
    expect(coverage.uncovered).toEqual([]);
  });

  it('GIVEN the zod schemas WHEN JSON Schema is generated THEN it equals the committed files (npm run schema)', () => {
    for (const [name, text] of Object.entries(renderSchemas())) {
      expect(readFileSync(join(defaultCorpusDir(), 'schema', name), 'utf8'), `corpus/schema/${name} is stale: run npm run schema`).toBe(text);
    }
  });
});

describe('loading fails loudly on a bad corpus', () => {
  it('GIVEN a quote altered by one word WHEN loaded THEN the error names the file, the fact and the quote', () => {
    const message = loadMutated((dir) =>
      editJson(dir, 'facts/money.json', (json) => {
        const fact = json.facts.find((f: any) => f.id === 'money.fine-2022');
        fact.citations[0].quote = fact.citations[0].quote.replace('hefty', 'huge');
      }),
    );
    expect(message).toContain('facts/money.json');
    expect(message).toContain('money.fine-2022');
    expect(message).toContain('huge sum');
    expect(message).toContain('not found');
  });

  it('GIVEN an unknown source WHEN loaded THEN it is rejected naming the source', () => {
    const message = loadMutated((dir) => editJson(dir, 'facts/claims.json', (json) => (json.facts[0].citations[0].source = '009')));
    expect(message).toMatch(/claim\.[a-z-]+: citations\[0\]: unknown source "009"/);
  });

  it('GIVEN a duplicate id WHEN loaded THEN it is rejected', () => {
    const message = loadMutated((dir) => editJson(dir, 'facts/claims.json', (json) => json.facts.push(json.facts[0])));
    expect(message).toMatch(/claim\.inbox-api-access: duplicate id/);
  });

  it('GIVEN an impossible date WHEN loaded THEN it is rejected naming the field', () => {
    const message = loadMutated((dir) => editJson(dir, 'facts/events.json', (json) => (json.facts[0].date = '2018-13')));
    expect(message).toMatch(/events\.json: facts\[0\] \(event\.[a-z0-9-]+\)\.date: /);
  });

  it('GIVEN a malformed amount WHEN loaded THEN it is rejected naming the field', () => {
    const message = loadMutated((dir) => editJson(dir, 'facts/money.json', (json) => (json.facts[0].amount = '40 million')));
    expect(message).toMatch(/money\.json: facts\[0\] \(money\.ad-spend-2015\)\.amount/);
  });

  it('GIVEN a quote taken from page furniture WHEN loaded THEN it is rejected as furniture', () => {
    const message = loadMutated((dir) =>
      editJson(dir, 'facts/claims.json', (json) => json.facts[0].citations.push({ source: '001', quote: 'Bombshell From An Anti-Trust Lawsuit' })),
    );
    expect(message).toContain('falls inside page furniture (heading, line 8)');
  });

  it('GIVEN an article edited by one character WHEN loaded THEN the changed hash is reported', () => {
    const message = loadMutated((dir) => appendFileSync(join(dir, 'articles', '002_fa34d812bd01c1d6.txt'), ' '));
    expect(message).toContain('002_fa34d812bd01c1d6.txt: article has changed');
  });

  it('GIVEN a disagreement citing an unknown fact WHEN loaded THEN it is rejected', () => {
    const message = loadMutated((dir) => editJson(dir, 'disagreements.json', (json) => json.disagreements[0].facts.push('claim.nope')));
    expect(message).toContain('unknown fact "claim.nope"');
  });

  it('GIVEN a disagreement whose side no fact of its quotes WHEN loaded THEN it is rejected, naming the side', () => {
    // who-denied's first side ("Netflix has denied …", 002) is quoted only by the fact added for it.
    const message = loadMutated((dir) => editJson(dir, 'disagreements.json', (json) => {
      const d = json.disagreements.find((x: any) => x.id === 'disagreement.who-denied');
      d.facts = d.facts.filter((f: string) => f !== 'claim.btw-netflix-denied');
    }));
    expect(message).toContain('disagreement.who-denied: sides[0] is quoted by none of its facts');
  });

  it('GIVEN a money fact removed WHEN coverage is scanned THEN its dollar amount is reported uncovered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    temps.push(dir);
    cpSync(defaultCorpusDir(), dir, { recursive: true });
    editJson(dir, 'facts/money.json', (json) => (json.facts = json.facts.filter((f: any) => f.id !== 'money.fine-2022')));
    editJson(dir, 'facts/events.json', (json) => (json.facts = json.facts.filter((f: any) => f.id !== 'event.fine-2022')));
    editJson(dir, 'facts/claims.json', (json) => (json.facts = json.facts.filter((f: any) => !f.citations.some((c: any) => c.quote.includes('$284')))));
    const coverage = scanCoverage(loadCase({ dir }));
    expect(coverage.uncovered.map((u) => u.text)).toContain('$284 million');
  });
});

describe('the folding rule', () => {
  it('GIVEN quote styles, dashes and spacing WHEN folded THEN they compare equal, and nothing else is folded', () => {
    expect(fold('Meta’s  “Inbox API” — yes')).toBe(fold('Meta\'s "Inbox API" - yes'));
    expect(fold('Meta')).not.toBe(fold('meta'));
    expect(fold('untrue.')).not.toBe(fold('untrue'));
  });
});

describe('npm run check:corpus', () => {
  it('GIVEN the bundled corpus WHEN checked THEN it exits 0 and prints the counts and no uncovered item', () => {
    const run = spawnSync(process.execPath, [join(packageRoot(), 'dist', 'scripts', 'check-corpus.js')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/facts: \d+ \(claim \d+, denial \d+, event \d+, money \d+\)/);
    expect(run.stdout).toMatch(/disagreements: [1-9]/);
    expect(run.stdout).toContain('uncovered: 0');
  });
});
