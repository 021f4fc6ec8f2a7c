/**
 * Coverage of the articles by the facts: every dollar amount and every year or month-year expression in
 * article text (furniture excluded) must fall inside some fact's citation. Otherwise the facts only cover
 * the famous parts of the story.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case, Passage, ResolvedCitation } from './case.js';
import { DismissalsFile, type Dismissal } from './schema.js';

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
/** "$150 million", "$40M", "$1.5 billion", "$284,000". */
const DOLLARS = /\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand|[MBK])\b)?/g;
/** "April 2019", "May 2018", "2015". */
const DATES = new RegExp(`\\b(?:(?:${MONTHS})\\s+(?:\\d{1,2},\\s+)?)?(?:19|20)\\d{2}\\b`, 'g');

export interface Uncovered {
  source: string;
  passage: string;
  kind: 'amount' | 'date';
  text: string;
  offset: number;
}

export interface Coverage {
  amounts: number;
  dates: number;
  uncovered: Uncovered[];
  /** Mentions no fact cites, dismissed on purpose (`corpus/dismissals.json`). */
  dismissed: number;
  /** Dismissals that name no mention of their article (a wrong offset or text): each is a problem. */
  stale: Dismissal[];
}

/** The dollar amounts and dates of a passage as coverage counts them: also what a dismissal must name. */
export function coverageMentions(passage: Passage): { kind: 'amount' | 'date'; text: string; offset: number }[] {
  const out: { kind: 'amount' | 'date'; text: string; offset: number }[] = [];
  for (const [kind, pattern] of [['amount', DOLLARS], ['date', DATES]] as const) {
    for (const match of passage.text.matchAll(pattern)) out.push({ kind, text: match[0], offset: passage.start + (match.index ?? 0) });
  }
  return out;
}

/**
 * Reads `dismissals.json` of a corpus folder (absent: none). Throws naming the file and field when it does
 * not match the schema, as the loader does for the other corpus files.
 */
export function loadDismissals(dir: string): Dismissal[] {
  const path = join(dir, 'dismissals.json');
  if (!existsSync(path)) return [];
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = raw;
  const parsed = DismissalsFile.safeParse(rest);
  if (!parsed.success) throw new Error(`corpus/dismissals.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.dismissals;
}

export function scanCoverage(kase: Case, dismissals: readonly Dismissal[] = []): Coverage {
  const spans: ResolvedCitation[] = [
    ...kase.facts.flatMap((f) => f.citations),
    ...kase.disagreements.flatMap((d) => d.sides),
  ];
  const coverage: Coverage = { amounts: 0, dates: 0, uncovered: [], dismissed: 0, stale: [] };
  const used = new Set<Dismissal>();
  for (const passage of kase.passages) {
    for (const m of coverageMentions(passage)) {
      const start = m.offset;
      const end = start + m.text.length;
      if (m.kind === 'amount') coverage.amounts++;
      else coverage.dates++;
      const covered = spans.some((c) => c.source === passage.source && c.start <= start && end <= c.end);
      if (covered) continue;
      const dismissal = dismissals.find((d) => d.source === passage.source && d.offset === start && d.text === m.text);
      if (dismissal) {
        used.add(dismissal);
        coverage.dismissed++;
      } else coverage.uncovered.push({ source: passage.source, passage: passage.id, kind: m.kind, text: m.text, offset: start });
    }
  }
  // A dismissal of a mention a fact now cites is harmless; one that names no mention at all is stale.
  for (const d of dismissals) {
    if (used.has(d)) continue;
    const passages = kase.passages.filter((p) => p.source === d.source);
    if (!passages.some((p) => coverageMentions(p).some((m) => m.offset === d.offset && m.text === d.text))) coverage.stale.push(d);
  }
  return coverage;
}
