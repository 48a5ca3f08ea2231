// The disk as the service reads it (host/nodeFileSystem.ts): ordinary files are read in one native call, and what
// that call cannot judge (bytes that are not UTF-8, sizes the file system gets wrong, anything that is not a
// regular file) is read the careful way; both give the same text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { FileReadError, type FileText } from '../../server/src/service/fileSystem';
import { writeProject } from '../helpers/project';

const disk = new NodeFileSystem();

function read(file: string): FileText {
  const result = disk.readText(file);
  assert.ok(!(result instanceof FileReadError), `${file}: ${result instanceof FileReadError ? result.message : ''}`);
  return result;
}

test('text is read as written, a leading byte order mark dropped, as TextDecoder drops one', () => {
  const root = writeProject({});
  const cases: [Buffer, string][] = [
    [Buffer.from('DEBUG = False\n'), 'DEBUG = False\n'],
    [Buffer.from('\ufeffDEBUG = False\n'), 'DEBUG = False\n'],
    // The decoder drops the first mark and the reader the second, whichever way the file is read.
    [Buffer.from('\ufeff\ufeffX = 1\n'), 'X = 1\n'],
    [Buffer.from('TITLE = "caf\u00e9 \u2013 \u{1f600}"\n'), 'TITLE = "caf\u00e9 \u2013 \u{1f600}"\n'],
    [Buffer.alloc(0), ''],
  ];
  for (const [index, [bytes, text]] of cases.entries()) {
    const file = path.join(root, `case${index}.py`);
    fs.writeFileSync(file, bytes);
    const content = read(file);
    assert.equal(content.text, text, JSON.stringify(text));
    assert.equal(content.invalidUtf8, false);
    assert.equal(content.version, `${fs.statSync(file).mtimeMs}:${bytes.length}:${bytes.length}`);
  }
});

test('bytes that are not UTF-8 are replaced and flagged; a replacement character written in the file is not', () => {
  const root = writeProject({ 'written.py': 'MARK = "\ufffd"\n' });
  fs.writeFileSync(path.join(root, 'latin1.py'), Buffer.from([0x58, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a]));
  const invalid = read(path.join(root, 'latin1.py'));
  assert.equal(invalid.text, "X = '\ufffd'\n");
  assert.equal(invalid.invalidUtf8, true);
  const written = read(path.join(root, 'written.py'));
  assert.equal(written.text, 'MARK = "\ufffd"\n');
  assert.equal(written.invalidUtf8, false);
});

test('a folder, a FIFO and a missing file are errors, and reading a FIFO waits for no writer', () => {
  const root = writeProject({ 'folder/keep.txt': '' });
  const fifo = path.join(root, 'pipe.py');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const reasons = ['folder', 'pipe.py', 'absent.py'].map((name) => {
    const result = disk.readText(path.join(root, name));
    return result instanceof FileReadError ? result.reason : 'read';
  });
  assert.deepEqual(reasons, ['not-a-file', 'not-a-file', 'missing']);
});
