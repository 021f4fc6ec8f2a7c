/**
 * The one command loader: the bot, the deploy script, the CLI, /help and the tests all read the
 * top-level `commands/` folder through it. A command is a file there, or a folder with an `index` module (its
 * definition, handler and button handling) beside the renderer it uses. A file that fails to load is an error
 * that names it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../corpus/case.js';
import type { Command } from './types.js';

export class CommandLoadError extends Error {
  override name = 'CommandLoadError';
}

/** The folder holding the command modules: `commands/` beside `src/` (sources) or inside `dist/` (built). */
export function commandsDir(): string {
  const here = new URL('.', import.meta.url).pathname;
  const built = here.includes('/dist/');
  return built ? join(packageRoot(), 'dist', 'commands') : join(packageRoot(), 'commands');
}

function isCommand(value: unknown): value is Command {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<Command>;
  return typeof candidate.execute === 'function' && !!candidate.data && typeof candidate.data.name === 'string';
}

/** Loads every command module, sorted by name. Throws naming the file that is not a command. */
export async function loadCommands(dir: string = commandsDir()): Promise<Command[]> {
  const extension = extname(new URL(import.meta.url).pathname);
  const isModule = (f: string) => extname(f) === extension && !f.endsWith('.d.ts') && !f.endsWith('.test' + extension);
  const files = readdirSync(dir)
    .flatMap((f) => {
      if (isModule(f)) return [f];
      const index = join(f, `index${extension}`);
      return statSync(join(dir, f)).isDirectory() && existsSync(join(dir, index)) ? [index] : [];
    })
    .sort();
  const commands: Command[] = [];
  const names = new Set<string>();
  for (const file of files) {
    const path = join(dir, file);
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    } catch (error) {
      throw new CommandLoadError(`commands: ${file} failed to load: ${(error as Error).message}`);
    }
    if (!isCommand(module.default)) throw new CommandLoadError(`commands: ${file} does not default-export { data, execute }`);
    const key = `${module.default.data.type ?? 1}:${module.default.data.name}`;
    if (names.has(key)) throw new CommandLoadError(`commands: ${file} repeats the command name "${module.default.data.name}"`);
    names.add(key);
    commands.push(module.default);
  }
  if (!commands.length) throw new CommandLoadError(`commands: no command modules in ${dir}`);
  return commands;
}
