/**
 * compose.yaml cannot be run here (no Docker), so its shape is checked against what the code reads: every
 * variable it sets is one the configuration schema knows, every command it runs is a built entry point, and the
 * database URL it hands the bot parses as the configuration requires. (It was also validated once against the
 * Compose Specification's JSON schema; see the README.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, readConfig } from '../src/config.js';

const ROOT = new URL('..', import.meta.url).pathname;
const compose = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');

/** `KEY: value` lines inside the `environment:` blocks of the bot's services (not the database's own). */
function botEnvironment(): Map<string, string> {
  const vars = new Map<string, string>();
  let service = '';
  let inEnv = false;
  for (const line of compose.split('\n')) {
    const serviceMatch = /^ {2}(\w[\w-]*):\s*$/.exec(line);
    if (serviceMatch) service = serviceMatch[1]!;
    if (/^ {4}environment:\s*$/.test(line)) inEnv = true;
    else if (/^ {4}\S/.test(line) || /^ {0,2}\S/.test(line)) inEnv = false;
    const entry = /^ {6}([A-Z_]+):\s*(.+)$/.exec(line);
    if (inEnv && entry && service !== 'db') vars.set(entry[1]!, entry[2]!.replace(/^"|"$/g, ''));
  }
  return vars;
}

describe('compose.yaml', () => {
  it('THEN every variable it sets for the bot is a configuration variable, and the values parse', () => {
    const vars = botEnvironment();
    expect([...vars.keys()].sort()).toEqual(['DATABASE_URL', 'HOST', 'PORT']);
    for (const name of vars.keys()) expect(Object.keys(ConfigSchema.shape)).toContain(name);
    // ${POSTGRES_PASSWORD:-change-me} as Compose would expand it with nothing set.
    const expanded = Object.fromEntries([...vars].map(([k, v]) => [k, v.replace(/\$\{POSTGRES_PASSWORD:-([^}]*)\}/g, '$1')]));
    const config = readConfig(expanded);
    expect(config.DATABASE_URL).toBe('postgres://bot:change-me@db:5432/bot');
    expect(config.HOST).toBe('0.0.0.0');
  });

  it('THEN the commands it runs are built entry points, and the database is a healthy dependency of both', () => {
    for (const [, file] of compose.matchAll(/command: \["node", "([^"]+)"\]/g)) expect(existsSync(join(ROOT, file!)), file).toBe(true);
    expect(compose.match(/condition: service_healthy/g)).toHaveLength(2);
    expect(compose).toMatch(/image: postgres:\d+/);
  });
});
