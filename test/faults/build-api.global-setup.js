const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

/**
 * The fault suite runs the built service (dist/apps/api/src/main.js) as a child process, so it builds the
 * current code first: a stale build would prove nothing about it. CI that has just run `npm run build`
 * sets FAULTS_SKIP_BUILD=1.
 */
module.exports = async function buildApi() {
  if (process.env.FAULTS_SKIP_BUILD === '1') return;
  execFileSync('npx', ['nest', 'build', 'api'], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
};
