// template-loader: whether each DjangoTemplates backend caches compiled templates. Django wraps its default
// loaders in the cached loader by itself (always since 4.1, only with template debug off before), but never a
// `loaders` list given explicitly. APP_DIRS next to `loaders` is rejected outright.
import { versionAtLeast } from '../project/dependencies';
import { alternatives, dictEntry, dictGet, truthy, type Value } from '../python/values';
import { judgeSetting } from '../settings/judge';
import type { SettingsView } from '../settings/settingsView';
import type { Fix } from '../types';
import { writtenAt } from './projectPaths';
import { makeFinding } from '../finding';
import { defineCode } from '../codes';
import type { Checker, RuleContext } from './rule';
import { chainOf, type DictTarget } from './settingsEntries';
import { appDirsFix, CACHED_LOADER, cachedLoaderFix, dropDebugOptionFix, loaderNames, templateBackends, type TemplateBackend } from './templateBackends';

const LOADERS_NOT_CACHED = defineCode({
  code: 'DR201',
  area: 'template-loader',
  title: 'Template loaders not cached',
  severity: 'warning',
  fixable: true,
  settings: ['TEMPLATES'],
});

const TEMPLATE_DEBUG_DISABLES_CACHE = defineCode({
  code: 'DR202',
  area: 'template-loader',
  title: 'Templates not cached because template debug can be on',
  severity: 'warning',
  fixable: true,
  settings: ['TEMPLATES'],
});

const APP_DIRS_WITH_LOADERS = defineCode({
  code: 'DR203',
  area: 'template-loader',
  title: 'APP_DIRS set together with loaders',
  severity: 'error',
  djangoId: 'templates.E001',
  fixable: true,
  settings: ['TEMPLATES'],
});

const ALL_CODES = [LOADERS_NOT_CACHED, TEMPLATE_DEBUG_DISABLES_CACHE, APP_DIRS_WITH_LOADERS];

function checkAppDirs(context: RuleContext, view: SettingsView, backend: TemplateBackend, loaders: Value): void {
  const appDirs = dictGet(backend.config, 'APP_DIRS') ?? { kind: 'bool', value: false };
  const verdict = truthy(appDirs);
  if (verdict === undefined) {
    if (!appDirs.env?.required) context.unknown(APP_DIRS_WITH_LOADERS.code, `APP_DIRS of TEMPLATES[${backend.index}] cannot be read statically.`);
    return;
  }
  if (!verdict) return;
  const location = writtenAt(view, appDirs, backend.location);
  const consequence = versionAtLeast(view.version, 5, 1)
    ? 'Django refuses to start ("app_dirs must not be set when loaders is defined")'
    : 'Django reports templates.E001 and the template engine refuses to load';
  const message = `TEMPLATES[${backend.index}] sets APP_DIRS and lists its loaders: ${consequence}. Remove APP_DIRS and list django.template.loaders.app_directories.Loader among the loaders instead.`;
  context.report(makeFinding(APP_DIRS_WITH_LOADERS, location, message, { ...chainOf(view, location), fix: appDirsFix(view, backend, loaders) }));
}

function checkExplicitLoaders(context: RuleContext, view: SettingsView, backend: TemplateBackend, loaders: Value): void {
  for (const option of alternatives(loaders)) {
    const { names, complete } = loaderNames(option);
    if (names.includes(CACHED_LOADER)) continue;
    if (!complete) {
      if (!option.env?.required) context.unknown(LOADERS_NOT_CACHED.code, `The loaders of TEMPLATES[${backend.index}] cannot be read statically.`);
      continue;
    }
    const location = writtenAt(view, option, backend.location);
    const message = `TEMPLATES[${backend.index}] lists its loaders without django.template.loaders.cached.Loader, so every render reads and compiles templates again; Django only adds caching when no loaders are given. Wrap the loaders in the cached loader.`;
    context.report(makeFinding(LOADERS_NOT_CACHED, location, message, { ...chainOf(view, location), fix: cachedLoaderFix(view, backend, option) }));
  }
}

/** Before 4.1, Django caches its default loaders only when the engine's debug (default: DEBUG) is off. */
function checkDebugDisablesCache(context: RuleContext, view: SettingsView, backend: TemplateBackend, options: (Value & { kind: 'dict' }) | undefined): void {
  const version = `${view.version.major}.${view.version.minor}`;
  const explicit = options && dictEntry(options, 'debug');
  if (explicit) {
    const debugTarget: DictTarget = { value: options, name: 'TEMPLATES', keys: [backend.index, 'OPTIONS'] };
    const debugOff = judgeSetting(view, view.get('DEBUG'), (value) => truthy(value)).offenders.length === 0;
    for (const value of alternatives(explicit.value)) {
      const verdict = truthy(value);
      if (verdict === undefined && !value.env?.required)
        context.unknown(TEMPLATE_DEBUG_DISABLES_CACHE.code, `OPTIONS["debug"] of TEMPLATES[${backend.index}] cannot be read statically.`);
      if (verdict !== true) continue;
      const location = writtenAt(view, value, backend.location);
      const message = `TEMPLATES[${backend.index}] turns template debug on in production, and Django ${version} then compiles every template on every render. Remove OPTIONS["debug"] so it follows DEBUG, or upgrade to Django 4.1+, which always caches.`;
      const fix: Fix | null = debugOff ? dropDebugOptionFix(view, debugTarget) : null;
      context.report(makeFinding(TEMPLATE_DEBUG_DISABLES_CACHE, location, message, { ...chainOf(view, location), fix }));
    }
    return;
  }
  const { offenders, unknown } = judgeSetting(view, view.get('DEBUG'), (value) => truthy(value));
  for (const offender of offenders) {
    const message = `Template debug follows DEBUG, which can be true in production, and Django ${version} then compiles every template on every render (see DR918). Keep DEBUG false in production, or upgrade to Django 4.1+, which always caches.`;
    context.report(makeFinding(TEMPLATE_DEBUG_DISABLES_CACHE, offender.location, message, chainOf(view, offender.location)));
  }
  if (!offenders.length && unknown.some((value) => !value.env?.required)) {
    context.unknown(TEMPLATE_DEBUG_DISABLES_CACHE.code, 'DEBUG, which template debug follows, cannot be read statically.');
  }
}

function checkBackend(context: RuleContext, view: SettingsView, backend: TemplateBackend): void {
  const optionsValue = dictGet(backend.config, 'OPTIONS');
  for (const options of optionsValue ? alternatives(optionsValue) : [undefined]) {
    if (options && options.kind !== 'dict') {
      if (!options.env?.required) for (const meta of ALL_CODES) context.unknown(meta.code, `OPTIONS of TEMPLATES[${backend.index}] cannot be read statically.`);
      continue;
    }
    const loaders = options && dictGet(options, 'loaders');
    if (loaders?.kind === 'unknown') {
      if (!loaders.env?.required)
        for (const meta of ALL_CODES) context.unknown(meta.code, `The loaders of TEMPLATES[${backend.index}] cannot be read statically.`);
    } else if (loaders) {
      checkAppDirs(context, view, backend, loaders);
      checkExplicitLoaders(context, view, backend, loaders);
    } else if (!versionAtLeast(view.version, 4, 1)) {
      checkDebugDisablesCache(context, view, backend, options);
    }
  }
}

export const templateLoaderChecker: Checker = {
  area: 'template-loader',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    const unknown = (reason: string): void => {
      for (const meta of ALL_CODES) context.unknown(meta.code, reason);
    };
    for (const backend of templateBackends(view, unknown)) checkBackend(context, view, backend);
  },
};
