import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, findingsOf, fixAndRecheck, read, settingsProject, splitSettingsProject } from '../helpers/project';
import { runWithSettings } from '../helpers/python';

const django = (version: string): Record<string, string> => ({ 'requirements.txt': `Django==${version}\n` });

function sessionCodes(analysis: ProjectAnalysis): string[] {
  return analysis.findings.filter((f) => f.area === 'session-cache').map((f) => f.code);
}

function sessionArea(analysis: ProjectAnalysis): string {
  return analysis.checklist.find((item) => item.area === 'session-cache')!.status;
}

const GROUP = (version: string): string => `\n# Deployment checklist: https://docs.djangoproject.com/en/${version}/howto/deployment/checklist/\n`;
/** The switch a settings file that serves development too gets when it has no DEBUG from the environment. */
const IN_PRODUCTION = 'if os.environ.get("DJANGO_DEBUG", "") != "1":';

const USES_SESSIONS =
  'SECRET_KEY = "x" * 50\nINSTALLED_APPS = ["django.contrib.sessions"]\nMIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\n';

/** The session engine and the class of the session cache Django 3.2 builds from the settings. */
function djangoSessions(root: string, module: string, env: Record<string, string> = {}): string {
  const script = [
    'import django',
    'django.setup()',
    'from django.conf import settings',
    'from django.core.cache import caches',
    'cache = caches[settings.SESSION_CACHE_ALIAS]',
    'print(settings.SESSION_ENGINE, type(cache).__module__ + "." + type(cache).__name__)',
  ].join('\n');
  const run = runWithSettings(root, module, script, env);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

describe('DR301 sessions in the database', () => {
  test('Django 3.2: cached_db sessions on a django-redis cache, which Django builds', () => {
    const root = settingsProject(USES_SESSIONS, django('3.2.25'));
    const [finding] = findingsOf(analyzeOne(root), 'DR301');
    assert.equal(finding.severity, 'info');
    assert.equal(finding.fix!.title, 'Use cached_db sessions in a Redis cache from $REDIS_URL in production, adds django-redis to requirements.txt');
    const after = fixAndRecheck(root, 'DR301');
    assert.deepEqual(sessionCodes(after), []);
    assert.equal(sessionArea(after), 'pass');
    assert.equal(
      read(root, 'mysite/settings.py'),
      `import os

${USES_SESSIONS}${GROUP('3.2')}${IN_PRODUCTION}
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        },
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
`,
    );
    assert.equal(read(root, 'requirements.txt'), 'Django==3.2.25\ndjango-redis>=5.0\n');
    // Production gets Redis without any variable set; development keeps Django's local cache, so runserver needs no Redis.
    assert.equal(djangoSessions(root, 'mysite.settings'), 'django.contrib.sessions.backends.cached_db django_redis.cache.RedisCache');
    assert.equal(
      djangoSessions(root, 'mysite.settings', { DJANGO_DEBUG: '1' }),
      'django.contrib.sessions.backends.cached_db django.core.cache.backends.locmem.LocMemCache',
    );
  });

  test('Django 4.0+: its own RedisCache; an already shared cache only changes the engine', () => {
    const root = settingsProject(USES_SESSIONS, django('4.2'));
    fixAndRecheck(root, 'DR301');
    assert.match(read(root, 'mysite/settings.py'), /"BACKEND": "django\.core\.cache\.backends\.redis\.RedisCache"/);
    const memcached = `${USES_SESSIONS}CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": "127.0.0.1:11211"}}\n`;
    const shared = settingsProject(memcached, django('4.2'));
    assert.equal(findingsOf(analyzeOne(shared), 'DR301')[0].fix!.title, 'Use cached_db sessions');
    fixAndRecheck(shared, 'DR301');
    assert.equal(read(shared, 'mysite/settings.py'), `${memcached}${GROUP('4.2')}SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"\n`);
    assert.equal(read(root, 'requirements.txt'), 'Django==4.2\nredis>=4.0\n');
  });

  test('a project without sessions is not judged', () => {
    const analysis = analyzeOne(settingsProject('INSTALLED_APPS = ["django.contrib.staticfiles"]\nMIDDLEWARE = []\n'));
    assert.deepEqual(sessionCodes(analysis), []);
    assert.equal(sessionArea(analysis), 'pass');
  });
});

describe('DR302 sessions in a cache the workers do not share', () => {
  const cachedDb = `${USES_SESSIONS}SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"\n`;

  test("CACHES unset: Django's per-process default; the fix adds Redis", () => {
    const root = settingsProject(cachedDb, django('5.2'));
    const [finding] = findingsOf(analyzeOne(root), 'DR302');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /CACHES is not set/);
    fixAndRecheck(root, 'DR302');
    assert.equal(
      read(root, 'mysite/settings.py'),
      `import os

${cachedDb}${GROUP('5.2')}${IN_PRODUCTION}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        },
    }
`,
    );
  });

  test('an explicit LocMemCache with cache-only sessions: DR302 and DR304; production gets Redis right after CACHES', () => {
    const settings = `${USES_SESSIONS}SESSION_ENGINE = "django.contrib.sessions.backends.cache"\nCACHES = {\n    "default": {\n        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",\n    },\n}\n`;
    const root = settingsProject(settings, django('3.2'));
    assert.deepEqual(sessionCodes(analyzeOne(root)).sort(), ['DR302', 'DR304']);
    assert.match(findingsOf(analyzeOne(root), 'DR302')[0].message, /logged out/);
    fixAndRecheck(root, 'DR302');
    assert.equal(
      read(root, 'mysite/settings.py'),
      `import os

${settings}${IN_PRODUCTION}\n    CACHES["default"] = {\n        "BACKEND": "django_redis.cache.RedisCache",\n        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),\n    }\n`,
    );
  });

  test('a production-only module overrides the inherited cache, with a local Redis unless $REDIS_URL says otherwise', () => {
    const base = `${cachedDb}CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}\n`;
    const root = splitSettingsProject(base, 'from .base import *  # noqa\n', django('3.2'));
    const [finding] = findingsOf(analyzeOne(root), 'DR302');
    assert.match(finding.location.file, /base\.py$/);
    assert.ok(finding.related.length > 0);
    fixAndRecheck(root, 'DR302');
    assert.equal(read(root, 'conf/settings/base.py'), base);
    assert.equal(
      read(root, 'conf/settings/production.py'),
      `import os\n\nfrom .base import *  # noqa\n${GROUP('3.2')}CACHES["default"] = {\n    "BACKEND": "django_redis.cache.RedisCache",\n    "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),\n}\n`,
    );
    assert.equal(
      djangoSessions(root, 'conf.settings.production', { REDIS_URL: 'redis://cache:6379/0' }),
      'django.contrib.sessions.backends.cached_db django_redis.cache.RedisCache',
    );
  });

  test('a SESSION_CACHE_ALIAS that CACHES does not define is an error, as Django 3.2 shows', () => {
    const settings = `${cachedDb}SESSION_CACHE_ALIAS = "sessions"\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}\n`;
    const root = settingsProject(settings, django('3.2'));
    const [finding] = findingsOf(analyzeOne(root), 'DR302');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /"sessions".*does not define/);
    const script =
      'import django\ndjango.setup()\nfrom django.contrib.sessions.backends.cached_db import SessionStore\ntry:\n    SessionStore().save()\nexcept Exception as error:\n    print(type(error).__name__)\n';
    assert.equal(runWithSettings(root, 'mysite.settings', script).stdout.trim(), 'InvalidCacheBackendError');
    fixAndRecheck(root, 'DR302');
    assert.equal(
      read(root, 'mysite/settings.py'),
      `import os\n\n${settings}${IN_PRODUCTION}\n    CACHES["sessions"] = {\n        "BACKEND": "django_redis.cache.RedisCache",\n        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),\n    }\n`,
    );
  });

  test('shared caches pass: Redis (Django and django-redis), Memcached, the database cache, a django-environ URL', () => {
    for (const backend of [
      '{"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://r"}',
      '{"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://r"}',
      '{"BACKEND": "django.core.cache.backends.memcached.PyLibMCCache", "LOCATION": "m:11211"}',
      '{"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}',
      'env.cache(default="redis://cache:6379/1")',
    ]) {
      const analysis = analyzeOne(settingsProject(`import environ\nenv = environ.Env()\n${cachedDb}CACHES = {"default": ${backend}}\n`, django('4.2')));
      assert.deepEqual(sessionCodes(analysis), [], backend);
      assert.equal(sessionArea(analysis), 'pass', backend);
    }
  });
});

describe('DR303 file-based cache, DR304 cache-only sessions', () => {
  test('a file-based cache is per host: info, with the same Redis fix', () => {
    const settings = `${USES_SESSIONS}SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/var/tmp/cache"}}\n`;
    const root = settingsProject(settings, django('4.2'));
    const analysis = analyzeOne(root);
    assert.deepEqual(sessionCodes(analysis), ['DR303']);
    assert.equal(sessionArea(analysis), 'warn');
    fixAndRecheck(root, 'DR303');
    assert.equal(
      read(root, 'mysite/settings.py'),
      `import os\n\n${settings}${IN_PRODUCTION}\n    CACHES["default"] = {\n        "BACKEND": "django.core.cache.backends.redis.RedisCache",\n        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),\n    }\n`,
    );
  });

  test('the cache engine on a shared cache: cached_db writes through to the database', () => {
    const settings = `${USES_SESSIONS}SESSION_ENGINE = "django.contrib.sessions.backends.cache"  # fast\nCACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://r"}}\n`;
    const root = settingsProject(settings, django('3.2'));
    assert.deepEqual(sessionCodes(analyzeOne(root)), ['DR304']);
    const after = fixAndRecheck(root, 'DR304');
    assert.equal(read(root, 'mysite/settings.py'), settings.replace('backends.cache"', 'backends.cached_db"'));
    assert.equal(sessionArea(after), 'pass');
  });
});
