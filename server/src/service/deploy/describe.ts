// Words for deployed processes, shared by the findings, the CLI and the Readiness view.
import * as path from 'node:path';
import { isInside, relativePath } from '../paths';
import type { DeployedProcess, Deployment, RecognisedProgram, Supervision } from './model';
import { productionProcesses } from './model';

const PROGRAM_NAMES: Record<RecognisedProgram['program'], string> = {
  gunicorn: 'gunicorn',
  uwsgi: 'uWSGI',
  daphne: 'daphne',
  uvicorn: 'uvicorn',
  hypercorn: 'hypercorn',
  granian: 'granian',
  waitress: 'waitress',
  mod_wsgi: 'mod_wsgi',
  runserver: 'manage.py runserver',
  celery: 'celery',
  rq: 'an rq worker',
  rqscheduler: 'rqscheduler',
  huey: 'a huey consumer',
  dramatiq: 'dramatiq',
  'django-q': 'django-q (qcluster)',
  db_worker: 'the tasks db_worker',
  runworker: 'a channels worker',
};

export function programName(program: RecognisedProgram): string {
  if (program.program === 'celery')
    return program.roles.includes('worker') ? (program.roles.includes('beat') ? 'a celery worker with beat (-B)' : 'a celery worker') : 'celery beat';
  return PROGRAM_NAMES[program.program];
}

/** `gunicorn (ASGI, 5 workers)`. */
export function programSummary(program: RecognisedProgram): string {
  const details: string[] = [];
  if (program.interface) details.push(program.interface.toUpperCase());
  if (program.workers?.count !== undefined) details.push(`${program.workers.count} worker process${program.workers.count === 1 ? '' : 'es'}`);
  else if (program.workers?.min !== undefined) details.push(`at least ${program.workers.min} worker processes`);
  if (program.development) details.push('development mode');
  return details.length ? `${programName(program)} (${details.join(', ')})` : programName(program);
}

/** Where a file sits, for messages: relative to the project's folder, or to the folder searched above it. */
export function displayPath(root: string, scanRoot: string, file: string): string {
  const base = isInside(file, root) ? root : scanRoot;
  return relativePath(base, file).split(path.sep).join('/') || path.basename(file);
}

const SUPERVISOR_NAMES: Record<Supervision['by'], string> = {
  supervisor: 'supervisor',
  systemd: 'systemd',
  compose: 'Docker Compose',
  kubernetes: 'Kubernetes',
  s6: 's6',
  platform: 'the platform',
  apache: 'Apache',
  container: 'the container runtime',
  script: 'its script',
  none: 'nothing',
};

/** `Docker Compose (restart: unless-stopped)`. */
export function supervisionSummary(supervision: Supervision): string {
  return `${SUPERVISOR_NAMES[supervision.by]} (${supervision.detail})`;
}

/** What starts the process: the first step of its chain, e.g. `docker-compose.yml service web`. */
export function startedBy(process: DeployedProcess, root: string, scanRoot: string): string {
  return `${displayPath(root, scanRoot, process.location.file)} (${process.name})`;
}

interface WebWorkers {
  /** The largest worker count a production web server is known to run. */
  count: number;
  source: string;
  process: DeployedProcess;
}

/** How many processes serve requests, when the production deployment says; the server running the most wins. */
export function webWorkers(deployment: Deployment): WebWorkers | undefined {
  let best: WebWorkers | undefined;
  for (const process of productionProcesses(deployment)) {
    if (!process.roles.includes('web') || process.program.development) continue;
    const workers = process.program.workers;
    const count = workers?.count ?? workers?.min;
    if (workers && count !== undefined && (!best || count > best.count)) best = { count, source: workers.source, process };
  }
  return best;
}

/** The interface production serves Django over: ASGI when any production web server speaks it, WSGI when all do. */
export function productionInterface(deployment: Deployment): { kind: 'asgi' | 'wsgi'; process: DeployedProcess } | undefined {
  const servers = productionProcesses(deployment).filter(
    (process) => process.roles.includes('web') && process.program.interface && !process.program.development,
  );
  const asgi = servers.find((process) => process.program.interface === 'asgi');
  if (asgi) return { kind: 'asgi', process: asgi };
  return servers.length ? { kind: 'wsgi', process: servers[0] } : undefined;
}

/** The web server the deployment knows best: production's, else a script nothing starts, else a development one. */
export function knownWebServer(deployment: Deployment): { program: RecognisedProgram; user?: string; process?: DeployedProcess } | undefined {
  const isWeb = (program: RecognisedProgram): boolean => program.roles.includes('web') && !program.development;
  const production = productionProcesses(deployment).find((process) => isWeb(process.program));
  if (production) return { program: production.program, user: production.user, process: production };
  const unlaunched = deployment.unlaunched.find((entry) => isWeb(entry.program));
  if (unlaunched) return { program: unlaunched.program };
  const development = deployment.processes.find((process) => isWeb(process.program));
  return development && { program: development.program, user: development.user };
}
