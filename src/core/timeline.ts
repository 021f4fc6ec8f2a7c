/**
 * The timeline: dated events in order, each quoted from one source with the others named, filtered by
 * an inclusive year or year-month range and optionally ranked to a topic. The same renderer makes the
 * pinned moderator post, whose digest tells a transport when the pinned copy is out of date.
 */
import { createHash } from 'node:crypto';
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Case, ResolvedFact } from '../corpus/case.js';
import type { Bot } from './bot.js';
import { escapeUserText } from './escape.js';
import { attribution, clip, COLORS, formatDate, leadCitation, LIMITS, NO_MENTIONS, PAGE, sourceName } from './format.js';
import { UserInputError } from './respond.js';
import { factsOfKind, rankByTopic } from './topics.js';
import type { OptionValue } from './types.js';
import { escapeArticleText } from './escape.js';

export type EventFact = Extract<ResolvedFact, { kind: 'event' }>;

export interface TimelineOptions {
  from?: string;
  to?: string;
  topic?: string;
}

/** Reads the timeline's own options from a command's option bag. */
export function timelineOptions(options: Record<string, OptionValue>): TimelineOptions {
  const out: TimelineOptions = {};
  for (const key of ['from', 'to', 'topic'] as const) {
    const value = options[key];
    if (typeof value === 'string' && value.trim()) out[key] = value.trim();
  }
  return out;
}

const BOUND = /^(\d{4})(?:[-/.](\d{1,2}))?$/;

/** "2015" or "2015-06" → the first or last day it covers, as YYYY-MM-DD. */
export function parseBound(value: string, edge: 'from' | 'to'): string {
  const match = BOUND.exec(value.trim());
  const month = match?.[2] ? Number(match[2]) : undefined;
  if (!match || (month !== undefined && (month < 1 || month > 12))) {
    throw new UserInputError(`\`${edge}\` takes a year or a year-month, like \`2015\` or \`2018-05\`; got ${escapeUserText(value, 40)}.`);
  }
  const year = match[1] as string;
  const mm = month === undefined ? (edge === 'from' ? '01' : '12') : String(month).padStart(2, '0');
  return `${year}-${mm}-${edge === 'from' ? '01' : '31'}`;
}

/** The days an event's date covers: "2018" spans the whole year, "2018-05" the month. */
function eventSpan(date: string): [string, string] {
  const [year, month, day] = date.split('-');
  if (day) return [date, date];
  if (month) return [`${year}-${month}-01`, `${year}-${month}-31`];
  return [`${year}-01-01`, `${year}-12-31`];
}

/** Events in date order (a year sorts before its months), filtered by range and topic. */
export function selectEvents(bot: Bot, options: TimelineOptions): EventFact[] {
  const from = options.from ? parseBound(options.from, 'from') : '0000-00-00';
  const to = options.to ? parseBound(options.to, 'to') : '9999-99-99';
  if (from > to) throw new UserInputError('`from` is after `to`: swap them, or leave one out.');
  let events = factsOfKind(bot, 'event') as EventFact[];
  if (options.topic) events = rankByTopic(bot, events, options.topic) as EventFact[];
  return events
    .filter((e) => {
      const [start, end] = eventSpan(e.date);
      return end >= from && start <= to;
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

export function eventField(kase: Case, event: EventFact): APIEmbedField {
  const lead = leadCitation(event);
  const others = event.citations.filter((c) => c !== lead).map((c) => `${sourceName(kase.articles.get(c.source), c.source)} \`${c.passage}\``);
  const lines = [`> “${escapeArticleText(lead.text)}”`, attribution(kase, lead.source, lead.passage)];
  if (others.length) lines.push(`Also in: ${others.join(', ')}`);
  if (event.disagreements.length) lines.push(`⚠️ Sources disagree on this: see \`/sources\` (${event.disagreements.join(', ')})`);
  return { name: clip(`${formatDate(event.date, event.qualifier)}: ${event.summary}`, LIMITS.fieldName), value: lines.join('\n') };
}

/** Groups event fields into pages, each one embed within the field count and character budget. */
export function timelinePages(kase: Case, events: EventFact[], title: string): APIEmbed[] {
  const pages: APIEmbed[] = [];
  let fields: APIEmbedField[] = [];
  let used = title.length;
  for (const event of events) {
    const field = eventField(kase, event);
    const size = field.name.length + field.value.length;
    if (fields.length && (fields.length >= LIMITS.fields || used + size > PAGE.chars)) {
      pages.push({ title, color: COLORS.event, fields });
      fields = [];
      used = title.length;
    }
    fields.push(field);
    used += size;
  }
  if (fields.length) pages.push({ title, color: COLORS.event, fields });
  return pages.map((page, i) => ({ ...page, footer: { text: `Events ${i + 1}/${pages.length} · dates as the sources give them (year, month or day)` } }));
}

export function describeRange(options: TimelineOptions): string {
  const parts: string[] = [];
  if (options.from) parts.push(`from ${escapeUserText(options.from, 20)}`);
  if (options.to) parts.push(`to ${escapeUserText(options.to, 20)}`);
  if (options.topic) parts.push(`about ${escapeUserText(options.topic, 60)}`);
  return parts.join(' ');
}

export interface PinnedEntry {
  id: string;
  hash: string;
}

export interface PinnedTimeline {
  message: { content: string; embeds: APIEmbed[]; allowed_mentions: typeof NO_MENTIONS };
  digest: string;
  entries: PinnedEntry[];
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The moderator's pinned post: the first page of the timeline (a pinned message has no pager), with a
 * note when events did not fit. `digest` changes whenever what the post would show changes.
 */
export function renderPinnedTimeline(bot: Bot, options: Record<string, OptionValue> | TimelineOptions): PinnedTimeline {
  const opts = timelineOptions(options as Record<string, OptionValue>);
  const events = selectEvents(bot, opts);
  const range = describeRange(opts);
  const pages = timelinePages(bot.case, events, clip(`Timeline: the Meta/Netflix "Inbox API" story${range ? ` (${range})` : ''}`, LIMITS.title));
  const first = pages[0];
  const shown = first?.fields?.length ?? 0;
  const more = events.length - shown;
  const content = [
    `📌 **Timeline** (${events.length} dated events, each quoted from the source articles). Pinned by a moderator; it is edited when the sources change.`,
    more > 0 ? `${more} more event(s) did not fit in one message: run \`/timeline\`${range ? ` ${range}` : ''} to page through all of them.` : '',
    events.length === 0 ? 'No dated events in my sources match this range.' : '',
  ]
    .filter(Boolean)
    .join('\n');
  const message = { content, embeds: first ? [first] : [], allowed_mentions: NO_MENTIONS };
  const entries = events.slice(0, shown).map((e) => {
    const field = eventField(bot.case, e);
    return { id: e.id, hash: sha(field.name + '\n' + field.value) };
  });
  return { message, digest: sha(JSON.stringify(message)), entries };
}

/** "1 event added, 1 event changed" — what a moderator sees on an edited pinned post. */
export function describeTimelineChanges(before: readonly PinnedEntry[], after: readonly PinnedEntry[]): string {
  const old = new Map(before.map((e) => [e.id, e.hash]));
  const now = new Map(after.map((e) => [e.id, e.hash]));
  const added = after.filter((e) => !old.has(e.id)).map((e) => e.id);
  const removed = before.filter((e) => !now.has(e.id)).map((e) => e.id);
  const changed = after.filter((e) => old.has(e.id) && old.get(e.id) !== e.hash).map((e) => e.id);
  const parts: string[] = [];
  const list = (ids: string[]) => (ids.length <= 3 ? ` (${ids.join(', ')})` : '');
  if (added.length) parts.push(`${added.length} event(s) added${list(added)}`);
  if (changed.length) parts.push(`${changed.length} event(s) corrected${list(changed)}`);
  if (removed.length) parts.push(`${removed.length} event(s) removed${list(removed)}`);
  return parts.length ? parts.join(', ') : 'wording or sources refreshed';
}
