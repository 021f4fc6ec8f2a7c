/**
 * Per-user cooldown: at most `limit` answered interactions per user in any `windowMs` (a sliding window), so
 * one person, or one script, cannot make the bot flood a channel or spend its REST rate limits for everyone.
 *
 * What counts: slash and context-menu commands, and button presses (each posts or edits a message).
 * What does not: autocomplete, which Discord sends on every keystroke while someone types one command; its
 * answer is a list of suggestions nobody else sees (it cannot post, ping or edit anything), and it has no way
 * to carry the "try again" note. Counting it would throttle a user for typing. PING never counts.
 *
 * Pure and synchronous: the clock is injected, nothing is scheduled. Memory is bounded: a user is forgotten
 * once their window has passed (swept as other users arrive), and past `maxUsers` tracked users the least
 * recently active are forgotten first.
 */
import { InteractionType, type APIInteraction } from 'discord-api-types/v10';
import { ephemeral } from './format.js';
import type { Reply } from './types.js';

export interface CooldownOptions {
  /** Interactions a user may have answered per window. 0 turns the cooldown off. Config: `COOLDOWN_LIMIT` (default 5). */
  limit: number;
  /** The window in milliseconds. Config: `COOLDOWN_WINDOW_SECONDS` (default 10 s). */
  windowMs: number;
  /** The clock, in milliseconds. Default `Date.now`; tests pass their own. */
  now?: () => number;
  /**
   * Most users tracked at once. Default 10,000 (a few hundred kB). Beyond it the least recently active user is
   * forgotten, and may start a fresh window early: a bound on memory under a flood of distinct ids matters more.
   */
  maxUsers?: number;
}

export type CooldownVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * What a transport needs from a cooldown: this process's own sliding window (`Cooldown`), or one shared by every
 * instance through the database (`src/state-postgres.ts`), which answers asynchronously.
 */
export interface CooldownGate {
  /** Interactions a user may have answered per window; 0 means off. */
  readonly limit: number;
  take(userId: string): CooldownVerdict | Promise<CooldownVerdict>;
}

export class Cooldown implements CooldownGate {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxUsers: number;
  readonly #now: () => number;
  /** User id → times of their answered interactions in the window, oldest first. Map order: least recently active first. */
  readonly #users = new Map<string, number[]>();

  constructor(options: CooldownOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 0) throw new RangeError(`cooldown: limit must be a whole number ≥ 0, got ${options.limit}`);
    if (!(options.windowMs > 0)) throw new RangeError(`cooldown: windowMs must be > 0, got ${options.windowMs}`);
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.maxUsers = options.maxUsers ?? 10_000;
    if (!Number.isInteger(this.maxUsers) || this.maxUsers < 1) throw new RangeError(`cooldown: maxUsers must be a whole number ≥ 1, got ${this.maxUsers}`);
    this.#now = options.now ?? Date.now;
  }

  /** Users currently tracked (for tests and metrics). */
  get size(): number {
    return this.#users.size;
  }

  /**
   * Records one interaction by `userId` if the user is under the limit. A refused attempt is not recorded, so
   * someone who keeps trying is let in again as soon as their oldest answered interaction leaves the window.
   */
  take(userId: string): CooldownVerdict {
    if (this.limit === 0) return { ok: true };
    const now = this.#now();
    const since = now - this.windowMs;
    this.#sweep(since);
    const times = (this.#users.get(userId) ?? []).filter((t) => t > since);
    if (times.length >= this.limit) {
      const oldest = times[0] as number;
      this.#users.set(userId, times);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    // Re-inserted so the map stays ordered by last activity: the sweep and the eviction read it from the front.
    this.#users.delete(userId);
    this.#users.set(userId, times);
    while (this.#users.size > this.maxUsers) this.#users.delete(this.#users.keys().next().value as string);
    return { ok: true };
  }

  /** Forgets users at the front (least recently active) whose every interaction has left the window. */
  #sweep(since: number): void {
    for (const [user, times] of this.#users) {
      if ((times.at(-1) ?? -Infinity) > since) return;
      this.#users.delete(user);
    }
  }
}

/** The user an interaction comes from: the member's user in a server, the user in a DM. */
export function interactionUserId(interaction: APIInteraction): string | undefined {
  const id = (interaction as { member?: { user?: { id?: unknown } }; user?: { id?: unknown } }).member?.user?.id ?? (interaction as { user?: { id?: unknown } }).user?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** Whether an interaction counts toward its user's cooldown (see the module comment for why). */
export function countsTowardCooldown(interaction: APIInteraction): boolean {
  return interaction.type === InteractionType.ApplicationCommand || interaction.type === InteractionType.MessageComponent || interaction.type === InteractionType.ModalSubmit;
}

/** The reply to an interaction over the limit: private, no pings. */
export function cooldownReply(retryAfterSeconds: number): Reply {
  return ephemeral(`You're going a bit fast: try again in ${retryAfterSeconds} s.`);
}

/**
 * Wraps a transport's answer function with the cooldown: the one place both transports (gateway and HTTP)
 * decide, so they refuse the same interactions with the same words. An interaction over the limit never
 * reaches `answer`; `onRefused` (the transport's log line) hears about it.
 */
export function withCooldown(
  cooldown: CooldownGate | undefined,
  answer: (interaction: APIInteraction) => Reply | Promise<Reply>,
  onRefused?: (interaction: APIInteraction, retryAfterSeconds: number) => void,
): (interaction: APIInteraction) => Reply | Promise<Reply> {
  if (!cooldown || cooldown.limit === 0) return answer;
  const decide = (interaction: APIInteraction, verdict: CooldownVerdict): Reply | Promise<Reply> => {
    if (verdict.ok) return answer(interaction);
    onRefused?.(interaction, verdict.retryAfterSeconds);
    return cooldownReply(verdict.retryAfterSeconds);
  };
  return (interaction) => {
    const user = countsTowardCooldown(interaction) ? interactionUserId(interaction) : undefined;
    if (user === undefined) return answer(interaction);
    const verdict = cooldown.take(user);
    // The in-process window answers at once; a shared one goes to the database first.
    return verdict instanceof Promise ? verdict.then((v) => decide(interaction, v)) : decide(interaction, verdict);
  };
}

/** The cooldown the configuration asks for (`COOLDOWN_LIMIT` per `COOLDOWN_WINDOW_SECONDS`), or none when the limit is 0. */
export function cooldownFromConfig(config: { COOLDOWN_LIMIT: number; COOLDOWN_WINDOW_SECONDS: number }, now?: () => number): Cooldown | undefined {
  if (config.COOLDOWN_LIMIT === 0) return undefined;
  return new Cooldown({ limit: config.COOLDOWN_LIMIT, windowMs: config.COOLDOWN_WINDOW_SECONDS * 1000, ...(now ? { now } : {}) });
}
