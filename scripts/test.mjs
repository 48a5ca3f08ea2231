// The whole test suite, as README and CI run it: system packages, build, then every suite in order.
// Usage: node scripts/test.mjs [suite ...]   (suites: unit cli django supervisor lsp fuzz corpus e2e)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ALL = ['unit', 'cli', 'supervisor', 'django', 'lsp', 'fuzz', 'corpus', 'e2e'];
const requested = process.argv.slice(2);
const suites = requested.length ? requested : ALL;

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

run('bash', ['scripts/system-deps.sh']);
// Django 4.2, 5.2 and 6.1 for the parity suite, unpacked into .tools/ (cached: a no-op once there).
if (suites.includes('django')) run('bash', ['scripts/django-referees.sh']);
run('npm', ['run', '--silent', 'build']);
for (const suite of suites) {
  if (suite === 'e2e') {
    if (existsSync('scripts/e2e.mjs')) run('node', ['scripts/e2e.mjs']);
    continue;
  }
  const dir = `build/test/${suite}`;
  if (!existsSync(dir)) {
    console.log(`(no ${suite} tests yet)`);
    continue;
  }
  console.log(`\n=== ${suite} tests ===`);
  run('node', ['--test', '--test-reporter=spec', dir]);
}
