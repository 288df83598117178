import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, Running, startFromSource } from './source-process';

interface LogLine {
  level: number;
  msg: string;
  context?: string;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
  [key: string]: unknown;
}

const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const LISTENING = /"msg":"listening on /;

/** Every line the server wrote, each of which must be one JSON object. */
function logLines(server: Running): LogLine[] {
  const lines = server.output().trim().split('\n');
  const notJson = lines.filter((line) => {
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });
  expect(notJson).toEqual([]);
  return lines.map((line) => JSON.parse(line) as LogLine);
}

/** Waits until the server has logged a line that `matches` (the request line follows the answer). */
async function logged(server: Running, matches: (line: string) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!server.output().split('\n').some(matches)) {
    if (Date.now() > deadline) throw new Error(`not logged within 10 s:\n${server.output()}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function probeAndQuery(port: number) {
  expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token', 'user-agent': 'log-test' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(res.status).toBeLessThan(500);
}

/**
 * What an operator reads from `npm start`: one JSON object per line on stdout, the start-up narration of the
 * framework and the probes of a load balancer out of the way at info, request lines without headers, and the
 * address the server really listens on.
 */
describe('logs (e2e)', () => {
  it('at info: every line is JSON; no start-up narration or probe lines; requests without headers; the data folder looked in named', async () => {
    const missing = join(tmpdir(), `no-model-openness-tool-${randomBytes(4).toString('hex')}`);
    const server = await startFromSource(
      API_MAIN,
      { DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'info', MOT_DATA_DIR: missing },
      LISTENING,
    );
    try {
      const { port } = JSON.parse(server.line) as { port: number };
      await probeAndQuery(port);
      await logged(server, (line) => line.includes('"url":"/graphql"'));
    } finally {
      await server.stop();
    }
    const lines = logLines(server);

    const listening = lines.find((l) => l.msg.startsWith('listening on '))!;
    expect(listening).toMatchObject({ level: INFO, address: '127.0.0.1' });
    expect(listening.msg).toBe(`listening on http://127.0.0.1:${listening.port as number}/graphql`);

    expect(lines.filter((l) => l.level < INFO)).toEqual([]);
    expect(lines.filter((l) => l.context === 'InstanceLoader' || l.context === 'RouterExplorer')).toEqual([]);
    expect(lines.filter((l) => l.req?.url === '/health' || l.req?.url === '/ready')).toEqual([]);

    const request = lines.find((l) => l.req?.url === '/graphql')!;
    expect(request.level).toBe(INFO);
    expect(request.req).toEqual({
      id: expect.any(String),
      method: 'POST',
      url: '/graphql',
      remoteAddress: '127.0.0.1',
      userAgent: 'log-test',
    });
    expect(Object.keys(request.res!)).toEqual(['statusCode']);
    expect(JSON.stringify(request)).not.toContain('Bearer');

    const noData = lines.find((l) => l.msg.startsWith('Model Openness Tool data not found'))!;
    expect(noData.level).toBe(WARN);
    expect(noData.msg).toContain(`MOT_DATA_DIR is ${missing}, which has no models/ folder`);
  }, 300_000);

  it('at debug on every interface: probes at debug, and the listening line names the address bound', async () => {
    const server = await startFromSource(
      API_MAIN,
      { DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'debug', HOST: '0.0.0.0', SEED_DEMO: 'false' },
      LISTENING,
    );
    try {
      const { port } = JSON.parse(server.line) as { port: number };
      await probeAndQuery(port);
      await logged(server, (line) => line.includes('"url":"/graphql"'));
    } finally {
      await server.stop();
    }
    const lines = logLines(server);
    const listening = lines.find((l) => l.msg.startsWith('listening on '))!;
    expect(listening).toMatchObject({ level: INFO, address: '0.0.0.0' });
    expect(listening.msg).toBe(`listening on http://0.0.0.0:${listening.port as number}/graphql`);
    const probes = lines.filter((l) => l.req?.url === '/health' || l.req?.url === '/ready');
    expect(probes.map((l) => [l.req!.url, l.level, l.res])).toEqual([
      ['/health', DEBUG, { statusCode: 200 }],
      ['/ready', DEBUG, { statusCode: 200 }],
    ]);
    expect(lines.some((l) => l.context === 'InstanceLoader' && l.level === DEBUG)).toBe(true);
  }, 300_000);
});
