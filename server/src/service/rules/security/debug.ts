// security.W018: DEBUG must be false in production, including when an environment variable is missing.
import { setSettingChange } from '../../fixes/settingsEdits';
import { pythonString } from '../../python/strings';
import { DEVELOPMENT_VARIABLE, EXPLICIT_SWITCH } from '../../fixes/productionSwitch';
import { alternatives, truthy } from '../../python/values';
import { envApiOf, fallbackNote, judgeSetting, type Offender, servesDevelopment } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { productionValueFix } from './productionValues';

const DEBUG_ENABLED = defineCode({
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
    context.report(
      makeFinding(DEBUG_ENABLED, offender.location, message, { related: view.chainTo(offender.location), fix: debugFix(view, setting, offender) }),
    );
  }
  if (!offenders.length && unknown.some((value) => !value.env?.required)) {
    context.unknown(DEBUG_ENABLED.code, 'DEBUG is computed in a way that cannot be checked statically');
  }
}

/**
 * DEBUG false in production. A fallback of an environment variable becomes False (the variable still turns it on);
 * a module only production loads gets `DEBUG = False`; one that also serves development reads an explicit
 * variable in the module's own style, off unless set. None where a variable decided the branch.
 */
function debugFix(view: SettingsView, setting: Setting, offender: Offender): Fix | null {
  if (offender.value.env) return productionValueFix(view, setting, offender, () => ({ text: 'False', imports: [] }));
  if (alternatives(setting.value).some((value) => value.env?.decided)) return null;
  if (!servesDevelopment(view)) return { title: 'Set DEBUG = False', changes: [setSettingChange(view, 'DEBUG', 'False', { at: offender.location })] };
  const name = pythonString(DEVELOPMENT_VARIABLE);
  const api = envApiOf(view, setting);
  const title = `Read DEBUG from $${DEVELOPMENT_VARIABLE}, default False`;
  if (api?.startsWith('env.') || api === 'env')
    return { title, changes: [setSettingChange(view, 'DEBUG', `env.bool(${name}, default=False)`, { at: offender.location })] };
  if (api === 'config') return { title, changes: [setSettingChange(view, 'DEBUG', `config(${name}, default=False, cast=bool)`, { at: offender.location })] };
  return { title, changes: [setSettingChange(view, 'DEBUG', EXPLICIT_SWITCH.inDevelopment, { imports: ['os'], at: offender.location })] };
}
