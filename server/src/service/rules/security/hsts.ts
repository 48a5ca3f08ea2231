// security.W004, W005, W021: HTTP Strict Transport Security, sent by SecurityMiddleware; and our own advice to
// raise a short max-age once HTTPS is known to work.
import { describe } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import { defineCode } from '../registry';
import type { RuleContext } from '../rule';
import { isFalsy, securityMiddleware, settingTruthy } from './predicates';
import { setSettingFix } from './productionValues';
import { runMustBeTrue, runSettingRule } from './settingRule';

export const HSTS_DISABLED = defineCode({
  code: 'DR904',
  area: 'security',
  title: 'HSTS disabled (SECURE_HSTS_SECONDS)',
  severity: 'warning',
  djangoId: 'security.W004',
  fixable: true,
  settings: ['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD'],
});

export const HSTS_WITHOUT_SUBDOMAINS = defineCode({
  code: 'DR905',
  area: 'security',
  title: 'HSTS does not cover subdomains',
  severity: 'warning',
  djangoId: 'security.W005',
  fixable: true,
  settings: ['SECURE_HSTS_INCLUDE_SUBDOMAINS'],
});

export const HSTS_WITHOUT_PRELOAD = defineCode({
  code: 'DR921',
  area: 'security',
  title: 'HSTS preload not enabled',
  severity: 'warning',
  djangoId: 'security.W021',
  fixable: true,
  settings: ['SECURE_HSTS_PRELOAD'],
});

export const HSTS_SHORT = defineCode({
  code: 'DR956',
  area: 'security',
  title: 'HSTS max-age shorter than a day',
  severity: 'info',
});

const ONE_DAY = 86_400;
export const HSTS_START_SECONDS = '3600';
const RAISE_LATER = 'Raise to 31536000 (one year) once HTTPS works on every page and subdomain.';

export function checkHsts(context: RuleContext, view: SettingsView): void {
  const security = securityMiddleware(view);
  const hstsOn = settingTruthy(view, 'SECURE_HSTS_SECONDS', true, 'SECURE_HSTS_SECONDS is non-zero');
  runSettingRule(context, view, {
    meta: HSTS_DISABLED,
    setting: 'SECURE_HSTS_SECONDS',
    gates: [security],
    fails: isFalsy,
    advice: 'Browsers are never told to insist on HTTPS. Start with a short max-age (3600) and raise it to a year once HTTPS works everywhere',
    fix: (offender) => setSettingFix(view, 'SECURE_HSTS_SECONDS', HSTS_START_SECONDS, { at: offender.location, comment: RAISE_LATER }),
  });
  const hstsGates = [security, hstsOn];
  runMustBeTrue(context, view, HSTS_WITHOUT_SUBDOMAINS, 'SECURE_HSTS_INCLUDE_SUBDOMAINS', hstsGates, 'A subdomain still reachable over plain HTTP can set cookies for your site; set it to True once every subdomain serves HTTPS');
  runMustBeTrue(context, view, HSTS_WITHOUT_PRELOAD, 'SECURE_HSTS_PRELOAD', hstsGates, 'Without it the site cannot join the browsers\' HSTS preload list, so a first visit can still go over HTTP; set it to True');
  runSettingRule(context, view, {
    meta: HSTS_SHORT,
    setting: 'SECURE_HSTS_SECONDS',
    gates: [security],
    fails: (value) => (value.kind === 'int' || value.kind === 'float' ? value.value > 0 && value.value < ONE_DAY : false),
    problem: (value, verb) => `SECURE_HSTS_SECONDS ${verb} ${describe(value)} seconds, less than a day`,
    advice: 'A short max-age is the right start while you confirm HTTPS works; raise it to 31536000 (one year) once it does, as Django\'s HSTS docs advise',
  });
}
