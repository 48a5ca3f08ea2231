// `npm run corpus`: the CLI over every real project in ../shared/corpus (the development corpus beside the
// checkout), as a new user would run it. Per project: the settings module it chose and why, the Django version,
// the findings by area, what it could not see (unknown checks and their reasons), and the whole-process time next to
// `node -e 0` measured in turn with it (and, for comparison, a first run without the caches). Skipped with a note
// when the corpus is absent.
// Usage: node scripts/corpus.mjs [--corpus DIR] [--runs N] [--json FILE] [project ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = process.argv[index + 1];
  process.argv.splice(index, 2);
  return value;
}

const corpus = resolve(option('--corpus', process.env.DJANGO_READY_CORPUS ?? join(ROOT, '..', 'shared', 'corpus')));
const runs = Math.max(1, Number(option('--runs', '7')));
const jsonOut = option('--json', join(ROOT, 'build', 'corpus', 'summary.json'));
const only = process.argv.slice(2);

if (!existsSync(corpus)) {
  console.log(`corpus: ${corpus} is absent; nothing to run (set DJANGO_READY_CORPUS or --corpus to point at one).`);
  process.exit(0);
}
if (!existsSync(CLI)) {
  console.error('corpus: server/out/cli.js is missing; run `npm run build` first.');
  process.exit(1);
}

const projects = readdirSync(corpus)
  .filter((name) => statSync(join(corpus, name)).isDirectory() && (only.length === 0 || only.includes(name)))
  .sort();

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

function wallTime(args, env = process.env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20, env });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** What a first run pays: no V8 code cache, no syntax cache (and neither written). */
const UNCACHED = { ...process.env, DJANGO_READY_NO_CODE_CACHE: '1', DJANGO_READY_NO_SYNTAX_CACHE: '1' };

/**
 * Median wall times of `runs` runs of the CLI and of `node -e 0`, taken in turn so both see the same machine (its
 * load drifts over a corpus run), after one run of each that is not counted (it writes the CLI's caches); and of
 * a few runs without the caches, as a first run in a fresh CI job is.
 */
function timed(args) {
  wallTime(['-e', '0']);
  let last = wallTime(args).result;
  const times = [];
  const baselines = [];
  const uncached = [];
  for (let i = 0; i < runs; i++) {
    baselines.push(wallTime(['-e', '0']).ms);
    const run = wallTime(args);
    times.push(run.ms);
    last = run.result;
    if (i < 3) uncached.push(wallTime(args, UNCACHED).ms);
  }
  return { ms: median(times), baseline: median(baselines), uncached: median(uncached), result: last };
}

const baseline = median(Array.from({ length: runs }, () => wallTime(['-e', '0']).ms));
const summary = { corpus, runs, nodeBaselineMs: round(baseline), projects: [] };
let failures = 0;

console.log(`corpus: ${projects.length} projects in ${corpus}; median of ${runs} runs each, taken in turn with node -e 0 (${baseline.toFixed(0)} ms here)\n`);
for (const name of projects) {
  const { ms, baseline: nodeMs, uncached, result } = timed([CLI, 'check', join(corpus, name), '--format', 'json', '--fail-level', 'never']);
  const entry = {
    name,
    ms: round(ms),
    nodeMs: round(nodeMs),
    ratio: round(ms / nodeMs),
    uncachedMs: round(uncached),
    uncachedRatio: round(uncached / nodeMs),
    exit: result.status,
    projects: [],
  };
  summary.projects.push(entry);
  if (result.status !== 0) {
    failures++;
    console.log(`✗ ${name}: exit ${result.status ?? result.signal}\n${indent(result.stderr.trim())}\n`);
    continue;
  }
  const report = JSON.parse(result.stdout);
  console.log(
    `■ ${name}  (${ms.toFixed(0)} ms, ${(ms / nodeMs).toFixed(2)}× node -e 0 at ${nodeMs.toFixed(0)} ms; first run, without caches: ${uncached.toFixed(0)} ms, ${(uncached / nodeMs).toFixed(2)}×)`,
  );
  for (const project of report.projects) {
    const byArea = {};
    for (const finding of project.findings) (byArea[finding.area] ??= []).push(finding.code);
    const unknown = project.checklist.filter((area) => area.status === 'unknown');
    const required = project.environment.filter((read) => read.required).map((read) => read.name);
    entry.projects.push({
      root: project.root,
      settingsModule: project.settingsModule,
      settingsReason: project.settingsReason,
      django: `${project.djangoVersion} (${project.djangoVersionSource})`,
      findings: project.findings.map((finding) => `${finding.code} ${finding.file}:${finding.range.start.line + 1}`),
      unknown: unknown.map((area) => `${area.area}: ${area.reason}`),
      required: [...new Set(required)],
    });
    console.log(`  project   ${project.root.replace(`${corpus}/`, '')}`);
    console.log(`  settings  ${project.settingsModule ?? '(none)'} — ${project.settingsReason}`);
    console.log(`  django    ${project.djangoVersion} (${project.djangoVersionSource})   score ${project.score.passed}/${project.score.total}`);
    for (const [area, codes] of Object.entries(byArea)) console.log(`  ${area.padEnd(20)} ${countCodes(codes)}`);
    for (const area of unknown) console.log(`  unknown   ${area.area}: ${area.reason}`);
    if (required.length) console.log(`  required  ${[...new Set(required)].join(', ')}`);
  }
  console.log('');
}

const worst = summary.projects.reduce((max, p) => Math.max(max, p.ratio ?? 0), 0);
const worstUncached = summary.projects.reduce((max, p) => Math.max(max, p.uncachedRatio ?? 0), 0);
console.log(`slowest project: ${worst.toFixed(2)}× node -e 0 (first run, without caches: ${worstUncached.toFixed(2)}×)`);
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`summary: ${jsonOut}`);
process.exit(failures ? 1 : 0);

function countCodes(codes) {
  const counts = new Map();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, n]) => (n > 1 ? `${code}×${n}` : code)).join(' ');
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function round(n) {
  return Math.round(n * 100) / 100;
}
