/**
 * `npm run check:corpus`: loads and verifies the corpus, prints its counts, and fails when any dollar
 * amount or date in the articles is cited by no fact.
 */
import { CorpusError, loadCase } from '../src/corpus/case.js';
import { scanCoverage } from '../src/corpus/coverage.js';

function main(): number {
  let kase;
  try {
    kase = loadCase();
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
  const coverage = scanCoverage(kase);
  console.log(`coverage: ${coverage.amounts} dollar amounts and ${coverage.dates} dates in article text; uncovered: ${coverage.uncovered.length}`);
  for (const u of coverage.uncovered) console.log(`  uncovered ${u.kind} ${JSON.stringify(u.text)} in ${u.passage} (offset ${u.offset})`);
  return coverage.uncovered.length ? 1 : 0;
}

process.exitCode = main();
