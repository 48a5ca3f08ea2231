// Clients that apply less than VS Code: without `documentChanges` (Neovim 0.7 declares only resourceOperations
// and workspace/applyEdit), text fixes come as plain `changes`, fixes that create files as a command the server
// carries out through workspace/applyEdit; a client that can do neither is never offered a file-creating fix.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { ClientCapabilities, CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { type CommandResult, FIX_ALL_KIND, SERVER_COMMANDS } from '../../server/src/protocol';
import { fixtureProject } from '../helpers/project';
import { applyWorkspaceEdit, LspTestClient, uriOf } from './harness';

/** What Neovim 0.7 declares (runtime/lua/vim/lsp/protocol.lua), trimmed to what matters here. */
const NEOVIM_07: ClientCapabilities = {
  workspace: { applyEdit: true, configuration: true, workspaceFolders: true, workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] } },
  textDocument: {
    publishDiagnostics: { relatedInformation: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
  },
};
/** A client that takes code actions with plain `changes` and nothing else. */
const BARE: ClientCapabilities = {
  textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
};

const clients: LspTestClient[] = [];
after(async () => {
  for (const client of clients) await client.stop();
});

async function shop(capabilities: ClientCapabilities): Promise<{ client: LspTestClient; root: string; settings: string; diagnostics: Diagnostic[] }> {
  // The project the end-to-end tests open (test/fixtures/e2e/shop): DR918 has a text fix, DR601 creates a file.
  const root = fixtureProject(path.join('..', 'e2e', 'shop'));
  const client = await LspTestClient.start([root], { capabilities });
  clients.push(client);
  const settings = path.join(root, 'shop', 'settings.py');
  await client.open(settings);
  await client.waitFor('DR918 and DR601', () => ['DR918', 'DR601'].every((code) => client.codes(settings).includes(code)));
  return { client, root, settings, diagnostics: client.diagnosticsOf(settings) };
}

const diagnostic = (diagnostics: Diagnostic[], code: string): Diagnostic => diagnostics.find((candidate) => candidate.code === code)!;

describe('a client without documentChanges that can apply edits and create files (Neovim 0.7)', () => {
  test('a text fix comes as plain changes', async () => {
    const { client, settings, diagnostics } = await shop(NEOVIM_07);
    const [fix] = await client.codeActions(settings, [diagnostic(diagnostics, 'DR918')]);
    assert.equal(fix.title, 'Read DEBUG from $DJANGO_DEBUG, default False');
    assert.equal(fix.edit?.documentChanges, undefined);
    assert.deepEqual(Object.keys(fix.edit?.changes ?? {}), [uriOf(settings)]);
    assert.equal(fix.command, undefined);
  });

  test('a fix that creates a file is a command; the server applies it with workspace/applyEdit', async () => {
    const { client, root, settings, diagnostics } = await shop(NEOVIM_07);
    const [fix] = await client.codeActions(settings, [diagnostic(diagnostics, 'DR601')]);
    assert.equal(fix.title, 'Create templates/base.html (HTML5 layout)');
    assert.equal(fix.edit, undefined);
    assert.equal(fix.command?.command, SERVER_COMMANDS.applyEdit);
    const result = await client.request<CommandResult>('workspace/executeCommand', fix.command);
    assert.equal(result.applied, true, result.message);
    const sent = client.appliedEdits.at(-1)!;
    assert.equal(sent.label, fix.title);
    applyWorkspaceEdit(sent.edit, (file) => client.version(file));
    assert.match(fs.readFileSync(path.join(root, 'templates', 'base.html'), 'utf8'), /^<!DOCTYPE html>/i);
    // The client watches no files for the server; the server notices the new file on disk by itself.
    await client.waitFor('DR601 to go once base.html is on disk', () => !client.codes(settings).includes('DR601'));
  });

  test('fix-all, asked for or resolved, is a command too when it creates files, and it carries them out', async () => {
    const { client, settings, diagnostics } = await shop(NEOVIM_07);
    const [fixAll] = await client.codeActions(settings, diagnostics, [FIX_ALL_KIND]);
    assert.equal(fixAll.command?.command, SERVER_COMMANDS.applyEdit);
    const lazy = (await client.codeActions(settings, diagnostics)).find((action) => action.kind === FIX_ALL_KIND)!;
    const resolved = await client.request<CodeAction>('codeAction/resolve', lazy);
    assert.equal(resolved.command?.command, SERVER_COMMANDS.applyEdit, JSON.stringify(resolved).slice(0, 300));
    const before = client.appliedEdits.length;
    const result = await client.request<CommandResult>('workspace/executeCommand', resolved.command);
    assert.equal(result.applied, true, result.message);
    const { edit } = client.appliedEdits[before];
    assert.ok(edit.documentChanges?.some((change) => 'kind' in change && change.kind === 'create' && change.uri.endsWith('/templates/base.html')));
  });

  test("the command refuses an edit outside the workspace's projects", async () => {
    const { client, root } = await shop(NEOVIM_07);
    const outside = { documentChanges: [{ kind: 'create', uri: uriOf(path.join(path.dirname(root), 'elsewhere.txt')) }] };
    const result = await client.request<CommandResult>('workspace/executeCommand', {
      command: SERVER_COMMANDS.applyEdit,
      arguments: [{ label: 'x', edit: outside }],
    });
    assert.equal(result.applied, false);
    assert.equal(client.appliedEdits.length, 0);
  });
});

describe('a client that can only take plain changes', () => {
  test('text fixes are offered; fixes that create files are not; fix-all leaves them out', async () => {
    const { client, settings, diagnostics } = await shop(BARE);
    const titles = (await client.codeActions(settings, diagnostics)).map((action) => action.title);
    assert.ok(titles.includes('Read DEBUG from $DJANGO_DEBUG, default False'), titles.join('\n'));
    assert.ok(!titles.some((title) => title.startsWith('Create ')), titles.join('\n'));
    const [fixAll] = await client.codeActions(settings, diagnostics, [FIX_ALL_KIND]);
    assert.equal(fixAll.command, undefined);
    assert.equal(fixAll.edit?.documentChanges, undefined);
    const edited = Object.keys(fixAll.edit?.changes ?? {});
    assert.ok(edited.includes(uriOf(settings)), edited.join(' '));
    assert.ok(
      edited.every((uri) => fs.existsSync(new URL(uri))),
      `only files that exist: ${edited.join(' ')}`,
    );
  });
});
