// Runs the VS Code API tests (test/vscode/suite) with the extension under development, in this order:
//   1. VS Code from @vscode/test-electron (downloaded, or VSCODE_EXECUTABLE), under xvfb-run when there is no display;
//   2. where VS Code cannot be had, the same suite in code-server's extension host, if the e2e tools are installed
//      (test/e2e/harness.mjs and scripts/e2e-tools.sh, used here as they are);
//   3. otherwise the suite is skipped with a message and exit status 0.
// Test failures exit 1.
//
// Usage (after `npm run build` and `tsc -p test/vscode`): node test/vscode/run.mjs
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { runSuiteInCodeServer, SUITE } from './codeServer.mjs';
import { writeWorkspace } from './workspace.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOWNLOAD_IDLE_TIMEOUT_MS = 15_000;
const E2E_HARNESS = path.join(REPO, 'test', 'e2e', 'harness.mjs');
const CODE_SERVER = path.join(REPO, '.tools', 'cs', 'node_modules', '.bin', 'code-server');

if (!fs.existsSync(SUITE)) {
  console.error(`${SUITE} is missing: run npm run build && npx tsc -p test/vscode first`);
  process.exit(1);
}

/** @type {string[]} why VS Code desktop could not run the suite */
const unavailable = [];
const executable = process.env.VSCODE_EXECUTABLE ?? (await downloadVSCode());
const workspace = writeWorkspace(REPO);
try {
  if (executable && hasDisplay()) process.exitCode = await runInVSCode(executable);
  else if (executable && xvfbRun()) process.exitCode = rerunUnderXvfb(executable);
  else {
    if (executable) unavailable.push('no display and no xvfb-run to provide one');
    process.exitCode = await runInCodeServer();
  }
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}

async function downloadVSCode() {
  try {
    return await downloadAndUnzipVSCode({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      cachePath: path.join(REPO, 'build', '.vscode-test'),
      timeout: DOWNLOAD_IDLE_TIMEOUT_MS,
    });
  } catch (error) {
    unavailable.push(
      `VS Code could not be downloaded (${error instanceof Error ? error.message.split('\n')[0] : error}; VSCODE_EXECUTABLE can name an installed one)`,
    );
    return undefined;
  }
}

function hasDisplay() {
  return process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
}

function xvfbRun() {
  return spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
}

/** @param {string} vscodeExecutable */
function rerunUnderXvfb(vscodeExecutable) {
  const result = spawnSync(xvfbRun(), ['-a', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, VSCODE_EXECUTABLE: vscodeExecutable },
  });
  return result.status ?? 1;
}

/** @param {string} vscodeExecutablePath */
async function runInVSCode(vscodeExecutablePath) {
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: SUITE,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    console.error(`The VS Code API tests failed: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

async function runInCodeServer() {
  const harness = fs.existsSync(E2E_HARNESS) && fs.existsSync(CODE_SERVER) ? await import(pathToFileURL(E2E_HARNESS).href) : undefined;
  if (typeof harness?.Session?.prototype?.runExtensionTests !== 'function') {
    unavailable.push('code-server is not installed either (bash scripts/e2e-tools.sh)');
    console.log(`SKIPPED: the VS Code API tests did not run: ${unavailable.join('; ')}`);
    return 0;
  }
  console.log(`VS Code itself is not available (${unavailable.join('; ')}); running the suite in code-server.`);
  const session = new harness.Session('vscode-api-suite', { timeoutMs: 400_000 });
  try {
    const { code, report } = await runSuiteInCodeServer(session, workspace);
    console.log(report);
    return code;
  } finally {
    await session.dispose();
  }
}
