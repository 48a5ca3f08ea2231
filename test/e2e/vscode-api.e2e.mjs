// The @vscode/test-electron suite (test/vscode: mocha tests through the VS Code API) inside code-server's
// extension host, with this repository as the extension under development. `npm run test:vscode` runs the same
// suite in VS Code desktop where it can be downloaded; here it always runs in code-server, with the e2e suite.
// Run: node test/e2e/vscode-api.e2e.mjs   (after: bash scripts/e2e-tools.sh)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, check, runScenario } from './harness.mjs';
import { runSuiteInCodeServer } from '../vscode/codeServer.mjs';
import { writeWorkspace } from '../vscode/workspace.mjs';

/** @param {string} what @param {string[]} args */
function node(what, args) {
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

await runScenario(
  'vscode-api',
  async (s, step) => {
    await step('build the extension bundles and the suite', async () => {
      // workspace.mjs reads the rule registry from the compiled server (npm run build, as npm test does first).
      check(existsSync(join(REPO_ROOT, 'build', 'server', 'src', 'service', 'index.js')), 'build/server is missing: run npm run build first');
      node('bundling', ['scripts/bundle.mjs']);
      node('compiling test/vscode', [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test/vscode']);
    });
    const workspace = writeWorkspace(REPO_ROOT);
    s.tempDirs.push(workspace);
    await step('the VS Code API mocha suite passes in the extension host', async () => {
      const { code, report } = await runSuiteInCodeServer(s, workspace);
      const plain = report.replace(/\u001b\[[0-9;]*m/g, '');
      console.log(
        plain
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      );
      check(code === 0, `mocha exit code ${code}`);
      check(/\b[1-9]\d* passing\b/.test(plain) && !/\bfailing\b/.test(plain), 'every test passed');
    });
  },
  { timeoutMs: 240_000 },
);
