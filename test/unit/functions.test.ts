// Project-local helpers called at module level are evaluated (server/src/service/python/functions.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toPlain } from '../../server/src/service/python/values';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, settingsProject } from '../helpers/project';

function analyse(settings: string, extra: Record<string, string> = {}): ProjectAnalysis {
  return analyzeOne(settingsProject(settings, extra));
}

function value(analysis: ProjectAnalysis, name: string): unknown {
  return toPlain(analysis.settings!.value(name));
}

const HELPERS = `import os

def env_bool(name, default="False"):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")

def comma_list(name, default=""):
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]

def secret(name, required=False):
    value = os.getenv(name)
    if value is None:
        if required:
            raise OSError(name + " is not set")
        return None
    return value.strip()
`;

describe('helpers defined in the settings', () => {
  test('parameters, defaults, return and comprehensions inside', () => {
    const a = analyse(
      `${HELPERS}DEBUG = env_bool("DEBUG", "True")\nSECURE = env_bool("SECURE")\nALLOWED_HOSTS = comma_list("HOSTS", "a.example, b.example ,")\n`,
    );
    assert.deepEqual([value(a, 'DEBUG'), value(a, 'SECURE'), value(a, 'ALLOWED_HOSTS')], [true, false, ['a.example', 'b.example']]);
  });

  test('a helper that raises when a variable is missing makes that variable required, with the read listed at the call', () => {
    const settings = `${HELPERS}SECRET_KEY = secret("SECRET_KEY", required=True)\nSENTRY = secret("SENTRY_DSN")\n`;
    const callLine = settings.split('\n').findIndex((line) => line.startsWith('SECRET_KEY ='));
    const a = analyse(settings);
    assert.equal(a.settings!.value('SECRET_KEY').kind, 'unknown');
    assert.equal(value(a, 'SENTRY'), null);
    const reads = a.environment.filter((read) => read.name === 'SECRET_KEY');
    assert.ok(reads.every((read) => read.required));
    assert.ok(reads.length > 0 && reads.every((read) => read.location.range.start.line === callLine), 'listed where the settings call the helper');
  });

  test('a helper that builds a dict, with a bounded loop and an if', () => {
    const a = analyse(
      'def database(engine="postgresql", aliases=("default", "replica")):\n    result = {}\n    for alias in aliases:\n        if alias == "replica":\n            continue\n        result[alias] = {"ENGINE": "django.db.backends." + engine, "CONN_MAX_AGE": 60}\n    return result\nDATABASES = database()\n',
    );
    assert.deepEqual(value(a, 'DATABASES'), { default: { ENGINE: 'django.db.backends.postgresql', CONN_MAX_AGE: 60 } });
  });

  test('a helper imported from a project module, and lambdas', () => {
    const a = analyse('from mysite.helpers import strtobool\nflag = lambda text: strtobool(text)\nDEBUG = flag("no")\nUSE_TZ = bool(strtobool("yes"))\n', {
      'mysite/helpers.py': 'def strtobool(text):\n    return 1 if text.lower() in ("y", "yes", "1", "true") else 0\n',
    });
    assert.deepEqual([value(a, 'DEBUG'), value(a, 'USE_TZ')], [0, true]);
  });

  test("a helper that changes its argument in place changes the caller's setting", () => {
    const a = analyse(
      'def add_app(apps, name):\n    apps.append(name)\nINSTALLED_APPS = ["django.contrib.auth"]\nadd_app(INSTALLED_APPS, "django.contrib.sessions")\n',
    );
    assert.deepEqual(value(a, 'INSTALLED_APPS'), ['django.contrib.auth', 'django.contrib.sessions']);
  });

  test('beyond the budget (recursion, endless loops) the result is unknown and the module goes on', () => {
    const a = analyse('def forever(n):\n    return forever(n + 1)\ndef spin():\n    while True:\n        pass\nA = forever(0)\nB = spin()\nDEBUG = False\n');
    assert.equal(a.settings!.value('A').kind, 'unknown');
    assert.equal(a.settings!.value('B').kind, 'unknown');
    assert.equal(value(a, 'DEBUG'), false);
  });

  test("a helper writing its module's settings through globals()", () => {
    const a = analyse(
      'import os\n_UNSET = object()\ndef set_option(name, value):\n    if name in os.environ:\n        globals()[name] = os.environ[name]\n    elif name not in globals():\n        globals()[name] = value\ndef set_bool(name, value, context=None):\n    context = globals() if context is None else context\n    context.setdefault(name, value)\nset_option("SECURE_SSL_REDIRECT", True)\nSESSION_COOKIE_SECURE = True\nset_option("SESSION_COOKIE_SECURE", False)\nset_bool("CSRF_COOKIE_SECURE", True)\n',
    );
    assert.deepEqual([value(a, 'SECURE_SSL_REDIRECT'), value(a, 'SESSION_COOKIE_SECURE'), value(a, 'CSRF_COOKIE_SECURE')], [true, true, true]);
    assert.deepEqual(
      a.findings.filter((f) => f.code === 'DR011'),
      [],
      'known names are followed, nothing is lost',
    );
  });
});
