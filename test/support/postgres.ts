/**
 * A real PostgreSQL server for the tests, from Debian's `postgresql` package: `initdb` and `pg_ctl` on a
 * temporary folder, listening on 127.0.0.1 only, on a free port, with a password (so tests can check it is never
 * printed). As root the server runs as the `postgres` user the package creates (PostgreSQL refuses root).
 *
 * `postgresBinDir()` is undefined on a machine without the package: the PostgreSQL tests skip themselves, and
 * `test/support/postgres-notice.ts` says so in one line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INSTALL_HINT = 'apt-get install -y postgresql (Debian/Ubuntu; .ci/run installs it)';
export const PG_USER = 'bot';
/** Shaped like a real secret, so a leak is easy to find in output. */
export const PG_PASSWORD = 'pg-test-secret-5f3a9c1e';

/** The folder holding `initdb` and `pg_ctl`, or undefined when PostgreSQL's server is not installed. */
export function postgresBinDir(root = '/usr/lib/postgresql', path = process.env.PATH ?? ''): string | undefined {
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('/bin/sh', ['-c', 'command -v initdb'], { encoding: 'utf8', env: { PATH: path } });
  const found = (which.stdout ?? '').trim();
  return which.status === 0 && found ? join(found, '..') : undefined;
}

const isRoot = process.getuid?.() === 0;

function ids(user: string): { uid: number; gid: number } {
  return { uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' })) };
}

/** Runs a PostgreSQL tool, as `postgres` when we are root. */
function run(bin: string, tool: string, args: string[]): string {
  const file = join(bin, tool);
  const [command, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  port: number;
  /** postgres://bot:<password>@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Creates an empty database (one per test file or scenario keeps them apart). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server; `immediate` is a crash as far as clients can tell. */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops the server and removes its folder. */
  close(): void;
}

/** initdb, then pg_ctl start on 127.0.0.1:<free port>; resolves when it accepts connections. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`PostgreSQL is not installed: ${INSTALL_HINT}`);
  const dir = mkdtempSync(join(tmpdir(), 'inbox-bot-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, PG_PASSWORD + '\n');
  if (isRoot) {
    const { uid, gid } = ids('postgres');
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  run(bin, 'initdb', ['-D', data, '-U', PG_USER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  const start = () => void run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '30', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => void run(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  start();
  const url = (database = 'postgres') => `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
  let running = true;
  return {
    port,
    url,
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop(mode) {
      stop(mode);
      running = false;
    },
    start() {
      start();
      running = true;
    },
    close() {
      try {
        if (running) stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
