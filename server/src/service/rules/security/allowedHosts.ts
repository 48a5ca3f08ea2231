// security.W020 (ALLOWED_HOSTS empty), and our own check for entries that defeat it: "*" accepts any Host header,
// "" matches nothing and usually comes from splitting an unset variable.
import { pythonString } from '../../python/strings';
import { envApiOf, envVariableOf, fallbackNote, locationFor, servesDevelopment } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix, Location } from '../../types';
import { makeFinding } from '../finding';
import { defineCode } from '../registry';
import type { RuleContext } from '../rule';
import { isFalsy } from './predicates';
import { IN_PRODUCTION, setSettingFix } from './productionValues';
import { relatedFor, runSettingRule, stringEntries } from './settingRule';

export const ALLOWED_HOSTS_EMPTY = defineCode({
  code: 'DR920',
  area: 'security',
  title: 'ALLOWED_HOSTS is empty',
  severity: 'warning',
  djangoId: 'security.W020',
  fixable: true,
  settings: ['ALLOWED_HOSTS'],
});

export const ALLOWED_HOSTS_WILDCARD_OR_BLANK = defineCode({
  code: 'DR950',
  area: 'security',
  title: 'ALLOWED_HOSTS has a wildcard or blank entry',
  severity: 'warning',
  fixable: true,
  settings: ['ALLOWED_HOSTS'],
  drops: ['ALLOWED_HOSTS'],
});

export const HOSTS_VARIABLE = 'DJANGO_ALLOWED_HOSTS';
const DEVELOPMENT_HOSTS = '["localhost", "127.0.0.1", "[::1]"]';

export function checkAllowedHosts(context: RuleContext, view: SettingsView): void {
  runSettingRule(context, view, {
    meta: ALLOWED_HOSTS_EMPTY,
    setting: 'ALLOWED_HOSTS',
    fails: isFalsy,
    advice: 'With DEBUG off Django answers every request with 400 Bad Request; list the domains the site serves, read from an environment variable',
    fix: (offender, setting) => allowedHostsFix(view, setting, offender.location),
  });
  const setting = view.get('ALLOWED_HOSTS');
  for (const { list, entry } of stringEntries(setting.value).entries) {
    const message = entryProblem(entry.value, fallbackNote(entry.env ? entry : list));
    if (!message) continue;
    const location = locationFor(view, setting, entry);
    context.report(makeFinding(ALLOWED_HOSTS_WILDCARD_OR_BLANK, location, message, { related: relatedFor(view, setting, location), fix: allowedHostsFix(view, setting, location) }));
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

/** ALLOWED_HOSTS from an environment variable production must set; a module serving development keeps local hosts behind DJANGO_DEBUG=1. */
function allowedHostsFix(view: SettingsView, setting: Setting, at: Location): Fix {
  const variable = envVariableOf(setting) ?? HOSTS_VARIABLE;
  const api = envApiOf(view, setting);
  const fromEnvironment = api === 'env' || api?.startsWith('env.') ? `env.list(${pythonString(variable)})` : `os.environ[${pythonString(variable)}].split(",")`;
  const development = servesDevelopment(view);
  const text = development ? `${fromEnvironment} if ${IN_PRODUCTION} else ${DEVELOPMENT_HOSTS}` : fromEnvironment;
  const imports = development || fromEnvironment.startsWith('os.') ? ['os'] : [];
  return setSettingFix(view, 'ALLOWED_HOSTS', { text, imports }, { at, title: `Read ALLOWED_HOSTS from $${variable}` });
}
