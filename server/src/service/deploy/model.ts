// How production runs, as read from the project's deployment files: every process something starts (web
// server, task worker, scheduler), what starts it, what restarts it, and the environment it gets.
import type { Location } from '../types';

export type DeployFormat =
  | 'supervisor'
  | 'systemd'
  | 'procfile'
  | 'dockerfile'
  | 'compose'
  | 'uwsgi'
  | 'gunicorn'
  | 's6'
  | 'kubernetes'
  | 'apache'
  | 'app.json'
  | 'env'
  | 'script';

/** Whether a file (or one service in it) describes production, or a developer's or CI machine. */
export interface Purpose {
  production: boolean;
  /** Why it counts as development, for the view and messages; empty for production. */
  reason: string;
}

export interface DeployFile {
  file: string;
  format: DeployFormat;
  purpose: Purpose;
  /** Set when the file could not be read as its format; what was readable is still used. */
  problem?: { message: string; location: Location };
}

/** What a process is for: serving requests, running queued tasks, or sending periodic ones. */
export type ProcessRole = 'web' | 'worker' | 'beat';

type ServerProgram = 'gunicorn' | 'uwsgi' | 'daphne' | 'uvicorn' | 'hypercorn' | 'granian' | 'waitress' | 'mod_wsgi' | 'runserver';
type WorkerProgram = 'celery' | 'rq' | 'rqscheduler' | 'huey' | 'dramatiq' | 'django-q' | 'db_worker' | 'runworker';

/** How many worker processes a server runs; `count` is undefined when only the place that decides is known. */
export interface WorkerCount {
  count: number | undefined;
  /** The least it can be when the exact number depends on the machine (`cpu_count() * 2 + 1`). */
  min?: number;
  /** Where the number comes from, for messages: `--workers 5`, `processes = 20 in uwsgi.ini`, `$WEB_CONCURRENCY`. */
  source: string;
}

/** A command recognised as a Django server or worker. */
export interface RecognisedProgram {
  program: ServerProgram | WorkerProgram;
  roles: ProcessRole[];
  /** For servers: the interface the server speaks to Django. */
  interface?: 'wsgi' | 'asgi';
  /** What the server loads (`config.wsgi:application`), or the Celery app (`-A proj`). */
  app?: string;
  workers?: WorkerCount;
  /** A configuration file the command names (gunicorn -c, uwsgi --ini), as written. */
  configFile?: string;
  /** That file in the repository, when it was found there. */
  configPath?: string;
  /** Why this is not a production setup (`runserver`, `--reload`), if it is not. */
  development?: string;
}

export interface EnvAssignment {
  name: string;
  /** As written (may contain `${X}` references); undefined when only the name is known (an env file entry `X`). */
  value: string | undefined;
  location: Location;
  /** What provides it, for `django-ready env`: `Dockerfile ENV`, `docker-compose.yml service web`, ... */
  source: string;
  /** A placeholder in an example/template file rather than the value production gets. */
  template?: boolean;
}

type SupervisorKind = 'supervisor' | 'systemd' | 'compose' | 'kubernetes' | 's6' | 'platform' | 'apache' | 'container' | 'script' | 'none';

/** What keeps a process running. */
export interface Supervision {
  by: SupervisorKind;
  /** True when it starts the process again after a crash; undefined when that is decided outside the repository. */
  restarts: boolean | undefined;
  /** One phrase: `autorestart=true`, `Restart=always`, `restart: unless-stopped`, `a Deployment`, ... */
  detail: string;
  location: Location;
}

/** One step on the way from a deployment file to the process: a compose service, an entrypoint script line, ... */
export interface LaunchStep {
  location: Location;
  /** What happens there, e.g. `service web runs bin/start.sh`. */
  text: string;
}

export interface DeployedProcess {
  /** Program, service, unit or process-type name. */
  name: string;
  roles: ProcessRole[];
  program: RecognisedProgram;
  /** The command that finally runs, as words. */
  command: string[];
  /** From the deployment file that starts it to the line that runs the program. */
  chain: LaunchStep[];
  /** Where the process is defined (the first step): diagnostics about starting it land here. */
  location: Location;
  supervision: Supervision;
  /** Environment the process gets from the deployment, lowest precedence first. */
  environment: EnvAssignment[];
  /** True when the process gets variables from places the repository does not show (secrets, a platform). */
  environmentOpen: boolean;
  /** Why the environment is open, for messages. */
  environmentOpenReason?: string;
  purpose: Purpose;
  user?: string;
  /** Servers or workers the same entrypoint runs when given other arguments (`case "$1" in uwsgi) ...`). */
  alternatives: { program: RecognisedProgram; when: string; location: Location }[];
}

/** A process the repository has a command for, but that nothing in it starts (e.g. bin/run-worker.sh). */
export interface UnlaunchedProgram {
  location: Location;
  program: RecognisedProgram;
  command: string[];
}

export interface DeploymentSetting {
  value: string;
  location: Location;
  source: string;
  /** The module's file when it is found through the image's PYTHONPATH rather than the project's folders. */
  file?: string;
}

export interface Deployment {
  files: DeployFile[];
  /** Every process production and development files start, production first. */
  processes: DeployedProcess[];
  /** Scripts that run a server or worker that no deployment file starts. */
  unlaunched: UnlaunchedProgram[];
  /** Variables env templates and standalone env files list (`.env.example`, `env.d/production/*`). */
  environment: EnvAssignment[];
  /** DJANGO_SETTINGS_MODULE production sets, with where; candidates in order of preference. */
  settingsModules: DeploymentSetting[];
  /** DJANGO_CONFIGURATION (django-configurations) production sets. */
  configuration: DeploymentSetting | undefined;
}

/** Production processes only. */
export function productionProcesses(deployment: Deployment): DeployedProcess[] {
  return deployment.processes.filter((process) => process.purpose.production);
}

/** True when at least one deployment file describes production. */
export function hasProductionDeployment(deployment: Deployment): boolean {
  return deployment.files.some((file) => file.purpose.production && file.format !== 'env' && file.format !== 'script');
}
