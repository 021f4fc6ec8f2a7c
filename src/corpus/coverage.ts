/**
 * Coverage of the articles by the facts: every dollar amount and every year or month-year expression in
 * article text (furniture excluded) must fall inside some fact's citation. Otherwise the facts only cover
 * the famous parts of the story.
 */
import type { Case, ResolvedCitation } from './case.js';

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
}

export function scanCoverage(kase: Case): Coverage {
  const spans: ResolvedCitation[] = [
    ...kase.facts.flatMap((f) => f.citations),
    ...kase.disagreements.flatMap((d) => d.sides),
  ];
  const coverage: Coverage = { amounts: 0, dates: 0, uncovered: [] };
  for (const passage of kase.passages) {
    for (const [kind, pattern] of [['amount', DOLLARS], ['date', DATES]] as const) {
      for (const match of passage.text.matchAll(pattern)) {
        const start = passage.start + (match.index ?? 0);
        const end = start + match[0].length;
        if (kind === 'amount') coverage.amounts++;
        else coverage.dates++;
        const covered = spans.some((c) => c.source === passage.source && c.start <= start && end <= c.end);
        if (!covered) coverage.uncovered.push({ source: passage.source, passage: passage.id, kind, text: match[0], offset: start });
      }
    }
  }
  return coverage;
}
