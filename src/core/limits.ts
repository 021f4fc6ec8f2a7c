/**
 * The last check before a response leaves: Discord's limits. Renderers already page and size their
 * output; this is the safety net. It never cuts inside a quote: an embed that does not fit is dropped
 * whole and the content says so.
 */
import { embedLength } from '@discordjs/builders';
import { InteractionResponseType, type APIEmbed, type APIInteractionResponse } from 'discord-api-types/v10';
import { clip, LIMITS } from './format.js';

function fitEmbed(embed: APIEmbed): APIEmbed | null {
  if ((embed.description?.length ?? 0) > LIMITS.description) return null;
  if ((embed.fields ?? []).some((f) => f.value.length > LIMITS.fieldValue)) return null;
  const fitted: APIEmbed = { ...embed };
  if (embed.title) fitted.title = clip(embed.title, LIMITS.title);
  if (embed.footer) fitted.footer = { ...embed.footer, text: clip(embed.footer.text, LIMITS.footer) };
  if (embed.fields) fitted.fields = embed.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: clip(f.name, LIMITS.fieldName) }));
  return fitted;
}

export function enforceLimits(response: APIInteractionResponse): APIInteractionResponse {
  if (response.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
    const choices = (response.data.choices ?? []).slice(0, LIMITS.choices).map((c) => ({
      ...c,
      name: clip(c.name, LIMITS.choiceText),
      value: typeof c.value === 'string' ? c.value.slice(0, LIMITS.choiceText) : c.value,
    }));
    return { ...response, data: { choices } };
  }
  if (response.type !== InteractionResponseType.ChannelMessageWithSource && response.type !== InteractionResponseType.UpdateMessage) return response;
  const data = { ...response.data };
  let dropped = 0;
  if (data.embeds) {
    const kept: APIEmbed[] = [];
    let total = 0;
    for (const embed of data.embeds) {
      const fitted = kept.length < LIMITS.embeds ? fitEmbed(embed) : null;
      const size = fitted ? embedLength(fitted) : 0;
      if (!fitted || total + size > LIMITS.embedTotal) {
        dropped++;
        continue;
      }
      kept.push(fitted);
      total += size;
    }
    data.embeds = kept;
  }
  if (dropped) {
    const note = `\n(${dropped} item(s) did not fit in one message and were left out.)`;
    data.content = clip(data.content ?? '', LIMITS.content - note.length) + note;
  } else if (data.content !== undefined) {
    data.content = clip(data.content, LIMITS.content);
  }
  if (data.components) {
    data.components = data.components.slice(0, LIMITS.rows).map((row) =>
      'components' in row && Array.isArray(row.components)
        ? {
            ...row,
            components: row.components.slice(0, LIMITS.buttonsPerRow).map((c) => ({
              ...c,
              ...('custom_id' in c && typeof c.custom_id === 'string' ? { custom_id: c.custom_id.slice(0, LIMITS.customId) } : {}),
              ...('label' in c && typeof c.label === 'string' ? { label: clip(c.label, LIMITS.buttonLabel) } : {}),
              ...('options' in c && Array.isArray(c.options)
                ? {
                    options: c.options.slice(0, LIMITS.selectOptions).map((o) => ({
                      ...o,
                      label: clip(o.label, LIMITS.selectText),
                      value: o.value.slice(0, LIMITS.selectText),
                      ...(o.description ? { description: clip(o.description, LIMITS.selectText) } : {}),
                    })),
                  }
                : {}),
            })),
          }
        : row,
    ) as typeof data.components;
  }
  return { ...response, data };
}
