// Lints source snippets with the repository's ESLint configuration, through ESLint's Node API, in a process of
// its own (ESLint loads eslint.config.mjs with import(), which Jest's module sandbox does not provide).
// stdin: [{ "filePath": "libs/x/src/y.ts", "code": "…" }]; stdout: for each snippet, its messages.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: root });
const results = [];
for (const { filePath, code } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line })));
}
process.stdout.write(JSON.stringify(results));
