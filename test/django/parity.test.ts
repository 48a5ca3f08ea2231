// Parity with the real thing, under every supported series: for every scenario, pinned to Django 3.2, 4.2, 5.2 and
// 6.1 in turn, the Django ids of our findings equal what that Django's `manage.py check --deploy` reports; where it
// refuses to start, we report that as an error. Then the CLI's fix loop (`check --fix --select DR9,DR02`) is applied to
// a copy: every settings file still parses, no fix is offered twice, and Django, run with the variables the fixed
// settings require, reports none of the fixed ids and still agrees with us.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCheck } from '../../server/src/cli/check';
import type { Report } from '../../server/src/cli/report';
import type { Finding } from '../../server/src/service/types';
import { analyzeOne } from '../helpers/project';
import { pythonSyntaxErrors } from '../fuzz/pythonBatch';
import { REPO_ROOT } from '../helpers/paths';
import { COMPARED_ID, DeployCheckPool, DJANGO_SERIES, type DjangoCheckResult, type DjangoSeries, referee, startProject } from './djangoCheck';
import { expectationFor, isRefusal, projectFiles, type Scenario, SCENARIOS, STRONG_KEY } from './scenarios';

type ReportedFinding = Report['projects'][number]['findings'][number];

interface Prepared {
  scenario: Scenario;
  /** The fixes changed no file, so Django's second run would repeat the first. */
  unchanged: boolean;
  root: string;
  ours: Finding[];
  fixedRoot: string;
  fixed: Report['projects'][number];
  /** Django ids of the findings that had a fix before the loop ran. */
  fixedIds: string[];
  fixEnv: Record<string, string>;
  /** Settings files after the fixes that Python cannot parse, with the error. */
  syntaxErrors: string[];
}

interface Outcome {
  before: DjangoCheckResult;
  after: DjangoCheckResult;
}

const PARALLEL = 2;

const temporary: string[] = [];

/** A new empty folder, removed after the suite (made here: the suite creates its projects inside a hook). */
function temporaryFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-parity-'));
  temporary.push(dir);
  return dir;
}

function createProject(scenario: Scenario, series: DjangoSeries): string {
  const root = temporaryFolder();
  const { version } = referee(series);
  if (scenario.startproject) {
    startProject(series, 'mysite', root);
    fs.writeFileSync(path.join(root, 'requirements.txt'), `Django==${version}\n`);
    return root;
  }
  for (const [relative, content] of Object.entries(projectFiles(scenario, version))) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return root;
}

function copyProject(root: string): string {
  const copy = temporaryFolder();
  fs.cpSync(root, copy, { recursive: true });
  return copy;
}

/** Whether two project folders hold the same files with the same contents. */
function sameTree(a: string, b: string): boolean {
  const list = (root: string): string[] =>
    (fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[]).filter((file) => fs.statSync(path.join(root, file)).isFile()).sort();
  const files = list(a);
  const others = list(b);
  return (
    files.length === others.length &&
    files.every((file, index) => file === others[index] && fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file))))
  );
}

function djangoIdsOf(findings: readonly { djangoId: string | null }[]): string[] {
  return [...new Set(findings.map((finding) => finding.djangoId).filter((id): id is string => !!id && COMPARED_ID.test(id)))].sort();
}

/** Our findings that say the project's Django refuses to start. */
function refusals(findings: readonly (Finding | ReportedFinding)[], series: DjangoSeries): (Finding | ReportedFinding)[] {
  return findings.filter((finding) => finding.severity === 'error' && finding.message.startsWith(`Django ${series} refuses to start`));
}

/** The CLI's own fix loop, in process: `django-ready check ROOT --fix --select DR9,DR02 --format json`. */
function fixWithCli(root: string): Report['projects'][number] {
  let out = '';
  const status = runCheck(
    { command: 'check', paths: [root], format: 'json', failLevel: 'never', select: ['DR9', 'DR02'], ignore: [], fix: true, color: false, cache: false },
    { cwd: root, stdout: (text) => (out += text), stderr: () => undefined, isTTY: false },
  );
  assert.equal(status, 0);
  return (JSON.parse(out) as Report).projects[0];
}

const FIXED_CODE = /^(DR9|DR02)/;

/** Values for the variables the fixed settings require: a strong key for keys, a domain for hosts, else the scenario's. */
function environmentFor(project: Report['projects'][number], scenario: Scenario): Record<string, string> {
  const env: Record<string, string> = { ...scenario.env };
  for (const variable of project.environment.filter((read) => read.required)) {
    if (env[variable.name]) continue;
    if (/KEY/.test(variable.name)) env[variable.name] = STRONG_KEY;
    else if (/HOSTS/.test(variable.name)) env[variable.name] = 'example.com';
    else throw new Error(`${scenario.name}: no value for the required variable $${variable.name}`);
  }
  return env;
}

function settingsFiles(root: string): string[] {
  const dir = path.join(root, 'mysite');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.py'));
  return files.map((file) => path.join(dir, file));
}

test('the suite covers at least 40 scenarios', () => {
  assert.ok(SCENARIOS.length >= 40, `${SCENARIOS.length} scenarios`);
  assert.equal(new Set(SCENARIOS.map((s) => s.name)).size, SCENARIOS.length, 'scenario names are unique');
});

/** Scenario -> series -> what Django reported and whether we agreed, written to build/parity/table.md at the end. */
const table = new Map<string, Map<DjangoSeries, string>>();

function record(scenario: Scenario, series: DjangoSeries, cell: string): void {
  if (!table.has(scenario.name)) table.set(scenario.name, new Map());
  table.get(scenario.name)!.set(series, cell);
}

after(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
  if (!table.size) return;
  const cell = (text: string | undefined): string => (text ?? 'not run').replace(/\|/g, '\\|');
  const lines = [
    '# Parity with manage.py check --deploy',
    '',
    'Django ids each real Django reported per scenario (`security.` dropped), "refuses" where it would not start, and ✗ where',
    'Django Ready disagreed. Written by test/django/parity.test.ts.',
    '',
    `| Scenario | ${DJANGO_SERIES.join(' | ')} |`,
    `|---|${DJANGO_SERIES.map(() => '---').join('|')}|`,
    ...[...table].map(([name, row]) => `| ${cell(name)} | ${DJANGO_SERIES.map((series) => cell(row.get(series))).join(' | ')} |`),
  ];
  const out = path.join(REPO_ROOT, 'build', 'parity');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'table.md'), `${lines.join('\n')}\n`);
});

for (const series of DJANGO_SERIES) {
  describe(`parity with Django ${series} manage.py check --deploy`, () => {
    const prepared = new Map<Scenario, Prepared>();
    const outcomes = new Map<Scenario, Outcome>();
    const scenarios = SCENARIOS.filter((scenario) => !scenario.series || scenario.series.includes(series));

    let pool: DeployCheckPool | undefined;
    after(() => pool?.close());

    before(async () => {
      pool = new DeployCheckPool(series, PARALLEL);
      for (const scenario of scenarios) {
        const root = createProject(scenario, series);
        const analysis = analyzeOne(root);
        const fixedRoot = copyProject(root);
        const fixed = fixWithCli(fixedRoot);
        // A fix that keeps today's value until production sets a variable (ALLOWED_HOSTS read from an optional
        // $DJANGO_ALLOWED_HOSTS) leaves its finding, which we still report: Django must agree, not be silent.
        const stays = new Set(djangoIdsOf(fixed.findings));
        const fixedIds = djangoIdsOf(analysis.findings.filter((finding) => finding.fix && FIXED_CODE.test(finding.code))).filter((id) => !stays.has(id));
        const fixEnv = environmentFor(fixed, scenario);
        const unchanged = sameTree(root, fixedRoot) && JSON.stringify(fixEnv) === JSON.stringify({ ...scenario.env });
        prepared.set(scenario, { scenario, unchanged, root, ours: analysis.findings, fixedRoot, fixed, fixedIds, fixEnv, syntaxErrors: [] });
      }
      const files = [...prepared.values()].flatMap((p) => settingsFiles(p.fixedRoot).map((file) => ({ p, file })));
      pythonSyntaxErrors(files.map(({ file }) => fs.readFileSync(file, 'utf8'))).forEach((error, index) => {
        if (error) files[index].p.syntaxErrors.push(`${files[index].file}: ${error}`);
      });
      const all = [...prepared.values()];
      const runs = all.flatMap((p) => [
        { root: p.root, settingsModule: p.scenario.settingsModule, env: p.scenario.env },
        ...(p.unchanged ? [] : [{ root: p.fixedRoot, settingsModule: p.scenario.settingsModule, env: p.fixEnv }]),
      ]);
      const results = await Promise.all(runs.map((run) => pool!.check(run.root, run.settingsModule, run.env)));
      let next = 0;
      for (const p of all) {
        const first = results[next++];
        outcomes.set(p.scenario, { before: first, after: p.unchanged ? first : results[next++] });
      }
    });

    for (const scenario of scenarios) {
      test(`${scenario.name}: Django ${series} and Django Ready agree`, () => {
        const p = prepared.get(scenario)!;
        const { before: django } = outcomes.get(scenario)!;
        const expected = expectationFor(scenario, series);
        record(scenario, series, '✗');
        if (isRefusal(expected)) {
          assert.ok(!django.ran, `Django ${series} was expected to refuse to start, but ran its checks:\n${django.output}`);
          assert.match(
            `${django.failure}\n${django.setupFailure}`,
            expected.refuses,
            `Django ${series} stopped differently (django.setup(): ${django.setupFailure}):\n${django.output}`,
          );
          assert.ok(
            refusals(p.ours, series).length > 0,
            `we should say Django ${series} refuses to start (${django.failure}); we reported ${p.ours.map((f) => f.code).join(', ')}`,
          );
        } else {
          assert.ok(django.ran, `Django ${series} did not complete its checks:\n${django.output}`);
          assert.deepEqual(django.ids, [...expected].sort(), `Django ${series} disagrees with the scenario:\n${django.output}`);
          assert.deepEqual(djangoIdsOf(p.ours), django.ids);
          assert.deepEqual(refusals(p.ours, series), [], 'Django started, so we must not say it refuses to');
        }
        const codes = new Set(p.ours.map((finding) => finding.code));
        for (const code of scenario.ours?.[series] ?? []) assert.ok(codes.has(code), `${code} missing under ${series}; we reported ${[...codes].join(', ')}`);
        record(scenario, series, isRefusal(expected) ? 'refuses' : django.ids.map((id) => id.replace(/^security\./, '')).join(', ') || 'none');
      });

      test(`${scenario.name}: after --fix, the settings parse and Django ${series} reports none of the fixed ids`, () => {
        const p = prepared.get(scenario)!;
        const { after: django } = outcomes.get(scenario)!;
        assert.deepEqual(p.syntaxErrors, [], 'the fixed settings no longer parse');
        assert.deepEqual(
          p.fixed.findings.filter((finding) => finding.fix && FIXED_CODE.test(finding.code)).map((finding) => finding.code),
          [],
          'every fix removed its own finding',
        );
        if (!django.ran) {
          const left = refusals(p.fixed.findings, series);
          assert.ok(
            left.length > 0,
            `Django ${series} does not start after the fixes (env ${JSON.stringify(p.fixEnv)}) and we do not say so:\n${django.output}`,
          );
          return;
        }
        assert.deepEqual(
          django.ids.filter((id) => p.fixedIds.includes(id)),
          [],
          `fixed ids still reported:\n${django.output}`,
        );
        assert.deepEqual(djangoIdsOf(p.fixed.findings), django.ids, 'parity still holds after the fixes');
        assert.deepEqual(refusals(p.fixed.findings, series), [], 'Django starts after the fixes, so we must not say it refuses to');
      });
    }
  });
}
