// Django 6.1's MAILERS checks: mail.W001 (MAILERS without a "default" entry, on every check) and mail.E001 (deploy:
// MAILERS["default"] uses the console, dummy, file or locmem backend, so production mail is never delivered).
// Both look only at a MAILERS the settings define; an omitted BACKEND means SMTP.
import { alternatives, dictGet, dictEntry, type Value } from '../../python/values';
import { locationFor } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { djangoIdApplies } from '../djangoIds';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { isOpen, relatedFor } from './settingRule';

const DEVELOPMENT_MAIL_BACKEND = defineCode({
  code: 'DR963',
  area: 'security',
  title: 'Development-only email backend in MAILERS["default"]',
  severity: 'error',
  djangoId: 'mail.E001',
});

const NO_DEFAULT_MAILER = defineCode({
  code: 'DR964',
  area: 'security',
  title: 'MAILERS without a "default" entry',
  severity: 'warning',
  djangoId: 'mail.W001',
});

export const DEVELOPMENT_MAIL_BACKENDS: Readonly<Record<string, string>> = {
  'django.core.mail.backends.console.EmailBackend': 'prints every message to the console',
  'django.core.mail.backends.dummy.EmailBackend': 'drops every message',
  'django.core.mail.backends.filebased.EmailBackend': 'writes every message to a file',
  'django.core.mail.backends.locmem.EmailBackend': 'keeps every message in memory',
};

export function checkMailers(context: RuleContext, view: SettingsView): void {
  if (!djangoIdApplies('mail.W001', view.version) || !view.has('MAILERS')) return;
  const setting = view.get('MAILERS');
  let undecided = false;
  for (const mailers of alternatives(setting.value)) {
    if (mailers.kind !== 'dict') {
      undecided ||= mailers.kind === 'unknown' && isOpen(mailers);
      continue;
    }
    const entry = dictEntry(mailers, 'default');
    if (!entry) {
      if (mailers.partial) {
        undecided = true;
        continue;
      }
      const location = locationFor(view, setting, mailers);
      const aliases = mailers.entries.map(({ key }) => (key.kind === 'str' ? `"${key.value}"` : '?'));
      const message = `MAILERS has no "default" entry${aliases.length ? ` (only ${aliases.join(', ')})` : ''}, so send_mail() and every error email without an explicit mailer fail. Name the mailer production sends with "default".`;
      context.report(makeFinding(NO_DEFAULT_MAILER, location, message, { related: relatedFor(view, setting, location) }));
      continue;
    }
    undecided ||= checkDefaultBackend(context, view, entry.value);
  }
  if (undecided) context.unknown(DEVELOPMENT_MAIL_BACKEND.code, 'MAILERS is computed in a way that cannot be checked statically');
}

/** Reports a development backend in MAILERS["default"]; true when the backend cannot be seen. */
function checkDefaultBackend(context: RuleContext, view: SettingsView, mailer: Value): boolean {
  if (!djangoIdApplies('mail.E001', view.version)) return false;
  if (mailer.kind !== 'dict') return mailer.kind === 'unknown' && isOpen(mailer);
  const setting = view.get('MAILERS');
  let undecided = false;
  for (const backend of alternatives(dictGet(mailer, 'BACKEND') ?? { kind: 'none' })) {
    if (backend.kind === 'unknown') {
      undecided ||= isOpen(backend);
      continue;
    }
    if (backend.kind !== 'str' || !(backend.value in DEVELOPMENT_MAIL_BACKENDS)) continue;
    const location = locationFor(view, setting, backend);
    const message = `MAILERS["default"] uses the ${backend.value.split('.').slice(-2, -1)[0]} backend, which ${DEVELOPMENT_MAIL_BACKENDS[backend.value]}: production mail (password resets, error reports) is never delivered. Use the SMTP backend or your provider's in production.`;
    context.report(makeFinding(DEVELOPMENT_MAIL_BACKEND, location, message, { related: relatedFor(view, setting, location) }));
  }
  return undecided;
}
