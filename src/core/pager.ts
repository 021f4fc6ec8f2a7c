/**
 * The one pager. A page of a list is rendered the same way whoever asks for it; who sees it depends on who
 * pressed: the person the message answered gets the shared message edited, anyone else a copy of their own
 * (ephemeral), so paging never changes what other readers of a channel are looking at.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { encodeId } from './custom-id.js';
import { message } from './format.js';
import type { ComponentContext, Reply } from './types.js';

/** How a rendered reply goes out: a new public message, an edit of the pressed message, or a private copy. */
export type Delivery = 'public' | 'update' | 'private';

/** The delivery a component press is allowed. */
export const deliveryFor = (ctx: Pick<ComponentContext, 'mayUpdate'>): Delivery => (ctx.mayUpdate ? 'update' : 'private');

export function deliver(data: APIInteractionResponseCallbackData, how: Delivery): Reply {
  if (how === 'private') return message({ ...data, flags: (data.flags ?? 0) | MessageFlags.Ephemeral });
  return message(data, how === 'update');
}

/** A page number from a custom_id argument: 1 when missing or nonsense. */
export function pageArg(value: string | undefined): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1;
}

/** The page to show, within 1..pages. */
export const clampPage = (page: number, pages: number): number => Math.min(Math.max(1, page), Math.max(1, pages));

/** Splits a list into pages of `size`. */
export function pages<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

/**
 * The pager row ("◀ Previous · Page 2 of 4 · Next ▶"), or nothing for a single page. The page is the first
 * argument after the action, so `args` are the command's own state (a topic, a question).
 */
export function pagerRow(route: string, page: number, count: number, ...args: string[]): APIActionRowComponent<APIButtonComponent>[] {
  if (count <= 1) return [];
  const to = (n: number, label: string, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    // The position tells apart the two disabled ends (custom_ids in one message must differ).
    custom_id: disabled ? encodeId(route, 'noop', label) : encodeId(route, 'page', String(n), ...args),
    label,
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        to(page - 1, '◀ Previous', page <= 1),
        { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: encodeId(route, 'noop', 'count'), label: `Page ${page} of ${count}`, disabled: true },
        to(page + 1, 'Next ▶', page >= count),
      ],
    },
  ];
}
