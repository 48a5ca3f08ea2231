import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import type { Finding } from '../../server/src/service/types';
import { APPS, CSRF, list, MIDDLEWARE, SEC, SESSION_MW, settings, without, XFO } from '../django/scenarios';
import { analyzeOne, findingsOf, MANAGE_PY, settingsProject, writeProject } from '../helpers/project';

type Changes = Record<string, string | null>;

function analyse(changes: Changes, options: { version?: string; tail?: string[]; extra?: Record<string, string> } = {}): ProjectAnalysis {
  const root = settingsProject(settings(changes, options.tail), { 'requirements.txt': `Django==${options.version ?? '3.2.25'}\n`, ...options.extra });
  return analyzeOne(root);
}

function securityCodes(analysis: ProjectAnalysis): string[] {
  return analysis.findings
    .filter((finding) => finding.area === 'security')
    .map((finding) => finding.code)
    .sort();
}

function statusOf(analysis: ProjectAnalysis, code: string): string | undefined {
  return analysis.checklist.find((area) => area.area === 'security')!.checks.find((check) => check.code === code)?.status;
}

interface Case {
  code: string;
  /** Changes to the hardened settings that make the rule fire... */
  fires: Changes;
  /** ...and a near miss that must not. */
  quiet: Changes;
  tail?: string[];
}

const HSTS_OFF = { SECURE_HSTS_SECONDS: '0', SECURE_HSTS_INCLUDE_SUBDOMAINS: 'False', SECURE_HSTS_PRELOAD: 'False' };

const CASES: Case[] = [
  { code: 'DR901', fires: { MIDDLEWARE: list(without(MIDDLEWARE, SEC)) }, quiet: { MIDDLEWARE: list([...without(MIDDLEWARE, SEC), SEC]) } },
  { code: 'DR902', fires: { MIDDLEWARE: list(without(MIDDLEWARE, XFO)) }, quiet: { MIDDLEWARE: list([XFO, ...without(MIDDLEWARE, XFO)]) } },
  {
    code: 'DR903',
    fires: { MIDDLEWARE: list(without(MIDDLEWARE, CSRF)), CSRF_COOKIE_SECURE: 'False' },
    quiet: { MIDDLEWARE: list([...without(MIDDLEWARE, CSRF), CSRF]) },
  },
  { code: 'DR904', fires: { SECURE_HSTS_SECONDS: 'None' }, quiet: { SECURE_HSTS_SECONDS: '0', MIDDLEWARE: list(without(MIDDLEWARE, SEC)) } },
  { code: 'DR905', fires: { SECURE_HSTS_INCLUDE_SUBDOMAINS: '"True"' }, quiet: { ...HSTS_OFF } },
  { code: 'DR906', fires: { SECURE_CONTENT_TYPE_NOSNIFF: '1' }, quiet: { SECURE_CONTENT_TYPE_NOSNIFF: null } },
  { code: 'DR908', fires: { SECURE_SSL_REDIRECT: null }, quiet: { SECURE_SSL_REDIRECT: 'False', MIDDLEWARE: '[]' } },
  { code: 'DR909', fires: { SECRET_KEY: '"django-insecure-" + "x" * 50' }, quiet: { SECRET_KEY: '"django-secure-" + "abcdef" * 9' } },
  { code: 'DR918', fires: { DEBUG: 'os.environ.get("DJANGO_DEBUG", "1") == "1"' }, quiet: { DEBUG: 'os.environ.get("DJANGO_DEBUG", "") == "1"' } },
  {
    code: 'DR910',
    fires: { MIDDLEWARE: list(without(MIDDLEWARE, SESSION_MW)), SESSION_COOKIE_SECURE: 'False' },
    quiet: { MIDDLEWARE: list(without(MIDDLEWARE, SESSION_MW)), SESSION_COOKIE_SECURE: '"yes"' },
  },
  {
    code: 'DR911',
    fires: { INSTALLED_APPS: list(without(APPS, 'django.contrib.sessions')), SESSION_COOKIE_SECURE: '0' },
    quiet: { INSTALLED_APPS: list(without(APPS, 'django.contrib.sessions')), SESSION_COOKIE_SECURE: '1' },
  },
  {
    code: 'DR912',
    fires: { SESSION_COOKIE_SECURE: 'None' },
    quiet: { SESSION_COOKIE_SECURE: 'None', MIDDLEWARE: list(without(MIDDLEWARE, SESSION_MW)), INSTALLED_APPS: list(without(APPS, 'django.contrib.sessions')) },
  },
  {
    code: 'DR913',
    fires: { MIDDLEWARE: list(without(MIDDLEWARE, SESSION_MW)), SESSION_COOKIE_HTTPONLY: 'False' },
    quiet: { MIDDLEWARE: list(without(MIDDLEWARE, SESSION_MW)) },
  },
  {
    code: 'DR914',
    fires: { INSTALLED_APPS: list(without(APPS, 'django.contrib.sessions')), SESSION_COOKIE_HTTPONLY: '""' },
    quiet: { INSTALLED_APPS: list(without(APPS, 'django.contrib.sessions')) },
  },
  { code: 'DR915', fires: { SESSION_COOKIE_HTTPONLY: 'False' }, quiet: { SESSION_COOKIE_HTTPONLY: '"on"' } },
  { code: 'DR916', fires: { CSRF_COOKIE_SECURE: null }, quiet: { CSRF_COOKIE_SECURE: null, CSRF_USE_SESSIONS: 'True' } },
  { code: 'DR919', fires: { X_FRAME_OPTIONS: '"deny"' }, quiet: { X_FRAME_OPTIONS: '"SAMEORIGIN"', MIDDLEWARE: list(without(MIDDLEWARE, XFO)) } },
  { code: 'DR920', fires: { ALLOWED_HOSTS: '()' }, quiet: { ALLOWED_HOSTS: '["*"]' } },
  { code: 'DR921', fires: { SECURE_HSTS_PRELOAD: 'None' }, quiet: { ...HSTS_OFF } },
  { code: 'DR922', fires: { SECURE_REFERRER_POLICY: 'None' }, quiet: { SECURE_REFERRER_POLICY: '"same-origin"' } },
  { code: 'DR923', fires: { SECURE_REFERRER_POLICY: '"same-origin,Origin"' }, quiet: { SECURE_REFERRER_POLICY: '" origin , same-origin "' } },
  { code: 'DR950', fires: { ALLOWED_HOSTS: '["example.com", "*"]' }, quiet: { ALLOWED_HOSTS: '[".example.com"]' } },
  {
    code: 'DR951',
    fires: { SECURE_PROXY_SSL_HEADER: '("HTTP_X_FORWARDED_PROTO", "HTTPS")' },
    quiet: { SECURE_PROXY_SSL_HEADER: '("HTTP_X_FORWARDED_SSL", "on")' },
  },
  // A CDN's own header has no convention to hold it to.
  { code: 'DR951', fires: { SECURE_PROXY_SSL_HEADER: '("HTTP_X_FORWARDED_SSL", "1")' }, quiet: { SECURE_PROXY_SSL_HEADER: '("HTTP_FASTLY_SSL", "1")' } },
  { code: 'DR953', fires: {}, quiet: { SECRET_KEY: 'os.environ["DJANGO_SECRET_KEY"]' } },
  { code: 'DR954', fires: { DEBUG_PROPAGATE_EXCEPTIONS: '1' }, quiet: { DEBUG_PROPAGATE_EXCEPTIONS: 'False' } },
  { code: 'DR956', fires: { SECURE_HSTS_SECONDS: '3600' }, quiet: { SECURE_HSTS_SECONDS: '86400' } },
  { code: 'DR957', fires: { SECRET_KEY: 'os.environ["DJANGO_SECRET_KEY"]' }, quiet: { SECRET_KEY: 'os.environ.get("DJANGO_SECRET_KEY", "x" * 60)' } },
  {
    code: 'DR960',
    fires: { CACHES: '{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "var/cache"}}' },
    quiet: { CACHES: '{"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "var/cache"}}' },
  },
];

describe('each security rule fires, and its near miss does not', () => {
  test('the hardened settings have no security warning (only the committed key)', () => {
    assert.deepEqual(securityCodes(analyse({})), ['DR953']);
  });

  for (const { code, fires, quiet, tail } of CASES) {
    test(code, () => {
      assert.ok(securityCodes(analyse(fires, { tail })).includes(code), `${code} fires`);
      assert.ok(!securityCodes(analyse(quiet, { tail })).includes(code), `${code} stays quiet on the near miss`);
    });
  }

  test("every finding carries its Django id, a severity matching Django's level, and a location in the settings file", () => {
    const analysis = analyse({ SECURE_REFERRER_POLICY: '"foo"', DEBUG: 'True' });
    const e023 = findingsOf(analysis, 'DR923')[0];
    assert.equal(e023.djangoId, 'security.E023');
    assert.equal(e023.severity, 'error');
    assert.match(e023.message, /"foo" is not a policy browsers know/);
    const w018 = findingsOf(analysis, 'DR918')[0];
    assert.equal(w018.severity, 'warning');
    assert.match(w018.location.file, /settings\.py$/);
  });
});

describe('locations and related information', () => {
  test("a missing setting is reported on the production module's first line, an inherited one on the statement in base.py with the import chain", () => {
    const base = settings({ SESSION_COOKIE_SECURE: 'False', SECURE_SSL_REDIRECT: null });
    const root = writeProject({
      'manage.py': MANAGE_PY('conf.settings.production'),
      'requirements.txt': 'Django==3.2.25\n',
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': base,
      'conf/settings/production.py': '"""Production."""\nfrom .base import *  # noqa\n\nDEBUG = False\n',
    });
    const analysis = analyzeOne(root);
    const cookie = findingsOf(analysis, 'DR912')[0];
    assert.match(cookie.location.file, /base\.py$/);
    assert.equal(
      cookie.location.range.start.line,
      base.split('\n').findIndex((line) => line.startsWith('SESSION_COOKIE_SECURE')),
    );
    assert.deepEqual(
      cookie.related.map((info) => info.message),
      ['Production loads conf.settings.production, which inherits this from base.py', 'conf.settings.production imports everything from conf.settings.base'],
    );
    const redirect = findingsOf(analysis, 'DR908')[0];
    assert.match(redirect.location.file, /production\.py$/);
    assert.deepEqual(
      redirect.location.range,
      { start: { line: 0, character: 0 }, end: { line: 0, character: '"""Production."""'.length } },
      "the module's first line, wherever its statements are",
    );
    assert.match(redirect.message, /SECURE_SSL_REDIRECT is not set, so Django's default False applies/);
  });

  test('middleware findings point at the MIDDLEWARE statement', () => {
    const source = settings({ MIDDLEWARE: list(without(MIDDLEWARE, XFO)) });
    const finding = findingsOf(analyzeOne(settingsProject(source)), 'DR902')[0];
    assert.equal(
      finding.location.range.start.line,
      source.split('\n').findIndex((line) => line.startsWith('MIDDLEWARE')),
    );
  });
});

describe('precondition gates and undecidable values', () => {
  test('without SecurityMiddleware only W001 is reported, however bad the other settings are', () => {
    const analysis = analyse({
      MIDDLEWARE: list(without(MIDDLEWARE, SEC)),
      SECURE_HSTS_SECONDS: '0',
      SECURE_CONTENT_TYPE_NOSNIFF: 'False',
      SECURE_REFERRER_POLICY: '"bogus"',
      SECURE_SSL_REDIRECT: 'False',
    });
    assert.deepEqual(
      securityCodes(analysis).filter((code) => code !== 'DR953'),
      ['DR901'],
    );
  });

  test('a MIDDLEWARE read from the environment leaves the gated checks unknown, not failing', () => {
    const analysis = analyse({ MIDDLEWARE: 'os.environ["MIDDLEWARE"].split(",")', SECURE_HSTS_SECONDS: '0' });
    assert.deepEqual(
      securityCodes(analysis).filter((code) => code !== 'DR953'),
      [],
    );
    assert.equal(statusOf(analysis, 'DR901'), 'unknown');
    assert.equal(statusOf(analysis, 'DR904'), 'unknown');
    assert.equal(statusOf(analysis, 'DR906'), 'pass', 'a passing value passes whatever the gate');
  });

  test('a value that depends on a branch we cannot decide is reported for the branch that fails', () => {
    const analysis = analyse({}, { tail: ['if os.environ["BEHIND_PROXY"] == "1":', '    SECURE_SSL_REDIRECT = False'] });
    const finding = findingsOf(analysis, 'DR908')[0];
    assert.match(finding.message, /^SECURE_SSL_REDIRECT can be False/);
  });

  test('a required variable is trusted and named as a hint, a fallback is judged', () => {
    const required = analyse({ DEBUG: 'os.environ["DJANGO_DEBUG"] == "1"', SECRET_KEY: 'os.environ["SECRET_KEY"]' });
    assert.deepEqual(securityCodes(required), ['DR957', 'DR957']);
    assert.deepEqual(
      findingsOf(required, 'DR957').map((f) => f.severity),
      ['hint', 'hint'],
    );
    assert.match(findingsOf(required, 'DR957')[0].message, /^Production must set \$SECRET_KEY: SECRET_KEY reads it without a default/);
    assert.equal(statusOf(required, 'DR909'), 'pass');
    const fallback = analyse({ SECRET_KEY: 'os.environ.get("SECRET_KEY", "dev")' });
    assert.match(findingsOf(fallback, 'DR909')[0].message, /the fallback used when \$SECRET_KEY is unset/);
  });

  test('an environment fallback for a strong key is a committed secret (DR953), not a weak one (DR909)', () => {
    const analysis = analyse({ SECRET_KEY: `os.environ.get("SECRET_KEY", ${JSON.stringify(`${'k'.repeat(40)}abcdefghij`)})` });
    assert.deepEqual(securityCodes(analysis), ['DR953']);
    assert.match(findingsOf(analysis, 'DR953')[0].message, /falls back to a key written in the source when \$SECRET_KEY is unset/);
  });

  test('ALLOWED_HOSTS split from an unset variable: [""] passes Django but is reported as blank', () => {
    const analysis = analyse({ ALLOWED_HOSTS: 'os.environ.get("HOSTS", "").split(",")' });
    const finding = findingsOf(analysis, 'DR950')[0];
    assert.match(finding.message, /contains an empty string \(the fallback used when \$HOSTS is unset\)/);
    assert.deepEqual(findingsOf(analysis, 'DR920'), []);
  });
});

describe('SILENCED_SYSTEM_CHECKS', () => {
  test('silences exactly the ids it names, errors included, and shows them as off', () => {
    const analysis = analyse({
      DEBUG: 'True',
      SECURE_REFERRER_POLICY: '"foo"',
      SECURE_HSTS_SECONDS: '0',
      SILENCED_SYSTEM_CHECKS: '["security.W018", "security.E023", "security.W00"]',
    });
    assert.deepEqual(
      securityCodes(analysis).filter((code) => code !== 'DR953'),
      ['DR904'],
      'no prefix matching: security.W00 silences nothing',
    );
    assert.deepEqual(
      analysis.suppressed.map((s) => [s.finding.code, s.by]),
      [
        ['DR918', 'silenced'],
        ['DR923', 'silenced'],
      ],
    );
    assert.equal(statusOf(analysis, 'DR918'), 'off');
    assert.equal(statusOf(analysis, 'DR923'), 'off');
    assert.equal(statusOf(analysis, 'DR904'), 'fail');
    assert.equal(statusOf(analysis, 'DR909'), 'pass');
  });

  test('a silenced id never reported is still off, and one set in base.py counts too', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('conf.settings.production'),
      'requirements.txt': 'Django==3.2.25\n',
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': settings({ SECURE_SSL_REDIRECT: 'False', SILENCED_SYSTEM_CHECKS: '["security.W008", "security.W019"]' }),
      'conf/settings/production.py': 'from .base import *  # noqa\n',
    });
    const analysis = analyzeOne(root);
    assert.deepEqual(findingsOf(analysis, 'DR908'), []);
    assert.equal(statusOf(analysis, 'DR908'), 'off');
    assert.equal(statusOf(analysis, 'DR919'), 'off');
  });
});

describe('HTTPS behind a proxy seen in supervisor files', () => {
  const program = (command: string): string => `[program:web]\ncommand=${command}\nautostart=true\n`;
  const withProgram = (command: string | undefined, changes: Changes = {}): ProjectAnalysis =>
    analyse(changes, { extra: command === undefined ? {} : { 'deploy/supervisor/web.conf': program(command) } });

  test('gunicorn on a unix socket, loopback or its default bind, with the redirect on and no proxy header', () => {
    for (const command of [
      '/srv/venv/bin/gunicorn mysite.wsgi --bind unix:/run/web.sock',
      'gunicorn -b 127.0.0.1:8000 mysite.wsgi',
      'gunicorn mysite.wsgi:application',
      'uvicorn mysite.asgi:application --uds /run/web.sock',
    ]) {
      const findings: Finding[] = findingsOf(withProgram(command), 'DR952');
      assert.equal(findings.length, 1, command);
      assert.match(findings[0].related[0].location.file, /web\.conf$/);
    }
  });

  test('not reported when the server is exposed, the header is set, the redirect is off, or there is no supervisor file', () => {
    assert.deepEqual(findingsOf(withProgram('gunicorn -b 0.0.0.0:8000 mysite.wsgi'), 'DR952'), []);
    assert.deepEqual(findingsOf(withProgram('gunicorn mysite.wsgi', { SECURE_PROXY_SSL_HEADER: '("HTTP_X_FORWARDED_PROTO", "https")' }), 'DR952'), []);
    assert.deepEqual(findingsOf(withProgram('gunicorn mysite.wsgi', { SECURE_SSL_REDIRECT: 'False' }), 'DR952'), []);
    assert.deepEqual(findingsOf(withProgram(undefined), 'DR952'), []);
  });
});

describe('undecidable inputs stay unknown rather than guessed', () => {
  test('a setting computed by an unknown function', () => {
    const analysis = analyse({
      SECURE_HSTS_SECONDS: 'int(Path("/etc/hsts").read_text())',
      SECURE_HSTS_INCLUDE_SUBDOMAINS: 'False',
      SECRET_KEY: 'os.environ["SECRET_KEY"]',
    });
    assert.deepEqual(findingsOf(analysis, 'DR904'), []);
    assert.equal(statusOf(analysis, 'DR904'), 'unknown');
    assert.equal(statusOf(analysis, 'DR905'), 'unknown', 'W005 depends on whether HSTS is on');
    assert.equal(statusOf(analysis, 'DR921'), 'pass', 'preload is True, whatever HSTS is');
    const area = analysis.checklist.find((candidate) => candidate.area === 'security')!;
    assert.equal(area.status, 'unknown');
    assert.match(area.reason, /cannot be checked statically/);
  });
});
