import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkspaceEdit } from 'vscode-languageclient/node';
import { splitCreatedFiles } from '../../client/src/createdFiles';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const create = (uri: string) => ({ kind: 'create' as const, uri, options: { overwrite: false, ignoreIfExists: false } });
const insert = (uri: string, newText: string, range = START) => ({ textDocument: { uri, version: null }, edits: [{ range, newText }] });

test('a created file and the insertion of its content become one file created with that content', () => {
  const settings = { textDocument: { uri: 'file:///p/settings.py', version: 3 }, edits: [{ range: START, newText: 'import os\n' }] };
  const edit: WorkspaceEdit = {
    documentChanges: [
      settings,
      create('file:///p/templates/404.html'),
      insert('file:///p/templates/404.html', '<!doctype html>\n'),
      create('file:///p/apps/__init__.py'),
    ],
  };
  const { created, rest } = splitCreatedFiles(edit);
  assert.deepEqual(created, [
    { uri: 'file:///p/templates/404.html', content: '<!doctype html>\n', overwrite: false, ignoreIfExists: false },
    { uri: 'file:///p/apps/__init__.py', content: '', overwrite: false, ignoreIfExists: false },
  ]);
  assert.deepEqual(rest.documentChanges, [settings]);
});

test('content that is not one insertion at the start stays with the rest, as the server sent it', () => {
  const later = { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } };
  const edit: WorkspaceEdit = { documentChanges: [create('file:///p/a.py'), insert('file:///p/a.py', 'x = 1\n', later)] };
  const { created, rest } = splitCreatedFiles(edit);
  assert.deepEqual(created, []);
  assert.equal(rest, edit);
});

test('an edit without created files is returned unchanged', () => {
  const edit: WorkspaceEdit = { changes: { 'file:///p/settings.py': [{ range: START, newText: '#\n' }] } };
  assert.equal(splitCreatedFiles(edit).rest, edit);
});
