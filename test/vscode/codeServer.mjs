// The VS Code API suite in code-server's extension host, through the e2e harness's payload route (see
// test/e2e/README.md): used by run.mjs where VS Code desktop cannot be had, and by test/e2e/vscode-api.e2e.mjs.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUITE = path.join(REPO, 'build', 'test-vscode', 'suite', 'index.js');
const SUITE_TITLE = 'Django Ready in VS Code';

/**
 * Runs the suite with the repository as the extension under development, in `workspace`, and returns mocha's
 * exit code and its report (the extension host's console, from the suite's title on).
 * @param {import('../e2e/harness.mjs').Session} session
 * @param {string} workspace
 * @returns {Promise<{ code: number, report: string }>}
 */
export async function runSuiteInCodeServer(session, workspace) {
  const result = await session.runExtensionTests({ extensionDevelopmentPath: REPO, extensionTestsPath: SUITE, folder: workspace, timeout: 300_000 });
  const start = result.console.findIndex((line) => line.includes(SUITE_TITLE));
  return { code: result.code, report: result.console.slice(Math.max(0, start)).join('\n') };
}
