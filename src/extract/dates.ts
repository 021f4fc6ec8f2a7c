/**
 * Date expressions in article text, each with its qualifier and precision. `chrono-node` reads month and day
 * forms ("August 2013", "April 2, 2024", "on Tuesday"); it does not read bare years ("in 2017") or the
 * qualifiers that change what a date means ("by 2015" is an upper bound, "until April 2019" an end), so the
 * project's own rules cover those. A relative day ("on Tuesday") is resolved against the article's
 * publication date only when that is known; otherwise it is kept, unresolved, for the reviewer.
 */
import * as chrono from 'chrono-node';

export type Qualifier = 'in' | 'by' | 'until';
export type Precision = 'year' | 'month' | 'day';

export interface DateMention {
  /** Offsets in the text given to `findDates` (plus its base). The span includes the qualifier words. */
  start: number;
  end: number;
  text: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `null` when relative to an unknown article date. */
  date: string | null;
  precision: Precision | null;
  qualifier: Qualifier;
  /** True for "on Tuesday", "yesterday": meaningful only against the article's date. */
  relative: boolean;
  /** Why the reading is what it is, for the reviewer. */
  note: string;
}

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const YEAR = /\b(?:19|20)\d{2}\b/g;
const DATE_WORDS = new RegExp(`\\b(?:${MONTH}|${WEEKDAY}|yesterday|today|last week)\\b|\\b(?:19|20)\\d{2}\\b`, 'i');

/** Words before a date that set its qualifier, longest first. `back in` and `as of` read as `in`. */
const QUALIFIERS: [RegExp, Qualifier][] = [
  [/\b(back in|as of|since|during|in|on|from)\s+$/i, 'in'],
  [/\b(by|before|no later than)\s+$/i, 'by'],
  [/\b(until|till|through|up to)\s+$/i, 'until'],
];

const pad = (n: number) => String(n).padStart(2, '0');

function qualifierBefore(text: string, start: number): { qualifier: Qualifier; words: string } | undefined {
  const before = text.slice(Math.max(0, start - 20), start);
  for (const [pattern, qualifier] of QUALIFIERS) {
    const m = pattern.exec(before);
    if (m) return { qualifier, words: m[0] };
  }
  return undefined;
}

/** The most recent `weekday` (0 = Sunday) on or before `day`, as YYYY-MM-DD (UTC). */
function weekdayOnOrBefore(day: Date, weekday: number): string {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() - 1);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Publication date `YYYY-MM-DD` (only a full date anchors relative days) or null. */
function anchorOf(published: string | null): Date | null {
  return published && /^\d{4}-\d{2}-\d{2}$/.test(published) ? new Date(`${published}T12:00:00Z`) : null;
}

/**
 * Every date expression in `text`. `published` is the article's date as known (`YYYY`, `YYYY-MM`,
 * `YYYY-MM-DD` or null); `base` is added to every offset; `previous` is the last date of earlier passages,
 * which "at that time" may refer back to.
 */
export function findDates(text: string, published: string | null, base = 0, previous: DateMention | null = null): DateMention[] {
  const anchor = anchorOf(published);
  const found: DateMention[] = [];
  // chrono needs a reference instant; with no known date, relative results are discarded below anyway.
  const reference = anchor ?? new Date('2000-01-01T12:00:00Z');
  for (const result of chrono.parse(text, reference)) {
    const raw = result.text.replace(/[\s,.;:]+$/, '');
    if (!DATE_WORDS.test(raw)) continue; // "for two years" is a duration, not a date
    let start = result.index;
    let core = raw;
    // chrono keeps a leading "on"/"in": the qualifier rule below owns those words.
    const lead = /^(?:on|in|at|by|until|since)\s+/i.exec(core);
    if (lead) {
      start += lead[0].length;
      core = core.slice(lead[0].length);
    }
    const s = result.start;
    const hasYear = /\b(?:19|20)\d{2}\b/.test(core);
    let date: string | null;
    let precision: Precision | null;
    let relative = false;
    let note: string;
    if (hasYear) {
      const year = s.get('year');
      const month = s.isCertain('month') ? s.get('month') : null;
      const day = s.isCertain('day') ? s.get('day') : null;
      if (year == null) continue;
      date = month == null ? String(year) : day == null ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
      precision = month == null ? 'year' : day == null ? 'month' : 'day';
      note = `${precision} precision, as written`;
    } else {
      relative = true;
      const weekday = s.isCertain('weekday') ? s.get('weekday') : null;
      if (!anchor) {
        date = null;
        precision = null;
        note = 'relative to the article\'s date, which is not known: left unresolved';
      } else if (weekday != null) {
        date = weekdayOnOrBefore(anchor, weekday);
        precision = 'day';
        note = `the ${core} on or before the article's date ${published}`;
      } else {
        const d = s.date();
        date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
        precision = 'day';
        note = `relative to the article's date ${published}`;
      }
    }
    const q = qualifierBefore(text, start);
    const spanStart = q ? start - q.words.length : start;
    found.push({ start: base + spanStart, end: base + start + core.length, text: text.slice(spanStart, start + core.length), date, precision, qualifier: q?.qualifier ?? 'in', relative, note });
  }
  // Bare years chrono does not read.
  for (const m of text.matchAll(YEAR)) {
    const at = m.index ?? 0;
    if (found.some((f) => f.start - base <= at && at < f.end - base)) continue;
    const q = qualifierBefore(text, at);
    const spanStart = q ? at - q.words.length : at;
    found.push({
      start: base + spanStart,
      end: base + at + 4,
      text: text.slice(spanStart, at + 4),
      date: m[0],
      precision: 'year',
      qualifier: q?.qualifier ?? 'in',
      relative: false,
      note: q ? `year precision; "${q.words.trim()}" reads as ${q.qualifier}` : 'a bare year, no qualifier',
    });
  }
  found.sort((a, b) => a.start - b.start);
  // "At that time" refers back to the last date the article gave, here or in an earlier passage.
  for (const m of text.matchAll(/\b(?:at that time|at the time|back then)\b/gi)) {
    const at = base + (m.index ?? 0);
    const before = [...found].reverse().find((f) => f.end <= at && f.date && !f.relative) ?? previous;
    if (!before?.date) {
      found.push({ start: at, end: at + m[0].length, text: m[0], date: null, precision: null, qualifier: 'in', relative: true, note: 'refers back to a date this passage and the one before do not give: left unresolved' });
      continue;
    }
    found.push({ start: at, end: at + m[0].length, text: m[0], date: before.date, precision: before.precision, qualifier: 'in', relative: true, note: `refers back to "${before.text}"` });
  }
  return found.sort((a, b) => a.start - b.start);
}
