/** Building the bot's whole state (the `Bot` type lives in types.ts, which keeps the imports acyclic). */
import { loadCase } from '../corpus/case.js';
import { buildSearch } from '../search/search.js';
import { loadCommands } from './loader.js';
import { readCommandIds } from './mentions.js';
import type { Bot, Command } from './types.js';

export type { Bot } from './types.js';

export interface LoadBotOptions {
  /** A corpus folder other than the bundled one (tests, a changed corpus). */
  corpusDir?: string;
  /** Extra commands beside the loaded ones (tests only, e.g. a deliberately slow command). */
  extraCommands?: Command[];
  /** The data folder where `npm run deploy` wrote `command-ids.json` (for clickable command mentions). */
  dataDir?: string;
}

export async function loadBot(options: LoadBotOptions = {}): Promise<Bot> {
  const kase = loadCase(options.corpusDir ? { dir: options.corpusDir } : {});
  const commands = [...(await loadCommands()), ...(options.extraCommands ?? [])];
  const commandIds = options.dataDir ? readCommandIds(options.dataDir) : undefined;
  return { case: kase, search: buildSearch(kase), commands, ...(commandIds ? { commandIds } : {}) };
}
