// security.W020 (ALLOWED_HOSTS empty), and our own check for entries that defeat it: "*" accepts any Host header,
// "" matches nothing and usually comes from splitting an unset variable.
import { pythonString } from '../../python/strings';
import { envApiOf, fallbackNote, locationFor, type Offender } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { isFalsy } from './predicates';
import { setSettingFix } from './productionValues';
import { relatedFor, runSettingRule, stringEntries } from './settingRule';

const ALLOWED_HOSTS_EMPTY = defineCode({
  code: 'DR920',
  area: 'security',
  title: 'ALLOWED_HOSTS is empty',
  severity: 'warning',
  djangoId: 'security.W020',
  fixable: true,
  settings: ['ALLOWED_HOSTS'],
});

const ALLOWED_HOSTS_WILDCARD_OR_BLANK = defineCode({
  code: 'DR950',
  area: 'security',
  title: 'ALLOWED_HOSTS has a wildcard or blank entry',
  severity: 'warning',
});

const HOSTS_VARIABLE = 'DJANGO_ALLOWED_HOSTS';

export function checkAllowedHosts(context: RuleContext, view: SettingsView): void {
  runSettingRule(context, view, {
    meta: ALLOWED_HOSTS_EMPTY,
    setting: 'ALLOWED_HOSTS',
    fails: isFalsy,
    advice: 'With DEBUG off Django answers every request with 400 Bad Request; list the domains the site serves, read from an environment variable',
    fix: (offender, setting) => emptyHostsFix(view, setting, offender),
  });
  const setting = view.get('ALLOWED_HOSTS');
  for (const { list, entry } of stringEntries(setting.value).entries) {
    const message = entryProblem(entry.value, fallbackNote(entry.env ? entry : list));
    if (!message) continue;
    const location = locationFor(view, setting, entry);
    // No fix: "*" is what lets production answer today, and an empty entry is harmless; only the project knows its domains.
    context.report(makeFinding(ALLOWED_HOSTS_WILDCARD_OR_BLANK, location, message, { related: relatedFor(view, setting, location) }));
  }
}

function entryProblem(entry: string, fallback: string): string | undefined {
  if (entry === '*') {
    return (
      `ALLOWED_HOSTS contains "*"${fallback}, so Django accepts any Host header and builds absolute links, password-reset e-mails included, from whatever a client sends. ` +
      'List your domains instead; keep "*" only if the proxy already rejects unknown hosts (then ignore this finding with that reason).'
    );
  }
  if (entry === '') {
    return (
      `ALLOWED_HOSTS contains an empty string${fallback}, which matches no host; "".split(",") gives [""], so an unset variable makes production answer 400 to every request. ` +
      'Read the variable without a default.'
    );
  }
  return undefined;
}

/**
 * ALLOWED_HOSTS from an environment variable, empty when it is unset as it is now, so no environment that works
 * today stops importing: a production-only module and one that also serves development alike (Django allows the
 * local hosts itself while DEBUG is on). None where the list already comes from the environment (production must
 * set the variable; the finding says so) or is computed.
 */
function emptyHostsFix(view: SettingsView, setting: Setting, offender: Offender): Fix | null {
  const value = offender.value;
  if (value.env || (setting.binding && !(value.kind === 'list' || value.kind === 'tuple'))) return null;
  const api = envApiOf(view, setting);
  const name = pythonString(HOSTS_VARIABLE);
  if (api === 'env' || api?.startsWith('env.'))
    return setSettingFix(view, 'ALLOWED_HOSTS', `env.list(${name}, default=[])`, {
      at: offender.location,
      title: `Read ALLOWED_HOSTS from $${HOSTS_VARIABLE} (comma-separated; empty when unset, as now)`,
    });
  const source = { text: `os.environ.get(${name}, "").split()`, imports: ['os'] };
  return setSettingFix(view, 'ALLOWED_HOSTS', source, {
    at: offender.location,
    title: `Read ALLOWED_HOSTS from $${HOSTS_VARIABLE} (space-separated; empty when unset, as now)`,
  });
}
