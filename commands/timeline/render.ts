/**
 * The timeline: dated events in order, a line each (date · what happened, in our words · the passage it is
 * quoted from · corroboration), filtered by an inclusive year or year-month range and optionally ranked to a
 * topic; a menu opens one event with its quotes. The case's whole timeline fits one message, so the same
 * renderer makes the moderator's pinned post (the whole story at a glance), whose digest tells a transport when
 * the pinned copy is out of date.
 */
import { createHash } from 'node:crypto';
import { ComponentType, type APIEmbed, type APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { Case, ResolvedFact } from '../../src/corpus/case.js';
import type { SourceId } from '../../src/corpus/schema.js';
import { encodeId, ITEM_ROUTE } from '../../src/core/custom-id.js';
import { escapeUserText } from '../../src/core/escape.js';
import { BUDGET, clip, COLORS, formatDate, leadCitation, legend, LIMITS, NO_MENTIONS, tag } from '../../src/core/format.js';
import { factStatus, type Row } from '../../src/core/items.js';
import { clampPage, pagerRow } from '../../src/core/pager.js';
import { UserInputError } from '../../src/core/respond.js';
import { factsOfKind, rankByTopic } from '../../src/core/topics.js';
import type { Bot, OptionValue } from '../../src/core/types.js';

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

/** One line for an event; `sources` collects the articles its tag points into, for the legend. */
export function eventLine(kase: Case, event: EventFact, sources?: Set<SourceId>): string {
  const lead = leadCitation(event);
  sources?.add(lead.source);
  // Corroboration is in the event's own view (the menu); the line keeps only a warning where sources differ.
  const differ = event.disagreements.length ? ' · ⚠️ sources differ' : '';
  return `**${formatDate(event.date, event.qualifier)}** · ${clip(event.summary, 100)} ${tag(lead.passage)}${differ}`;
}

/** Events split into pages whose lines stay within `budget` characters (and a menu's 25 options). */
export function timelinePages(kase: Case, events: readonly EventFact[], budget: number): EventFact[][] {
  const pages: EventFact[][] = [];
  let page: EventFact[] = [];
  let used = 0;
  for (const event of events) {
    const size = eventLine(kase, event).length + 1;
    if (page.length && (page.length >= LIMITS.selectOptions || used + size > budget)) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(event);
    used += size;
  }
  if (page.length) pages.push(page);
  return pages.length ? pages : [[]];
}

/** Room left for the lines once the header, legend and footer are counted. */
const LINES_BUDGET = { reply: BUDGET.firstReply - 320, pinned: LIMITS.description - 400 } as const;

/** A page of the timeline as one embed, its menu and the pager. */
export function timelineData(bot: Bot, options: TimelineOptions, page: number, budget: number = LINES_BUDGET.reply): APIInteractionResponseCallbackData {
  const events = selectEvents(bot, options);
  const range = describeRange(options);
  const pages = timelinePages(bot.case, events, budget);
  const index = clampPage(page, pages.length);
  const shown = pages[index - 1] ?? [];
  const sources = new Set<SourceId>();
  const lines = shown.map((e) => eventLine(bot.case, e, sources));
  const embed: APIEmbed = {
    title: clip(`Timeline${range ? ` ${range}` : ''}: ${events.length} dated events, oldest first`, BUDGET.title),
    color: COLORS.event,
    description: [...lines, '', legend(bot.case, sources)].join('\n'),
    footer: { text: 'Dates as the sources give them. Pick an event below for its quotes.' },
  };
  const rows: Row[] = [];
  if (shown.length) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: encodeId(ITEM_ROUTE, 'open', 'timeline', String(index)),
          placeholder: 'Open an event: its quotes and sources',
          options: shown.map((e) => ({ label: clip(`${formatDate(e.date, e.qualifier)}: ${e.summary}`, LIMITS.selectText), value: e.id, description: clip(factStatus(bot.case, e), LIMITS.selectText) })),
        },
      ],
    });
  }
  rows.push(...pagerRow('timeline', index, pages.length, options.from ?? '', options.to ?? '', options.topic ?? ''));
  const counter = pages.length > 1 ? ` (page ${index} of ${pages.length})` : '';
  return { ...(counter ? { content: `Oldest first${counter}` } : {}), embeds: [embed], components: rows };
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
  message: { content: string; embeds: APIEmbed[]; components: Row[]; allowed_mentions: typeof NO_MENTIONS };
  digest: string;
  entries: PinnedEntry[];
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The moderator's pinned post: the whole timeline in one message (a pinned post has no pager; events beyond one
 * message are counted), with its menu, which works for anyone who opens the pin. `digest` changes whenever
 * what the post would show changes.
 */
export function renderPinnedTimeline(bot: Bot, options: Record<string, OptionValue> | TimelineOptions): PinnedTimeline {
  const opts = timelineOptions(options as Record<string, OptionValue>);
  const events = selectEvents(bot, opts);
  const range = describeRange(opts);
  const data = timelineData(bot, opts, 1, LINES_BUDGET.pinned);
  const shown = timelinePages(bot.case, events, LINES_BUDGET.pinned)[0] ?? [];
  const more = events.length - shown.length;
  const content = [
    `📌 **Timeline** (${events.length} dated events, each from the source articles). Pinned by a moderator; it is edited when the sources change.`,
    more > 0 ? `${more} more event(s) did not fit in one message: run \`/timeline\`${range ? ` ${range}` : ''} to page through all of them.` : '',
    events.length === 0 ? 'No dated events in my sources match this range.' : '',
  ]
    .filter(Boolean)
    .join('\n');
  // The pager would page for everyone; the pinned post keeps only the menu.
  const components = (data.components ?? []).filter((row) => (row as Row).components.some((c) => c.type === ComponentType.StringSelect)) as Row[];
  const message = { content, embeds: data.embeds ?? [], components, allowed_mentions: NO_MENTIONS };
  const entries = shown.map((e) => ({ id: e.id, hash: sha(eventLine(bot.case, e) + '\n' + e.citations.map((c) => c.text).join('\n')) }));
  return { message, digest: sha(JSON.stringify(message)), entries };
}

/**
 * "1 event(s) added, 1 event(s) corrected" — the line a pinned post gets when it is edited. Events are named by
 * `label` (e.g. their date and summary) when given; fact ids are never shown in a public post.
 */
export function describeTimelineChanges(before: readonly PinnedEntry[], after: readonly PinnedEntry[], label?: (id: string) => string | undefined): string {
  const old = new Map(before.map((e) => [e.id, e.hash]));
  const now = new Map(after.map((e) => [e.id, e.hash]));
  const added = after.filter((e) => !old.has(e.id)).map((e) => e.id);
  const removed = before.filter((e) => !now.has(e.id)).map((e) => e.id);
  const changed = after.filter((e) => old.has(e.id) && old.get(e.id) !== e.hash).map((e) => e.id);
  const parts: string[] = [];
  const list = (ids: string[]) => {
    const names = label ? ids.map(label).filter((n): n is string => !!n) : [];
    return names.length && names.length === ids.length && ids.length <= 3 ? ` (${names.join('; ')})` : '';
  };
  if (added.length) parts.push(`${added.length} event(s) added${list(added)}`);
  if (changed.length) parts.push(`${changed.length} event(s) corrected${list(changed)}`);
  if (removed.length) parts.push(`${removed.length} event(s) removed${list(removed)}`);
  return parts.length ? parts.join(', ') : 'wording or sources refreshed';
}

/** How a pinned post names an event in its change line: its date and a short summary, as the timeline does. */
export function eventLabel(bot: Bot, id: string): string | undefined {
  const event = bot.case.factById.get(id);
  return event?.kind === 'event' ? `${formatDate(event.date, event.qualifier)}: ${clip(event.summary, 60)}` : undefined;
}
