// Our own check: DEBUG_PROPAGATE_EXCEPTIONS hands exceptions to the WSGI server instead of Django's error handling.
import { truthy } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { constantFix } from './productionValues';
import { runSettingRule } from './settingRule';

const EXCEPTIONS_PROPAGATED = defineCode({
  code: 'DR954',
  area: 'security',
  title: 'DEBUG_PROPAGATE_EXCEPTIONS enabled in production',
  severity: 'warning',
  fixable: true,
  settings: ['DEBUG_PROPAGATE_EXCEPTIONS'],
});

export function checkPropagateExceptions(context: RuleContext, view: SettingsView): void {
  runSettingRule(context, view, {
    meta: EXCEPTIONS_PROPAGATED,
    setting: 'DEBUG_PROPAGATE_EXCEPTIONS',
    fails: truthy,
    advice:
      "Errors then escape to the WSGI server instead of Django's 500 page, logging and ADMINS e-mails, and the server may show the traceback; set it to False",
    fix: (offender, setting) => constantFix(view, setting, offender, 'False'),
  });
}
