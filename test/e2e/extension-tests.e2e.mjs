// Proves that an @vscode/test-electron-style mocha suite runs inside code-server's extension host
// (extensionDevelopmentPath + extensionTestsPath) and that its result comes out as an exit code.
// Run: node test/e2e/extension-tests.e2e.mjs   (after: bash scripts/e2e-tools.sh)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, check, runScenario } from './harness.mjs';

/** @param {string} root @param {Record<string, string>} files */
function writeTree(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A mocha entry in the shape @vscode/test-electron expects: run() resolves on success, rejects on failures. */
const mochaEntry = (/** @type {string} */ spec) => `const path = require('path');
const mochaModule = require(${JSON.stringify(join(REPO_ROOT, 'node_modules', 'mocha'))}); // mocha 12 is ESM: require(esm)
const Mocha = [mochaModule.Mocha, mochaModule.default, mochaModule].find((m) => typeof m === 'function');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20000 });
  mocha.addFile(path.join(__dirname, ${JSON.stringify(spec)}));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(failures + ' test(s) failed')) : resolve()));
  });
};
`;

const extensionFiles = {
  'package.json': JSON.stringify(
    {
      name: 'e2e-devext',
      publisher: 'e2e-harness',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.90.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
      contributes: { commands: [{ command: 'e2eDevext.answer', title: 'Answer', category: 'E2E Devext' }] },
    },
    null,
    2,
  ),
  'extension.js': `const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('e2eDevext.answer', () => 42));
};
`,
  'test/index.js': mochaEntry('suite.test.js'),
  'test/failing.js': mochaEntry('failing.test.js'),
  'test/suite.test.js': `const assert = require('assert');
const vscode = require('vscode');

describe('inside code-server', () => {
  it('has the VS Code API and the opened folder', () => {
    assert.match(vscode.version, /^1\\.\\d+\\.\\d+/);
    assert.strictEqual(vscode.workspace.workspaceFolders.length, 1);
    assert.ok(vscode.workspace.workspaceFolders[0].uri.path.endsWith('/project'));
  });
  it('runs the extension under development', async () => {
    const ext = vscode.extensions.getExtension('e2e-harness.e2e-devext');
    assert.ok(ext, 'the development extension is loaded');
    await ext.activate();
    assert.strictEqual(await vscode.commands.executeCommand('e2eDevext.answer'), 42);
  });
  it('reads workspace files', async () => {
    const [uri] = await vscode.workspace.findFiles('manage.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /DJANGO_SETTINGS_MODULE/);
  });
});
`,
  'test/failing.test.js': `const assert = require('assert');
describe('a failing suite', () => {
  it('passes', () => assert.ok(true));
  it('fails on purpose', () => assert.strictEqual(1 + 1, 3));
});
`,
};

await runScenario(
  'extension-tests',
  async (s, step) => {
    const dev = s.tempDir('devext');
    writeTree(dev, extensionFiles);
    const workspace = s.tempDir('workspace');
    const folder = join(workspace, 'project');
    writeTree(folder, { 'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n' });

    await step('a passing mocha suite exits 0', async () => {
      const result = await s.runExtensionTests({
        extensionDevelopmentPath: dev,
        extensionTestsPath: join(dev, 'test', 'index.js'),
        folder,
        label: 'tests-pass',
      });
      const output = result.console.join('\n');
      check(result.code === 0, `exit code ${result.code}; console:\n${output}`);
      check(/3 passing/.test(output), `mocha's spec output reaches the browser console:\n${output}`);
      console.log(`    (ran in ${result.ms} ms)`);
    });

    await step('a failing mocha suite exits 1 and reports the failure', async () => {
      const result = await s.runExtensionTests({
        extensionDevelopmentPath: dev,
        extensionTestsPath: join(dev, 'test', 'failing.js'),
        folder,
        label: 'tests-fail',
      });
      const output = result.console.join('\n');
      check(result.code === 1, `exit code ${result.code}; console:\n${output}`);
      check(/1 passing/.test(output) && /1 failing/.test(output) && /fails on purpose/.test(output), `failure details in the console:\n${output}`);
      console.log(`    (ran in ${result.ms} ms)`);
    });
  },
  { timeoutMs: 240_000 },
);
