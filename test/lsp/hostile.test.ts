// Hostile input typed into an editor, against the bundled server as a process (a hang or a crash fails the
// request that should have been answered, not the test runner): the server stays responsive whatever is typed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ServerProcess, uriOf } from '../fuzz/serverProcess';
import { selfSharingModule } from '../helpers/hostile';
import { MANAGE_PY, settingsProject, writeProject } from '../helpers/project';

/** Generous for a loaded 2-core machine; a hung server runs into it. */
const ANSWER_LIMIT_MS = 30_000;

async function withServer(root: string, run: (server: ServerProcess) => Promise<void>): Promise<void> {
  const server = await ServerProcess.start([root]);
  try {
    await run(server);
    assert.equal(server.death, undefined);
    assert.deepEqual(server.errors, [], 'no error logged');
  } finally {
    await server.stop();
  }
}

/** A change that replaces the whole of `before` with `after`. */
function replaceAll(
  before: string,
  after: string,
): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const lines = before.split('\n');
  return { range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, text: after };
}

describe('the server stays responsive', () => {
  test('typing X = [X, X] forty times: the checklist is still answered and later lines still judged', async () => {
    const root = settingsProject('DEBUG = False\n');
    const file = path.join(root, 'mysite', 'settings.py');
    await withServer(root, async (server) => {
      const before = fs.readFileSync(file, 'utf8');
      await server.open(file, before, 'python');
      await server.change(file, [replaceAll(before, selfSharingModule(40))]);
      const checklist = await server.request<{ projects: unknown[] }>('djangoReady/checklist', null, ANSWER_LIMIT_MS);
      assert.equal(checklist.projects.length, 1);
      await server.waitUntil(
        'DR918 on the settings module',
        () => server.upToDate(file) && server.diagnostics(file).some((d) => d.code === 'DR918'),
        ANSWER_LIMIT_MS,
      );
    });
  });
});

/** The documents a workspace edit changes or creates. */
function editedUris(edit: unknown): string[] {
  const changes = (edit as { documentChanges?: ({ uri: string } | { textDocument: { uri: string } })[] } | undefined)?.documentChanges ?? [];
  return changes.map((change) => ('uri' in change ? change.uri : change.textDocument.uri));
}

describe('edits offered over LSP stay inside the project', () => {
  test('a settings module linked to a sibling folder of the project: diagnostics, but no fix and no "ignore" edit for it', async () => {
    const workspace = writeProject({ 'shared/settings.py': 'SECRET_KEY = "django-insecure-abc"\nDEBUG = True\n' });
    const root = path.join(workspace, 'site');
    fs.mkdirSync(path.join(root, 'mysite'), { recursive: true });
    fs.writeFileSync(path.join(root, 'manage.py'), MANAGE_PY('mysite.settings'));
    fs.writeFileSync(path.join(root, 'mysite', '__init__.py'), '');
    const file = path.join(root, 'mysite', 'settings.py');
    fs.symlinkSync(path.join(workspace, 'shared', 'settings.py'), file);
    await withServer(workspace, async (server) => {
      await server.waitUntil('diagnostics on the linked module', () => server.diagnostics(file).some((d) => d.code === 'DR918'), ANSWER_LIMIT_MS);
      const linked = uriOf(file);
      for (const diagnostic of server.diagnostics(file)) {
        const data = diagnostic.data as { fix: { edit: unknown } | null; ignore: unknown };
        assert.ok(!editedUris(data.fix?.edit).includes(linked), `the fix for ${diagnostic.code} does not edit the linked module`);
        assert.equal(data.ignore, null, `no ignore edit for ${diagnostic.code}`);
      }
      const actions = await server.request<{ edit?: unknown }[]>(
        'textDocument/codeAction',
        {
          textDocument: { uri: linked },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [], only: ['source.fixAll.djangoReady'] },
        },
        ANSWER_LIMIT_MS,
      );
      for (const action of actions) assert.ok(!editedUris(action.edit).includes(linked), 'fix-all does not edit the linked module');
    });
  });
});
