// Smoke scenario for the e2e harness: a throwaway extension (built and packaged here) in real VS Code (code-server),
// trusted and in Restricted Mode. Proves every harness helper on real UI.
// Run: node test/e2e/smoke.e2e.mjs   (after: bash scripts/e2e-tools.sh)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { check, packageVsix, runScenario } from './harness.mjs';

const EXTENSION_ID = 'e2e-harness.e2e-smoke';
const DIAGNOSTIC = 'E2E smoke: DEBUG is True';
const FIX = 'Set DEBUG = False';

/** Writes a tree of files. @param {string} root @param {Record<string, string>} files */
function writeTree(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** The smoke extension: a command, a status bar item, a diagnostic + quick fix on *.py, a tree view, a grammar. */
const extensionFiles = {
  'package.json': JSON.stringify(
    {
      name: 'e2e-smoke',
      displayName: 'E2E Smoke',
      description: 'Throwaway extension used by the e2e harness smoke test',
      publisher: 'e2e-harness',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.90.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished', 'workspaceContains:**/manage.py'],
      capabilities: { untrustedWorkspaces: { supported: true }, virtualWorkspaces: false },
      contributes: {
        commands: [{ command: 'e2eSmoke.hello', title: 'Say Hello', category: 'E2E Smoke' }],
        viewsContainers: { activitybar: [{ id: 'e2eSmoke', title: 'E2E Smoke', icon: 'icon.svg' }] },
        views: { e2eSmoke: [{ id: 'e2eSmoke.checks', name: 'Smoke Checks' }] },
        languages: [{ id: 'e2econf', aliases: ['E2E Conf'], extensions: ['.e2econf'] }],
        grammars: [{ language: 'e2econf', scopeName: 'source.e2econf', path: './e2econf.tmLanguage.json' }],
      },
    },
    null,
    2,
  ),
  'README.md': '# E2E Smoke\n\nThrowaway extension for the end-to-end harness.\n',
  LICENSE: 'MIT License\n',
  'icon.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9" fill="none" stroke="#c5c5c5" stroke-width="2"/></svg>\n',
  'e2econf.tmLanguage.json': JSON.stringify(
    {
      scopeName: 'source.e2econf',
      patterns: [
        { match: '^\\s*([;#].*)$', captures: { 1: { name: 'comment.line.e2econf' } } },
        {
          match: '^\\s*(\\[)([^\\]]*)(\\])',
          captures: {
            1: { name: 'punctuation.definition.section.begin.e2econf' },
            2: { name: 'entity.name.section.e2econf' },
            3: { name: 'punctuation.definition.section.end.e2econf' },
          },
        },
        { match: '^\\s*([\\w.-]+)\\s*(=)', captures: { 1: { name: 'variable.other.key.e2econf' }, 2: { name: 'keyword.operator.assignment.e2econf' } } },
      ],
    },
    null,
    2,
  ),
  'extension.js': `const vscode = require('vscode');

exports.activate = function activate(context) {
  const status = vscode.window.createStatusBarItem('e2eSmoke.status', vscode.StatusBarAlignment.Left, 1000);
  status.name = 'E2E Smoke';
  status.text = '$(beaker) E2E Smoke: ' + (vscode.workspace.isTrusted ? 'trusted' : 'restricted');
  status.show();

  const diagnostics = vscode.languages.createDiagnosticCollection('e2e-smoke');
  const validate = (doc) => {
    if (!doc.uri.path.endsWith('.py')) return;
    const found = [];
    for (let i = 0; i < doc.lineCount; i++) {
      const m = /^DEBUG\\s*=\\s*(True)\\b/.exec(doc.lineAt(i).text);
      if (m) {
        const range = new vscode.Range(i, m.index + m[0].length - 4, i, m.index + m[0].length);
        const d = new vscode.Diagnostic(range, ${JSON.stringify(DIAGNOSTIC)}, vscode.DiagnosticSeverity.Warning);
        d.source = 'e2e-smoke';
        d.code = 'SMOKE001';
        found.push(d);
      }
    }
    diagnostics.set(doc.uri, found);
  };
  vscode.workspace.findFiles('**/*.py').then(async (uris) => {
    for (const uri of uris) validate(await vscode.workspace.openTextDocument(uri));
  });
  context.subscriptions.push(
    status,
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(validate),
    vscode.workspace.onDidChangeTextDocument((e) => validate(e.document)),
    vscode.commands.registerCommand('e2eSmoke.hello', () => {
      status.text = '$(beaker) E2E Smoke: hello';
      vscode.window.showInformationMessage('Hello from E2E Smoke');
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file', pattern: '**/*.py' }, {
      provideCodeActions(doc, range, ctx) {
        return ctx.diagnostics.filter((d) => d.source === 'e2e-smoke').map((d) => {
          const action = new vscode.CodeAction(${JSON.stringify(FIX)}, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [d];
          action.isPreferred = true;
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(doc.uri, d.range, 'False');
          return action;
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.window.registerTreeDataProvider('e2eSmoke.checks', {
      getChildren(element) {
        if (!element) return [{ label: 'Project found', children: ['manage.py', 'settings.py'] }, { label: 'Ready' }];
        return (element.children || []).map((label) => ({ label }));
      },
      getTreeItem(element) {
        return new vscode.TreeItem(element.label, element.children ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      },
    }),
  );
};

exports.deactivate = function deactivate() {};
`,
};

/** The project the workbench opens. */
const projectFiles = {
  'manage.py': '#!/usr/bin/env python\nimport os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n',
  'settings.py': 'SECRET_KEY = "x"\n\nDEBUG = True\nALLOWED_HOSTS = []\n',
  'supervisor.e2econf': '[program:web]\ncommand=gunicorn mysite.wsgi\n; a comment\n',
};

await runScenario(
  'smoke',
  async (s, step) => {
    const vsix = await step('build and package the smoke extension with vsce', async () => {
      const dir = s.tempDir('extension-src');
      writeTree(dir, extensionFiles);
      return packageVsix(dir, join(s.tempDir('vsix'), 'e2e-smoke.vsix'));
    });
    const extensionsDir = await step('install the VSIX into a throwaway extensions dir', () => s.installVsix(vsix));

    for (const trusted of [true, false]) {
      const mode = trusted ? 'trusted' : 'restricted';
      const folder = s.tempDir(`project-${mode}`);
      writeTree(folder, projectFiles);
      const server = await s.startCodeServer({ folder, extensionsDir, trusted });
      const w = await step(`${mode}: the workbench loads`, () => s.openWorkbench(server));
      await w.screenshot(`${mode}-01-loaded`);

      await step(`${mode}: the extension's status bar item appears`, async () => {
        const item = await w.waitFor(() => w.statusBarItem((i) => i.text.includes('E2E Smoke:')), {
          timeout: 30_000,
          message: 'the E2E Smoke status bar item',
        });
        check(item.text.endsWith(mode), `status bar says ${mode}: ${JSON.stringify(item)}`);
        check(item.id.startsWith(EXTENSION_ID), `status bar item id is prefixed by the extension id: ${item.id}`);
      });

      await step(`${mode}: the Restricted Mode indicator ${trusted ? 'is absent' : 'shows'}`, async () => {
        const isIndicator = (/** @type {import('./harness.mjs').StatusBarItem} */ i) => /Restricted Mode/i.test(i.text + i.ariaLabel);
        if (trusted) {
          check(!(await w.statusBarItem(isIndicator)), 'no Restricted Mode indicator in a trusted window');
        } else {
          await w.waitFor(() => w.statusBarItem(isIndicator), { message: 'the Restricted Mode status bar item' });
        }
      });

      await step(`${mode}: the Problems panel lists the diagnostic`, async () => {
        const rows = await w.waitForProblem((row) => row.text.includes(DIAGNOSTIC), { message: `"${DIAGNOSTIC}" in Problems` });
        check(
          rows.some((row) => row.kind === 'file' && row.text.includes('settings.py')),
          `a settings.py file row: ${JSON.stringify(rows)}`,
        );
        const marker = rows.find((row) => row.kind === 'marker');
        check(marker?.severity === 'warning', `warning severity: ${JSON.stringify(marker)}`);
        await w.screenshot(`${mode}-02-problems`);
      });

      await step(`${mode}: a command runs from the palette`, async () => {
        await w.runCommand('E2E Smoke: Say Hello');
        await w.waitFor(() => w.statusBarItem((i) => i.text.endsWith('E2E Smoke: hello')), { message: 'status bar to say hello' });
        await w.waitFor(async () => (await w.notifications()).some((t) => t.includes('Hello from E2E Smoke')), { message: 'the hello notification' });
        await w.screenshot(`${mode}-03-command`);
      });

      await step(`${mode}: a quick fix is picked from the menu and applied`, async () => {
        await w.openFile('settings.py');
        const offered = await w.quickFix({ line: 3, column: 9, label: FIX });
        check(offered.includes(FIX), `menu offered ${JSON.stringify(offered)}`);
        await w.waitFor(async () => (await w.editorText()).includes('DEBUG = False'), { message: 'the edit in the editor' });
        await w.waitFor(async () => !(await w.problems()).some((row) => row.text.includes(DIAGNOSTIC)), { message: 'the diagnostic to go away' });
        await w.screenshot(`${mode}-04-quickfix`);
        check(readFileSync(join(folder, 'settings.py'), 'utf8').includes('DEBUG = True'), 'the fix is unsaved: the disk still says True');
      });

      await step(`${mode}: the extension's view container and tree view`, async () => {
        await w.openViewContainer('E2E Smoke');
        const items = await w.waitFor(
          async () => {
            const rows = await w.treeItems('Smoke Checks');
            return rows.length >= 4 ? rows : undefined;
          },
          { message: 'tree items' },
        );
        check(
          JSON.stringify(items.map((i) => [i.text, i.level])) ===
            JSON.stringify([
              ['Project found', 1],
              ['manage.py', 2],
              ['settings.py', 2],
              ['Ready', 1],
            ]),
          `tree items: ${JSON.stringify(items)}`,
        );
        check(items[0].expanded === true, 'the first item is expanded');
        await w.screenshot(`${mode}-05-tree`);
        await w.openViewContainer('Explorer');
        const explorer = await w.waitFor(
          async () => {
            const rows = await w.treeItems(basename(folder)); // the Explorer's folder view is titled by the folder name
            return rows.some((r) => r.text === 'manage.py') ? rows : undefined;
          },
          { message: 'manage.py in the Explorer' },
        );
        check(
          explorer.some((r) => r.text === 'settings.py'),
          `explorer rows: ${JSON.stringify(explorer)}`,
        );
      });

      await step(`${mode}: TextMate scopes of tokens`, async () => {
        await w.openFile('supervisor.e2econf');
        const section = await w.inspectTokenScopes(1, 3);
        check(section.language === 'e2econf' && section.token === 'program:web', `language and token: ${JSON.stringify(section)}`);
        check(
          JSON.stringify(section.scopes) === JSON.stringify(['source.e2econf', 'entity.name.section.e2econf']),
          `section scopes: ${JSON.stringify(section)}`,
        );
        const key = await w.inspectTokenScopes(2, 2, { screenshot: `${mode}-06-scopes` });
        check(key.scopes.at(-1) === 'variable.other.key.e2econf', `key scopes: ${JSON.stringify(key)}`);
      });

      await w.close();
      await s.stopGroup(server);
    }
  },
  { timeoutMs: 240_000 },
);
