/**
 * The I/O the core describes but never does, shared by every transport: deferring an answer and delivering it
 * later through the interaction webhook, and the `pin-timeline` effect (pin the posted timeline over REST and
 * remember it in the data directory). It needs a REST client, not a gateway connection.
 */
import { DiscordAPIError, type REST } from 'discord.js';
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type APIMessage,
} from 'discord-api-types/v10';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log.js';
import type { Bot } from '../core/bot.js';
import { isEphemeral, NO_MENTIONS } from '../core/format.js';
import { failedReply, interactionLabel } from '../core/respond.js';
import { renderPinnedTimeline } from '../../commands/timeline/render.js';
import type { Effect, Reply } from '../core/types.js';
import type { PinStore } from '../state.js';

/** The interaction's own webhook: valid for 15 minutes after the interaction, no bot token needed. */
export class InteractionWebhook {
  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly token: string,
  ) {}

  /** Replaces the deferred ("thinking") message, or the message a deferred button belongs to. */
  async editOriginal(data: APIInteractionResponseCallbackData): Promise<APIMessage> {
    const route = Routes.webhookMessage(this.applicationId, this.token, '@original');
    return (await whenOriginalExists(() => this.rest.patch(route, { body: editBody(data), auth: false }))) as APIMessage;
  }

  async deleteOriginal(): Promise<void> {
    const route = Routes.webhookMessage(this.applicationId, this.token, '@original');
    await whenOriginalExists(() => this.rest.delete(route, { auth: false }));
  }

  async followUp(data: APIInteractionResponseCallbackData): Promise<APIMessage> {
    return (await this.rest.post(Routes.webhook(this.applicationId, this.token), {
      body: data,
      auth: false,
      query: new URLSearchParams({ wait: 'true' }),
    })) as APIMessage;
  }
}

const UNKNOWN_ORIGINAL = new Set([10008, 10015]); // Unknown Message, Unknown Webhook
const ORIGINAL_RETRY_MS = [100, 250, 500];

/**
 * Over HTTP the deferral is the HTTP response, and Discord creates the "thinking" message as it reads it; an
 * edit sent the moment that response leaves can arrive first. Such an edit is retried briefly.
 */
async function whenOriginalExists<T>(request: () => Promise<T>): Promise<T> {
  for (const wait of ORIGINAL_RETRY_MS) {
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof DiscordAPIError && UNKNOWN_ORIGINAL.has(Number(error.code)))) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return request();
}

/**
 * An edit takes the message fields of a reply, but not `tts`, and of the flags only those an edit may set
 * (ephemerality is fixed when the reply is first sent).
 */
function editBody(data: APIInteractionResponseCallbackData): Record<string, unknown> {
  const { tts: _tts, flags, ...rest } = data;
  const editable = (flags ?? 0) & ~MessageFlags.Ephemeral;
  return editable ? { ...rest, flags: editable } : rest;
}

export interface EffectsContext {
  rest: REST;
  /** Pinning is a bot action: it needs `DISCORD_TOKEN`, unlike the interaction webhook. */
  hasToken: boolean;
  logger: Logger;
  /** Re-renders the pinned timeline to remember what it showed (to describe later edits). */
  bot: Bot;
  /** Where pinned posts are remembered (the file in DATA_DIR, or PostgreSQL). */
  store: Pick<PinStore, 'upsert'>;
}

function privateNote(content: string): APIInteractionResponseCallbackData {
  return { content, flags: MessageFlags.Ephemeral, allowed_mentions: NO_MENTIONS };
}

/** Discord's answer to a failed pin, in words a moderator can act on. */
export function pinFailureNote(error: unknown): string {
  const prefix = 'The timeline is posted, but I could not pin it: ';
  if (error instanceof DiscordAPIError) {
    if (error.code === 50001) {
      // Missing Access: the bot cannot reach the channel at all, whatever its pin permission.
      return prefix + 'I cannot reach this channel: I need the **View Channel** and **Read Message History** permissions here. Ask a server admin to grant them to my role, then run the command again.';
    }
    if (error.code === 50013 || error.status === 403) {
      return prefix + 'I need the **Pin Messages** permission in this channel. Ask a server admin to grant it to my role, then run the command again.';
    }
    if (error.code === 30003) return prefix + 'this channel already has the maximum number of pinned messages. Unpin one and run the command again.';
    if (error.code === 10008) return prefix + 'the message was deleted before I could pin it.';
    return prefix + `Discord answered ${error.status}. Pin it by hand, or try again later.`;
  }
  return prefix + 'Discord could not be reached. Pin it by hand, or try again later.';
}

export const NOT_RECORDED_NOTE =
  'The timeline is posted and pinned, but I could not record it, so I will not keep it up to date when my sources ' +
  'change. Ask whoever runs the bot to check its log (`pin-state-failed`: the data folder or database), then pin ' +
  'the timeline again, or unpin this one.';

/** A failure's own words for a log line (Discord's code and message), without the interaction token. */
function errorFields(error: unknown, token: string): Record<string, unknown> {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  return { status: e?.status, code: e?.code, error: withoutToken(error, token) };
}

export const NO_TOKEN_NOTE =
  'The timeline is posted, but I could not pin it: this endpoint runs without a bot token, and pinning needs one. ' +
  'Ask whoever runs the bot to set `DISCORD_TOKEN`, or pin the message by hand.';

/**
 * Runs the effects of one answer against the message it posted; returns one outcome per effect for the
 * interaction's log line. A failure is told to the moderator privately and never thrown.
 */
export async function runEffects(
  ctx: EffectsContext,
  interaction: APIInteraction,
  message: APIMessage,
  effects: readonly Effect[],
  webhook: InteractionWebhook,
): Promise<string[]> {
  const outcomes: string[] = [];
  for (const effect of effects) {
    if (effect.kind === 'pin-timeline') outcomes.push(await pinTimeline(ctx, interaction, message, effect, webhook));
  }
  return outcomes;
}

async function pinTimeline(
  ctx: EffectsContext,
  interaction: APIInteraction,
  message: APIMessage,
  effect: Effect,
  webhook: InteractionWebhook,
): Promise<string> {
  const tell = async (note: string) => {
    try {
      await webhook.followUp(privateNote(note));
    } catch (error) {
      ctx.logger.warn('pin-note-failed', { id: interaction.id, error: withoutToken(error, interaction.token) });
    }
  };
  if (!ctx.hasToken) {
    await tell(NO_TOKEN_NOTE);
    return 'pin refused: no token';
  }
  const userId = interaction.member?.user.id ?? interaction.user?.id ?? 'unknown';
  try {
    await ctx.rest.put(Routes.channelMessagesPin(message.channel_id, message.id), {
      reason: `Timeline pinned by /timeline at the request of user ${userId}`,
    });
  } catch (error) {
    ctx.logger.warn('pin-failed', { id: interaction.id, channel: message.channel_id, ...errorFields(error, interaction.token) });
    await tell(pinFailureNote(error));
    return 'pin failed';
  }
  try {
    await ctx.store.upsert({
      guildId: interaction.guild_id ?? null,
      channelId: message.channel_id,
      messageId: message.id,
      options: effect.options,
      digest: effect.digest,
      entries: renderPinnedTimeline(ctx.bot, effect.options).entries,
      pinnedAt: new Date().toISOString(),
    });
  } catch (error) {
    ctx.logger.error('pin-state-failed', { id: interaction.id, channel: message.channel_id, message: message.id, error });
    await tell(NOT_RECORDED_NOTE);
    return 'pinned; state not saved';
  }
  return 'pinned';
}

// ---------------------------------------------------------------------------------------------------------------
// Deferral: the first answer when the real one is late, or when its effects need the posted message

/**
 * The first answer when the real one is not ready in time: "thinking…" for commands and modal submits, a
 * silent acknowledgement for buttons. Undefined for autocomplete and PING, which cannot be deferred.
 */
export function deferralForInteraction(interaction: APIInteraction): APIInteractionResponse | undefined {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ModalSubmit:
      return { type: InteractionResponseType.DeferredChannelMessageWithSource };
    case InteractionType.MessageComponent:
      return { type: InteractionResponseType.DeferredMessageUpdate };
    default:
      return undefined;
  }
}

/**
 * The deferral for an answer already in hand whose effects need the posted message (only an edit of a deferred
 * reply returns it). It keeps the answer's ephemerality, which cannot change after the first answer.
 */
export function deferralForResponse(response: APIInteractionResponse): APIInteractionResponse | undefined {
  if (response.type === InteractionResponseType.ChannelMessageWithSource) {
    return isEphemeral(response)
      ? { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }
      : { type: InteractionResponseType.DeferredChannelMessageWithSource };
  }
  if (response.type === InteractionResponseType.UpdateMessage) return { type: InteractionResponseType.DeferredMessageUpdate };
  return undefined;
}

const TOO_SLOW: APIInteractionResponseCallbackData = {
  content: 'That took too long to answer here. Please try again.',
  allowed_mentions: NO_MENTIONS,
};

/**
 * Sends an answer that follows `deferral` (already sent) through the interaction webhook, then runs the answer's
 * effects on the message it posted. Returns the outcome for the interaction's log line; throws when Discord
 * refuses the delivery itself (the caller logs it).
 */
export async function deliverLate(ctx: EffectsContext, interaction: APIInteraction, deferral: APIInteractionResponse, reply: Reply): Promise<string> {
  const webhook = new InteractionWebhook(ctx.rest, interaction.application_id, interaction.token);
  const { response } = reply;
  if (response.type !== InteractionResponseType.ChannelMessageWithSource && response.type !== InteractionResponseType.UpdateMessage) {
    if (deferral.type === InteractionResponseType.DeferredChannelMessageWithSource) await webhook.editOriginal(TOO_SLOW);
    return `deferred: response type ${response.type} cannot follow a deferral`;
  }
  const data = response.data ?? {};
  let message: APIMessage;
  let how: string;
  if (deferral.type === InteractionResponseType.DeferredMessageUpdate && response.type === InteractionResponseType.ChannelMessageWithSource) {
    // A button whose answer is a new message: the acknowledged message stays, the answer follows it.
    message = await webhook.followUp(data);
    how = 'followed up';
  } else if (deferral.type === InteractionResponseType.DeferredChannelMessageWithSource && isEphemeral(response) && !isEphemeral(deferral)) {
    // Ephemerality is fixed by the deferral: replace the public "thinking" message with a private answer.
    await webhook.deleteOriginal();
    message = await webhook.followUp(data);
    how = 'followed up privately';
  } else {
    message = await webhook.editOriginal(data);
    how = 'edited';
  }
  if (!reply.effects?.length) return `deferred: ${how}`;
  const outcomes = await runEffects(ctx, interaction, message, reply.effects, webhook);
  return `deferred: ${how}; ${outcomes.join('; ')}`;
}

/**
 * An error for a log line with the interaction token cut out: the token is a 15-minute credential to post in
 * the channel, and REST errors can carry the webhook route that contains it.
 */
export function withoutToken(error: unknown, token: string): unknown {
  if (!(error instanceof Error)) return error;
  const cut = (text: string | undefined) => text?.split(token).join('[interaction token]');
  return { name: error.name, message: cut(error.message), stack: cut(error.stack), status: (error as { status?: unknown }).status, code: (error as { code?: unknown }).code };
}

// ---------------------------------------------------------------------------------------------------------------
// The first answer, in time: one implementation for both transports

/** What a transport sends first, and the work (a deferred delivery) to run once it has been sent. */
export interface FirstAnswer {
  body: APIInteractionResponse;
  /** For the log line when there is nothing after the first answer. */
  outcome: string;
  /** Delivers the real answer after a deferral; resolves with the outcome for the log line. */
  after?: () => Promise<string>;
}

/**
 * Runs `answer` and never rejects: a throw becomes the polite failure reply, and any error (thrown, or caught by
 * the core's boundary) is logged once with the interaction id.
 */
export function answerSafely(answer: (interaction: APIInteraction) => Reply | Promise<Reply>, interaction: APIInteraction, logger: Logger): Promise<Reply> {
  return Promise.resolve()
    .then(() => answer(interaction))
    .catch((error: unknown) => ({ ...failedReply(interaction), error }))
    .then((reply) => {
      if (reply.error !== undefined) logger.error('answer-failed', { id: interaction.id, command: interactionLabel(interaction), error: reply.error });
      return reply;
    });
}

const NO_CHOICES: APIInteractionResponse = { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
const LATE = Symbol('late');

/**
 * Decides the first answer: the reply itself if it is ready within `deferAfterMs` of `arrived` (Discord allows
 * 3 s) and has no effects; otherwise a deferral, with the real answer delivered afterwards through the
 * interaction webhook. Autocomplete cannot be deferred: late, it gets no choices (Discord has given up on it).
 */
export async function firstAnswer(
  ctx: EffectsContext,
  interaction: APIInteraction,
  pending: Promise<Reply>,
  arrived: number,
  deferAfterMs: number,
): Promise<FirstAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), Math.max(0, arrived + deferAfterMs - performance.now()));
  });
  const first = await Promise.race([pending, late]);
  clearTimeout(timer);

  if (first === LATE) {
    const deferral = deferralForInteraction(interaction);
    if (deferral) return { body: deferral, outcome: 'deferred', after: async () => deliverLate(ctx, interaction, deferral, await pending) };
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) return { body: NO_CHOICES, outcome: 'late: no choices' };
    return { body: (await pending).response, outcome: 'replied late (cannot defer)' };
  }
  const answeredMs = performance.now() - arrived;
  if (answeredMs > deferAfterMs) ctx.logger.warn('slow-answer', { id: interaction.id, command: interactionLabel(interaction), ms: Math.round(answeredMs) });
  // Effects need the posted message (its id, to pin it), which only the edit of a deferred reply returns.
  const deferral = first.effects?.length ? deferralForResponse(first.response) : undefined;
  if (deferral) return { body: deferral, outcome: 'deferred', after: () => deliverLate(ctx, interaction, deferral, first) };
  return { body: first.response, outcome: isEphemeral(first.response) ? 'replied privately' : 'replied' };
}
