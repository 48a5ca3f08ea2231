// The path helpers (service/paths.ts) answer with string operations when a path is absolute and normal; on every
// path, normal or not, they must answer what node:path answers.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { entryPath, isInside, relativePath, resolved } from '../../server/src/service/paths';

/** isInside as it was written with path.relative alone. */
function insideByRelative(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const segment = fc.constantFrom('a', 'b', 'ab', 'a.b', '.', '..', '..a', '.a', '', 'templates', 'x y');
const somePath = fc
  .tuple(fc.boolean(), fc.array(segment, { maxLength: 5 }), fc.boolean())
  .map(([absolute, parts, trailing]) => `${absolute ? '/' : ''}${parts.join('/')}${trailing ? '/' : ''}`);

test('isInside agrees with path.relative, on normal paths and on any others', () => {
  const cases: [string, string][] = [
    ['/a/b', '/a'],
    ['/a', '/a'],
    ['/a/bc', '/a/b'],
    ['/a', '/a/b'],
    ['/x', '/'],
    ['/', '/'],
    ['/..a/x', '/'],
    ['/a/..b', '/a'],
    ['/a/b/../c', '/a'],
    ['/a//b', '/a/'],
    ['a/b', 'a'],
  ];
  for (const [child, parent] of cases) assert.equal(isInside(child, parent), insideByRelative(child, parent), `${child} in ${parent}`);
  fc.assert(
    fc.property(somePath, somePath, (child, parent) => isInside(child, parent) === insideByRelative(child, parent)),
    { numRuns: 5000 },
  );
  // Mostly normal absolute paths, where the string answer is taken.
  const normal = fc.array(fc.constantFrom('a', 'b', 'ab', '..a', '.a', 'a.b'), { maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
  fc.assert(
    fc.property(normal, normal, (child, parent) => isInside(child, parent) === insideByRelative(child, parent)),
    { numRuns: 5000 },
  );
});

test('relativePath is path.relative', () => {
  fc.assert(
    fc.property(somePath, somePath, (from, to) => relativePath(from, to) === path.relative(from, to)),
    { numRuns: 5000 },
  );
  const normal = fc.array(fc.constantFrom('a', 'b', 'ab', '..a', '.a'), { maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
  fc.assert(
    fc.property(normal, normal, (from, to) => relativePath(from, to) === path.relative(from, to)),
    { numRuns: 5000 },
  );
});

test('entryPath is path.join, and resolved is path.resolve', () => {
  const name = fc.constantFrom('a', 'b.py', '.env', '..a', '.', '..', '', 'x/y');
  fc.assert(
    fc.property(somePath, name, (dir, entry) => {
      assert.equal(entryPath(dir, entry), path.join(dir, entry), `${dir} + ${entry}`);
      assert.equal(resolved(dir), path.resolve(dir), dir);
    }),
    { numRuns: 5000 },
  );
});
