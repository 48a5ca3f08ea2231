// The rules that read the deployment: process supervision (DR701-DR705), server-aware database advice
// (DR106-DR108), DR302 with the worker count, and the environment manifest (DR024).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, applyFix, findingsOf, read, settingsProject } from '../helpers/project';

const WSGI = 'WSGI_APPLICATION = "mysite.wsgi.application"\n';
const WSGI_PY = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\napplication = None\n';

function processArea(analysis: ProjectAnalysis): { status: string; reason: string } {
  return analysis.checklist.find((area) => area.area === 'process-supervisor')!;
}

function codesIn(analysis: ProjectAnalysis, area: string): string[] {
  return analysis.findings
    .filter((finding) => finding.area === area)
    .map((finding) => finding.code)
    .sort();
}

describe('DR701-DR703 judged from what starts each process', () => {
  test('compose without a restart policy: on the service, with a fix that adds one; applying it again changes nothing', () => {
    const compose =
      'services:\n  web:\n    image: example/mysite:1.0\n    command: gunicorn mysite.wsgi -w 4\n    ports:\n      - "8000:8000"\n  db:\n    image: postgres:16\n';
    const root = settingsProject(WSGI, { 'mysite/wsgi.py': WSGI_PY, 'docker-compose.yml': compose });
    const [finding] = findingsOf(analyzeOne(root), 'DR701');
    assert.equal(
      finding.message,
      'The web server (gunicorn) is started by docker-compose.yml (web), but the service has no restart policy: if it exits or crashes, nothing starts it again. Add `restart: unless-stopped` to the service.',
    );
    assert.deepEqual(finding.location.range.start, { line: 1, character: 2 });
    assert.equal(finding.fix!.title, 'Restart web unless it is stopped (restart: unless-stopped)');
    applyFix(finding.fix!);
    assert.equal(read(root, 'docker-compose.yml'), compose.replace('  web:\n', '  web:\n    restart: unless-stopped\n'));
    const after = analyzeOne(root);
    assert.deepEqual(codesIn(after, 'process-supervisor'), []);
    assert.equal(processArea(after).status, 'pass');
  });

  test('restart: "no" is replaced; systemd without Restart= and supervisor autorestart=false get their own fixes', () => {
    const root = settingsProject(`${WSGI}INSTALLED_APPS = ["django_celery_beat"]\n`, {
      'mysite/wsgi.py': WSGI_PY,
      'mysite/celery.py': 'from celery import Celery\napp = Celery("mysite")\n',
      'deploy/web.service': '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/gunicorn mysite.wsgi\n',
      'deploy/worker.conf': '[program:worker]\ncommand=celery -A mysite worker\nautorestart=false\n',
      'docker-compose.yml': 'services:\n  beat:\n    image: example/mysite\n    command: celery -A mysite beat\n    restart: "no"\n',
    });
    const analysis = analyzeOne(root);
    assert.deepEqual(codesIn(analysis, 'process-supervisor'), ['DR701', 'DR702', 'DR703']);
    for (const code of ['DR701', 'DR702', 'DR703']) applyFix(findingsOf(analysis, code)[0].fix!);
    assert.match(read(root, 'deploy/web.service'), /\[Service\]\nRestart=on-failure\nExecStart=/);
    assert.match(read(root, 'deploy/worker.conf'), /^autorestart=true$/m);
    assert.match(read(root, 'docker-compose.yml'), /^ {4}restart: unless-stopped$/m);
    assert.deepEqual(codesIn(analyzeOne(root), 'process-supervisor'), []);
  });

  test('a container image alone: restarts are decided where it runs, so the check is unknown, without a finding', () => {
    const root = settingsProject(WSGI, { 'mysite/wsgi.py': WSGI_PY, Dockerfile: 'FROM python:3.12\nCMD ["gunicorn", "mysite.wsgi"]\n' });
    const analysis = analyzeOne(root);
    assert.deepEqual(codesIn(analysis, 'process-supervisor'), []);
    assert.equal(processArea(analysis).status, 'unknown');
    assert.match(
      processArea(analysis).reason,
      /^Dockerfile runs gunicorn as the image's command; whether it is restarted is decided where it runs \(docker run --restart, Kubernetes, a platform\)/,
    );
  });

  test('a deployment that runs the web server but no worker: a finding without the supervisor fix; a script nothing starts: unknown', () => {
    const celery = { 'mysite/celery.py': 'from celery import Celery\napp = Celery("mysite")\n', Procfile: 'web: gunicorn mysite.wsgi\n' };
    const [worker] = findingsOf(analyzeOne(settingsProject(WSGI, { 'mysite/wsgi.py': WSGI_PY, ...celery })), 'DR702');
    assert.equal(
      worker.message,
      'The deployment (Procfile) runs no celery worker, so queued tasks never run. Add it beside the other processes, with a restart policy.',
    );
    assert.equal(worker.fix, null);
    const unlaunched = analyzeOne(
      settingsProject(WSGI, { 'mysite/wsgi.py': WSGI_PY, ...celery, 'bin/worker.sh': '#!/bin/sh\nexec celery -A mysite worker\n' }),
    );
    assert.deepEqual(findingsOf(unlaunched, 'DR702'), []);
    assert.equal(unlaunched.checklist.find((a) => a.area === 'process-supervisor')!.checks.find((c) => c.code === 'DR702')!.status, 'unknown');
  });

  test('Kubernetes, a Procfile platform, s6 and Apache count as supervision', () => {
    const deployments: Record<string, string>[] = [
      {
        'k8s/web.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: example/mysite\n          command: ["gunicorn", "mysite.wsgi"]\n',
      },
      { Procfile: 'web: gunicorn mysite.wsgi\n' },
      { 'etc/s6-overlay/s6-rc.d/web/type': 'longrun\n', 'etc/s6-overlay/s6-rc.d/web/run': '#!/bin/sh\nexec gunicorn mysite.wsgi\n' },
      { 'apache/site.conf': 'WSGIDaemonProcess mysite processes=2\nWSGIScriptAlias / /srv/mysite/mysite/wsgi.py\n' },
    ];
    for (const files of deployments) {
      const analysis = analyzeOne(settingsProject(WSGI, { 'mysite/wsgi.py': WSGI_PY, ...files }));
      assert.equal(processArea(analysis).status, 'pass', Object.keys(files)[0]);
    }
  });
});

describe('DR704 development server in production, DR705 unreadable deployment files', () => {
  test("an image whose default command makes the entrypoint run runserver; the entrypoint's production branch is named", () => {
    const root = settingsProject(WSGI, {
      'mysite/wsgi.py': WSGI_PY,
      Dockerfile: 'FROM python:3.12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["runserver"]\n',
      'entrypoint.sh': '#!/bin/sh\ncase "$1" in\n  serve) exec gunicorn mysite.wsgi ;;\n  *) exec python manage.py "$@" ;;\nesac\n',
    });
    const [finding] = findingsOf(analyzeOne(root), 'DR704');
    assert.equal(finding.location.range.start.line, 3);
    assert.equal(
      finding.message,
      "Dockerfile runs Django's development server (manage.py runserver) through entrypoint.sh in production: Django's documentation says it has not gone through security audits or performance tests. entrypoint.sh also runs gunicorn when given serve: make that the default.",
    );
  });

  test('development files running runserver are not production; a broken production file is DR705', () => {
    const root = settingsProject(WSGI, {
      'mysite/wsgi.py': WSGI_PY,
      'docker-compose.yml': 'services:\n  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n    volumes: [".:/app"]\n',
      Dockerfile: 'FROM python:3.12\nCMD gunicorn mysite.wsgi\n',
      'deploy/mysite.service': 'ExecStart=/usr/bin/gunicorn\n',
    });
    const analysis = analyzeOne(root);
    assert.deepEqual(findingsOf(analysis, 'DR704'), []);
    const [broken] = findingsOf(analysis, 'DR705');
    assert.equal(broken.message, 'No [Service] section: this unit starts no process. Django Ready cannot tell what this systemd unit runs.');
  });
});

const PG = (extra: string): string => `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"${extra}}}\n`;
const ASGI_DEPLOY = { Procfile: 'web: uvicorn mysite.asgi:application --workers 2\n', 'requirements.txt': 'Django==5.1\n' };

describe('database advice that follows the server production runs', () => {
  test('ASGI with persistent connections: DR106 with a fix to CONN_MAX_AGE = 0; then DR107 suggests the pool', () => {
    const root = settingsProject(PG(', "CONN_MAX_AGE": 60'), ASGI_DEPLOY);
    const [finding] = findingsOf(analyzeOne(root), 'DR106');
    assert.match(finding.message, /^Production serves Django over ASGI \(uvicorn in Procfile\), where persistent connections are not reused/);
    applyFix(finding.fix!);
    assert.equal(read(root, 'mysite/settings.py'), PG(', "CONN_MAX_AGE": 0'));
    assert.deepEqual(codesIn(analyzeOne(root), 'db-connections'), ['DR107']);
  });

  test('ASGI with a pool and CONN_MAX_AGE = 0 passes; WSGI keeps DR102; a pool with persistent connections stays DR104', () => {
    assert.deepEqual(codesIn(analyzeOne(settingsProject(PG(', "OPTIONS": {"pool": True}'), ASGI_DEPLOY)), 'db-connections'), []);
    assert.deepEqual(
      codesIn(analyzeOne(settingsProject(PG(''), { Procfile: 'web: gunicorn mysite.wsgi\n', 'requirements.txt': 'Django==5.1\n' })), 'db-connections'),
      ['DR102'],
    );
    assert.deepEqual(codesIn(analyzeOne(settingsProject(PG(', "CONN_MAX_AGE": 60, "OPTIONS": {"pool": True}'), ASGI_DEPLOY)), 'db-connections'), ['DR104']);
  });

  test('a top-level CONN_MAX_AGE is ignored by Django: DR108, unless every database sets the key', () => {
    const [finding] = findingsOf(analyzeOne(settingsProject(`CONN_MAX_AGE = 60\n${PG('')}`)), 'DR108');
    assert.match(
      finding.message,
      /^CONN_MAX_AGE = 60 here is ignored: Django reads CONN_MAX_AGE only inside each DATABASES entry, and DATABASES\["default"\] has none/,
    );
    assert.deepEqual(findingsOf(analyzeOne(settingsProject(`CONN_MAX_AGE = 60\n${PG(', "CONN_MAX_AGE": CONN_MAX_AGE')}`)), 'DR108'), []);
  });
});

describe('DR302 with the number of worker processes', () => {
  const sessions =
    'SECRET_KEY = "x" * 50\nINSTALLED_APPS = ["django.contrib.sessions"]\nMIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\nSESSION_ENGINE = "django.contrib.sessions.backends.cached_db"\n';
  test('several workers make it certain and the message says how many; one worker makes it info', () => {
    const [many] = findingsOf(analyzeOne(settingsProject(sessions, { Procfile: 'web: gunicorn mysite.wsgi --workers 5\n' })), 'DR302');
    assert.equal(many.severity, 'warning');
    assert.match(many.message, / Production runs 5 gunicorn worker processes \(--workers 5; Procfile\), so this happens\.$/);
    const [one] = findingsOf(analyzeOne(settingsProject(sessions, { Procfile: 'web: uvicorn mysite.asgi:app\n' })), 'DR302');
    assert.equal(one.severity, 'info');
    assert.match(one.message, /Production runs one uvicorn process/);
  });
});

describe('DR024 required variables the deployment does not provide', () => {
  const settings =
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")\nDEBUG = os.environ.get("DEBUG") == "1"\n';
  test('a compose deployment whose environment is all in the repository: the missing one is reported where it is read', () => {
    const root = settingsProject(settings, {
      'docker-compose.yml': 'services:\n  web:\n    image: example/mysite\n    command: gunicorn mysite.wsgi\n    restart: always\n    env_file: prod.env\n',
      'prod.env': 'SECRET_KEY=from-env-file\n',
    });
    const findings = findingsOf(analyzeOne(root), 'DR024');
    assert.deepEqual(
      findings.map((f) => [f.location.range.start.line, f.message]),
      [
        [
          2,
          'The settings need $ALLOWED_HOSTS (os.environ["ALLOWED_HOSTS"] has no default, so importing them fails without it), but no production process gets it: docker-compose.yml (web) does not set it, nor does any env file it reads. Add it to that environment (or an env_file / EnvironmentFile kept out of the repository).',
        ],
      ],
    );
  });

  test('an open environment (a platform, an env_file outside the repository) gives no finding', () => {
    assert.deepEqual(findingsOf(analyzeOne(settingsProject(settings, { Procfile: 'web: gunicorn mysite.wsgi\n' })), 'DR024'), []);
    assert.deepEqual(
      findingsOf(
        analyzeOne(
          settingsProject(settings, {
            'docker-compose.yml': 'services:\n  web:\n    image: example/mysite\n    command: gunicorn mysite.wsgi\n    env_file: /etc/mysite.env\n',
          }),
        ),
        'DR024',
      ),
      [],
    );
  });
});
