import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describe as describeValue, toPlain, type Value } from '../../server/src/service/python/values';
import type { SettingsView } from '../../server/src/service/settings/settingsView';
import { analyzeOne, MANAGE_PY, settingsProject, writeProject } from '../helpers/project';

function view(settings: string, extra: Record<string, string> = {}): SettingsView {
  const analysis = analyzeOne(settingsProject(settings, extra));
  assert.ok(analysis.settings, 'settings were evaluated');
  return analysis.settings;
}

function plain(v: SettingsView, name: string): unknown {
  return toPlain(v.value(name));
}

describe('statements', () => {
  test('literals of every kind', () => {
    const v = view('A = "x"\nB = 3\nC = 1.5\nD = True\nE = None\nF = [1, "a"]\nG = (1,)\nH = {"k": {"n": [1]}}\nI = 0x10\nJ = 1_000\nK = b"raw"\n');
    assert.deepEqual(
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'].map((n) => plain(v, n)),
      ['x', 3, 1.5, true, null, [1, 'a'], [1], { k: { n: [1] } }, 16, 1000, 'raw'],
    );
  });

  test('string literal forms decode as Python does', () => {
    const v = view(
      `${String.raw`A = 'it\'s'`}\n${String.raw`B = r"\d+\n"`}\nC = """multi\nline"""\n${String.raw`D = "tab\there\x41\u00e9"`}\nE = "a" "b" 'c'\nF = f"{A}-{1}"\n`,
    );
    assert.equal(plain(v, 'A'), "it's");
    assert.equal(plain(v, 'B'), '\\d+\\n');
    assert.equal(plain(v, 'C'), 'multi\nline');
    assert.equal(plain(v, 'D'), 'tab\thereAé');
    assert.equal(plain(v, 'E'), 'abc');
    assert.equal(plain(v, 'F'), "it's-1");
  });

  test('chained, annotated and tuple assignments', () => {
    const v = view('A = B = 3\nC: int = 4\nD, E = 1, "two"\n(F, G) = [5, 6]\n');
    assert.deepEqual([plain(v, 'A'), plain(v, 'B'), plain(v, 'C'), plain(v, 'D'), plain(v, 'E'), plain(v, 'F'), plain(v, 'G')], [3, 3, 4, 1, 'two', 5, 6]);
  });

  test('augmented assignments', () => {
    const v = view('L = ["a"]\nL += ["b"]\nL += ("c",)\nS = "x"\nS += "y"\nN = 1\nN *= 5\n');
    assert.deepEqual(plain(v, 'L'), ['a', 'b', 'c']);
    assert.equal(plain(v, 'S'), 'xy');
    assert.equal(plain(v, 'N'), 5);
  });

  test('subscript assignments reach nested dicts and lists', () => {
    const v = view(
      [
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}',
        'DATABASES["default"]["CONN_MAX_AGE"] = 60',
        'TEMPLATES = [{"BACKEND": "x", "OPTIONS": {}}]',
        'TEMPLATES[0]["OPTIONS"]["loaders"] = ["a.Loader"]',
        'TEMPLATES[0]["APP_DIRS"] += 1',
      ].join('\n'),
    );
    assert.deepEqual(plain(v, 'DATABASES'), { default: { ENGINE: 'django.db.backends.postgresql', CONN_MAX_AGE: 60 } });
    assert.deepEqual((plain(v, 'TEMPLATES') as Record<string, unknown>[])[0].OPTIONS, { loaders: ['a.Loader'] });
  });

  test('list and dict methods mutate the setting', () => {
    const v = view(
      [
        'MIDDLEWARE = ["b", "c"]',
        'MIDDLEWARE.insert(0, "a")',
        'MIDDLEWARE.append("d")',
        'MIDDLEWARE.extend(["e", "f"])',
        'MIDDLEWARE.remove("c")',
        'CACHES = {}',
        'CACHES.update({"default": {"BACKEND": "x"}})',
        'CACHES.setdefault("default", {"BACKEND": "ignored"})',
        'CACHES.setdefault("other", {"BACKEND": "y"})',
        'CACHES["default"].update(LOCATION="redis://")',
      ].join('\n'),
    );
    assert.deepEqual(plain(v, 'MIDDLEWARE'), ['a', 'b', 'd', 'e', 'f']);
    assert.deepEqual(plain(v, 'CACHES'), { default: { BACKEND: 'x', LOCATION: 'redis://' }, other: { BACKEND: 'y' } });
  });

  test('unpacking in displays', () => {
    const v = view('A = ["x"]\nB = [*A, "y"]\nC = {"k": 1}\nD = {**C, "j": 2}\nE = A + ["z"]\n');
    assert.deepEqual(plain(v, 'B'), ['x', 'y']);
    assert.deepEqual(plain(v, 'D'), { k: 1, j: 2 });
    assert.deepEqual(plain(v, 'E'), ['x', 'z']);
  });

  test("del removes a name, which then takes Django's default", () => {
    const v = view('DEBUG = True\ndel DEBUG\n');
    assert.equal(plain(v, 'DEBUG'), false);
    assert.equal(v.get('DEBUG').isDefault, true);
  });
});

describe('expressions', () => {
  test('comparisons, boolean operators and conditional expressions', () => {
    const v = view('A = 1 if "x" in ["x"] else 2\nB = not []\nC = "" or "fallback"\nD = 0 and 5\nE = 3 > 2 > 1\nF = None is None\nG = "a" not in "abc"\n');
    assert.deepEqual(
      [plain(v, 'A'), plain(v, 'B'), plain(v, 'C'), plain(v, 'D'), plain(v, 'E'), plain(v, 'F'), plain(v, 'G')],
      [1, true, 'fallback', 0, true, true, false],
    );
  });

  test('str methods, int() and bool()', () => {
    const v = view('A = " A,B ".strip().lower().split(",")\nB = int("42")\nC = bool("False")\nD = "x-{}".format(3)\nE = "%s/%s" % ("a", "b")\n');
    assert.deepEqual(plain(v, 'A'), ['a', 'b']);
    assert.equal(plain(v, 'B'), 42);
    assert.equal(plain(v, 'C'), true, 'bool("False") is True in Python');
    assert.equal(plain(v, 'D'), 'x-3');
    assert.equal(plain(v, 'E'), 'a/b');
  });

  test('pathlib and os.path build absolute paths from __file__', () => {
    const root = settingsProject(
      'import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nT = BASE_DIR / "templates"\nU = str(BASE_DIR / "static")\nOLD = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nJ = os.path.join(OLD, "media")\nP = Path(__file__).parents[1]\n',
    );
    const v = analyzeOne(root).settings!;
    assert.equal(plain(v, 'BASE_DIR'), root);
    assert.equal(plain(v, 'T'), `${root}/templates`);
    assert.equal(plain(v, 'U'), `${root}/static`);
    assert.equal(plain(v, 'OLD'), root);
    assert.equal(plain(v, 'J'), `${root}/media`);
    assert.equal(plain(v, 'P'), root);
  });
});

describe('imports', () => {
  test('star import from a base module, then overrides and mutations', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('config.settings.production'),
      'config/__init__.py': '',
      'config/settings/__init__.py': '',
      'config/settings/base.py': 'DEBUG = True\nINSTALLED_APPS = ["a"]\n_PRIVATE = 1\n',
      'config/settings/production.py': 'from .base import *\nDEBUG = False\nINSTALLED_APPS += ["b"]\n',
    });
    const analysis = analyzeOne(root);
    const v = analysis.settings!;
    assert.equal(v.moduleName, 'config.settings.production');
    assert.equal(plain(v, 'DEBUG'), false);
    assert.deepEqual(plain(v, 'INSTALLED_APPS'), ['a', 'b']);
    assert.equal(v.has('_PRIVATE'), false, 'star imports skip underscore names');
    assert.deepEqual(
      analysis.evaluation!.modules.map((m) => m.ref.name),
      ['config.settings.production', 'config.settings.base'],
    );
    assert.match(v.get('DEBUG').binding!.statement.file, /production\.py$/);
    assert.match(v.get('INSTALLED_APPS').binding!.statement.file, /production\.py$/, 'the last statement that changed it');
    assert.match(v.get('INSTALLED_APPS').binding!.valueRange!.file, /base\.py$/, 'the list literal itself stays where it was written');
  });

  test('absolute imports, from-imports of names and module attributes', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('site_cfg.settings'),
      'site_cfg/__init__.py': '',
      'site_cfg/common.py': 'HOSTS = ["example.com"]\n',
      'site_cfg/settings.py': 'from site_cfg.common import HOSTS\nimport site_cfg.common as common\nALLOWED_HOSTS = HOSTS + common.HOSTS\n',
    });
    assert.deepEqual(plain(analyzeOne(root).settings!, 'ALLOWED_HOSTS'), ['example.com', 'example.com']);
  });

  test('optional local overrides: development modules are skipped, missing ones take the handler', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('mysite.settings'),
      'mysite/__init__.py': '',
      'mysite/local_settings.py': 'DEBUG = True\n',
      'mysite/settings.py':
        'DEBUG = False\ntry:\n    from .local_settings import *\nexcept ImportError:\n    pass\ntry:\n    from .missing import *\nexcept ImportError:\n    ALLOWED_HOSTS = ["handler"]\n',
    });
    const v = analyzeOne(root).settings!;
    assert.equal(plain(v, 'DEBUG'), false, 'production does not load local_settings');
    assert.deepEqual(plain(v, 'ALLOWED_HOSTS'), ['handler']);
  });

  test('a circular star import is reported, not followed forever', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('mysite.settings.production'),
      'mysite/__init__.py': '',
      'mysite/settings/__init__.py': '',
      'mysite/settings/base.py': 'from .production import *\nA = 1\n',
      'mysite/settings/production.py': 'from .base import *\nB = 2\n',
    });
    const analysis = analyzeOne(root);
    const cycle = analysis.findings.filter((f) => f.code === 'DR002');
    assert.equal(cycle.length, 1);
    assert.match(cycle[0].message, /mysite\.settings\.production → mysite\.settings\.base → mysite\.settings\.production/);
    assert.equal(plain(analysis.settings!, 'A'), 1);
    assert.equal(plain(analysis.settings!, 'B'), 2);
  });

  test('an unresolved relative import is reported', () => {
    const analysis = analyzeOne(settingsProject('from .nowhere import *\nDEBUG = False\n'));
    assert.deepEqual(
      analysis.findings.filter((f) => f.code === 'DR003').map((f) => f.location.range.start.line),
      [0],
    );
  });
});

describe('conditionals', () => {
  test('a known condition takes one branch', () => {
    const v = view('DEBUG = False\nif DEBUG:\n    X = 1\nelif 1 + 1 == 2:\n    X = 2\nelse:\n    X = 3\n');
    assert.equal(plain(v, 'X'), 2);
  });

  test('an unknown condition keeps both branches as possible values', () => {
    // Variables production must set have unknown values, so conditions on them cannot be decided.
    const v = view('import os\nif os.environ["USE_X"] == "1":\n    DEBUG = True\nelse:\n    DEBUG = False\nif os.environ["Y"]:\n    ALLOWED_HOSTS = ["a"]\n');
    const debug = v.value('DEBUG');
    assert.equal(debug.kind, 'union');
    assert.deepEqual((debug as Value & { kind: 'union' }).options.map(toPlain).sort(), [false, true]);
    const hosts = v.get('ALLOWED_HOSTS');
    assert.equal(hosts.binding!.maybeUnset, true);
    assert.equal(describeValue(hosts.value), '["a"] or []', "unset on one branch: Django's default applies there");
  });
});

describe('environment semantics', () => {
  test('a default is what production gets; no default means required and unknown', () => {
    const analysis = analyzeOne(
      settingsProject(
        'import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-key")\nDB_HOST = os.environ["DB_HOST"]\nSENTRY = os.getenv("SENTRY_DSN")\nDEBUG = os.environ.get("DJANGO_DEBUG", "False").lower() == "true"\n',
      ),
    );
    const v = analysis.settings!;
    const key = v.value('SECRET_KEY');
    assert.equal(key.kind, 'str');
    assert.deepEqual(key.env, { name: 'DJANGO_SECRET_KEY', required: false });
    assert.equal(v.value('DB_HOST').kind, 'unknown');
    assert.deepEqual(v.value('DB_HOST').env, { name: 'DB_HOST', required: true });
    assert.equal(v.value('SENTRY').kind, 'none', 'os.getenv without a default gives None when the variable is unset');
    assert.deepEqual(v.value('SENTRY').env, { name: 'SENTRY_DSN', required: false });
    assert.equal(plain(v, 'DEBUG'), false);
    assert.equal(v.value('DEBUG').env?.name, 'DJANGO_DEBUG');
    assert.deepEqual(
      analysis.environment.map((e) => [e.name, e.required, e.default ? toPlain(e.default) : null]),
      [
        ['DJANGO_SECRET_KEY', false, 'dev-key'],
        ['DB_HOST', true, null],
        ['SENTRY_DSN', false, null],
        ['DJANGO_DEBUG', false, 'False'],
      ],
    );
  });

  test('django-environ: defaults, schemes, and defaults returned uncast', () => {
    const v = view(
      'import environ\nenv = environ.Env(DEBUG=(bool, True), HOSTS=(list, ["x"]))\nenviron.Env.read_env()\nDEBUG = env("DEBUG")\nA = env.bool("A", default=False)\nB = env.bool("B", default="False")\nC = env.int("C", default=5)\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS")\nH = env("HOSTS")\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://u:p@db:5432/app?conn_max_age=60")}\nCACHES = {"default": env.cache(default="redis://cache:6379/1")}\n',
    );
    assert.equal(plain(v, 'DEBUG'), true);
    assert.equal(plain(v, 'A'), false);
    assert.equal(plain(v, 'B'), 'False', 'django-environ returns a default as written');
    assert.equal(plain(v, 'C'), 5);
    assert.deepEqual(v.value('ALLOWED_HOSTS').env, { name: 'ALLOWED_HOSTS', required: true });
    assert.deepEqual(plain(v, 'H'), ['x']);
    assert.deepEqual(plain(v, 'DATABASES'), {
      default: { ENGINE: 'django.db.backends.postgresql', NAME: 'app', USER: 'u', PASSWORD: 'p', HOST: 'db', PORT: 5432, CONN_MAX_AGE: 60 },
    });
    // Current django-environ on Django >= 4.0 maps redis URLs to Django's own RedisCache.
    assert.deepEqual(plain(v, 'CACHES'), { default: { BACKEND: 'django.core.cache.backends.redis.RedisCache', LOCATION: 'redis://cache:6379/1' } });
  });

  test('python-decouple casts the default; dj-database-url fills CONN_MAX_AGE', () => {
    const v = view(
      'from decouple import config, Csv\nimport dj_database_url\nDEBUG = config("DEBUG", default="True", cast=bool)\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="a.com, b.com", cast=Csv())\nSECRET_KEY = config("SECRET_KEY")\nDATABASES = {"default": dj_database_url.config(default="sqlite:///db.sqlite3", conn_max_age=600)}\nOTHER = dj_database_url.config()\n',
    );
    assert.equal(plain(v, 'DEBUG'), true);
    assert.deepEqual(plain(v, 'ALLOWED_HOSTS'), ['a.com', 'b.com']);
    assert.deepEqual(v.value('SECRET_KEY').env, { name: 'SECRET_KEY', required: true });
    assert.deepEqual(plain(v, 'DATABASES'), {
      default: {
        ENGINE: 'django.db.backends.sqlite3',
        NAME: 'db.sqlite3',
        USER: '',
        PASSWORD: '',
        HOST: '',
        PORT: '',
        CONN_MAX_AGE: 600,
        CONN_HEALTH_CHECKS: false,
      },
    });
    const other = v.value('OTHER');
    assert.equal(other.kind, 'dict');
    assert.equal((other as Value & { kind: 'dict' }).partial, true, 'the URL itself is unknown');
    assert.equal((toPlain(other) as Record<string, unknown>).CONN_MAX_AGE, 0);
  });
});

describe('Django defaults and version', () => {
  test("unset settings take the detected version's defaults", () => {
    const old = analyzeOne(settingsProject('X = 1\n', { 'requirements.txt': 'Django==3.2.25\n' })).settings!;
    const current = analyzeOne(settingsProject('X = 1\n', { 'pyproject.toml': '[project]\ndependencies = ["django>=5.1,<5.2"]\n' })).settings!;
    assert.equal(old.version.major, 3);
    assert.equal(current.version.minor, 1);
    assert.equal(old.value('SECURE_CROSS_ORIGIN_OPENER_POLICY').kind, 'unknown', 'the setting does not exist before 4.0');
    assert.equal(plain(current, 'SECURE_CROSS_ORIGIN_OPENER_POLICY'), 'same-origin');
    assert.equal(plain(old, 'USE_TZ'), false);
    assert.equal(plain(current, 'USE_TZ'), true);
    assert.equal(plain(current, 'X_FRAME_OPTIONS'), 'DENY');
  });
});

describe('bad input', () => {
  test('a syntax error mid-file: reported, and what comes before is still known', () => {
    const analysis = analyzeOne(settingsProject('DEBUG = False\nALLOWED_HOSTS = ["a"\nX = (\n'));
    const errors = analysis.findings.filter((f) => f.code === 'DR001');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0].severity, 'error');
    assert.equal(plain(analysis.settings!, 'DEBUG'), false);
  });

  test('non-UTF-8 bytes are reported and the rest still read', () => {
    const root = settingsProject('');
    const fs = require('node:fs') as typeof import('node:fs');
    fs.writeFileSync(`${root}/mysite/settings.py`, Buffer.concat([Buffer.from('DEBUG = False\nNAME = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]));
    const analysis = analyzeOne(root);
    assert.deepEqual(analysis.findings.filter((f) => f.code === 'DR005').length, 1);
    assert.equal(plain(analysis.settings!, 'DEBUG'), false);
  });
});

describe('optional code and the production branch', () => {
  test('with suppress(ImportError): an optional local module, as optional as try/except ImportError', () => {
    const root = settingsProject(
      'from contextlib import suppress\nDEBUG = False\nwith suppress(ImportError):\n    from .override_settings import *\nwith suppress(ImportError):\n    from .local import *\n',
      { 'mysite/local.py': 'DEBUG = True\n' },
    );
    const analysis = analyzeOne(root);
    assert.equal(toPlain(analysis.settings!.value('DEBUG')), false, "a development module is not production's");
    assert.deepEqual(
      analysis.findings.filter((f) => f.code === 'DR003'),
      [],
      'a missing optional module is not reported',
    );
  });

  test('branches on a DEBUG that cannot be read follow production, where DEBUG is off', () => {
    const v = view(
      'import os\nDEBUG = os.environ["DEBUG"] == "1"\nloaders = ["django.template.loaders.filesystem.Loader"]\nif not DEBUG:\n    loaders = [("django.template.loaders.cached.Loader", loaders)]\nLEVEL = "DEBUG" if DEBUG else "WARNING"\n',
    );
    assert.deepEqual(plain(v, 'loaders'), [['django.template.loaders.cached.Loader', ['django.template.loaders.filesystem.Loader']]]);
    assert.equal(plain(v, 'LEVEL'), 'WARNING');
  });
});

describe('optional development overrides that are not committed', () => {
  test("try: from settings_local import * (no such module in the project) is a developer's file: Django's defaults still apply", () => {
    const analysis = analyzeOne(
      settingsProject('INSTALLED_APPS = ["django.contrib.sessions"]\ntry:\n    from settings_local import *\nexcept ImportError:\n    pass\n'),
    );
    assert.equal(analysis.settings!.isOpen, false);
    assert.equal(toPlain(analysis.settings!.value('SESSION_COOKIE_SECURE')), false);
  });

  test('an optional import of another missing module may exist in production: what it could set is unknown', () => {
    const analysis = analyzeOne(settingsProject('try:\n    from deployment_overrides import *\nexcept ImportError:\n    pass\n'));
    assert.equal(analysis.settings!.value('SESSION_COOKIE_SECURE').kind, 'unknown');
  });
});
