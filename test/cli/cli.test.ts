// The built CLI (server/out/cli.js) as a process: the JSON contract, formats, exit codes, fixes, bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { AREAS } from '../../server/src/service/types';
import { CLI, REPO_ROOT } from '../helpers/paths';
import { MANAGE_PY, settingsProject, writeProject } from '../helpers/project';
import { pythonSyntaxError } from '../helpers/python';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd = REPO_ROOT, env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: string[], cwd?: string): { run: Run; report: any } {
  const run = cli([...args, '--format', 'json'], cwd);
  return { run, report: JSON.parse(run.stdout) };
}

function assertNoStackTrace(run: Run): void {
  assert.doesNotMatch(run.stderr, /^\s+at .+\(.+:\d+:\d+\)$/m, `no stack trace expected, got:\n${run.stderr}`);
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'];
const STATUSES = ['pass', 'fail', 'warn', 'unknown', 'off'];

/** Checks every field of the documented JSON contract. */
function assertContract(report: any): void {
  assert.deepEqual(Object.keys(report.tool).sort(), ['name', 'version']);
  assert.equal(report.tool.name, 'django-ready');
  assert.match(report.tool.version, /^\d+\.\d+\.\d+/);
  assert.ok(Array.isArray(report.projects));
  for (const project of report.projects) {
    for (const key of ['root', 'settingsModule', 'settingsFiles', 'djangoVersion', 'environment', 'processes', 'checklist', 'findings'])
      assert.ok(key in project, `project.${key}`);
    assert.doesNotMatch(project.root, /\\/);
    assert.ok(!path.isAbsolute(project.root));
    assert.match(project.djangoVersion, /^\d+\.\d+$/);
    for (const file of project.settingsFiles) assert.ok(!path.isAbsolute(file) && !file.includes('\\'));
    for (const env of project.environment) {
      assert.deepEqual(Object.keys(env).sort(), ['default', 'file', 'line', 'name', 'providedBy', 'required', 'status']);
      assert.equal(typeof env.required, 'boolean');
      assert.equal(typeof env.line, 'number');
      assert.ok(['provided', 'missing', 'unknown'].includes(env.status));
      for (const by of env.providedBy) assert.deepEqual(Object.keys(by).sort(), ['file', 'line', 'source', 'template']);
    }
    for (const process of project.processes) {
      assert.deepEqual(Object.keys(process).sort(), [
        'app',
        'command',
        'interface',
        'name',
        'production',
        'program',
        'purpose',
        'roles',
        'startedBy',
        'supervisor',
        'workers',
      ]);
      assert.ok(!path.isAbsolute(process.startedBy.file) && !path.isAbsolute(process.supervisor.file));
    }
    assert.deepEqual(
      project.checklist.map((area: any) => area.area),
      [...AREAS],
    );
    for (const area of project.checklist) {
      assert.ok(STATUSES.includes(area.status), area.status);
      assert.equal(typeof area.title, 'string');
      assert.ok(Array.isArray(area.codes));
    }
    for (const finding of project.findings) {
      assert.deepEqual(Object.keys(finding).sort(), ['area', 'code', 'djangoId', 'file', 'fix', 'message', 'range', 'severity']);
      assert.match(finding.code, /^DR\d{3}$/);
      assert.ok(finding.djangoId === null || /^[a-z_0-9]+\.[EW]\d{3}$/.test(finding.djangoId), finding.djangoId);
      assert.ok(SEVERITIES.includes(finding.severity));
      assert.ok((AREAS as readonly string[]).includes(finding.area));
      assert.ok(!path.isAbsolute(finding.file) && !finding.file.includes('\\'), finding.file);
      for (const end of ['start', 'end']) {
        assert.ok(Number.isInteger(finding.range[end].line) && finding.range[end].line >= 0);
        assert.ok(Number.isInteger(finding.range[end].character) && finding.range[end].character >= 0);
      }
      assert.ok(finding.fix === null || (typeof finding.fix.title === 'string' && Object.keys(finding.fix).length === 1));
      assert.ok(project.checklist.find((area: any) => area.area === finding.area).codes.includes(finding.code));
    }
  }
}

describe('usage', () => {
  test('--help and --version exit 0', () => {
    const help = cli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /django-ready check \[PATH \.\.\.\]/);
    const version = cli(['--version']);
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^django-ready \d+\.\d+\.\d+\n$/);
  });

  test('usage errors exit 2 with a clear message', () => {
    for (const args of [
      ['frobnicate'],
      ['check', '--format', 'xml'],
      ['check', '--fail-level', 'loud'],
      ['check', '--bogus'],
      ['check', '--settings', 'not a module'],
    ]) {
      const run = cli(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^django-ready: /);
      assertNoStackTrace(run);
    }
  });

  test('no Django project: exit 2, saying where it looked', () => {
    const empty = writeProject({ 'README.md': 'nothing here\n', 'node_modules/x/manage.py': '' });
    const run = cli(['check', empty]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, new RegExp(`no Django project found \\(no manage\\.py\\) under ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const missing = cli(['check', path.join(empty, 'nope')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /does not exist/);
  });
});

describe('the example project', () => {
  test('JSON follows the contract, paths relative to the working directory and the project root', () => {
    const { run, report } = json(['check', 'examples/mysite']);
    assertContract(report);
    assert.equal(run.status, 1, 'warnings reach the default fail level');
    const [project] = report.projects;
    assert.equal(project.root, 'examples/mysite');
    assert.equal(project.settingsModule, 'mysite.settings');
    assert.deepEqual(project.settingsFiles, ['mysite/settings.py']);
    assert.equal(project.djangoVersion, '4.2');
    const debug = project.findings.find((f: any) => f.code === 'DR918');
    assert.deepEqual(
      { ...debug, message: undefined },
      {
        code: 'DR918',
        djangoId: 'security.W018',
        area: 'security',
        severity: 'warning',
        message: undefined,
        file: 'mysite/settings.py',
        range: { start: { line: 7, character: 0 }, end: { line: 7, character: 12 } },
        fix: { title: 'Read DEBUG from $DJANGO_DEBUG, default False' },
      },
    );
    const fromInside = json(['check', '.'], path.join(REPO_ROOT, 'examples', 'mysite')).report;
    assert.equal(fromInside.projects[0].root, '.');
  });

  test('text output: grouped by area with a score, colours only when asked or on a terminal', () => {
    const plain = cli(['check', 'examples/mysite']);
    assert.match(plain.stdout, /^mysite {2}examples\/mysite {2}· {2}settings mysite\.settings {2}· {2}Django 4\.2$/m);
    assert.match(plain.stdout, /^Readiness \d+\/10$/m);
    assert.match(plain.stdout, /examples\/mysite\/mysite\/settings\.py:8:1 {2}warning {2}DR918 {2}DEBUG is true in production/);
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    assert.match(cli(['check', 'examples/mysite', '--color']).stdout, /\x1b\[/);
    assert.doesNotMatch(cli(['check', 'examples/mysite', '--no-color']).stdout, /\x1b\[/);
  });

  test('SARIF 2.1.0', () => {
    const run = cli(['check', 'examples/mysite', '--format', 'sarif']);
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const [sarifRun] = log.runs;
    assert.equal(sarifRun.tool.driver.name, 'django-ready');
    const rules = sarifRun.tool.driver.rules;
    for (const rule of rules) {
      assert.match(rule.id, /^DR\d{3}$/);
      assert.match(rule.helpUri, /\/docs\/rules\/DR\d{3}\.md$/);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const result = sarifRun.results.find((r: any) => r.ruleId === 'DR918');
    assert.equal(rules[result.ruleIndex].id, 'DR918');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'examples/mysite/mysite/settings.py', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 8, startColumn: 1, endLine: 8, endColumn: 13 });
    assert.match(sarifRun.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  });

  test('SARIF validates against the SARIF 2.1.0 schema; every rule has what GitHub code scanning shows', () => {
    const log: any = JSON.parse(cli(['check', 'examples/mysite', '--format', 'sarif']).stdout);
    // The OASIS schema (draft-04), as shipped in @microsoft/jest-sarif; ajv-formats checks the uri and date-time formats.
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The schema's language pattern is not a valid Unicode-mode regular expression; JSON Schema patterns are ECMA 262.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid: boolean = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const rules = log.runs[0].tool.driver.rules;
    assert.equal(rules.length, fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).filter((f) => /^DR\d+\.md$/.test(f)).length, 'one rule per docs page');
    for (const rule of rules) {
      assert.match(rule.name, /^[A-Z][A-Za-z0-9]+$/, `${rule.id} name`);
      assert.ok(rule.shortDescription.text.length > 3, `${rule.id} shortDescription`);
      const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      const meaning = /## What it means\n\n([^\n]+)/.exec(page)![1];
      assert.ok(rule.fullDescription.markdown.startsWith(meaning), `${rule.id} fullDescription is the docs' "What it means"`);
      assert.doesNotMatch(rule.fullDescription.text, /`/, `${rule.id} fullDescription.text is plain`);
      assert.ok(rule.help.text.endsWith(`Docs: ${rule.helpUri}`), `${rule.id} help.text ends with the docs link`);
      assert.match(rule.help.markdown, /^## How to fix\n\n/);
      assert.ok(rule.help.markdown.includes(`](${rule.helpUri})`), `${rule.id} help.markdown links the docs`);
    }
    const debug = rules.find((rule: any) => rule.id === 'DR918');
    assert.equal(debug.name, 'DebugEnabledInProduction');
    assert.match(debug.fullDescription.text, /Django reports it as security\.W018\.$/);
  });

  test('SARIF rules without the docs pages (a bundle copied elsewhere) still validate, with the title and link', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'django-ready-sarif-'));
    try {
      for (const file of ['cli.js', 'cli-main.js']) fs.copyFileSync(path.join(REPO_ROOT, 'server', 'out', file), path.join(dir, file));
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      const run = spawnSync(process.execPath, [path.join(dir, 'cli.js'), 'check', 'examples/mysite', '--format', 'sarif'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      assert.equal(run.status, 1, run.stderr);
      const rule = (JSON.parse(run.stdout) as any).runs[0].tool.driver.rules.find((r: any) => r.id === 'DR918');
      assert.equal(rule.fullDescription.text, 'DEBUG enabled in production. Django reports it as security.W018.');
      assert.match(rule.help.text, /Docs: https:\/\/.*DR918\.md$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GitHub annotations', () => {
    const run = cli(['check', 'examples/mysite', '--format', 'github', '--select', 'DR918']);
    assert.equal(
      run.stdout,
      '::warning file=examples/mysite/mysite/settings.py,line=8,col=1,endLine=8,endColumn=13,title=DR918 (security.W018)::DEBUG is true in production. Debug pages leak settings and source code; set DEBUG to false (or read it from an environment variable defaulting to false).\n',
    );
  });

  test('--select, --ignore and --fail-level decide what is reported and the exit status', () => {
    assert.deepEqual(
      json(['check', 'examples/mysite', '--select', 'DR918']).report.projects[0].findings.map((f: any) => f.code),
      ['DR918'],
    );
    assert.deepEqual(
      json(['check', 'examples/mysite', '--select', 'security.W009']).report.projects[0].findings.map((f: any) => f.code),
      ['DR909'],
    );
    const security = json(['check', 'examples/mysite', '--select', 'security']).report.projects[0].findings;
    assert.ok(security.length >= 2 && security.every((f: any) => f.area === 'security'));
    assert.ok(json(['check', 'examples/mysite', '--ignore', 'DR9']).report.projects[0].findings.every((f: any) => !f.code.startsWith('DR9')));
    assert.equal(cli(['check', 'examples/mysite', '--select', 'DR918', '--fail-level', 'error']).status, 0);
    assert.equal(cli(['check', 'examples/mysite', '--select', 'DR918', '--fail-level', 'warning']).status, 1);
    assert.equal(cli(['check', 'examples/mysite', '--select', 'DR918', '--fail-level', 'never']).status, 0);
  });

  test('--select / --ignore naming no code, prefix, area or Django id is a usage error, never a green gate', () => {
    for (const args of [
      ['--select', 'DR999'],
      ['--select', 'DR918,DR9999'],
      ['--ignore', 'securty'],
      ['--select', 'security.W999'],
      ['--ignore', 'XX1'],
    ]) {
      const run = cli(['check', 'examples/mysite', ...args]);
      assert.equal(run.status, 2, `${args.join(' ')}: exit ${run.status}`);
      assert.match(run.stderr, new RegExp(`--${args[0].slice(2)} .*matches no code`), run.stderr);
      assert.equal(run.stdout, '', 'no report');
    }
    assert.equal(
      cli(['check', 'examples/mysite', '--select', 'dr91,Security.w018,db-connections', '--fail-level', 'never']).status,
      0,
      'prefixes, Django ids and areas in any case',
    );
  });
});

describe('--fix', () => {
  test('fixes what it can, leaves valid Python, and a second run changes nothing', () => {
    const root = settingsProject('from pathlib import Path\n\nSECRET_KEY = "django-insecure-abc"\nDEBUG = True\nALLOWED_HOSTS = ["example.com"]\n');
    const first = cli(['check', root, '--fix', '--select', 'DR909,DR918']);
    assert.match(first.stderr, /Applied 2 fixes\./);
    assert.equal(first.status, 0, first.stdout);
    const fixed = fs.readFileSync(path.join(root, 'mysite/settings.py'), 'utf8');
    assert.equal(pythonSyntaxError(fixed), undefined);
    assert.equal(
      fixed,
      'import os\nfrom pathlib import Path\n\nSECRET_KEY = (\n    os.environ["DJANGO_SECRET_KEY"]\n    if os.environ.get("DJANGO_DEBUG", "") != "1"\n    else "django-insecure-abc"\n)\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\nALLOWED_HOSTS = ["example.com"]\n',
    );
    const second = cli(['check', root, '--fix', '--select', 'DR909,DR918']);
    assert.match(second.stderr, /Applied 0 fixes\./);
    assert.equal(fs.readFileSync(path.join(root, 'mysite/settings.py'), 'utf8'), fixed);
  });
});

describe('bad input never crashes the CLI', () => {
  test('a half-typed settings module: a syntax error finding, and the rest still judged', () => {
    const { run, report } = json(['check', settingsProject('DEBUG = True\nALLOWED_HOSTS = ["a",\nX = {\n')]);
    assertNoStackTrace(run);
    assertContract(report);
    const codes = report.projects[0].findings.map((f: any) => f.code);
    assert.ok(codes.includes('DR001'));
    assert.ok(codes.includes('DR918'), 'DEBUG before the error is still judged');
    assert.equal(run.status, 1);
  });

  test('non-UTF-8 bytes, NUL bytes, a 5 MB module, a self-importing settings package, symlink loops', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('conf.settings'),
      'conf/__init__.py': '',
      'conf/settings/__init__.py': 'from conf.settings import *\nfrom .generated import *\nDEBUG = False\n',
      'conf/settings/generated.py': Array.from({ length: 80_000 }, (_, i) => `GENERATED_SETTING_${i} = ${JSON.stringify('x'.repeat(40))}\n`).join(''),
      'conf/other.py': '',
    });
    fs.writeFileSync(path.join(root, 'conf/bad.py'), Buffer.from([0x41, 0x00, 0xff, 0xfe, 0x0a]));
    fs.symlinkSync(root, path.join(root, 'conf', 'loop'));
    assert.ok(fs.statSync(path.join(root, 'conf/settings/generated.py')).size > 5_000_000);
    const { run, report } = json(['check', root]);
    assertNoStackTrace(run);
    assertContract(report);
    const codes = report.projects[0].findings.map((f: any) => f.code);
    assert.ok(codes.includes('DR002'), 'the package importing itself is a cycle');
    assert.ok(
      codes.includes('DR004') || report.projects[0].settingsFiles.includes('conf/settings/generated.py'),
      'the generated module is either read or reported',
    );
  });

  test('an invalid UTF-8 settings module is reported and never edited by --fix', () => {
    const root = settingsProject('');
    const bytes = Buffer.concat([Buffer.from('DEBUG = True\n# '), Buffer.from([0xff]), Buffer.from('\n')]);
    fs.writeFileSync(path.join(root, 'mysite/settings.py'), bytes);
    const run = cli(['check', root, '--fix', '--select', 'DR918,DR005']);
    assertNoStackTrace(run);
    assert.match(run.stderr, /not valid UTF-8; it was not edited/);
    assert.deepEqual(fs.readFileSync(path.join(root, 'mysite/settings.py')), bytes);
    assert.match(run.stdout, /DR005/);
  });
});

describe('supervisor generate', () => {
  test('writes one program file per process into the project, never overwriting; --out writes elsewhere', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('shop.settings'),
      'shop/__init__.py': '',
      'shop/settings.py': 'WSGI_APPLICATION = "shop.wsgi.application"\nCELERY_BEAT_SCHEDULE = {}\n',
      'shop/wsgi.py': 'application = None\n',
      'shop/celery.py': 'from celery import Celery\napp = Celery("shop")\n',
      'requirements.txt': 'Django==4.2.16\ncelery==5.3.6\n',
    });
    const first = cli(['supervisor', 'generate', root]);
    assert.equal(first.status, 0, first.stderr);
    const dir = path.join(root, 'deploy', 'supervisor');
    const name = path
      .basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-');
    assert.deepEqual(fs.readdirSync(dir).sort(), [`${name}-beat.conf`, `${name}-web.conf`, `${name}-worker.conf`]);
    assert.match(fs.readFileSync(path.join(dir, `${name}-web.conf`), 'utf8'), /gunicorn shop\.wsgi:application/);
    fs.writeFileSync(path.join(dir, `${name}-web.conf`), '; edited by hand\n');
    const second = cli(['supervisor', 'generate', root]);
    assert.equal(second.status, 0);
    assert.equal(fs.readFileSync(path.join(dir, `${name}-web.conf`), 'utf8'), '; edited by hand\n', 'an existing file is never overwritten');
    const out = path.join(root, 'elsewhere');
    const third = cli(['supervisor', 'generate', root, '--out', out]);
    assert.equal(third.status, 0);
    assert.equal(fs.readdirSync(out).length, 3);
    assert.match(third.stdout, /supervisorctl reread && sudo supervisorctl update/);
  });

  test('usage errors and no project exit 2', () => {
    assert.equal(cli(['supervisor']).status, 2);
    assert.equal(cli(['supervisor', 'generate', writeProject({ 'x.txt': '' })]).status, 2);
  });
});
