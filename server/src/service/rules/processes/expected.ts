// Which long-running processes a project needs in production, read from its settings, dependencies and
// modules: the web server (WSGI, or ASGI when the project is asynchronous), and a celery worker and beat
// scheduler when it uses celery.
import * as path from 'node:path';
import { isFile, readTextOrUndefined, type FileSystem } from '../../project/fileSystem';
import type { DjangoProject } from '../../project/model';
import { ModuleResolver } from '../../python/modules';
import { ParseCache } from '../../python/parseCache';
import { containsString } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';

export type ProcessKind = 'web' | 'worker' | 'beat';

export interface WebProcess {
  kind: 'wsgi' | 'asgi';
  /** What the server loads, in Django's dotted form (`mysite.wsgi.application`); undefined when unknown. */
  target: string | undefined;
  /** Why the project counts as ASGI, for messages. */
  reason: string;
}

export interface CeleryProcesses {
  /** The module that defines the Celery app (`mysite.celery`), for `celery -A`; undefined when none was found. */
  app: string | undefined;
  beat: boolean;
  /** django-celery-beat keeps the schedule in the database. */
  databaseScheduler: boolean;
  /** Why beat is expected, for messages. */
  beatReason: string;
}

export interface ExpectedProcesses {
  web: WebProcess;
  celery: CeleryProcesses | undefined;
  /** The module DJANGO_SETTINGS_MODULE must name. */
  settingsModule: string | undefined;
  /** Modules that define a Celery app. */
  celeryApps: string[];
}

const ASGI_DEPENDENCIES = ['uvicorn', 'uvicorn-worker', 'daphne', 'channels'];
const CELERY_APP_FILES = ['celery.py', 'celery_app.py'];
const DEFINES_CELERY_APP = /\bCelery\s*\(/;

function hasDependency(project: DjangoProject, name: string): boolean {
  return project.dependencies.some((dependency) => dependency.name === name);
}

function stringSetting(settings: SettingsView | undefined, name: string): string | undefined {
  if (!settings?.has(name)) return undefined;
  const value = settings.value(name);
  return value.kind === 'str' && value.value ? value.value : undefined;
}

function entryPointTarget(project: DjangoProject, kind: 'wsgi' | 'asgi', names: ModuleResolver): string | undefined {
  const entry = project.entryPoints.find((e) => e.kind === kind);
  const module = entry && names.moduleNameOf(entry.file);
  return module ? `${module.name}.application` : undefined;
}

function webProcess(project: DjangoProject, settings: SettingsView | undefined, names: ModuleResolver): WebProcess {
  const asgiSetting = stringSetting(settings, 'ASGI_APPLICATION');
  const asgiDependency = ASGI_DEPENDENCIES.find((name) => hasDependency(project, name));
  if (asgiSetting || asgiDependency) {
    return {
      kind: 'asgi',
      target: asgiSetting ?? entryPointTarget(project, 'asgi', names),
      reason: asgiSetting ? `ASGI_APPLICATION is ${asgiSetting}` : `the project depends on ${asgiDependency}`,
    };
  }
  return { kind: 'wsgi', target: stringSetting(settings, 'WSGI_APPLICATION') ?? entryPointTarget(project, 'wsgi', names), reason: '' };
}

/** Modules of the top-level packages that create a Celery app (`proj/celery.py`, `config/celery_app.py`). */
function findCeleryApps(project: DjangoProject, fs: FileSystem, names: ModuleResolver): { module: string; text: string }[] {
  const found: { module: string; text: string }[] = [];
  for (const { dir: folder } of project.packages) {
    for (const name of CELERY_APP_FILES) {
      const file = path.join(folder, name);
      const text = isFile(fs, file) ? readTextOrUndefined(fs, file) : undefined;
      const module = text !== undefined && DEFINES_CELERY_APP.test(text) ? names.moduleNameOf(file) : undefined;
      if (module) found.push({ module: module.name, text: text! });
    }
  }
  return found;
}

function celeryProcesses(project: DjangoProject, settings: SettingsView | undefined, apps: { module: string; text: string }[]): CeleryProcesses | undefined {
  if (!hasDependency(project, 'celery') && !apps.length) return undefined;
  const installed = settings?.value('INSTALLED_APPS');
  const databaseScheduler = hasDependency(project, 'django-celery-beat') || (!!installed && containsString(installed, 'django_celery_beat') === true);
  const scheduleSetting = settings?.has('CELERY_BEAT_SCHEDULE') ? 'CELERY_BEAT_SCHEDULE is set' : undefined;
  const scheduleInApp = apps.find((app) => /\bbeat_schedule\b/.test(app.text));
  const beatReason = scheduleSetting ?? (scheduleInApp ? `${scheduleInApp.module} sets beat_schedule` : databaseScheduler ? 'the project uses django-celery-beat' : '');
  return { app: apps[0]?.module, beat: beatReason !== '', databaseScheduler, beatReason };
}

export function expectedProcesses(project: DjangoProject, settings: SettingsView | undefined, fs: FileSystem): ExpectedProcesses {
  // Only module names are needed here, so a private cache is never filled.
  const names = new ModuleResolver(fs, project.pythonRoots, new ParseCache());
  const apps = findCeleryApps(project, fs, names);
  return {
    web: webProcess(project, settings, names),
    celery: celeryProcesses(project, settings, apps),
    settingsModule: settings?.moduleName ?? project.production?.name,
    celeryApps: apps.map((app) => app.module),
  };
}
