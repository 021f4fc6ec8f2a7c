/**
 * `npm run snapshot`: writes the prebuilt search index of the corpus (CORPUS_DIR, or the bundled one) to
 * SEARCH_SNAPSHOT_DIR (default dist/search-snapshots), for the bot to load instead of indexing at start-up.
 * Worth it for large corpora (see the README's Performance section); harmless for small ones.
 */
import { CorpusError, loadCase } from '../src/corpus/case.js';
import { writeSnapshot } from '../src/search/snapshot.js';

function main(): number {
  let kase;
  try {
    kase = loadCase(process.env.CORPUS_DIR ? { dir: process.env.CORPUS_DIR } : {});
  } catch (error) {
    if (error instanceof CorpusError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const started = performance.now();
  const { path, bytes } = writeSnapshot(kase);
  console.log(`search snapshot: ${kase.passages.length} passages, ${kase.facts.length} facts → ${path} (${(bytes / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms)`);
  return 0;
}

process.exitCode = main();
