/**
 * Clickable command mentions. Discord renders `</name:id>` as a link that fills in the command, but only with the
 * id Discord gave the command at registration; `npm run deploy` writes those ids to `command-ids.json` in the data
 * folder. Without it (the offline CLI, a fresh checkout) a mention is plain `/name`, which is still correct text.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bot } from './types.js';

export const COMMAND_IDS_FILE = 'command-ids.json';

/** Reads `{ "name": "id", … }`; a missing or malformed file means no ids (mentions stay plain). */
export function readCommandIds(dataDir: string): ReadonlyMap<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, COMMAND_IDS_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const ids = new Map<string, string>();
  for (const [name, id] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof id === 'string' && /^\d{17,20}$/.test(id) && name.length >= 1 && name.length <= 32) ids.set(name, id);
  }
  return ids.size ? ids : undefined;
}

/** `</sources:123…>` when the command's registered id is known, else `/sources` in code style. */
export function mention(bot: Pick<Bot, 'commandIds'>, name: string): string {
  const id = bot.commandIds?.get(name);
  return id ? `</${name}:${id}>` : `\`/${name}\``;
}

/** Records the ids Discord gave the registered commands (`npm run deploy`), replacing the file whole. */
export function writeCommandIds(dataDir: string, registered: readonly { name: string; id: string }[]): string {
  const path = join(dataDir, COMMAND_IDS_FILE);
  mkdirSync(dataDir, { recursive: true });
  const ids = Object.fromEntries(registered.map((c) => [c.name, c.id]));
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(ids, null, 2) + '\n');
  renameSync(temporary, path);
  return path;
}
