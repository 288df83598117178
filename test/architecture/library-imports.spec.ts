import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Libraries are imported through `@app/<lib>` or a declared subpath (eslint.config.mjs), never through a path
 * into another library's sources: the lint refuses such imports. These cases prove that it does.
 */
interface Message {
  ruleId: string | null;
  message: string;
  line: number;
}

function lint(cases: Array<{ filePath: string; code: string }>): Message[][] {
  const out = execFileSync(process.execPath, [join(__dirname, 'lint-snippets.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as Message[][];
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

const REFUSED: Array<[string, string]> = [
  ['libs/risk/src/engine/risk-rule.ts', '../../../catalog/src/openness/openness.types'],
  ['libs/policy/src/policy.service.ts', '../../risk/src/assessment/risk-assessment.service'],
  ['libs/adoption/src/workflow/approval-rules.ts', '../../../risk/src/engine/scoring'],
  ['libs/adoption/src/a/b/c.ts', '../../../../audit/src'],
  ['apps/api/src/main.ts', '../../../libs/identity/src/user.service'],
  ['test/x.e2e-spec.ts', '../libs/persistence/src/db.service'],
  ['scripts/x.ts', '../libs/testing/src/test-environment'],
  ['apps/cli/src/main.ts', '@app/core/context/request-context'],
  ['libs/adoption/src/x.ts', '@app/catalog/ai-model.entity'],
  ['test/x.e2e-spec.ts', '@app/risk/engine/scoring'],
];

const ALLOWED: Array<[string, string]> = [
  ['libs/adoption/src/x.ts', '@app/risk'],
  ['libs/risk/src/engine/risk-rule.ts', '@app/catalog/openness'],
  ['libs/policy/src/rules/policy-rule.ts', '@app/risk/engine'],
  ['libs/policy/src/rules/policy.test-support.ts', '@app/risk/testing'],
  ['libs/catalog/src/openness/osaid.spec.ts', '@app/testing/mot-data'],
  ['libs/risk/src/assessment/risk-assessment.service.ts', '../engine/scoring'],
  ['libs/policy/src/rules/deep/x.ts', '../../rules/policy-rule'],
  ['libs/testing/src/test-environment.ts', '../../../apps/api/src/bootstrap'],
];

describe('library imports (eslint no-restricted-imports)', () => {
  const results = lint(
    [...REFUSED, ...ALLOWED].map(([filePath, specifier]) => ({ filePath, code: importing(specifier) })),
  );
  const restricted = (messages: Message[]) => messages.filter((m) => m.ruleId === 'no-restricted-imports');

  it.each(REFUSED.map((c, i) => [...c, i] as const))('refuses in %s the import %s', (_file, specifier, i) => {
    const found = restricted(results[i]);
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(1);
    expect(found[0].message).toContain(specifier);
  });

  it.each(ALLOWED.map((c, i) => [...c, REFUSED.length + i] as const))('allows in %s the import %s', (_file, _s, i) => {
    expect(restricted(results[i])).toEqual([]);
  });
});
