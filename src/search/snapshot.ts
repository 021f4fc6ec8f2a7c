/**
 * A prebuilt search index on disk. `npm run snapshot` (at build or deploy time) writes the index of the
 * configured corpus; at start-up `loadSearch` uses it when it was made from exactly this corpus by
 * exactly this search code, and otherwise builds the index as usual. It never writes at run time.
 *
 * Whether it pays is measured by `npm run bench`: for the three-article case building takes a few
 * milliseconds and the snapshot saves nothing worth a build step; from ~10k passages up building takes
 * hundreds of milliseconds to seconds and loading the snapshot takes milliseconds.
 *
 * The file is `<dir>/<corpus digest>.bin`; inside, a key over the corpus digest and the bytes of the
 * modules that decide what is indexed (analyze, engine, search), so a changed stop word, stemmer, synonym
 * or tuning constant makes an old snapshot be ignored rather than used.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot, type Case } from '../corpus/case.js';
import { TermIndex } from './engine.js';
import { buildSearch, Search, searchDocs } from './search.js';

/** The modules whose code decides what the index holds. */
const INDEXING_MODULES = ['analyze', 'engine', 'search'];

let fingerprint: string | undefined;

function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const here = fileURLToPath(import.meta.url);
  const hash = createHash('sha256');
  for (const name of INDEXING_MODULES) hash.update(readFileSync(join(dirname(here), `${name}${extname(here)}`)));
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** What a snapshot for this corpus and this code must carry. */
export function snapshotKey(kase: Case): string {
  return createHash('sha256').update(`${kase.digest}\n${codeFingerprint()}`).digest('hex');
}

/** `SEARCH_SNAPSHOT_DIR`, or `dist/search-snapshots` in the package. */
export function defaultSnapshotDir(): string {
  return process.env.SEARCH_SNAPSHOT_DIR || join(packageRoot(), 'dist', 'search-snapshots');
}

export function snapshotPath(kase: Case, dir: string = defaultSnapshotDir()): string {
  return join(dir, `${kase.digest}.bin`);
}

/** Writes the snapshot of `search` (built from `kase` if not given); returns its path and size. */
export function writeSnapshot(kase: Case, search: Search = buildSearch(kase), dir: string = defaultSnapshotDir()): { path: string; bytes: number } {
  const path = snapshotPath(kase, dir);
  mkdirSync(dirname(path), { recursive: true });
  const data = search.snapshot(snapshotKey(kase));
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
  return { path, bytes: data.length };
}

export interface LoadedSearch {
  search: Search;
  /** Where the index came from, and why not the snapshot when it was built. */
  from: 'snapshot' | 'built';
  reason?: string;
}

/** The case's search: from its snapshot when one matches, else built. */
export function loadSearch(kase: Case, dir: string = defaultSnapshotDir()): LoadedSearch {
  const path = snapshotPath(kase, dir);
  if (!existsSync(path)) return { search: buildSearch(kase), from: 'built', reason: 'no snapshot' };
  try {
    const data = readFileSync(path);
    if (TermIndex.snapshotKey(data) !== snapshotKey(kase)) return { search: buildSearch(kase), from: 'built', reason: 'snapshot of other code or corpus' };
    return { search: new Search(searchDocs(kase), TermIndex.deserialize(data)), from: 'snapshot' };
  } catch (error) {
    return { search: buildSearch(kase), from: 'built', reason: `unreadable snapshot: ${(error as Error).message}` };
  }
}
