/**
 * Discord's published request schemas (the `discord-api-spec` package, generated from the OpenAPI spec), keyed by
 * the route a body is sent to, plus the checks the schemas cannot express (unknown keys, the 6000-character
 * embed total). Used by the fake Discord to answer 400 as Discord would, and by tests to assert validity.
 */
import * as spec from 'discord-api-spec/zod';

/** A zod/mini schema as far as these checks need it. */
interface Schema {
  safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
  _zod: { def: SchemaDef };
}
interface SchemaDef {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: Schema[];
  innerType?: Schema;
  getter?: () => Schema;
}

export type BodyKind =
  | 'interaction-callback'
  | 'webhook-edit'
  | 'webhook-create'
  | 'channel-message-edit'
  | 'command-overwrite';

function callbackSchema(body: unknown): Schema | undefined {
  const type = (body as { type?: unknown } | null)?.type;
  switch (type) {
    case 1:
      return spec.PongInteractionCallbackRequestSchema as unknown as Schema;
    case 4:
    case 5:
      return spec.CreateMessageInteractionCallbackRequestSchema as unknown as Schema;
    case 6:
    case 7:
      return spec.UpdateMessageInteractionCallbackRequestSchema as unknown as Schema;
    case 8:
      return spec.ApplicationCommandAutocompleteCallbackRequestSchema as unknown as Schema;
    case 9:
      return spec.ModalInteractionCallbackRequestSchema as unknown as Schema;
    default:
      return undefined;
  }
}

/** Keys the schema does not know, anywhere in `value` (the generated schemas strip them silently). */
function unknownKeys(schema: Schema, value: unknown, path: string, out: string[]): void {
  const def = schema._zod.def;
  switch (def.type) {
    case 'lazy':
      if (def.getter) unknownKeys(def.getter(), value, path, out);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      if (value !== undefined && value !== null && def.innerType) unknownKeys(def.innerType, value, path, out);
      return;
    case 'object':
      if (!value || typeof value !== 'object' || Array.isArray(value) || !def.shape) return;
      for (const [key, inner] of Object.entries(value)) {
        const child = def.shape[key];
        if (!child) out.push(`${path}.${key}`);
        else unknownKeys(child, inner, `${path}.${key}`, out);
      }
      return;
    case 'array':
      if (Array.isArray(value) && def.element) value.forEach((item, i) => unknownKeys(def.element!, item, `${path}[${i}]`, out));
      return;
    case 'union': {
      const match = def.options?.find((option) => option.safeParse(value).success);
      if (match) unknownKeys(match, value, path, out);
      return;
    }
    default:
      return;
  }
}

interface EmbedLike {
  title?: string | null;
  description?: string | null;
  footer?: { text?: string | null } | null;
  author?: { name?: string | null } | null;
  fields?: { name?: string | null; value?: string | null }[] | null;
}

/** Discord's 6000-character total over all embeds of one message, which no schema states. */
function embedTotal(embeds: unknown): number {
  if (!Array.isArray(embeds)) return 0;
  let total = 0;
  for (const embed of embeds as EmbedLike[]) {
    total += (embed.title ?? '').length + (embed.description ?? '').length;
    total += (embed.footer?.text ?? '').length + (embed.author?.name ?? '').length;
    for (const field of embed.fields ?? []) total += (field.name ?? '').length + (field.value ?? '').length;
  }
  return total;
}

/** Problems with `body` as Discord would see them; empty when it is valid. */
export function validateBody(kind: BodyKind, body: unknown): string[] {
  const problems: string[] = [];
  const check = (schema: Schema | undefined, value: unknown, path: string) => {
    if (!schema) {
      problems.push(`${path}: no schema for this body (unknown type?)`);
      return;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error?.issues ?? []) problems.push(`${path}.${issue.path.map(String).join('.')}: ${issue.message}`);
      return;
    }
    const extra: string[] = [];
    unknownKeys(schema, value, path, extra);
    for (const key of extra) problems.push(`${key}: not a field Discord knows`);
  };
  let messages: unknown[] = [];
  switch (kind) {
    case 'interaction-callback':
      check(callbackSchema(body), body, 'body');
      messages = [(body as { data?: unknown } | null)?.data];
      break;
    case 'webhook-edit':
      check(spec.IncomingWebhookUpdateRequestPartialSchema as unknown as Schema, body, 'body');
      messages = [body];
      break;
    case 'webhook-create':
      check(spec.IncomingWebhookRequestPartialSchema as unknown as Schema, body, 'body');
      messages = [body];
      break;
    case 'channel-message-edit':
      check(spec.MessageEditRequestPartialSchema as unknown as Schema, body, 'body');
      messages = [body];
      break;
    case 'command-overwrite':
      if (!Array.isArray(body)) problems.push('body: must be an array of commands');
      else body.forEach((command, i) => check(spec.ApplicationCommandUpdateRequestSchema as unknown as Schema, command, `body[${i}]`));
      break;
  }
  for (const message of messages) {
    const embeds = (message as { embeds?: unknown } | null | undefined)?.embeds;
    const total = embedTotal(embeds);
    if (total > 6000) problems.push(`body.embeds: ${total} characters in all, over Discord's 6000`);
  }
  return problems;
}
