// Code actions and commands over LSP: quick fixes and "ignore" from diagnostic data, fix-all planned in memory,
// versioned edits, new files created without overwriting, and what applying them does to the diagnostics.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver/node';
import { type CommandResult, FIX_ALL_KIND, SERVER_COMMANDS } from '../../server/src/protocol';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import { read, settingsProject } from '../helpers/project';
import { pythonSyntaxError } from '../helpers/python';
import { applyWorkspaceEdit, clientsFor, type LspTestClient, openSettings, settingsFile, uriOf } from './harness';

const start = clientsFor();

const DEBUG_ON = 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDEBUG = True\n';

function textEdits(action: CodeAction): TextDocumentEdit[] {
  return (action.edit?.documentChanges ?? []).filter((change): change is TextDocumentEdit => 'textDocument' in change);
}

/** Applies a code action's edits to the open document's text, as the editor would, and sends the result. */
async function applyToOpenDocument(client: LspTestClient, file: string, action: CodeAction): Promise<string> {
  const [edit] = textEdits(action);
  assert.equal(edit.textDocument.version, client.version(file), 'the edit is for the open version');
  const text = applyTextEdits(client.text(file)!, edit.edits as { range: never; newText: string }[]);
  await client.change(file, [{ text }]);
  return text;
}

describe('quick fixes', () => {
  test('the preferred fix comes from the diagnostic; applied, it clears the diagnostic', async () => {
    const { file, client, diagnostics } = await openSettings(start, DEBUG_ON, ['DR918']);
    const actions = await client.codeActions(file, diagnostics);
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind, action.isPreferred ?? false]),
      [
        ['Read DEBUG from $DJANGO_DEBUG, default False', 'quickfix', true],
        ['Ignore DR918 here (add a django-ready: ignore comment)', 'quickfix', false],
        ['Fix all Django Ready findings in this project', FIX_ALL_KIND, false],
      ],
    );
    assert.deepEqual(actions[0].diagnostics, diagnostics);
    const fixed = await applyToOpenDocument(client, file, actions[0]);
    assert.equal(fixed, 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n');
    assert.equal(pythonSyntaxError(fixed), undefined);
    await client.waitForCodes(file, []);
  });

  test('"ignore" adds a marker comment above the line, which silences the finding', async () => {
    const { file, client, diagnostics } = await openSettings(start, DEBUG_ON, ['DR918']);
    const ignore = (await client.codeActions(file, diagnostics)).find((action) => action.title.startsWith('Ignore DR918'))!;
    const text = await applyToOpenDocument(client, file, ignore);
    assert.equal(text, 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n# django-ready: ignore[DR918] reason\nDEBUG = True\n');
    await client.waitForCodes(file, []);
  });

  test('context.only is honoured: source actions only when asked for, quick fixes only when wanted', async () => {
    const root = settingsProject(DEBUG_ON);
    const file = settingsFile(root);
    const client = await start(root, ['DR918']);
    const diagnostics = await client.waitForCodes(file, ['DR918']);
    assert.deepEqual(
      (await client.codeActions(file, diagnostics, ['source.organizeImports'])).map((action) => action.kind),
      [],
    );
    assert.deepEqual(
      (await client.codeActions(file, diagnostics, ['quickfix'])).map((action) => action.kind),
      ['quickfix', 'quickfix'],
    );
    assert.deepEqual(
      (await client.codeActions(file, diagnostics, ['source'])).map((action) => action.kind),
      [FIX_ALL_KIND],
    );
    assert.deepEqual(
      (await client.codeActions(file, diagnostics, [FIX_ALL_KIND])).map((action) => action.kind),
      [FIX_ALL_KIND],
    );
  });

  test('findings for unset settings sit on the first line; a multi-line statement is underlined on its first line only', async () => {
    const text = [
      '"""Production."""',
      'import os',
      '',
      'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
      'MIDDLEWARE = [',
      '    "django.middleware.security.SecurityMiddleware",',
      '    "django.middleware.csrf.CsrfViewMiddleware",',
      ']',
      '',
    ].join('\n');
    const { file, client, diagnostics } = await openSettings(start, text, ['DR902', 'DR908', 'DR916']);
    const ranges = (code: string): unknown => diagnostics.filter((diagnostic) => diagnostic.code === code).map((diagnostic) => diagnostic.range);
    const firstLine = { start: { line: 0, character: 0 }, end: { line: 0, character: '"""Production."""'.length } };
    assert.deepEqual(ranges('DR908'), [firstLine], 'SECURE_SSL_REDIRECT is not set');
    assert.deepEqual(ranges('DR916'), [firstLine], 'CSRF_COOKIE_SECURE is not set');
    assert.deepEqual(
      ranges('DR902'),
      [{ start: { line: 4, character: 0 }, end: { line: 4, character: 'MIDDLEWARE = ['.length } }],
      'the MIDDLEWARE statement, first line only',
    );

    // At the first line: each fix once, then one "Ignore" per finding there.
    const atTop = diagnostics.filter((diagnostic) => diagnostic.range.start.line === 0);
    const titles = (await client.codeActions(file, atTop, ['quickfix'])).map((action) => action.title);
    assert.deepEqual(titles, [
      'Set SECURE_SSL_REDIRECT = not DEBUG',
      'Set CSRF_COOKIE_SECURE = not DEBUG',
      'Ignore DR908 here (add a django-ready: ignore comment)',
      'Ignore DR916 here (add a django-ready: ignore comment)',
    ]);
    // The same findings sent twice still give each entry once.
    assert.deepEqual(
      (await client.codeActions(file, [...atTop, ...atTop], ['quickfix'])).map((action) => action.title),
      titles,
    );
  });

  test('diagnostics of other tools are left alone', async () => {
    const root = settingsProject(DEBUG_ON);
    const file = settingsFile(root);
    const client = await start(root, ['DR918']);
    const [diagnostic] = await client.waitForCodes(file, ['DR918']);
    const foreign = { ...diagnostic, source: 'ruff' };
    assert.deepEqual(await client.codeActions(file, [foreign], ['quickfix']), []);
  });
});

describe('fix all', () => {
  const SETTINGS = [
    '"""Settings of a fresh project."""',
    'SECRET_KEY = "django-insecure-abc"',
    '',
    'INSTALLED_APPS = [',
    '    "django.contrib.admin",',
    '    "django.contrib.auth",',
    ']',
    '',
    'DEBUG = True',
    '',
  ].join('\n');
  const FIXED = SETTINGS.replace(
    'SECRET_KEY = "django-insecure-abc"\n',
    '\nimport os\n\nSECRET_KEY = (\n    os.environ["DJANGO_SECRET_KEY"]\n    if os.environ.get("DJANGO_DEBUG", "") != "1"\n    else "django-insecure-abc"\n)\n',
  ).replace('DEBUG = True', 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"');
  const CODES = ['DR909', 'DR918', 'DR401'];

  test('source.fixAll plans every fix of the project in memory: small edits, new files created, nothing overwritten', async () => {
    const root = settingsProject(SETTINGS);
    const file = settingsFile(root);
    const client = await start(root, CODES);
    const diagnostics = await client.waitForCodes(file, CODES);
    const [action] = await client.codeActions(file, diagnostics, [FIX_ALL_KIND]);
    assert.equal(action.kind, FIX_ALL_KIND);
    assert.match(action.title, /\(3 fixes\)$/);
    const changes = action.edit!.documentChanges!;
    // New files: CreateFile that never overwrites, then the insertion of their content.
    const creates = changes.filter((change) => 'kind' in change);
    assert.deepEqual(creates, [
      { kind: 'create', uri: uriOf(path.join(root, 'apps/__init__.py')), options: { overwrite: false, ignoreIfExists: false } },
      { kind: 'create', uri: uriOf(path.join(root, 'libs/__init__.py')), options: { overwrite: false, ignoreIfExists: false } },
    ]);
    // The settings module: one edit per changed spot, none spanning the untouched INSTALLED_APPS.
    const settingsEdit = textEdits(action).find((edit) => edit.textDocument.uri === uriOf(file))!;
    assert.equal(settingsEdit.textDocument.version, null);
    // Around the key (its line out, the import and the wrapped key in), and DEBUG: none in the untouched INSTALLED_APPS.
    assert.equal(settingsEdit.edits.length, 3, JSON.stringify(settingsEdit.edits));
    const untouched = (edit: { range: { start: { line: number }; end: { line: number; character: number } } }): boolean =>
      edit.range.end.line < 3 || (edit.range.end.line === 3 && edit.range.end.character === 0) || edit.range.start.line > 6;
    assert.ok(settingsEdit.edits.every(untouched), JSON.stringify(settingsEdit.edits));

    const written = applyWorkspaceEdit(action.edit!);
    assert.equal(written.get(file), FIXED);
    assert.equal(read(root, 'mysite/settings.py'), FIXED);
    assert.equal(pythonSyntaxError(FIXED), undefined);
    assert.equal(read(root, 'apps/__init__.py'), '"""Local Django apps of this project."""\n');
    assert.equal(read(root, 'libs/__init__.py'), '"""Reusable Python packages that are not Django apps."""\n');

    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf(path.join(root, 'apps/__init__.py')), type: 1 },
        { uri: uriOf(path.join(root, 'libs/__init__.py')), type: 1 },
        { uri: uriOf(file), type: 2 },
      ],
    });
    await client.waitForCodes(file, []);
    // Idempotent: nothing left to fix.
    assert.deepEqual(await client.codeActions(file, [], [FIX_ALL_KIND]), []);
  });

  test('a file that appeared meanwhile is not overwritten by the planned creation', async () => {
    const root = settingsProject(SETTINGS);
    const file = settingsFile(root);
    const client = await start(root, ['DR401']);
    const diagnostics = await client.waitForCodes(file, ['DR401']);
    const [action] = await client.codeActions(file, diagnostics, [FIX_ALL_KIND]);
    fs.mkdirSync(path.join(root, 'apps'));
    fs.writeFileSync(path.join(root, 'apps/__init__.py'), '# mine\n');
    // The creation fails on the file that exists now, so the editor refuses the whole edit.
    const creates = action.edit!.documentChanges!.filter((change) => 'kind' in change && change.kind === 'create' && change.uri.endsWith('/apps/__init__.py'));
    assert.deepEqual(creates, [{ kind: 'create', uri: uriOf(path.join(root, 'apps/__init__.py')), options: { overwrite: false, ignoreIfExists: false } }]);
    assert.throws(() => applyWorkspaceEdit(action.edit!), /exists and would be overwritten/);
    assert.equal(read(root, 'apps/__init__.py'), '# mine\n');
  });

  test('with an open, edited document the fix-all edit is versioned and built from the buffer', async () => {
    const root = settingsProject(SETTINGS);
    const file = settingsFile(root);
    const client = await start(root, ['DR918']);
    await client.open(file);
    await client.change(file, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    await client.waitFor('DR918 on line 9', () => client.diagnosticsOf(file).some((diagnostic) => diagnostic.range.start.line === 9));
    const [action] = await client.codeActions(file, client.diagnosticsOf(file), [FIX_ALL_KIND]);
    const [edit] = textEdits(action);
    assert.equal(edit.textDocument.version, 2);
    assert.equal(
      applyTextEdits(client.text(file)!, edit.edits as never),
      `# edited\n${SETTINGS.replace('"""Settings of a fresh project."""\n', '"""Settings of a fresh project."""\n\nimport os\n\n').replace('DEBUG = True', 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"')}`,
    );
  });

  test('without context.only, fix-all is offered unresolved and its edit computed on codeAction/resolve', async () => {
    const root = settingsProject(SETTINGS);
    const file = settingsFile(root);
    const client = await start(root, ['DR918']);
    const diagnostics = await client.waitForCodes(file, ['DR918']);
    const actions = await client.codeActions(file, diagnostics);
    const fixAll = actions.find((action) => action.kind === FIX_ALL_KIND)!;
    assert.equal(fixAll.edit, undefined);
    const resolved = await client.request<CodeAction>('codeAction/resolve', fixAll);
    const eager = (await client.codeActions(file, diagnostics, [FIX_ALL_KIND]))[0];
    assert.deepEqual(resolved.edit, eager.edit);
  });

  test('the djangoReady.fixAll command applies the plan through workspace/applyEdit', async () => {
    const root = settingsProject(SETTINGS);
    const file = settingsFile(root);
    const client = await start(root, ['DR909', 'DR918']);
    await client.waitForCodes(file, ['DR909', 'DR918']);
    const result = await client.request<CommandResult>('workspace/executeCommand', { command: SERVER_COMMANDS.fixAll, arguments: [{ uri: uriOf(root) }] });
    assert.equal(result.applied, true);
    assert.equal(client.appliedEdits.length, 1);
    assert.match(client.appliedEdits[0].label ?? '', /\(2 fixes\)/);
    applyWorkspaceEdit(client.appliedEdits[0].edit);
    assert.equal(read(root, 'mysite/settings.py'), FIXED);
  });
});

describe('commands', () => {
  test('a command for a file outside every project says so', async () => {
    const root = settingsProject(DEBUG_ON);
    const client = await start(root, ['DR918']);
    await client.waitForCodes(settingsFile(root), ['DR918']);
    const result = await client.request<CommandResult>('workspace/executeCommand', {
      command: SERVER_COMMANDS.fixAll,
      arguments: [{ uri: uriOf('/nowhere/x.py') }],
    });
    assert.equal(result.applied, false);
    assert.match(result.message, /No Django project/);
  });
});
