// Which long-running processes a project needs in production, read from its settings, dependencies, modules
// and deployment: the web server (WSGI or ASGI, as the server production runs speaks), and a celery worker
// and beat scheduler when it uses celery.
import { knownWebServer } from '../../deploy/describe';
import { productionProcesses } from '../../deploy/model';
import type { FileSystem } from '../../fileSystem';
import type { DjangoProject } from '../../project/model';
import { ModuleResolver } from '../../python/modules';
import { ParseCache } from '../../python/parseCache';
import { containsString } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';

export type ProcessKind = 'web' | 'worker' | 'beat';

interface WebProcess {
  kind: 'wsgi' | 'asgi';
  /** What the server loads, in Django's dotted form (`mysite.wsgi.application`); undefined when unknown. */
  target: string | undefined;
  /** Why the project counts as ASGI, for messages. */
  reason: string;
}

interface CeleryProcesses {
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
  // The server production runs decides, not what a requirements file lists.
  const servers = productionProcesses(project.deployment).filter((process) => process.roles.includes('web') && process.program.interface);
  const asgiServer = servers.find((process) => process.program.interface === 'asgi');
  if (asgiServer || (servers.length && servers.every((process) => process.program.interface === 'wsgi'))) {
    const kind = asgiServer ? 'asgi' : 'wsgi';
    const setting = kind === 'asgi' ? asgiSetting : stringSetting(settings, 'WSGI_APPLICATION');
    const served = (asgiServer ?? servers[0]).program.app;
    return {
      kind,
      target: setting ?? entryPointTarget(project, kind, names) ?? (served && /^[A-Za-z_][\w.]*(:[A-Za-z_]\w*)?$/.test(served) ? served : undefined),
      reason: asgiServer ? `production runs ${asgiServer.program.program}${asgiServer.program.program === 'gunicorn' ? ' with uvicorn workers' : ''}` : '',
    };
  }
  const asgiDependency = ASGI_DEPENDENCIES.find((name) => hasDependency(project, name));
  if (asgiSetting || asgiDependency) {
    return {
      kind: 'asgi',
      target: asgiSetting ?? entryPointTarget(project, 'asgi', names),
      reason: asgiSetting ? `ASGI_APPLICATION is ${asgiSetting}` : `the project depends on ${asgiDependency}`,
    };
  }
  return { kind: 'wsgi', target: stringSetting(settings, 'WSGI_APPLICATION') ?? entryPointTarget(project, 'wsgi', names) ?? servedApp(project), reason: '' };
}

/** The application a server command of the deployment loads (`wsgi.app:application`), in any of its files. */
function servedApp(project: DjangoProject): string | undefined {
  const app = knownWebServer(project.deployment)?.program.app;
  return app && /^[A-Za-z_][\w.]*(:[A-Za-z_]\w*)?$/.test(app) ? app : undefined;
}

function celeryProcesses(project: DjangoProject, settings: SettingsView | undefined): CeleryProcesses | undefined {
  const apps = project.celeryApps;
  if (!hasDependency(project, 'celery') && !apps.length) return undefined;
  const installed = settings?.value('INSTALLED_APPS');
  const databaseScheduler = hasDependency(project, 'django-celery-beat') || (!!installed && containsString(installed, 'django_celery_beat') === true);
  const scheduleSetting = settings?.has('CELERY_BEAT_SCHEDULE') ? 'CELERY_BEAT_SCHEDULE is set' : undefined;
  const scheduleInApp = apps.find((app) => app.beatSchedule);
  const beatReason =
    scheduleSetting ?? (scheduleInApp ? `${scheduleInApp.module} sets beat_schedule` : databaseScheduler ? 'the project uses django-celery-beat' : '');
  return { app: apps[0]?.module, beat: beatReason !== '', databaseScheduler, beatReason };
}

export function expectedProcesses(project: DjangoProject, settings: SettingsView | undefined, fs: FileSystem): ExpectedProcesses {
  // Only module names are needed here, so a private cache is never filled.
  const names = new ModuleResolver(fs, project.pythonRoots, new ParseCache());
  return {
    web: webProcess(project, settings, names),
    celery: celeryProcesses(project, settings),
    settingsModule: settings?.moduleName ?? project.production?.name,
    celeryApps: [...new Set(project.celeryApps.map((app) => app.module))],
  };
}
