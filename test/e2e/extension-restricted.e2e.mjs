// Django Ready in Restricted Mode: a folder that was never trusted. The extension declares untrusted workspaces
// supported (it never runs the project's code), so diagnostics, the score and fixes work there too. The fix-all
// source action is exercised here, through the Source Action menu.
// Run: node test/e2e/extension-restricted.e2e.mjs   (after: bash scripts/e2e-tools.sh)
import { check, runScenario } from './harness.mjs';
import {
  SETTINGS, finding, nothingLeftToFix, openFixture, problemsMatchEngine, pythonSyntaxError, readText, scoreText,
  statusBarScore, waitForProblemListed,
} from './djangoReady.mjs';

await runScenario('extension-restricted', async (s, step) => {
  const { w, folder, settingsFile, before } = await openFixture(s, step, { trusted: false });

  await step('Problems lists the engine\'s diagnostics for the settings file', () => problemsMatchEngine(w, before, SETTINGS));

  await step('the status bar shows the score', () => statusBarScore(w, scoreText(before.score)));

  await step('the "Fix all" source action fixes the project; saved, the settings file is valid Python', async () => {
    await w.openFile(SETTINGS);
    const offered = await w.sourceAction({ label: /^Fix all Django Ready findings in shop \(\d+ fix(es)?\)$/ });
    check(offered.length >= 1, `source actions: ${JSON.stringify(offered)}`);
    await waitForProblemListed(w, SETTINGS, finding(before, 'DR918').code, false);
    await w.runCommand('File: Save All Files');
    await w.waitFor(() => readText(settingsFile).includes('DJANGO_DEBUG'), { message: `the fixes saved in ${SETTINGS}` });
    const error = pythonSyntaxError(settingsFile);
    check(!error, `${SETTINGS} after the fix-all source action is valid Python: ${error}\n${readText(settingsFile)}`);
    const after = await nothingLeftToFix(w, folder);
    await statusBarScore(w, scoreText(after.score));
  });
}, { timeoutMs: 180_000, screenshotSteps: true });
