// `django-ready env` and the deployment in `check --format json`: per variable where production provides it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { CLI } from '../helpers/paths';
import { settingsProject } from '../helpers/project';

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SETTINGS =
  'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\nWSGI_APPLICATION = "mysite.wsgi.application"\n';
const COMPOSE =
  'services:\n  web:\n    image: example/mysite\n    command: gunicorn mysite.wsgi --workers 3\n    restart: unless-stopped\n    env_file: prod.env\n    environment:\n      DJANGO_DEBUG: "0"\n';

describe('django-ready env', () => {
  test('text: required variables first, each with where it is read and where the deployment provides it; exit 1 for a missing one', () => {
    const root = settingsProject(SETTINGS, { 'docker-compose.yml': COMPOSE, 'prod.env': 'SECRET_KEY=change-me\n' });
    const run = cli(['env'], root);
    assert.equal(run.status, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /· {2}settings mysite\.settings$/);
    assert.deepEqual(lines.slice(1, 4), [
      '  ALLOWED_HOSTS  required  read at mysite/settings.py:3  NOT PROVIDED by the deployment',
      '  SECRET_KEY  required  read at mysite/settings.py:2  provided by docker-compose.yml service web (env_file prod.env) (prod.env:1)',
      '  DJANGO_DEBUG  optional, default ""  read at mysite/settings.py:4  provided by docker-compose.yml service web (docker-compose.yml:8)',
    ]);
  });

  test('json: the same per variable, and 0 once every required variable is provided', () => {
    const root = settingsProject(SETTINGS, { 'docker-compose.yml': COMPOSE, 'prod.env': 'SECRET_KEY=change-me\nALLOWED_HOSTS=example.org\n' });
    const run = cli(['env', '--format', 'json'], root);
    assert.equal(run.status, 0, run.stderr);
    const [project] = JSON.parse(run.stdout).projects;
    assert.deepEqual(
      project.environment.map((v: any) => [v.name, v.required, v.status, v.providedBy.map((by: any) => `${by.file}:${by.line}`)]),
      [
        ['ALLOWED_HOSTS', true, 'provided', ['prod.env:1']],
        ['SECRET_KEY', true, 'provided', ['prod.env:0']],
        ['DJANGO_DEBUG', false, 'provided', ['docker-compose.yml:7']],
      ],
    );
  });

  test('without a deployment the variables are unknown, not missing; bad arguments are usage errors', () => {
    const root = settingsProject(SETTINGS);
    const run = cli(['env', '--format', 'json'], root);
    assert.equal(run.status, 0);
    assert.deepEqual([...new Set(JSON.parse(run.stdout).projects[0].environment.map((v: any) => v.status))], ['unknown']);
    const bad = cli(['env', '--format', 'sarif'], root);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format for env must be text or json/);
  });
});

describe('the deployment in check --format json', () => {
  test('processes: what runs, what starts it, what restarts it', () => {
    const root = settingsProject(SETTINGS, { 'docker-compose.yml': COMPOSE, 'prod.env': 'SECRET_KEY=x\nALLOWED_HOSTS=y\n' });
    const run = cli(['check', '--format', 'json', '--fail-level', 'never'], root);
    const [project] = JSON.parse(run.stdout).projects;
    assert.deepEqual(project.processes, [
      {
        name: 'web',
        roles: ['web'],
        program: 'gunicorn',
        interface: 'wsgi',
        app: 'mysite.wsgi',
        workers: { count: 3, source: '--workers 3' },
        command: ['gunicorn', 'mysite.wsgi', '--workers', '3'],
        production: true,
        purpose: null,
        startedBy: {
          file: 'docker-compose.yml',
          line: 1,
          chain: [{ file: 'docker-compose.yml', line: 1, text: 'docker-compose.yml service web runs gunicorn mysite.wsgi --workers 3' }],
        },
        supervisor: { by: 'compose', restarts: true, detail: 'restart: unless-stopped', file: 'docker-compose.yml', line: 4 },
      },
    ]);
    assert.equal(project.checklist.find((a: any) => a.area === 'process-supervisor').status, 'pass');
  });
});
