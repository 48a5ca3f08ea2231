// The server's pure pieces on their own: line diffs, ignore comments, the overlay file system, workspace edits,
// open documents feeding the parse cache, settings, and the debouncer.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { folderSettings } from '../../server/src/lsp/configuration';
import { Debouncer } from '../../server/src/lsp/debouncer';
import type { ContentChange } from '../../server/src/service/python/parseCache';
import { type DocumentConnection, type OpenDocument, OpenDocuments, overlayVersion } from '../../server/src/lsp/documents';
import { ignoreEdit } from '../../server/src/lsp/ignoreComments';
import { diffEdits } from '../../server/src/lsp/lineDiff';
import { fixWorkspaceEdit, outcomesWorkspaceEdit } from '../../server/src/lsp/workspaceEdits';
import { ignoredCodesAt } from '../../server/src/service/analyze';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import { FileReadError } from '../../server/src/service/fileSystem';
import { OverlayFileSystem } from '../../server/src/service/project/overlayFileSystem';
import { LineIndex } from '../../server/src/service/python/lineIndex';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { STATS_REQUEST, type ServerStats } from '../../server/src/protocol';
import { writeProject } from '../helpers/project';
import { clientsFor, openSettings } from './harness';
import { pythonSyntaxError } from '../helpers/python';

describe('diffEdits', () => {
  test('one small edit per changed spot; applying them gives the new text', () => {
    const before = 'A = 1\nB = 2\nC = 3\nD = 4\nE = 5\n';
    const after = 'import os\nA = 1\nB = 2\nC = 30\nD = 4\nE = 5\nF = 6\n';
    const edits = diffEdits(before, after);
    assert.deepEqual(edits, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'import os\n' },
      { range: { start: { line: 2, character: 5 }, end: { line: 2, character: 5 } }, newText: '0' },
      { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: 'F = 6\n' },
    ]);
    assert.equal(applyTextEdits(before, edits), after);
  });

  test('identical texts need no edit; CRLF, missing final newlines and empty texts work', () => {
    assert.deepEqual(diffEdits('x\n', 'x\n'), []);
    for (const [before, after] of [
      ['a\r\nb\r\n', 'a\r\nc\r\nb\r\n'],
      ['a\nb', 'a\nb\n'],
      ['', 'x = 1\n'],
      ['x = 1\n', ''],
      ['a\nb\nc\n', 'c\nb\na\n'],
    ]) {
      assert.equal(applyTextEdits(before, diffEdits(before, after)), after, JSON.stringify([before, after]));
    }
  });

  test('for any pair of texts, the edits turn one into the other', () => {
    const line = fc.constantFrom('a\n', 'b\n', 'c = 1\n', '\n', 'import os\n', 'x', '\r\n');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const before = a.join('');
        const after = b.join('');
        assert.equal(applyTextEdits(before, diffEdits(before, after)), after);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ignoreEdit', () => {
  function ignored(file: string, text: string, line: number, code: string, languageId?: string): string {
    const edit = ignoreEdit(file, new LineIndex(text), line, code, languageId);
    assert.ok(edit, `an ignore edit for ${file}`);
    const result = applyTextEdits(text, [edit]);
    // Wherever the marker goes, the finding's line (after the insertion) is silenced.
    const shifted = edit.range.start.line === line && edit.newText.endsWith('\n') ? line + 1 : line;
    assert.ok(ignoredCodesAt(new LineIndex(result), shifted)?.has(code), `marker recognised in:\n${result}`);
    return result;
  }

  test("Python: a comment line above, with the line's indentation and the file's line endings", () => {
    const source = 'import os\nif os.environ.get("X"):\n    DEBUG = True\n';
    const result = ignored('/p/settings.py', source, 2, 'DR918');
    assert.equal(result, 'import os\nif os.environ.get("X"):\n    # django-ready: ignore[DR918] reason\n    DEBUG = True\n');
    assert.equal(pythonSyntaxError(result), undefined);
    assert.equal(ignored('/p/settings.py', 'A = 1\r\nDEBUG = True\r\n', 1, 'DR918'), 'A = 1\r\n# django-ready: ignore[DR918] reason\r\nDEBUG = True\r\n');
  });

  test('an existing marker gets the code added instead of a second comment', () => {
    assert.equal(
      ignored('/p/settings.py', '# django-ready: ignore[DR909] rotated weekly\nX = 1\n', 1, 'DR918'),
      '# django-ready: ignore[DR909,DR918] rotated weekly\nX = 1\n',
    );
    assert.equal(ignored('/p/settings.py', 'X = 1  # django-ready: ignore[DR909] ok\n', 0, 'DR918'), 'X = 1  # django-ready: ignore[DR909,DR918] ok\n');
  });

  test('supervisor files get a ; comment above; templates a {# #} at the end of the line', () => {
    assert.equal(
      ignored('/p/deploy/web.conf', '[program:web]\ncommand=gunicorn x\n', 1, 'DR721'),
      '[program:web]\n; django-ready: ignore[DR721] reason\ncommand=gunicorn x\n',
    );
    assert.equal(ignored('/p/deploy/supervisord', '[program:web]\n', 0, 'DR721', 'supervisor'), '; django-ready: ignore[DR721] reason\n[program:web]\n');
    assert.equal(ignored('/p/templates/base.html', '<html>\n<head>\n', 0, 'DR602'), '<html> {# django-ready: ignore[DR602] reason #}\n<head>\n');
    assert.equal(ignored('/p/templates/emails/welcome.txt', 'Hi\n', 0, 'DR999'), 'Hi {# django-ready: ignore[DR999] reason #}\n');
  });

  test('files without a known comment syntax get no ignore edit', () => {
    assert.equal(ignoreEdit('/p/data.json', new LineIndex('{}\n'), 0, 'DR1'), undefined);
  });
});

describe('OverlayFileSystem', () => {
  test('open texts win; files and folders that exist only in the overlay are listed and stat-able', () => {
    const root = writeProject({ 'a.py': 'on disk\n', 'pkg/b.py': 'b\n' });
    const overlay = new Map([
      [path.join(root, 'a.py'), { text: 'in the editor\n', version: 'open:3' }],
      [path.join(root, 'new/deep/c.py'), { text: 'c\n', version: 'planned:0' }],
    ]);
    const overlayFs = new OverlayFileSystem(new NodeFileSystem(), overlay);
    const a = overlayFs.readText(path.join(root, 'a.py'));
    assert.ok(!(a instanceof FileReadError));
    assert.deepEqual(a, { text: 'in the editor\n', invalidUtf8: false, version: 'open:3' });
    assert.deepEqual(
      overlayFs
        .readDir(root)!
        .map((entry) => `${entry.name}:${entry.kind}`)
        .sort(),
      ['a.py:file', 'new:directory', 'pkg:directory'],
    );
    assert.deepEqual(overlayFs.readDir(path.join(root, 'new')), [{ name: 'deep', kind: 'directory' }]);
    assert.deepEqual(overlayFs.stat(path.join(root, 'new/deep')), { kind: 'directory', size: 0 });
    assert.equal(overlayFs.stat(path.join(root, 'new/deep/c.py'))?.kind, 'file');
    assert.equal(overlayFs.realPath(path.join(root, 'new/deep/c.py')), path.join(root, 'new/deep/c.py'));
    assert.equal(overlayFs.stat(path.join(root, 'missing')), undefined);
    overlay.delete(path.join(root, 'a.py'));
    assert.equal((overlayFs.readText(path.join(root, 'a.py')) as { text: string }).text, 'on disk\n');
  });
});

describe('workspace edits', () => {
  const targets = { uriOf: (file: string) => `file://${file}`, versionOf: (file: string) => (file === '/p/open.py' ? 7 : null) };
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

  test('a fix: one versioned TextDocumentEdit per file (edits merged), CreateFile + insertion for new files', () => {
    const edit = fixWorkspaceEdit(
      {
        title: 'fix',
        changes: [
          { kind: 'edit', file: '/p/open.py', edits: [{ range, newText: 'A' }] },
          { kind: 'create', file: '/p/new.py', content: 'x = 1\n' },
          { kind: 'create', file: '/p/empty/__init__.py', content: '' },
          { kind: 'edit', file: '/p/open.py', edits: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'B' }] },
          { kind: 'edit', file: '/p/closed.py', edits: [{ range, newText: 'C' }] },
        ],
      },
      targets,
    );
    assert.deepEqual(edit.documentChanges, [
      {
        textDocument: { uri: 'file:///p/open.py', version: 7 },
        edits: [
          { range, newText: 'A' },
          { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'B' },
        ],
      },
      { kind: 'create', uri: 'file:///p/new.py', options: { overwrite: false, ignoreIfExists: false } },
      {
        textDocument: { uri: 'file:///p/new.py', version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x = 1\n' }],
      },
      { kind: 'create', uri: 'file:///p/empty/__init__.py', options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri: 'file:///p/closed.py', version: null }, edits: [{ range, newText: 'C' }] },
    ]);
  });

  test('outcomes of several fixes: unchanged files are left out', () => {
    const edit = outcomesWorkspaceEdit(
      [
        { file: '/p/open.py', before: 'a\nb\n', after: 'a\nc\n' },
        { file: '/p/same.py', before: 'x\n', after: 'x\n' },
        { file: '/p/new.py', before: undefined, after: 'n\n' },
      ],
      targets,
    );
    assert.deepEqual(
      edit.documentChanges.map((change) => ('kind' in change ? `create ${change.uri}` : `edit ${change.textDocument.uri}@${change.textDocument.version}`)),
      ['edit file:///p/open.py@7', 'create file:///p/new.py', 'edit file:///p/new.py@null'],
    );
  });
});

describe('open documents and the parse cache', () => {
  test('incremental changes are applied in order and re-parse to the same tree as a fresh parse', () => {
    // TextDocuments listens on the connection: a stand-in that keeps its handlers lets the test send the events.
    const handlers = new Map<string, (params: unknown) => void>();
    const connection = new Proxy(
      {},
      {
        get: (_target, name: string) => (handler: (params: unknown) => void) => {
          handlers.set(name, handler);
          return { dispose: () => undefined };
        },
      },
    );
    const seen: { changed?: { document: OpenDocument; offsets: ContentChange[] }; closed?: OpenDocument } = {};
    const documents = new OpenDocuments((uri) => (uri.startsWith('file://') ? uri.slice(7) : undefined));
    documents.listen(connection as DocumentConnection, {
      opened: () => undefined,
      changed: (document, offsets) => (seen.changed = { document, offsets }),
      closed: (document) => (seen.closed = document),
    });
    const cache = new ParseCache();
    const file = '/p/settings.py';
    const text = 'import os\n\nDEBUG = True\nX = [1, 2]\n';
    handlers.get('onDidOpenTextDocument')!({ textDocument: { uri: 'file:///p/settings.py', languageId: 'python', version: 1, text } });
    handlers.get('onDidOpenTextDocument')!({ textDocument: { uri: 'untitled:Untitled-1', languageId: 'python', version: 1, text: 'X = 1' } });
    assert.deepEqual(
      documents.all().map((document) => document.file),
      [file],
      'documents without a file are left alone',
    );
    cache.get(file, text, overlayVersion(1));
    handlers.get('onDidChangeTextDocument')!({
      textDocument: { uri: 'file:///p/settings.py', version: 2 },
      contentChanges: [
        { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 12 } }, text: 'False' },
        { range: { start: { line: 3, character: 9 }, end: { line: 3, character: 9 } }, text: ', 3' },
        { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: 'Y = {\n' },
      ],
    });
    const changed = seen.changed!;
    assert.equal(changed.document.text, 'import os\n\nDEBUG = False\nX = [1, 2, 3]\nY = {\n');
    assert.deepEqual(
      changed.offsets.map((o) => [o.start, o.end, o.text]),
      [
        [19, 23, 'False'],
        [34, 34, ', 3'],
        [39, 39, 'Y = {\n'],
      ],
    );
    assert.deepEqual(documents.overlay.get(file), { text: changed.document.text, version: 'open:2' });
    const incremental = cache.applyChanges(file, changed.offsets, changed.document.text, overlayVersion(2));
    const fresh = new ParseCache().get(file, changed.document.text, 'fresh');
    assert.deepEqual(incremental.module, fresh.module);
    handlers.get('onDidCloseTextDocument')!({ textDocument: { uri: 'file:///p/settings.py' } });
    assert.equal(seen.closed?.version, 2);
    assert.equal(documents.overlay.has(file), false);
  });

  test('a text that changed without edits (on disk) is parsed afresh, never against the stale tree', () => {
    const cache = new ParseCache();
    const file = '/p/settings.py';
    cache.get(file, 'DEBUG = True\nX = 1\n', 'disk:1');
    const changed = cache.get(file, 'DEBUG = [1, 2, 3]\nX = 1\n', 'disk:2');
    assert.deepEqual(changed.module, new ParseCache().get(file, 'DEBUG = [1, 2, 3]\nX = 1\n', 'fresh').module);
  });
});

describe('folder settings', () => {
  test('empty values are "not set here"; unknown rule levels are dropped; enable defaults to true', () => {
    assert.deepEqual(folderSettings(undefined), { enabled: true, overrides: {} });
    assert.deepEqual(
      folderSettings({
        enable: true,
        settingsModule: ' ',
        rules: { dr918: 'error', DR909: 'loud' },
        layout: { appsPackage: 'apps', libsPackage: '' },
        supervisor: { directory: 'ops/supervisor' },
      }),
      { enabled: true, overrides: { appsPackage: 'apps', supervisorDirectory: 'ops/supervisor', rules: { DR918: 'error' } } },
    );
    assert.deepEqual(folderSettings({ enable: false, settingsModule: 'conf.settings.prod' }), {
      enabled: false,
      overrides: { settingsModule: 'conf.settings.prod' },
    });
  });
});

describe('Debouncer', () => {
  test('a new task for a key replaces the pending one; flush runs it now, once', () => {
    const debouncer = new Debouncer(60_000);
    const ran: string[] = [];
    debouncer.schedule('p', () => ran.push('first'));
    debouncer.schedule('p', () => ran.push('second'));
    debouncer.schedule('q', () => ran.push('other'));
    assert.equal(debouncer.isPending('p'), true);
    debouncer.flush('p');
    debouncer.flush('p');
    assert.deepEqual(ran, ['second']);
    debouncer.cancel('q');
    debouncer.flushAll();
    assert.deepEqual(ran, ['second']);
    debouncer.dispose();
  });
});

test('fixtures are cleaned up', () => {
  assert.ok(fs.existsSync(writeProject({})));
});

describe('the parse cache forgets closed documents', () => {
  const start = clientsFor();
  test('the parse of an edited buffer is dropped as the document closes (the next analysis reads the disk)', async () => {
    const { file, client } = await openSettings(start, 'DEBUG = True\n', ['DR918']);
    await client.change(file, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'TIMEOUT = 5\n' }]);
    await client.waitForCodes(file, ['DR918']);
    const kept = async (): Promise<string | undefined> =>
      (await client.request<ServerStats>(STATS_REQUEST)).parsed.find((entry) => entry.file === file)?.version;
    assert.match((await kept()) ?? '', /^open:/, 'while open, the edited buffer is what is parsed');
    await client.close(file);
    // The server handles messages in order, and analysis waits for its debounce: this answer follows the close.
    assert.equal(await kept(), undefined, "closed: the buffer's parse is gone");
    await client.waitForCodes(file, ['DR918']);
  });
});
