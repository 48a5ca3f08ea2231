// Writes an assignment does not show, followed where they can be and reported where they cannot
// (server/src/service/python/dynamic.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toPlain } from '../../server/src/service/python/values';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, findingsOf, MANAGE_PY, settingsProject, writeProject } from '../helpers/project';

function analyse(settings: string, extra: Record<string, string> = {}): ProjectAnalysis {
  return analyzeOne(settingsProject(settings, extra));
}

function value(analysis: ProjectAnalysis, name: string): unknown {
  return toPlain(analysis.settings!.value(name));
}

function checkStatus(analysis: ProjectAnalysis, code: string): string | undefined {
  return analysis.checklist.flatMap((area) => area.checks).find((check) => check.code === code)?.status;
}

describe('writes the engine follows', () => {
  test('globals() and vars() with known names, sys.modules[__name__], setattr', () => {
    const a = analyse(
      'import sys\nglobals().update({"A": 1})\nglobals()["B"] = 2\nvars().update(C=3)\nsetattr(sys.modules[__name__], "D", 4)\nthis = sys.modules[__name__]\nthis.E = 5\n',
    );
    assert.deepEqual(
      ['A', 'B', 'C', 'D', 'E'].map((n) => value(a, n)),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(findingsOf(a, 'DR011'), []);
  });

  test('exec of a project file runs it in the settings namespace', () => {
    const a = analyse(
      'import os\nDEBUG = True\nwith open(os.path.join(os.path.dirname(__file__), "overrides.py")) as f:\n    exec(compile(f.read(), "overrides.py", "exec"))\n',
      {
        'mysite/overrides.py': 'DEBUG = False\nALLOWED_HOSTS = ["example.com"]\n',
      },
    );
    assert.deepEqual([value(a, 'DEBUG'), value(a, 'ALLOWED_HOSTS')], [false, ['example.com']]);
  });

  test("optional imports guarded by Path.exists(): a missing or development file is not production's", () => {
    const a = analyse(
      'from pathlib import Path\nBASE = Path(__file__).resolve().parent\nDEBUG = False\nif (BASE / "local_settings.py").exists():\n    from .local_settings import *\nif (BASE / "extra.py").exists():\n    from .extra import *\nif (BASE / "missing.py").exists():\n    from .missing import *\n',
      { 'mysite/local_settings.py': 'DEBUG = True\n', 'mysite/extra.py': 'TIME_ZONE = "UTC"\n' },
    );
    assert.equal(value(a, 'DEBUG'), false);
    assert.equal(value(a, 'TIME_ZONE'), 'UTC');
    assert.deepEqual(findingsOf(a, 'DR003'), []);
  });
});

describe('writes the engine cannot follow make settings unknown, never defaults', () => {
  const CASES: [string, string][] = [
    ['globals().update() with a computed dict', 'import json, os\nglobals().update(json.loads(os.environ["EXTRA"]))\n'],
    ['globals()[name] with a computed name', 'import os\nfor key in os.environ["KEYS"].split(","):\n    globals()[key] = True\n'],
    ['exec of a file outside the project', 'import os\nexec(open("/etc/mysite/settings.py").read())\n'],
    ['setattr on the module with a computed name', 'import os, sys\nsetattr(sys.modules[__name__], os.environ["NAME"], 1)\n'],
  ];
  for (const [name, code] of CASES) {
    test(name, () => {
      const a = analyse(`DEBUG = True\nSESSION_COOKIE_SECURE = False\n${code}SECRET_KEY = "django-insecure-abc"\n`);
      assert.equal(findingsOf(a, 'DR011').length, 1, 'one info finding says where sight was lost');
      assert.equal(a.settings!.value('DEBUG').kind, 'unknown', 'set before: may have been replaced');
      assert.equal(a.settings!.value('SECURE_HSTS_SECONDS').kind, 'unknown', "unset: not Django's default");
      assert.deepEqual(
        [findingsOf(a, 'DR918'), findingsOf(a, 'DR912'), findingsOf(a, 'DR904')],
        [[], [], []],
        'no finding rests on what could have been replaced',
      );
      assert.equal(checkStatus(a, 'DR918'), 'unknown');
      assert.equal(findingsOf(a, 'DR909').length, 1, 'set after: judged as usual');
    });
  }
});

describe('django-split-settings', () => {
  test('include() with optional() and globs, relative to the including file', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('app.settings'),
      'app/__init__.py': '',
      'app/settings/__init__.py':
        'from split_settings.tools import include, optional\ninclude("components/base.py", "components/extra_*.py", optional("local_settings.py"), optional("absent.py"))\n',
      'app/settings/components/base.py': 'DEBUG = False\nINSTALLED_APPS = ["django.contrib.auth"]\n',
      'app/settings/components/extra_a.py': 'INSTALLED_APPS += ["django.contrib.sessions"]\n',
      'app/settings/components/extra_b.py': 'TIME_ZONE = "UTC"\n',
      'app/settings/local_settings.py': 'DEBUG = True\n',
    });
    const a = analyzeOne(root);
    assert.equal(a.settings!.moduleName, 'app.settings');
    assert.deepEqual(
      [value(a, 'DEBUG'), value(a, 'INSTALLED_APPS'), value(a, 'TIME_ZONE')],
      [false, ['django.contrib.auth', 'django.contrib.sessions'], 'UTC'],
    );
    assert.deepEqual(findingsOf(a, 'DR011'), []);
  });

  test('include() of a file outside the project loses sight', () => {
    const a = analyse('from split_settings.tools import include, optional\nDEBUG = True\ninclude(optional("/etc/app/settings.py"))\n');
    assert.equal(findingsOf(a, 'DR011').length, 1);
    assert.equal(a.settings!.value('DEBUG').kind, 'unknown');
  });
});
