// Settings the project's Django version does not read: removed in an earlier release, or added in a later one.
// Django starts and ignores them, so what the setting promises (uploads on S3, a CSP header, short reset links)
// silently does not happen. Series from django/conf/global_settings.py of 3.2, 4.2, 5.2 and 6.1 (checked by
// test/django/sources.test.ts) and, in between, the release notes.
import { versionAtLeast } from '../../project/dependencies';
import { mergeChanges } from '../../fixes/textEdits';
import type { SettingsView } from '../../settings/settingsView';
import type { Fix } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { relatedFor } from '../security/settingRule';
import { deleteEdit, plainStatement, replaceEdit, usedElsewhere } from './statements';
import { storagesFix } from './storages';
import { series } from './words';

interface Lifetime {
  /** First series that reads the setting. */
  since?: [number, number];
  /** The release that stopped reading it. */
  removedIn?: [number, number];
  /** What is lost while Django ignores it. */
  effect: string;
  /** Ignoring it changes nothing that matters (reported as info). */
  harmless?: boolean;
}

export const SETTING_LIFETIMES: Readonly<Record<string, Lifetime>> = {
  SECURE_CROSS_ORIGIN_OPENER_POLICY: { since: [4, 0], effect: 'no Cross-Origin-Opener-Policy header is sent' },
  SECRET_KEY_FALLBACKS: { since: [4, 1], effect: 'signatures made with the old keys are rejected' },
  STORAGES: { since: [4, 2], effect: 'files are stored by DEFAULT_FILE_STORAGE and STATICFILES_STORAGE instead' },
  SECURE_CSP: { since: [6, 0], effect: 'no Content-Security-Policy header is sent' },
  SECURE_CSP_REPORT_ONLY: { since: [6, 0], effect: 'no Content-Security-Policy-Report-Only header is sent' },
  MAILERS: { since: [6, 1], effect: 'mail is sent with the EMAIL_* settings instead' },
  PASSWORD_RESET_TIMEOUT_DAYS: { removedIn: [4, 0], effect: 'password reset links stay valid for PASSWORD_RESET_TIMEOUT (3 days by default)' },
  DEFAULT_HASHING_ALGORITHM: { since: [3, 1], removedIn: [4, 0], effect: 'signing always uses SHA-256', harmless: true },
  SECURE_BROWSER_XSS_FILTER: { removedIn: [4, 0], effect: 'no X-XSS-Protection header is sent (browsers ignore it anyway)', harmless: true },
  CSRF_COOKIE_MASKED: { since: [4, 1], removedIn: [5, 0], effect: 'the CSRF cookie is always masked', harmless: true },
  DEFAULT_FILE_STORAGE: { removedIn: [5, 1], effect: 'uploaded files go to STORAGES["default"] (the local file system unless configured)' },
  STATICFILES_STORAGE: { removedIn: [5, 1], effect: 'collectstatic uses STORAGES["staticfiles"] (plain StaticFilesStorage unless configured)' },
};

const UNUSED_SETTING = defineCode({
  code: 'DR022',
  area: 'settings',
  title: "Setting the project's Django version does not use",
  severity: 'warning',
  fixable: true,
  // The fix removes the setting, or moves DEFAULT_FILE_STORAGE / STATICFILES_STORAGE into STORAGES.
  settings: Object.keys(SETTING_LIFETIMES),
});

const show = ([major, minor]: [number, number]): string => `${major}.${minor}`;

export function checkUnusedSettings(context: RuleContext, view: SettingsView): void {
  for (const [name, lifetime] of Object.entries(SETTING_LIFETIMES)) {
    if (!view.has(name)) continue;
    const early = lifetime.since && !versionAtLeast(view.version, lifetime.since[0], lifetime.since[1]);
    const late = lifetime.removedIn && versionAtLeast(view.version, lifetime.removedIn[0], lifetime.removedIn[1]);
    if (!early && !late) continue;
    // With only a lower bound (or no pin at all), production may well run the release that has the setting.
    if (early && !view.version.exact) {
      context.unknown(UNUSED_SETTING.code, `${name} needs Django ${show(lifetime.since!)}, and the requirements do not pin the version`);
      continue;
    }
    const setting = view.get(name);
    const location = setting.binding?.statement ?? view.anchor();
    const why = early ? `it arrived in Django ${show(lifetime.since!)}` : `Django ${show(lifetime.removedIn!)} removed it`;
    const advice = early ? `Upgrade Django to ${show(lifetime.since!)} or later, or remove it` : replacementAdvice(name);
    const message = `Django ${series(view)} ignores ${name} (${why}), so ${lifetime.effect}. ${advice}.`;
    const fix = early ? null : removedFix(context, view, name);
    const severity = late && lifetime.harmless ? 'info' : undefined;
    context.report(makeFinding(UNUSED_SETTING, location, message, { related: relatedFor(view, setting, location), fix, severity }));
  }
}

function replacementAdvice(name: string): string {
  switch (name) {
    case 'DEFAULT_FILE_STORAGE':
    case 'STATICFILES_STORAGE':
      return `Configure the backend in STORAGES["${name === 'DEFAULT_FILE_STORAGE' ? 'default' : 'staticfiles'}"] instead`;
    case 'PASSWORD_RESET_TIMEOUT_DAYS':
      return 'Set PASSWORD_RESET_TIMEOUT (in seconds) instead';
    default:
      return 'Remove it';
  }
}

/** Storage settings move into STORAGES, the days into seconds; the rest only go (Django ignores them anyway). */
function removedFix(context: RuleContext, view: SettingsView, name: string): Fix | null {
  if (name === 'DEFAULT_FILE_STORAGE' || name === 'STATICFILES_STORAGE') return storagesFix(context, view, true);
  const statement = plainStatement(view, view.get(name));
  if (!statement || usedElsewhere(view, statement)) return null;
  if (name === 'PASSWORD_RESET_TIMEOUT_DAYS' && !view.has('PASSWORD_RESET_TIMEOUT')) {
    const days = statement.valueSource.trim();
    const source = /^\w+$/.test(days) ? `${days} * 24 * 60 * 60` : `(${days}) * 24 * 60 * 60`;
    return {
      title: `Write PASSWORD_RESET_TIMEOUT = ${source}`,
      changes: mergeChanges([{ kind: 'edit', file: statement.file, edits: [replaceEdit(statement, [`PASSWORD_RESET_TIMEOUT = ${source}`])] }]),
    };
  }
  return { title: `Remove ${name}`, changes: mergeChanges([{ kind: 'edit', file: statement.file, edits: [deleteEdit(statement)] }]) };
}
