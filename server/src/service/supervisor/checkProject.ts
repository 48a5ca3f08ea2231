// DR750-DR753: the supervisor files against the Django project they run. Skipped without project facts.
import { CODES } from './codes';
import { analyzedPrograms, type AnalyzedProgram } from './checkServers';
import { optionValue } from './command';
import { lookup, type Placed } from './config';
import type { CheckContext, SupervisorProjectContext } from './context';
import { isApplicationTarget, isDottedPath, isModuleName } from '../fixes/generatedText';
import { replaceInValue, singleFileFix } from './edits';
import { splitEnvironment } from './environment';
import { rangeInValue } from './ini';
import { isProgramKind } from './schema';

export function checkProject(ctx: CheckContext): void {
  const project = ctx.project;
  if (!project) return;
  for (const merged of ctx.config.sections) {
    const kind = merged.info?.kind;
    const environment = lookup(ctx.config, merged, 'environment');
    if (environment && (isProgramKind(kind) || kind === 'supervisord')) checkSettingsModule(ctx, project, environment);
  }
  for (const item of analyzedPrograms(ctx)) {
    checkServerTarget(ctx, project, item);
    checkCeleryApp(ctx, project, item);
  }
}

function where(project: SupervisorProjectContext): string {
  return project.projectRoot ? ` in ${project.projectRoot}` : '';
}

function checkSettingsModule(ctx: CheckContext, project: SupervisorProjectContext, placed: Placed): void {
  if (project.settingsModules.length === 0) return;
  const production = project.settingsModules.filter((s) => s.role === 'production').map((s) => s.module);
  for (const pair of splitEnvironment(placed.entry.value)) {
    if (pair.key !== 'DJANGO_SETTINGS_MODULE' || pair.text.includes('%(')) continue;
    const known = project.settingsModules.find((s) => s.module === pair.text);
    if (known && known.role !== 'development') continue;
    const start = pair.quoted ? pair.valueStart + 1 : pair.valueStart;
    const range = rangeInValue(placed.entry, start, start + pair.text.length);
    // The module name comes from file names: written into the file only when it is one.
    const fix =
      production.length === 1 && isModuleName(production[0])
        ? singleFileFix(`Use ${production[0]}`, placed.file, [replaceInValue(placed.entry, start, start + pair.text.length, production[0])])
        : null;
    const advice = production.length === 1 ? `Use ${production[0]}.` : `Use the production settings module (${production.join(', ') || 'none found'}).`;
    if (!known) {
      ctx.report(
        CODES.settingsMissing,
        placed.file,
        range,
        `DJANGO_SETTINGS_MODULE=${pair.text}: no such settings module${where(project)}, so Django fails to start. ${advice}`,
        { fix },
      );
    } else {
      ctx.report(
        CODES.settingsDevelopment,
        placed.file,
        range,
        `DJANGO_SETTINGS_MODULE=${pair.text} is a development settings module; under supervisor it serves production with development settings (DEBUG and friends). ${advice}`,
        { fix },
      );
    }
  }
}

/** `config.wsgi.application` (a setting) or `config.wsgi:application` (a server target) as module and attribute. */
function splitTarget(target: string, defaultAttr: string | null): { module: string; attr: string } | null {
  const colon = target.indexOf(':');
  if (colon !== -1) return { module: target.slice(0, colon), attr: target.slice(colon + 1) };
  if (defaultAttr) return { module: target, attr: defaultAttr };
  const dot = target.lastIndexOf('.');
  return dot === -1 ? null : { module: target.slice(0, dot), attr: target.slice(dot + 1) };
}

function checkServerTarget(ctx: CheckContext, project: SupervisorProjectContext, { command, info }: AnalyzedProgram): void {
  if (info.kind !== 'gunicorn' && info.kind !== 'uvicorn' && info.kind !== 'daphne') return;
  const target = info.kind === 'daphne' ? info.positionals[info.positionals.length - 1] : info.positionals[0];
  if (!target || /[%()]/.test(target.value)) return;
  const workerClass = optionValue(info, '-k', '--worker-class')?.value?.text ?? '';
  const asgi = info.kind !== 'gunicorn' || /uvicorn/i.test(workerClass);
  const expectedSetting = asgi ? project.asgiApplication : project.wsgiApplication;
  // A setting that is no dotted path cannot be served (Django fails on it too), and must never be copied into
  // the command line: it could carry a newline and a whole new program.
  if (!expectedSetting || !isDottedPath(expectedSetting)) return;
  const expected = splitTarget(expectedSetting, null);
  const actual = splitTarget(target.value, info.kind === 'gunicorn' ? 'application' : null);
  if (!expected || (actual && actual.module === expected.module && actual.attr === expected.attr)) return;
  const wanted = `${expected.module}:${expected.attr}`;
  if (!isApplicationTarget(wanted)) return;
  const kindName = asgi ? 'ASGI' : 'WSGI';
  ctx.report(
    CODES.wrongServerTarget,
    command.file,
    rangeInValue(command.entry, target.start, target.end),
    `${info.kind} serves ${target.value}, but the project's ${kindName} application${where(project)} is ${expectedSetting} (${asgi ? 'ASGI_APPLICATION' : 'WSGI_APPLICATION'}). Serve ${wanted}.`,
    { fix: singleFileFix(`Serve ${wanted}`, command.file, [replaceInValue(command.entry, target.start, target.end, wanted)]) },
  );
}

/** The modules celery tries for `-A value`: the module itself, its `.celery` submodule, or the parent of an attribute. */
function celeryCandidates(app: string): string[] {
  const module = app.split(':')[0];
  const parent = module.includes('.') ? [module.slice(0, module.lastIndexOf('.'))] : [];
  return [module, `${module}.celery`, ...parent];
}

function checkCeleryApp(ctx: CheckContext, project: SupervisorProjectContext, { command, info }: AnalyzedProgram): void {
  if (info.kind !== 'celery') return;
  const app = optionValue(info, '-A', '--app');
  if (!app?.value || app.value.text.includes('%(')) return;
  const candidates = celeryCandidates(app.value.text);
  const module = candidates[0];
  // `-A proj` also finds an app that proj/__init__.py imports from a submodule (celery's documented layout).
  if (candidates.some((c) => project.celeryApps.includes(c)) || project.celeryApps.some((a) => a.startsWith(`${module}.`))) return;
  const only = project.celeryApps.length === 1 && isModuleName(project.celeryApps[0]) ? project.celeryApps[0] : null;
  const known = project.celeryApps.length ? `Celery apps found: ${project.celeryApps.join(', ')}.` : 'No module of the project defines a Celery app.';
  ctx.report(
    CODES.celeryAppMissing,
    command.file,
    rangeInValue(command.entry, app.value.start, app.value.end),
    `celery -A ${app.value.text}: neither ${candidates.slice(0, 2).join(' nor ')} defines a Celery app${where(project)}, so the worker exits at start. ${known}${only ? ` Use -A ${only}.` : ''}`,
    only ? { fix: singleFileFix(`Use -A ${only}`, command.file, [replaceInValue(command.entry, app.value.start, app.value.end, only)]) } : {},
  );
}
