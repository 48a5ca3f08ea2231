// The CLI's writer (host/fixWriter.ts) against links: it edits a file only when its real path is inside the
// project, creates only where nothing is (not even a dangling link), and keeps a file's byte order mark.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { FixWriteError, writeFix } from '../../server/src/host/fixWriter';
import type { Fix } from '../../server/src/service/types';
import { writeProject } from '../helpers/project';

const AT_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function edit(file: string, newText: string): Fix {
  return { title: 'edit', changes: [{ kind: 'edit', file, edits: [{ range: AT_START, newText }] }] };
}

function create(file: string, content: string): Fix {
  return { title: 'create', changes: [{ kind: 'create', file, content }] };
}

describe('fixWriter', () => {
  test('a file linked outside the project is not edited', () => {
    const outside = writeProject({ 'target.py': 'X = 1\n' });
    const root = writeProject({ 'keep.txt': '' });
    fs.symlinkSync(path.join(outside, 'target.py'), path.join(root, 'linked.py'));
    assert.throws(
      () => writeFix(edit(path.join(root, 'linked.py'), 'import os\n'), root),
      (error: Error) => error instanceof FixWriteError && /resolves outside the project folder/.test(error.message),
    );
    assert.equal(fs.readFileSync(path.join(outside, 'target.py'), 'utf8'), 'X = 1\n');
  });

  test('a file linked to another file inside the project is edited there, and the link stays a link', () => {
    const root = writeProject({ 'real/target.py': 'X = 1\n' });
    fs.symlinkSync(path.join(root, 'real', 'target.py'), path.join(root, 'linked.py'));
    writeFix(edit(path.join(root, 'linked.py'), 'import os\n'), root);
    assert.equal(fs.readFileSync(path.join(root, 'real', 'target.py'), 'utf8'), 'import os\nX = 1\n');
    assert.ok(fs.lstatSync(path.join(root, 'linked.py')).isSymbolicLink());
  });

  test('nothing is created through a dangling link, in a folder linked outside, or over a file that exists', () => {
    const outside = writeProject({ 'keep.txt': '' });
    const root = writeProject({ 'present.txt': 'mine\n' });
    fs.symlinkSync(path.join(outside, 'made-through-link.py'), path.join(root, 'dangling.py'));
    fs.symlinkSync(outside, path.join(root, 'elsewhere'));
    for (const target of [
      path.join(root, 'dangling.py'),
      path.join(root, 'elsewhere', 'new.py'),
      path.join(root, 'elsewhere', 'deeper', 'new.py'),
      path.join(root, 'present.txt'),
    ]) {
      assert.throws(() => writeFix(create(target, 'content\n'), root), FixWriteError, target);
    }
    assert.deepEqual(fs.readdirSync(outside), ['keep.txt']);
    assert.equal(fs.readFileSync(path.join(root, 'present.txt'), 'utf8'), 'mine\n');
  });

  test('one refused change stops the whole fix before anything is written', () => {
    const outside = writeProject({ 'target.py': 'X = 1\n' });
    const root = writeProject({ 'inside.py': 'Y = 2\n' });
    fs.symlinkSync(path.join(outside, 'target.py'), path.join(root, 'linked.py'));
    const fix: Fix = {
      title: 'two files',
      changes: [...edit(path.join(root, 'inside.py'), '# a\n').changes, ...edit(path.join(root, 'linked.py'), '# b\n').changes],
    };
    assert.throws(() => writeFix(fix, root), FixWriteError);
    assert.equal(fs.readFileSync(path.join(root, 'inside.py'), 'utf8'), 'Y = 2\n');
  });

  test('new folders are made inside, and a byte order mark survives an edit', () => {
    const root = writeProject({ 'bom.py': '\ufeffX = 1\n' });
    writeFix(create(path.join(root, 'a', 'b', 'c.txt'), 'made\n'), root);
    assert.equal(fs.readFileSync(path.join(root, 'a', 'b', 'c.txt'), 'utf8'), 'made\n');
    writeFix(edit(path.join(root, 'bom.py'), 'import os\n'), root);
    assert.deepEqual([...fs.readFileSync(path.join(root, 'bom.py')).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(fs.readFileSync(path.join(root, 'bom.py'), 'utf8'), '\ufeffimport os\nX = 1\n');
  });
});
