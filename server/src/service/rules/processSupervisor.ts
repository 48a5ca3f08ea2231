// Processes under supervision: every long-running process the project needs (web server, celery worker,
// celery beat) is started by something that restarts it: supervisor, systemd, Docker Compose with a restart
// policy, Kubernetes, s6, a platform's Procfile, Apache for mod_wsgi. Judged from the deployment files
// (deploy/); only a project with none gets the supervisor program fix. The project's supervisor files pass the
// supervisor validator with the project's own facts (settings modules, WSGI/ASGI application, celery apps).
import * as path from 'node:path';
import { relativePath } from '../paths';
import { displayPath, knownWebServer, programName } from '../deploy/describe';
import { composeRestartFix, supervisorRestartFix, systemdRestartFix } from '../deploy/edits';
import { hasProductionDeployment, productionProcesses, type DeployedProcess, type DeployFile } from '../deploy/model';
import { ConfinedFileSystem } from '../project/confinedFileSystem';
import { exists, readTextOrUndefined, type FileSystem } from '../fileSystem';
import type { DjangoProject } from '../project/model';
import type { SettingsView } from '../settings/settingsView';
import {
  generateSupervisorConfigs,
  validateSupervisorFiles,
  type GeneratedFile,
  type SupervisorGeneratorSpec,
  type SupervisorProjectContext,
} from '../supervisor';
import { FILE_START, type FileChange, type Fix, type Location, type RelatedInfo } from '../types';
import { makeFinding } from '../finding';
import { configuredProcesses, type SupervisorText } from './processes/configured';
import { expectedProcesses, type ExpectedProcesses, type ProcessKind } from './processes/expected';
import { shortPath } from './projectPaths';
import { defineCode, type RuleMeta } from '../codes';
import type { Checker, RuleContext } from './rule';

const area = 'process-supervisor' as const;
const WEB_NOT_SUPERVISED = defineCode({ code: 'DR701', area, title: 'Web server that nothing restarts', severity: 'warning', fixable: true, settings: [] });
const WORKER_NOT_SUPERVISED = defineCode({
  code: 'DR702',
  area,
  title: 'Celery worker that nothing runs or restarts',
  severity: 'warning',
  fixable: true,
  settings: [],
});
const BEAT_NOT_SUPERVISED = defineCode({
  code: 'DR703',
  area,
  title: 'Celery beat that nothing runs or restarts',
  severity: 'warning',
  fixable: true,
  settings: [],
});
const DEVELOPMENT_SERVER = defineCode({ code: 'DR704', area, title: 'Development server in production', severity: 'warning' });
const UNREADABLE_DEPLOYMENT = defineCode({ code: 'DR705', area, title: 'Deployment file that cannot be read', severity: 'warning' });

const PROCESS_CODES: Record<ProcessKind, RuleMeta> = { web: WEB_NOT_SUPERVISED, worker: WORKER_NOT_SUPERVISED, beat: BEAT_NOT_SUPERVISED };
const PROCESS_NAMES: Record<ProcessKind, string> = { web: 'the web server', worker: 'the celery worker', beat: 'celery beat' };
const FILE_SUFFIXES: Record<ProcessKind, string> = { web: '-web.conf', worker: '-worker.conf', beat: '-beat.conf' };

interface ProcessState {
  expected: ExpectedProcesses;
  /** Every process the project needs, in web, worker, beat order. */
  needed: ProcessKind[];
  /** Processes the project needs that no supervisor program runs, in web, worker, beat order. */
  missing: ProcessKind[];
  files: SupervisorText[];
}

function processState(project: DjangoProject, settings: SettingsView | undefined, fs: FileSystem): ProcessState {
  const files = project.supervisorFiles.flatMap((file) => {
    const text = readTextOrUndefined(fs, file);
    return text === undefined ? [] : [{ path: file, text }];
  });
  const expected = expectedProcesses(project, settings, fs);
  const configured = configuredProcesses(files);
  const needed: ProcessKind[] = ['web', ...(expected.celery ? (['worker'] as const) : []), ...(expected.celery?.beat ? (['beat'] as const) : [])];
  return { expected, needed, missing: needed.filter((kind) => !configured.has(kind)), files };
}

/** The generator's files by process, or none when the project lacks what the programs need (module paths). */
function generatedFiles(project: DjangoProject, expected: ExpectedProcesses, settings: SettingsView | undefined): Map<ProcessKind, GeneratedFile> {
  const byKind = new Map<ProcessKind, GeneratedFile>();
  if (!expected.web.target || !expected.settingsModule) return byKind;
  const celery = expected.celery?.app
    ? { app: expected.celery.app, worker: true, beat: expected.celery.beat, databaseScheduler: expected.celery.databaseScheduler }
    : undefined;
  let files: GeneratedFile[];
  try {
    files = generateSupervisorConfigs({
      project: project.name,
      application: { kind: expected.web.kind, target: expected.web.target },
      settingsModule: expected.settingsModule,
      celery,
      ...learnedFromDeployment(project, settings),
    });
  } catch {
    // A module path the generator refuses to write into a supervisor file: no fix rather than a broken file.
    return byKind;
  }
  for (const kind of Object.keys(FILE_SUFFIXES) as ProcessKind[]) {
    const file = files.find((f) => f.name.endsWith(FILE_SUFFIXES[kind]));
    if (file) byKind.set(kind, file);
  }
  return byKind;
}

const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|KEY|CREDENTIAL|PRIVATE|DSN|AUTH/i;

/**
 * What the deployment says about the web server, its account and the settings' environment, so generated
 * programs run what production already runs: the same server and configuration file, worker count, user, and
 * the non-secret variables the settings read (secrets stay out of conf.d files every local user can read).
 */
function learnedFromDeployment(project: DjangoProject, settings: SettingsView | undefined): Partial<SupervisorGeneratorSpec> {
  const known = knownWebServer(project.deployment);
  const web = known?.process;
  const learned: Partial<SupervisorGeneratorSpec> = {};
  const program = known?.program;
  if (program && (program.program === 'gunicorn' || program.program === 'uwsgi' || program.program === 'uvicorn')) {
    const config = program.configPath && relativePath(project.root, program.configPath).split(path.sep).join('/');
    learned.server = {
      program: program.program,
      configFile: config && !config.startsWith('..') && /^[\w.-]+(\/[\w.-]+)*$/.test(config) ? config : undefined,
      workers: program.workers?.count,
    };
  }
  const user = known?.user;
  if (user && /^[a-z_][a-z0-9_-]{0,31}$/.test(user) && user !== 'root') learned.user = user;
  const reads = new Set((settings?.evaluation.envReads ?? []).map((read) => read.name));
  const environment = new Map<string, string>();
  if (project.deployment.configuration) environment.set('DJANGO_CONFIGURATION', project.deployment.configuration.value);
  for (const assignment of web?.environment ?? []) {
    const value = assignment.value;
    if (!reads.has(assignment.name) || value === undefined || assignment.template || SECRET_NAME.test(assignment.name)) continue;
    // Values that look like credentials or still need the shell (`$X`) are left to the operator.
    if (/[@$"\\,\r\n]/.test(value) || /:\/\/[^/]*:/.test(value)) continue;
    environment.set(assignment.name, value);
  }
  if (environment.size) learned.environment = [...environment];
  return learned;
}

function supervisorDirectory(project: DjangoProject): string {
  return path.join(project.root, ...project.config.supervisorDirectory.split(/[\\/]+/).filter(Boolean));
}

function configsFix(
  project: DjangoProject,
  fs: FileSystem,
  expected: ExpectedProcesses,
  settings: SettingsView | undefined,
  kinds: ProcessKind[],
  dir = supervisorDirectory(project),
): Fix | null {
  const generated = generatedFiles(project, expected, settings);
  const changes: FileChange[] = kinds.flatMap((kind) => {
    const file = generated.get(kind);
    const target = file && path.join(dir, file.name);
    return target && !exists(fs, target) ? [{ kind: 'create' as const, file: target, content: file.content }] : [];
  });
  if (!changes.length) return null;
  const title =
    changes.length === 1
      ? `Create ${shortPath(project.root, changes[0].file)} (supervisor program for ${PROCESS_NAMES[kinds[0]]})`
      : `Create supervisor programs in ${shortPath(project.root, dir)}/ (${kinds.join(', ')})`;
  return { title, changes };
}

interface SupervisorConfigsOptions {
  /** One file for every process the project needs, not only for those no program runs yet. */
  all?: boolean;
  /** An absolute folder to write to instead of the project's supervisor directory. */
  directory?: string;
}

/**
 * The fix that creates a supervisor program file per process (by default only where no program runs the process);
 * null when there is nothing to create. Existing files are never part of it.
 */
export function supervisorConfigsFix(
  project: DjangoProject,
  settings: SettingsView | undefined,
  fs: FileSystem,
  options: SupervisorConfigsOptions = {},
): Fix | null {
  // What the project holds is read inside it only (real paths); the folder written to may be anywhere (--out).
  const state = processState(project, settings, new ConfinedFileSystem(fs, [project.scanRoot]));
  return configsFix(project, fs, state.expected, settings, options.all ? state.needed : state.missing, options.directory);
}

function supervisorContext(project: DjangoProject, settings: SettingsView | undefined, expected: ExpectedProcesses): SupervisorProjectContext {
  const application = (name: string): string | null => {
    const value = settings?.has(name) ? settings.value(name) : undefined;
    return value?.kind === 'str' ? value.value : null;
  };
  return {
    projectRoot: shortPath(project.scanRoot, project.root).replace(/^\.$/, ''),
    settingsModules: project.settingsModules.map((module) => ({ module: module.name, role: module.role === 'other' ? 'base' : module.role })),
    wsgiApplication: application('WSGI_APPLICATION'),
    asgiApplication: application('ASGI_APPLICATION'),
    celeryApps: expected.celeryApps,
  };
}

export const processSupervisorChecker: Checker = {
  area,
  // Supervisor files are checked without settings too; the settings only sharpen what is expected.
  needsSettings: false,
  run(context) {
    const { project, settings, fs } = context;
    const state = processState(project, settings, fs);
    // Where production is only supervisor files (or nothing at all), a supervisor program is the fix for a missing process.
    const supervisorOnly = project.deployment.files.every(
      (file) => !file.purpose.production || file.format === 'supervisor' || file.format === 'env' || file.format === 'script',
    );
    for (const kind of state.needed) {
      if (supervisorOnly && state.missing.includes(kind)) reportMissing(context, state, kind);
      else if (hasProductionDeployment(project.deployment)) judgeDeployed(context, state, kind);
    }
    reportDevelopmentServers(context);
    reportUnreadableFiles(context);
    for (const finding of validateSupervisorFiles(state.files, supervisorContext(project, settings, state.expected))) context.report(finding);
  },
};

const PROCESS_TITLES: Record<ProcessKind, string> = { web: 'The web server', worker: 'The celery worker', beat: 'Celery beat' };

/** From the deployment: each process that starts without a restart gets a finding; none found is a finding or unknown. */
function judgeDeployed(context: RuleContext, state: ProcessState, kind: ProcessKind): void {
  const { project, fs } = context;
  const meta = PROCESS_CODES[kind];
  const show = (file: string): string => displayPath(project.root, project.scanRoot, file);
  const running = productionProcesses(project.deployment).filter((process) => process.roles.includes(kind));
  if (!running.length) {
    const unlaunched = project.deployment.unlaunched.find((entry) => entry.program.roles.includes(kind));
    if (unlaunched) {
      context.unknown(
        meta.code,
        `${show(unlaunched.location.file)} runs ${programName(unlaunched.program)}, but nothing in the repository starts it in production (an orchestrator outside the repository may).`,
      );
      return;
    }
    const files = project.deployment.files
      .filter((file) => file.purpose.production && file.format !== 'env' && file.format !== 'script')
      .map((file) => show(file.file));
    const location = locationFor(context, kind, state.expected);
    const what = kind === 'web' ? 'no web server' : kind === 'worker' ? 'no celery worker' : 'no celery beat';
    const consequence = kind === 'web' ? 'the site is not served' : kind === 'worker' ? 'queued tasks never run' : 'periodic tasks are never sent';
    const reason = kind === 'beat' ? `${capitalize(state.expected.celery!.beatReason)}, but t` : 'T';
    context.report(
      makeFinding(
        meta,
        location,
        `${reason}he deployment (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''}) runs ${what}, so ${consequence}. Add it beside the other processes, with a restart policy.`,
        {
          related: context.settings?.chainTo(location) ?? [],
        },
      ),
    );
    return;
  }
  const notRestarted = running.filter((process) => process.supervision.restarts === false);
  for (const process of notRestarted) {
    const text = readTextOrUndefined(fs, process.supervision.location.file);
    const fix =
      text === undefined
        ? null
        : process.supervision.by === 'compose'
          ? composeRestartFix(process, text)
          : process.supervision.by === 'systemd'
            ? systemdRestartFix(process, text)
            : process.supervision.by === 'supervisor'
              ? supervisorRestartFix(process, text)
              : null;
    const others = running.filter((other) => other.supervision.restarts === true);
    const elsewhere = others.length
      ? ` (${others
          .map((other) => `${show(other.location.file)} restarts it`)
          .filter((v, i, a) => a.indexOf(v) === i)
          .slice(0, 2)
          .join(', ')})`
      : '';
    const message = `${PROCESS_TITLES[kind]} (${programName(process.program)}) is started by ${show(process.location.file)} (${process.name}), but ${process.supervision.detail}: if it exits or crashes, nothing starts it again${elsewhere}. ${remedy(process)}`;
    context.report(makeFinding(meta, process.supervision.location, message, { related: chainRelated(process), fix }));
  }
  if (notRestarted.length || running.some((process) => process.supervision.restarts === true)) return;
  const first = running[0];
  const where = first.supervision.by === 'container' ? ' (docker run --restart, Kubernetes, a platform)' : '';
  context.unknown(
    meta.code,
    `${show(first.location.file)} runs ${programName(first.program)} as ${first.supervision.detail}; whether it is restarted is decided where it runs${where}, outside the repository.`,
  );
}

function remedy(process: DeployedProcess): string {
  switch (process.supervision.by) {
    case 'compose':
      return 'Add `restart: unless-stopped` to the service.';
    case 'systemd':
      return 'Add `Restart=on-failure` to the [Service] section.';
    case 'supervisor':
      return 'Set `autorestart=true`.';
    default:
      return 'Run it as its own supervised process (a supervisor program, a systemd unit or a container with a restart policy) instead.';
  }
}

function chainRelated(process: DeployedProcess): RelatedInfo[] {
  return process.chain.map((step) => ({ location: step.location, message: step.text }));
}

/** runserver, or a server's auto-reload, started by a production deployment file. */
function reportDevelopmentServers(context: RuleContext): void {
  const { project } = context;
  const show = (file: string): string => displayPath(project.root, project.scanRoot, file);
  const seen = new Set<string>();
  for (const process of productionProcesses(project.deployment)) {
    const reason = process.program.development;
    if (!reason || !process.roles.includes('web')) continue;
    const location = process.chain[0].location;
    const key = `${location.file}:${location.range.start.line}:${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const production = process.alternatives.find((alternative) => alternative.program.roles.includes('web') && !alternative.program.development);
    const instead = production
      ? ` ${show(production.location.file)} also runs ${programName(production.program)} when given ${production.when}: make that the default.`
      : process.program.program === 'runserver'
        ? ' Run gunicorn or uWSGI (or uvicorn for ASGI) instead.'
        : ' Turn auto-reload off in production.';
    const runserver = process.program.program === 'runserver';
    const what = runserver ? `Django's development server (${reason})` : `${programName(process.program)} in development mode (${reason})`;
    const why = runserver
      ? "Django's documentation says it has not gone through security audits or performance tests"
      : 'it watches files and restarts on every change';
    const by = `${show(location.file)}${process.name !== path.basename(location.file) ? ` (${process.name})` : ''}`;
    const through = process.chain.length > 1 ? ` through ${[...new Set(process.chain.slice(1).map((step) => show(step.location.file)))].join(', ')}` : '';
    context.report(
      makeFinding(DEVELOPMENT_SERVER, location, `${by} runs ${what}${through} in production: ${why}.${instead}`, { related: chainRelated(process) }),
    );
  }
}

function reportUnreadableFiles(context: RuleContext): void {
  for (const file of context.project.deployment.files) {
    if (!file.problem || !file.purpose.production || file.format === 'supervisor') continue;
    context.report(
      makeFinding(
        UNREADABLE_DEPLOYMENT,
        file.problem.location,
        `${file.problem.message} Django Ready cannot tell what this ${FORMAT_NAMES[file.format]} runs.`,
      ),
    );
  }
}

const FORMAT_NAMES: Record<DeployFile['format'], string> = {
  supervisor: 'supervisor file',
  systemd: 'systemd unit',
  procfile: 'Procfile',
  dockerfile: 'Dockerfile',
  compose: 'compose file',
  uwsgi: 'uWSGI configuration',
  gunicorn: 'gunicorn configuration',
  s6: 's6 service',
  kubernetes: 'Kubernetes manifest',
  apache: 'Apache configuration',
  'app.json': 'app.json',
  env: 'env file',
  script: 'script',
};

function locationFor(context: RuleContext, kind: ProcessKind, expected: ExpectedProcesses): Location {
  const settings = context.settings;
  if (!settings) return { file: context.project.managePy, range: FILE_START };
  const setting =
    kind === 'web'
      ? expected.web.kind === 'asgi'
        ? 'ASGI_APPLICATION'
        : 'WSGI_APPLICATION'
      : kind === 'worker'
        ? 'CELERY_BROKER_URL'
        : 'CELERY_BEAT_SCHEDULE';
  return settings.locationOf(setting);
}

function reportMissing(context: RuleContext, state: ProcessState, kind: ProcessKind): void {
  const { project, fs } = context;
  const { expected } = state;
  const fix = configsFix(project, fs, expected, context.settings, [kind]);
  const where = fix ? ` Create ${shortPath(project.root, fix.changes[0].file)} from the project's settings.` : '';
  let message: string;
  if (kind === 'web') {
    const server = expected.web.kind === 'asgi' ? `gunicorn with uvicorn workers (ASGI, because ${expected.web.reason})` : 'gunicorn';
    const blocker = expected.web.target
      ? ''
      : ` Set ${expected.web.kind === 'asgi' ? 'ASGI_APPLICATION' : 'WSGI_APPLICATION'} so the program can name the application.`;
    message = `No supervisor program runs the web server, so nothing restarts it when it crashes or starts it at boot. Run ${server} under supervisor.${where}${blocker}`;
  } else {
    const noApp = expected.celery?.app ? '' : ' No module defines a Celery app yet (for example proj/celery.py); add one so the program can name it with -A.';
    message =
      kind === 'worker'
        ? `The project uses celery, but no supervisor program runs a celery worker, so queued tasks never run.${where}${noApp}`
        : `${capitalize(expected.celery!.beatReason)}, but no supervisor program runs celery beat, so periodic tasks are never sent. Run exactly one beat.${where}${noApp}`;
  }
  const location = locationFor(context, kind, expected);
  context.report(makeFinding(PROCESS_CODES[kind], location, message, { related: context.settings?.chainTo(location) ?? [], fix }));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
