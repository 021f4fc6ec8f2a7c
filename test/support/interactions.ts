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

const PRESSER = '1200000000000000001';

export interface Press {
  /** The pressed message answered the presser (`true`) or someone else (`false`); omitted: no message known. */
  asker?: boolean;
  /** A select menu's chosen values (a string select, component type 3). */
  values?: string[];
}

/** A button press or a menu choice; with `asker`, on a message Discord says answered that user (or another). */
export function button(customId: string, press: Press = {}): APIInteraction {
  const data = press.values ? { custom_id: customId, component_type: 3, values: press.values } : { custom_id: customId, component_type: 2 };
  const interaction = envelope(InteractionType.MessageComponent, data) as unknown as Record<string, unknown>;
  if (press.asker !== undefined) {
    const asker = press.asker ? PRESSER : '1200000000000000999';
    interaction.message = { id: snowflake(), channel_id: '1500000000000000001', flags: 0, interaction_metadata: { id: snowflake(), type: 2, user: { id: asker, username: 'asker' } } };
  }
  return interaction as unknown as APIInteraction;
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
  const components = rows.flatMap((row) => ('components' in row ? (row.components as unknown[]) : [])) as Array<{ custom_id?: unknown; disabled?: boolean }>;
  return components.flatMap((c) => (typeof c.custom_id === 'string' && !c.disabled ? [c.custom_id] : []));
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

/**
 * Discord's limits and mention safety: every rule `response` breaks, in words (empty when it breaks none).
 * Plain code rather than one `expect` per rule, so the fuzz suite can afford it on every generated reply.
 */
export function discordSafetyProblems(r: APIInteractionResponse): string[] {
  const problems: string[] = [];
  const rule = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  rule([1, 4, 5, 6, 7, 8].includes(r.type), `response type ${r.type} is not one Discord accepts`);
  if (r.type === 8) {
    const choices = r.data.choices ?? [];
    rule(choices.length <= 25, `${choices.length} autocomplete choices, over 25`);
    for (const c of choices) {
      rule(c.name.length > 0, 'an autocomplete choice has an empty name');
      rule(c.name.length <= 100, `an autocomplete choice name is ${c.name.length} characters, over 100`);
      rule(String(c.value).length <= 100, `an autocomplete choice value is ${String(c.value).length} characters, over 100`);
    }
    return problems;
  }
  if (r.type !== 4 && r.type !== 7) return problems;
  const data = r.data ?? {};
  rule(JSON.stringify(data.allowed_mentions) === JSON.stringify({ parse: [] }), `allowed_mentions is ${JSON.stringify(data.allowed_mentions)}, not { parse: [] }`);
  rule((data.content ?? '').length <= 2000, `content is ${(data.content ?? '').length} characters, over 2000`);
  const embeds = data.embeds ?? [];
  rule(embeds.length <= 10, `${embeds.length} embeds, over 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    rule((e.title ?? '').length <= 256, `embed ${i} title over 256`);
    rule((e.description ?? '').length <= 4096, `embed ${i} description over 4096`);
    rule((e.footer?.text ?? '').length <= 2048, `embed ${i} footer over 2048`);
    rule((e.fields ?? []).length <= 25, `embed ${i} has over 25 fields`);
    for (const f of e.fields ?? []) {
      rule(f.name.length > 0, `embed ${i} has a field with an empty name`);
      rule(f.name.length <= 256, `embed ${i} has a field name over 256`);
      rule(f.value.length > 0, `embed ${i} has a field with an empty value`);
      rule(f.value.length <= 1024, `embed ${i} has a field value over 1024`);
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  });
  rule(total <= 6000, `embeds total ${total} characters, over 6000`);
  const rows = data.components ?? [];
  rule(rows.length <= 5, `${rows.length} action rows, over 5`);
  for (const row of rows) {
    const components = 'components' in row ? row.components : [];
    rule(components.length <= 5, `a row has ${components.length} components, over 5`);
    for (const c of components) {
      if ('custom_id' in c && typeof c.custom_id === 'string') rule(c.custom_id.length <= 100, `custom_id ${c.custom_id.length} characters, over 100`);
      if ('label' in c && typeof c.label === 'string') rule(c.label.length <= 80, `button label ${c.label.length} characters, over 80`);
    }
  }
  for (const text of shownStrings(r)) {
    // No live mention syntax and no invisible or direction-changing characters from user input.
    const shown = JSON.stringify(text.slice(0, 120));
    rule(!/@(everyone|here)/.test(text), `live @everyone/@here in ${shown}`);
    rule(!/<@[!&]?\d+>|<#\d+>/.test(text), `live user, role or channel mention in ${shown}`);
    rule(!/[\u202A-\u202E\u2066-\u2069\u200E\u200F\uFEFF]/.test(text), `direction-changing or invisible character in ${shown}`);
    rule(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text), `lone surrogate in ${shown}`);
  }
  return problems;
}

/** Discord's limits and mention safety; fails the test naming every broken rule. */
export function expectDiscordSafe(r: APIInteractionResponse): void {
  expect(discordSafetyProblems(r)).toEqual([]);
}

/**
 * Every quote a reply shows (text in curly double quotes: “…”, reserved for source words) is found
 * verbatim in an article; a quote block (`> “…”` tagged `NNN#pK` after it) is found in exactly that
 * paragraph. Returns how many quotes were checked.
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
      // The tag follows the quote on its line (or, in older layouts, starts the next line).
      const ref = /`(\d{3})#p(\d+)`/.exec(line.slice(close)) ?? /`(\d{3})#p(\d+)`/.exec(lines[i + 1] ?? '');
      if (line.startsWith('> “') && ref) {
        const passage = kase.passages.find((p) => p.id === `${ref[1]}#p${ref[2]}`);
        expect(passage, `passage ${ref[0]} exists`).toBeDefined();
        expect(passage?.text, `quote in ${ref[0]}`).toContain(quote);
      } else if (/\(its page, line \d+\)/.test(line.slice(close))) {
        // A byline, quoted from the page furniture of the article its line names: that line holds it.
        const number = Number(/line (\d+)\)/.exec(line.slice(close))?.[1]);
        const source = /`(\d{3})`/.exec(line)?.[1] ?? '';
        const article = kase.articles.get(source);
        const at = article?.lines.find((l) => l.number === number);
        expect(at?.furniture, `line ${number} of ${source} is page furniture`).toMatch(/^(byline|author-bio)$/);
        expect(article?.text.slice(at?.start ?? 0, at?.end ?? 0), `byline quote on line ${number} of ${source}`).toContain(quote);
      } else {
        const found = kase.passages.some((p) => p.text.includes(quote));
        expect(found, `quote found in some article: ${quote.slice(0, 80)}`).toBe(true);
      }
      checked++;
    });
  }
  return checked;
}
