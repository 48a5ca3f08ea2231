// security.W004, W005, W021: HTTP Strict Transport Security, sent by SecurityMiddleware; and our own advice to
// raise a short max-age once HTTPS is known to work.
import { mergeChanges } from '../../fixes/textEdits';
import { alternatives, describe } from '../../python/values';
import { locationFor, type Offender } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix } from '../../types';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { isFalsy, isNotTrue, securityMiddleware, settingTruthy } from './predicates';
import { constantFix, productionValueFix } from './productionValues';
import { runMustBeTrue, runSettingRule } from './settingRule';

const HSTS_DISABLED = defineCode({
  code: 'DR904',
  area: 'security',
  title: 'HSTS disabled (SECURE_HSTS_SECONDS)',
  severity: 'warning',
  djangoId: 'security.W004',
  fixable: true,
  settings: ['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD'],
});

const HSTS_WITHOUT_SUBDOMAINS = defineCode({
  code: 'DR905',
  area: 'security',
  title: 'HSTS does not cover subdomains',
  severity: 'warning',
  djangoId: 'security.W005',
  fixable: true,
  settings: ['SECURE_HSTS_INCLUDE_SUBDOMAINS'],
});

const HSTS_WITHOUT_PRELOAD = defineCode({
  code: 'DR921',
  area: 'security',
  title: 'HSTS preload not enabled',
  severity: 'warning',
  djangoId: 'security.W021',
  fixable: true,
  settings: ['SECURE_HSTS_PRELOAD'],
});

const HSTS_SHORT = defineCode({
  code: 'DR956',
  area: 'security',
  title: 'HSTS max-age shorter than a day',
  severity: 'info',
});

const ONE_DAY = 86_400;
const ONE_YEAR = 31_536_000;
const HSTS_START_SECONDS = '3600';
const RAISE_LATER = 'Raise to 31536000 (one year) once HTTPS works on every page and subdomain.';

/**
 * HSTS as one fix: a short max-age to start with, covering subdomains, with a note to raise it. Preload is not
 * part of it: the browsers' preload list only takes a max-age of at least a year (DR921 says so once HSTS is on).
 */
function hstsFix(view: SettingsView, setting: Setting, offender: Offender): Fix | null {
  const seconds = productionValueFix(view, setting, offender, () => ({ text: HSTS_START_SECONDS, imports: [] }), { comment: RAISE_LATER });
  if (!seconds) return null;
  const subdomains = view.get('SECURE_HSTS_INCLUDE_SUBDOMAINS');
  const alreadyOn = alternatives(subdomains.value).every((value) => value.kind === 'bool' && value.value);
  const offending = alternatives(subdomains.value).find((value) => !(value.kind === 'bool' && value.value));
  const cover =
    alreadyOn || !offending
      ? null
      : constantFix(view, subdomains, { value: offending, location: locationFor(view, subdomains, offending) }, 'True', { after: 'SECURE_HSTS_SECONDS' });
  if (!cover) return seconds;
  return {
    title: 'Turn on HSTS for an hour, subdomains included (raise it to a year once HTTPS works)',
    changes: mergeChanges([...seconds.changes, ...cover.changes]),
  };
}

/** Preload only once every max-age production can send is at least a year, as the preload list requires. */
function preloadAllowed(view: SettingsView): boolean {
  const values = alternatives(view.value('SECURE_HSTS_SECONDS'));
  return values.length > 0 && values.every((value) => value.kind === 'int' && value.value >= ONE_YEAR);
}

export function checkHsts(context: RuleContext, view: SettingsView): void {
  const security = securityMiddleware(view);
  const hstsOn = settingTruthy(view, 'SECURE_HSTS_SECONDS', true, 'SECURE_HSTS_SECONDS is non-zero');
  runSettingRule(context, view, {
    meta: HSTS_DISABLED,
    setting: 'SECURE_HSTS_SECONDS',
    gates: [security],
    fails: isFalsy,
    advice: 'Browsers are never told to insist on HTTPS. Start with a short max-age (3600) and raise it to a year once HTTPS works everywhere',
    fix: (offender, setting) => hstsFix(view, setting, offender),
  });
  const hstsGates = [security, hstsOn];
  runMustBeTrue(
    context,
    view,
    HSTS_WITHOUT_SUBDOMAINS,
    'SECURE_HSTS_INCLUDE_SUBDOMAINS',
    hstsGates,
    'A subdomain still reachable over plain HTTP can set cookies for your site; set it to True once every subdomain serves HTTPS',
    { after: 'SECURE_HSTS_SECONDS' },
  );
  const preload = preloadAllowed(view);
  runSettingRule(context, view, {
    meta: HSTS_WITHOUT_PRELOAD,
    setting: 'SECURE_HSTS_PRELOAD',
    gates: hstsGates,
    fails: isNotTrue,
    advice: preload
      ? "Without it the site cannot join the browsers' HSTS preload list, so a first visit can still go over HTTP; set it to True"
      : "Without it the site cannot join the browsers' HSTS preload list, so a first visit can still go over HTTP; the list requires a max-age of at least a year (31536000), so raise SECURE_HSTS_SECONDS first, then set it to True",
    fix: preload ? (offender, setting) => constantFix(view, setting, offender, 'True', { after: 'SECURE_HSTS_INCLUDE_SUBDOMAINS' }) : undefined,
  });
  runSettingRule(context, view, {
    meta: HSTS_SHORT,
    setting: 'SECURE_HSTS_SECONDS',
    gates: [security],
    fails: (value) => (value.kind === 'int' || value.kind === 'float' ? value.value > 0 && value.value < ONE_DAY : false),
    problem: (value, verb) => `SECURE_HSTS_SECONDS ${verb} ${describe(value)} seconds, less than a day`,
    advice: "A short max-age is the right start while you confirm HTTPS works; raise it to 31536000 (one year) once it does, as Django's HSTS docs advise",
  });
}
