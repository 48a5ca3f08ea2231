// The generator: the content the reference recommends, clean under our validator, and loaded by
// supervisor 4.2.5 into the processes we meant.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { generateSupervisorConfigs, type SupervisorGeneratorSpec } from '../../server/src/service/supervisor/generate';
import { parseIni } from '../../server/src/service/supervisor/ini';
import { validateSupervisorFiles } from '../../server/src/service/supervisor/validate';
import { PROJECT_CONTEXT } from './fixtures';
import { loadWithSupervisor, skipReason } from './realSupervisor';

const BASE: SupervisorGeneratorSpec = {
  project: 'mysite',
  application: { kind: 'wsgi', target: 'config.wsgi.application' },
  settingsModule: 'config.settings.production',
};

const FULL: SupervisorGeneratorSpec = {
  ...BASE,
  celery: { app: 'config.celery_app', worker: true, beat: true },
};

const VARIANTS: [string, SupervisorGeneratorSpec][] = [
  ['wsgi only', BASE],
  ['wsgi with celery worker and beat', FULL],
  [
    'asgi with django-celery-beat',
    { ...FULL, application: { kind: 'asgi', target: 'config.asgi:application' }, celery: { ...FULL.celery!, databaseScheduler: true } },
  ],
  [
    'custom paths, user, bind, cores and graceful timeout',
    {
      ...FULL,
      project: 'My Shop!',
      user: 'www-data',
      home: '/var/www',
      bind: 'unix:/run/shop/gunicorn.sock',
      cpuCores: 4,
      gracefulTimeout: 60,
      paths: { root: '/opt/shop', logDir: '/var/log/shop', stateDir: '/var/lib/shop' },
    },
  ],
];

function section(content: string, name: string) {
  const found = parseIni(content).sections.find((s) => s.name === name);
  assert.ok(found, `no [${name}]`);
  return Object.fromEntries(found.entries.map((e) => [e.key, e.value]));
}

test('WSGI web file: gunicorn, formula for workers, graceful stop, group signals, one log', () => {
  const [web] = generateSupervisorConfigs(BASE);
  assert.equal(web.name, 'mysite-web.conf');
  const keys = section(web.content, 'program:mysite-web');
  assert.equal(
    keys.command,
    '/srv/mysite/venv/bin/gunicorn config.wsgi:application\n--bind 127.0.0.1:8000\n--workers 5\n--graceful-timeout 30\n--access-logfile -\n--error-logfile -',
  );
  assert.match(web.content, /--workers 5 ; \(2 x CPU cores\) \+ 1, counted for 2 cores/);
  assert.equal(keys.directory, '/srv/mysite/src');
  assert.equal(keys.user, 'mysite');
  assert.equal(
    keys.environment,
    'DJANGO_SETTINGS_MODULE="config.settings.production",PYTHONUNBUFFERED="1",PATH="/srv/mysite/venv/bin:/usr/local/bin:/usr/bin:/bin",HOME="/home/mysite"',
  );
  assert.equal(keys.stopwaitsecs, '35');
  assert.deepEqual([keys.stopasgroup, keys.killasgroup, keys.redirect_stderr, keys.autostart, keys.autorestart], ['true', 'true', 'true', 'true', 'true']);
  assert.equal(keys.stdout_logfile, '/var/log/mysite/web.log');
  assert.equal(keys.stderr_logfile, undefined);
});

test('the header tells the operator where the file goes and how to load it, and carries no secret', () => {
  for (const file of generateSupervisorConfigs(FULL)) {
    assert.match(file.content, new RegExp(`^; ${file.name}: .*\\n`));
    assert.ok(file.content.includes(`copy this file to /etc/supervisor/conf.d/${file.name}`));
    assert.ok(file.content.includes('sudo supervisorctl reread && sudo supervisorctl update'));
    assert.doesNotMatch(file.content, /SECRET_KEY=|PASSWORD=/);
    assert.deepEqual(
      parseIni(file.content).sections.map((s) => s.name.split(':')[0]),
      ['program'],
      'conf.d files hold only [program:*]',
    );
  }
});

test('ASGI runs gunicorn with the uvicorn worker class', () => {
  const [web] = generateSupervisorConfigs({ ...BASE, application: { kind: 'asgi', target: 'config.asgi.application' } });
  const { command } = section(web.content, 'program:mysite-web');
  assert.match(command, /^\/srv\/mysite\/venv\/bin\/gunicorn config\.asgi:application\n--worker-class uvicorn_worker\.UvicornWorker\n/);
});

test('celery worker and beat: one file each, one beat, schedule file or database scheduler', () => {
  const files = generateSupervisorConfigs(FULL);
  assert.deepEqual(
    files.map((f) => f.name),
    ['mysite-web.conf', 'mysite-worker.conf', 'mysite-beat.conf'],
  );
  const worker = section(files[1].content, 'program:mysite-worker');
  assert.equal(worker.command, '/srv/mysite/venv/bin/celery -A config.celery_app worker --loglevel=INFO');
  assert.equal(worker.stopwaitsecs, '600');
  const beat = section(files[2].content, 'program:mysite-beat');
  assert.equal(beat.command, '/srv/mysite/venv/bin/celery -A config.celery_app beat --loglevel=INFO --schedule /var/lib/mysite/celerybeat-schedule');
  assert.equal(beat.numprocs, '1');
  const db = generateSupervisorConfigs({ ...FULL, celery: { ...FULL.celery!, worker: false, databaseScheduler: true } });
  assert.deepEqual(
    db.map((f) => f.name),
    ['mysite-web.conf', 'mysite-beat.conf'],
  );
  assert.match(section(db[1].content, 'program:mysite-beat').command, /--scheduler django_celery_beat\.schedulers:DatabaseScheduler$/);
});

test('workers follow (2 x cores) + 1 and stopwaitsecs stays above the graceful timeout', () => {
  const [web] = generateSupervisorConfigs({ ...BASE, cpuCores: 4, gracefulTimeout: 60 });
  const keys = section(web.content, 'program:mysite-web');
  assert.match(keys.command, /--workers 9\n--graceful-timeout 60/);
  assert.equal(keys.stopwaitsecs, '65');
});

test('names are made safe and impossible paths are refused', () => {
  assert.equal(generateSupervisorConfigs({ ...BASE, project: 'My Shop!' })[0].name, 'My-Shop.conf'.replace('.conf', '-web.conf'));
  assert.throws(() => generateSupervisorConfigs({ ...BASE, paths: { root: 'srv/x' } }), /absolute path/);
  assert.throws(() => generateSupervisorConfigs({ ...BASE, paths: { venv: '/srv/my venv' } }), /without spaces/);
  assert.throws(() => generateSupervisorConfigs({ ...BASE, settingsModule: 'config/settings.py' }), /dotted path/);
  assert.throws(() => generateSupervisorConfigs({ ...BASE, user: 'a b' }), /account name/);
  assert.throws(() => generateSupervisorConfigs({ ...BASE, bind: '0.0.0.0:80 --reload' }), /one word/);
  assert.match(generateSupervisorConfigs({ ...BASE, cpuCores: Number.NaN, gracefulTimeout: -3 })[0].content, /--workers 5 .*\n {4}--graceful-timeout 30\n/);
});

for (const [name, spec] of VARIANTS) {
  test(`generated files validate clean (${name})`, () => {
    const files = generateSupervisorConfigs(spec).map((f) => ({ path: `/etc/supervisor/conf.d/${f.name}`, text: f.content }));
    assert.deepEqual(
      validateSupervisorFiles(files).map((f) => `${f.code} ${f.message}`),
      [],
    );
    const context = { ...PROJECT_CONTEXT, celeryApps: ['config.celery_app'] };
    assert.deepEqual(
      validateSupervisorFiles(files, context).map((f) => `${f.code} ${f.message}`),
      [],
    );
  });

  test(`supervisor 4.2.5 loads the generated files as the processes we meant (${name})`, { skip: skipReason() }, () => {
    const files = generateSupervisorConfigs(spec);
    const verdict = loadWithSupervisor(files.map((f) => ({ name: f.name, text: f.content })));
    assert.equal(verdict.ok, true, verdict.error);
    assert.deepEqual(verdict.warnings, []);
    const project = files[0].name.replace(/-web\.conf$/, '');
    assert.deepEqual(Object.keys(verdict.processes).sort(), files.map((f) => f.name.replace(/\.conf$/, '')).sort());
    for (const proc of Object.values(verdict.processes)) {
      assert.equal(proc.environment.DJANGO_SETTINGS_MODULE, spec.settingsModule);
      assert.equal(proc.environment.PYTHONUNBUFFERED, '1');
      assert.equal(proc.autorestart, 'RestartUnconditionally');
      assert.ok(!proc.command.includes(';'), 'inline comments are not part of the command');
    }
    const web = verdict.processes[`${project}-web`];
    assert.ok(web.stopwaitsecs > (spec.gracefulTimeout ?? 30));
    assert.match(web.command, /--workers \d+\n--graceful-timeout \d+\n/);
  });
}

test('a % in a path survives supervisord expanding log file names twice', { skip: skipReason() }, () => {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-50%-'));
  try {
    const [web] = generateSupervisorConfigs({ ...BASE, paths: { logDir } });
    assert.deepEqual(validateSupervisorFiles([{ path: `/etc/supervisor/conf.d/${web.name}`, text: web.content }]), []);
    const verdict = loadWithSupervisor([{ name: web.name, text: web.content }], { keepPaths: true });
    assert.equal(verdict.ok, true, verdict.error);
    assert.equal(verdict.processes['mysite-web'].stdout_logfile, `${logDir}/web.log`);
  } finally {
    fs.rmSync(logDir, { recursive: true, force: true });
  }
});
