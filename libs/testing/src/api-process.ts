import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where `nest build api` (npm run build) puts the service's entry point. */
export const BUILT_API = join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

/**
 * Builds the API when it has not been built (CI builds it before the tests: `npm run build`). A build that
 * exists is used as it is, so after changing the code run `npm run build` before a suite that starts the
 * built service.
 */
export function ensureApiBuilt(): string {
  if (!existsSync(BUILT_API)) {
    execFileSync('npx', ['nest', 'build', 'api'], { cwd: join(__dirname, '..', '..', '..'), stdio: 'inherit' });
  }
  return BUILT_API;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One instance of the built service running as a child process of the test. */
export interface ApiProcess {
  baseUrl: string;
  pid: number;
  /** What the process wrote to stdout and stderr so far (for a failing test's message). */
  output(): string;
  /** SIGTERM, then waits for the process to exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node dist/apps/api/src/main.js` with `env` on a free port and waits until `/health` answers.
 * The child gets only the variables given here (plus PATH), so the test's own environment (DATABASE_URL of
 * the server, not of the suite's database) cannot leak into it.
 */
export async function startApiProcess(env: Record<string, string>, readyTimeoutMs = 90_000): Promise<ApiProcess> {
  const main = ensureApiBuilt();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: join(__dirname, '..', '..', '..'),
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!running) throw new Error(`the API process exited before it was ready:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API process was not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseUrl,
    pid: child.pid!,
    output: () => output,
    async stop(graceMs = 10_000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
