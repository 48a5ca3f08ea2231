// The deployment readers against the real tools Debian ships: systemd-analyze verify for units (before and
// after the restart fix), uWSGI's own ini/YAML parser (--show-config), gunicorn's --print-config for
// gunicorn.conf.py, and supervisor 4.2.5 for the programs the generator writes from what the deployment says.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { readGunicornConfig } from '../../server/src/service/deploy/readers/gunicornConf';
import { readUnit } from '../../server/src/service/deploy/readers/systemd';
import { readUwsgiIni, readUwsgiYaml } from '../../server/src/service/deploy/readers/uwsgi';
import { supervisorConfigsFix } from '../../server/src/service/rules/processSupervisor';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { analyzeOne, applyFix, findingsOf, MANAGE_PY, writeProject } from '../helpers/project';
import { FIXTURES } from '../helpers/paths';
import { loadWithSupervisor, skipReason } from './realSupervisor';

const DEPLOY = path.join(FIXTURES, 'deploy');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-deploy-tools-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function available(command: string, args: string[]): string | false {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? `${command} is not installed (scripts/system-deps.sh installs it)` : false;
}

const NO_SYSTEMD = available('systemd-analyze', ['--version']);
const NO_UWSGI = available('uwsgi', ['--version']);
const NO_GUNICORN = available('gunicorn', ['--version']);

/** `systemd-analyze verify` on a copy of the unit (it reads units by file name, so copies keep their names). */
function verify(name: string, text: string): { ok: boolean; stderr: string } {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, text);
  const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', timeout: 30_000 });
  return { ok: result.status === 0, stderr: result.stderr };
}

describe('systemd units', { skip: NO_SYSTEMD }, () => {
  test('the reader and systemd agree on what a unit runs and on a unit that starts nothing', () => {
    for (const name of ['shop-web.service', 'shop-worker.service', 'broken.service']) {
      const text = fs.readFileSync(path.join(DEPLOY, 'systemd', name), 'utf8');
      const unit = readUnit(name, text);
      const verdict = verify(name, text);
      assert.equal(verdict.ok, !unit.problem, `${name}: systemd says ${verdict.stderr}, we say ${unit.problem?.message}`);
    }
    const web = readUnit('shop-web.service', fs.readFileSync(path.join(DEPLOY, 'systemd', 'shop-web.service'), 'utf8'));
    assert.deepEqual(web.execStart!.argv, ['/usr/bin/gunicorn', 'shop.wsgi:application', '--bind', '127.0.0.1:8000', '--workers', '5']);
    assert.deepEqual(
      web.environment.map((e) => `${e.name}=${e.value}`),
      ['DJANGO_SETTINGS_MODULE=shop.settings', 'PYTHONUNBUFFERED=1'],
    );
    assert.equal(web.restart, undefined);
  });

  test('the DR701 fix adds Restart=on-failure where systemd reads it, and the unit still verifies', () => {
    const unit = fs.readFileSync(path.join(DEPLOY, 'systemd', 'shop-web.service'), 'utf8');
    const root = writeProject({
      'manage.py': MANAGE_PY('shop.settings'),
      'shop/__init__.py': '',
      'shop/settings.py': 'WSGI_APPLICATION = "shop.wsgi.application"\n',
      'deploy/shop-web.service': unit,
    });
    const [finding] = findingsOf(analyzeOne(root), 'DR701');
    assert.equal(finding.fix!.title, 'Restart shop-web.service when it fails (Restart=on-failure)');
    applyFix(finding.fix!);
    const fixed = fs.readFileSync(path.join(root, 'deploy', 'shop-web.service'), 'utf8');
    assert.equal(readUnit('shop-web.service', fixed).restart?.value, 'on-failure');
    const verdict = verify('shop-web.service', fixed);
    assert.equal(verdict.ok, true, verdict.stderr);
    assert.doesNotMatch(verdict.stderr, /Restart/);
    assert.deepEqual(findingsOf(analyzeOne(root), 'DR701'), []);
  });
});

/** The options uWSGI itself read from a file, from its --show-config dump (it then fails to bind and exits). */
function uwsgiOptions(flag: '--ini' | '--yaml', file: string): [string, string][] {
  const result = spawnSync('uwsgi', [flag, file, '--show-config', '--socket', path.join(scratch, 'missing', 'x.sock')], { encoding: 'utf8', timeout: 30_000 });
  const text = `${result.stdout}${result.stderr}`;
  const dump = text.slice(text.indexOf(';uWSGI instance configuration'), text.indexOf(';end of configuration'));
  return dump
    .split('\n')
    .slice(2)
    .map((line) => line.split(' = '))
    .filter((pair): pair is [string, string] => pair.length === 2 && !['ini', 'yaml', 'show-config', 'socket'].includes(pair[0]));
}

describe('uWSGI configuration files', { skip: NO_UWSGI }, () => {
  test('ini: the same options, in the same order, as uWSGI reads them (comments, bare booleans, repeated env, other sections)', () => {
    const file = path.join(DEPLOY, 'uwsgi', 'shop.ini');
    const ours = readUwsgiIni(file, fs.readFileSync(file, 'utf8'));
    assert.deepEqual(
      ours.options.map((option) => [option.key, option.value]),
      uwsgiOptions('--ini', file),
    );
    assert.equal(ours.workers?.count, 4);
    assert.equal(ours.app, 'shop.wsgi:application');
  });

  test('YAML: the same options as uWSGI reads them, lists as repeated options', () => {
    const file = path.join(DEPLOY, 'uwsgi', 'shop.yml');
    const ours = readUwsgiYaml(file, fs.readFileSync(file, 'utf8'));
    assert.deepEqual(
      ours.options.map((option) => [option.key, option.value]),
      uwsgiOptions('--yaml', file),
    );
    assert.equal(ours.workers?.count, 3);
  });
});

describe('gunicorn.conf.py', { skip: NO_GUNICORN }, () => {
  test('workers, worker_class, wsgi_app and raw_env read statically match gunicorn --print-config', () => {
    const dir = path.join(DEPLOY, 'gunicorn');
    const file = path.join(dir, 'gunicorn.conf.py');
    const result = spawnSync('gunicorn', ['--print-config', '-c', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const printed = new Map(
      result.stdout
        .split('\n')
        .map((line) => /^(\w+)\s+= (.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => [m[1], m[2]]),
    );
    const text = fs.readFileSync(file, 'utf8');
    const ours = readGunicornConfig(new ParseCache().get(file, text, '1'));
    assert.equal(String(ours.workers?.count), printed.get('workers'));
    assert.equal(ours.workerClass, printed.get('worker_class'));
    assert.equal(ours.app, printed.get('wsgi_app'));
    assert.equal(JSON.stringify(ours.env.map((e) => `${e.name}=${e.value}`)).replace(/"/g, "'"), printed.get('raw_env')?.replace(/, /g, ','));
    assert.match(ours.workers!.source, /unless \$WEB_WORKERS says otherwise/);
  });
});

describe('supervisor programs written from what the deployment says', { skip: skipReason() }, () => {
  test("gunicorn with production's config file, and uWSGI with its ini file: supervisor 4.2.5 loads both", () => {
    const base = {
      'manage.py': MANAGE_PY('shop.settings'),
      'shop/__init__.py': '',
      'shop/settings.py': 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSHOP_MODE = os.environ.get("SHOP_MODE", "x")\n',
      'shop/wsgi.py': 'application = None\n',
    };
    const gunicorn = writeProject({
      ...base,
      Dockerfile:
        'FROM python:3.12\nWORKDIR /app\nCOPY . /app\nUSER shop\nENV SHOP_MODE=full SECRET_KEY=not-in-conf\nCMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "shop.wsgi:application"]\n',
      'deploy/gunicorn.conf.py': 'workers = 6\n',
    });
    const uwsgi = writeProject({
      ...base,
      'docker-compose.yml': 'services:\n  web:\n    image: example/shop\n    command: uwsgi --ini /etc/shop/uwsgi.ini\n    restart: always\n',
      'deploy/uwsgi.ini': '[uwsgi]\nmodule = shop.wsgi:application\nprocesses = 3\n',
    });
    const fsys = new NodeFileSystem();
    const contents: Record<string, string> = {};
    for (const root of [gunicorn, uwsgi]) {
      const analysis = analyzeOne(root);
      const fix = supervisorConfigsFix(analysis.project, analysis.settings, fsys, { all: true })!;
      applyFix(fix);
      for (const change of fix.changes)
        if (change.kind === 'create' && change.file.endsWith('-web.conf')) contents[root === gunicorn ? 'gunicorn' : 'uwsgi'] = change.content;
    }
    assert.match(
      contents.gunicorn,
      /^command=\/srv\/.*\/venv\/bin\/gunicorn shop\.wsgi:application\n {4}--config \/srv\/.*\/src\/deploy\/gunicorn\.conf\.py ; production's own gunicorn settings\n {4}--bind 127\.0\.0\.1:8000\n {4}--graceful-timeout 30\n/m,
    );
    assert.match(contents.gunicorn, /^user=shop$/m);
    assert.match(
      contents.gunicorn,
      /^environment=DJANGO_SETTINGS_MODULE="shop\.settings",PYTHONUNBUFFERED="1",PATH="[^"]+",HOME="\/home\/shop",SHOP_MODE="full"$/m,
    );
    assert.match(
      contents.uwsgi,
      /^command=\/srv\/.*\/venv\/bin\/uwsgi --ini \/srv\/.*\/src\/deploy\/uwsgi\.ini ; production's own uWSGI settings\n {4}--chdir /m,
    );
    for (const name of ['gunicorn', 'uwsgi']) {
      const verdict = loadWithSupervisor([{ name: `${name}-web.conf`, text: contents[name] }]);
      assert.equal(verdict.ok, true, verdict.error);
      assert.equal(Object.values(verdict.processes)[0].environment.DJANGO_SETTINGS_MODULE, 'shop.settings');
    }
  });
});
