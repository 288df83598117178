import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPOSITORY_ROOT = join(__dirname, '..');
export const API_MAIN = 'apps/api/src/main.ts';
export const CLI_MAIN = 'apps/cli/src/main.ts';

export interface Exited {
  code: number | null;
  /** stdout and stderr as the operator would read them. */
  output: string;
}

/**
 * Runs an entry point of this repository from source (what `npm start` and `npm run cli` run once built)
 * until it exits, with only `env` (plus PATH): the test's own DATABASE_URL cannot leak into it. Killed
 * after `timeoutMs`, which then shows as a null code.
 */
export function runToExit(entry: string, args: string[], env: Record<string, string>, timeoutMs = 100_000) {
  return new Promise<Exited>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry, ...args],
      { cwd: REPOSITORY_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** An entry point started from source, running until `stop()`. */
export interface Running {
  /** The first line of output that matched `readyWhen`. */
  line: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts an entry point from source like runToExit, and resolves once a line of its output matches
 * `readyWhen` (it rejects when the process exits first, or after `timeoutMs`).
 */
export function startFromSource(entry: string, env: Record<string, string>, readyWhen: RegExp, timeoutMs = 250_000) {
  return new Promise<Running>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry],
      {
        cwd: REPOSITORY_ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      child.kill('SIGTERM');
      await exited;
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not print ${readyWhen} within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const seen = (d: Buffer) => {
      output += d.toString();
      const line = output.split('\n').find((l) => readyWhen.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ line, output: () => output, stop });
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before printing ${readyWhen}:\n${output}`));
    });
  });
}

/** A stack trace line, which an operator-facing refusal must not contain. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
