// Settings scenarios for the parity suite: reference §7's matrix (each setting alone, middleware gates, session
// app/middleware pairs, truthy vs True, referrer strings and lists), environment fallbacks and required variables,
// split settings with star imports and later mutations, silencing, file caches, and settings with which a Django
// series refuses to start. Each one is a whole project, run under every series with the project pinned to it.
import { MANAGE_PY } from '../helpers/project';
import { atLeast, DJANGO_SERIES, type DjangoSeries } from './djangoCheck';

/** Django stops before its checks run, with an exception matching `refuses`; we must say so as an error. */
export interface Refusal {
  refuses: RegExp;
}

/** The ids Django reports, or its refusal to start. */
export type Expectation = string[] | Refusal;

export interface Scenario {
  name: string;
  /** Relative path -> content; manage.py, urls and requirements are added. */
  files: Record<string, string>;
  settingsModule: string;
  /** The environment Django runs with (our analysis never reads the environment). */
  env?: Record<string, string>;
  /** What Django reports under every series unless `bySeries` says otherwise; the suite checks Django agrees first. */
  expected: Expectation;
  bySeries?: Partial<Record<DjangoSeries, Expectation>>;
  /** Our own codes (no Django id) the scenario must produce too, by series. */
  ours?: Partial<Record<DjangoSeries, string[]>>;
  /** Create the project with Django's own `startproject` (that series' template) instead of `files`. */
  startproject?: boolean;
  /** Only under these series (settings that import a module only newer versions have). */
  series?: DjangoSeries[];
}

export function expectationFor(scenario: Scenario, series: DjangoSeries): Expectation {
  return scenario.bySeries?.[series] ?? scenario.expected;
}

export function isRefusal(expectation: Expectation): expectation is Refusal {
  return !Array.isArray(expectation);
}

/** `then` from series `first` on, `before` until then. */
export function since<T>(first: DjangoSeries, then: T, before?: T): Partial<Record<DjangoSeries, T>> {
  const out: Partial<Record<DjangoSeries, T>> = {};
  for (const series of DJANGO_SERIES) {
    if (atLeast(series, first)) out[series] = then;
    else if (before !== undefined) out[series] = before;
  }
  return out;
}

/** `value` for the given series only. */
export function only<T>(series: DjangoSeries[], value: T): Partial<Record<DjangoSeries, T>> {
  return Object.fromEntries(series.map((s) => [s, value]));
}

export const STRONG_KEY = 'Xq7#vP2m!kR9@tL4$wN8%zB3^cF6&hJ1*dG5(sY0)eU-iO_aQ+pZ=';

export const SEC = 'django.middleware.security.SecurityMiddleware';
export const SESSION_MW = 'django.contrib.sessions.middleware.SessionMiddleware';
export const CSRF = 'django.middleware.csrf.CsrfViewMiddleware';
export const XFO = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
export const MIDDLEWARE = [
  SEC,
  SESSION_MW,
  'django.middleware.common.CommonMiddleware',
  CSRF,
  'django.contrib.auth.middleware.AuthenticationMiddleware',
  'django.contrib.messages.middleware.MessageMiddleware',
  XFO,
];
export const APPS = [
  'django.contrib.admin',
  'django.contrib.auth',
  'django.contrib.contenttypes',
  'django.contrib.sessions',
  'django.contrib.messages',
  'django.contrib.staticfiles',
];

export const list = (items: string[], open = '[', close = ']'): string => `${open}\n${items.map((item) => `    ${JSON.stringify(item)},\n`).join('')}${close}`;
export const without = (items: string[], ...drop: string[]): string[] => items.filter((item) => !drop.includes(item));

const TEMPLATES = `[
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]`;

/** The reference's "hardened" settings: every deploy check passes on 3.2. */
const HARDENED: Record<string, string> = {
  SECRET_KEY: JSON.stringify(STRONG_KEY),
  DEBUG: 'False',
  ALLOWED_HOSTS: '["example.com"]',
  INSTALLED_APPS: list(APPS),
  MIDDLEWARE: list(MIDDLEWARE),
  ROOT_URLCONF: '"mysite.urls"',
  TEMPLATES,
  DATABASES: '{"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}',
  SECURE_HSTS_SECONDS: '31536000',
  SECURE_HSTS_INCLUDE_SUBDOMAINS: 'True',
  SECURE_HSTS_PRELOAD: 'True',
  SECURE_SSL_REDIRECT: 'True',
  SESSION_COOKIE_SECURE: 'True',
  CSRF_COOKIE_SECURE: 'True',
};

/** A settings module: the hardened settings with `changes` applied (null deletes), then `tail` lines. */
export function settings(changes: Record<string, string | null> = {}, tail: string[] = [], head: string[] = []): string {
  const values = { ...HARDENED, ...changes };
  const lines = ['import os', 'from pathlib import Path', ...head, '', 'BASE_DIR = Path(__file__).resolve().parent.parent', ''];
  for (const [name, value] of Object.entries(values)) if (value !== null) lines.push(`${name} = ${value}`);
  return [...lines, ...tail, ''].join('\n');
}

interface SingleOptions {
  tail?: string[];
  head?: string[];
  env?: Record<string, string>;
  extra?: Record<string, string>;
  bySeries?: Scenario['bySeries'];
  ours?: Scenario['ours'];
  series?: DjangoSeries[];
}

function single(name: string, expected: Expectation, changes: Record<string, string | null> = {}, options: SingleOptions = {}): Scenario {
  return {
    name,
    files: { 'mysite/settings.py': settings(changes, options.tail, options.head), ...options.extra },
    settingsModule: 'mysite.settings',
    env: options.env,
    expected,
    bySeries: options.bySeries,
    ours: options.ours,
    series: options.series,
  };
}

/** A settings package: base.py, production.py (+ more), production selected by manage.py. */
function split(name: string, expected: Expectation, files: Record<string, string>): Scenario {
  const prefixed = Object.fromEntries(Object.entries(files).map(([file, text]) => [`mysite/settings/${file}`, text]));
  return { name, files: { 'mysite/settings/__init__.py': '', ...prefixed }, settingsModule: 'mysite.settings.production', expected };
}

const baseFor = (changes: Record<string, string | null> = {}): string => settings(changes).replace('.parent.parent', '.parent.parent.parent');

const CSP_MW = 'django.middleware.csp.ContentSecurityPolicyMiddleware';
const MANIFEST = 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage';
const STORAGES_MANIFEST = `{"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": {"BACKEND": "${MANIFEST}"}}`;
const fileCache = (location: string): string => `{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": ${location}}}`;
const STARTPROJECT = ['security.W004', 'security.W008', 'security.W009', 'security.W012', 'security.W016', 'security.W018', 'security.W020'];
const TRUTHY_FLAGS = ['security.W005', 'security.W006', 'security.W008', 'security.W021'];

/** The security flags set to 1 instead of True: truthy, which the cookie checks accepted before Django 4.1. */
export const FLAGS_AS_ONE: Record<string, string> = {
  SECURE_HSTS_INCLUDE_SUBDOMAINS: '1',
  SECURE_HSTS_PRELOAD: '1',
  SECURE_SSL_REDIRECT: '1',
  SECURE_CONTENT_TYPE_NOSNIFF: '1',
  SESSION_COOKIE_SECURE: '1',
  SESSION_COOKIE_HTTPONLY: '1',
  CSRF_COOKIE_SECURE: '1',
};

export const SCENARIOS: Scenario[] = [
  {
    name: 'startproject',
    files: {},
    settingsModule: 'mysite.settings',
    expected: STARTPROJECT,
    // 6.1's template sends mail to the console through MAILERS.
    bySeries: since('6.1', [...STARTPROJECT, 'mail.E001'].sort()),
    startproject: true,
  },
  single('hardened', []),
  single('empty middleware', ['security.W001', 'security.W002', 'security.W003'], { MIDDLEWARE: '[]' }),
  single('no SecurityMiddleware: the gated checks are skipped', ['security.W001'], {
    MIDDLEWARE: list(without(MIDDLEWARE, SEC)),
    SECURE_HSTS_SECONDS: '0',
    SECURE_CONTENT_TYPE_NOSNIFF: 'False',
    SECURE_REFERRER_POLICY: '"bogus"',
  }),
  single('flags set to 1 instead of True (truthy passes for cookies before 4.1)', TRUTHY_FLAGS, FLAGS_AS_ONE, {
    bySeries: since('4.2', [...TRUTHY_FLAGS, 'security.W012', 'security.W015', 'security.W016'].sort()),
  }),
  single('HSTS 0', ['security.W004'], { SECURE_HSTS_SECONDS: '0' }),
  single('HSTS None', ['security.W004'], { SECURE_HSTS_SECONDS: 'None' }),
  single('HSTS unset', ['security.W004'], { SECURE_HSTS_SECONDS: null, SECURE_HSTS_INCLUDE_SUBDOMAINS: null, SECURE_HSTS_PRELOAD: null }),
  single('HSTS without subdomains and preload', ['security.W005', 'security.W021'], { SECURE_HSTS_INCLUDE_SUBDOMAINS: null, SECURE_HSTS_PRELOAD: 'False' }),
  single('HSTS of a minute (our info only)', [], { SECURE_HSTS_SECONDS: '60' }),
  single('nosniff False', ['security.W006'], { SECURE_CONTENT_TYPE_NOSNIFF: 'False' }),
  single('SSL redirect False', ['security.W008'], { SECURE_SSL_REDIRECT: 'False' }),
  single('X_FRAME_OPTIONS SAMEORIGIN', ['security.W019'], { X_FRAME_OPTIONS: '"SAMEORIGIN"' }),
  single('X_FRAME_OPTIONS lower-case deny', ['security.W019'], { X_FRAME_OPTIONS: '"deny"' }),
  single('X_FRAME_OPTIONS SAMEORIGIN without its middleware', ['security.W002'], {
    X_FRAME_OPTIONS: '"SAMEORIGIN"',
    MIDDLEWARE: list(without(MIDDLEWARE, XFO)),
  }),
  single('X_FRAME_OPTIONS DENY', [], { X_FRAME_OPTIONS: '"DENY"' }),
  single('referrer policy None', ['security.W022'], { SECURE_REFERRER_POLICY: 'None' }),
  single('referrer policy invalid', ['security.E023'], { SECURE_REFERRER_POLICY: '"foo"' }),
  single('referrer policy comma-separated, valid', [], { SECURE_REFERRER_POLICY: '"no-referrer, strict-origin-when-cross-origin"' }),
  single('referrer policy list with a bad entry', ['security.E023'], { SECURE_REFERRER_POLICY: '["same-origin", "bogus"]' }),
  single('referrer policy empty string', ['security.E023'], { SECURE_REFERRER_POLICY: '""' }),
  single('referrer policy tuple, valid', [], { SECURE_REFERRER_POLICY: '("same-origin", "strict-origin")' }),
  single(
    'cross-origin opener policy invalid (no check before 4.0)',
    [],
    { SECURE_CROSS_ORIGIN_OPENER_POLICY: '"bogus"' },
    { bySeries: since('4.2', ['security.E024']) },
  ),
  single('DEBUG True', ['security.W018'], { DEBUG: 'True' }),
  single('DEBUG_PROPAGATE_EXCEPTIONS (our check only)', [], { DEBUG_PROPAGATE_EXCEPTIONS: 'True' }),
  single('ALLOWED_HOSTS empty', ['security.W020'], { ALLOWED_HOSTS: '[]' }),
  single('ALLOWED_HOSTS wildcard', [], { ALLOWED_HOSTS: '["*"]' }),
  single('SECRET_KEY with the insecure prefix', ['security.W009'], { SECRET_KEY: JSON.stringify(`django-insecure-${STRONG_KEY}`) }),
  single('SECRET_KEY of 49 characters', ['security.W009'], { SECRET_KEY: JSON.stringify(STRONG_KEY.slice(0, 49)) }),
  single('SECRET_KEY of 4 distinct characters', ['security.W009'], { SECRET_KEY: JSON.stringify('abcd'.repeat(20)) }),
  single('SECRET_KEY of exactly 50 characters', [], { SECRET_KEY: JSON.stringify(STRONG_KEY.slice(0, 50)) }),
  single('SECRET_KEY of exactly 5 distinct characters', [], { SECRET_KEY: JSON.stringify('abcde'.repeat(12)) }),
  single('SECRET_KEY empty, without the admin', ['security.W009'], { SECRET_KEY: '""', INSTALLED_APPS: list(without(APPS, 'django.contrib.admin')) }),
  single(
    'weak SECRET_KEY_FALLBACKS (no check before 4.1)',
    [],
    { SECRET_KEY_FALLBACKS: `[${JSON.stringify(STRONG_KEY)}, "short", "django-insecure-${STRONG_KEY}"]` },
    { bySeries: since('4.2', ['security.W025']) },
  ),
  single('sessions app without its middleware', ['security.W010', 'security.W013'], {
    MIDDLEWARE: list(without(MIDDLEWARE, SESSION_MW)),
    SESSION_COOKIE_SECURE: 'False',
    SESSION_COOKIE_HTTPONLY: 'False',
  }),
  single('session middleware without the app', ['security.W011', 'security.W014'], {
    INSTALLED_APPS: list(without(APPS, 'django.contrib.sessions')),
    SESSION_COOKIE_SECURE: 'False',
    SESSION_COOKIE_HTTPONLY: 'False',
  }),
  single('sessions app and middleware', ['security.W012', 'security.W015'], { SESSION_COOKIE_SECURE: 'False', SESSION_COOKIE_HTTPONLY: 'False' }),
  single('neither sessions app nor middleware', [], {
    INSTALLED_APPS: list(without(APPS, 'django.contrib.sessions', 'django.contrib.admin')),
    MIDDLEWARE: list(without(MIDDLEWARE, SESSION_MW, 'django.contrib.messages.middleware.MessageMiddleware')),
    SESSION_COOKIE_SECURE: 'False',
    SESSION_COOKIE_HTTPONLY: 'False',
  }),
  single('sessions app named by its AppConfig (exact match fails)', ['security.W011'], {
    INSTALLED_APPS: list([...without(APPS, 'django.contrib.sessions'), 'django.contrib.sessions.apps.SessionsConfig']),
    SESSION_COOKIE_SECURE: 'False',
  }),
  single('session cookie flag a truthy string (is True since 4.1)', [], { SESSION_COOKIE_SECURE: '"yes"' }, { bySeries: since('4.2', ['security.W012']) }),
  single('session cookie HttpOnly 0', ['security.W015'], { SESSION_COOKIE_HTTPONLY: '0' }),
  single('CSRF cookie insecure', ['security.W016'], { CSRF_COOKIE_SECURE: 'False' }),
  single('CSRF cookie insecure but CSRF_USE_SESSIONS', [], { CSRF_COOKIE_SECURE: 'False', CSRF_USE_SESSIONS: 'True' }),
  single('CSRF cookie insecure, CSRF_USE_SESSIONS = 1', [], { CSRF_COOKIE_SECURE: 'False', CSRF_USE_SESSIONS: '1' }),
  single('CSRF cookie insecure without CsrfViewMiddleware', ['security.W003'], { CSRF_COOKIE_SECURE: 'False', MIDDLEWARE: list(without(MIDDLEWARE, CSRF)) }),
  single('MIDDLEWARE as a tuple', [], { MIDDLEWARE: list(MIDDLEWARE, '(', ')') }),
  single(
    'MIDDLEWARE built by later mutations',
    ['security.W001'],
    { MIDDLEWARE: '[]' },
    { tail: [`MIDDLEWARE.extend(${list(MIDDLEWARE)})`, `MIDDLEWARE.remove(${JSON.stringify(SEC)})`] },
  ),
  single('insecure SECRET_KEY fallback, variable unset', ['security.W009'], { SECRET_KEY: 'os.environ.get("DJANGO_SECRET_KEY", "django-insecure-abc")' }),
  single('required SECRET_KEY, variable set', [], { SECRET_KEY: 'os.environ["DJANGO_SECRET_KEY"]' }, { env: { DJANGO_SECRET_KEY: STRONG_KEY } }),
  single('DEBUG falls back to True', ['security.W018'], { DEBUG: 'os.environ.get("DJANGO_DEBUG", "True") == "True"' }),
  single('DEBUG falls back to False', [], { DEBUG: 'os.environ.get("DJANGO_DEBUG", "") == "1"' }),
  single('ALLOWED_HOSTS split from an unset variable gives [""]', [], { ALLOWED_HOSTS: 'os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")' }),
  single(
    'ALLOWED_HOSTS required, variable set',
    [],
    { ALLOWED_HOSTS: 'os.environ["DJANGO_ALLOWED_HOSTS"].split(",")' },
    { env: { DJANGO_ALLOWED_HOSTS: 'example.com' } },
  ),
  single('HSTS falls back to 0', ['security.W004'], { SECURE_HSTS_SECONDS: 'int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))' }),
  single(
    'django-environ DEBUG default True',
    ['security.W018'],
    { DEBUG: 'env.bool("DJANGO_DEBUG", default=True)' },
    { head: ['import environ', '', 'env = environ.Env()'] },
  ),
  single('DEBUG only under a variable that is unset', [], {}, { tail: ['if os.environ.get("ENABLE_DEBUG", ""):', '    DEBUG = True'] }),
  single('silenced W004', [], { SECURE_HSTS_SECONDS: '0', SILENCED_SYSTEM_CHECKS: '["security.W004"]' }),
  single('silenced warning and error', [], { DEBUG: 'True', SECURE_REFERRER_POLICY: '"foo"', SILENCED_SYSTEM_CHECKS: '["security.W018", "security.E023"]' }),
  single('proxy header spelled like the HTTP header (our check only)', [], { SECURE_PROXY_SSL_HEADER: '("X-Forwarded-Proto", "HTTPS")' }),
  single('file cache with a relative LOCATION', ['caches.W003'], {
    CACHES: '{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "cache_files"}}',
  }),
  single('file cache with an absolute LOCATION', [], {
    CACHES: '{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": BASE_DIR / "cache_files"}}',
  }),
  split('split settings, production hardens an insecure base', [], {
    'base.py': baseFor({
      DEBUG: 'True',
      ALLOWED_HOSTS: '[]',
      SECURE_HSTS_SECONDS: null,
      SECURE_SSL_REDIRECT: null,
      SESSION_COOKIE_SECURE: null,
      CSRF_COOKIE_SECURE: null,
    }),
    'production.py':
      'from .base import *  # noqa\n\nDEBUG = False\nALLOWED_HOSTS = ["example.com"]\nSECURE_HSTS_SECONDS = 31536000\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\n',
  }),
  split('split settings, production inherits insecure cookies', ['security.W012', 'security.W016'], {
    'base.py': baseFor({ SESSION_COOKIE_SECURE: 'False', CSRF_COOKIE_SECURE: null }),
    'production.py': 'from .base import *  # noqa\n',
  }),
  split('split settings, production removes SecurityMiddleware', ['security.W001'], {
    'base.py': baseFor(),
    'production.py': `from .base import *  # noqa\n\nMIDDLEWARE.remove(${JSON.stringify(SEC)})\n`,
  }),
  split('split settings, production inserts SecurityMiddleware', [], {
    'base.py': baseFor({ MIDDLEWARE: list(without(MIDDLEWARE, SEC)) }),
    'production.py': `from .base import *  # noqa\n\nMIDDLEWARE.insert(0, ${JSON.stringify(SEC)})\n`,
  }),
  split('split settings, optional local override missing', ['security.W018'], {
    'base.py': baseFor({ DEBUG: 'True' }),
    'production.py': 'from .base import *  # noqa\n\ntry:\n    from .local import *  # noqa\nexcept ImportError:\n    pass\n',
  }),
  split('split settings, base DEBUG from the environment', [], {
    'base.py': baseFor({ DEBUG: 'os.environ.get("DJANGO_DEBUG", "False") == "True"' }),
    'production.py': 'from .base import *  # noqa\n',
  }),

  // caches.W002: a file cache where the web server publishes files; paths compare as folders, not as strings.
  single('file cache inside STATIC_ROOT', ['caches.W002'], { STATIC_ROOT: 'BASE_DIR / "public"', CACHES: fileCache('BASE_DIR / "public" / "cache"') }),
  single('file cache in MEDIA_ROOT itself', ['caches.W002'], { MEDIA_ROOT: 'BASE_DIR / "media"', CACHES: fileCache('str(BASE_DIR / "media")') }),
  single('file cache holding a STATICFILES_DIRS folder (prefix, path)', ['caches.W002'], {
    STATICFILES_DIRS: '[("css", BASE_DIR / "assets" / "css")]',
    CACHES: fileCache('BASE_DIR / "assets"'),
  }),
  single('file cache beside STATIC_ROOT, sharing a name prefix', [], { STATIC_ROOT: 'BASE_DIR / "static"', CACHES: fileCache('BASE_DIR / "static-cache"') }),
  single('CACHES without a default alias', ['caches.E001'], { CACHES: '{"sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}' }),
  single('CACHES empty', ['caches.E001'], { CACHES: '{}' }),
  single('local-memory cache named like STATIC_ROOT', [], {
    STATIC_ROOT: 'BASE_DIR / "static"',
    CACHES: '{"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(BASE_DIR / "static")}}',
  }),
  // security.E100 (3.1-3.2 only; Django 4.0 removed the setting, which it then ignores).
  single(
    'DEFAULT_HASHING_ALGORITHM spelled SHA-256',
    [],
    { DEFAULT_HASHING_ALGORITHM: '"SHA-256"' },
    { bySeries: only(['3.2'], ['security.E100']), ours: since('4.2', ['DR022']) },
  ),
  single('DEFAULT_HASHING_ALGORITHM sha1', [], { DEFAULT_HASHING_ALGORITHM: '"sha1"' }, { ours: since('4.2', ['DR022']) }),
  // security.E101/E102 and a failure view that does not exist (the check itself stops).
  single(
    'CSRF_FAILURE_VIEW without a reason parameter',
    ['security.E101'],
    { CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' },
    { extra: { 'mysite/views.py': 'def csrf_failure(request):\n    return None\n' } },
  ),
  single(
    'CSRF_FAILURE_VIEW requiring a third argument',
    ['security.E101'],
    { CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' },
    { extra: { 'mysite/views.py': 'def csrf_failure(request, reason, template_name):\n    return None\n' } },
  ),
  single(
    'CSRF_FAILURE_VIEW with (request, reason="")',
    [],
    { CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' },
    {
      extra: {
        'mysite/views.py':
          'from django.views.decorators.csrf import requires_csrf_token\n\n\n@requires_csrf_token\ndef csrf_failure(request, reason=""):\n    return None\n',
      },
    },
  ),
  single(
    'CSRF_FAILURE_VIEW taking **kwargs',
    [],
    { CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' },
    { extra: { 'mysite/views.py': 'def csrf_failure(request, **kwargs):\n    return None\n' } },
  ),
  single(
    'CSRF_FAILURE_VIEW with a keyword-only reason',
    [],
    { CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' },
    { extra: { 'mysite/views.py': 'def csrf_failure(request, *, reason):\n    return None\n' } },
  ),
  single('CSRF_FAILURE_VIEW without a module', ['security.E102'], { CSRF_FAILURE_VIEW: '"csrf_failure"' }),
  single('CSRF_FAILURE_VIEW in a package the project lacks', ['security.E102'], { CSRF_FAILURE_VIEW: '"mysite.missing.views.csrf_failure"' }),
  single(
    'CSRF_FAILURE_VIEW naming a function the module lacks',
    { refuses: /ViewDoesNotExist/ },
    { CSRF_FAILURE_VIEW: '"mysite.views.nothing_here"' },
    { extra: { 'mysite/views.py': 'def csrf_failure(request, reason=""):\n    return None\n' } },
  ),
  // 4_0.E001 for a string: Django iterates its characters.
  single('CSRF_TRUSTED_ORIGINS a string', [], { CSRF_TRUSTED_ORIGINS: '"https://example.com"' }, { bySeries: since('4.2', ['4_0.E001']) }),
  single(
    'CSRF_TRUSTED_ORIGINS host names without a scheme',
    [],
    { CSRF_TRUSTED_ORIGINS: '["example.com", ".example.org"]' },
    { bySeries: since('4.2', ['4_0.E001']) },
  ),
  single('CSRF_TRUSTED_ORIGINS an empty string', [], { CSRF_TRUSTED_ORIGINS: '""' }),
  // security.E026 (6.0+) and W027 (6.1+); older series ignore the CSP settings.
  single(
    'SECURE_CSP a header string',
    [],
    { SECURE_CSP: "\"default-src 'self'; img-src 'self' data:; upgrade-insecure-requests\"" },
    { bySeries: since('6.1', ['security.E026']), ours: only(['3.2', '4.2', '5.2'], ['DR022']) },
  ),
  single('SECURE_CSP_REPORT_ONLY None', [], { SECURE_CSP_REPORT_ONLY: 'None' }, { ours: only(['3.2', '4.2', '5.2'], ['DR022']) }),
  single(
    'CSP nonce placeholder without the csp context processor',
    [],
    { MIDDLEWARE: list([...MIDDLEWARE, CSP_MW]), SECURE_CSP: '{"script-src": ["\'self\'", "<CSP_NONCE_SENTINEL>"]}' },
    { bySeries: since('6.1', ['security.W027']) },
  ),
  single('CSP nonce with the csp context processor', [], {
    MIDDLEWARE: list([...MIDDLEWARE, CSP_MW]),
    SECURE_CSP: '{"script-src": ["\'self\'", "<CSP_NONCE_SENTINEL>"]}',
    TEMPLATES: TEMPLATES.replace(
      '"django.template.context_processors.request",',
      '"django.template.context_processors.request",\n                "django.template.context_processors.csp",',
    ),
  }),
  single('CSP nonce without the CSP middleware', [], { SECURE_CSP: '{"script-src": ["\'self\'", "<CSP_NONCE_SENTINEL>"]}' }),
  single(
    'CSP.NONCE without the csp context processor',
    ['security.W027'],
    { MIDDLEWARE: list([...MIDDLEWARE, CSP_MW]), SECURE_CSP: '{"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}' },
    { head: ['from django.utils.csp import CSP'], series: ['6.1'] },
  ),
  // Django 6.1's MAILERS: mail.E001 (deploy), mail.W001, and the refusal to mix it with EMAIL_* settings.
  single(
    'MAILERS default on the console backend',
    [],
    { MAILERS: '{"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}' },
    { bySeries: since('6.1', ['mail.E001']), ours: only(['3.2', '4.2', '5.2'], ['DR022']) },
  ),
  single(
    'MAILERS without a default entry',
    [],
    { MAILERS: '{"transactional": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}' },
    { bySeries: since('6.1', ['mail.W001']) },
  ),
  single('MAILERS default with the BACKEND left out (SMTP)', [], { MAILERS: '{"default": {"OPTIONS": {"host": "smtp.example.com"}}}' }),
  single('MAILERS console backend under another alias', [], {
    MAILERS: '{"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}, "debug": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}',
  }),
  single(
    'MAILERS together with EMAIL_HOST',
    [],
    { MAILERS: '{"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}', EMAIL_HOST: '"smtp.example.com"' },
    { bySeries: since('6.1', { refuses: /Deprecated email settings are not allowed when MAILERS is defined: EMAIL_HOST/ }) },
  ),
  single(
    'EMAIL_* settings (deprecated in 6.1)',
    [],
    {
      EMAIL_HOST: '"smtp.example.com"',
      EMAIL_PORT: '587',
      EMAIL_USE_TLS: 'True',
      EMAIL_HOST_USER: 'os.environ.get("EMAIL_USER", "")',
      DEFAULT_FROM_EMAIL: '"noreply@example.com"',
    },
    { ours: since('6.1', ['DR023']) },
  ),
  // async.E001: the environment comes from the deployment files.
  single(
    'DJANGO_ALLOW_ASYNC_UNSAFE in the Dockerfile',
    ['async.E001'],
    {},
    {
      env: { DJANGO_ALLOW_ASYNC_UNSAFE: 'true' },
      extra: { Dockerfile: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 \\\n    DJANGO_ALLOW_ASYNC_UNSAFE=true\nCMD ["gunicorn", "mysite.wsgi"]\n' },
    },
  ),
  single(
    'DJANGO_ALLOW_ASYNC_UNSAFE=false in a systemd unit (still set)',
    ['async.E001'],
    {},
    {
      env: { DJANGO_ALLOW_ASYNC_UNSAFE: 'false' },
      extra: {
        'deploy/mysite.service':
          '[Service]\nEnvironment="DJANGO_SETTINGS_MODULE=mysite.settings" "DJANGO_ALLOW_ASYNC_UNSAFE=false"\nExecStart=/srv/venv/bin/gunicorn mysite.wsgi\n',
      },
    },
  ),
  single(
    'DJANGO_ALLOW_ASYNC_UNSAFE empty in compose',
    [],
    {},
    {
      env: { DJANGO_ALLOW_ASYNC_UNSAFE: '' },
      extra: { 'docker-compose.yml': 'services:\n  web:\n    build: .\n    environment:\n      - DJANGO_ALLOW_ASYNC_UNSAFE=\n' },
    },
  ),
  single(
    'DJANGO_ALLOW_ASYNC_UNSAFE only in a development compose file',
    [],
    {},
    { extra: { 'docker-compose.dev.yml': 'services:\n  web:\n    environment:\n      DJANGO_ALLOW_ASYNC_UNSAFE: "true"\n' } },
  ),
  // Settings with which Django refuses to start, by series.
  single(
    'ALLOWED_HOSTS a string',
    [],
    { ALLOWED_HOSTS: '"example.com"' },
    { bySeries: since('4.2', { refuses: /The ALLOWED_HOSTS setting must be a list or a tuple/ }) },
  ),
  single(
    'ALLOWED_HOSTS a variable not split',
    [],
    { ALLOWED_HOSTS: 'os.environ.get("DJANGO_ALLOWED_HOSTS", "example.com")' },
    { bySeries: since('4.2', { refuses: /The ALLOWED_HOSTS setting must be a list or a tuple/ }) },
  ),
  single(
    'SECRET_KEY_FALLBACKS a string',
    [],
    { SECRET_KEY_FALLBACKS: JSON.stringify(STRONG_KEY.split('').reverse().join('')) },
    { bySeries: since('4.2', { refuses: /The SECRET_KEY_FALLBACKS setting must be a list or a tuple/ }), ours: only(['3.2'], ['DR022']) },
  ),
  single('INSTALLED_APPS a tuple', [], { INSTALLED_APPS: list(APPS, '(', ')') }),
  single('INSTALLED_APPS a set', { refuses: /The INSTALLED_APPS setting must be a list or a tuple/ }, { INSTALLED_APPS: list(APPS, '{', '}') }),
  single(
    'STORAGES with STATICFILES_STORAGE',
    [],
    { STORAGES: STORAGES_MANIFEST, STATICFILES_STORAGE: `"${MANIFEST}"` },
    {
      bySeries: only(['4.2'], { refuses: /STATICFILES_STORAGE\/STORAGES are mutually exclusive/ }),
      ours: { '3.2': ['DR022'], '5.2': ['DR022'], '6.1': ['DR022'] },
    },
  ),
  single(
    'DEFAULT_FILE_STORAGE alone (ignored since 5.1)',
    [],
    { DEFAULT_FILE_STORAGE: '"django.core.files.storage.FileSystemStorage"' },
    { ours: since('5.2', ['DR022']) },
  ),
  single(
    'PASSWORD_RESET_TIMEOUT with PASSWORD_RESET_TIMEOUT_DAYS',
    [],
    { PASSWORD_RESET_TIMEOUT_DAYS: '1', PASSWORD_RESET_TIMEOUT: '86400' },
    {
      bySeries: only(['3.2'], { refuses: /PASSWORD_RESET_TIMEOUT_DAYS\/PASSWORD_RESET_TIMEOUT are mutually exclusive/ }),
      ours: since('4.2', ['DR022']),
    },
  ),
  single('PASSWORD_RESET_TIMEOUT_DAYS alone (ignored since 4.0)', [], { PASSWORD_RESET_TIMEOUT_DAYS: '1' }, { ours: since('4.2', ['DR022']) }),
];

/** The scenario's files for a project pinned to Django `version` (e.g. "4.2.28"). */
export function projectFiles(scenario: Scenario, version: string): Record<string, string> {
  return {
    'manage.py': MANAGE_PY(scenario.settingsModule),
    'requirements.txt': `Django==${version}\n`,
    'mysite/__init__.py': '',
    'mysite/urls.py': 'urlpatterns = []\n',
    ...scenario.files,
  };
}
