/**
 * `npm run corpus:holdout -- <id> <folder>`: copies the corpus to `<folder>` without source `<id>` (its file,
 * its citations, facts left with none, disagreements that need it), for trying `corpus:add` and
 * `corpus:review` on an article whose reviewed facts are known. Prints the `corpus:add` line to run.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCorpusDir } from '../src/corpus/case.js';
import { isEntryPoint } from '../src/entry.js';
import { holdOut } from '../src/extract/holdout.js';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function runHoldout(argv: string[], io: { stdout: { write(t: string): unknown }; stderr: { write(t: string): unknown } }): number {
  const usage = 'usage: npm run corpus:holdout -- <source id, e.g. 001> <new folder>\n';
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} }));
  } catch (error) {
    io.stderr.write(`corpus:holdout: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const [id, folder] = positionals;
  if (!id || !folder || positionals.length !== 2 || !/^\d{3}$/.test(id)) {
    io.stderr.write(usage);
    return 2;
  }
  if (existsSync(folder)) {
    io.stderr.write(`corpus:holdout: ${folder} already exists; give a new folder\n`);
    return 2;
  }
  try {
    const { about, file } = holdOut(process.env.CORPUS_DIR ?? defaultCorpusDir(), folder, id);
    const flags = [
      about.publisher && `--publisher ${shellQuote(about.publisher)}`,
      about.author && `--author ${shellQuote(about.author)}`,
      about.title && `--title ${shellQuote(about.title)}`,
      about.url && `--url ${shellQuote(about.url)}`,
      about.published && `--date ${about.published}`,
    ].filter(Boolean);
    io.stdout.write(`corpus without ${id} in ${folder}; add it back with:\nCORPUS_DIR=${folder} npm run corpus:add -- ${relative(process.cwd(), file) || file} ${flags.join(' ')}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`corpus:holdout: ${(error as Error).message}\n`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = runHoldout(process.argv.slice(2), process);
