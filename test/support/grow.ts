/**
 * A corpus that grows, for tests: a temp copy of the bundled corpus with one article held out, and the
 * whole `corpus:add` + `corpus:review --accept-all` flow run on it in process, output captured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCorpusAdd } from '../../scripts/corpus-add.js';
import { runCorpusReview } from '../../scripts/corpus-review.js';
import { defaultCorpusDir } from '../../src/corpus/case.js';
import type { SourceInfo } from '../../src/corpus/schema.js';
import { holdOut } from '../../src/extract/holdout.js';

export interface HeldOut {
  root: string;
  dir: string;
  about: SourceInfo;
  /** The held-out article's file in the bundled corpus (what a maintainer would download). */
  file: string;
  remove(): void;
}

export function heldOutCorpus(id: string): HeldOut {
  const root = mkdtempSync(join(tmpdir(), `grow-${id}-`));
  const dir = join(root, 'corpus');
  const { about, file } = holdOut(defaultCorpusDir(), dir, id);
  return { root, dir, about, file, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** The metadata flags a maintainer would type for `meta`: only what is known. */
export function flagsFor(about: SourceInfo): string[] {
  const flags: string[] = [];
  if (about.publisher) flags.push('--publisher', about.publisher);
  if (about.author) flags.push('--author', about.author);
  if (about.title) flags.push('--title', about.title);
  if (about.url) flags.push('--url', about.url);
  if (about.published) flags.push('--date', about.published);
  return flags;
}

export function add(dir: string, args: string[], now = new Date('2026-12-01T10:00:00Z')): Run {
  let out = '';
  let err = '';
  const code = runCorpusAdd(args, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } }, dir, now);
  return { code, out, err };
}

export async function review(dir: string, args: string[], tty = false): Promise<Run> {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  const stdout = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await runCorpusReview(args, { stdin, stdout, stderr: { write: (t: string) => (err += t) } }, dir);
  return { code, out, err };
}

/** `corpus:add` of the held-out article, then `corpus:review --accept-all`; throws with the output on failure. */
export async function addAndAcceptAll(h: HeldOut): Promise<{ added: Run; reviewed: Run }> {
  const added = add(h.dir, [h.file, ...flagsFor(h.about)]);
  if (added.code !== 0) throw new Error(`corpus:add failed: ${added.err}`);
  const reviewed = await review(h.dir, ['--accept-all']);
  if (reviewed.code !== 0) throw new Error(`corpus:review failed: ${reviewed.err}`);
  return { added, reviewed };
}
