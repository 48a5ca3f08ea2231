// Pairs of settings Django refuses to load together (django/conf/__init__.py raises ImproperlyConfigured when the
// settings module sets both): PASSWORD_RESET_TIMEOUT_DAYS with PASSWORD_RESET_TIMEOUT (3.1-3.2), STORAGES with
// DEFAULT_FILE_STORAGE or STATICFILES_STORAGE (4.2-5.0), MAILERS with any deprecated EMAIL_* setting (6.1+).
import { versionAtLeast } from '../../project/dependencies';
import type { SettingsView } from '../../settings/settingsView';
import { mergeChanges } from '../../fixes/textEdits';
import type { Fix, Location } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { relatedFor } from '../security/settingRule';
import { DEPRECATED_EMAIL_SETTINGS } from './mailSettings';
import { deleteEdit, plainStatement } from './statements';
import { storagesFix } from './storages';
import { refusesToStart } from './words';

const EXCLUSIVE_SETTINGS = defineCode({
  code: 'DR021',
  area: 'settings',
  title: 'Settings Django refuses to combine',
  severity: 'error',
  fixable: true,
  settings: ['PASSWORD_RESET_TIMEOUT_DAYS', 'PASSWORD_RESET_TIMEOUT', 'STORAGES', 'DEFAULT_FILE_STORAGE', 'STATICFILES_STORAGE'],
});

const inRange = (view: SettingsView, from: [number, number], to: [number, number]): boolean =>
  versionAtLeast(view.version, from[0], from[1]) && !versionAtLeast(view.version, to[0], to[1] + 1);

export function checkExclusiveSettings(context: RuleContext, view: SettingsView): void {
  if (inRange(view, [3, 1], [3, 2]) && view.has('PASSWORD_RESET_TIMEOUT_DAYS') && view.has('PASSWORD_RESET_TIMEOUT')) {
    report(
      context,
      view,
      'PASSWORD_RESET_TIMEOUT_DAYS',
      'PASSWORD_RESET_TIMEOUT',
      'Keep PASSWORD_RESET_TIMEOUT (in seconds) and remove PASSWORD_RESET_TIMEOUT_DAYS, which Django 4.0 drops',
      passwordResetFix(view),
    );
  }
  if (inRange(view, [4, 2], [5, 0]) && view.has('STORAGES')) {
    const fix = storagesFix(context, view, false);
    for (const legacy of ['DEFAULT_FILE_STORAGE', 'STATICFILES_STORAGE']) {
      if (view.has(legacy))
        report(context, view, legacy, 'STORAGES', `Configure the backend in STORAGES only and remove ${legacy}, which Django 5.1 drops`, fix);
    }
  }
  if (versionAtLeast(view.version, 6, 1) && view.has('MAILERS')) {
    const deprecated = DEPRECATED_EMAIL_SETTINGS.filter((name) => view.has(name));
    if (deprecated.length) {
      const list = deprecated.join(', ');
      report(
        context,
        view,
        deprecated[0],
        'MAILERS',
        `Move ${deprecated.length > 1 ? 'them' : 'it'} into MAILERS["default"] (BACKEND, and OPTIONS such as "host", "port", "username", "password") and remove ${list}`,
        null,
        deprecated,
      );
    }
  }
}

function report(context: RuleContext, view: SettingsView, older: string, newer: string, advice: string, fix: Fix | null, all: string[] = [older]): void {
  const setting = view.get(older);
  const location: Location = setting.binding?.statement ?? view.anchor();
  const names = all.length > 1 ? `${all.join(', ')} are` : `${older} is`;
  const message = `${refusesToStart(view)}: ${names} set together with ${newer}, and Django accepts only one of the two forms. ${advice}.`;
  context.report(
    makeFinding(EXCLUSIVE_SETTINGS, location, message, {
      related: [...relatedFor(view, setting, location), { location: view.locationOf(newer), message: `${newer} is set here` }],
      fix,
    }),
  );
}

/** Removing PASSWORD_RESET_TIMEOUT_DAYS is clear only when both say the same duration. */
function passwordResetFix(view: SettingsView): Fix | null {
  const days = view.value('PASSWORD_RESET_TIMEOUT_DAYS');
  const seconds = view.value('PASSWORD_RESET_TIMEOUT');
  if (days.kind !== 'int' || seconds.kind !== 'int' || days.value * 86400 !== seconds.value) return null;
  const statement = plainStatement(view, view.get('PASSWORD_RESET_TIMEOUT_DAYS'));
  if (!statement) return null;
  return {
    title: 'Remove PASSWORD_RESET_TIMEOUT_DAYS (PASSWORD_RESET_TIMEOUT says the same)',
    changes: mergeChanges([{ kind: 'edit', file: statement.file, edits: [deleteEdit(statement)] }]),
  };
}
