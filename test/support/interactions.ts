/**
 * Builders for Discord interaction JSON as the gateway or the HTTP endpoint delivers it, and the checks
 * every reply must pass (limits, mention safety, quotes traceable to their articles).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  type APIEmbed,
  type APIInteraction,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import { expect } from 'vitest';
import type { Case } from '../../src/corpus/case.js';
import { unescapeArticleText } from '../../src/core/escape.js';

let counter = 0;
const snowflake = () => String(1100000000000000000n + BigInt(++counter));

export const PIN_MESSAGES = 1n << 51n;

interface Where {
  /** Guild member permissions (decimal string); omitted means a DM. */
  permissions?: string;
  /** The bot's permissions in the channel. */
  appPermissions?: string;
}

function envelope(type: InteractionType, data: unknown, where: Where = {}): APIInteraction {
  const user = { id: '1200000000000000001', username: 'tester', discriminator: '0', global_name: 'Tester', avatar: null };
  const place =
    where.permissions !== undefined
      ? { guild_id: '1300000000000000001', member: { user, roles: [], permissions: where.permissions, joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } }
      : { user };
  return {
    id: snowflake(),
    application_id: '1400000000000000001',
    type,
    data,
    token: `token-${counter}`,
    version: 1,
    channel_id: '1500000000000000001',
    app_permissions: where.appPermissions ?? '0',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    ...place,
  } as unknown as APIInteraction;
}

type Value = string | number | boolean;

function typeOf(value: Value): ApplicationCommandOptionType {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

export function slash(name: string, options: Record<string, Value> = {}, where: Where = {}): APIInteraction {
  const list = Object.entries(options).map(([n, value]) => ({ name: n, type: typeOf(value), value }));
  return envelope(InteractionType.ApplicationCommand, { id: snowflake(), name, type: ApplicationCommandType.ChatInput, ...(list.length ? { options: list } : {}) }, where);
}

export function autocomplete(name: string, focused: string, typed: string, others: Record<string, Value> = {}): APIInteraction {
  const list = [
    ...Object.entries(others).map(([n, value]) => ({ name: n, type: typeOf(value), value })),
    { name: focused, type: ApplicationCommandOptionType.String, value: typed, focused: true },
  ];
  return envelope(InteractionType.ApplicationCommandAutocomplete, { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options: list });
}

export function button(customId: string): APIInteraction {
  return envelope(InteractionType.MessageComponent, { custom_id: customId, component_type: 2 });
}

export function messageCommand(content: string): APIInteraction {
  const target = snowflake();
  return envelope(InteractionType.ApplicationCommand, {
    id: snowflake(),
    name: 'Check against sources',
    type: ApplicationCommandType.Message,
    target_id: target,
    resolved: { messages: { [target]: { id: target, channel_id: '1500000000000000001', content, author: { id: '1', username: 'x' }, embeds: [], attachments: [] } } },
  });
}

export const embedsOf = (r: APIInteractionResponse): APIEmbed[] => ('data' in r && r.data && 'embeds' in r.data ? (r.data.embeds ?? []) : []);
export const contentOf = (r: APIInteractionResponse): string => ('data' in r && r.data && 'content' in r.data ? (r.data.content ?? '') : '');
export const flagsOf = (r: APIInteractionResponse): number => ('data' in r && r.data && 'flags' in r.data ? Number(r.data.flags ?? 0) : 0);
export const isEphemeralReply = (r: APIInteractionResponse) => (flagsOf(r) & 64) !== 0;

/** The custom_ids of the reply's enabled buttons (a disabled button cannot be pressed). */
export function customIds(r: APIInteractionResponse): string[] {
  const rows = 'data' in r && r.data && 'components' in r.data ? (r.data.components ?? []) : [];
  return rows
    .flatMap((row) => ('components' in row ? row.components : []))
    .flatMap((c) => ('custom_id' in c && typeof c.custom_id === 'string' && !('disabled' in c && c.disabled) ? [c.custom_id] : []));
}

/** Every string a reply would show. */
export function shownStrings(r: APIInteractionResponse): string[] {
  const out: string[] = [contentOf(r)];
  for (const e of embedsOf(r)) out.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]));
  const rows = 'data' in r && r.data && 'components' in r.data ? (r.data.components ?? []) : [];
  for (const row of rows) for (const c of 'components' in row ? row.components : []) if ('label' in c && c.label) out.push(c.label);
  if ('data' in r && r.data && 'choices' in r.data) for (const c of r.data.choices ?? []) out.push(c.name, String(c.value));
  return out.filter(Boolean);
}

/** Discord's limits and mention safety; fails the test with the broken rule. */
export function expectDiscordSafe(r: APIInteractionResponse): void {
  expect([1, 4, 5, 6, 7, 8]).toContain(r.type);
  if (r.type === 8) {
    const choices = r.data.choices ?? [];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    return;
  }
  if (r.type !== 4 && r.type !== 7) return;
  const data = r.data;
  expect(data.allowed_mentions).toEqual({ parse: [] });
  expect((data.content ?? '').length).toBeLessThanOrEqual(2000);
  const embeds = data.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(256);
    expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(2048);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows = data.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) {
    const components = 'components' in row ? row.components : [];
    expect(components.length).toBeLessThanOrEqual(5);
    for (const c of components) {
      if ('custom_id' in c && typeof c.custom_id === 'string') expect(c.custom_id.length).toBeLessThanOrEqual(100);
      if ('label' in c && typeof c.label === 'string') expect(c.label.length).toBeLessThanOrEqual(80);
    }
  }
  for (const text of shownStrings(r)) {
    // No live mention syntax and no invisible or direction-changing characters from user input.
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@[!&]?\d+>|<#\d+>/);
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\uFEFF]/);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
}

/**
 * Every quote a reply shows (text in curly double quotes: “…”, reserved for source words) is found
 * verbatim in an article; a quote block (`> “…”` followed by an attribution naming `NNN#pK`) is found
 * in exactly that paragraph. Returns how many quotes were checked.
 */
export function expectQuotesVerbatim(kase: Case, r: APIInteractionResponse): number {
  let checked = 0;
  for (const text of shownStrings(r)) {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const open = line.indexOf('“');
      const close = line.lastIndexOf('”');
      if (open === -1 || close <= open) return;
      const quote = unescapeArticleText(line.slice(open + 1, close));
      const ref = /`(\d{3})#p(\d+)`/.exec(lines[i + 1] ?? '') ?? /`(\d{3})#p(\d+)`/.exec(line);
      if (line.startsWith('> “') && ref) {
        const passage = kase.passages.find((p) => p.id === `${ref[1]}#p${ref[2]}`);
        expect(passage, `passage ${ref[0]} exists`).toBeDefined();
        expect(passage?.text, `quote in ${ref[0]}`).toContain(quote);
      } else {
        const found = kase.passages.some((p) => p.text.includes(quote));
        expect(found, `quote found in some article: ${quote.slice(0, 80)}`).toBe(true);
      }
      checked++;
    });
  }
  return checked;
}
