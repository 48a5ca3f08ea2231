// security.W010-W016: the session and CSRF cookies' Secure and HttpOnly flags. Django reports one code per
// session setting, chosen by whether the sessions app, the session middleware, or both are present.
import { versionAtLeast } from '../../project/dependencies';
import { describe, type Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import type { Location } from '../../types';
import { defineCode, type RuleMeta } from '../../codes';
import type { RuleContext } from '../rule';
import { CSRF_MIDDLEWARE, SESSION_MIDDLEWARE, SESSIONS_APP } from './names';
import { cookieFlagFails, type Gate, inList, notInList, settingTruthy } from './predicates';
import { onlyInProduction, productionValueFix, type Source } from './productionValues';
import { runSettingRule } from './settingRule';

const cookieCode = (code: string, djangoId: string, title: string, setting: string): RuleMeta =>
  defineCode({ code, area: 'security', title, severity: 'warning', djangoId, fixable: true, settings: [setting] });

const SESSION_COOKIE_INSECURE_APP_ONLY = cookieCode(
  'DR910',
  'security.W010',
  'Session cookie not secure (sessions app without its middleware)',
  'SESSION_COOKIE_SECURE',
);
const SESSION_COOKIE_INSECURE_MIDDLEWARE_ONLY = cookieCode(
  'DR911',
  'security.W011',
  'Session cookie not secure (session middleware without the sessions app)',
  'SESSION_COOKIE_SECURE',
);
const SESSION_COOKIE_INSECURE = cookieCode('DR912', 'security.W012', 'Session cookie not secure', 'SESSION_COOKIE_SECURE');
const SESSION_COOKIE_SCRIPTABLE_APP_ONLY = cookieCode(
  'DR913',
  'security.W013',
  'Session cookie readable by scripts (sessions app without its middleware)',
  'SESSION_COOKIE_HTTPONLY',
);
const SESSION_COOKIE_SCRIPTABLE_MIDDLEWARE_ONLY = cookieCode(
  'DR914',
  'security.W014',
  'Session cookie readable by scripts (session middleware without the sessions app)',
  'SESSION_COOKIE_HTTPONLY',
);
const SESSION_COOKIE_SCRIPTABLE = cookieCode('DR915', 'security.W015', 'Session cookie readable by scripts', 'SESSION_COOKIE_HTTPONLY');
const CSRF_COOKIE_INSECURE = cookieCode('DR916', 'security.W016', 'CSRF cookie not secure', 'CSRF_COOKIE_SECURE');

interface CookieFlag {
  setting: string;
  advice: string;
  source(view: SettingsView, at: Location | undefined): Source;
}

const SESSION_SECURE: CookieFlag = {
  setting: 'SESSION_COOKIE_SECURE',
  advice: 'Browsers then send the session cookie over plain HTTP, where anyone on the network can take over the session; set it to True',
  source: (view, at) => onlyInProduction(view, 'SESSION_COOKIE_SECURE', at),
};

const SESSION_HTTPONLY: CookieFlag = {
  setting: 'SESSION_COOKIE_HTTPONLY',
  advice: 'Any script on the page, including injected ones, can then read the session cookie; set it to True',
  source: () => ({ text: 'True', imports: [] }),
};

const CSRF_SECURE: CookieFlag = {
  setting: 'CSRF_COOKIE_SECURE',
  advice: 'Browsers then send the CSRF cookie over plain HTTP, where it can be read; set it to True',
  source: (view, at) => onlyInProduction(view, 'CSRF_COOKIE_SECURE', at),
};

export function checkCookies(context: RuleContext, view: SettingsView): void {
  const app = inList(view, 'INSTALLED_APPS', SESSIONS_APP, `"${SESSIONS_APP}" is in INSTALLED_APPS`);
  const noApp = notInList(view, 'INSTALLED_APPS', SESSIONS_APP, `"${SESSIONS_APP}" is not in INSTALLED_APPS`);
  const middleware = inList(view, 'MIDDLEWARE', SESSION_MIDDLEWARE, 'SessionMiddleware is in MIDDLEWARE');
  const noMiddleware = notInList(view, 'MIDDLEWARE', SESSION_MIDDLEWARE, 'SessionMiddleware is not in MIDDLEWARE');
  const sessionCases: [Gate[], RuleMeta, RuleMeta][] = [
    [[app, noMiddleware], SESSION_COOKIE_INSECURE_APP_ONLY, SESSION_COOKIE_SCRIPTABLE_APP_ONLY],
    [[middleware, noApp], SESSION_COOKIE_INSECURE_MIDDLEWARE_ONLY, SESSION_COOKIE_SCRIPTABLE_MIDDLEWARE_ONLY],
    [[app, middleware], SESSION_COOKIE_INSECURE, SESSION_COOKIE_SCRIPTABLE],
  ];
  for (const [gates, secureMeta, httpOnlyMeta] of sessionCases) {
    checkFlag(context, view, secureMeta, SESSION_SECURE, gates);
    checkFlag(context, view, httpOnlyMeta, SESSION_HTTPONLY, gates);
  }
  const csrfGates = [
    inList(view, 'MIDDLEWARE', CSRF_MIDDLEWARE, 'CsrfViewMiddleware is in MIDDLEWARE'),
    settingTruthy(view, 'CSRF_USE_SESSIONS', false, 'CSRF_USE_SESSIONS is off'),
  ];
  checkFlag(context, view, CSRF_COOKIE_INSECURE, CSRF_SECURE, csrfGates);
}

function checkFlag(context: RuleContext, view: SettingsView, meta: RuleMeta, flag: CookieFlag, gates: Gate[]): void {
  const strict = versionAtLeast(view.version, 4, 1);
  runSettingRule(context, view, {
    meta,
    setting: flag.setting,
    gates,
    fails: cookieFlagFails(view.version),
    problem: (value: Value, verb) =>
      `${flag.setting} ${verb} ${describe(value)}${strict && value.kind !== 'bool' ? ', not True (Django 4.1+ accepts only True itself)' : ''}`,
    advice: flag.advice,
    fix: (offender, setting) => productionValueFix(view, setting, offender, (at) => flag.source(view, at)),
  });
}
