/**
 * `npm run check:corpus`: loads and verifies the corpus, prints its counts, and fails when any dollar
 * amount or date in the articles is cited by no fact.
 */
import { CorpusError, loadCase } from '../src/corpus/case.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCorpusDir } from '../src/corpus/case.js';
import { loadDismissals, scanCoverage } from '../src/corpus/coverage.js';

function main(): number {
  // CORPUS_DIR checks another corpus folder, as the bot, the CLI and `npm run serve` read it.
  const dir = process.env.CORPUS_DIR ?? defaultCorpusDir();
  let kase;
  try {
    kase = loadCase({ dir });
  } catch (error) {
    if (error instanceof CorpusError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const byKind = new Map<string, number>();
  for (const fact of kase.facts) byKind.set(fact.kind, (byKind.get(fact.kind) ?? 0) + 1);
  const citations = kase.facts.reduce((n, f) => n + f.citations.length, 0);
  const corroborated = kase.facts.filter((f) => f.corroboration >= 2).length;
  console.log(`corpus ok: ${kase.articles.size} articles, ${kase.passages.length} passages, ${kase.topics.length} topics`);
  console.log(`facts: ${kase.facts.length} (${['claim', 'denial', 'event', 'money'].map((k) => `${k} ${byKind.get(k) ?? 0}`).join(', ')})`);
  console.log(`citations: ${citations}; facts corroborated by 2+ sources: ${corroborated}; disagreements: ${kase.disagreements.length}`);
  let dismissals;
  try {
    dismissals = loadDismissals(dir);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const coverage = scanCoverage(kase, dismissals);
  const dismissed = coverage.dismissed ? `; dismissed: ${coverage.dismissed}` : '';
  console.log(`coverage: ${coverage.amounts} dollar amounts and ${coverage.dates} dates in article text; uncovered: ${coverage.uncovered.length}${dismissed}`);
  for (const u of coverage.uncovered) console.log(`  uncovered ${u.kind} ${JSON.stringify(u.text)} in ${u.passage} (offset ${u.offset})`);
  for (const d of coverage.stale) console.log(`  stale dismissal: ${d.source} offset ${d.offset} ${JSON.stringify(d.text)} is no date or amount of that article`);
  // Review files are never served; say when candidates still wait for a person.
  const reviewDir = join(dir, 'review');
  for (const name of existsSync(reviewDir) ? readdirSync(reviewDir).filter((n) => n.endsWith('.json')) : []) {
    let pending: number;
    try {
      pending = (JSON.parse(readFileSync(join(reviewDir, name), 'utf8')) as { candidates?: { status?: string }[] }).candidates?.filter((c) => c.status === 'pending').length ?? 0;
    } catch {
      console.log(`pending review: review/${name} cannot be read as JSON (never served; fix or remove it)`);
      continue;
    }
    if (pending) console.log(`pending review: review/${name}: ${pending} candidate(s) not yet decided, not served (npm run corpus:review)`);
  }
  return coverage.uncovered.length || coverage.stale.length ? 1 : 0;
}

process.exitCode = main();
