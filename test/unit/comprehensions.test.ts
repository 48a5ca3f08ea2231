// Ordinary Python in settings: comprehensions, builtins, membership (server/src/service/python/comprehensions.ts,
// pybuiltins.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containsString, toPlain } from '../../server/src/service/python/values';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, settingsProject } from '../helpers/project';

function analyse(settings: string, extra: Record<string, string> = {}): ProjectAnalysis {
  return analyzeOne(settingsProject(settings, extra));
}

function value(analysis: ProjectAnalysis, name: string): unknown {
  return toPlain(analysis.settings!.value(name));
}

describe('comprehensions and builtins', () => {
  test('list, set, dict comprehensions and generator expressions', () => {
    const a = analyse(
      'BASE = ["a", "b", "c"]\nL = [x.upper() for x in BASE if x != "b"]\nS = sorted({x for x in BASE})\nD = {x: i for i, x in enumerate(BASE)}\nANY = any(x == "c" for x in BASE)\nALL = all(len(x) == 1 for x in BASE)\nJ = ",".join(x for x in BASE)\n',
    );
    assert.deepEqual(
      ['L', 'S', 'D', 'ANY', 'ALL', 'J'].map((n) => value(a, n)),
      [['A', 'C'], ['a', 'b', 'c'], { a: 0, b: 1, c: 2 }, true, true, 'a,b,c'],
    );
  });

  test('map, filter, zip, range, min/max/sum, in / not in, dict.get / setdefault', () => {
    const a = analyse(
      'N = list(map(str, range(3)))\nF = list(filter(None, ["", "x", None]))\nZ = dict(zip(["a", "b"], [1, 2]))\nM = (min([3, 1]), max([3, 1]), sum([1, 2]))\nI = "b" in ["a", "b"] and "z" not in "abc"\nG = Z.get("c", 9)\nZ.setdefault("c", 3)\n',
    );
    assert.deepEqual(
      ['N', 'F', 'Z', 'M', 'I', 'G'].map((n) => value(a, n)),
      [['0', '1', '2'], ['x'], { a: 1, b: 2, c: 3 }, [1, 3, 3], true, 9],
    );
  });

  test('getattr on an imported project module, with a default', () => {
    const a = analyse('from mysite import defaults\nTIMEOUT = getattr(defaults, "TIMEOUT", 30)\nRETRIES = getattr(defaults, "RETRIES", 3)\n', {
      'mysite/defaults.py': 'TIMEOUT = 10\n',
    });
    assert.deepEqual([value(a, 'TIMEOUT'), value(a, 'RETRIES')], [10, 3]);
  });

  test('a list with an unknown part keeps its known entries', () => {
    const a = analyse('import os\nINSTALLED_APPS = ["django.contrib.sessions", "django.contrib.auth"] + os.environ["EXTRA_APPS"].split(",")\n');
    const apps = a.settings!.value('INSTALLED_APPS');
    assert.equal(containsString(apps, 'django.contrib.sessions'), true);
    assert.equal(containsString(apps, 'django.contrib.admin'), undefined, 'what else is there cannot be known');
  });

  test('a comprehension whose condition cannot be known is unknown, not a guess', () => {
    const a = analyse('import os\nAPPS = [x for x in ["a", "b"] if x != os.environ["SKIP"]]\n');
    assert.equal(a.settings!.value('APPS').kind, 'unknown');
  });
});
