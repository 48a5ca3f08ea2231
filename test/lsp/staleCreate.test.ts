// A quick fix that creates a file, offered before that file appeared (the user made it, or another tool did):
// applying it must not touch the file that is there now, and the server, which watches the folders fixes create
// in, plans again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver/node';
import { WATCHED_GLOBS } from '../../server/src/lsp/watchers';
import { read, settingsProject } from '../helpers/project';
import { applyWorkspaceEdit, clientsFor, settingsFile, uriOf } from './harness';

const start = clientsFor();

const SETTINGS =
  'from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"]}]\n';
const MINE =
  '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head><body>{% block content %}{% endblock %}</body></html>\n';

describe('a create fix planned before its file appeared', () => {
  test('applying it leaves the file that is there now untouched, and the server plans again once told', async () => {
    const root = settingsProject(SETTINGS);
    const file = settingsFile(root);
    const client = await start(root, ['DR601']);
    const diagnostics = await client.waitForCodes(file, ['DR601']);
    const [action] = (await client.codeActions(file, diagnostics)).filter((candidate: CodeAction) => candidate.isPreferred);
    const base = path.join(root, 'templates', 'base.html');
    assert.ok(JSON.stringify(action.edit).includes(uriOf(base)), 'the fix creates templates/base.html');

    fs.mkdirSync(path.dirname(base), { recursive: true });
    fs.writeFileSync(base, MINE);
    assert.throws(() => applyWorkspaceEdit(action.edit!), /exists and would be overwritten/, 'the editor refuses the stale creation');
    assert.equal(read(root, 'templates/base.html'), MINE);

    assert.ok(WATCHED_GLOBS.includes('**/templates/**') && WATCHED_GLOBS.includes('**/{static,assets}/**'), 'the folders fixes create in are watched');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(base), type: 1 }] });
    await client.waitForCodes(file, []);
  });
});
