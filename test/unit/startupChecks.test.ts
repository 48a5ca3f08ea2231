// The checks added for parity with Django 3.2-6.1 (their agreement with real Django is in test/django/parity): what
// the parity suite cannot show there: unknown stays unknown, deployment files in every format, and the exact text
// each fix writes (applied twice, it changes nothing more).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { policyDict } from '../../server/src/service/rules/security/contentSecurityPolicy';
import { settings } from '../django/scenarios';
import { analyzeOne, findingsOf, fixAndRecheck, MANAGE_PY, read, settingsProject, writeProject } from '../helpers/project';

function project(changes: Record<string, string | null>, version: string, extra: Record<string, string> = {}, head: string[] = []): string {
  return settingsProject(settings(changes, [], head), { 'requirements.txt': `Django==${version}\n`, ...extra });
}

function statusOf(analysis: ProjectAnalysis, code: string): string | undefined {
  return analysis.checklist.flatMap((area) => area.checks).find((check) => check.code === code)?.status;
}

const SETTINGS = 'mysite/settings.py';

describe('CSRF_FAILURE_VIEW (DR931-DR933)', () => {
  test('a view in an installed package is not judged: unknown, no finding', () => {
    const analysis = analyzeOne(project({ CSRF_FAILURE_VIEW: '"somelib.views.fail"' }, '4.2.28'));
    assert.deepEqual([...findingsOf(analysis, 'DR931'), ...findingsOf(analysis, 'DR932'), ...findingsOf(analysis, 'DR933')], []);
    assert.equal(statusOf(analysis, 'DR932'), 'unknown');
  });

  test('a decorator that may change the signature leaves it unknown; a module with a star import too', () => {
    for (const views of ['@cache_page(60)\ndef csrf_failure(request):\n    pass\n', 'from .helpers import *\n']) {
      const analysis = analyzeOne(project({ CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' }, '4.2.28', { 'mysite/views.py': views }));
      assert.deepEqual(findingsOf(analysis, 'DR931').concat(findingsOf(analysis, 'DR933')), [], views);
      assert.equal(statusOf(analysis, 'DR932'), 'unknown', views);
    }
  });

  test('positional-only reason and a missing request are signature errors', () => {
    for (const views of ['def csrf_failure(request, reason, /):\n    pass\n', 'def csrf_failure(*, reason):\n    pass\n']) {
      const analysis = analyzeOne(project({ CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' }, '5.2.18', { 'mysite/views.py': views }));
      assert.equal(findingsOf(analysis, 'DR931').length, 1, views);
    }
  });
  test('the view is found among the other top-level statements of a long module, with LF or CRLF line ends', () => {
    const views = (parameters: string): string =>
      [
        'import os  # a comment with an open bracket (',
        'from django.http import HttpResponse',
        '',
        'PAGES = [',
        '"home",  # a line at column 0 inside brackets continues its statement (so do the parameters below)',
        ']',
        '',
        ...Array.from({ length: 200 }, (_, i) => `def page_${i}(request):\n    """A stray closer ) in a docstring."""\n    return HttpResponse("(")\n`),
        '@requires_csrf_token',
        'def csrf_failure(',
        parameters,
        '):',
        '    return HttpResponse("no")',
        '',
        'def after(request):',
        '    pass',
        '',
      ].join('\n');
    for (const lineEnd of ['\n', '\r\n']) {
      const judged = (parameters: string): ProjectAnalysis =>
        analyzeOne(project({ CSRF_FAILURE_VIEW: '"mysite.views.csrf_failure"' }, '4.2.28', { 'mysite/views.py': views(parameters).replace(/\n/g, lineEnd) }));
      const good = judged('request, reason=""');
      assert.deepEqual([...findingsOf(good, 'DR931'), ...findingsOf(good, 'DR932'), ...findingsOf(good, 'DR933')], [], JSON.stringify(lineEnd));
      assert.equal(statusOf(good, 'DR931'), 'pass', JSON.stringify(lineEnd));
      assert.match(findingsOf(judged('request,'), 'DR931')[0]?.message ?? '', /has no reason parameter/, JSON.stringify(lineEnd));
    }
  });
});

describe('a file cache in a published folder (DR961, caches.W002)', () => {
  test('a relative cache folder and an absolute STATIC_ROOT depend on the working directory: unknown', () => {
    const analysis = analyzeOne(
      project(
        {
          STATIC_ROOT: '"/srv/static"',
          CACHES: '{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/srv/static/c"}}',
        },
        '4.2.28',
      ),
    );
    assert.equal(findingsOf(analysis, 'DR961').length, 1);
    const mixed = analyzeOne(
      project(
        { STATIC_ROOT: '"static"', CACHES: '{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/srv/cache"}}' },
        '4.2.28',
      ),
    );
    assert.deepEqual(findingsOf(mixed, 'DR961'), []);
    assert.equal(statusOf(mixed, 'DR961'), 'unknown');
  });

  test('two relative folders compare as they are: the cache inside static is reported', () => {
    const analysis = analyzeOne(
      project(
        { STATIC_ROOT: '"static"', CACHES: '{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "static/cache/"}}' },
        '3.2.25',
      ),
    );
    assert.match(findingsOf(analysis, 'DR961')[0]?.message ?? '', /is inside STATIC_ROOT/);
  });
});

describe('DJANGO_ALLOW_ASYNC_UNSAFE in deployment files (DR962, async.E001)', () => {
  const cases: { name: string; files: Record<string, string>; reported: boolean; unknown?: boolean }[] = [
    {
      name: 'supervisor environment=',
      files: {
        'deploy/supervisor/web.conf':
          '[program:web]\ncommand=gunicorn mysite.wsgi\nenvironment=DJANGO_SETTINGS_MODULE="mysite.settings",DJANGO_ALLOW_ASYNC_UNSAFE="1"\n',
      },
      reported: true,
    },
    { name: 'Procfile inline variable', files: { Procfile: 'web: DJANGO_ALLOW_ASYNC_UNSAFE=yes gunicorn mysite.wsgi\n' }, reported: true },
    { name: 'compose map form', files: { 'compose.yaml': 'services:\n  web:\n    environment:\n      DJANGO_ALLOW_ASYNC_UNSAFE: "0"\n' }, reported: true },
    { name: 'legacy Dockerfile ENV NAME value', files: { 'docker/Dockerfile': 'FROM python\nENV DJANGO_ALLOW_ASYNC_UNSAFE true\n' }, reported: true },
    {
      name: 'a value from another variable is unknown',
      files: { 'docker-compose.yml': 'services:\n  web:\n    environment:\n      - DJANGO_ALLOW_ASYNC_UNSAFE=${ALLOW}\n' },
      reported: false,
      unknown: true,
    },
    { name: 'a test folder is not production', files: { 'tests/Dockerfile': 'FROM python\nENV DJANGO_ALLOW_ASYNC_UNSAFE=1\n' }, reported: false },
    { name: 'ARG is build time only', files: { Dockerfile: 'FROM python\nARG DJANGO_ALLOW_ASYNC_UNSAFE=1\n' }, reported: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const analysis = analyzeOne(project({}, '5.2.18', c.files));
      const found = findingsOf(analysis, 'DR962');
      assert.equal(found.length, c.reported ? 1 : 0, found.map((f) => f.message).join('\n'));
      if (c.reported) assert.equal(found[0].djangoId, 'async.E001');
      if (c.unknown) assert.equal(statusOf(analysis, 'DR962'), 'unknown');
    });
  }

  test('SILENCED_SYSTEM_CHECKS silences it like Django', () => {
    const analysis = analyzeOne(project({ SILENCED_SYSTEM_CHECKS: '["async.E001"]' }, '5.2.18', { Dockerfile: 'ENV DJANGO_ALLOW_ASYNC_UNSAFE=1\n' }));
    assert.deepEqual(findingsOf(analysis, 'DR962'), []);
  });
});

describe('CSP policies (DR926, DR927)', () => {
  test('a header string becomes the dict Django 6 reads', () => {
    assert.equal(
      policyDict("default-src 'self'; img-src 'self' data:;upgrade-insecure-requests"),
      `{"default-src": ["'self'"], "img-src": ["'self'", "data:"], "upgrade-insecure-requests": True}`,
    );
    assert.equal(policyDict('  ;  '), undefined);
    assert.equal(policyDict("'self' default-src"), undefined);
  });

  test('the E026 fix writes the dict, and W027 adds the context processor', () => {
    const root = project({ SECURE_CSP: '"default-src \'self\'"' }, '6.1.1');
    fixAndRecheck(root, 'DR926');
    assert.match(read(root, SETTINGS), /^SECURE_CSP = \{"default-src": \["'self'"\]\}$/m);
    const nonce = project({ MIDDLEWARE: '["django.middleware.csp.ContentSecurityPolicyMiddleware"]', SECURE_CSP: '{"script-src": [CSP.NONCE]}' }, '6.1.1', {}, [
      'from django.utils.csp import CSP',
    ]);
    fixAndRecheck(nonce, 'DR927');
    assert.match(read(nonce, SETTINGS), /"django\.template\.context_processors\.csp",\n/);
  });

  test('an unknown source in the policy leaves W027 unknown', () => {
    const analysis = analyzeOne(
      project(
        {
          MIDDLEWARE: '["django.middleware.csp.ContentSecurityPolicyMiddleware"]',
          SECURE_CSP: '{"script-src": [os.environ["NONCE_SOURCE"]]}',
          TEMPLATES: '[]',
        },
        '6.1.1',
      ),
    );
    assert.deepEqual(findingsOf(analysis, 'DR927'), []);
    assert.notEqual(statusOf(analysis, 'DR927'), 'fail');
  });
});

describe('settings Django refuses or ignores (DR020-DR023)', () => {
  test('ALLOWED_HOSTS as a comma-separated string becomes a list, once', () => {
    const root = project({ ALLOWED_HOSTS: '"example.com, www.example.com"' }, '4.2.28');
    assert.match(
      findingsOf(analyzeOne(root), 'DR020')[0].message,
      /^Django 4\.2 refuses to start: ALLOWED_HOSTS must be a list or a tuple, and it is a string/,
    );
    const after = fixAndRecheck(root, 'DR020');
    assert.match(read(root, SETTINGS), /^ALLOWED_HOSTS = \["example\.com", "www\.example\.com"\]$/m);
    assert.deepEqual(findingsOf(after, 'DR020'), []);
  });

  test('Django 3.2 accepts a string ALLOWED_HOSTS: nothing to report', () => {
    assert.deepEqual(findingsOf(analyzeOne(project({ ALLOWED_HOSTS: '"example.com"' }, '3.2.25')), 'DR020'), []);
  });

  test('DEFAULT_FILE_STORAGE on 5.2 moves into STORAGES, keeping the static files default', () => {
    const root = project({ DEFAULT_FILE_STORAGE: '"storages.backends.s3.S3Storage"' }, '5.2.18');
    fixAndRecheck(root, 'DR022');
    const text = read(root, SETTINGS);
    assert.match(
      text,
      /^STORAGES = \{\n {4}"default": \{"BACKEND": "storages\.backends\.s3\.S3Storage"\},\n {4}"staticfiles": \{"BACKEND": "django\.contrib\.staticfiles\.storage\.StaticFilesStorage"\},\n\}$/m,
    );
    assert.doesNotMatch(text, /DEFAULT_FILE_STORAGE/);
  });

  test('PASSWORD_RESET_TIMEOUT_DAYS on 4.2 becomes seconds', () => {
    const root = project({ PASSWORD_RESET_TIMEOUT_DAYS: '2' }, '4.2.28');
    fixAndRecheck(root, 'DR022');
    assert.match(read(root, SETTINGS), /^PASSWORD_RESET_TIMEOUT = 2 \* 24 \* 60 \* 60$/m);
  });

  test('a setting from a later release is reported without a fix', () => {
    const [finding] = findingsOf(analyzeOne(project({ SECURE_CSP: '{"default-src": ["\'self\'"]}' }, '5.2.18')), 'DR022');
    assert.match(finding.message, /^Django 5\.2 ignores SECURE_CSP \(it arrived in Django 6\.0\)/);
    assert.equal(finding.fix, null);
  });

  test('EMAIL_* settings move into MAILERS["default"] on 6.1, keeping their expressions', () => {
    const root = project(
      { EMAIL_HOST: '"smtp.example.com"', EMAIL_PORT: '587', EMAIL_HOST_PASSWORD: 'os.environ.get("EMAIL_PASSWORD", "")', EMAIL_FILE_PATH: '"/tmp/mail"' },
      '6.1.1',
    );
    fixAndRecheck(root, 'DR023');
    const text = read(root, SETTINGS);
    assert.match(
      text,
      /^MAILERS = \{\n {4}"default": \{\n {8}"BACKEND": "django\.core\.mail\.backends\.smtp\.EmailBackend",\n {8}"OPTIONS": \{\n {12}"host": "smtp\.example\.com",\n {12}"port": 587,\n {12}"password": os\.environ\.get\("EMAIL_PASSWORD", ""\),\n {8}\},\n {4}\},\n\}$/m,
    );
    assert.doesNotMatch(text, /EMAIL_(HOST|PORT|FILE_PATH|HOST_PASSWORD) =/);
  });

  test('no MAILERS fix when another settings module sets EMAIL_* or the values are read elsewhere', () => {
    const split = writeProject({
      'manage.py': MANAGE_PY('conf.settings.production'),
      'requirements.txt': 'Django==6.1.1\n',
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': 'EMAIL_HOST = "smtp.example.com"\n',
      'conf/settings/production.py': 'from .base import *  # noqa\n',
      'conf/settings/development.py': 'from .base import *  # noqa\n\nEMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n',
    });
    assert.equal(findingsOf(analyzeOne(split), 'DR023')[0].fix, null);
    const used = project({ EMAIL_HOST_USER: '"robot@example.com"', SERVER_EMAIL: 'EMAIL_HOST_USER' }, '6.1.1');
    assert.equal(findingsOf(analyzeOne(used), 'DR023')[0].fix, null);
  });

  test('MAILERS together with EMAIL_HOST on 6.1 is a refusal to start', () => {
    const [finding] = findingsOf(analyzeOne(project({ MAILERS: '{"default": {}}', EMAIL_HOST: '"smtp.example.com"' }, '6.1.1')), 'DR021');
    assert.match(finding.message, /^Django 6\.1 refuses to start: EMAIL_HOST is set together with MAILERS/);
  });
});
