// The disk as the service reads it (host/nodeFileSystem.ts): a regular file is read in the one read its size asks
// for, and what that cannot judge (sizes the file system gets wrong, a file that grows, bytes that are not UTF-8,
// anything that is not a regular file) is read the careful way; both give the same text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { FileReadError, type FileText, MAX_FILE_BYTES } from '../../server/src/service/fileSystem';
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

test('a file whose size the file system gets wrong is read whole, and one past the limit is refused', () => {
  // procfs says 0 bytes for files that hold text.
  const status = read('/proc/self/status');
  assert.match(status.text, /^Name:/);
  assert.ok(status.text.length > 100);
  const root = writeProject({});
  const huge = path.join(root, 'huge.py');
  fs.writeFileSync(huge, '');
  fs.truncateSync(huge, MAX_FILE_BYTES + 1);
  const result = disk.readText(huge);
  assert.ok(result instanceof FileReadError && result.reason === 'too-large');
});

test('a file read in one go gives the same text and version, whatever its size', () => {
  const root = writeProject({});
  for (const size of [1, 4095, 4096, 65_536, 200_001]) {
    const file = path.join(root, `f${size}.py`);
    const content = `${'x'.repeat(size - 1)}\n`;
    fs.writeFileSync(file, content);
    const text = read(file);
    assert.equal(text.text, content);
    assert.equal(text.version, `${fs.statSync(file).mtimeMs}:${size}:${size}`);
  }
});
