// Django's global defaults (django/conf/global_settings.py) for the settings the rules read, by version.
import { versionAtLeast } from '../project/dependencies';
import type { Value } from '../python/values';

interface Version {
  major: number;
  minor: number;
}

const s = (value: string): Value => ({ kind: 'str', value });
const b = (value: boolean): Value => ({ kind: 'bool', value });
const i = (value: number): Value => ({ kind: 'int', value });
const none = (): Value => ({ kind: 'none' });
const emptyList = (): Value => ({ kind: 'list', items: [] });
const emptyDict = (): Value => ({ kind: 'dict', entries: [] });

type DefaultFn = (version: Version) => Value | undefined;

const DEFAULTS: Record<string, DefaultFn> = {
  DEBUG: () => b(false),
  DEBUG_PROPAGATE_EXCEPTIONS: () => b(false),
  ALLOWED_HOSTS: () => emptyList(),
  SECRET_KEY: () => s(''),
  SECRET_KEY_FALLBACKS: (v) => (versionAtLeast(v, 4, 1) ? emptyList() : undefined),
  INSTALLED_APPS: () => emptyList(),
  MIDDLEWARE: () => emptyList(),
  TEMPLATES: () => emptyList(),
  DATABASES: () => emptyDict(),
  SECURE_HSTS_SECONDS: () => i(0),
  SECURE_HSTS_INCLUDE_SUBDOMAINS: () => b(false),
  SECURE_HSTS_PRELOAD: () => b(false),
  SECURE_CONTENT_TYPE_NOSNIFF: (v) => b(versionAtLeast(v, 3, 0)),
  SECURE_SSL_REDIRECT: () => b(false),
  SECURE_SSL_HOST: () => none(),
  SECURE_REDIRECT_EXEMPT: () => emptyList(),
  SECURE_REFERRER_POLICY: (v) => (versionAtLeast(v, 3, 1) ? s('same-origin') : versionAtLeast(v, 3, 0) ? none() : undefined),
  SECURE_CROSS_ORIGIN_OPENER_POLICY: (v) => (versionAtLeast(v, 4, 0) ? s('same-origin') : undefined),
  SECURE_PROXY_SSL_HEADER: () => none(),
  X_FRAME_OPTIONS: (v) => s(versionAtLeast(v, 3, 0) ? 'DENY' : 'SAMEORIGIN'),
  SESSION_COOKIE_SECURE: () => b(false),
  SESSION_COOKIE_HTTPONLY: () => b(true),
  SESSION_ENGINE: () => s('django.contrib.sessions.backends.db'),
  SESSION_CACHE_ALIAS: () => s('default'),
  CSRF_COOKIE_SECURE: () => b(false),
  CSRF_USE_SESSIONS: () => b(false),
  CSRF_TRUSTED_ORIGINS: () => emptyList(),
  CACHES: () => ({
    kind: 'dict',
    entries: [{ key: s('default'), value: { kind: 'dict', entries: [{ key: s('BACKEND'), value: s('django.core.cache.backends.locmem.LocMemCache') }] } }],
  }),
  STATIC_ROOT: () => none(),
  STATIC_URL: () => none(),
  STATICFILES_DIRS: () => emptyList(),
  MEDIA_ROOT: () => s(''),
  MEDIA_URL: () => s(''),
  LOGGING: () => emptyDict(),
  ADMINS: () => emptyList(),
  MANAGERS: () => emptyList(),
  SILENCED_SYSTEM_CHECKS: () => emptyList(),
  WSGI_APPLICATION: () => none(),
  USE_TZ: (v) => b(versionAtLeast(v, 5, 0)),
  DEFAULT_FROM_EMAIL: () => s('webmaster@localhost'),
  SERVER_EMAIL: () => s('root@localhost'),
  EMAIL_BACKEND: () => s('django.core.mail.backends.smtp.EmailBackend'),
  DEFAULT_HASHING_ALGORITHM: (v) => (v.major === 3 && v.minor >= 1 ? s('sha256') : undefined),
};

/** Django's default for an unset setting, or undefined when the setting does not exist in that version. */
export function djangoDefault(name: string, version: Version): Value | undefined {
  return DEFAULTS[name]?.(version);
}

/** The settings whose defaults are known here, sorted. */
export function defaultSettingNames(): string[] {
  return Object.keys(DEFAULTS).sort();
}
