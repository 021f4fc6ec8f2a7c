/**
 * Running the built entry points (`dist/…`, made by `npm run build`, which `npm test` runs first) as child
 * processes, with every byte of their output kept, and making sure none outlives the test file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const dist = (...parts: string[]): string => join(ROOT, 'dist', ...parts);

/** Fails early, and clearly, when the built file is missing or older than its source. */
export function requireBuilt(built: string, source: string): void {
  const b = statSync(built, { throwIfNoEntry: false });
  const s = statSync(join(ROOT, source));
  if (!b || b.mtimeMs < s.mtimeMs) throw new Error(`${built} is missing or older than ${source}: run \`npm run build\``);
}

export interface Child {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stdout(): string;
  stderr(): string;
  /** Resolves when the output so far satisfies `test`; rejects after `timeoutMs` or when the child exits first. */
  waitForOutput(test: (output: string) => boolean, timeoutMs: number, what: string): Promise<void>;
}

const children = new Set<ChildProcessWithoutNullStreams>();

/** Starts `node <args>` with exactly `env` (plus PATH); the working folder is `cwd`. */
export function runNode(args: string[], env: Record<string, string>, cwd: string): Child {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' }) as ChildProcessWithoutNullStreams;
  children.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, at: Date.now() });
      for (const listener of listeners) listener();
    }),
  );
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForOutput(test, timeoutMs, what) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (test(stdout + stderr)) done(undefined);
          else if (child.exitCode !== null || child.signalCode !== null) done(new Error(`${what}: the process exited first (${child.exitCode ?? child.signalCode}); stderr:\n${stderr.slice(-2000)}`));
        };
        const timer = setTimeout(() => done(new Error(`${what}: not within ${timeoutMs} ms; stderr:\n${stderr.slice(-2000)}`)), timeoutMs);
        const done = (error: Error | undefined) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Kills every child still running (afterAll): no test leaves a process behind. */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON log lines a process wrote on stderr (lines that are not JSON are skipped). */
export function logLines(stderr: string): Array<{ event: string; level: string; [field: string]: unknown }> {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { event: string; level: string }];
      } catch {
        return [];
      }
    });
}
