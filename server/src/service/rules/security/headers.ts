// security.W006, W019, W022, E023, E024: response headers SecurityMiddleware and XFrameOptionsMiddleware send.
import { versionAtLeast } from '../../project/dependencies';
import { pythonString } from '../../python/strings';
import { describe, type Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { XFRAME_MIDDLEWARE } from './names';
import { type Gate, inList, securityMiddleware } from './predicates';
import { constantFix } from './productionValues';
import { runMustBeTrue, runSettingRule } from './settingRule';

const NOSNIFF_DISABLED = defineCode({
  code: 'DR906',
  area: 'security',
  title: 'Content-type sniffing allowed (SECURE_CONTENT_TYPE_NOSNIFF)',
  severity: 'warning',
  djangoId: 'security.W006',
  fixable: true,
  settings: ['SECURE_CONTENT_TYPE_NOSNIFF'],
});

const FRAME_OPTIONS_NOT_DENY = defineCode({
  code: 'DR919',
  area: 'security',
  title: 'X_FRAME_OPTIONS is not "DENY"',
  severity: 'warning',
  djangoId: 'security.W019',
  fixable: true,
  settings: ['X_FRAME_OPTIONS'],
});

const REFERRER_POLICY_NONE = defineCode({
  code: 'DR922',
  area: 'security',
  title: 'No Referrer-Policy header (SECURE_REFERRER_POLICY = None)',
  severity: 'warning',
  djangoId: 'security.W022',
  fixable: true,
  settings: ['SECURE_REFERRER_POLICY'],
});

const REFERRER_POLICY_INVALID = defineCode({
  code: 'DR923',
  area: 'security',
  title: 'Invalid SECURE_REFERRER_POLICY',
  severity: 'error',
  djangoId: 'security.E023',
  fixable: true,
  settings: ['SECURE_REFERRER_POLICY'],
});

const OPENER_POLICY_INVALID = defineCode({
  code: 'DR924',
  area: 'security',
  title: 'Invalid SECURE_CROSS_ORIGIN_OPENER_POLICY',
  severity: 'error',
  djangoId: 'security.E024',
  fixable: true,
  settings: ['SECURE_CROSS_ORIGIN_OPENER_POLICY'],
});

const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
];

const OPENER_POLICIES = ['same-origin', 'same-origin-allow-popups', 'unsafe-none'];

export function checkHeaders(context: RuleContext, view: SettingsView): void {
  const security = securityMiddleware(view);
  runMustBeTrue(
    context,
    view,
    NOSNIFF_DISABLED,
    'SECURE_CONTENT_TYPE_NOSNIFF',
    [security],
    "Browsers may guess a response's type and run an uploaded file as script; set it to True",
  );
  runSettingRule(context, view, {
    meta: FRAME_OPTIONS_NOT_DENY,
    setting: 'X_FRAME_OPTIONS',
    gates: [inList(view, 'MIDDLEWARE', XFRAME_MIDDLEWARE, 'XFrameOptionsMiddleware is in MIDDLEWARE')],
    fails: (value) => (value.kind === 'str' ? value.value !== 'DENY' : isKnown(value) ? true : undefined),
    advice: 'Set it to "DENY" (exactly, upper case) so no site can frame your pages; mark the views that must be framed with @xframe_options_sameorigin',
    fix: (offender, setting) => constantFix(view, setting, offender, '"DENY"'),
  });
  const referrerGates = [security, since(view, 3, 0)];
  runSettingRule(context, view, {
    meta: REFERRER_POLICY_NONE,
    setting: 'SECURE_REFERRER_POLICY',
    gates: referrerGates,
    fails: (value) => (isKnown(value) ? value.kind === 'none' : undefined),
    advice: 'Browsers then send full URLs, tokens included, to every site you link to; set it to "same-origin"',
    fix: (offender, setting) => constantFix(view, setting, offender, '"same-origin"'),
  });
  runSettingRule(context, view, {
    meta: REFERRER_POLICY_INVALID,
    setting: 'SECURE_REFERRER_POLICY',
    gates: referrerGates,
    fails: hasInvalidReferrerPolicy,
    problem: (value, verb) => {
      const invalid = invalidReferrerPolicies(value)!;
      return `SECURE_REFERRER_POLICY ${verb} ${describe(value)}; ${invalid.map((p) => JSON.stringify(p)).join(', ')} ${invalid.length > 1 ? 'are not policies' : 'is not a policy'} browsers know`;
    },
    advice: `Use one or more of ${REFERRER_POLICIES.join(', ')} (a comma-separated string or a list)`,
    fix: (offender, setting) => constantFix(view, setting, offender, pythonString(validReferrerPolicies(offender.value))),
  });
  runSettingRule(context, view, {
    meta: OPENER_POLICY_INVALID,
    setting: 'SECURE_CROSS_ORIGIN_OPENER_POLICY',
    gates: [security, since(view, 4, 0)],
    fails: (value) => (value.kind === 'str' ? !OPENER_POLICIES.includes(value.value) : isKnown(value) ? value.kind !== 'none' : undefined),
    advice: `Use ${OPENER_POLICIES.map((p) => `"${p}"`).join(', ')} or None`,
    fix: (offender, setting) => constantFix(view, setting, offender, '"same-origin"'),
  });
}

function isKnown(value: Value): boolean {
  return value.kind !== 'unknown' && value.kind !== 'union';
}

/** A check that exists only from a Django version on. */
export function since(view: SettingsView, major: number, minor: number): Gate {
  return { holds: versionAtLeast(view.version, major, minor), describe: `Django is ${major}.${minor} or later` };
}

/** The policies a value names, split as Django splits them: a string on commas (stripped), anything else item by item. */
function referrerPolicies(value: Value): string[] | undefined {
  if (value.kind === 'str') return value.value.split(',').map((part) => part.trim());
  if ((value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set') && !value.partial) {
    return value.items.every(isKnown) ? value.items.map((item) => (item.kind === 'str' ? item.value : describe(item))) : undefined;
  }
  return undefined;
}

function hasInvalidReferrerPolicy(value: Value): boolean | undefined {
  if (value.kind === 'none') return false;
  const invalid = invalidReferrerPolicies(value);
  return invalid === undefined ? undefined : invalid.length > 0;
}

function invalidReferrerPolicies(value: Value): string[] | undefined {
  return referrerPolicies(value)?.filter((policy) => !REFERRER_POLICIES.includes(policy));
}

/** What the fix keeps: the valid policies in their order, or "same-origin" when none is valid. */
function validReferrerPolicies(value: Value): string {
  const valid = [...new Set(referrerPolicies(value)?.filter((policy) => REFERRER_POLICIES.includes(policy)) ?? [])];
  return valid.length ? valid.join(', ') : 'same-origin';
}
