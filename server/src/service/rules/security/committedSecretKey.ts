// Our own check beside security.W009: a key strong enough for Django is still compromised when it is written in
// the source production loads, as a literal or as an environment fallback.
import { judgeSetting } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { secretKeyFix, secretKeyWeakness } from './secretKey';

const COMMITTED_SECRET_KEY = defineCode({
  code: 'DR953',
  area: 'security',
  title: 'SECRET_KEY written in the source',
  severity: 'warning',
  fixable: true,
  settings: ['SECRET_KEY'],
});

export function checkCommittedSecretKey(context: RuleContext, view: SettingsView): void {
  const setting = view.get('SECRET_KEY');
  if (!setting.binding) return;
  // Weak keys are DR909's; this is about strong keys anyone with the repository can read.
  const { offenders } = judgeSetting(view, setting, (value) =>
    value.kind === 'str' ? secretKeyWeakness(value.value, view.version) === undefined : value.kind === 'unknown' ? undefined : false,
  );
  for (const offender of offenders) {
    const variable = offender.value.env?.name;
    const message = variable
      ? `SECRET_KEY falls back to a key written in the source when $${variable} is unset, so anyone who can read the repository can forge sessions and password-reset links. Read $${variable} without a default and rotate the key.`
      : 'SECRET_KEY is written in the source, so anyone who can read the repository can forge sessions and password-reset links. Read it from an environment variable and rotate the key.';
    context.report(
      makeFinding(COMMITTED_SECRET_KEY, offender.location, message, {
        related: view.chainTo(offender.location),
        fix: secretKeyFix(view, setting.value, offender.location, false),
      }),
    );
  }
}
