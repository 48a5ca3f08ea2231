// Settings modules written to break a static evaluator: nesting deeper than the call stack, values that double
// until memory runs out, loops whose iterations multiply, parent folders a billion levels up. Each must end
// with the offending value unknown and the statements after it still evaluated (a trailing DEBUG = True is
// reported), instead of a stack overflow, a frozen editor or a process out of memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { selfSharingModule, starImportChain } from '../helpers/hostile';
import { analyzeOne, codes, MANAGE_PY, settingsProject, writeProject } from '../helpers/project';

const deep = (open: string, close: string, depth = 20_000): string => `${open.repeat(depth)}1${close.repeat(depth)}`;

const EXPLOSIVE: Record<string, string> = {
  'nested brackets': `X = ${deep('[', ']')}`,
  'nested parentheses': `X = ${deep('(', ')')}`,
  'nested dicts': `X = ${deep('{"k": ', '}')}`,
  'a unary minus chain': `X = ${'-'.repeat(50_000)}1`,
  'a not chain': `X = ${'not '.repeat(50_000)}True`,
  'a long + chain': `X = 1${' + 1'.repeat(100_000)}`,
  'an attribute chain': `X = os${'.path'.repeat(50_000)}`,
  'a call chain': `X = str${'()'.repeat(50_000)}`,
  'a string doubled 40 times': `X = "ab"\n${'X = X + X\n'.repeat(40)}`,
  'a list doubled 40 times': `X = [1]\n${'X = X + X\n'.repeat(40)}`,
  'a list extended by itself': `X = [1]\n${'X += X\n'.repeat(40)}${'X.extend(X)\n'.repeat(40)}`,
  'repeated multiplication': 'X = "a" * 999\nX = X * 999\nX = X * 999\nX = X * 999\nY = [1] * 999\nY = Y * 999\nY = Y * 999',
  'replace, join and formatting that blow up': [
    'S = "a" * 999',
    'S = S * 999',
    'X = S.replace("a", S)',
    'X = "".join([S] * 999)',
    'X = ("%s" * 999) % tuple([S] * 999)',
    'X = ("{}" * 999).format(*([S] * 999))',
    `X = f"${'{S}'.repeat(600)}"`,
  ].join('\n'),
  'a path a billion folders up': 'import environ\nfrom pathlib import Path\nX = environ.Path(__file__) - 1000000000\nX = Path(__file__).parents[1000000000]',
  'values that share their parts (2^40 paths through 41 lists), in settings, comparisons and unions': selfSharingModule(40),
  'a list nested deeper than any walk may go': `X = []\n${'X = [X]\n'.repeat(20_000)}ALLOWED_HOSTS = X\nSAME = X == [X[0]]`,
};

describe('pathological settings modules', () => {
  for (const [name, statements] of Object.entries(EXPLOSIVE)) {
    test(`${name}: the value is unknown or bounded, and later statements still count`, () => {
      const analysis = analyzeOne(settingsProject(`import os\n${statements}\nDEBUG = True\n`));
      assert.ok(codes(analysis).includes('DR918'), `DEBUG = True after ${name} is still reported (got ${codes(analysis).join(' ')})`);
      const value = analysis.settings!.value('X');
      const size = value.kind === 'str' ? value.value.length : value.kind === 'list' ? value.items.length : 0;
      assert.ok(size <= 1 << 22, `X holds ${size} characters or items`);
    });
  }

  test('loops whose iterations multiply stop at the step budget and say the module is too complex', () => {
    const items = `[${Array.from({ length: 64 }, (_, i) => i).join(', ')}]`;
    const loops = `L = ${items}\nX = []\nfor a in L:\n    for b in L:\n        for c in L:\n            for d in L:\n                X.append(a)\n`;
    const analysis = analyzeOne(settingsProject(`import os\n${loops}DEBUG = True\n`));
    assert.ok(codes(analysis).includes('DR009'), codes(analysis).join(' '));
  });

  test('a 1,000-module star-import chain: followed to a depth, with a finding, and the module after the import still judged', () => {
    const analysis = analyzeOne(writeProject({ 'manage.py': MANAGE_PY('mysite.settings'), ...starImportChain(1000) }));
    assert.ok(codes(analysis).includes('DR009'), codes(analysis).join(' '));
    assert.ok(codes(analysis).includes('DR918'), codes(analysis).join(' '));
  });

  test('indentation deeper than Python allows does not overflow the stack', () => {
    const nested = Array.from({ length: 3000 }, (_, depth) => `${' '.repeat(depth)}if X:`).join('\n');
    const analysis = analyzeOne(settingsProject(`X = 1\n${nested}\n${' '.repeat(3000)}Y = 2\nDEBUG = True\n`));
    assert.ok(codes(analysis).includes('DR918'), codes(analysis).join(' '));
  });
});
