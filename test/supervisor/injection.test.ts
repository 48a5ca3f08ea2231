// Values from a hostile project (WSGI_APPLICATION, settings file names, celery modules) flow into the
// supervisor fixes. Whatever they hold, supervisor's own parser must read the same programs after `--fix` as
// before, each running the command it ran, or the fixed target and nothing else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { supervisorEnvironmentValue, supervisorWord } from '../../server/src/service/fixes/generatedText';
import { generateSupervisorConfigs } from '../../server/src/service/supervisor/generate';
import { applyFixesFor, MANAGE_PY, writeProject } from '../helpers/project';
import { loadManyWithSupervisor, loadWithSupervisor, type RealVerdict, skipReason, SYSTEM_PYTHON } from './realSupervisor';

const WEB_CONF = [
  '[program:web]',
  'command=/srv/venv/bin/gunicorn other.wsgi:application --bind 127.0.0.1:8000',
  'directory=/srv/app',
  'environment=DJANGO_SETTINGS_MODULE="mysite.settings_dev"',
  'autorestart=true',
  'stopwaitsecs=35',
  '',
  '[program:worker]',
  'command=/srv/venv/bin/celery -A nosuch worker',
  'directory=/srv/app',
  'autorestart=true',
  'stopwaitsecs=600',
  '',
].join('\n');

/** The payloads a settings value or a file name could carry into a supervisor file. */
const PAYLOADS: Record<string, string> = {
  'a newline and a new program': "mysite.wsgi.application\n[program:evil]\ncommand=/bin/sh -c 'touch /tmp/pwned'\n",
  'a carriage return and a new program': 'mysite.wsgi.application\r[program:evil]\rcommand=/bin/sh\r',
  'an option and a comment': 'mysite.wsgi.application --bind 0.0.0.0:80 ;',
  'a %-expansion': 'mysite.wsgi.%(ENV_HOME)s',
  'a quote that ends the word': "mysite.wsgi.application' --bind '0.0.0.0:80",
  'a Unicode line separator': 'mysite.wsgi.application\u2028[program:evil]\u2028command=/bin/sh',
  'a NUL': 'mysite.wsgi.application\0[program:evil]',
};

function project(wsgiApplication: string): string {
  const settings = `SECRET_KEY = "x"\nWSGI_APPLICATION = ${JSON.stringify(wsgiApplication)}\n`;
  return writeProject({
    'manage.py': MANAGE_PY('mysite.settings'),
    'mysite/__init__.py': '',
    'mysite/wsgi.py': 'application = None\n',
    'mysite/settings.py': settings,
    'mysite/settings_dev.py': 'from .settings import *\nDEBUG = True\n',
    'deploy/web.conf': WEB_CONF,
  });
}

function programsOf(verdict: RealVerdict): Record<string, string> {
  assert.ok(verdict.ok, `supervisord accepts the file: ${verdict.error}`);
  return Object.fromEntries(Object.entries(verdict.processes).map(([name, process]) => [name, process.command]));
}

describe('supervisor fixes never carry a payload into a program', { skip: skipReason() }, () => {
  const before = programsOf(loadWithSupervisor([{ name: 'web.conf', text: WEB_CONF }]));

  test('a plain WSGI_APPLICATION is written as the new target: the fix itself works', () => {
    const root = project('mysite.wsgi.application');
    const applied = applyFixesFor(root, ['DR752']);
    assert.equal(applied.length, 1);
    const after = programsOf(loadWithSupervisor([{ name: 'web.conf', text: fs.readFileSync(path.join(root, 'deploy', 'web.conf'), 'utf8') }]));
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
    assert.equal(after.web, '/srv/venv/bin/gunicorn mysite.wsgi:application --bind 127.0.0.1:8000');
  });

  for (const [name, payload] of Object.entries(PAYLOADS)) {
    test(`WSGI_APPLICATION with ${name}: the same programs with the same commands after every fix`, () => {
      const root = project(payload);
      // Twice: a payload must not come back with each run either.
      applyFixesFor(root, ['DR750', 'DR751', 'DR752', 'DR753']);
      applyFixesFor(root, ['DR750', 'DR751', 'DR752', 'DR753']);
      const text = fs.readFileSync(path.join(root, 'deploy', 'web.conf'), 'utf8');
      assert.deepEqual(programsOf(loadWithSupervisor([{ name: 'web.conf', text }])), before);
    });
  }

  test('settings modules and celery apps named by hostile file names are never written into the file', () => {
    const files: Record<string, string> = {
      'manage.py': MANAGE_PY('mysite.settings'),
      'mysite/__init__.py': '',
      'mysite/wsgi.py': 'application = None\n',
      'mysite/settings/__init__.py': '',
      'mysite/settings/base.py': 'SECRET_KEY = "x"\n',
      'mysite/settings_dev.py': 'DEBUG = True\n',
      'deploy/web.conf': WEB_CONF,
    };
    // A settings module named for production, and a package with a celery app, whose names break out of a value.
    files['mysite/settings/prod\n[program:evil]\ncommand=touch pwned.py'] = 'from .base import *\n';
    files['evil pkg\n[program:evil2]\ncommand=touch pwned/__init__.py'] = '';
    files['evil pkg\n[program:evil2]\ncommand=touch pwned/celery.py'] = 'from celery import Celery\napp = Celery("x")\n';
    const root = writeProject(files);
    applyFixesFor(root, ['DR750', 'DR751', 'DR752', 'DR753']);
    const text = fs.readFileSync(path.join(root, 'deploy', 'web.conf'), 'utf8');
    assert.deepEqual(programsOf(loadWithSupervisor([{ name: 'web.conf', text }])), before);
  });
});

describe('supervisorWord: one word of a command line, as supervisord splits it', { skip: skipReason() }, () => {
  const TEXTS = [
    'plain',
    'with space',
    "it's",
    'a"b',
    '100%',
    '%(ENV_HOME)s',
    'semi;colon',
    'a ;comment',
    'a #comment',
    'tab\there',
    'új',
    '$HOME',
    '`id`',
    '\\back',
  ];

  test("every word it writes comes back from supervisor's parser and shlex as exactly the text", () => {
    const written = TEXTS.map((text) => ({ text, word: supervisorWord(text) }));
    const kept = written.filter((entry): entry is { text: string; word: string } => entry.word !== undefined);
    const confs = kept.map(({ word }, index) => [{ name: `p${index}.conf`, text: `[program:p${index}]\ncommand=/bin/echo ${word} end\n` }]);
    const verdicts = loadManyWithSupervisor(confs);
    const commands = verdicts.map((verdict, index) => programsOf(verdict)[`p${index}`]);
    const split = spawnSync(SYSTEM_PYTHON, ['-c', 'import json, shlex, sys\nprint(json.dumps([shlex.split(c) for c in json.load(sys.stdin)]))'], {
      input: JSON.stringify(commands),
      encoding: 'utf8',
    });
    const argvs = JSON.parse(split.stdout) as string[][];
    for (const [index, { text }] of kept.entries()) assert.deepEqual(argvs[index], ['/bin/echo', text, 'end'], `the word for ${JSON.stringify(text)}`);
    // Refused only where no single word can carry the text: a comment after a blank, a control character.
    assert.deepEqual(
      written.filter((entry) => entry.word === undefined).map((entry) => entry.text),
      ['a ;comment', 'a #comment', 'tab\there'],
    );
  });
});

describe('supervisorEnvironmentValue: one value of environment=, as supervisord reads it', { skip: skipReason() }, () => {
  const TEXTS = [
    'plain',
    'with space',
    'back\\slash',
    'comma, here',
    '100%',
    '%(ENV_HOME)s',
    "it's",
    'semi;colon',
    'equals=sign',
    '',
    'a "quoted" word',
    "'edge'",
    'a ;comment',
    'a #comment',
    'line\nbreak',
    'nul\0',
    'c1 \u0085 next line',
  ];

  test("every value it writes comes back from supervisor's parser as exactly the text", () => {
    const written = TEXTS.map((text) => ({ text, value: supervisorEnvironmentValue(text) }));
    const kept = written.filter((entry): entry is { text: string; value: string } => entry.value !== undefined);
    const confs = kept.map(({ value }, index) => [
      { name: `p${index}.conf`, text: `[program:p${index}]\ncommand=/bin/true\nenvironment=FIRST="1",VALUE=${value},LAST="2"\n` },
    ]);
    loadManyWithSupervisor(confs).forEach((verdict, index) => {
      assert.ok(verdict.ok, verdict.error);
      assert.deepEqual(
        verdict.processes[`p${index}`].environment,
        { FIRST: '1', VALUE: kept[index].text, LAST: '2' },
        `the value for ${JSON.stringify(kept[index].text)}`,
      );
    });
    assert.deepEqual(
      written.filter((entry) => entry.value === undefined).map((entry) => entry.text),
      ['a "quoted" word', "'edge'", 'a ;comment', 'a #comment', 'line\nbreak', 'nul\0', 'c1 \u0085 next line'],
    );
  });
});

describe('the supervisor generator and values from the deployment', () => {
  test('an environment value that would cut the line short is refused, so no broken program is ever written', () => {
    const spec = { project: 'site', application: { kind: 'wsgi' as const, target: 'site.wsgi.application' }, settingsModule: 'site.settings' };
    for (const value of ['Prod ;[program:evil]', 'Prod #x', 'Prod\u0085next', "'Prod'"]) {
      assert.throws(
        () => generateSupervisorConfigs({ ...spec, environment: [['DJANGO_CONFIGURATION', value]] }),
        /cannot be written into environment=/,
        JSON.stringify(value),
      );
    }
    const [web] = generateSupervisorConfigs({ ...spec, environment: [['DJANGO_CONFIGURATION', 'Prod 100% ok']] });
    if (skipReason()) return;
    const verdict = loadWithSupervisor([{ name: web.name, text: web.content }]);
    assert.ok(verdict.ok, verdict.error);
    assert.equal(verdict.processes['site-web'].environment.DJANGO_CONFIGURATION, 'Prod 100% ok');
  });
});
