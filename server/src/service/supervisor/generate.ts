// Writes conf.d files for a Django project, one per process: the web server (gunicorn, with uvicorn
// workers for ASGI), and optionally a celery worker and celery beat. Only [program:*] sections, because
// conf.d files merge into the host's supervisord.conf. Every file passes our own validator.
import { supervisorEnvironmentValue } from '../fixes/generatedText';

export interface SupervisorGeneratorSpec {
  /** Project name, used for program names and default paths. Characters other than letters, digits,
   * '-', '_' and '.' are replaced by '-'. */
  project: string;
  /** What gunicorn serves: `config.wsgi:application`, or Django's dotted `config.wsgi.application`. */
  application: { kind: 'wsgi' | 'asgi'; target: string };
  /** The production settings module, e.g. `config.settings.production`. */
  settingsModule: string;
  celery?: {
    /** The module that defines the Celery app, as given to `celery -A`. */
    app: string;
    worker: boolean;
    beat: boolean;
    /** django-celery-beat: keep the schedule in the database instead of a schedule file. */
    databaseScheduler?: boolean;
  };
  paths?: {
    /** Default `/srv/<project>`. */
    root?: string;
    /** The folder of manage.py. Default `<root>/src`. */
    source?: string;
    /** The virtualenv. Default `<root>/venv`. */
    venv?: string;
    /** Default `/var/log/<project>`. */
    logDir?: string;
    /** Where celery beat keeps its schedule file. Default `/var/lib/<project>`. */
    stateDir?: string;
  };
  /** The account the processes run as. Default: the project name. */
  user?: string;
  /** HOME for the processes, which supervisor does not set from `user`. Default `/home/<user>`. */
  home?: string;
  /** gunicorn --bind. Default `127.0.0.1:8000`. */
  bind?: string;
  /** CPU cores of the server, for gunicorn's (2 x cores) + 1 workers. Default 2. */
  cpuCores?: number;
  /** gunicorn --graceful-timeout in seconds. Default 30 (gunicorn's own default). */
  gracefulTimeout?: number;
  /**
   * The server production already runs, learned from the deployment, so the program matches it: its
   * configuration file (relative to the source folder) and worker count. Default: gunicorn with our flags.
   */
  server?: { program: 'gunicorn' | 'uwsgi' | 'uvicorn'; configFile?: string; workers?: number };
  /** More variables for every program (non-secret values the deployment gives the settings). */
  environment?: [string, string][];
}

export interface GeneratedFile {
  /** File name for /etc/supervisor/conf.d/, e.g. `mysite-web.conf`. */
  name: string;
  content: string;
}

interface Resolved {
  project: string;
  user: string;
  home: string;
  source: string;
  venv: string;
  logDir: string;
  stateDir: string;
}

/** Throws when a path or module cannot be written safely into a supervisor file. */
export function generateSupervisorConfigs(spec: SupervisorGeneratorSpec): GeneratedFile[] {
  const project =
    spec.project
      .trim()
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'django';
  const root = spec.paths?.root ?? `/srv/${project}`;
  const user = spec.user ?? project;
  const r: Resolved = {
    project,
    user,
    home: spec.home ?? `/home/${user}`,
    source: spec.paths?.source ?? `${root}/src`,
    venv: spec.paths?.venv ?? `${root}/venv`,
    logDir: spec.paths?.logDir ?? `/var/log/${project}`,
    stateDir: spec.paths?.stateDir ?? `/var/lib/${project}`,
  };
  if (!/^[A-Za-z0-9_.-]+$/.test(user)) throw new Error(`user must be a plain account name, got '${user}'`);
  const paths = { home: r.home, source: r.source, venv: r.venv, logDir: r.logDir, stateDir: r.stateDir };
  for (const [what, value] of Object.entries(paths)) {
    // Whitespace would need shell quoting in command= and a quote cannot be written inside environment=.
    if (!value.startsWith('/') || /[\s"']/.test(value)) throw new Error(`${what} must be an absolute path without spaces or quotes, got '${value}'`);
  }
  if (spec.bind !== undefined && !/^\S+$/.test(spec.bind))
    throw new Error(`bind must be one word such as 127.0.0.1:8000 or unix:/run/x.sock, got '${spec.bind}'`);
  const configFile = spec.server?.configFile;
  if (configFile !== undefined && (!/^[\w.-]+(\/[\w.-]+)*$/.test(configFile) || configFile.split('/').includes('..')))
    throw new Error(`server config file must be a relative path of plain words, got '${configFile}'`);
  for (const [name, value] of spec.environment ?? []) {
    // A quote, comma or line break would end the value in environment=; % must not start an expansion.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /["\\,\r\n]/.test(value) || supervisorEnvironmentValue(value) === undefined) {
      throw new Error(`environment entry ${name} cannot be written into environment=`);
    }
  }
  for (const module of [spec.settingsModule, spec.application.target, spec.celery?.app ?? 'x']) {
    if (!/^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*)?$/.test(module)) throw new Error(`not a Python dotted path: '${module}'`);
  }
  const files = [{ name: `${project}-web.conf`, content: webProgram(spec, r) }];
  if (spec.celery?.worker) files.push({ name: `${project}-worker.conf`, content: workerProgram(spec.celery.app, spec, r) });
  if (spec.celery?.beat) files.push({ name: `${project}-beat.conf`, content: beatProgram(spec.celery, spec, r) });
  return files;
}

/** Values pass through Python %-formatting in supervisord: a literal % must be doubled. */
function esc(value: string): string {
  return value.replace(/%/g, '%%');
}

/** supervisord 4.2.5 expands log file names twice, so there a literal % takes four. */
function escLog(value: string): string {
  return value.replace(/%/g, '%%%%');
}

function header(r: Resolved, name: string, what: string, needs: string[]): string[] {
  return [
    `; ${name}: ${what}. Written by Django Ready.`,
    ';',
    `; Install: copy this file to /etc/supervisor/conf.d/${name}, then run`,
    ';   sudo supervisorctl reread && sudo supervisorctl update',
    '; and check it with: sudo supervisorctl status',
    '; Before that, make sure that:',
    `;   - the user "${r.user}" exists and can read ${r.source}`,
    ...needs.map((need) => `;   - ${need}`),
    `;   - ${r.logDir} exists (supervisord writes the log files there)`,
    '; Keep secrets (SECRET_KEY, database passwords) out of this file: files in conf.d are readable by every',
    `; local user. Let the settings read them from a file only ${r.user} can read.`,
    '',
  ];
}

function environment(spec: SupervisorGeneratorSpec, r: Resolved): string {
  const values: [string, string][] = [
    ['DJANGO_SETTINGS_MODULE', spec.settingsModule],
    ['PYTHONUNBUFFERED', '1'],
    ['PATH', `${r.venv}/bin:/usr/local/bin:/usr/bin:/bin`],
    ['HOME', r.home],
    ...(spec.environment ?? []).filter(([name]) => !['DJANGO_SETTINGS_MODULE', 'PYTHONUNBUFFERED', 'PATH', 'HOME'].includes(name)),
  ];
  return `environment=${values.map(([k, v]) => `${k}="${esc(v)}"`).join(',')}`;
}

/** Keys every program shares: where it runs, as whom, restarts, and a rotating log with stderr folded in. */
function common(spec: SupervisorGeneratorSpec, r: Resolved, log: string): { before: string[]; after: string[] } {
  return {
    before: [`directory=${esc(r.source)}`, `user=${esc(r.user)}`, environment(spec, r), 'autostart=true', 'autorestart=true'],
    after: [
      'stopasgroup=true',
      'killasgroup=true',
      'redirect_stderr=true',
      `stdout_logfile=${escLog(`${r.logDir}/${log}`)}`,
      'stdout_logfile_maxbytes=50MB',
      'stdout_logfile_backups=10',
    ],
  };
}

function positiveInt(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

function gunicornTarget(target: string): string {
  if (target.includes(':')) return target;
  const dot = target.lastIndexOf('.');
  return dot === -1 ? target : `${target.slice(0, dot)}:${target.slice(dot + 1)}`;
}

function webProgram(spec: SupervisorGeneratorSpec, r: Resolved): string {
  if (spec.server?.program === 'uwsgi') return uwsgiProgram(spec, r);
  const cores = positiveInt(spec.cpuCores, 2);
  const graceful = positiveInt(spec.gracefulTimeout, 30);
  const asgi = spec.application.kind === 'asgi';
  const name = `${r.project}-web.conf`;
  const { before, after } = common(spec, r, 'web.log');
  const workers = spec.server?.workers !== undefined && spec.server.workers >= 1 ? Math.floor(spec.server.workers) : undefined;
  const workerLine = workers
    ? `    --workers ${workers} ; as production runs it today`
    : `    --workers ${2 * cores + 1} ; (2 x CPU cores) + 1, counted for ${cores} core${cores === 1 ? '' : 's'}: adjust to this server`;
  const uvicorn = spec.server?.program === 'uvicorn';
  const serverLines = uvicorn
    ? [
        `command=${esc(r.venv)}/bin/uvicorn ${spec.application.target.includes(':') ? spec.application.target : gunicornTarget(spec.application.target)}`,
        `    --host ${esc((spec.bind ?? '127.0.0.1:8000').split(':')[0])} --port ${esc((spec.bind ?? '127.0.0.1:8000').split(':')[1] ?? '8000')}`,
        workerLine,
        `    --timeout-graceful-shutdown ${graceful}`,
      ]
    : [
        `command=${esc(r.venv)}/bin/gunicorn ${gunicornTarget(spec.application.target)}`,
        ...(spec.server?.configFile ? [`    --config ${esc(r.source)}/${esc(spec.server.configFile)} ; production's own gunicorn settings`] : []),
        ...(asgi ? ['    --worker-class uvicorn_worker.UvicornWorker ; older installs: uvicorn.workers.UvicornWorker'] : []),
        `    --bind ${esc(spec.bind ?? '127.0.0.1:8000')}`,
        // With production's configuration file, the workers stay as it sets them.
        ...(spec.server?.configFile ? [] : [workerLine]),
        `    --graceful-timeout ${graceful}`,
        '    --access-logfile -',
        '    --error-logfile -',
      ];
  const server = uvicorn ? 'uvicorn' : 'gunicorn';
  const lines = [
    ...header(r, name, `${server} serving ${r.project} (${asgi || uvicorn ? `ASGI${uvicorn ? '' : ', with uvicorn workers'}` : 'WSGI'})`, [
      `${r.venv} has ${server} installed${asgi && !uvicorn ? ' and uvicorn-worker (pip install gunicorn uvicorn-worker)' : ''}`,
    ]),
    `[program:${r.project}-web]`,
    ...serverLines,
    ...before,
    'startsecs=5',
    'stopsignal=TERM',
    `stopwaitsecs=${graceful + 5} ; longer than ${uvicorn ? "uvicorn's --timeout-graceful-shutdown" : "gunicorn's --graceful-timeout"}, so running requests can finish`,
    ...after,
  ];
  return `${lines.join('\n')}\n`;
}

/** uWSGI, as production runs it: its own ini file, or the application with a master and workers. */
function uwsgiProgram(spec: SupervisorGeneratorSpec, r: Resolved): string {
  const name = `${r.project}-web.conf`;
  const { before, after } = common(spec, r, 'web.log');
  const cores = positiveInt(spec.cpuCores, 2);
  const workers = spec.server?.workers !== undefined && spec.server.workers >= 1 ? Math.floor(spec.server.workers) : 2 * cores + 1;
  const target = gunicornTarget(spec.application.target);
  const command = spec.server?.configFile
    ? [
        `command=${esc(r.venv)}/bin/uwsgi --ini ${esc(r.source)}/${esc(spec.server.configFile)} ; production's own uWSGI settings`,
        // Options after --ini win: the file may name the image's folders.
        `    --chdir ${esc(r.source)}`,
        `    --home ${esc(r.venv)}`,
        '    --die-on-term',
      ]
    : [
        `command=${esc(r.venv)}/bin/uwsgi --module ${target}`,
        '    --master',
        `    --processes ${workers}`,
        `    --http-socket ${esc(spec.bind ?? '127.0.0.1:8000')}`,
        '    --die-on-term',
      ];
  const lines = [
    ...header(r, name, `uWSGI serving ${r.project} (WSGI)`, [`${r.venv} has uwsgi installed (pip install uwsgi)`]),
    `[program:${r.project}-web]`,
    ...command,
    ...before,
    'startsecs=5',
    // With --die-on-term uWSGI shuts down on TERM (without it TERM means reload before uWSGI 2.1).
    'stopsignal=TERM',
    'stopwaitsecs=35',
    ...after,
  ];
  return `${lines.join('\n')}\n`;
}

function workerProgram(app: string, spec: SupervisorGeneratorSpec, r: Resolved): string {
  const name = `${r.project}-worker.conf`;
  const { before, after } = common(spec, r, 'celery-worker.log');
  const lines = [
    ...header(r, name, `the celery worker of ${r.project}`, [`${r.venv} has celery installed`]),
    `[program:${r.project}-worker]`,
    `command=${esc(r.venv)}/bin/celery -A ${app} worker --loglevel=INFO`,
    ...before,
    'numprocs=1',
    'startsecs=10',
    'stopsignal=TERM',
    "stopwaitsecs=600 ; celery's warm shutdown on TERM lets running tasks finish first",
    'priority=1000 ; start after a broker that supervisor also runs (default priority 999)',
    ...after,
  ];
  return `${lines.join('\n')}\n`;
}

function beatProgram(celery: NonNullable<SupervisorGeneratorSpec['celery']>, spec: SupervisorGeneratorSpec, r: Resolved): string {
  const name = `${r.project}-beat.conf`;
  const { before, after } = common(spec, r, 'celery-beat.log');
  const scheduler = celery.databaseScheduler
    ? '--scheduler django_celery_beat.schedulers:DatabaseScheduler'
    : `--schedule ${esc(r.stateDir)}/celerybeat-schedule`;
  const needs = [`${r.venv} has celery installed${celery.databaseScheduler ? ' and django-celery-beat' : ''}`];
  if (!celery.databaseScheduler) needs.push(`${r.stateDir} exists and ${r.user} can write to it (the schedule file)`);
  const lines = [
    ...header(r, name, `the celery beat scheduler of ${r.project}`, needs),
    `[program:${r.project}-beat]`,
    `command=${esc(r.venv)}/bin/celery -A ${celery.app} beat --loglevel=INFO ${scheduler}`,
    ...before,
    'numprocs=1 ; exactly one beat may run, or every periodic task is sent more than once',
    'startsecs=10',
    'stopsignal=TERM',
    ...after,
  ];
  return `${lines.join('\n')}\n`;
}
