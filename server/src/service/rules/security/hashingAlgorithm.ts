// security.E100 (Django 3.1 and 3.2, a check that runs on every `manage.py check`): the transitional
// DEFAULT_HASHING_ALGORITHM must be "sha1" or "sha256" exactly. Django 4.0 removed both the setting and the check.
import { pythonString } from '../../python/strings';
import type { Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import { djangoIdApplies } from '../djangoIds';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { setSettingFix } from './productionValues';
import { runSettingRule } from './settingRule';

const INVALID_HASHING_ALGORITHM = defineCode({
  code: 'DR930',
  area: 'security',
  title: 'Invalid DEFAULT_HASHING_ALGORITHM',
  severity: 'error',
  djangoId: 'security.E100',
  fixable: true,
  settings: ['DEFAULT_HASHING_ALGORITHM'],
});

const ALGORITHMS = ['sha1', 'sha256'];

export function checkHashingAlgorithm(context: RuleContext, view: SettingsView): void {
  if (!djangoIdApplies('security.E100', view.version) || !view.has('DEFAULT_HASHING_ALGORITHM')) return;
  runSettingRule(context, view, {
    meta: INVALID_HASHING_ALGORITHM,
    setting: 'DEFAULT_HASHING_ALGORITHM',
    fails: (value) => !(value.kind === 'str' && ALGORITHMS.includes(value.value)),
    advice: 'Django only accepts "sha1" or "sha256" (lower case), and stops every management command until it is one of them; "sha256" is the default',
    fix: (offender) => {
      const meant = intended(offender.value);
      return meant ? setSettingFix(view, 'DEFAULT_HASHING_ALGORITHM', pythonString(meant), { at: offender.location }) : null;
    },
  });
}

/** "SHA-256" or "Sha1" spell a valid algorithm in another case or with a hyphen; anything else is a guess. */
function intended(value: Value): string | undefined {
  if (value.kind !== 'str') return undefined;
  const normal = value.value.trim().toLowerCase().replace('-', '');
  return ALGORITHMS.includes(normal) ? normal : undefined;
}
