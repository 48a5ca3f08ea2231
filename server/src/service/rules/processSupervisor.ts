// Processes under supervisor: every long-running process the project needs (web server, celery worker,
// celery beat) has a supervisor program, and the project's supervisor files pass the supervisor validator
// with the project's own facts (settings modules, WSGI/ASGI application, celery apps).
import * as path from 'node:path';
import { exists, readTextOrUndefined, type FileSystem } from '../project/fileSystem';
import type { DjangoProject } from '../project/model';
import type { SettingsView } from '../settings/settingsView';
import { generateSupervisorConfigs, validateSupervisorFiles, type GeneratedFile, type SupervisorProjectContext } from '../supervisor';
import { FILE_START, type FileChange, type Fix, type Location } from '../types';
import { makeFinding } from './finding';
import { configuredProcesses, type SupervisorText } from './processes/configured';
import { expectedProcesses, type ExpectedProcesses, type ProcessKind } from './processes/expected';
import { shortPath } from './projectPaths';
import { defineCode, type RuleMeta } from './registry';
import type { Checker, RuleContext } from './rule';

const area = 'process-supervisor' as const;
export const WEB_NOT_SUPERVISED = defineCode({ code: 'DR701', area, title: 'Web server not run by supervisor', severity: 'warning', fixable: true });
export const WORKER_NOT_SUPERVISED = defineCode({ code: 'DR702', area, title: 'Celery worker not run by supervisor', severity: 'warning', fixable: true });
export const BEAT_NOT_SUPERVISED = defineCode({ code: 'DR703', area, title: 'Celery beat not run by supervisor', severity: 'warning', fixable: true });

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
function generatedFiles(project: DjangoProject, expected: ExpectedProcesses): Map<ProcessKind, GeneratedFile> {
  const byKind = new Map<ProcessKind, GeneratedFile>();
  if (!expected.web.target || !expected.settingsModule) return byKind;
  const celery = expected.celery?.app ? { app: expected.celery.app, worker: true, beat: expected.celery.beat, databaseScheduler: expected.celery.databaseScheduler } : undefined;
  let files: GeneratedFile[];
  try {
    files = generateSupervisorConfigs({ project: project.name, application: { kind: expected.web.kind, target: expected.web.target }, settingsModule: expected.settingsModule, celery });
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

function supervisorDirectory(project: DjangoProject): string {
  return path.join(project.root, ...project.config.supervisorDirectory.split(/[\\/]+/).filter(Boolean));
}

function configsFix(project: DjangoProject, fs: FileSystem, expected: ExpectedProcesses, kinds: ProcessKind[], dir = supervisorDirectory(project)): Fix | null {
  const generated = generatedFiles(project, expected);
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

export interface SupervisorConfigsOptions {
  /** One file for every process the project needs, not only for those no program runs yet. */
  all?: boolean;
  /** An absolute folder to write to instead of the project's supervisor directory. */
  directory?: string;
}

/**
 * The fix that creates a supervisor program file per process (by default only where no program runs the process);
 * null when there is nothing to create. Existing files are never part of it.
 */
export function supervisorConfigsFix(project: DjangoProject, settings: SettingsView | undefined, fs: FileSystem, options: SupervisorConfigsOptions = {}): Fix | null {
  const state = processState(project, settings, fs);
  return configsFix(project, fs, state.expected, options.all ? state.needed : state.missing, options.directory);
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
    for (const kind of state.missing) reportMissing(context, state, kind);
    for (const finding of validateSupervisorFiles(state.files, supervisorContext(project, settings, state.expected))) context.report(finding);
  },
};

function locationFor(context: RuleContext, kind: ProcessKind, expected: ExpectedProcesses): Location {
  const settings = context.settings;
  if (!settings) return { file: context.project.managePy, range: FILE_START };
  const setting = kind === 'web' ? (expected.web.kind === 'asgi' ? 'ASGI_APPLICATION' : 'WSGI_APPLICATION') : kind === 'worker' ? 'CELERY_BROKER_URL' : 'CELERY_BEAT_SCHEDULE';
  return settings.locationOf(setting);
}

function reportMissing(context: RuleContext, state: ProcessState, kind: ProcessKind): void {
  const { project, fs } = context;
  const { expected } = state;
  const fix = configsFix(project, fs, expected, [kind]);
  const where = fix ? ` Create ${shortPath(project.root, fix.changes[0].file)} from the project's settings.` : '';
  let message: string;
  if (kind === 'web') {
    const server = expected.web.kind === 'asgi' ? `gunicorn with uvicorn workers (ASGI, because ${expected.web.reason})` : 'gunicorn';
    const blocker = expected.web.target ? '' : ` Set ${expected.web.kind === 'asgi' ? 'ASGI_APPLICATION' : 'WSGI_APPLICATION'} so the program can name the application.`;
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
