// process-supervisor (DR701-DR703, plus the supervisor validator run with the project's facts): every needed
// process has a supervisor program; fixes write conf.d files that supervisor 4.2.5 itself loads.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { supervisorConfigsFix } from '../../server/src/service/rules/processSupervisor';
import { generateSupervisorConfigs } from '../../server/src/service/supervisor';
import { analyzeOne, applyFix, findingsOf, fixtureProject, MANAGE_PY, settingsProject, writeProject } from '../helpers/project';
import { loadWithSupervisor, skipReason } from '../supervisor/realSupervisor';

function areaFindings(analysis: ProjectAnalysis): string[] {
  return analysis.findings.filter((f) => f.area === 'process-supervisor').map((f) => f.code);
}

function areaStatus(analysis: ProjectAnalysis): string {
  return analysis.checklist.find((a) => a.area === 'process-supervisor')!.status;
}

function supervisorFiles(root: string): { name: string; text: string }[] {
  const dir = path.join(root, 'deploy', 'supervisor');
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

const WSGI_PY =
  'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\napplication = get_wsgi_application()\n';
const ASGI_PY = WSGI_PY.replace(/wsgi/g, 'asgi');
const CELERY_APP = 'from celery import Celery\n\napp = Celery("mysite")\n';

describe('DR701 web server not run by supervisor', () => {
  test("startproject: on WSGI_APPLICATION; the fix writes the generator's gunicorn program for the project", () => {
    const root = fixtureProject('startproject');
    const analysis = analyzeOne(root);
    const name = analysis.project.name;
    const [finding] = findingsOf(analysis, 'DR701');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.location.range.start, { line: 69, character: 0 });
    assert.equal(
      finding.message,
      `No supervisor program runs the web server, so nothing restarts it when it crashes or starts it at boot. Run gunicorn under supervisor. Create deploy/supervisor/${name}-web.conf from the project's settings.`,
    );
    const [expected] = generateSupervisorConfigs({
      project: name,
      application: { kind: 'wsgi', target: 'mysite.wsgi.application' },
      settingsModule: 'mysite.settings',
    });
    assert.deepEqual(finding.fix, {
      title: `Create deploy/supervisor/${name}-web.conf (supervisor program for the web server)`,
      changes: [{ kind: 'create', file: path.join(root, 'deploy', 'supervisor', `${name}-web.conf`), content: expected.content }],
    });
    assert.match(expected.content, /^command=\/srv\/.*\/venv\/bin\/gunicorn mysite\.wsgi:application$/m);
    assert.match(expected.content, /^environment=DJANGO_SETTINGS_MODULE="mysite\.settings",/m);
    applyFix(finding.fix!);
    const after = analyzeOne(root);
    assert.deepEqual(areaFindings(after), [], 'no DR701 and no validator finding on the new file');
    assert.equal(areaStatus(after), 'pass');
    assert.equal(supervisorConfigsFix(after.project, after.settings, new NodeFileSystem()), null);
  });

  test('the created program loads in supervisor 4.2.5', { skip: skipReason() }, () => {
    const root = fixtureProject('startproject');
    const analysis = analyzeOne(root);
    applyFix(findingsOf(analysis, 'DR701')[0].fix!);
    const verdict = loadWithSupervisor(supervisorFiles(root));
    assert.equal(verdict.ok, true, verdict.error);
    assert.deepEqual(Object.keys(verdict.processes), [`${analysis.project.name}-web`]);
    assert.equal(verdict.processes[`${analysis.project.name}-web`].environment.DJANGO_SETTINGS_MODULE, 'mysite.settings');
  });

  test('ASGI: from ASGI_APPLICATION, or from asgi.py when the project depends on channels', () => {
    const viaSetting = settingsProject('WSGI_APPLICATION = "mysite.wsgi.application"\nASGI_APPLICATION = "mysite.routing.application"\n', {
      'mysite/wsgi.py': WSGI_PY,
    });
    const [finding] = findingsOf(analyzeOne(viaSetting), 'DR701');
    assert.match(finding.message, /Run gunicorn with uvicorn workers \(ASGI, because ASGI_APPLICATION is mysite\.routing\.application\) under supervisor\./);
    const content = (finding.fix!.changes[0] as { content: string }).content;
    assert.match(content, /gunicorn mysite\.routing:application\n {4}--worker-class uvicorn_worker\.UvicornWorker/);
    const viaDependency = settingsProject('', { 'mysite/asgi.py': ASGI_PY, 'requirements.txt': 'Django==3.2\nchannels==4.0\n' });
    const [other] = findingsOf(analyzeOne(viaDependency), 'DR701');
    assert.match(other.message, /ASGI, because the project depends on channels/);
    assert.match((other.fix!.changes[0] as { content: string }).content, /gunicorn mysite\.asgi:application/);
  });

  test('without WSGI_APPLICATION or wsgi.py there is nothing to name: a finding without a fix', () => {
    const [finding] = findingsOf(analyzeOne(settingsProject('DEBUG = False\n')), 'DR701');
    assert.equal(finding.fix, null);
    assert.match(finding.message, /Set WSGI_APPLICATION so the program can name the application\./);
  });

  test('counts gunicorn run through sh -c, uvicorn, and programs of a main supervisord.conf', () => {
    for (const conf of [
      '[program:site]\ncommand=sh -c "cd /srv/app && exec venv/bin/gunicorn mysite.wsgi"\n',
      '[program:site]\ncommand=/srv/venv/bin/uvicorn mysite.asgi:application --port 8001\n',
      '[supervisord]\nlogfile=/tmp/x.log\n\n[program:site]\ncommand=/srv/venv/bin/python -m gunicorn mysite.wsgi\n',
    ]) {
      const root = settingsProject('WSGI_APPLICATION = "mysite.wsgi.application"\n', { 'deploy/supervisord.conf': conf });
      assert.deepEqual(findingsOf(analyzeOne(root), 'DR701'), [], conf);
    }
  });

  test('honours supervisor-directory, and never overwrites a file of the same name', () => {
    const root = settingsProject('WSGI_APPLICATION = "mysite.wsgi.application"\n', {
      'pyproject.toml': '[tool.django-ready]\nsupervisor-directory = "ops/conf.d"\n',
    });
    const analysis = analyzeOne(root);
    const file = findingsOf(analysis, 'DR701')[0].fix!.changes[0].file;
    assert.equal(file, path.join(root, 'ops', 'conf.d', `${analysis.project.name}-web.conf`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '; kept\n');
    assert.equal(findingsOf(analyzeOne(root), 'DR701')[0].fix, null);
  });
});

describe('DR702 and DR703 celery worker and beat', () => {
  test('scattered: one finding and one file per process; supervisorConfigsFix creates both', () => {
    const root = fixtureProject('scattered');
    const analysis = analyzeOne(root);
    const name = analysis.project.name;
    const [worker] = findingsOf(analysis, 'DR702');
    const [beat] = findingsOf(analysis, 'DR703');
    assert.equal(
      worker.message,
      `The project uses celery, but no supervisor program runs a celery worker, so queued tasks never run. Create deploy/supervisor/${name}-worker.conf from the project's settings.`,
    );
    assert.deepEqual(beat.location.range.start, { line: 28, character: 0 });
    assert.match(beat.message, /^CELERY_BEAT_SCHEDULE is set, but no supervisor program runs celery beat/);
    const generated = generateSupervisorConfigs({
      project: name,
      application: { kind: 'wsgi', target: 'mysite.wsgi.application' },
      settingsModule: 'mysite.settings',
      celery: { app: 'mysite.celery', worker: true, beat: true, databaseScheduler: false },
    });
    assert.deepEqual(worker.fix!.changes, [
      { kind: 'create', file: path.join(root, 'deploy', 'supervisor', `${name}-worker.conf`), content: generated[1].content },
    ]);
    assert.deepEqual(beat.fix!.changes, [
      { kind: 'create', file: path.join(root, 'deploy', 'supervisor', `${name}-beat.conf`), content: generated[2].content },
    ]);
    const all = supervisorConfigsFix(analysis.project, analysis.settings, new NodeFileSystem())!;
    assert.equal(all.title, 'Create supervisor programs in deploy/supervisor/ (worker, beat)');
    assert.deepEqual(all.changes, [...worker.fix!.changes, ...beat.fix!.changes]);
    applyFix(all);
    const after = analyzeOne(root);
    assert.deepEqual(areaFindings(after), []);
    assert.equal(areaStatus(after), 'pass');
  });

  test('the hand-written web program and the generated worker and beat load together in supervisor 4.2.5', { skip: skipReason() }, () => {
    const root = fixtureProject('scattered');
    const analysis = analyzeOne(root);
    applyFix(supervisorConfigsFix(analysis.project, analysis.settings, new NodeFileSystem())!);
    const verdict = loadWithSupervisor(supervisorFiles(root));
    assert.equal(verdict.ok, true, verdict.error);
    assert.deepEqual(Object.keys(verdict.processes).sort(), [`${analysis.project.name}-beat`, `${analysis.project.name}-worker`, 'web']);
    assert.match(verdict.processes[`${analysis.project.name}-worker`].command, / -A mysite\.celery worker /);
  });

  test('django-celery-beat: beat is expected and uses the database scheduler; a worker with -B runs beat', () => {
    const root = settingsProject('WSGI_APPLICATION = "mysite.wsgi.application"\nINSTALLED_APPS = ["django_celery_beat"]\n', {
      'mysite/celery.py': CELERY_APP,
      'deploy/supervisor/web.conf': '[program:web]\ncommand=gunicorn mysite.wsgi\nstopwaitsecs=35\n',
    });
    const [beat] = findingsOf(analyzeOne(root), 'DR703');
    assert.match(beat.message, /^The project uses django-celery-beat, but/);
    assert.match((beat.fix!.changes[0] as { content: string }).content, /beat --loglevel=INFO --scheduler django_celery_beat\.schedulers:DatabaseScheduler/);
    fs.writeFileSync(path.join(root, 'deploy', 'supervisor', 'worker.conf'), '[program:worker]\ncommand=celery -A mysite worker -B\n');
    assert.deepEqual(areaFindings(analyzeOne(root)), []);
  });

  test('celery as a dependency without an app module: the finding says what to create, without a fix', () => {
    const root = settingsProject('WSGI_APPLICATION = "mysite.wsgi.application"\n', {
      'requirements.txt': 'celery[redis]>=5\n',
      'deploy/supervisor/web.conf': '[program:web]\ncommand=gunicorn mysite.wsgi\n',
    });
    const [worker] = findingsOf(analyzeOne(root), 'DR702');
    assert.equal(worker.fix, null);
    assert.match(worker.message, /No module defines a Celery app yet/);
    assert.deepEqual(findingsOf(analyzeOne(root), 'DR703'), []);
  });

  test('no celery, no worker or beat expected (tidy runs all three, so nothing is missing there either)', () => {
    assert.deepEqual(areaFindings(analyzeOne(fixtureProject('startproject'))), ['DR701']);
    const tidy = analyzeOne(fixtureProject('tidy'));
    assert.deepEqual(areaFindings(tidy), []);
    assert.equal(supervisorConfigsFix(tidy.project, tidy.settings, new NodeFileSystem()), null);
  });
});

describe("the supervisor validator runs with the project's facts", () => {
  const project = (conf: string): string =>
    writeProject({
      'manage.py': MANAGE_PY('conf.settings.local'),
      'conf/__init__.py': '',
      'conf/wsgi.py': WSGI_PY.replace('mysite.settings', 'conf.settings.production'),
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': 'WSGI_APPLICATION = "conf.wsgi.application"\n',
      'conf/settings/local.py': 'from .base import *\n',
      'conf/settings/production.py': 'from .base import *\n',
      'deploy/supervisor/web.conf': conf,
    });

  test('a development settings module and a wrong WSGI target are reported, with their fixes', () => {
    const root = project('[program:web]\ncommand=gunicorn conf.wsgi:app\nenvironment=DJANGO_SETTINGS_MODULE="conf.settings.local"\nstopwaitsecs=35\n');
    const analysis = analyzeOne(root);
    assert.deepEqual(areaFindings(analysis).sort(), ['DR751', 'DR752']);
    const file = path.join(root, 'deploy', 'supervisor', 'web.conf');
    assert.ok(analysis.findings.filter((f) => f.area === 'process-supervisor').every((f) => f.location.file === file && f.fix));
    for (const finding of analysis.findings.filter((f) => f.area === 'process-supervisor')) applyFix(finding.fix!);
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      '[program:web]\ncommand=gunicorn conf.wsgi:application\nenvironment=DJANGO_SETTINGS_MODULE="conf.settings.production"\nstopwaitsecs=35\n',
    );
    assert.deepEqual(areaFindings(analyzeOne(root)), []);
  });

  test('a file supervisord would refuse fails the area with an error', () => {
    const analysis = analyzeOne(project('[program:web]\ndirectory=/srv\n\n[program:site]\ncommand=gunicorn conf.wsgi\n'));
    const [missing] = findingsOf(analysis, 'DR720');
    assert.equal(missing.severity, 'error');
    assert.equal(areaStatus(analysis), 'fail');
  });
});
