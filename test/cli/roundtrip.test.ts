// A fresh `django-admin startproject` (Debian's Django 3.2) through the built CLI's `check --fix`, twice: the
// second run changes nothing, the folder-driven areas pass, Django still starts, the created templates render,
// and supervisor 4.2.5 loads the created programs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, SYSTEM_PYTHON } from '../helpers/paths';
import { loadWithSupervisor, skipReason } from '../supervisor/realSupervisor';

const MY_AREAS = ['apps-libs-layout', 'templates-location', 'html5-base', 'process-supervisor'];

/** Every file below `dir` (Python's bytecode caches left out) with its exact bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !file.includes(`${path.sep}__pycache__${path.sep}`)) files.set(path.relative(dir, file), fs.readFileSync(file).toString('base64'));
  }
  return files;
}

function fixRun(dir: string): { report: any; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, 'check', dir, '--fix', '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
  assert.ok(run.status === 0 || run.status === 1, `check --fix failed (${run.status}): ${run.stderr}`);
  return { report: JSON.parse(run.stdout), stderr: run.stderr };
}

/** A plausible value for each environment variable the fixed settings require, so Django can start. */
function requiredEnvironment(report: any, dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const read of report.projects[0].environment.filter((r: any) => r.required)) {
    const name: string = read.name;
    if (/DATABASE_URL$/.test(name)) env[name] = `sqlite:///${path.join(dir, 'db.sqlite3')}`;
    else if (/(REDIS|CACHE|BROKER).*URL$/.test(name)) env[name] = 'redis://127.0.0.1:6379/0';
    else if (/HOSTS?$/.test(name)) env[name] = 'localhost';
    else env[name] = crypto.randomBytes(40).toString('base64url');
  }
  return env;
}

let dir: string;
let original: Map<string, string>;
let first: { report: any; files: Map<string, string> };
let second: { report: any; files: Map<string, string> };

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-roundtrip-'));
  const created = spawnSync(SYSTEM_PYTHON, ['-m', 'django', 'startproject', 'mysite', dir], { encoding: 'utf8' });
  assert.equal(created.status, 0, created.stderr);
  // Pin the Django that runs the project, as a real project does: fixes then target Django 3.2, not the current LTS.
  const version = spawnSync(SYSTEM_PYTHON, ['-m', 'django', '--version'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(path.join(dir, 'requirements.txt'), `Django==${version}\n`);
  original = snapshot(dir);
  first = { report: fixRun(dir).report, files: snapshot(dir) };
  second = { report: fixRun(dir).report, files: snapshot(dir) };
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the first --fix changes the project, the second changes nothing, byte for byte', () => {
  assert.notDeepEqual(first.files, original);
  assert.deepEqual([...second.files.keys()].sort(), [...first.files.keys()].sort());
  for (const [file, content] of first.files) assert.equal(second.files.get(file), content, `${file} changed on the second run`);
});

test('the fixes create the layout packages, the templates, the site assets and the web program', () => {
  const added = [...first.files.keys()].filter((file) => !original.has(file)).map((file) => file.split(path.sep).join('/'));
  const project = first.report.projects[0].name;
  for (const file of [
    'apps/__init__.py',
    'libs/__init__.py',
    'templates/base.html',
    'static/css/site.css',
    'static/js/site.js',
    `deploy/supervisor/${project}-web.conf`,
  ]) {
    assert.ok(added.includes(file), `${file} created (created: ${added.join(', ')})`);
  }
  const settings = fs.readFileSync(path.join(dir, 'mysite', 'settings.py'), 'utf8');
  assert.match(settings, /'DIRS': \[BASE_DIR \/ "templates"\],/);
  assert.match(settings, /^STATICFILES_DIRS = \[BASE_DIR \/ "static"\]$/m);
});

test('afterwards the apps/libs, templates, HTML5 and supervisor areas pass with no finding', () => {
  const project = second.report.projects[0];
  for (const area of MY_AREAS) {
    const item = project.checklist.find((a: any) => a.area === area);
    assert.equal(item.status, 'pass', `${area}: ${item.reason}`);
  }
  assert.deepEqual(
    project.findings.filter((f: any) => MY_AREAS.includes(f.area)),
    [],
  );
});

test('manage.py check passes, and the base template renders with its static files found', () => {
  const env = { ...process.env, ...requiredEnvironment(second.report, dir) };
  const check = spawnSync(SYSTEM_PYTHON, ['manage.py', 'check'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(check.status, 0, check.stderr);
  const render = [
    'from django.contrib.staticfiles import finders',
    'from django.template.loader import render_to_string',
    'from django.test.utils import override_settings',
    'assert finders.find("css/site.css") and finders.find("js/site.js")',
    // DEBUG on, so a manifest storage (if another fix chose one) needs no collectstatic run.
    'with override_settings(DEBUG=True):',
    '    print(render_to_string("base.html"))',
  ].join('\n');
  const shell = spawnSync(SYSTEM_PYTHON, ['manage.py', 'shell', '-c', render], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(shell.status, 0, shell.stderr);
  assert.ok(shell.stdout.startsWith('<!DOCTYPE html>'), shell.stdout);
  assert.match(shell.stdout, /<link rel="stylesheet" href="\/static\/css\/site\.css/);
});

test('supervisor 4.2.5 loads the created programs', { skip: skipReason() }, () => {
  const folder = path.join(dir, 'deploy', 'supervisor');
  const files = fs.readdirSync(folder).map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
  const verdict = loadWithSupervisor(files);
  assert.equal(verdict.ok, true, verdict.error);
  const name = second.report.projects[0].name;
  assert.deepEqual(Object.keys(verdict.processes), [`${name}-web`]);
  assert.match(verdict.processes[`${name}-web`].command, /\smysite\.wsgi:application\s/);
  assert.equal(verdict.processes[`${name}-web`].environment.DJANGO_SETTINGS_MODULE, 'mysite.settings');
});
