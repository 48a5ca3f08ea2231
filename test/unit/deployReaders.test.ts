// deploy/: one reader per deployment format, and the reader that follows commands through wrappers and
// entrypoint scripts. Every project here is a small fixture written for the test.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { findCeleryApps } from '../../server/src/service/deploy/celeryApps';
import type { DeployedProcess, Deployment } from '../../server/src/service/deploy/model';
import { productionProcesses } from '../../server/src/service/deploy/model';
import { readCommand } from '../../server/src/service/deploy/programs';
import { readDockerfile, effectiveCommand } from '../../server/src/service/deploy/readers/dockerfile';
import { expandWord, parseShell } from '../../server/src/service/deploy/shell';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { LanguageService } from '../../server/src/service/index';
import { ModuleResolver } from '../../server/src/service/python/modules';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { MANAGE_PY, writeProject } from '../helpers/project';

const SETTINGS = {
  'manage.py': MANAGE_PY('mysite.settings'),
  'mysite/__init__.py': '',
  'mysite/settings.py': 'DEBUG = False\n',
  'mysite/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
};

function deploymentOf(files: Record<string, string>): { deployment: Deployment; root: string; production: string | undefined; reason: string } {
  const root = writeProject({ ...SETTINGS, ...files });
  const service = new LanguageService(new NodeFileSystem());
  const [project] = service.discover([root]).projects;
  return { deployment: project.deployment, root, production: project.production?.name, reason: project.productionReason };
}

function summary(process: DeployedProcess): string {
  const workers = process.program.workers?.count;
  return `${process.name}: ${process.roles.join('+')} ${process.program.program}${process.program.interface ? ` ${process.program.interface}` : ''}${workers !== undefined ? ` x${workers}` : ''} by ${process.supervision.by} restarts=${process.supervision.restarts}`;
}

function production(files: Record<string, string>): string[] {
  return productionProcesses(deploymentOf(files).deployment).map(summary);
}

describe('shell: what an entrypoint script runs', () => {
  test('words, quotes, parameter expansion with defaults, "$@" as separate fields', () => {
    const context = { vars: new Map([['PORT', '9000']]), args: ['a b', 'c'] };
    assert.deepEqual(expandWord('"${WORKERS:-4}"', context), ['4']);
    assert.deepEqual(expandWord('0.0.0.0:$PORT', context), ['0.0.0.0:9000']);
    assert.deepEqual(expandWord('$UNKNOWN', context), ['$UNKNOWN']);
    assert.deepEqual(expandWord('"$@"', context), ['a b', 'c']);
    assert.deepEqual(expandWord("'$PORT'", context), ['$PORT']);
  });

  test('case branches, functions and bash arrays are parsed, not run', () => {
    const commands = parseShell(
      'set -e\nmigrate() {\n  manage migrate\n}\nARGS=(--a "--b c")\ncase "$1" in\n  "web" | "http")\n    exec gunicorn app.wsgi\n    ;;\n  *)\n    exec "$@"\n    ;;\nesac\n',
    );
    const words = commands.map((command) => command.words.map((word) => word.raw).join(' '));
    assert.deepEqual(words, ['set -e', 'ARGS=(--a "--b c")', 'exec gunicorn app.wsgi', 'exec "$@"']);
    const branch = commands[2].branches[0];
    assert.equal(branch.kind === 'case' && branch.pattern, '"web" | "http"');
  });
});

describe('programs: servers and workers in a command line', () => {
  const program = (argv: string[]) => {
    const { reading } = readCommand(argv);
    return reading.kind === 'program' ? reading.program : undefined;
  };
  test('web servers with their interface, application and worker count', () => {
    assert.deepEqual(
      [
        ['gunicorn', 'mysite.wsgi:application', '-w', '5'],
        ['gunicorn', '-k', 'uvicorn_worker.UvicornWorker', 'mysite.asgi:application'],
        ['uvicorn', 'mysite.asgi:application', '--workers=3'],
        ['daphne', '-b', '0.0.0.0', 'mysite.asgi:application'],
        ['hypercorn', 'mysite.asgi:application'],
        ['granian', '--interface', 'wsgi', 'mysite.wsgi:application'],
        ['waitress-serve', '--listen=*:8000', 'mysite.wsgi:application'],
        ['uwsgi', '--module', 'mysite.wsgi', '--processes', '8'],
        ['python', 'manage.py', 'runserver', '0.0.0.0:8000'],
      ].map((argv) => {
        const p = program(argv)!;
        return `${p.program} ${p.interface} ${p.app ?? '-'} ${p.workers?.count ?? '?'}${p.development ? ' dev' : ''}`;
      }),
      [
        'gunicorn wsgi mysite.wsgi:application 5',
        'gunicorn asgi mysite.asgi:application ?',
        'uvicorn asgi mysite.asgi:application 3',
        'daphne asgi mysite.asgi:application 1',
        'hypercorn asgi mysite.asgi:application 1',
        'granian wsgi mysite.wsgi:application 1',
        'waitress wsgi mysite.wsgi:application 1',
        'uwsgi wsgi mysite.wsgi 8',
        'runserver wsgi - 1 dev',
      ],
    );
  });

  test('workers and schedulers: celery (worker, beat, -B), rq, huey, dramatiq, django-q, db_worker', () => {
    const roles = (argv: string[]) => {
      const p = program(argv);
      return p ? `${p.program}:${p.roles.join('+')}${p.app ? `:${p.app}` : ''}` : 'none';
    };
    assert.deepEqual(
      [
        ['celery', '-A', 'proj', 'worker', '-l', 'INFO'],
        ['celery', '--app=proj.celery_app', 'beat'],
        ['python', '-m', 'celery', '-A', 'proj', 'worker', '-B'],
        ['celery', '-A', 'proj', 'flower'],
        ['python', 'manage.py', 'rqworker', 'default'],
        ['python', 'manage.py', 'run_huey'],
        ['dramatiq', 'proj.tasks'],
        ['./manage.py', 'qcluster'],
        ['django-admin', 'db_worker'],
        ['python', 'manage.py', 'migrate'],
      ].map(roles),
      [
        'celery:worker:proj',
        'celery:beat:proj.celery_app',
        'celery:worker+beat:proj',
        'none',
        'rq:worker',
        'huey:worker',
        'dramatiq:worker',
        'django-q:worker',
        'db_worker:worker',
        'none',
      ],
    );
  });

  test('wrappers are looked through; echo and friends never run what they name', () => {
    const through = (argv: string[]) => program(argv)?.program ?? 'none';
    assert.deepEqual(
      [
        ['/usr/bin/tini', '--', 'gunicorn', 'a.wsgi'],
        ['gosu', 'app', 'uvicorn', 'a.asgi:app'],
        ['env', 'A=1', 'daphne', 'a.asgi:app'],
        ['uv', 'run', '--frozen', 'gunicorn', 'a.wsgi'],
        ['/wait-for-it.sh', 'db:5432', '-t', '30', '--', 'celery', '-A', 'a', 'worker'],
        ['newrelic-admin', 'run-program', 'gunicorn', 'a.wsgi'],
        ['echo', 'starting', 'uwsgi'],
      ].map(through),
      ['gunicorn', 'uvicorn', 'daphne', 'gunicorn', 'celery', 'gunicorn', 'none'],
    );
    assert.equal(readCommand(['nohup', 'gunicorn', 'a.wsgi']).nohup, true);
    assert.equal(readCommand(['sh', '-c', 'cd /app && exec gunicorn a.wsgi']).reading.kind, 'shell');
  });
});

describe('Dockerfile', () => {
  test('multi-stage: ENTRYPOINT and CMD are inherited from the stage built on, a new ENTRYPOINT drops the base CMD', () => {
    const file = readDockerfile(
      '/x/Dockerfile',
      'FROM python:3.12 AS base\nENV A=1 B="two words"\nENV LEGACY some value\nCMD ["base-cmd"]\n\nFROM base AS web\nENTRYPOINT ["/entrypoint.sh"]\n\nFROM web AS prod\nCMD gunicorn \\\n    mysite.wsgi\n',
    );
    const [base, web, prod] = file.stages;
    assert.deepEqual(
      base.env.map((e) => [e.name, e.value]),
      [
        ['A', '1'],
        ['B', 'two words'],
        ['LEGACY', 'some value'],
      ],
    );
    assert.deepEqual(effectiveCommand(file, web).cmd, undefined);
    assert.deepEqual(effectiveCommand(file, prod).entrypoint!.argv, ['/entrypoint.sh']);
    assert.deepEqual(effectiveCommand(file, prod).cmd!.argv, ['/bin/sh', '-c', 'gunicorn      mysite.wsgi']);
    assert.equal(readDockerfile('/x/Dockerfile', 'RUN echo\n').problem?.message, 'No FROM instruction: this is not a Dockerfile Docker can build.');
  });

  test('the production image is the last stage not named for development; its command is followed into the copied script', () => {
    assert.deepEqual(
      production({
        Dockerfile:
          'FROM python:3.12 AS base\nWORKDIR /app\nCOPY . /app\nENV DJANGO_SETTINGS_MODULE=mysite.settings\nENTRYPOINT ["/app/docker/start.sh"]\nCMD ["web"]\n\nFROM base AS prod\n\nFROM prod AS test\nCMD ["pytest"]\n',
        'docker/start.sh':
          '#!/bin/sh\nset -e\npython manage.py migrate\ncase "$1" in\n  web) exec gunicorn mysite.wsgi:application --workers "${WEB_WORKERS:-4}" ;;\n  worker) exec celery -A mysite worker ;;\nesac\n',
      }),
      ['prod: web gunicorn wsgi x4 by container restarts=undefined'],
    );
  });
});

describe('compose', () => {
  test('restart policies, deploy.restart_policy, anchors and merge keys, the image default of a built stage', () => {
    const lines = production({
      Dockerfile: 'FROM python:3.12\nCOPY . /srv\nCMD ["gunicorn", "mysite.wsgi", "-w", "3"]\n',
      'docker-compose.yml': [
        'x-app: &app',
        '  build: .',
        '  restart: unless-stopped',
        'services:',
        '  web:',
        '    <<: *app',
        '  worker:',
        '    <<: *app',
        '    command: celery -A mysite worker',
        '    restart: "no"',
        '  beat:',
        '    image: example/mysite:1.0',
        '    command: ["celery", "-A", "mysite", "beat"]',
        '    deploy:',
        '      restart_policy:',
        '        condition: on-failure',
        '  db:',
        '    image: postgres:16',
        '',
      ].join('\n'),
    });
    assert.deepEqual(lines, [
      'web: web gunicorn wsgi x3 by compose restarts=true',
      'worker: worker celery by compose restarts=false',
      'beat: beat celery by compose restarts=true',
    ]);
  });

  test('services for development do not count: source mounted in, DEBUG on, a dev stage, runserver without restarts, a dev file name', () => {
    const { deployment } = deploymentOf({
      Dockerfile: 'FROM python:3.12 AS prod\nCMD ["gunicorn", "mysite.wsgi"]\nFROM prod AS dev\nCMD ["python", "manage.py", "runserver"]\n',
      'docker-compose.yml':
        'services:\n  mounted:\n    build: .\n    volumes: [".:/app"]\n  debug:\n    build: .\n    environment:\n      DEBUG: "1"\n  devstage:\n    build:\n      context: .\n      target: dev\n  run:\n    image: example/mysite\n    command: python manage.py runserver 0.0.0.0:8000\n',
      'docker-compose.dev.yml': 'services:\n  web:\n    build: .\n    restart: always\n',
    });
    const reasons = deployment.processes.filter((p) => !p.purpose.production).map((p) => `${p.name}: ${p.purpose.reason}`);
    assert.deepEqual(reasons.sort(), [
      'debug: service debug sets DEBUG=1',
      'devstage: service devstage builds the dev stage',
      "mounted: service mounted mounts the project's source (.)",
      'run: service run runs manage.py runserver',
    ]);
    // A file named for development is listed as such and not read at all.
    assert.deepEqual(
      deployment.files.filter((f) => f.file.endsWith('.dev.yml')).map((f) => f.purpose.reason),
      ['docker-compose.dev.yml is named for development'],
    );
    // The production Dockerfile is used by no production service, so its own command counts, restarts unknown.
    assert.deepEqual(productionProcesses(deployment).map(summary), ['prod: web gunicorn wsgi x1 by container restarts=undefined']);
  });

  test('environment as a list or a map, env_file read from the repository, interpolation with defaults', () => {
    const { deployment } = deploymentOf({
      'compose.yaml':
        'services:\n  web:\n    image: example/mysite\n    command: gunicorn mysite.wsgi\n    restart: always\n    env_file: [prod.env]\n    environment:\n      - DJANGO_SETTINGS_MODULE=mysite.settings\n      - WORKERS=${WORKERS:-2}\n      - PASSED_THROUGH\n',
      'prod.env': '# production\nexport SECRET_KEY="s3cret"\nALLOWED_HOSTS=example.org # the site\n',
    });
    const [web] = productionProcesses(deployment);
    assert.deepEqual(
      web.environment.map((e) => [e.name, e.value ?? null]),
      [
        ['SECRET_KEY', 's3cret'],
        ['ALLOWED_HOSTS', 'example.org'],
        ['DJANGO_SETTINGS_MODULE', 'mysite.settings'],
        ['WORKERS', '2'],
        ['PASSED_THROUGH', null],
      ],
    );
    assert.equal(web.environmentOpen, false);
  });

  test('a file that is not YAML is a problem of the file, and its services are not guessed', () => {
    const { deployment } = deploymentOf({ 'docker-compose.yml': 'services:\n  web:\n    image: [unclosed\n' });
    const file = deployment.files.find((f) => f.format === 'compose')!;
    assert.match(file.problem!.message, /^Not valid YAML: /);
    assert.deepEqual(deployment.processes, []);
  });
});

describe('Procfile, app.json, systemd, supervisor, s6, Apache', () => {
  test('Procfile: every process type the platform restarts; release runs once', () => {
    assert.deepEqual(
      production({
        Procfile: 'release: python manage.py migrate\nweb: bin/start-proxy gunicorn mysite.wsgi --workers 4\nworker: celery -A mysite worker -B\n',
      }),
      ['web: web gunicorn wsgi x4 by platform restarts=true', 'worker: worker+beat celery by platform restarts=true'],
    );
    const { deployment } = deploymentOf({ Procfile: 'web gunicorn\n' });
    assert.equal(deployment.files[0].problem?.message, 'Line 1 is not "type: command".');
  });

  test('app.json with the container stack: the platform runs the Dockerfile command and restarts it', () => {
    assert.deepEqual(
      production({
        'app.json': '{"stack": "container", "env": {"SECRET_KEY": {"required": true}}}',
        Dockerfile: 'FROM python:3.12\nCMD uwsgi --module mysite.wsgi --processes 2\n',
      }),
      ['Dockerfile: web uwsgi wsgi x2 by platform restarts=true'],
    );
  });

  test('systemd: Restart= decides; Environment= and an EnvironmentFile in the repository', () => {
    const { deployment } = deploymentOf({
      'deploy/mysite.service':
        '[Unit]\nDescription=mysite\n\n[Service]\nUser=mysite\nEnvironment="DJANGO_SETTINGS_MODULE=mysite.settings" DEBUG=0\nEnvironmentFile=-../prod.env\nExecStart=/srv/venv/bin/gunicorn \\\n  mysite.wsgi --workers 9\n\n[Install]\nWantedBy=multi-user.target\n',
      'deploy/worker.service': '[Service]\nExecStart=/srv/venv/bin/celery -A mysite worker\nRestart=on-failure\n',
      'prod.env': 'SECRET_KEY=x\n',
    });
    assert.deepEqual(productionProcesses(deployment).map(summary), [
      'mysite: web gunicorn wsgi x9 by systemd restarts=false',
      'worker: worker celery by systemd restarts=true',
    ]);
    const [web] = productionProcesses(deployment);
    assert.equal(web.user, 'mysite');
    assert.deepEqual(
      web.environment.map((e) => e.name),
      ['SECRET_KEY', 'DJANGO_SETTINGS_MODULE', 'DEBUG'],
    );
  });

  test('supervisor: autorestart=false is not restarted; Jinja templates are read with their tags masked', () => {
    assert.deepEqual(
      production({
        'deploy/web.conf': '[program:web]\ncommand=gunicorn mysite.wsgi\nautorestart=false\n',
        'deploy/worker.conf.j2':
          '[program:worker]\n{% if dev %}\ncommand=make worker\n{% else %}\ncommand={{ venv }}/bin/celery -A mysite worker\n{% endif %}\nautorestart=true\n',
      }),
      ['web: web gunicorn wsgi x1 by supervisor restarts=false', 'worker: worker celery by supervisor restarts=true'],
    );
  });

  test('s6-overlay: a longrun is restarted, a oneshot is not a service that keeps running', () => {
    assert.deepEqual(
      production({
        'rootfs/etc/s6-overlay/s6-rc.d/web/type': 'longrun\n',
        'rootfs/etc/s6-overlay/s6-rc.d/web/run': '#!/command/with-contenv sh\nexec gunicorn mysite.wsgi --workers 2\n',
        'rootfs/etc/s6-overlay/s6-rc.d/migrate/type': 'oneshot\n',
        'rootfs/etc/s6-overlay/s6-rc.d/migrate/run': '#!/bin/sh\npython manage.py migrate\n',
        'rootfs/etc/services.d/worker/run': '#!/bin/sh\nexec celery -A mysite worker\n',
      }).sort(),
      ['web: web gunicorn wsgi x2 by s6 restarts=true', 'worker: worker celery by s6 restarts=true'],
    );
  });

  test('Apache mod_wsgi daemon processes (processes= workers) are restarted by Apache', () => {
    assert.deepEqual(
      production({
        'deploy/site.conf':
          '<VirtualHost *:80>\n  WSGIDaemonProcess mysite processes=3 threads=10 user=www-data\n  WSGIScriptAlias / /srv/mysite/mysite/wsgi.py\n</VirtualHost>\n',
      }),
      ['mysite: web mod_wsgi wsgi x3 by apache restarts=true'],
    );
  });
});

describe('Kubernetes and Helm', () => {
  test('Deployments restart, Jobs run once, a container without a command runs its image', () => {
    assert.deepEqual(
      production({
        Dockerfile: 'FROM python:3.12\nCMD ["uvicorn", "mysite.asgi:application", "--workers", "2"]\n',
        'k8s/app.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: mysite-web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: example/mysite:1.0\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: example/mysite:1.0\n          command: ["python", "manage.py", "migrate"]\n',
      }),
      ['Deployment mysite-web web: web uvicorn asgi x2 by kubernetes restarts=true'],
    );
  });

  test('a Helm template takes command and args from the chart values', () => {
    assert.deepEqual(
      production({
        'chart/Chart.yaml': 'apiVersion: v2\nname: mysite\n',
        'chart/values.yaml': 'image:\n  repository: example/mysite\nworker:\n  args: ["celery", "-A", "mysite", "worker"]\n',
        'chart/templates/worker.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "mysite.fullname" . }}-worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: "{{ .Values.image.repository }}:{{ .Chart.AppVersion }}"\n          {{- with .Values.worker.args }}\n          args:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n',
      }),
      ['Deployment worker: worker celery by kubernetes restarts=true'],
    );
  });
});

describe('uWSGI and gunicorn configuration files', () => {
  test('uwsgi --ini: application, processes and env from the file', () => {
    const { deployment } = deploymentOf({
      Procfile: 'web: uwsgi --ini deploy/uwsgi.ini\n',
      'deploy/uwsgi.ini':
        '[uwsgi]\n; workers\nprocesses = 6\nmaster = true\nmodule = mysite.wsgi:application\nenv = DJANGO_SETTINGS_MODULE=mysite.settings\nenv = LANG=C.UTF-8\n',
    });
    const [web] = productionProcesses(deployment);
    assert.equal(summary(web), 'web: web uwsgi wsgi x6 by platform restarts=true');
    assert.equal(web.program.app, 'mysite.wsgi:application');
    assert.deepEqual(
      web.environment.map((e) => `${e.name}=${e.value}`),
      ['DJANGO_SETTINGS_MODULE=mysite.settings', 'LANG=C.UTF-8'],
    );
  });

  test('uWSGI YAML and a file without [uwsgi]', () => {
    const { deployment } = deploymentOf({
      Procfile: 'web: uwsgi --yaml uwsgi.yml\nother: uwsgi --ini broken.ini\n',
      'uwsgi.yml': 'uwsgi:\n  module: mysite.wsgi\n  processes: 3\n',
      'broken.ini': '[server]\nprocesses = 2\n',
    });
    assert.deepEqual(
      productionProcesses(deployment).map((p) => p.program.workers?.count),
      [3, 1],
    );
    assert.equal(deployment.files.find((f) => f.file.endsWith('broken.ini'))!.problem?.message, 'No [uwsgi] section: uWSGI reads nothing from this file.');
  });

  test('gunicorn.conf.py: workers from a literal, from getenv with a default, from cpu_count; worker_class decides ASGI', () => {
    const workers = (conf: string) => {
      const [web] = productionProcesses(deploymentOf({ Procfile: 'web: gunicorn -c gunicorn.conf.py\n', 'gunicorn.conf.py': conf }).deployment);
      return `${web.program.workers?.count ?? `>=${web.program.workers?.min}`} ${web.program.interface} ${web.program.app}`;
    };
    assert.equal(workers('wsgi_app = "mysite.wsgi:application"\nworkers = 4\n'), '4 wsgi mysite.wsgi:application');
    assert.equal(workers('import os\nworkers = int(os.getenv("WEB_WORKERS", 6))\nworker_class = "uvicorn_worker.UvicornWorker"\n'), '6 asgi undefined');
    assert.equal(workers('import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\n'), '>=3 wsgi undefined');
    const { deployment } = deploymentOf({ Procfile: 'web: gunicorn mysite.wsgi\n', 'gunicorn.conf.py': 'workers = (\n' });
    assert.match(deployment.files.find((f) => f.format === 'gunicorn')!.problem!.message, /^Python syntax error/);
  });
});

describe('entrypoint scripts', () => {
  test('exec, a case over $1 chosen by the image CMD, "$@", sh -c, and the branches not taken kept as alternatives', () => {
    const { deployment } = deploymentOf({
      Dockerfile: 'FROM python:3.12\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["serve"]\n',
      'docker/entrypoint.sh':
        '#!/bin/bash\nset -e\ncase "$1" in\n  serve)\n    exec sh -c "python manage.py migrate && exec gunicorn mysite.wsgi -w 2"\n    ;;\n  dev)\n    exec python manage.py runserver\n    ;;\n  *)\n    exec "$@"\n    ;;\nesac\n',
    });
    const [web] = productionProcesses(deployment);
    assert.equal(summary(web), 'Dockerfile: web gunicorn wsgi x2 by container restarts=undefined');
    assert.deepEqual(
      web.chain.map((step) => path.basename(step.location.file)),
      ['Dockerfile', 'entrypoint.sh'],
    );
    assert.deepEqual(
      web.alternatives.map((a) => `${a.when}: ${a.program.program}`),
      ['dev: runserver'],
    );
  });

  test('a server started in the background without wait -n, or with nohup, is not restarted by anything', () => {
    const { deployment } = deploymentOf({
      Procfile: 'web: bin/start\n',
      'bin/start': '#!/bin/sh\nnohup celery -A mysite worker &\ngunicorn mysite.wsgi &\nnginx -g "daemon off;"\n',
    });
    assert.deepEqual(
      productionProcesses(deployment).map((p) => `${p.program.program}: ${p.supervision.restarts} (${p.supervision.detail})`),
      ['celery: false (it is started with nohup)', 'gunicorn: false (start starts it in the background and does not end when it exits)'],
    );
    const waited = deploymentOf({ Procfile: 'web: bin/start\n', 'bin/start': '#!/bin/bash\ngunicorn mysite.wsgi &\nnginx &\nwait -n\n' });
    assert.deepEqual(
      productionProcesses(waited.deployment).map((p) => p.supervision.restarts),
      [true],
    );
  });

  test('scripts that call each other in a loop, or too deep, end the search rather than the reader', () => {
    const { deployment } = deploymentOf({ Procfile: 'web: ./a.sh\n', 'a.sh': '#!/bin/sh\nexec ./b.sh\n', 'b.sh': '#!/bin/sh\nexec ./a.sh\n' });
    assert.deepEqual(deployment.processes, []);
  });

  test('a script no production file starts is listed as unlaunched', () => {
    const { deployment } = deploymentOf({ Dockerfile: 'FROM python:3.12\n', 'bin/run-worker.sh': '#!/bin/sh\nexec celery -A mysite worker -l info\n' });
    assert.deepEqual(
      deployment.unlaunched.map((u) => `${path.basename(u.location.file)}: ${u.program.program}`),
      ['run-worker.sh: celery'],
    );
  });
});

describe('the settings module production runs with', () => {
  test('DJANGO_SETTINGS_MODULE from the deployment wins over wsgi.py; DJANGO_CONFIGURATION is kept', () => {
    const result = deploymentOf({
      'mysite/production.py': 'from .settings import *\n',
      'docker-compose.yml':
        'services:\n  web:\n    image: example/mysite\n    command: gunicorn mysite.wsgi\n    restart: always\n    environment:\n      DJANGO_SETTINGS_MODULE: mysite.production\n      DJANGO_CONFIGURATION: Production\n',
    });
    assert.equal(result.production, 'mysite.production');
    assert.equal(result.reason, 'mysite.production is DJANGO_SETTINGS_MODULE in docker-compose.yml service web, which is how production runs.');
    assert.equal(result.deployment.configuration?.value, 'Production');
  });

  test('an explicit choice still wins; a development module from a deployment file is skipped', () => {
    const root = writeProject({
      ...SETTINGS,
      'mysite/production.py': '',
      'mysite/local.py': '',
      Dockerfile: 'FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=mysite.local\nCMD gunicorn mysite.wsgi\n',
      '.env.production': 'DJANGO_SETTINGS_MODULE=mysite.production\n',
    });
    const service = new LanguageService(new NodeFileSystem());
    assert.equal(service.discover([root]).projects[0].production?.name, 'mysite.production');
    assert.equal(service.discover([root], { overrides: { settingsModule: 'mysite.settings' } }).projects[0].production?.name, 'mysite.settings');
  });

  test('a module the image puts on PYTHONPATH (COPY into a folder named there) is found in the repository', () => {
    const result = deploymentOf({
      'docker/prodsettings.py': 'from mysite.settings import *\nDEBUG = False\n',
      'docker/Dockerfile':
        'FROM python:3.12\nCOPY docker/prodsettings.py /extra/\nENV PYTHONPATH=/extra DJANGO_SETTINGS_MODULE=prodsettings\nCMD ["gunicorn", "mysite.wsgi"]\n',
    });
    assert.equal(result.production, 'prodsettings');
    assert.match(result.reason, /docker\/Dockerfile ENV/);
  });
});

describe('Celery apps, whatever they are called', () => {
  test("direct, aliased, subclassed, made by a factory; in a module named like an app's home or named by celery -A; beat schedules noticed", () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('a.settings'),
      'a/__init__.py': '',
      'a/tasks_app.py': 'from celery import Celery as C\nqueue = C("a")\nqueue.conf.beat_schedule = {}\n',
      'b/__init__.py': '',
      'b/worker.py': 'import celery\ncelery_class = celery.Celery\nworkers = celery_class("b")\n',
      'c/__init__.py': '',
      'c/factory.py': 'from celery import Celery\n\nclass App(Celery):\n    pass\n\ndef make_app():\n    return App("c")\n\napplication = make_app()\n',
      'd/__init__.py': '',
      'd/other.py': 'Celery = None\nx = 1\n',
    });
    const fs = new NodeFileSystem();
    const resolver = new ModuleResolver(fs, [root], new ParseCache());
    const packages = ['a', 'b', 'c', 'd'].map((p) => path.join(root, p));
    const list = (named: string[]) =>
      findCeleryApps(fs, resolver, packages, named)
        .map((app) => `${app.module}:${app.attribute}${app.beatSchedule ? ' beat' : ''}`)
        .sort();
    assert.deepEqual(list([]), ['b.worker:workers']);
    assert.deepEqual(list(['a.tasks_app', 'c.factory:application']), ['a.tasks_app:queue beat', 'b.worker:workers', 'c.factory:application']);
  });
});

describe('hostile deployment files: a clear problem or nothing, never a crash', () => {
  test('binary, cyclic merge keys, unterminated quotes, template soup, a huge file, a script that never ends', () => {
    const { deployment } = deploymentOf({
      Dockerfile: '\u0000\u0001\u0002FROM\u0000 \u00ff\n',
      'docker-compose.yml': 'x: &a\n  <<: *a\n  command: gunicorn a.wsgi\nservices:\n  web:\n    <<: *a\n',
      'compose.override.yml': `services:\n${'  s: {image: "x'.repeat(1000)}\n`,
      'k8s/app.yaml': 'apiVersion: v1\nkind: Pod\n{{{{ }} {{- range }}\nspec: {{ .x }}\n  containers: [[[\n',
      Procfile: `web: ${'"'.repeat(10000)}\nworker: sh -c "exec celery -A x worker\n`,
      'big.env': 'A=1\n'.repeat(200_000),
      'run.sh': `#!/bin/sh\n${'if true; then\n'.repeat(5000)}exec gunicorn x.wsgi\n`,
      'deploy/odd.service': '[Service]\nExecStart=\n',
    });
    assert.ok(Array.isArray(deployment.processes));
    assert.ok(deployment.files.some((file) => file.format === 'dockerfile' && file.problem));
  });
});

describe('DJANGO_CONFIGURATION from the deployment', () => {
  test('wins over the class wsgi.py selects', () => {
    const root = writeProject({
      ...SETTINGS,
      'mysite/wsgi.py':
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\nos.environ.setdefault("DJANGO_CONFIGURATION", "Base")\n',
      'env.d/production/backend': 'DJANGO_CONFIGURATION=Production\n',
    });
    const [project] = new LanguageService(new NodeFileSystem()).discover([root]).projects;
    assert.deepEqual(project.configuration, { name: 'Production', reason: 'env.d/production/backend sets DJANGO_CONFIGURATION to Production.' });
  });
});

describe('a file that says it is for development', () => {
  test('an opening comment saying local evaluation or development makes the file a development file', () => {
    const { deployment } = deploymentOf({
      'docker-compose.yml':
        '# Runs the site on your machine for local development.\nservices:\n  web:\n    image: example/mysite\n    command: gunicorn mysite.wsgi\n',
      Dockerfile: '# Production image.\nFROM python:3.12\nCMD ["gunicorn", "mysite.wsgi"]\n',
    });
    assert.deepEqual(
      deployment.files.map((f) => `${path.basename(f.file)}: ${f.purpose.production ? 'production' : f.purpose.reason}`),
      ['Dockerfile: production', 'docker-compose.yml: docker-compose.yml says it is for development ("for local development")'],
    );
  });
});
