// Diagnostics and actions in the other files a project is judged by: supervisor configs and templates; the
// checklist request; the supervisor generator command.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver/node';
import { type CommandResult, SERVER_COMMANDS } from '../../server/src/protocol';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import { docsUrl } from '../../server/src/service/codes';
import { FIXTURES } from '../helpers/paths';
import { read, writeProject } from '../helpers/project';
import { applyWorkspaceEdit, clientsFor, uriOf } from './harness';

const start = clientsFor();

/** A throwaway copy of a fixture project. */
function copyOf(fixture: string, changes: Record<string, string> = {}): string {
  const root = writeProject({});
  fs.cpSync(path.join(FIXTURES, 'projects', fixture), root, { recursive: true });
  for (const [relative, text] of Object.entries(changes)) fs.writeFileSync(path.join(root, relative), text);
  return root;
}

function onlyTextEdit(action: CodeAction): TextDocumentEdit {
  const [edit] = action.edit!.documentChanges as TextDocumentEdit[];
  return edit;
}

const SUPERVISOR_CONF = 'deploy/supervisor/mysite.conf';

describe('supervisor files', () => {
  test('get diagnostics while closed, follow edits when open as `supervisor`, and can be ignored with a ; comment', async () => {
    const original = fs.readFileSync(path.join(FIXTURES, 'projects/tidy', SUPERVISOR_CONF), 'utf8');
    const broken = original.replace('autorestart=true\nstopwaitsecs=35', 'autorestart=maybe\nstopwaitsecs=35');
    const root = copyOf('tidy', { [SUPERVISOR_CONF]: broken });
    const conf = path.join(root, SUPERVISOR_CONF);
    const client = await start(root, ['DR721']);
    const [diagnostic] = await client.waitForCodes(conf, ['DR721']);
    assert.equal(diagnostic.range.start.line, 5);
    assert.deepEqual(diagnostic.codeDescription, { href: docsUrl('DR721') });

    await client.open(conf, broken, 'supervisor');
    await client.waitFor('diagnostics for the open version', () => JSON.stringify(client.diagnosticsOf(conf)[0]?.data).includes('"version":1'));
    const [ignore] = (await client.codeActions(conf, client.diagnosticsOf(conf), ['quickfix'])).filter((action) => action.title.startsWith('Ignore'));
    const edit = onlyTextEdit(ignore);
    assert.equal(edit.textDocument.version, 1);
    const ignored = applyTextEdits(broken, edit.edits as never);
    assert.equal(ignored, broken.replace('autorestart=maybe', '; django-ready: ignore[DR721] reason\nautorestart=maybe'));
    await client.change(conf, [{ text: ignored }]);
    await client.waitForCodes(conf, []);

    await client.change(conf, [{ text: broken }]);
    await client.waitForCodes(conf, ['DR721']);
    await client.change(conf, [{ text: original }]);
    await client.waitForCodes(conf, []);
  });

  test('djangoReady.generateSupervisorConfigs creates the missing programs without touching existing files', async () => {
    const root = copyOf('tidy', {
      [SUPERVISOR_CONF]: fs.readFileSync(path.join(FIXTURES, 'projects/tidy', SUPERVISOR_CONF), 'utf8').split('\n[program:mysite-worker]')[0],
    });
    const client = await start(root, ['DR702', 'DR703']);
    await client.waitFor('DR702 and DR703', () => client.codes(path.join(root, 'mysite/settings.py')).join() === 'DR702,DR703');
    const result = await client.request<CommandResult>('workspace/executeCommand', {
      command: SERVER_COMMANDS.generateSupervisorConfigs,
      arguments: [{ uri: uriOf(root) }],
    });
    assert.equal(result.applied, true, result.message);
    const [{ edit }] = client.appliedEdits;
    const created = (edit.documentChanges ?? []).filter((change) => 'kind' in change).map((change) => ('uri' in change ? change.uri : ''));
    assert.ok(created.length >= 1, JSON.stringify(edit));
    assert.ok(
      created.every((uri) => uri.startsWith(uriOf(path.join(root, 'deploy/supervisor/')))),
      created.join(' '),
    );
    applyWorkspaceEdit(edit);
    await client.notify('workspace/didChangeWatchedFiles', { changes: created.map((uri) => ({ uri, type: 1 })) });
    await client.waitForCodes(path.join(root, 'mysite/settings.py'), []);
    const again = await client.request<CommandResult>('workspace/executeCommand', {
      command: SERVER_COMMANDS.generateSupervisorConfigs,
      arguments: [{ uri: uriOf(root) }],
    });
    assert.equal(again.applied, false);
  });
});

describe('templates', () => {
  test('the base template gets diagnostics; "ignore" appends a {# #} marker on the same line', async () => {
    const root = copyOf('scattered');
    const base = path.join(root, 'templates/base.html');
    const client = await start(root, ['DR602']);
    const [diagnostic] = await client.waitForCodes(base, ['DR602']);
    const ignore = (await client.codeActions(base, [diagnostic], ['quickfix'])).find((action) => action.title.startsWith('Ignore'))!;
    const text = applyTextEdits(read(root, 'templates/base.html'), onlyTextEdit(ignore).edits as never);
    assert.equal(text, read(root, 'templates/base.html').replace('<html>\n', '<html> {# django-ready: ignore[DR602] reason #}\n'));
    await client.open(base, text, 'django-html');
    await client.waitForCodes(base, []);
  });
});

describe('checklist', () => {
  test('lists each project with its settings modules, areas, findings (uri, range, fix, docs) and score', async () => {
    const root = copyOf('scattered');
    const client = await start(root, ['DR602', 'DR502', 'DR503']);
    await client.waitFor('first analysis', () => client.checklistChanges > 0);
    const { projects } = await client.checklist();
    assert.equal(projects.length, 1);
    const [project] = projects;
    assert.equal(project.name, path.basename(root).toLowerCase());
    assert.equal(project.rootUri, uriOf(root));
    assert.equal(project.folderUri, uriOf(root));
    assert.equal(project.productionSettings, 'mysite.settings');
    assert.deepEqual(project.settingsModules, [{ name: 'mysite.settings', uri: uriOf(path.join(root, 'mysite/settings.py')), role: 'production' }]);
    assert.equal(project.problem, null);
    const byId = new Map(project.areas.map((area) => [area.id, area]));
    assert.equal(byId.get('html5-base')?.status, 'fail');
    assert.equal(byId.get('security')?.status, 'off');
    const [doctype] = byId.get('html5-base')!.findings;
    assert.deepEqual(
      { ...doctype, message: undefined },
      {
        code: 'DR602',
        title: doctype.title,
        message: undefined,
        severity: 'warning',
        djangoId: null,
        location: { uri: uriOf(path.join(root, 'templates/base.html')), range: { start: { line: 0, character: 0 }, end: doctype.location.range.end } },
        fixTitle: doctype.fixTitle,
        docsUrl: docsUrl('DR602'),
      },
    );
    assert.ok(doctype.fixTitle);
    const templates = byId.get('templates-location')!;
    assert.deepEqual(templates.findings.map((finding) => finding.code).sort(), ['DR502', 'DR503']);
    assert.equal(project.score.total, project.areas.filter((area) => area.id !== 'settings' && area.status !== 'off').length);
    assert.equal(project.score.passed, project.areas.filter((area) => area.id !== 'settings' && area.status === 'pass').length);
  });
});

describe('deployment files', () => {
  test('a compose file gets DR701 while closed; the checklist lists each process with what runs and restarts it; the fix and a watched change clear it', async () => {
    const compose = 'services:\n  web:\n    image: example/mysite\n    command: gunicorn mysite.wsgi --workers 3\n';
    const root = copyOf('tidy', { 'docker-compose.yml': compose });
    const file = path.join(root, 'docker-compose.yml');
    const client = await start(root, ['DR701']);
    const [diagnostic] = await client.waitForCodes(file, ['DR701']);
    assert.deepEqual(diagnostic.range.start, { line: 1, character: 2 });
    const { projects } = await client.checklist();
    assert.deepEqual(
      projects[0].processes.map((process) => [process.role, process.program, process.startedBy, process.supervisor, process.restarts]),
      [
        ['web', 'gunicorn (WSGI, 3 worker processes)', 'docker-compose.yml (web)', 'Docker Compose (the service has no restart policy)', false],
        ['web', 'gunicorn (WSGI, 3 worker processes)', 'deploy/supervisor/mysite.conf (mysite-web)', 'supervisor (autorestart=true)', true],
        ['worker', 'a celery worker', 'deploy/supervisor/mysite.conf (mysite-worker)', 'supervisor (autorestart=true)', true],
        ['beat', 'celery beat', 'deploy/supervisor/mysite.conf (mysite-beat)', 'supervisor (autorestart=true)', true],
      ],
    );
    assert.match(String(diagnostic.message), /\(deploy\/supervisor\/mysite\.conf restarts it\)/);
    const [fix] = (await client.codeActions(file, [diagnostic], ['quickfix'])).filter((action) => action.title.startsWith('Restart'));
    const fixed = applyWorkspaceEdit(fix.edit!).get(file)!;
    assert.equal(fixed, compose.replace('  web:\n', '  web:\n    restart: unless-stopped\n'));
    fs.writeFileSync(file, fixed);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 2 }] });
    await client.waitForCodes(file, []);
    const after = await client.checklist();
    assert.equal(after.projects[0].processes[0].restarts, true);
  });
});
