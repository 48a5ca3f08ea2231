// Hostile repositories through the built CLI, as a process with a time limit: a repository written to hang,
// exhaust or mislead the tool must get a clear message while the tool keeps working. (A hang in-process
// would freeze the test runner; a process past its limit fails the test instead.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, SYSTEM_PYTHON } from '../helpers/paths';
import { MANAGE_PY, settingsProject, writeProject } from '../helpers/project';
import { selfSharingModule, starImportChain } from '../helpers/hostile';

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Long enough for a loaded 2-core machine; a hang runs into it. */
const LIMIT_MS = 60_000;

function cli(args: string[], cwd: string, nodeArgs: string[] = []): Run {
  const result = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: LIMIT_MS,
    maxBuffer: 64 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

function assertFinished(run: Run): void {
  assert.equal(run.signal, null, `the CLI was stopped by ${run.signal} (it ran past ${LIMIT_MS} ms)`);
  assert.ok(run.status === 0 || run.status === 1, `exit status ${run.status}; stderr:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /^ {4}at /m, 'no stack trace');
  assert.doesNotMatch(run.stderr + run.stdout, /internal error/, 'no internal error');
}

describe('values that share their parts', () => {
  test('X = [X, X] forty times, used in settings, compared and printed: the CLI finishes and still judges the rest', () => {
    const root = settingsProject(selfSharingModule(40));
    for (const format of ['json', 'text', 'sarif', 'github']) {
      const run = cli(['check', '.', '--format', format], root);
      assertFinished(run);
      if (format === 'json') {
        const report = JSON.parse(run.stdout);
        const codes = report.projects[0].findings.map((finding: { code: string }) => finding.code);
        assert.ok(codes.includes('DR918'), `DEBUG = True after the shared values is still reported (got ${codes.join(' ')})`);
        assert.ok(run.stdout.length < 4 << 20, `the report stays small (${run.stdout.length} characters)`);
      }
    }
  });
});

describe('links that lead out of the project', () => {
  test('a settings module and a supervisor file linked outside the folder searched: not read, not written, and said so', () => {
    const outside = writeProject({
      'settings.py': 'SECRET_KEY = "django-insecure-abc"\nDEBUG = True\nALLOWED_HOSTS = []\n',
      'web.conf': '[program:web]\ncommand=/srv/venv/bin/gunicorn mysite.wsgi\n',
    });
    const root = settingsProject('', { 'deploy/.keep': '' });
    fs.rmSync(path.join(root, 'mysite', 'settings.py'));
    fs.symlinkSync(path.join(outside, 'settings.py'), path.join(root, 'mysite', 'settings.py'));
    fs.symlinkSync(path.join(outside, 'web.conf'), path.join(root, 'deploy', 'web.conf'));
    const before = snapshot(outside);
    const run = cli(['check', '.', '--fix'], root);
    assertFinished(run);
    assert.deepEqual(snapshot(outside), before, 'nothing outside the project changed');
    assert.match(run.stdout, /mysite\.settings \(mysite\/settings\.py\) is not a regular file inside the project/);
    assert.doesNotMatch(run.stdout, /django-insecure-abc|gunicorn mysite\.wsgi/, 'nothing of their content is quoted');
  });

  test('a settings module linked to a sibling folder of the project: judged, but --fix does not write through the link', () => {
    const workspace = writeProject({ 'shared/settings.py': 'SECRET_KEY = "django-insecure-abc"\nDEBUG = True\nALLOWED_HOSTS = []\n' });
    const root = path.join(workspace, 'site');
    fs.mkdirSync(path.join(root, 'mysite'), { recursive: true });
    fs.writeFileSync(path.join(root, 'manage.py'), MANAGE_PY('mysite.settings'));
    fs.writeFileSync(path.join(root, 'mysite', '__init__.py'), '');
    fs.symlinkSync(path.join(workspace, 'shared', 'settings.py'), path.join(root, 'mysite', 'settings.py'));
    const before = snapshot(path.join(workspace, 'shared'));
    const run = cli(['check', '.', '--fix'], workspace);
    assertFinished(run);
    assert.deepEqual(snapshot(path.join(workspace, 'shared')), before, 'the file outside the project is unchanged');
    assert.match(run.stderr, /resolves outside the project folder/);
    const report = cli(['check', '.', '--format', 'json'], workspace);
    const codes = JSON.parse(report.stdout).projects[0].findings.map((finding: { code: string }) => finding.code);
    assert.ok(codes.includes('DR918'), `the linked module is still judged (got ${codes.join(' ')})`);
  });

  test('a templates folder linked outside, and a dangling link where a fix would create a file: nothing is written outside', () => {
    const outside = writeProject({ 'keep.txt': 'x\n' });
    const root = settingsProject('TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["templates"]}]\n');
    fs.symlinkSync(outside, path.join(root, 'templates'));
    fs.mkdirSync(path.join(root, 'apps'));
    fs.symlinkSync(path.join(outside, 'created-through-link.py'), path.join(root, 'apps', '__init__.py'));
    const before = snapshot(outside);
    const run = cli(['check', '.', '--fix'], root);
    assertFinished(run);
    assert.deepEqual(snapshot(outside), before, 'nothing outside the project changed');
  });
});

/** Every file below `dir` with its content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('special files', () => {
  test('settings, templates, requirements and supervisor files that are FIFOs or links to /proc and /dev: the CLI finishes and reads none', () => {
    const root = settingsProject('DEBUG = True\n', { 'templates/.keep': '', 'deploy/.keep': '' });
    const settings = path.join(root, 'mysite', 'settings.py');
    fs.rmSync(settings);
    fs.symlinkSync('/proc/self/pagemap', settings);
    mkfifo(path.join(root, 'templates', 'base.html'));
    mkfifo(path.join(root, 'deploy', 'web.conf'));
    fs.symlinkSync('/dev/zero', path.join(root, 'requirements.txt'));
    fs.symlinkSync('/dev/urandom', path.join(root, 'pyproject.toml'));
    for (const format of ['text', 'json']) {
      const run = cli(['check', '.', '--format', format], root);
      assertFinished(run);
      assert.match(run.stdout, /mysite\.settings \(mysite\/settings\.py\) is not a regular file inside the project/);
    }
  });

  test('a settings module that is a FIFO inside the project: reported as not a regular file, without waiting for a writer', () => {
    const root = settingsProject('');
    const settings = path.join(root, 'mysite', 'settings.py');
    fs.rmSync(settings);
    mkfifo(settings);
    const run = cli(['check', '.'], root);
    assertFinished(run);
    assert.match(run.stdout, /is not a regular file inside the project/);
  });
});

function mkfifo(file: string): void {
  const result = spawnSync('mkfifo', [file]);
  assert.equal(result.status, 0, `mkfifo ${file}`);
}

describe('long import chains', () => {
  /** Two projects side by side: `chain/` with the 1,000-module chain, `healthy/` with DEBUG = True. */
  function chainAndHealthy(): string {
    const files: Record<string, string> = {};
    for (const [file, text] of Object.entries({ 'manage.py': MANAGE_PY('mysite.settings'), ...starImportChain(1000) })) files[`chain/${file}`] = text;
    Object.assign(files, {
      'healthy/manage.py': MANAGE_PY('mysite.settings'),
      'healthy/mysite/__init__.py': '',
      'healthy/mysite/settings.py': 'DEBUG = True\n',
    });
    return writeProject(files);
  }

  test('a 1,000-module star-import chain: a finding says where following stopped, and both projects are reported', () => {
    const run = cli(['check', '.', '--format', 'json'], chainAndHealthy());
    assertFinished(run);
    const projects = JSON.parse(run.stdout).projects as { root: string; findings: { code: string; message: string }[] }[];
    assert.deepEqual(projects.map((project) => project.root).sort(), ['chain', 'healthy']);
    const chain = projects.find((project) => project.root === 'chain')!;
    assert.ok(
      chain.findings.some((finding) => finding.code === 'DR009' && /imports nest more than \d+ modules deep/.test(finding.message)),
      JSON.stringify(chain.findings.map((f) => f.code)),
    );
    assert.ok(
      chain.findings.some((finding) => finding.code === 'DR918'),
      'DEBUG = True after the import is still judged',
    );
    assert.ok(projects.find((project) => project.root === 'healthy')!.findings.some((finding) => finding.code === 'DR918'));
  });

  test('a project that cannot be analysed (here: a stack too small for its imports) does not hide the others', () => {
    const run = cli(['check', '.', '--format', 'json'], chainAndHealthy(), ['--stack-size=80']);
    assert.equal(run.signal, null);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /internal error while analysing chain: Maximum call stack size exceeded; the other projects are reported/);
    assert.deepEqual(
      JSON.parse(run.stdout).projects.map((project: { root: string }) => project.root),
      ['healthy'],
    );
  });
});

describe('smaller things a repository can do to the tool', () => {
  test('escape sequences in file names and values never reach the terminal in text or github output', () => {
    const root = settingsProject('WSGI_APPLICATION = "mysite.wsgi.application"\nDEBUG = True\n', {
      'mysite/wsgi.py': 'application = None\n',
      'deploy/x\x1b]0;owned\x07y.conf':
        '[program:web]\ncommand=/srv/venv/bin/gunicorn other.wsgi:application\x1b[2J\x1b[31mFAKE\u009b31m\u202eevil\nautorestart=true\nstopwaitsecs=35\n',
    });
    for (const format of ['text', 'github']) {
      for (const args of [
        ['check', '.', '--format', format],
        ['check', '.', '--format', format, '--color'],
      ]) {
        const run = cli(args, root);
        assertFinished(run);
        assert.match(run.stdout, /DR752/, 'the finding quoting the value is there');
        const control = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/;
        const ours = run.stdout.replace(/\x1b\[\d+m/g, ''); // --color's own colour codes
        assert.doesNotMatch(ours + run.stderr, control, `${args.join(' ')}: no control character from the repository`);
      }
    }
  });

  test('a UTF-8 byte order mark survives --fix, and Python still reads the module', () => {
    const root = settingsProject('\ufeffimport os\nDEBUG = True\n');
    const run = cli(['check', '.', '--fix', '--select', 'DR918'], root);
    assertFinished(run);
    const bytes = fs.readFileSync(path.join(root, 'mysite', 'settings.py'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bytes.toString('utf8'), /DJANGO_DEBUG/, 'the fix was applied');
    const compiled = spawnSync(SYSTEM_PYTHON, ['-c', 'import ast, sys\nast.parse(open(sys.argv[1], "rb").read())', path.join(root, 'mysite', 'settings.py')], {
      encoding: 'utf8',
    });
    assert.equal(compiled.status, 0, compiled.stderr);
  });

  test('supervisor generate: a folder it cannot write to is reported in one plain line, not as an internal error', () => {
    const root = settingsProject('WSGI_APPLICATION = "mysite.wsgi.application"\nDEBUG = False\n', {
      'mysite/wsgi.py': 'application = None\n',
      blocked: 'a file where the folder should be\n',
    });
    const run = cli(['supervisor', 'generate', '.', '--out', 'blocked/conf.d'], root);
    assert.equal(run.signal, null);
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error|^ {4}at /m);
    assert.match(run.stderr, /not written: cannot create .*blocked/);
  });
});
