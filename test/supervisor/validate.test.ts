// Every code: a file that fires it (at the exact text the finding points at, with its fix applied and
// compared with the whole expected text) and a near miss that must stay quiet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import { allRuleMetas } from '../../server/src/service/codes';
import { LineIndex } from '../../server/src/service/python/lineIndex';
import type { Finding, Range } from '../../server/src/service/types';
import { CODES } from '../../server/src/service/supervisor/codes';
import { isSupervisorFile } from '../../server/src/service/supervisor/detect';
import { validateSupervisorFiles, type SupervisorProjectContext } from '../../server/src/service/supervisor/validate';
import { PROJECT_CONTEXT } from './fixtures';

interface Case {
  code: string;
  fires: string;
  /** The text the finding's range covers. */
  at: string;
  quiet: string;
  /** The whole file after applying the finding's fix; omitted when the finding has no fix. */
  fixed?: string;
  path?: string;
  quietPath?: string;
  context?: SupervisorProjectContext;
}

const P = '[program:web]\ncommand=/bin/cat\n';
const GUNICORN = '[program:web]\ncommand=/venv/bin/gunicorn config.wsgi:application\nstopwaitsecs=40\n';

const CASES: Case[] = [
  { code: 'DR710', fires: `${P}autostart\n`, at: 'autostart', quiet: `${P}autostart=true\n` },
  { code: 'DR711', fires: `command=/bin/cat\n${P}`, at: 'command=/bin/cat', quiet: `; command=/bin/cat\n${P}` },
  { code: 'DR712', fires: `\ufeff${P}`, at: '\ufeff', quiet: P, fixed: P },
  { code: 'DR715', fires: '[program:d]\ncommand=date +%Y\n', at: '%Y', quiet: '[program:d]\ncommand=date +%%Y\n', fixed: '[program:d]\ncommand=date +%%Y\n' },
  {
    code: 'DR716',
    fires: `${P}stdout_logfile=/l/%(proces_num)s\n`,
    at: '%(proces_num)s',
    quiet: `${P}stdout_logfile=/l/%(process_num)s\n`,
    fixed: `${P}stdout_logfile=/l/%(process_num)s\n`,
  },
  { code: 'DR720', fires: '[program:web]\nautostart=true\n', at: 'program:web', quiet: `${P}autostart=true\n` },
  {
    code: 'DR721',
    fires: `${P}stdout_logfile_maxbytes=50M\n`,
    at: '50M',
    quiet: `${P}stdout_logfile_maxbytes=50mb\n`,
    fixed: `${P}stdout_logfile_maxbytes=50MB\n`,
  },
  {
    code: 'DR722',
    fires: `${P}numprocs=2\n`,
    at: '2',
    quiet: `${P}numprocs=2\nprocess_name=w%(process_num)d\n`,
    fixed: `${P}numprocs=2\nprocess_name=%(program_name)s_%(process_num)02d\n`,
  },
  {
    code: 'DR723',
    fires: `${P}stopasgroup=true\nkillasgroup=false\n`,
    at: 'false',
    quiet: `${P}stopasgroup=true\n`,
    fixed: `${P}stopasgroup=true\nkillasgroup=true\n`,
  },
  { code: 'DR724', fires: '[program:a:b]\ncommand=/bin/cat\n', at: 'program:a:b', quiet: '[program:a-b]\ncommand=/bin/cat\n' },
  { code: 'DR725', fires: `${P}[group:g]\nprograms=wbe\n`, at: 'wbe', quiet: `${P}[group:g]\nprograms=web\n`, fixed: `${P}[group:g]\nprograms=web\n` },
  {
    code: 'DR726',
    fires: '[eventlistener:e]\ncommand=/bin/cat\nevents=TICK_60\nredirect_stderr=true\n',
    at: 'true',
    quiet: '[eventlistener:e]\ncommand=/bin/cat\nevents=TICK_60\nstderr_logfile=NONE\n',
    fixed: '[eventlistener:e]\ncommand=/bin/cat\nevents=TICK_60\nredirect_stderr=false\n',
  },
  {
    code: 'DR727',
    fires: '[supervisord]\n[inet_http_server]\nport=127.0.0.1:9001\nusername=u\n',
    at: 'username',
    quiet: '[supervisord]\n[inet_http_server]\nport=127.0.0.1:9001\nusername=u\npassword=p\n',
  },
  { code: 'DR730', fires: `${P}autorestrt=true\n`, at: 'autorestrt', quiet: `${P}AutoRestart=true\n`, fixed: `${P}autorestart=true\n` },
  { code: 'DR731', fires: '[Program:web]\ncommand=/bin/cat\n', at: 'Program:web', quiet: P, fixed: P },
  { code: 'DR732', fires: `${P}${P}`, at: 'program:web', quiet: `${P}[program:web2]\ncommand=/bin/cat\n` },
  {
    code: 'DR733',
    fires: `[supervisord]\nloglevel=debug\n${P}`,
    at: 'supervisord',
    quiet: `[supervisord]\nloglevel=debug\n${P}`,
    quietPath: '/etc/supervisord.conf',
  },
  { code: 'DR734', fires: '[program:web]\ncommand=sh -c "migrate ; serve"\n', at: '; serve"', quiet: '[program:web]\ncommand=sh -c "migrate; serve"\n' },
  { code: 'DR735', fires: `${P}environment=A="1",B=x y\n`, at: 'x y', quiet: `${P}environment=A="1",B="x y"\n`, fixed: `${P}environment=A="1",B="x y"\n` },
  { code: 'DR736', fires: `${P}directory=%(ENV_HOME)s\n`, at: '%(ENV_HOME)s', quiet: `[supervisord]\nenvironment=HOME="/root"\n${P}directory=%(ENV_HOME)s\n` },
  { code: 'DR737', fires: `${P}numprocs=0\n`, at: '0', quiet: `${P}numprocs=1\n`, fixed: `${P}numprocs=1\n` },
  {
    code: 'DR738',
    fires: '[program:a]\ncommand=celery -A p worker -B\n[program:b]\ncommand=celery -A p beat\n',
    at: 'celery -A p beat',
    quiet: '[program:a]\ncommand=celery -A p worker\n[program:b]\ncommand=celery -A p beat\n',
  },
  {
    code: 'DR739',
    fires: `${P}stdout_logfile=/l/x.log\n[program:b]\ncommand=/bin/cat\nstdout_logfile=/l/x.log\n`,
    at: '/l/x.log',
    quiet: `${P}stdout_logfile=/l/x.log\nstdout_logfile_maxbytes=0\n[program:b]\ncommand=/bin/cat\nstdout_logfile=/l/x.log\nstdout_logfile_maxbytes=0\n`,
  },
  {
    code: 'DR740',
    fires: '[program:web]\ncommand=gunicorn app:wsgi -D -w 3\nstopwaitsecs=40\n',
    at: '-D',
    quiet: '[program:web]\ncommand=gunicorn app:wsgi -w 3 --name D\nstopwaitsecs=40\n',
    fixed: '[program:web]\ncommand=gunicorn app:wsgi -w 3\nstopwaitsecs=40\n',
  },
  {
    code: 'DR741',
    fires: '[program:web]\ncommand=gunicorn app:wsgi --graceful-timeout=20\nstopwaitsecs=20\n',
    at: '20',
    quiet: '[program:web]\ncommand=gunicorn app:wsgi -c gunicorn.conf.py\n',
    fixed: '[program:web]\ncommand=gunicorn app:wsgi --graceful-timeout=20\nstopwaitsecs=25\n',
  },
  {
    code: 'DR742',
    fires: `${P}redirect_stderr=true\nstderr_logfile=/l/e.log\nstdout_logfile=/l/o.log\n`,
    at: 'stderr_logfile',
    quiet: `${P}redirect_stderr=true\nstderr_logfile=NONE\n`,
    fixed: `${P}redirect_stderr=true\nstdout_logfile=/l/o.log\n`,
  },
  { code: 'DR743', fires: `${P}autostart=true\nautostart=false\n`, at: 'autostart', quiet: `${P}autostart=false\n` },
  { code: 'DR744', fires: '[supervisord]\n[inet_http_server]\nport=:9001\n', at: ':9001', quiet: '[supervisord]\n[inet_http_server]\nport=localhost:9001\n' },
  {
    code: 'DR745',
    fires: '[program:web]\ncommand=python3 manage.py runserver\n',
    at: 'python3 manage.py runserver',
    quiet: '[program:web]\ncommand=python3 manage.py rqworker\n',
  },
  {
    code: 'DR750',
    fires: `${GUNICORN}environment=DJANGO_SETTINGS_MODULE="config.settings"\n`,
    at: 'config.settings',
    quiet: `${GUNICORN}environment=DJANGO_SETTINGS_MODULE="config.settings.production"\n`,
    fixed: `${GUNICORN}environment=DJANGO_SETTINGS_MODULE="config.settings.production"\n`,
    context: PROJECT_CONTEXT,
  },
  {
    code: 'DR751',
    fires: `${GUNICORN}environment=DJANGO_SETTINGS_MODULE="config.settings.local"\n`,
    at: 'config.settings.local',
    quiet: `${GUNICORN}environment=DJANGO_SETTINGS_MODULE="config.settings.base"\n`,
    fixed: `${GUNICORN}environment=DJANGO_SETTINGS_MODULE="config.settings.production"\n`,
    context: PROJECT_CONTEXT,
  },
  {
    code: 'DR752',
    fires: '[program:web]\ncommand=daphne -b 0.0.0.0 config.asgi:app\n',
    at: 'config.asgi:app',
    quiet: '[program:web]\ncommand=daphne -b 0.0.0.0 config.asgi:application\n',
    fixed: '[program:web]\ncommand=daphne -b 0.0.0.0 config.asgi:application\n',
    context: PROJECT_CONTEXT,
  },
  {
    code: 'DR753',
    fires: '[program:w]\ncommand=celery -Aproject worker\n',
    at: 'project',
    quiet: '[program:w]\ncommand=celery -A config.celery_app:app worker\n',
    fixed: '[program:w]\ncommand=celery -Aconfig.celery_app worker\n',
    context: PROJECT_CONTEXT,
  },
];

function textAt(text: string, range: Range): string {
  const index = new LineIndex(text);
  return text.slice(index.offset(range.start), index.offset(range.end));
}

function run(text: string, path = '/etc/supervisor/conf.d/web.conf', context?: SupervisorProjectContext): Finding[] {
  return validateSupervisorFiles([{ path, text }], context);
}

for (const c of CASES) {
  test(`${c.code} fires where it should and stays quiet on a near miss`, () => {
    const path = c.path ?? '/etc/supervisor/conf.d/web.conf';
    const found = run(c.fires, path, c.context).filter((f) => f.code === c.code);
    assert.equal(found.length, 1, `expected one ${c.code}, got ${JSON.stringify(run(c.fires, path, c.context).map((f) => `${f.code} ${f.message}`))}`);
    const [finding] = found;
    assert.equal(textAt(c.fires, finding.location.range), c.at);
    assert.equal(finding.location.file, path);
    assert.equal(finding.area, 'process-supervisor');
    assert.equal(finding.severity, CODES_BY_ID.get(c.code)?.severity);
    if (c.fixed === undefined) {
      assert.equal(finding.fix, null);
    } else {
      assert.ok(finding.fix, 'expected a fix');
      const edits = finding.fix.changes.flatMap((ch) => (ch.kind === 'edit' && ch.file === path ? ch.edits : []));
      assert.equal(applyTextEdits(c.fires, edits), c.fixed);
    }
    const quiet = run(c.quiet, c.quietPath ?? path, c.context).filter((f) => f.code === c.code);
    assert.deepEqual(
      quiet.map((f) => f.message),
      [],
    );
  });
}

const CODES_BY_ID = new Map(Object.values(CODES).map((meta) => [meta.code, meta]));

test('every supervisor code has a case above, and codes stay in DR710-DR799 with the right area', () => {
  const supervisorCodes = allRuleMetas().filter((m) => /^DR7[1-9]\d$/.test(m.code));
  assert.deepEqual(supervisorCodes.map((m) => m.code).sort(), [...CODES_BY_ID.keys()].sort());
  for (const meta of supervisorCodes) {
    assert.equal(meta.area, 'process-supervisor');
    assert.ok(
      CASES.some((c) => c.code === meta.code),
      `no case for ${meta.code}`,
    );
  }
  for (const c of CASES) assert.equal(CODES_BY_ID.get(c.code)?.fixable ?? false, c.fixed !== undefined || CODES_BY_ID.get(c.code)!.fixable, c.code);
});

test('project-aware codes are skipped without a project context', () => {
  for (const c of CASES.filter((c) => c.context))
    assert.deepEqual(
      run(c.fires).filter((f) => /^DR75/.test(f.code)),
      [],
    );
});

test('a real key in the wrong section says where it belongs instead of suggesting a look-alike', () => {
  const [socket] = run(`${P}socket=tcp://localhost:8000\n`);
  assert.equal(socket.code, 'DR730');
  assert.match(socket.message, /read only in \[fcgi-program:x\]/);
  assert.equal(socket.fix, null);
  const [capture] = run('[eventlistener:e]\ncommand=/bin/cat\nevents=TICK_5\nstdout_capture_maxbytes=1MB\n');
  assert.match(capture.message, /has no effect in \[eventlistener:e\]/);
});

test('[DEFAULT] keys reach every section, so a command there satisfies programs', () => {
  assert.deepEqual(run('[DEFAULT]\ncommand=/bin/cat\n[program:web]\nautostart=true\n'), []);
  assert.deepEqual(
    run('[DEFAULT]\nautostrat=true\n').map((f) => f.code),
    ['DR730'],
  );
});

test('files in different folders are separate configurations; a main file pulls in what its [include] reaches', () => {
  const staging = { path: '/p/deploy/staging/web.conf', text: P };
  const production = { path: '/p/deploy/production/web.conf', text: P };
  assert.deepEqual(validateSupervisorFiles([staging, production]), []);
  const main = { path: '/p/deploy/supervisord.conf', text: '[supervisord]\n[include]\nfiles=staging/*.conf production/*.conf\n' };
  const found = validateSupervisorFiles([main, staging, production]);
  assert.deepEqual(
    found.map((f) => [f.code, f.location.file]),
    [['DR732', production.path]],
  );
});

test('the environment a key sees: own environment= entries count for command, not for environment itself', () => {
  assert.deepEqual(run(`${P}environment=APP="/srv"\ndirectory=%(ENV_APP)s\n`), []);
  assert.deepEqual(
    run(`${P}environment=APP="/srv",B="%(ENV_APP)s"\n`).map((f) => f.code),
    ['DR736'],
  );
  assert.deepEqual(
    run('[supervisord]\nenvironment=A="1",B="%(ENV_A)s"\n', '/etc/supervisord.conf').map((f) => f.code),
    ['DR736'],
  );
  assert.deepEqual(run(`[supervisord]\nenvironment=A="1"\n${P}directory=%(ENV_A)s\n`, '/etc/supervisord.conf'), []);
});

test('removing a flag alone on a continuation line removes the line', () => {
  const text = '[program:web]\ncommand=gunicorn app:wsgi\n    --daemon ; background\n    --bind 127.0.0.1:8000\nstopwaitsecs=40\n';
  const [finding] = run(text);
  assert.equal(finding.code, 'DR740');
  const edits = finding.fix!.changes.flatMap((c) => (c.kind === 'edit' ? c.edits : []));
  assert.equal(applyTextEdits(text, edits), '[program:web]\ncommand=gunicorn app:wsgi\n    --bind 127.0.0.1:8000\nstopwaitsecs=40\n');
  const celery = '[program:w]\ncommand=celery -A x worker --detach\n';
  const [detach] = run(celery);
  assert.equal(
    applyTextEdits(
      celery,
      detach.fix!.changes.flatMap((c) => (c.kind === 'edit' ? c.edits : [])),
    ),
    '[program:w]\ncommand=celery -A x worker\n',
  );
});

test('a lone %s is accepted by Python, so it is reported as a warning', () => {
  const [finding] = run('[program:web]\ncommand=/bin/echo %s\n');
  assert.equal(finding.code, 'DR715');
  assert.equal(finding.severity, 'warning');
});

test('isSupervisorFile recognises supervisor configurations and nothing else', () => {
  assert.equal(isSupervisorFile('/x/supervisord.conf', ''), true);
  assert.equal(isSupervisorFile('/x/conf.d/web.conf', '; web\n[program:web]\ncommand=x\n'), true);
  assert.equal(isSupervisorFile('/x/app.ini', '[Program:web]\n'), true);
  assert.equal(isSupervisorFile('/x/main.conf', '[unix_http_server]\nfile=/tmp/s\n'), true);
  assert.equal(isSupervisorFile('/x/tox.ini', '[tox]\nenvlist=py3\n[testenv]\n'), false);
  assert.equal(isSupervisorFile('/x/nginx.conf', 'server { listen 80; }\n'), false);
  assert.equal(isSupervisorFile('/x/web.txt', '[program:web]\n'), false);
  assert.equal(isSupervisorFile('/x/uwsgi.ini', '[uwsgi]\nmodule=app\n'), false);
});
