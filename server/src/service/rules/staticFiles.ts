// static-files: what the staticfiles app needs in production. STATIC_ROOT is where collectstatic gathers the
// files the web server (or WhiteNoise) serves; without STATIC_URL the app refuses to build any static URL.
import * as path from 'node:path';
import { call } from '../fixes/pythonLayout';
import { setSettingChange } from '../fixes/settingsEdits';
import { versionAtLeast } from '../project/dependencies';
import { pythonString } from '../python/strings';
import { alternatives, containsString, truthy } from '../python/values';
import { envVariableOf, fallbackNote } from '../settings/judge';
import type { Setting, SettingsView } from '../settings/settingsView';
import type { Fix, Location } from '../types';
import { makeFinding } from '../finding';
import { pathSource, writtenAt } from './projectPaths';
import { defineCode, type RuleMeta } from '../codes';
import type { Checker, RuleContext } from './rule';
import { chainOf } from './settingsEntries';

const NO_STATIC_ROOT = defineCode({
  code: 'DR801',
  area: 'static-files',
  title: 'STATIC_ROOT not set',
  severity: 'info',
  fixable: true,
  settings: ['STATIC_ROOT'],
});

const NO_STATIC_URL = defineCode({
  code: 'DR802',
  area: 'static-files',
  title: 'STATIC_URL not set',
  severity: 'warning',
  fixable: true,
  settings: ['STATIC_URL'],
});

const STATICFILES_APPS = ['django.contrib.staticfiles', 'django.contrib.staticfiles.apps.StaticFilesConfig'];
const STATIC_ROOT_FOLDER = 'staticfiles';

function usesStaticfiles(view: SettingsView): boolean | undefined {
  const verdicts = STATICFILES_APPS.map((app) => containsString(view.value('INSTALLED_APPS'), app));
  if (verdicts.includes(true)) return true;
  return verdicts.includes(undefined) ? undefined : false;
}

/** Reports each way a setting can be empty (unset, None, "") in production. */
function checkSet(
  context: RuleContext,
  view: SettingsView,
  meta: RuleMeta,
  name: string,
  explain: string,
  fix: (view: SettingsView, setting: Setting, at: Location | undefined) => Fix,
): void {
  const setting = view.get(name);
  for (const value of alternatives(setting.value)) {
    const verdict = truthy(value);
    if (verdict === undefined) {
      if (!value.env?.required) context.unknown(meta.code, `${name} cannot be read statically.`);
      continue;
    }
    if (verdict) continue;
    const location = setting.binding ? writtenAt(view, value, setting.binding.statement) : view.anchor();
    const state = setting.binding ? `${name} is empty${fallbackNote(value)}` : `${name} is not set`;
    context.report(
      makeFinding(meta, location, `${state}: ${explain}`, { ...chainOf(view, location), fix: fix(view, setting, setting.binding ? location : undefined) }),
    );
  }
}

function staticRootFix(view: SettingsView, setting: Setting, at: Location | undefined): Fix {
  const target = path.join(view.project.root, STATIC_ROOT_FOLDER);
  const { source, imports } = pathSource(view, view.file, target);
  const variable = envVariableOf(setting);
  const value = variable ? call('os.environ.get', pythonString(variable), source) : source;
  const allImports = variable ? [...new Set(['os', ...imports])] : imports;
  return {
    title: `Set STATIC_ROOT to ${STATIC_ROOT_FOLDER}/ beside manage.py`,
    changes: [setSettingChange(view, 'STATIC_ROOT', value, { imports: allImports, at })],
  };
}

function staticUrlFix(view: SettingsView, setting: Setting, at: Location | undefined): Fix {
  // startproject writes "static/" since 4.0 (relative to the script prefix) and "/static/" before.
  const url = versionAtLeast(view.version, 4, 0) ? 'static/' : '/static/';
  const variable = envVariableOf(setting);
  const value = variable ? `os.environ.get(${pythonString(variable)}, ${pythonString(url)})` : pythonString(url);
  return { title: `Set STATIC_URL = "${url}"`, changes: [setSettingChange(view, 'STATIC_URL', value, { imports: variable ? ['os'] : [], at })] };
}

export const staticFilesChecker: Checker = {
  area: 'static-files',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    const used = usesStaticfiles(view);
    if (used === false) return;
    if (used === undefined) {
      for (const meta of [NO_STATIC_ROOT, NO_STATIC_URL])
        context.unknown(meta.code, 'Whether django.contrib.staticfiles is installed cannot be read statically.');
      return;
    }
    checkSet(
      context,
      view,
      NO_STATIC_ROOT,
      'STATIC_ROOT',
      'collectstatic has nowhere to gather static files for the web server. Set it to a folder outside the source tree, such as staticfiles/ beside manage.py.',
      staticRootFix,
    );
    checkSet(
      context,
      view,
      NO_STATIC_URL,
      'STATIC_URL',
      'the staticfiles app refuses to build static URLs ({% static %} and collectstatic fail with ImproperlyConfigured). Set it, for example to "static/".',
      staticUrlFix,
    );
  },
};
