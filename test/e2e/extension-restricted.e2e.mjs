// Django Ready in Restricted Mode: a folder that was never trusted. The extension declares untrusted workspaces
// supported (it never runs the project's code), so diagnostics, the score and fixes work there too. The fix-all
// source action is exercised here, through the Source Action menu; and a folder without a Django project.
// Run: node test/e2e/extension-restricted.e2e.mjs   (after: bash scripts/e2e-tools.sh)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, runScenario } from './harness.mjs';
import {
  CONTAINER_TITLE,
  SCORE_ITEM_ID,
  SETTINGS,
  VIEW_TITLE,
  nothingLeftToFix,
  openFixture,
  problemsMatchEngine,
  pythonSyntaxError,
  readText,
  scoreText,
  statusBarScore,
  waitForProblemListed,
} from './djangoReady.mjs';

await runScenario(
  'extension-restricted',
  async (s, step) => {
    const { w, server, folder, settingsFile, before, extensionsDir } = await openFixture(s, step, { trusted: false });

    await step("Problems lists the engine's diagnostics for the settings file", () => problemsMatchEngine(w, before, SETTINGS));

    await step('the status bar shows the score', () => statusBarScore(w, scoreText(before.score)));

    await step('the "Fix all" source action fixes the project; saved, the settings file is valid Python', async () => {
      await w.openFile(SETTINGS);
      await w.sourceAction({ label: /^Fix all Django Ready findings in shop \(\d+ fix(es)?\)$/ });
      await waitForProblemListed(w, SETTINGS, 'DR918', false);
      await w.runCommand('File: Save All Files');
      await w.waitFor(() => readText(settingsFile).includes('DJANGO_DEBUG'), { message: `the fixes saved in ${SETTINGS}` });
      const error = pythonSyntaxError(settingsFile);
      check(!error, `${SETTINGS} after the fix-all source action is valid Python: ${error}\n${readText(settingsFile)}`);
      const after = await nothingLeftToFix(w, folder);
      await statusBarScore(w, scoreText(after.score));
    });

    await step('a folder without manage.py: the Readiness view says what it looks for, and no score shows', async () => {
      await w.close();
      await s.stopGroup(server);
      const empty = join(s.tempDir('empty'), 'notes');
      mkdirSync(empty);
      writeFileSync(join(empty, 'README.md'), '# Notes\n');
      const other = await s.openWorkbench(await s.startCodeServer({ folder: empty, extensionsDir, trusted: false, label: 'no-project' }));
      await other.openViewContainer(CONTAINER_TITLE);
      const pane = await other.viewPane(VIEW_TITLE);
      await other.waitFor(async () => (await pane.innerText()).includes('No Django project found in this workspace'), {
        message: 'the welcome text of the empty view',
      });
      check(await pane.locator('.monaco-button', { hasText: 'Refresh' }).isVisible(), 'a Refresh button');
      check(!(await other.statusBarItem(SCORE_ITEM_ID)), 'no score in the status bar');
    });
  },
  { timeoutMs: 180_000, screenshotSteps: true },
);
