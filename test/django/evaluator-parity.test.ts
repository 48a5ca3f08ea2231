// The static evaluator against the real thing: for settings that Django can import, the values we compute must equal
// what `django.conf.settings` holds, in the same environment, under every supported series (test/django/djangoCheck.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toPlain } from '../../server/src/service/python/values';
import { analyzeOne, MANAGE_PY, writeProject } from '../helpers/project';
import { DJANGO_SERIES, type DjangoSeries, runPythonSync } from './djangoCheck';

const DUMP = `
import json, os, pathlib, sys
sys.path.insert(0, os.getcwd())
from django.conf import settings
names = json.loads(sys.argv[1])
def plain(v):
    if isinstance(v, pathlib.PurePath): return str(v)
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (str, int, float, bool)) or v is None: return v
    return {"repr": repr(v)}
out = {}
for name in names:
    out[name] = plain(getattr(settings, name)) if hasattr(settings, name) else {"missing": True}
print(json.dumps(out))
`;

function djangoValues(series: DjangoSeries, root: string, module: string, names: string[], env: Record<string, string>): Record<string, unknown> {
  const result = runPythonSync(series, ['-c', DUMP, JSON.stringify(names)], { cwd: root, env: { DJANGO_SETTINGS_MODULE: module, ...env } });
  assert.equal(result.status, 0, `Django could not load ${module}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

interface Scenario {
  name: string;
  files: Record<string, string>;
  module: string;
  /** Names whose values both sides must agree on. */
  compare: string[];
  /** Names we must report as unknown (they come from a required variable); Django gets `env` values for them. */
  unknown?: string[];
  /** Environment for Django: only required variables (ours are unknown), since fallbacks model an unset variable. */
  env?: Record<string, string>;
}

const single = (settings: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'manage.py': MANAGE_PY('proj.settings'),
  'proj/__init__.py': '',
  'proj/settings.py': settings,
  ...extra,
});

const SCENARIOS: Scenario[] = [
  {
    name: 'literals, chained and tuple assignment, arithmetic',
    module: 'proj.settings',
    files: single('A = B = 3\nC, D = "x", [1, (2, 3)]\nE = {"k": {"n": None}}\nF = 10 * 60 + 1\nG = 2 ** 10 // 3\nH = -5 % 3\nI = 1e3\nJ = 0o17 | 0b1\n'),
    compare: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'],
  },
  {
    name: 'string forms and methods',
    module: 'proj.settings',
    files: single(
      `${String.raw`A = "a" 'b' """c"""`}\n${String.raw`B = r"\d\n" + "\t\x41\u00e9\101"`}\nC = f"{A}-{len(A)}"\nD = " X,Y , z ".lower().split(",")\nE = [s.strip() for s in D]\nF = "%s:%d" % ("h", 80)\nG = "{}/{name}".format("a", name="b")\nH = "abc".upper().replace("B", "-").startswith("A-")\n`,
    ),
    compare: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
  },
  {
    name: 'pathlib and os.path',
    module: 'proj.settings',
    files: single(
      'import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / "static" / "root"\nTEMPLATE_DIR = str(BASE_DIR.joinpath("templates", "x"))\nOLD = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nMEDIA_ROOT = os.path.join(OLD, "media", "")\nUP = os.path.normpath(os.path.join(OLD, "a", "..", "b"))\nNAME = BASE_DIR.name\n',
    ),
    compare: ['BASE_DIR', 'STATIC_ROOT', 'TEMPLATE_DIR', 'OLD', 'MEDIA_ROOT', 'UP', 'NAME'],
  },
  {
    name: 'subscript assignment and list/dict methods',
    module: 'proj.settings',
    files: single(
      'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}\nDATABASES["default"]["CONN_MAX_AGE"] = 60\nDATABASES["default"]["OPTIONS"] = {}\nDATABASES["default"]["OPTIONS"]["timeout"] = 5\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "OPTIONS": {"context_processors": []}}]\nTEMPLATES[0]["OPTIONS"]["context_processors"].append("x.y")\nTEMPLATES[0]["DIRS"] += ["/srv/t"]\nMIDDLEWARE = ["b", "c"]\nMIDDLEWARE.insert(0, "a")\nMIDDLEWARE.extend(("d",))\nMIDDLEWARE.remove("c")\nCACHES = {}\nCACHES.setdefault("default", {"BACKEND": "x"})\nCACHES.update(other={"BACKEND": "y"})\nLOGGING = {**CACHES, "version": 1}\nINSTALLED_APPS = [*MIDDLEWARE, "z"]\n',
    ),
    compare: ['DATABASES', 'TEMPLATES', 'MIDDLEWARE', 'CACHES', 'LOGGING', 'INSTALLED_APPS'],
  },
  {
    name: 'split settings: star import, override, augmented assignment, optional local module',
    module: 'conf.settings.production',
    files: {
      'manage.py': MANAGE_PY('conf.settings.local'),
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': 'DEBUG = True\nINSTALLED_APPS = ["django.contrib.contenttypes"]\nALLOWED_HOSTS = []\n_HIDDEN = 1\n',
      'conf/settings/production.py':
        'from .base import *  # noqa\nfrom .base import INSTALLED_APPS as APPS\nDEBUG = False\nINSTALLED_APPS += ["django.contrib.auth"]\nALLOWED_HOSTS.append("example.com")\ntry:\n    from .missing_local import *  # noqa\nexcept ImportError:\n    LOCAL = False\n',
    },
    compare: ['DEBUG', 'INSTALLED_APPS', 'ALLOWED_HOSTS', 'LOCAL', 'APPS'],
  },
  {
    name: 'conditionals with known conditions and conditional expressions',
    module: 'proj.settings',
    files: single(
      'DEBUG = False\nif DEBUG:\n    X = "dev"\nelif not DEBUG and 1 < 2:\n    X = "prod"\nelse:\n    X = "never"\nY = "a" if "k" in {"k": 1} else "b"\nZ = None or [] or "last"\nW = 1 and 0\nfor name in ["p", "q"]:\n    X += name\n',
    ),
    compare: ['X', 'Y', 'Z', 'W'],
  },
  {
    name: 'os.environ fallbacks (variables unset) and required variables',
    module: 'proj.settings',
    files: single(
      'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDEBUG = os.environ.get("DJANGO_DEBUG", "False").lower() in ("1", "true", "yes")\nALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "a.example.com,b.example.com").split(",")\nPORT = int(os.getenv("PORT", "8000"))\nTIMEOUT = int(os.environ.setdefault("TIMEOUT", "30"))\nEMAIL_HOST = os.getenv("EMAIL_HOST", default="localhost")\n',
    ),
    compare: ['DEBUG', 'ALLOWED_HOSTS', 'PORT', 'TIMEOUT', 'EMAIL_HOST'],
    unknown: ['SECRET_KEY'],
    env: { DJANGO_SECRET_KEY: 'k'.repeat(50) },
  },
  {
    name: 'django-environ: scheme defaults, typed readers, database and cache URLs',
    module: 'proj.settings',
    files: single(
      'import environ\nenv = environ.Env(DEBUG=(bool, False), WORKERS=(int, 3))\nDEBUG = env("DEBUG")\nWORKERS = env("WORKERS")\nA = env.bool("A", default=True)\nB = env.str("B", default="plain")\nC = env.list("C", default=["x", "y"])\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://user:pw@db.internal:5433/shop")}\nCACHES = {"default": env.cache("CACHE_URL", default="rediscache://cache:6379/1")}\nSECRET_KEY = env("SECRET_KEY")\n',
      // Debian ships django-environ 0.4.4, which still names PostgreSQL's backend postgresql_psycopg2.
      { 'requirements.txt': 'Django==3.2.25\ndjango-environ==0.4.4\n' },
    ),
    compare: ['DEBUG', 'WORKERS', 'A', 'B', 'C', 'DATABASES'],
    unknown: ['SECRET_KEY'],
    env: { SECRET_KEY: 'k'.repeat(50) },
  },
  {
    name: 'python-decouple: casts apply to defaults',
    module: 'proj.settings',
    files: single(
      'from decouple import config, Csv\nDEBUG = config("DEBUG", default="no", cast=bool)\nHOSTS = config("HOSTS", default="a.com, b.com", cast=Csv())\nPORT = config("PORT", default=5432, cast=int)\nNAME = config("NAME", default="app")\nSECRET_KEY = config("SECRET_KEY")\n',
    ),
    compare: ['DEBUG', 'HOSTS', 'PORT', 'NAME'],
    unknown: ['SECRET_KEY'],
    env: { SECRET_KEY: 'k'.repeat(50) },
  },
  {
    name: 'dj-database-url defaults',
    module: 'proj.settings',
    files: single(
      'import dj_database_url\nDATABASES = {"default": dj_database_url.config(default="postgres://u:p@h:5432/n", conn_max_age=600)}\nOTHER = dj_database_url.parse("mysql://root@localhost/app")\nLITE = dj_database_url.config(default="sqlite:////var/db/app.sqlite3")\n',
      {
        // Debian's dj-database-url 0.5.0: legacy backend name, no CONN_HEALTH_CHECKS key.
        'requirements.txt': 'Django==3.2.25\ndj-database-url==0.5.0\n',
      },
    ),
    compare: ['DATABASES', 'OTHER', 'LITE'],
  },
  {
    name: 'environment reads without defaults, guards, walrus, try/except KeyError (variables unset)',
    module: 'proj.settings',
    files: single(
      'import os\nDEBUG = not os.environ.get("PRODUCTION")\nSECURE = os.getenv("SECURE_FLAG") == "1"\nif "EXTRA_SECRET" in os.environ:\n    A = os.environ["EXTRA_SECRET"]\nelse:\n    A = "fallback"\nif level := os.getenv("LEVEL"):\n    B = level\nelse:\n    B = "INFO"\nC = os.environ["C_NAME"] if "C_NAME" in os.environ else "c"\ntry:\n    D = int(os.environ["PORT_NUMBER"])\nexcept KeyError:\n    D = 8000\nE = os.environ.get("E_VALUE") or "e"\nF = os.environ.get("F_VALUE") and "f"\n',
    ),
    compare: ['DEBUG', 'SECURE', 'A', 'B', 'C', 'D', 'E', 'F'],
  },
  {
    name: 'project helper functions: defaults, loops, a raise that makes a variable required',
    module: 'proj.settings',
    files: single(
      'import os\nfrom proj.util import env_list\n\ndef env_bool(name, default="false"):\n    return os.environ.get(name, default).lower() in ("1", "true", "yes")\n\ndef required(name):\n    value = os.getenv(name)\n    if value is None:\n        raise RuntimeError(name)\n    return value\n\ndef database(names=("default", "replica")):\n    result = {}\n    for alias in names:\n        if alias == "replica":\n            continue\n        result[alias] = {"ENGINE": "django.db.backends.sqlite3", "NAME": alias + ".db", "CONN_MAX_AGE": 60}\n    return result\n\nDEBUG = env_bool("DEBUG_FLAG", "True")\nSECURE = env_bool("SECURE_FLAG")\nALLOWED_HOSTS = env_list("HOSTS", "a.example, b.example")\nDATABASES = database()\nSECRET_KEY = required("THE_SECRET")\nflag = lambda text: text.upper()\nMODE = flag("prod")\n',
      {
        'proj/util.py':
          'import os\n\ndef env_list(name, default=""):\n    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]\n',
      },
    ),
    compare: ['DEBUG', 'SECURE', 'ALLOWED_HOSTS', 'DATABASES', 'MODE'],
    unknown: ['SECRET_KEY'],
    env: { THE_SECRET: 'k'.repeat(50) },
  },
  {
    name: 'ordinary Python: comprehensions, builtins, getattr on a module, dict methods',
    module: 'proj.settings',
    files: single(
      'from proj import defaults\nBASE = ["a", "b", "c"]\nL = [x.upper() for x in BASE if x != "b"]\nS = sorted({x for x in BASE})\nD = {x: i for i, x in enumerate(BASE)}\nANY = any(x == "c" for x in BASE)\nJ = ",".join(x for x in BASE)\nN = list(map(str, range(3)))\nZ = dict(zip(["a", "b"], [1, 2]))\nZ.setdefault("c", 3)\nG = Z.get("missing", 9)\nT = getattr(defaults, "TIMEOUT", 30)\nR = getattr(defaults, "RETRIES", 3)\nM = (min([3, 1]), max([3, 1]), sum([1, 2]), len(BASE))\nI = isinstance(T, int) and type(T) is int\n',
      { 'proj/defaults.py': 'TIMEOUT = 10\n' },
    ),
    compare: ['L', 'S', 'D', 'ANY', 'J', 'N', 'Z', 'G', 'T', 'R', 'M', 'I'],
  },
  {
    name: 'writes through globals(), vars(), sys.modules and exec of a project file; Path.exists() guards',
    module: 'proj.settings',
    files: single(
      'import os, sys\nfrom pathlib import Path\nHERE = Path(__file__).resolve().parent\nglobals().update({"A": 1})\nglobals()["B"] = 2\nvars().update(C=3)\nsetattr(sys.modules[__name__], "D", 4)\n\ndef set_default(name, value):\n    if name not in globals():\n        globals()[name] = value\n\nset_default("E", 5)\nset_default("A", 99)\nwith open(os.path.join(os.path.dirname(__file__), "overrides.py")) as f:\n    exec(compile(f.read(), "overrides.py", "exec"))\nif (HERE / "absent.py").exists():\n    from .absent import *\nelse:\n    F = "no local file"\n',
      { 'proj/overrides.py': 'G = "from overrides"\nB = B * 10\n' },
    ),
    compare: ['A', 'B', 'C', 'D', 'E', 'F', 'G'],
  },
  {
    name: 'django-split-settings: include() with optional() and a glob, relative to the including file',
    module: 'proj.settings',
    files: {
      'manage.py': MANAGE_PY('proj.settings'),
      'proj/__init__.py': '',
      'proj/settings/__init__.py':
        'from split_settings.tools import include, optional\ninclude("components/base.py", "components/extra_*.py", optional("missing.py"))\n',
      'proj/settings/components/base.py': 'DEBUG = False\nINSTALLED_APPS = ["django.contrib.contenttypes"]\n',
      'proj/settings/components/extra_a.py': 'INSTALLED_APPS += ["django.contrib.auth"]\n',
      'proj/settings/components/extra_b.py': 'TIME_ZONE = "Europe/Oslo"\nDEBUG = not DEBUG\n',
    },
    compare: ['DEBUG', 'INSTALLED_APPS', 'TIME_ZONE'],
  },
  {
    name: 'absolute imports of project modules and module attributes',
    module: 'proj.settings',
    files: single(
      'from proj.common import HOSTS, PORT as P\nimport proj.common\nimport proj.common as c\nALLOWED_HOSTS = HOSTS + proj.common.HOSTS + c.HOSTS\nPORT = P\n',
      { 'proj/common.py': 'HOSTS = ["h"]\nPORT = 1\n' },
    ),
    compare: ['ALLOWED_HOSTS', 'PORT'],
  },
];

for (const series of DJANGO_SERIES)
  describe(`evaluator values equal Django ${series}'s settings`, () => {
    const probe = runPythonSync(series, ['-c', 'import django, environ, decouple, dj_database_url, split_settings'], { cwd: '/' });
    const skip =
      probe.status === 0
        ? false
        : `Debian's python3-django, python3-django-environ, python3-decouple, python3-dj-database-url and python3-django-split-settings are needed (scripts/system-deps.sh installs them): ${probe.stderr}`;
    for (const scenario of SCENARIOS) {
      test(scenario.name, { skip }, () => {
        const root = writeProject(scenario.files);
        const analysis = analyzeOne(root, { settingsModule: scenario.module });
        const view = analysis.settings!;
        const names = [...scenario.compare, ...(scenario.unknown ?? [])];
        const theirs = djangoValues(series, root, scenario.module, names, scenario.env ?? {});
        for (const name of scenario.compare) {
          const ours = view.value(name);
          assert.notEqual(ours.kind, 'unknown', `${name} should be known statically (${JSON.stringify(ours)})`);
          assert.deepEqual(toPlain(ours), theirs[name], `${scenario.name}: ${name}`);
        }
        for (const name of scenario.unknown ?? []) assert.equal(view.value(name).kind, 'unknown', `${name} depends on code or variables we cannot see`);
      });
    }
  });
