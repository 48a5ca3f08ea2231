// A security setting read from an environment variable without a default is trusted (Django Ready cannot see
// its value), but production must provide the variable: without it the settings fail to import, so the site
// does not start and `manage.py check --deploy` cannot even run. A hint names each such variable where it is read.
import { forEachPart, type Value } from '../../python/values';
import { locationFor } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { relatedFor } from './settingRule';

const REQUIRED_VARIABLE = defineCode({
  code: 'DR957',
  area: 'security',
  title: 'Security setting needs an environment variable in production',
  severity: 'hint',
});

/** The settings the security checks judge. */
const SECURITY_SETTINGS = [
  'SECRET_KEY',
  'SECRET_KEY_FALLBACKS',
  'DEBUG',
  'DEBUG_PROPAGATE_EXCEPTIONS',
  'ALLOWED_HOSTS',
  'CSRF_TRUSTED_ORIGINS',
  'SECURE_HSTS_SECONDS',
  'SECURE_HSTS_INCLUDE_SUBDOMAINS',
  'SECURE_HSTS_PRELOAD',
  'SECURE_SSL_REDIRECT',
  'SECURE_PROXY_SSL_HEADER',
  'SECURE_CONTENT_TYPE_NOSNIFF',
  'SECURE_REFERRER_POLICY',
  'SECURE_CROSS_ORIGIN_OPENER_POLICY',
  'X_FRAME_OPTIONS',
  'SESSION_COOKIE_SECURE',
  'SESSION_COOKIE_HTTPONLY',
  'CSRF_COOKIE_SECURE',
  'CSRF_USE_SESSIONS',
];

export function checkRequiredVariables(context: RuleContext, view: SettingsView): void {
  const seen = new Set<string>();
  for (const name of SECURITY_SETTINGS) {
    const setting = view.get(name);
    if (!setting.binding) continue;
    for (const value of requiredParts(setting.value)) {
      const variable = value.env!.name;
      const location = locationFor(view, setting, value);
      const key = `${variable}|${location.file}|${location.range.start.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const message = `Production must set $${variable}: ${name} reads it without a default, so the settings fail to import where it is missing.`;
      context.report(makeFinding(REQUIRED_VARIABLE, location, message, { related: relatedFor(view, setting, location) }));
    }
  }
}

/** The parts of a value that are required environment variables, at any depth. */
function requiredParts(value: Value): Value[] {
  const parts: Value[] = [];
  forEachPart(value, (part) => {
    if (!part.env?.required) return true;
    parts.push(part);
    return false;
  });
  return parts;
}
