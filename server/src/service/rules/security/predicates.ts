// How Django's deploy checks test a value, as three-valued predicates: true (the check fires), false (it does
// not), undefined (the value cannot be seen statically).
import { versionAtLeast } from '../../project/dependencies';
import { containsString, truthy, type Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import { SECURITY_MIDDLEWARE } from './names';

/** `value is not True`: anything but the singleton True fails, so `1` and `"yes"` fail too. */
export function isNotTrue(value: Value): boolean | undefined {
  if (value.kind === 'unknown' || value.kind === 'union') return undefined;
  return !(value.kind === 'bool' && value.value);
}

/** `not value` in Python. */
export function isFalsy(value: Value): boolean | undefined {
  const verdict = truthy(value);
  return verdict === undefined ? undefined : !verdict;
}

/**
 * The secure/httponly cookie checks (W010-W016) tested truthiness up to Django 4.0 and `is True` since 4.1
 * (django/django@1299bc33e1), so `SESSION_COOKIE_SECURE = 1` passes on 3.2 and fails on 4.2.
 */
export function cookieFlagFails(version: { major: number; minor: number }): (value: Value) => boolean | undefined {
  return versionAtLeast(version, 4, 1) ? isNotTrue : isFalsy;
}

/** One of Django's preconditions, decided statically when possible. */
export interface Gate {
  holds: boolean | undefined;
  /** The precondition in words, for the reason of an undecided check: "SecurityMiddleware is in MIDDLEWARE". */
  describe: string;
}

export function inList(view: SettingsView, setting: string, item: string, describe: string): Gate {
  return { holds: containsString(view.value(setting), item), describe };
}

export function notInList(view: SettingsView, setting: string, item: string, describe: string): Gate {
  const present = containsString(view.value(setting), item);
  return { holds: present === undefined ? undefined : !present, describe };
}

/** A gate on a setting's truthiness; several alternatives that disagree leave it undecided. */
export function settingTruthy(view: SettingsView, setting: string, expected: boolean, describe: string): Gate {
  const verdict = truthy(view.value(setting));
  return { holds: verdict === undefined ? undefined : verdict === expected, describe };
}

/** The gate of every header and HTTPS check: SecurityMiddleware in MIDDLEWARE. */
export function securityMiddleware(view: SettingsView): Gate {
  return inList(view, 'MIDDLEWARE', SECURITY_MIDDLEWARE, 'SecurityMiddleware is in MIDDLEWARE');
}
