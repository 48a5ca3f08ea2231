// security.W018: DEBUG must be false in production, including when an environment variable is missing.
import { setSettingChange } from '../../fixes/settingsEdits';
import { pythonString } from '../../python/strings';
import { truthy } from '../../python/values';
import { envApiOf, envVariableOf, fallbackNote, judgeSetting, servesDevelopment } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix, Location } from '../../types';
import { makeFinding } from '../finding';
import { defineCode } from '../registry';
import type { RuleContext } from '../rule';

export const DEBUG_ENABLED = defineCode({
  code: 'DR918',
  area: 'security',
  title: 'DEBUG enabled in production',
  severity: 'warning',
  djangoId: 'security.W018',
  fixable: true,
  settings: ['DEBUG'],
});

export function checkDebug(context: RuleContext, view: SettingsView): void {
  const setting = view.get('DEBUG');
  const { offenders, unknown } = judgeSetting(view, setting, (value) => truthy(value));
  const several = offenders.length > 1 || (offenders.length === 1 && setting.value.kind === 'union');
  for (const offender of offenders) {
    const fallback = fallbackNote(offender.value);
    const message = fallback
      ? `DEBUG is true${fallback}. Make the default false so a missing variable never exposes debug pages in production.`
      : several
        ? 'DEBUG can be true in production on this branch. Debug pages leak settings and source code; keep DEBUG false in production.'
        : 'DEBUG is true in production. Debug pages leak settings and source code; set DEBUG to false (or read it from an environment variable defaulting to false).';
    context.report(makeFinding(DEBUG_ENABLED, offender.location, message, { related: view.chainTo(offender.location), fix: debugFix(view, setting, offender.location) }));
  }
  if (!offenders.length && unknown.some((value) => !value.env?.required)) {
    context.unknown(DEBUG_ENABLED.code, 'DEBUG is computed in a way that cannot be checked statically');
  }
}

function debugFix(view: SettingsView, setting: Setting, at: Location): Fix {
  if (!servesDevelopment(view)) return { title: 'Set DEBUG = False', changes: [setSettingChange(view, 'DEBUG', 'False', { at })] };
  const variable = envVariableOf(setting) ?? 'DJANGO_DEBUG';
  const api = envApiOf(view, setting);
  const name = pythonString(variable);
  if (api?.startsWith('env.') || api === 'env') {
    return { title: `Read DEBUG from $${variable}, default False`, changes: [setSettingChange(view, 'DEBUG', `env.bool(${name}, default=False)`, { at })] };
  }
  if (api === 'config') {
    return { title: `Read DEBUG from $${variable}, default False`, changes: [setSettingChange(view, 'DEBUG', `config(${name}, default=False, cast=bool)`, { at })] };
  }
  return {
    title: `Read DEBUG from $${variable}, default False`,
    changes: [setSettingChange(view, 'DEBUG', `os.environ.get(${name}, "") == "1"`, { imports: ['os'], at })],
  };
}
