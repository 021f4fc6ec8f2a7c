/** The bot's whole state: the verified case, its search index and the commands. Built once at start-up. */
import { loadCase, type Case } from '../corpus/case.js';
import { buildSearch, type Search } from '../search/search.js';
import { loadCommands } from './loader.js';
import type { Command } from './types.js';

export interface Bot {
  case: Case;
  search: Search;
  commands: Command[];
}

export interface LoadBotOptions {
  /** A corpus folder other than the bundled one (tests, a changed corpus). */
  corpusDir?: string;
  /** Extra commands beside the loaded ones (tests only, e.g. a deliberately slow command). */
  extraCommands?: Command[];
}

export async function loadBot(options: LoadBotOptions = {}): Promise<Bot> {
  const kase = loadCase(options.corpusDir ? { dir: options.corpusDir } : {});
  const commands = [...(await loadCommands()), ...(options.extraCommands ?? [])];
  return { case: kase, search: buildSearch(kase), commands };
}
