/**
 * vitest global setup: on a machine without PostgreSQL's server, says in one line that the PostgreSQL tests are
 * skipped and how to install it, so a green run cannot hide that they did not run.
 */
import { INSTALL_HINT, postgresBinDir } from './postgres.js';

/** The line to print, or undefined when the server is there (`bin`: where initdb was found). */
export function skipNotice(bin: string | undefined): string | undefined {
  return bin ? undefined : `PostgreSQL tests skipped: no PostgreSQL server installed here; to run them: ${INSTALL_HINT}\n`;
}

export default function postgresNotice(): void {
  const line = skipNotice(postgresBinDir());
  if (line) process.stdout.write(line);
}
