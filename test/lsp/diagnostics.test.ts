// The server end to end over LSP: capabilities, diagnostics with their data, edits, watched files, settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, FIX_ALL_KIND, SERVER_COMMANDS } from '../../server/src/protocol';
import { docsUrl } from '../../server/src/service/codes';
import { settingsProject } from '../helpers/project';
import { clientsFor, LspTestClient, onlyRules, openSettings, settingsFile, settingsPackage, uriOf } from './harness';

const start = clientsFor();

const DEBUG_ON = 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDEBUG = True\n';

describe('initialize', () => {
  test('advertises incremental sync, quick fixes, fix-all and the commands; registers watchers and settings', async () => {
    const root = settingsProject(DEBUG_ON);
    const client = await start([root], ['DR918']);
    const capabilities = client.initializeResult!.capabilities;
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: true });
    assert.deepEqual(capabilities.executeCommandProvider?.commands, [
      SERVER_COMMANDS.fixAll,
      SERVER_COMMANDS.generateSupervisorConfigs,
      SERVER_COMMANDS.applyEdit,
    ]);
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.inlayHintProvider, true);
    assert.equal(client.initializeResult!.serverInfo?.name, 'django-ready');
    await client.waitFor('registrations', () => client.registrations.length >= 2);
    const watchers = client.registrations.find((registration) => registration.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watchers, 'the watched-files registration');
    const globs = (watchers.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((watcher) => watcher.globPattern);
    for (const glob of ['**/*.py', '**/templates/**', '**/*.{conf,ini}', '**/requirements*.{txt,in}'])
      assert.ok(globs.includes(glob), `${glob} in ${globs.join(' ')}`);
    assert.deepEqual(client.registrations.find((registration) => registration.method === 'workspace/didChangeConfiguration')?.registerOptions, {
      section: 'djangoReady',
    });
  });

  test('a client without dynamic registration or configuration still gets diagnostics (default settings)', async () => {
    const root = settingsProject(DEBUG_ON);
    const client = await LspTestClient.start([root], { capabilities: {} });
    after(() => client.stop());
    await client.waitFor('DR918 with default settings', () => client.codes(settingsFile(root)).includes('DR918'));
    assert.deepEqual(client.registrations, []);
  });
});

describe('diagnostics', () => {
  test('arrive for a settings file that is not open, with code, docs link, severity, data and the fix edits', async () => {
    const root = settingsProject(DEBUG_ON);
    const file = settingsFile(root);
    const client = await start([root], ['DR918']);
    const [diagnostic] = await client.waitForCodes(file, ['DR918']);
    assert.equal(diagnostic.source, DIAGNOSTIC_SOURCE);
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.codeDescription, { href: docsUrl('DR918') });
    assert.deepEqual(diagnostic.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } });
    assert.match(diagnostic.message as string, /DEBUG is true/);
    const data = diagnostic.data as DiagnosticData;
    assert.equal(data.djangoId, 'security.W018');
    assert.equal(data.area, 'security');
    assert.equal(data.fix?.title, 'Read DEBUG from $DJANGO_DEBUG, default False');
    assert.deepEqual(data.fix?.edit.documentChanges, [
      {
        textDocument: { uri: uriOf(file), version: null },
        edits: [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } }, newText: 'os.environ.get("DJANGO_DEBUG", "") == "1"' }],
      },
    ]);
    assert.deepEqual(data.ignore?.edit.documentChanges, [
      {
        textDocument: { uri: uriOf(file), version: null },
        edits: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '# django-ready: ignore[DR918] reason\n' }],
      },
    ]);
  });

  test('land in the inherited module, with the chain of imports as related information', async () => {
    const root = settingsPackage('production', {
      base: 'DEBUG = True\n',
      production: 'from .base import *  # noqa\n\nALLOWED_HOSTS = ["example.com"]\n',
    });
    const base = path.join(root, 'conf/settings/base.py');
    const production = path.join(root, 'conf/settings/production.py');
    const client = await start([root], ['DR918']);
    const [diagnostic] = await client.waitForCodes(base, ['DR918']);
    assert.deepEqual(client.codes(production), []);
    const related = diagnostic.relatedInformation ?? [];
    assert.ok(related.length >= 2, JSON.stringify(related));
    assert.equal(related[0].location.uri, uriOf(production));
    assert.match(related[0].message, /Production loads conf\.settings\.production, which inherits this from base\.py/);
    assert.ok(related.some((info) => info.location.uri === uriOf(production) && /imports everything from conf\.settings\.base/.test(info.message)));
  });

  test('follow incremental edits of an open document, and come back when the edit is undone', async () => {
    const { file, client } = await openSettings(start, DEBUG_ON, ['DR918']);
    const value = { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } };
    await client.change(file, [
      { range: value, text: 'Fals' },
      { range: { start: { line: 3, character: 12 }, end: { line: 3, character: 12 } }, text: 'e' },
    ]);
    assert.equal(client.text(file), DEBUG_ON.replace('DEBUG = True', 'DEBUG = False'));
    await client.waitForCodes(file, []);
    await client.change(file, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } }, text: 'True' }]);
    const [diagnostic] = await client.waitForCodes(file, ['DR918']);
    // Edits built from an open document carry its version, so a stale one is refused by the editor.
    const [edit] = (diagnostic.data as DiagnosticData).fix!.edit.documentChanges;
    assert.ok('textDocument' in edit && edit.textDocument.version === 3, JSON.stringify(edit));
    // The disk never changed: closing the buffer brings its findings back to what the disk says.
    await client.change(file, [{ text: DEBUG_ON.replace('True', 'False') }]);
    await client.waitForCodes(file, []);
    await client.close(file);
    await client.waitForCodes(file, ['DR918']);
  });

  test('many quick edits end in the diagnostics of the last text', async () => {
    const { file, client } = await openSettings(start, DEBUG_ON, ['DR918']);
    const line = { start: { line: 3, character: 0 }, end: { line: 3, character: 100 } };
    for (let i = 0; i < 20; i++) await client.change(file, [{ range: line, text: i % 2 ? 'DEBUG = True' : 'DEBUG = False' }]);
    await client.change(file, [{ range: line, text: 'DEBUG = False' }]);
    await client.waitForCodes(file, []);
    assert.equal(client.text(file), DEBUG_ON.replace('True', 'False'));
  });

  test('a settings module deleted on disk (didChangeWatchedFiles) takes its findings with it', async () => {
    const root = settingsPackage('base', {
      base: 'DEBUG = False\n',
      production: 'from .base import *  # noqa\n\nDEBUG = True\n',
    });
    const production = path.join(root, 'conf/settings/production.py');
    const client = await start([root], ['DR918']);
    await client.waitForCodes(production, ['DR918']);
    fs.rmSync(production);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(production), type: 3 }] });
    await client.waitFor('production.py cleared', () => client.diagnostics.get(uriOf(production))?.length === 0);
    const [project] = (await client.checklist()).projects;
    assert.equal(project.productionSettings, 'conf.settings.base');
  });

  test('a closed file changed on disk is analysed again', async () => {
    const root = settingsProject(DEBUG_ON);
    const file = settingsFile(root);
    const client = await start([root], ['DR918']);
    await client.waitForCodes(file, ['DR918']);
    fs.writeFileSync(file, DEBUG_ON.replace('True', 'False'));
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 2 }] });
    await client.waitForCodes(file, []);
  });

  test('settings take effect when they change: the production module, and rules turned off', async () => {
    const root = settingsPackage('production', {
      production: 'DEBUG = False\n',
      staging: 'DEBUG = True\n',
    });
    const staging = path.join(root, 'conf/settings/staging.py');
    const client = await start([root], ['DR918']);
    await client.waitFor('first analysis', () => client.checklistChanges > 0);
    assert.deepEqual(client.codes(staging), []);
    await client.configure(onlyRules(['DR918'], { settingsModule: 'conf.settings.staging' }));
    await client.waitForCodes(staging, ['DR918']);
    assert.equal((await client.checklist()).projects[0].productionSettings, 'conf.settings.staging');
    await client.configure(onlyRules([], { settingsModule: 'conf.settings.staging' }));
    await client.waitForCodes(staging, []);
    await client.configure(onlyRules(['DR918'], { settingsModule: 'conf.settings.staging' }));
    await client.waitForCodes(staging, ['DR918']);
    await client.configure({ ...onlyRules(['DR918'], { settingsModule: 'conf.settings.staging' }), enable: false });
    await client.waitForCodes(staging, []);
    assert.deepEqual((await client.checklist()).projects, []);
  });

  test('every workspace folder is its own discovery, and one broken project does not hide the other', async () => {
    const good = settingsProject(DEBUG_ON);
    const broken = settingsProject('DEBUG = (\n');
    const client = await start([good, broken], ['DR918', 'DR001']);
    await client.waitForCodes(path.join(good, 'mysite/settings.py'), ['DR918']);
    await client.waitForCodes(path.join(broken, 'mysite/settings.py'), ['DR001']);
    const projects = (await client.checklist()).projects;
    assert.deepEqual(projects.map((project) => project.folderUri).sort(), [uriOf(good), uriOf(broken)].sort());
  });
});
