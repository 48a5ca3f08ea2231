// End-to-end suite in real VS Code (code-server + Chromium): installs the tools (scripts/e2e-tools.sh), then runs
// every test/e2e/*.e2e.mjs scenario in its own process (and process group), with a time bound per scenario and
// for the whole run, reaps whatever a killed scenario left behind (process groups recorded in $E2E_PIDFILE; temp dirs,
// its own and Chromium's and code-server's, all go under a per-scenario $TMPDIR), prints a summary, exits non-zero on
// failure.
// The extension's VSIX is built once per run, by the first scenario that needs it, into a folder every scenario is
// told about ($E2E_VSIX_DIR, removed at the end).
// Usage: node scripts/e2e.mjs [name-filter ...]
// Env: E2E_SCENARIO_TIMEOUT_MS (default 300000), E2E_TOTAL_TIMEOUT_MS (default 600000, excludes the tools install).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCENARIO_TIMEOUT_MS = Number(process.env.E2E_SCENARIO_TIMEOUT_MS ?? 300_000);
const TOTAL_TIMEOUT_MS = Number(process.env.E2E_TOTAL_TIMEOUT_MS ?? 600_000);
const filters = process.argv.slice(2);

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;

console.log('\n=== e2e tests (code-server + Chromium) ===');
const tTools = Date.now();
const tools = spawnSync('bash', [join(ROOT, 'scripts', 'e2e-tools.sh')], { stdio: 'inherit' });
if (tools.status !== 0) {
  console.error(`✗ e2e: scripts/e2e-tools.sh failed (exit ${tools.status ?? tools.signal})`);
  process.exit(1);
}
const toolsMs = Date.now() - tTools;

const dir = join(ROOT, 'test', 'e2e');
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.e2e.mjs'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
if (!scenarios.length) {
  console.error(`✗ e2e: no scenario matches ${filters.length ? filters.join(' ') : 'test/e2e/*.e2e.mjs'}`);
  process.exit(1);
}

/** Process ids whose process group is `pgid` (Linux /proc). @param {number} pgid */
function groupMembers(pgid) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8'); // "pid (comm) state ppid pgrp ..."
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

/** Does any member of the group look like code-server or Chromium (so a reused id is never killed)? @param {number} pgid */
function isOurs(pgid) {
  return groupMembers(pgid).some((pid) => {
    try {
      return /code-server|chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/**
 * Kills the process groups a scenario recorded in its pid file, if they still hold code-server or Chromium processes
 * (the group leader may be gone while, e.g., code-server's extension host lives on).
 * @param {string} pidFile
 */
function reap(pidFile) {
  if (!existsSync(pidFile)) return 0;
  let killed = 0;
  for (const pgid of readFileSync(pidFile, 'utf8').split('\n').map(Number).filter(Boolean)) {
    if (!isOurs(pgid)) continue;
    try {
      process.kill(-pgid, 'SIGKILL');
      killed += 1;
    } catch {
      /* already gone */
    }
  }
  return killed;
}

const vsixDir = mkdtempSync(join(tmpdir(), 'e2e-vsix-'));

/** @type {import('node:child_process').ChildProcess | undefined} */
let current;
let currentPidFile = '';
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    console.error(`\n✗ e2e: ${signal}; stopping`);
    if (current?.pid)
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    if (currentPidFile) {
      reap(currentPidFile);
      rmSync(dirname(currentPidFile), { recursive: true, force: true });
    }
    rmSync(vsixDir, { recursive: true, force: true });
    process.exit(130);
  });
}

/**
 * Runs one scenario file in its own process group, bounded by `timeoutMs`.
 * @param {string} file @param {number} timeoutMs
 * @returns {Promise<{ ok: boolean, detail: string }>}
 */
function runScenario(file, timeoutMs) {
  const work = mkdtempSync(join(tmpdir(), 'e2e-run-'));
  currentPidFile = join(work, 'pids');
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(dir, file)], {
      cwd: ROOT,
      stdio: 'inherit',
      detached: true,
      env: { ...process.env, E2E_PIDFILE: currentPidFile, TMPDIR: work, E2E_VSIX_DIR: vsixDir },
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n✗ e2e: ${file} exceeded ${seconds(timeoutMs)}; killing it`);
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
      } catch {
        /* gone */
      }
      setTimeout(() => {
        try {
          process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5_000).unref();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
      } catch {
        /* group already empty */
      }
      const reaped = reap(currentPidFile);
      if (reaped) console.error(`  (reaped ${reaped} leftover process group(s) of ${file})`);
      rmSync(work, { recursive: true, force: true });
      currentPidFile = '';
      const detail = timedOut ? 'timed out' : signal ? `killed by ${signal}` : `exit ${code}`;
      resolvePromise({ ok: !timedOut && code === 0, detail });
    });
  });
}

const tStart = Date.now();
/** @type {{ file: string, ok: boolean, detail: string, ms: number }[]} */
const results = [];
for (const file of scenarios) {
  const left = TOTAL_TIMEOUT_MS - (Date.now() - tStart);
  if (left <= 0) {
    results.push({ file, ok: false, detail: 'not run: total time budget spent', ms: 0 });
    continue;
  }
  const t0 = Date.now();
  const { ok, detail } = await runScenario(file, Math.min(SCENARIO_TIMEOUT_MS, left));
  results.push({ file, ok, detail, ms: Date.now() - t0 });
}

rmSync(vsixDir, { recursive: true, force: true });

const failed = results.filter((r) => !r.ok);
console.log(`\n=== e2e summary (tools ${seconds(toolsMs)}, scenarios ${seconds(Date.now() - tStart)}) ===`);
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.file.padEnd(32)} ${seconds(r.ms).padStart(8)}  ${r.ok ? '' : r.detail}`);
console.log(
  failed.length
    ? `✗ ${failed.length} of ${results.length} e2e scenario(s) failed (screenshots and logs: test-results/e2e/)`
    : `✓ all ${results.length} e2e scenario(s) passed`,
);
process.exit(failed.length ? 1 : 0);
