// The environment rule, idiom by idiom: production leaves a variable unset unless the settings cannot import
// without it (server/src/service/python/environment.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toPlain } from '../../server/src/service/python/values';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, settingsProject } from '../helpers/project';

function analyse(settings: string): ProjectAnalysis {
  return analyzeOne(settingsProject(`import os\n${settings}`));
}

function value(analysis: ProjectAnalysis, name: string): unknown {
  return toPlain(analysis.settings!.value(name));
}

function required(analysis: ProjectAnalysis): string[] {
  return [...new Set(analysis.environment.filter((read) => read.required).map((read) => read.name))].sort();
}

describe('reads that cannot fail give what Python gives for an unset variable', () => {
  test('os.environ.get / os.getenv without a default give None', () => {
    const a = analyse('DEBUG = not os.environ.get("PRODUCTION")\nSESSION_COOKIE_SECURE = os.getenv("SECURE") == "1"\nRAW = os.getenv("RAW")\n');
    assert.equal(value(a, 'DEBUG'), true);
    assert.equal(value(a, 'SESSION_COOKIE_SECURE'), false);
    assert.equal(value(a, 'RAW'), null);
    assert.deepEqual(required(a), [], 'none of these variables is required');
  });

  test('a read without a default is optional in the list of variables, with None as what production gets', () => {
    const a = analyse('SENTRY_DSN = os.getenv("SENTRY_DSN")\n');
    const read = a.environment.find((r) => r.name === 'SENTRY_DSN')!;
    assert.equal(read.required, false);
    assert.equal(read.default?.kind, 'none');
  });

  test('or, and and conditional expressions follow the unset value', () => {
    const a = analyse('A = os.environ.get("A") or "fallback"\nB = os.environ.get("B") and "set"\nC = "on" if os.getenv("C") else "off"\n');
    assert.deepEqual([value(a, 'A'), value(a, 'B'), value(a, 'C')], ['fallback', null, 'off']);
  });
});

describe('reads under a guard are optional', () => {
  test('if "X" in os.environ / if os.getenv("X") / walrus: the guarded branch is not production\'s', () => {
    const a = analyse(
      'if "SECRET_KEY" in os.environ:\n    SECRET_KEY = os.environ["SECRET_KEY"]\nelse:\n    SECRET_KEY = "dev"\n' +
        'if os.getenv("HOSTS"):\n    ALLOWED_HOSTS = os.environ["HOSTS"].split(",")\nelse:\n    ALLOWED_HOSTS = ["localhost"]\n' +
        'if level := os.getenv("LEVEL"):\n    LOG_LEVEL = level\nelse:\n    LOG_LEVEL = "INFO"\n',
    );
    assert.deepEqual([value(a, 'SECRET_KEY'), value(a, 'ALLOWED_HOSTS'), value(a, 'LOG_LEVEL')], ['dev', ['localhost'], 'INFO']);
    assert.deepEqual(required(a), []);
  });

  test('X if "X" in os.environ else d, and try/except KeyError', () => {
    const a = analyse(
      'NAME = os.environ["NAME"] if "NAME" in os.environ else "app"\ntry:\n    PORT = int(os.environ["PORT"])\nexcept KeyError:\n    PORT = 8000\n',
    );
    assert.deepEqual([value(a, 'NAME'), value(a, 'PORT')], ['app', 8000]);
    assert.deepEqual(required(a), []);
  });
});

describe('reads that raise make a variable required', () => {
  test('os.environ["X"], env("X"), config("X") without defaults are required, present and unknown', () => {
    const a = analyzeOne(
      settingsProject('import os\nimport environ\nfrom decouple import config\nenv = environ.Env()\nA = os.environ["A"]\nB = env("B")\nC = config("C")\n'),
    );
    assert.deepEqual(required(a), ['A', 'B', 'C']);
    for (const name of ['A', 'B', 'C']) assert.equal(a.settings!.value(name).kind, 'unknown');
  });

  test('a required variable holds a string: `is None` is False and `in os.environ` is True', () => {
    const a = analyse('KEY = os.environ["KEY"]\nMISSING = KEY is None\nPRESENT = "KEY" in os.environ\n');
    assert.deepEqual([value(a, 'MISSING'), value(a, 'PRESENT')], [false, true]);
  });

  test('a raise an unset variable leads to makes that variable required', () => {
    const a = analyse(
      'URL = os.environ.get("FRONTEND_URL", "")\nif not URL:\n    raise RuntimeError("FRONTEND_URL must be set in production")\nDEBUG = False\n',
    );
    assert.deepEqual(required(a), ['FRONTEND_URL']);
    assert.equal(value(a, 'DEBUG'), false, 'later statements still run');
    assert.deepEqual(
      a.findings.filter((f) => f.code === 'DR012'),
      [],
      'not reported as a settings module that raises',
    );
  });

  test('a raise no variable explains is reported and its statement left out', () => {
    const a = analyse('A = 1\nif A == 1:\n    raise RuntimeError("configure me")\nB = 2\n');
    assert.equal(a.findings.filter((f) => f.code === 'DR012').length, 1);
    assert.equal(value(a, 'B'), 2);
  });
});
