// async.E001 (Django 3.2+, deploy): DJANGO_ALLOW_ASYNC_UNSAFE in production's environment turns off the guard
// that stops synchronous database access from an event loop. Django tests `os.environ.get(...)` for truth, so any
// non-empty value, "0" and "false" included, disables it. Settings never show the environment; the deployment
// files do.
import type { SettingsView } from '../../settings/settingsView';
import { djangoIdApplies } from '../djangoIds';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { deploymentSettings } from './deploymentVariables';

const ASYNC_UNSAFE_ALLOWED = defineCode({
  code: 'DR962',
  area: 'security',
  title: 'DJANGO_ALLOW_ASYNC_UNSAFE set in a deployment',
  severity: 'error',
  djangoId: 'async.E001',
});

const VARIABLE = 'DJANGO_ALLOW_ASYNC_UNSAFE';

export function checkAsyncUnsafe(context: RuleContext, view: SettingsView): void {
  if (!djangoIdApplies('async.E001', view.version)) return;
  for (const setting of deploymentSettings(context.fs, context.project, VARIABLE)) {
    if (setting.value === undefined) {
      context.unknown(ASYNC_UNSAFE_ALLOWED.code, `the ${setting.source} ${setting.file} sets ${VARIABLE} from a value it does not show`);
      continue;
    }
    if (setting.value === '') continue;
    const falsy = /^(0|false|no|off)$/i.test(setting.value)
      ? ` Django only tests that it is non-empty, so "${setting.value}" disables the protection too.`
      : '';
    const message =
      `The ${setting.source} sets ${VARIABLE}=${setting.value}, which turns off Django's protection against synchronous database access from async code ` +
      `(manage.py check --deploy reports async.E001).${falsy} Remove it from production and run such code with sync_to_async.`;
    context.report(makeFinding(ASYNC_UNSAFE_ALLOWED, setting.location, message));
  }
}
