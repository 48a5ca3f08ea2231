// "Show Production Settings" against the real thing: the effective settings document is read by Python's own parser,
// and every value in it, set or Django's default, must equal what Django 3.2's `django.conf.settings` holds when the
// production module is loaded (in an environment without the variables, so fallbacks apply); and it lists every
// setting the module ends with.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { effectiveSettingsText } from '../../server/src/service/settings/insight';
import { SYSTEM_PYTHON } from '../helpers/paths';
import { analyzeOne, MANAGE_PY, writeProject } from '../helpers/project';

const COMPARE = String.raw`
import ast, json, os, pathlib, sys
sys.path.insert(0, os.getcwd())
import django
from django.conf import settings
document = sys.stdin.read()

class Paths(ast.NodeTransformer):
    # Path('...') is how the document writes a pathlib path (compared as its string); everything else is a literal.
    def visit_Call(self, node):
        if getattr(node.func, "id", "") == "Path" and len(node.args) == 1:
            return node.args[0]
        return self.generic_visit(node)

def value_of(node):
    return ast.literal_eval(Paths().visit(node))

def plain(v):
    if isinstance(v, pathlib.PurePath): return str(v)
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    return v

shown = {}
for statement in ast.parse(document).body:
    shown[statement.targets[0].id] = plain(value_of(statement.value))
module = __import__(os.environ["DJANGO_SETTINGS_MODULE"], fromlist=["*"])
own = sorted(name for name in dir(module) if name.isupper())
# The configured values: django.conf.settings itself prefixes STATIC_URL and MEDIA_URL with the script name on access.
settings._setup()
configured = lambda name: plain(getattr(settings._wrapped, name, "<missing>"))
mismatches = {name: {"document": v, "django": configured(name)} for name, v in shown.items() if configured(name) != v}
print(json.dumps({"django": django.get_version(), "mismatches": mismatches, "missing": [n for n in own if n not in shown], "count": len(shown)}))
`;

test('the effective production settings document is Python, and says what Django 3.2 itself sees', () => {
  const root = writeProject({
    'manage.py': MANAGE_PY('conf.settings.development'),
    'requirements.txt': 'Django==3.2.25\n',
    'conf/__init__.py': '',
    'conf/settings/__init__.py': '',
    'conf/settings/base.py': [
      'import os',
      'from pathlib import Path',
      '',
      'BASE_DIR = Path(__file__).resolve().parent.parent.parent',
      'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "a-long-development-only-key-with-enough-characters-0123456789")',
      'DEBUG = True',
      'ALLOWED_HOSTS = []',
      'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]',
      'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}',
      'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"], "APP_DIRS": True, "OPTIONS": {}}]',
      'STATIC_URL = "/static/"',
      '',
    ].join('\n'),
    'conf/settings/development.py': 'from .base import *\n\nINTERNAL_IPS = ["127.0.0.1"]\n',
    'conf/settings/production.py': [
      'import os',
      '',
      'from .base import *',
      '',
      'DEBUG = False',
      'ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "shop.example.com,www.shop.example.com").split(",")',
      'SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "3600"))',
      'SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True',
      'CONN_MAX_AGE = 60',
      'DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE',
      '',
    ].join('\n'),
  });
  const analysis = analyzeOne(root);
  assert.equal(analysis.project.djangoVersion.major * 10 + analysis.project.djangoVersion.minor, 32);
  const document = effectiveSettingsText(analysis.project, analysis.evaluation!, 'production');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', DJANGO_SETTINGS_MODULE: 'conf.settings.production' };
  const run = spawnSync(SYSTEM_PYTHON, ['-c', COMPARE], { cwd: root, env, input: document, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `${run.stderr}\n${document}`);
  const result = JSON.parse(run.stdout) as { django: string; mismatches: Record<string, unknown>; missing: string[]; count: number };
  assert.match(result.django, /^3\.2/);
  assert.deepEqual(result.mismatches, {}, document);
  assert.deepEqual(result.missing, [], 'every setting the production module ends with is in the document');
  assert.ok(result.count > 40, `the set settings and Django's defaults: ${result.count}`);
  assert.match(
    document,
    /^ALLOWED_HOSTS = \['shop\.example\.com', 'www\.shop\.example\.com'\] {2}# conf\/settings\/production\.py:6; \$DJANGO_ALLOWED_HOSTS if set/m,
  );
});
