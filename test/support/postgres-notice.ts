/**
 * vitest global setup: on a machine without PostgreSQL's server, says in one line that the PostgreSQL tests are
 * skipped and how to install it, so a green run cannot hide that they did not run.
 */
import { INSTALL_HINT, postgresBinDir } from './postgres.js';

export default function postgresNotice(): void {
  if (!postgresBinDir()) process.stdout.write(`PostgreSQL tests skipped: no PostgreSQL server installed here; to run them: ${INSTALL_HINT}\n`);
}
