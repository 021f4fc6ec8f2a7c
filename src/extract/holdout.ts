/**
 * A copy of a corpus with one article held out: its source entry, its file, every citation of it (facts left
 * with none are dropped, with the denials' references to them) and the disagreements that need it. What
 * remains must load: this is how extraction is measured against the reviewed facts (`eval:extract`) and how the
 * whole add-review-serve flow is tested on an article the corpus has not seen.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Disagreement, Fact, SourceInfo } from '../corpus/schema.js';

const FACT_FILES = ['claims.json', 'denials.json', 'events.json', 'money.json'];

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const writeJson = (path: string, value: unknown) => writeFileSync(path, JSON.stringify(value, null, 2) + '\n');

/** Copies `from` to `to` without source `id`; returns the held-out article's metadata and file path in `from`. */
export function holdOut(from: string, to: string, id: string): { about: SourceInfo; file: string } {
  cpSync(from, to, { recursive: true });
  rmSync(join(to, 'review'), { recursive: true, force: true });
  const sourcesPath = join(to, 'sources.json');
  const sources = readJson(sourcesPath) as { sources: SourceInfo[] };
  const about = sources.sources.find((s) => s.id === id);
  if (!about) throw new Error(`holdout: no source ${id} in ${from}`);
  sources.sources = sources.sources.filter((s) => s.id !== id);
  writeJson(sourcesPath, sources);
  rmSync(join(to, 'articles', about.file));
  const dropped = new Set<string>();
  for (const name of FACT_FILES) {
    const path = join(to, 'facts', name);
    const file = readJson(path) as { facts: Fact[] };
    file.facts = file.facts
      .map((f) => {
        const kept: Fact = { ...f, citations: f.citations.filter((c) => c.source !== id) };
        // A speaker pinned to some sources loses the held-out one; pinned to it alone, the speaker goes.
        if (f.speaker?.sources) {
          const sources = f.speaker.sources.filter((s) => s !== id);
          if (sources.length) kept.speaker = { ...f.speaker, sources };
          else delete kept.speaker;
        }
        return kept;
      })
      .filter((f) => {
        if (f.citations.length) return true;
        dropped.add(f.id);
        return false;
      });
    writeJson(path, file);
  }
  const denialsPath = join(to, 'facts', 'denials.json');
  const denials = readJson(denialsPath) as { facts: (Fact & { disputes?: string[] })[] };
  for (const d of denials.facts) if (d.disputes) d.disputes = d.disputes.filter((c) => !dropped.has(c));
  writeJson(denialsPath, denials);
  const disagreementsPath = join(to, 'disagreements.json');
  const disagreements = readJson(disagreementsPath) as { disagreements: Disagreement[] };
  disagreements.disagreements = disagreements.disagreements
    .map((d) => ({ ...d, sides: d.sides.filter((s) => s.source !== id), facts: d.facts.filter((f) => !dropped.has(f)) }))
    .filter((d) => new Set(d.sides.map((s) => s.source)).size >= 2);
  writeJson(disagreementsPath, disagreements);
  return { about, file: join(from, 'articles', about.file) };
}
