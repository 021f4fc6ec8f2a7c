/**
 * The one custom_id encoder/decoder. A custom_id is `command|action|arg|…`: the first part routes the press
 * (a command name, or `item` for the actions every item has), the rest is the state the reply needs, since the
 * bot keeps none between interactions. Discord allows 100 characters; only the last argument is shortened.
 */
import { LIMITS } from './format.js';

/** The route for actions on one item (a fact, passage, disagreement or source), whatever command showed it. */
export const ITEM_ROUTE = 'item';

export interface DecodedId {
  /** A command name, or `item`. */
  route: string;
  action: string;
  args: string[];
}

const SEPARATOR = '|';

/** Builds a custom_id; a separator inside a part becomes a space, and the last part is cut to fit. */
export function encodeId(route: string, action: string, ...args: string[]): string {
  const parts = [route, action, ...args].map((p) => p.split(SEPARATOR).join(' '));
  const id = parts.join(SEPARATOR);
  if (id.length <= LIMITS.customId) return id;
  const head = parts.slice(0, -1).join(SEPARATOR) + SEPARATOR;
  return head + (parts[parts.length - 1] ?? '').slice(0, Math.max(0, LIMITS.customId - head.length));
}

/**
 * Splits a custom_id (anything, from anyone) into its route, action and arguments; never throws. One longer than
 * Discord allows was not made by us (a forged request): it routes nowhere, so no handler works on oversized state.
 */
export function decodeId(id: unknown): DecodedId {
  if (typeof id !== 'string' || id.length > LIMITS.customId) return { route: '', action: '', args: [] };
  const [route = '', action = '', ...args] = id.split(SEPARATOR);
  return { route, action, args };
}

/** True when `encodeId` had to shorten the last part (so it no longer holds all of it). */
export function wasShortened(route: string, action: string, ...args: string[]): boolean {
  return [route, action, ...args].join(SEPARATOR).length > LIMITS.customId;
}
