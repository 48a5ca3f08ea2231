// The whole test suite, as README and CI run it: system packages (when root), build, then every suite in order.
// Usage: node scripts/test.mjs [suite ...]   (suites: lint unit cli supervisor django lsp neovim fuzz corpus e2e)
//
// A suite whose real components (scripts/components.mjs) are missing is skipped with what to install, so a
// contributor without Debian or root can still run the rest; with CI=true a missing component fails the run.
// Each suite gets a temporary folder of its own as TMPDIR; whatever it leaves there fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { missingFor } from './components.mjs';

const ALL = ['lint', 'unit', 'cli', 'supervisor', 'django', 'lsp', 'neovim', 'fuzz', 'corpus', 'e2e'];
const requested = process.argv.slice(2);
for (const suite of requested) {
  if (!ALL.includes(suite)) {
    console.error(`unknown suite "${suite}"; suites: ${ALL.join(' ')}`);
    process.exit(2);
  }
}
const suites = requested.length ? requested : ALL;
const onCI = process.env.CI === 'true';
const isRoot = process.getuid?.() === 0;

/** @param {string} command @param {string[]} args @param {Record<string, string>} env */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function fail(message, status = 1) {
  console.error(`\n✗ ${message}`);
  process.exit(status);
}

if (isRoot) {
  const status = run('bash', ['scripts/system-deps.sh']);
  if (status !== 0) fail(`scripts/system-deps.sh failed (exit ${status})`, status);
} else {
  console.log('Not root: Debian packages are not installed; suites whose components are missing are skipped.');
}
// Django 4.2, 5.2 and 6.1 for the parity suite, unpacked into .tools/ (cached: a no-op once there).
if (suites.includes('django') && !missingFor('django').length) {
  const status = run('bash', ['scripts/django-referees.sh']);
  if (status !== 0) fail(`scripts/django-referees.sh failed (exit ${status})`, status);
}
const built = run('npm', ['run', '--silent', 'build']);
if (built !== 0) fail(`npm run build failed (exit ${built})`, built);

/** The code cache the CLI and server keep in the temp folder on purpose (server/src/codeCache.ts). */
const KEPT = new Set([`django-ready-${process.getuid?.() ?? userInfo().username}`]);

/** @type {{ suite: string, outcome: string }[]} */
const summary = [];
for (const suite of suites) {
  if (suite === 'lint') {
    // Biome: the linter's rules and the formatter's layout (biome.json), on the sources and tests.
    console.log('\n=== lint ===');
    const status = run(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'ci', '--error-on-warnings']);
    if (status !== 0) fail(`lint failed (exit ${status}): npm run format fixes the layout; the rest is in the report above`, status);
    summary.push({ suite, outcome: 'passed' });
    continue;
  }
  const command = suite === 'e2e' ? ['scripts/e2e.mjs'] : ['--test', '--test-reporter=spec', `build/test/${suite}`];
  if (suite !== 'e2e' && !existsSync(`build/test/${suite}`)) {
    console.log(`(no ${suite} tests yet)`);
    continue;
  }
  console.log(`\n=== ${suite} tests ===`);
  const missing = missingFor(suite);
  if (missing.length) {
    const lines = missing.map((component) => `  - ${component.what}\n    (${isRoot ? '' : 'sudo '}${component.install})`).join('\n');
    if (onCI) fail(`${suite}: missing on CI:\n${lines}`);
    console.log(`skipped: this machine lacks\n${lines}`);
    summary.push({ suite, outcome: `skipped (missing ${missing.map((component) => component.id).join(', ')})` });
    continue;
  }
  const temp = mkdtempSync(join(tmpdir(), `django-ready-suite-${suite}-`));
  const t0 = Date.now();
  const status = run(process.execPath, command, { TMPDIR: temp });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (status !== 0) fail(`${suite} tests failed (exit ${status}); their temporary files are in ${temp}`, status);
  const left = readdirSync(temp).filter((name) => !KEPT.has(name));
  rmSync(temp, { recursive: true, force: true });
  if (left.length) fail(`${suite} tests left ${left.length} temporary file(s) behind: ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', ...' : ''}`);
  summary.push({ suite, outcome: `passed in ${seconds} s, no temporary files left` });
}
console.log('\n=== summary ===');
for (const { suite, outcome } of summary) console.log(`${suite.padEnd(11)} ${outcome}`);
