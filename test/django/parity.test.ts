// Parity with the real thing: for every scenario, the Django ids of our findings (judged as Django 3.2) equal what
// Django 3.2's `manage.py check --deploy` reports. Then the CLI's fix loop (`check --fix --select DR9`) is applied
// to a copy: every settings file still parses, no fix is offered twice, and Django, run with the variables the
// fixed settings require, reports none of the fixed ids and still agrees with us.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCheck } from '../../server/src/cli/check';
import type { Report } from '../../server/src/cli/report';
import { analyzeOne } from '../helpers/project';
import { SYSTEM_PYTHON } from '../helpers/paths';
import { pythonSyntaxError } from '../helpers/python';
import { COMPARED_ID, type DjangoCheckResult, mapLimit, runDeployCheck } from './djangoCheck';
import { projectFiles, type Scenario, SCENARIOS, STRONG_KEY } from './scenarios';

interface Prepared {
  scenario: Scenario;
  root: string;
  ours: string[];
  fixedRoot: string;
  fixed: Report['projects'][number];
  /** Django ids of the findings that had a fix before the loop ran. */
  fixedIds: string[];
  fixEnv: Record<string, string>;
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

function createProject(scenario: Scenario): string {
  const root = temporaryFolder();
  if (scenario.startproject) {
    execFileSync(SYSTEM_PYTHON, ['-m', 'django', 'startproject', 'mysite', root], { env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1' } });
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'Django==3.2.25\n');
    return root;
  }
  for (const [relative, content] of Object.entries(projectFiles(scenario))) {
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

function djangoIdsOf(djangoIds: (string | null)[]): string[] {
  return [...new Set(djangoIds.filter((id): id is string => !!id && COMPARED_ID.test(id)))].sort();
}

/** The CLI's own fix loop, in process: `django-ready check ROOT --fix --select DR9 --format json`. */
function fixWithCli(root: string): Report['projects'][number] {
  let out = '';
  const status = runCheck(
    { command: 'check', paths: [root], format: 'json', failLevel: 'never', select: ['DR9'], ignore: [], fix: true, color: false },
    { cwd: root, stdout: (text) => (out += text), stderr: () => undefined, isTTY: false },
  );
  assert.equal(status, 0);
  return (JSON.parse(out) as Report).projects[0];
}

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

describe('parity with Django 3.2 manage.py check --deploy', () => {
  const prepared: Prepared[] = [];
  const outcomes = new Map<string, Outcome>();

  after(() => {
    for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
  });

  before(async () => {
    for (const scenario of SCENARIOS) {
      const root = createProject(scenario);
      const analysis = analyzeOne(root);
      const fixedRoot = copyProject(root);
      const fixedIds = djangoIdsOf(analysis.findings.filter((finding) => finding.fix && finding.code.startsWith('DR9')).map((finding) => finding.djangoId));
      const fixed = fixWithCli(fixedRoot);
      prepared.push({ scenario, root, ours: djangoIdsOf(analysis.findings.map((finding) => finding.djangoId)), fixedRoot, fixed, fixedIds, fixEnv: environmentFor(fixed, scenario) });
    }
    const runs = prepared.flatMap((p) => [
      { root: p.root, settingsModule: p.scenario.settingsModule, env: p.scenario.env },
      { root: p.fixedRoot, settingsModule: p.scenario.settingsModule, env: p.fixEnv },
    ]);
    const results = await mapLimit(runs, PARALLEL, (run) => runDeployCheck(run.root, run.settingsModule, run.env));
    prepared.forEach((p, index) => outcomes.set(p.scenario.name, { before: results[2 * index], after: results[2 * index + 1] }));
  });

  test('the suite covers at least 40 scenarios', () => {
    assert.ok(SCENARIOS.length >= 40, `${SCENARIOS.length} scenarios`);
    assert.equal(new Set(SCENARIOS.map((s) => s.name)).size, SCENARIOS.length, 'scenario names are unique');
  });

  for (const scenario of SCENARIOS) {
    test(`${scenario.name}: Django and Django Ready report the same ids`, () => {
      const p = prepared.find((candidate) => candidate.scenario === scenario)!;
      const { before: django } = outcomes.get(scenario.name)!;
      assert.ok(django.ran, `Django did not complete its checks:\n${django.output}`);
      assert.deepEqual(django.ids, [...scenario.expected].sort(), `Django 3.2 disagrees with the reference for this scenario:\n${django.output}`);
      assert.deepEqual(p.ours, django.ids);
    });

    test(`${scenario.name}: after --fix, the settings parse and Django reports none of the fixed ids`, () => {
      const p = prepared.find((candidate) => candidate.scenario === scenario)!;
      const { after: django } = outcomes.get(scenario.name)!;
      for (const file of settingsFiles(p.fixedRoot)) assert.equal(pythonSyntaxError(fs.readFileSync(file, 'utf8')), undefined, `${file} no longer parses`);
      assert.deepEqual(
        p.fixed.findings.filter((finding) => finding.fix).map((finding) => finding.code),
        [],
        'every fix removed its own finding',
      );
      assert.ok(django.ran, `Django did not complete its checks after the fixes (env ${JSON.stringify(p.fixEnv)}):\n${django.output}`);
      assert.deepEqual(django.ids.filter((id) => p.fixedIds.includes(id)), [], `fixed ids still reported:\n${django.output}`);
      assert.deepEqual(djangoIdsOf(p.fixed.findings.map((finding) => finding.djangoId)), django.ids, 'parity still holds after the fixes');
    });
  }
});
