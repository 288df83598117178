import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, OperationDefinitionNode, parse, print } from 'graphql';
import { answerComparisons, COMPARE_QUERY, COMPARISONS } from '../../scripts/readme-comparisons';
import { jsonValues, ReadmeBlock, readmeBlocks, valuesOf } from './readme-examples';

/**
 * The README's walk-through, run as a reader would run it: the built service (`dist/`, built first when the
 * sources changed) started fresh on an embedded database in a temporary DATA_DIR and a free port, then
 * every example that talks to the service, in the README's order, as the demo users the README names:
 *
 * - `bash` blocks that call the service (`localhost:3000`) run in bash as written, the address pointed at
 *   this service; tokens they use without obtaining (`$TOKEN`, `$AUDITOR`) are the named demo user's.
 *   Numbered steps (`# 1. ...`) are checked one by one: every status the step's comment names
 *   (AWAITING_DECISION, APPROVED, ...) appears in that order in what the step printed, the last one last;
 *   no answer carries an error unless the comment names it (`...Error`); an `# OUTCOME: ... (exit 0)` comment
 *   line is what the block must print.
 * - `graphql` blocks run operation by operation (auditor under "For auditors", the requester elsewhere):
 *   no errors, no empty list, and the enum values the comment above the operation names are in the answer.
 * - `text` blocks under a `###` heading named after a comparison of scripts/readme-comparisons.ts are compared,
 *   whole, with what the service answers for the draft of that title, formatted by that script.
 *
 * Finally the README's health example (the seeded "Maternal health assistant in Swahili") must have
 * reached APPROVED with the demo users.
 */
const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'IN_REVIEW',
  'AWAITING_DECISION',
  'CHANGES_REQUESTED',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'REVOKED',
  'EXPIRED',
];
const HEALTH_EXAMPLE = 'Maternal health assistant in Swahili';
const DEMO_PASSWORD = 'demo-password';

const blocks = readmeBlocks(README);
const talksToService = (b: ReadmeBlock) => b.lang === 'bash' && /localhost:3000/.test(b.code);
const comparison = (b: ReadmeBlock) =>
  b.lang === 'text' && COMPARISONS.some((c) => c.title === b.headings[b.headings.length - 1]);
const runnable = blocks.filter((b) => talksToService(b) || b.lang === 'graphql' || comparison(b));

/**
 * Who runs a `graphql` example: the auditor under "For auditors", else the demo user of the first role the
 * prose before it names (e.g. "User administration (ORG_ADMIN)"), else the requester.
 */
const DEMO_USER_OF_ROLE: Record<string, string> = {
  ORG_ADMIN: 'admin@example.org',
  POLICY_ADMIN: 'policy@example.org',
  AUDITOR: 'auditor@example.org',
  REVIEWER: 'reviewer@example.org',
  APPROVER: 'approver1@example.org',
  REQUESTER: 'requester@example.org',
};
function userFor(block: ReadmeBlock): string {
  if (block.headings.some((h) => /auditor/i.test(h))) return DEMO_USER_OF_ROLE.AUDITOR;
  const role = /\b(ORG_ADMIN|POLICY_ADMIN|AUDITOR|REVIEWER|APPROVER|REQUESTER)\b/.exec(block.prose)?.[1];
  return DEMO_USER_OF_ROLE[role ?? 'REQUESTER'];
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('the README walk-through against a freshly started service', () => {
  let service: ChildProcess;
  let output = '';
  let base: string;
  let dataDir: string;
  let workDir: string;
  const tokens = new Map<string, string>();
  let enumValues: Set<string>;

  /** One GraphQL request on a connection of its own (an idle kept-alive one may be closing under it). */
  const post = (query: string, variables?: Record<string, unknown>, token?: string) =>
    new Promise<{ status: number; body: { data?: any; errors?: any[] } }>((resolve, reject) => {
      const payload = JSON.stringify({ query, variables });
      const req = httpRequest(
        `${base}/graphql`,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
            } catch (error) {
              reject(new Error(`not JSON (${res.statusCode}): ${text.slice(0, 500)}`, { cause: error }));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const tokenOf = async (email: string) => {
    if (!tokens.has(email)) {
      const { body } = await post(
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
        { e: email, p: DEMO_PASSWORD },
      );
      if (!body.data?.login) throw new Error(`cannot sign in as ${email}: ${JSON.stringify(body.errors)}`);
      tokens.set(email, body.data.login.accessToken);
    }
    return tokens.get(email)!;
  };
  const as = async (email: string, query: string, variables?: Record<string, unknown>) =>
    post(query, variables, await tokenOf(email));

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-changed.mjs'), '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
    dataDir = mkdtempSync(join(tmpdir(), 'readme-data-'));
    workDir = mkdtempSync(join(tmpdir(), 'readme-work-'));
    // The export example runs `node scripts/verify-audit-export.mjs` from the repository's root.
    symlinkSync(join(ROOT, 'scripts'), join(workDir, 'scripts'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...(process.env.MOT_DATA_DIR ? { MOT_DATA_DIR: process.env.MOT_DATA_DIR } : {}),
    };
    service = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    service.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (service.exitCode !== null) throw new Error(`the service stopped (${service.exitCode}):\n${output}`);
      const up = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`the service did not answer /health within 120 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const { body } = await post('{ __schema { types { enumValues { name } } } }');
    enumValues = new Set(
      body.data.__schema.types.flatMap((t: { enumValues: Array<{ name: string }> | null }) =>
        (t.enumValues ?? []).map((v) => v.name),
      ),
    );
    const left = blocks.filter((b) => !runnable.includes(b) && b.lang === 'bash');
    console.log(
      `README: ${runnable.length} examples run; not run (they do not call the service): ${left
        .map((b) => `line ${b.line}`)
        .join(', ')}`,
    );
  });

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service.once('exit', r));
      service.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('finds the README examples', () => {
    expect(runnable.filter(talksToService).length).toBeGreaterThanOrEqual(2);
    expect(runnable.filter((b) => b.lang === 'graphql').length).toBeGreaterThanOrEqual(2);
    // Every comparison the script prints is in the README.
    const shown = new Set(runnable.filter(comparison).map((b) => b.headings[b.headings.length - 1]));
    expect(COMPARISONS.map((c) => c.title).filter((t) => !shown.has(t))).toEqual([]);
  });

  /** `<...>` placeholders a reader replaces; anything else must not be left in an example. */
  async function fillPlaceholders(code: string): Promise<string> {
    let filled = code;
    for (const [placeholder, what] of code.matchAll(/<([^<>\n]*\s[^<>\n]*)>/g)) {
      let value: string | undefined;
      const id = /^id of (.+)$/.exec(what);
      if (id) {
        const { body } = await as(
          'requester@example.org',
          `query($s: String!) { aiModels(filter: { search: $s }, first: 20) { edges { node { id name } } } }`,
          { s: id[1] },
        );
        const edges: Array<{ node: { id: string; name: string } }> = body.data?.aiModels.edges ?? [];
        // "Mistral Large" names a family of versions ("Mistral Large (24.02)"): the exact name, else the first found.
        value = (edges.find((e) => e.node.name === id[1]) ?? edges[0])?.node.id;
      } else if (/^publicKey\b/.test(what)) {
        const { body } = await as('auditor@example.org', 'mutation { createAuditCheckpoint { publicKey } }');
        value = body.data?.createAuditCheckpoint.publicKey;
      } else if (/^keyId\b/.test(what) || /\bseq\b|\bhash\b/.test(what)) {
        continue; // in an expected-output comment
      }
      if (value === undefined) throw new Error(`cannot fill the README placeholder ${placeholder}`);
      filled = filled.split(placeholder).join(value.includes('\n') ? JSON.stringify(value) : value);
    }
    return filled;
  }

  /** Runs bash code; returns what it printed between the step markers, and its exit code. */
  function runBash(script: string, env: Record<string, string>) {
    const result = spawnSync('bash', ['-c', script], {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? workDir, ...env },
      encoding: 'utf8',
      timeout: 300_000,
    });
    return { stdout: result.stdout ?? '', stderr: result.stderr ?? '', code: result.status };
  }

  const MARKER = '@@README-STEP@@';

  describe.each(
    runnable.map(
      (b) => [`${b.lang} block at README line ${b.line} (${b.headings.filter(Boolean).join(' > ')})`, b] as const,
    ),
  )('%s', (_name, block) => {
    if (block.lang === 'bash') {
      it('runs as written and reaches the documented results', async () => {
        const code = (await fillPlaceholders(block.code)).replace(/localhost:3000/g, base.replace(/^http:\/\//, ''));
        // Tokens the block uses without obtaining them: a demo user's, named by the variable or by its login.
        const env: Record<string, string> = {};
        for (const [, name] of code.matchAll(/\$\{?([A-Z][A-Z0-9_]*)\}?/g)) {
          if (new RegExp(`(^|[\\s;(])${name}=`, 'm').test(code) || env[name]) continue;
          const login = /email: \\"([^\\"]+)\\"/.exec(code)?.[1];
          const email = name === 'TOKEN' ? login : `${name.toLowerCase()}@example.org`;
          if (email) env[name] = await tokenOf(email);
        }
        // Steps: `# 1. ...` comments; the comment lines of a step say what it must reach.
        const lines = code.split('\n');
        const steps: Array<{ comment: string[]; code: string[] }> = [{ comment: [], code: [] }];
        for (const line of lines) {
          if (/^# \d+\.\s/.test(line)) steps.push({ comment: [], code: [] });
          if (/^#/.test(line)) steps[steps.length - 1].comment.push(line);
          steps[steps.length - 1].code.push(line);
        }
        const script = steps.map((s) => `${s.code.join('\n')}\necho '${MARKER}'`).join('\n');
        const run = runBash(script, env);
        const printed = run.stdout.split(`${MARKER}\n`);
        const problems: string[] = [];
        steps.forEach((step, i) => {
          const comment = step.comment.join('\n');
          const out = printed[i] ?? '';
          const values = jsonValues(out);
          const label = step.comment[0] ?? `README line ${block.line}`;
          const namedErrors = [...comment.matchAll(/\b([A-Z][A-Za-z]+Error)\b/g)].map((m) => m[1]);
          for (const v of values) {
            const errors = [
              ...((v as any)?.errors ?? []).map((e: any) => e.extensions?.code ?? e.message),
              ...valuesOf(v, 'errorCode'),
            ];
            const unexpected = errors.filter(
              (e) => !namedErrors.some((n) => String(e).includes(n.replace(/Error$/, ''))),
            );
            if (unexpected.length)
              problems.push(`${label}: unexpected errors ${JSON.stringify(unexpected)} in ${JSON.stringify(v)}`);
          }
          const named = [...comment.matchAll(/\b([A-Z_]{4,})\b/g)].map((m) => m[1]).filter((w) => STATUSES.includes(w));
          const seen = values
            .flatMap((v) => valuesOf(v, 'status'))
            .filter((s) => STATUSES.includes(String(s))) as string[];
          let at = 0;
          for (const status of named) {
            const found = seen.indexOf(status, at);
            if (found < 0)
              problems.push(`${label}: the README says ${status}, the service answered ${JSON.stringify(seen)}`);
            else at = found + 1;
          }
          if (named.length && seen[seen.length - 1] !== named[named.length - 1]) {
            problems.push(`${label}: ends ${seen[seen.length - 1]}, the README says ${named[named.length - 1]}`);
          }
          // `# OUTCOME: ... (exit 0)`: what a command prints, as the README shows it.
          for (const [, word, exit] of comment.matchAll(/^#\s*([A-Z]+):.*\(exit (\d+)\)\s*$/gm)) {
            if (exit === '0' && !new RegExp(`^${word}:`, 'm').test(out)) {
              problems.push(
                `${label}: the README shows "${word}: ..." but the block printed ${JSON.stringify(out.slice(0, 500))}`,
              );
            }
          }
        });
        expect({ problems, exit: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
          problems: [],
          exit: 0,
          stderr: '',
        });
      });
    } else if (block.lang === 'graphql') {
      const operations = parse(block.code).definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const fragments = parse(block.code).definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
      const user = userFor(block);
      it.each(operations.map((op, i) => [i + 1, op] as const))(`operation %i answers as ${user}`, async (_i, op) => {
        // The comment lines just above the operation in the block.
        const before = block.code.slice(0, op.loc!.start).split('\n');
        const comment: string[] = [];
        for (let k = before.length - 2; k >= 0 && /^\s*#/.test(before[k]); k--) comment.unshift(before[k]);
        if (op.variableDefinitions?.length) {
          // An operation with variables is the one the README's comparisons are made with.
          expect(runnable.some(comparison)).toBe(true);
          expect(print(op)).toBe(print(parse(COMPARE_QUERY)));
          return;
        }
        const query = await fillPlaceholders([print(op), ...fragments.map((f) => print(f))].join('\n'));
        const { status, body } = await as(user, query);
        expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
        const resultErrors = valuesOf(body.data, '__typename').filter((t) => /Error$/.test(String(t)));
        expect({ query, resultErrors }).toEqual({ query, resultErrors: [] });
        const empty = valuesOf(body.data, 'edges').filter((e) => Array.isArray(e) && e.length === 0);
        expect({ query, empty }).toEqual({ query, empty: [] });
        const text = JSON.stringify(body.data);
        for (const word of comment.join(' ').match(/\b[A-Z][A-Z_]{2,}\b/g) ?? []) {
          if (enumValues.has(word)) expect({ word, found: text.includes(`"${word}"`) }).toEqual({ word, found: true });
        }
      });
    } else {
      it('is what compareOptions answers for that draft, formatted as scripts/readme-comparisons.ts prints it', async () => {
        const title = block.headings[block.headings.length - 1];
        const token = await tokenOf('requester@example.org');
        const answered = await answerComparisons(
          async (query, variables) => (await post(query, variables, token)).body,
        );
        expect({ title, block: block.code.trimEnd() }).toEqual({ title, block: answered.get(title) });
      });
    }
  });

  describe('at the end', () => {
    it(`the health example ("${HEALTH_EXAMPLE}") is APPROVED by the demo users`, async () => {
      const { body } = await as(
        'auditor@example.org',
        `query($s: String!) { adoptionRequests(filter: { search: $s }, first: 5) {
        edges { node { title status approvalProgress { approvals quorum missingApprovals missingExpertise } } } } }`,
        { s: HEALTH_EXAMPLE },
      );
      const health = body.data.adoptionRequests.edges.find((e: any) => e.node.title === HEALTH_EXAMPLE)?.node;
      expect(health).toMatchObject({
        status: 'APPROVED',
        approvalProgress: { missingApprovals: 0, missingExpertise: [] },
      });
    });
  });
});
