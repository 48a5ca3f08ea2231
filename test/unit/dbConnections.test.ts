import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, findingsOf, fixAndRecheck, MANAGE_PY, read, settingsProject, splitSettingsProject, writeProject } from '../helpers/project';
import { runWithSettings } from '../helpers/python';

const django = (version: string): Record<string, string> => ({ 'requirements.txt': `Django==${version}\n` });

function dbCodes(analysis: ProjectAnalysis): string[] {
  return analysis.findings.filter((f) => f.area === 'db-connections').map((f) => f.code);
}

function area(analysis: ProjectAnalysis): { status: string; reason: string } {
  return analysis.checklist.find((item) => item.area === 'db-connections')!;
}

/** The database settings Django 3.2 builds from the settings module, as JSON. */
function djangoDatabase(root: string, module: string, env: Record<string, string>): Record<string, unknown> {
  const run = runWithSettings(
    root,
    module,
    'import django, json\ndjango.setup()\nfrom django.db import connections\nprint(json.dumps(connections["default"].settings_dict, default=str))',
    env,
  );
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** The database a fix names after the project (its folder, here a temporary one). */
function databaseName(root: string): string {
  return path
    .basename(root)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const GROUP = (version: string): string => `# Deployment checklist: https://docs.djangoproject.com/en/${version}/howto/deployment/checklist/`;

const SQLITE_SETTINGS = `from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "x" * 50

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
`;

describe('DR101 SQLite in production', () => {
  test("a single settings file: PostgreSQL in production after the project's own DATABASES, SQLite behind DJANGO_DEBUG=1, the driver in the requirements", () => {
    const root = settingsProject(SQLITE_SETTINGS, django('3.2.25'));
    const name = databaseName(root);
    const [finding] = findingsOf(analyzeOne(root), 'DR101');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(
      [finding.location.range.start, finding.location.range.end],
      [
        { line: 6, character: 15 },
        { line: 9, character: 5 },
      ],
      "on the alias's own dict",
    );
    assert.equal(
      finding.fix?.title,
      `Use PostgreSQL in production (database ${name} on this host unless $DJANGO_DB_* say otherwise; adds psycopg2-binary to requirements.txt)`,
    );
    const after = fixAndRecheck(root, 'DR101');
    assert.deepEqual(dbCodes(after), [], 'the new entry keeps connections open too');
    assert.equal(
      read(root, 'mysite/settings.py'),
      `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "x" * 50

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
if os.environ.get("DJANGO_DEBUG", "") != "1":
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DJANGO_DB_NAME", "${name}"),
        "USER": os.environ.get("DJANGO_DB_USER", "${name}"),
        "PASSWORD": os.environ.get("DJANGO_DB_PASSWORD", ""),
        "HOST": os.environ.get("DJANGO_DB_HOST", ""),
        "PORT": os.environ.get("DJANGO_DB_PORT", ""),
        "CONN_MAX_AGE": 60,
    }
`,
    );
    assert.equal(read(root, 'requirements.txt'), 'Django==3.2.25\npsycopg2-binary>=2.8.4\n');
    assert.deepEqual(area(after).status, 'pass');
    // Django itself reads the result: PostgreSQL in production with no variable required, SQLite when a developer asks for it.
    const production = djangoDatabase(root, 'mysite.settings', {});
    assert.deepEqual([production.ENGINE, production.NAME, production.HOST, production.CONN_MAX_AGE], ['django.db.backends.postgresql', name, '', 60]);
    const configured = djangoDatabase(root, 'mysite.settings', { DJANGO_DB_NAME: 'app', DJANGO_DB_HOST: 'db' });
    assert.deepEqual([configured.NAME, configured.HOST], ['app', 'db']);
    assert.equal(djangoDatabase(root, 'mysite.settings', { DJANGO_DEBUG: '1' }).ENGINE, 'django.db.backends.sqlite3');
  });

  test('DEBUG driven by the environment is the switch: `if not DEBUG`', () => {
    const root = settingsProject(`import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n${SQLITE_SETTINGS}`, django('4.2'));
    fixAndRecheck(root, 'DR101');
    assert.match(read(root, 'mysite/settings.py'), /\n}\nif not DEBUG:\n {4}DATABASES\["default"\] = {\n/);
  });

  test('inherited from base.py: the production module gets its own entry, the base keeps serving development', () => {
    const base = SQLITE_SETTINGS;
    const root = splitSettingsProject(base, 'from .base import *  # noqa\n\nDEBUG = False\n', django('4.2'));
    const name = databaseName(root);
    const [finding] = findingsOf(analyzeOne(root), 'DR101');
    assert.match(finding.location.file, /base\.py$/);
    assert.ok(
      finding.related.some((info) => /production/.test(info.message)),
      'related information shows how production inherits it',
    );
    fixAndRecheck(root, 'DR101');
    assert.equal(read(root, 'conf/settings/base.py'), base);
    assert.equal(
      read(root, 'conf/settings/production.py'),
      `import os

from .base import *  # noqa

DEBUG = False

${GROUP('4.2')}
DATABASES["default"] = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": os.environ.get("DJANGO_DB_NAME", "${name}"),
    "USER": os.environ.get("DJANGO_DB_USER", "${name}"),
    "PASSWORD": os.environ.get("DJANGO_DB_PASSWORD", ""),
    "HOST": os.environ.get("DJANGO_DB_HOST", ""),
    "PORT": os.environ.get("DJANGO_DB_PORT", ""),
    "CONN_MAX_AGE": 60,
    "CONN_HEALTH_CHECKS": True,
}
`,
    );
    assert.equal(read(root, 'requirements.txt'), 'Django==4.2\npsycopg[binary]>=3.1.8\n');
  });

  test('a dj-database-url fallback to SQLite: no fix, since one would make $DATABASE_URL required where today it is not', () => {
    const root = settingsProject('import dj_database_url\n\nDATABASES = {"default": dj_database_url.config(default="sqlite:///db.sqlite3")}\n', django('4.2'));
    const [finding] = findingsOf(analyzeOne(root), 'DR101');
    assert.match(finding.message, /fallback used when \$DATABASE_URL is unset/);
    assert.equal(finding.fix, null);
  });

  test('django-environ in a production-only module: no fix either, the project chooses its database from $DATABASE_URL', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('conf.production'),
      'conf/__init__.py': '',
      'conf/production.py': 'import environ\n\nenv = environ.Env()\nDATABASES = {\n    "default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3"),\n}\n',
    });
    const [finding] = findingsOf(analyzeOne(root), 'DR101');
    assert.equal(finding.fix, null);
  });

  test('a database server, or no DATABASES at all, passes', () => {
    const postgres = analyzeOne(
      settingsProject('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}}\n'),
    );
    assert.deepEqual(dbCodes(postgres), []);
    assert.equal(area(postgres).status, 'pass');
    assert.equal(area(analyzeOne(settingsProject('DEBUG = False\n'))).status, 'pass');
  });
});

describe('DR102 connections not persistent', () => {
  const postgres = 'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "app",\n    },\n}\n';

  test('CONN_MAX_AGE unset: the fix adds it, with health checks from Django 4.1', () => {
    const old = settingsProject(postgres, django('3.2.25'));
    assert.deepEqual(dbCodes(analyzeOne(old)), ['DR102']);
    fixAndRecheck(old, 'DR102');
    assert.equal(
      read(old, 'mysite/settings.py'),
      'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "app",\n        "CONN_MAX_AGE": 60,\n    },\n}\n',
    );
    const current = settingsProject(postgres, django('4.2.11'));
    assert.match(findingsOf(analyzeOne(current), 'DR102')[0].message, /CONN_HEALTH_CHECKS = True/);
    fixAndRecheck(current, 'DR102');
    assert.equal(
      read(current, 'mysite/settings.py'),
      'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "app",\n        "CONN_MAX_AGE": 60,\n        "CONN_HEALTH_CHECKS": True,\n    },\n}\n',
    );
  });

  test('an explicit 0, written in a later subscript assignment, is changed where it is written', () => {
    const root = settingsProject(`${postgres}DATABASES["default"]["CONN_MAX_AGE"] = 0\n`, django('3.2'));
    const [finding] = findingsOf(analyzeOne(root), 'DR102');
    assert.equal(finding.location.range.start.line, 1);
    fixAndRecheck(root, 'DR102');
    assert.equal(read(root, 'mysite/settings.py'), `${postgres}DATABASES["default"]["CONN_MAX_AGE"] = 60\n`);
  });

  test('dj_database_url.config() without conn_max_age: a subscript assignment after it', () => {
    const root = settingsProject('import dj_database_url\nDATABASES = {"default": dj_database_url.config()}\n', django('3.2'));
    fixAndRecheck(root, 'DR102');
    assert.equal(
      read(root, 'mysite/settings.py'),
      'import dj_database_url\nDATABASES = {"default": dj_database_url.config()}\nDATABASES["default"]["CONN_MAX_AGE"] = 60\n',
    );
  });

  test('CONN_MAX_AGE from conn_max_age=, a later assignment, or an environment default passes', () => {
    for (const settings of [
      'import dj_database_url\nDATABASES = {"default": dj_database_url.config(conn_max_age=600)}\n',
      `${postgres}DATABASES["default"]["CONN_MAX_AGE"] = 60\n`,
      'import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "CONN_MAX_AGE": int(os.environ.get("DB_AGE", "60"))}}\n',
    ]) {
      assert.deepEqual(findingsOf(analyzeOne(settingsProject(settings, django('3.2'))), 'DR102'), [], settings);
    }
  });

  test('SQLite gets no persistent-connection advice, and an unreadable CONN_MAX_AGE is unknown', () => {
    assert.deepEqual(dbCodes(analyzeOne(settingsProject('DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}\n'))), ['DR101']);
    const unknown = analyzeOne(settingsProject('import environ\nenv = environ.Env()\nDATABASES = {"default": env.db()}\n'));
    assert.deepEqual(dbCodes(unknown), []);
    assert.equal(unknown.checklist.find((item) => item.area === 'db-connections')!.checks.find((check) => check.code === 'DR102')!.status, 'unknown');
  });
});

describe('DR103 unlimited connections without health checks', () => {
  const unlimited = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "CONN_MAX_AGE": None}}\n';

  test('before 4.1 there are no health checks: the fix recycles connections', () => {
    const root = settingsProject(unlimited, django('3.2'));
    assert.equal(findingsOf(analyzeOne(root), 'DR103')[0].severity, 'info');
    fixAndRecheck(root, 'DR103');
    assert.equal(read(root, 'mysite/settings.py'), unlimited.replace('None', '60'));
  });

  test('from 4.1 the fix turns health checks on, and with them the setting passes', () => {
    const root = settingsProject(unlimited, django('5.2'));
    assert.equal(area(analyzeOne(root)).status, 'warn');
    const after = fixAndRecheck(root, 'DR103');
    assert.equal(read(root, 'mysite/settings.py'), unlimited.replace('None}}', 'None, "CONN_HEALTH_CHECKS": True}}'));
    assert.equal(area(after).status, 'pass');
  });
});

describe('connection pools (DR104, DR105)', () => {
  const pooled = (maxAge: string): string =>
    `DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "app",\n        "OPTIONS": {"pool": True},\n${maxAge}    }\n}\n`;

  test('the same settings across Django versions: unsupported before 5.1, refused with CONN_MAX_AGE from 5.1', () => {
    const settings = pooled('        "CONN_MAX_AGE": 600,\n');
    const byVersion = Object.fromEntries(
      ['3.2', '4.2', '5.1', '5.2'].map((version) => [version, dbCodes(analyzeOne(settingsProject(settings, django(version))))]),
    );
    assert.deepEqual(byVersion, { '3.2': ['DR105'], '4.2': ['DR105'], '5.1': ['DR104'], '5.2': ['DR104'] });
  });

  test('DR104: the fix removes CONN_MAX_AGE, and the pool alone passes without CONN_MAX_AGE advice', () => {
    const root = settingsProject(pooled('        "CONN_MAX_AGE": 600,\n'), django('5.1'));
    const [finding] = findingsOf(analyzeOne(root), 'DR104');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /Pooling doesn't support persistent connections/);
    const after = fixAndRecheck(root, 'DR104');
    assert.equal(read(root, 'mysite/settings.py'), pooled(''));
    assert.deepEqual(dbCodes(after), [], 'no DR102 for a pooled database');
    assert.equal(area(after).status, 'pass');
    assert.deepEqual(dbCodes(analyzeOne(settingsProject(pooled('        "CONN_MAX_AGE": None,\n'), django('5.2')))), ['DR104'], 'None is persistent too');
  });

  test('DR104 with conn_max_age= of dj-database-url: the keyword is set to 0 where it is written', () => {
    const root = settingsProject(
      'import dj_database_url\nDATABASES = {"default": dj_database_url.config(conn_max_age=600)}\nDATABASES["default"]["OPTIONS"] = {"pool": True}\n',
      django('5.1'),
    );
    fixAndRecheck(root, 'DR104');
    assert.equal(
      read(root, 'mysite/settings.py'),
      'import dj_database_url\nDATABASES = {"default": dj_database_url.config(conn_max_age=0)}\nDATABASES["default"]["OPTIONS"] = {"pool": True}\n',
    );
  });

  test('DR105 is what Django 3.2 does: psycopg2 rejects the pool option when connecting', () => {
    const root = settingsProject(`SECRET_KEY = "x" * 50\n${pooled('        "HOST": "127.0.0.1",\n        "PORT": "1",\n')}`, django('3.2'));
    assert.deepEqual(dbCodes(analyzeOne(root)), ['DR105']);
    const script =
      'import django\ndjango.setup()\nfrom django.db import connection\ntry:\n    connection.ensure_connection()\nexcept Exception as error:\n    print(type(error).__name__, error)\n';
    const run = runWithSettings(root, 'mysite.settings', script);
    assert.match(run.stdout, /invalid connection option "pool"/);
  });
});
