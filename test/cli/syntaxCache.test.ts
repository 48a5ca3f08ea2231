// The CLI's syntax cache (server/src/host/syntaxStore.ts): a later run reads the lowered syntax of files it parsed
// before, and must report exactly what a run without the cache reports, whatever happened to the files or to the
// cache in between.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI } from '../helpers/paths';
import { MANAGE_PY, writeProject } from '../helpers/project';

const SETTINGS = [
  'import os',
  'SECRET_KEY = os.environ["SECRET_KEY"]',
  'DEBUG = os.environ.get("DEBUG") == "1"',
  'ALLOWED_HOSTS = ["example.com"]',
  'INSTALLED_APPS = ["django.contrib.sessions"]',
  'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]',
  'ROOT_URLCONF = "mysite.urls"',
  '',
].join('\n');

/** A project, and beside it the temp folder its CLI runs keep their caches in. */
function setup(): { project: string; tmpdir: string } {
  const project = writeProject({
    'manage.py': MANAGE_PY('mysite.settings'),
    'mysite/__init__.py': '',
    'mysite/settings.py': SETTINGS,
    'mysite/urls.py': 'urlpatterns = []\n',
    'requirements.txt': 'Django==4.2.28\n',
  });
  return { project, tmpdir: writeProject({}) };
}

function check(project: string, tmpdir: string, extra: string[] = [], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, [CLI, 'check', project, '--format', 'json', '--fail-level', 'never', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmpdir, ...env },
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

function syntaxFolder(tmpdir: string): string {
  return path.join(tmpdir, `django-ready-${process.getuid?.() ?? 'user'}`, 'syntax');
}

function entries(tmpdir: string): string[] {
  const root = syntaxFolder(tmpdir);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((build) => fs.readdirSync(path.join(root, build)).map((name) => path.join(root, build, name)));
}

describe('the syntax cache', () => {
  test('is written on the first run, private to the user, read on the next, and the report is the same as without it', () => {
    const { project, tmpdir } = setup();
    const uncached = check(project, tmpdir, ['--no-cache']);
    assert.deepEqual(entries(tmpdir), [], '--no-cache writes nothing');
    const first = check(project, tmpdir);
    const written = entries(tmpdir);
    assert.ok(written.length >= 2, `an entry per Python file parsed (manage.py and the settings at least): ${written.length}`);
    for (const file of written) assert.equal(fs.statSync(file).mode & 0o777, 0o600, file);
    assert.equal(fs.statSync(path.dirname(written[0])).mode & 0o777, 0o700);
    const times = written.map((file) => fs.statSync(file).mtimeMs);
    const second = check(project, tmpdir);
    assert.equal(first, uncached);
    assert.equal(second, uncached);
    assert.deepEqual(
      written.map((file) => fs.statSync(file).mtimeMs),
      times,
      'the second run read every entry and wrote none',
    );
  });

  test('a settings file changed between runs is read as it is now', () => {
    const { project, tmpdir } = setup();
    const before = JSON.parse(check(project, tmpdir));
    const settings = path.join(project, 'mysite', 'settings.py');
    // The same length, so nothing but the text itself tells the two apart.
    fs.writeFileSync(settings, SETTINGS.replace('== "1"', '!= "1"'));
    const after = check(project, tmpdir);
    assert.equal(after, check(project, tmpdir, [], { DJANGO_READY_NO_SYNTAX_CACHE: '1' }));
    assert.notDeepEqual(JSON.parse(after), before, 'DEBUG, now on unless DEBUG=1, is seen');
  });

  test('a damaged entry is ignored and written again; the oldest folders of other builds are removed', () => {
    const { project, tmpdir } = setup();
    const reference = check(project, tmpdir, ['--no-cache']);
    check(project, tmpdir);
    const written = entries(tmpdir);
    for (const file of written) fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 40));
    // Other builds' folders: the three written last stay (another install used in turn), older ones go.
    const builds = [1, 2, 3, 4, 5].map((age) => {
      const folder = path.join(syntaxFolder(tmpdir), `another-build-${age}`);
      fs.mkdirSync(folder, { mode: 0o700 });
      fs.writeFileSync(path.join(folder, '1234.bin'), 'old');
      const when = Date.now() / 1000 - age * 3600;
      fs.utimesSync(folder, when, when);
      return folder;
    });
    assert.equal(check(project, tmpdir), reference);
    assert.deepEqual(
      builds.map((folder) => fs.existsSync(folder)),
      [true, true, true, false, false],
    );
    for (const file of written) assert.ok(fs.statSync(file).size > 40, `${file} was written again`);
  });

  test('is not used in a folder others can write to, nor with DJANGO_READY_NO_SYNTAX_CACHE', () => {
    const { project, tmpdir } = setup();
    const reference = check(project, tmpdir, ['--no-cache']);
    assert.equal(check(project, tmpdir, [], { DJANGO_READY_NO_SYNTAX_CACHE: '1' }), reference);
    assert.deepEqual(entries(tmpdir), []);
    fs.mkdirSync(syntaxFolder(tmpdir), { recursive: true });
    fs.chmodSync(syntaxFolder(tmpdir), 0o777);
    assert.equal(check(project, tmpdir), reference);
    assert.deepEqual(entries(tmpdir), []);
  });
});
