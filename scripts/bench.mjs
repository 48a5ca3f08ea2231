// `npm run bench`: what users feel, measured. Prints a table; writes bench/results/latest.json.
// Runs against the compiled engine (build/) and the bundles (server/out/), so build first (npm run build).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { settingsModule, writeMonorepo, writeSettingsProject, writeSplitChain } from '../bench/generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const build = (p) => require(path.join(ROOT, 'build', 'server', 'src', p));
const { parsePython } = build('service/python/parser.js');
const { lowerTree } = build('service/python/syntax.js');
const { NodeFileSystem } = build('host/nodeFileSystem.js');
const { LanguageService } = build('service/index.js');
const { ParseCache } = build('service/python/parseCache.js');
const { ModuleResolver } = build('service/python/modules.js');
const { evaluateSettingsModule } = build('service/python/evaluator.js');
const { discoverProjects } = build('service/project/discovery.js');

const quick = process.argv.includes('--quick');
const rows = [];
const results = {};

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), min: sorted[0], n: sorted.length };
}

function measure(fn, { warmup = 5, runs = 30 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < (quick ? Math.min(runs, 5) : runs); i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

function row(name, s, target) {
  rows.push({ name, p50: s.p50.toFixed(2), p95: s.p95.toFixed(2), n: s.n, target: target ?? '' });
  results[name] = s;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-bench-'));
try {
  // 1. Parsing and evaluation of settings modules of growing size.
  for (const lines of [100, 1000, 5000]) {
    const text = settingsModule(lines);
    row(`parse ${lines} lines (tree-sitter)`, measure(() => parsePython(text)));
    const tree = parsePython(text);
    row(`lower ${lines} lines (full)`, measure(() => lowerTree(tree, text)));
    const cache = new Map();
    lowerTree(tree, text, cache);
    row(`lower ${lines} lines (one statement edited)`, measure(() => lowerTree(tree, text, cache)));
    const dir = path.join(tmp, `settings-${lines}`);
    writeSettingsProject(dir, lines);
    const fsys = new NodeFileSystem();
    const parseCache = new ParseCache();
    const resolver = new ModuleResolver(fsys, [dir], parseCache);
    const ref = resolver.resolve('site.settings');
    const options = { isDevelopmentModule: () => false, libraryVersion: () => undefined, django: { major: 5, minor: 2 } };
    row(`evaluate ${lines} lines`, measure(() => evaluateSettingsModule(resolver, ref, options)), lines === 1000 ? '<= 5 ms' : undefined);
    const service = new LanguageService(fsys);
    const [project] = service.discover([dir]).projects;
    row(`analyse ${lines} lines (all rules)`, measure(() => service.analyze(project)));
  }
  {
    const dir = path.join(tmp, 'split');
    writeSplitChain(dir, 250);
    const service = new LanguageService(new NodeFileSystem());
    const [project] = service.discover([dir]).projects;
    row('analyse split chain, 4 modules x 250 lines', measure(() => service.analyze(project)));
  }

  // 2. Discovery on a generated monorepo full of decoys.
  {
    const dir = path.join(tmp, 'monorepo');
    const files = writeMonorepo(dir, 5000);
    const found = discoverProjects(new NodeFileSystem(), new ParseCache(), [dir]).projects.length;
    row(`discovery, ${files}-file monorepo (${found} projects)`, measure(() => discoverProjects(new NodeFileSystem(), new ParseCache(), [dir]), { warmup: 2, runs: 15 }), '<= 300 ms');
  }

  // 3. Whole-process CLI against Django's own `manage.py check --deploy` on the example project.
  {
    const example = path.join(ROOT, 'examples', 'mysite');
    const time = (command, args, options = {}) =>
      measure(() => {
        const r = spawnSync(command, args, { encoding: 'utf8', ...options });
        if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
      }, { warmup: 2, runs: 10 });
    const nodeBare = time(process.execPath, ['-e', '0']);
    row('node -e 0 (baseline)', nodeBare);
    const cli = time(process.execPath, [path.join(ROOT, 'server', 'out', 'cli.js'), 'check', example, '--format', 'json']);
    row('django-ready check examples/mysite (process)', cli);
    const django = spawnSync('/usr/bin/python3', ['-c', 'import django'], { encoding: 'utf8' });
    if (django.status === 0) {
      const deploy = time('/usr/bin/python3', ['manage.py', 'check', '--deploy'], { cwd: example, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
      row('manage.py check --deploy (Django 3.2, process)', deploy);
      const ratio = cli.p50 / deploy.p50;
      rows.push({ name: 'ratio CLI / check --deploy (p50)', p50: ratio.toFixed(3), p95: '', n: '', target: '<= 0.3 (0.1 in issue 8)' });
      results.ratio = ratio;
    } else {
      rows.push({ name: 'manage.py check --deploy', p50: 'skipped: /usr/bin/python3 has no Django', p95: '', n: '', target: '' });
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const widths = { name: Math.max(...rows.map((r) => r.name.length), 4), p50: 10, p95: 10, n: 4 };
console.log(`${'benchmark'.padEnd(widths.name)}  ${'p50 ms'.padStart(widths.p50)}  ${'p95 ms'.padStart(widths.p95)}  ${'n'.padStart(widths.n)}  target`);
for (const r of rows) console.log(`${r.name.padEnd(widths.name)}  ${String(r.p50).padStart(widths.p50)}  ${String(r.p95).padStart(widths.p95)}  ${String(r.n).padStart(widths.n)}  ${r.target}`);
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results }, null, 2));
