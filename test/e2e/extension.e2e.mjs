// Django Ready as a person uses it, in real VS Code (code-server + Chromium): the product VSIX installed into a
// throwaway extensions folder, a copy of the startproject-like fixture test/fixtures/e2e/shop opened in a trusted
// window. What the UI shows is compared with what the engine reports (the CLI on the same copy).
// Run: node test/e2e/extension.e2e.mjs   (after: bash scripts/e2e-tools.sh)
import { check, runScenario } from './harness.mjs';
import {
  SETTINGS,
  STATUS_ICONS,
  SUPERVISOR_CONF,
  VIEW_TITLE,
  areaIcon,
  cliProject,
  expectedProblem,
  finding,
  findingLabel,
  fixTitle,
  listedFindings,
  nothingLeftToFix,
  openFixture,
  problemLines,
  problemsMatchEngine,
  pythonSyntaxError,
  readText,
  readinessRows,
  scoreText,
  shownProblems,
  statusBarScore,
  waitForProblemListed,
} from './djangoReady.mjs';

const HSTS_FIX = 'Turn on HSTS for an hour, subdomains included (raise it to a year once HTTPS works)';

await runScenario(
  'extension',
  async (s, step) => {
    const { w, folder, settingsFile, before } = await openFixture(s, step, { trusted: true });

    await step("Problems lists the engine's diagnostics for the settings file, with their messages", async () => {
      const shown = await problemsMatchEngine(w, before, SETTINGS);
      for (const code of ['DR918', 'DR909', 'DR904'])
        check(
          shown.some((line) => line.includes(` ${code} ${finding(before, code).message}`)),
          `${code} with its message`,
        );
    });

    await step('the status bar shows the score', async () => {
      const item = await statusBarScore(w, scoreText(before.score));
      check(
        item.text === `Django Ready ${scoreText(before.score)}` && item.ariaLabel.includes(`shop passes ${scoreText(before.score)}`),
        `status bar item: ${JSON.stringify(item)}`,
      );
    });

    await step('the Readiness view shows the project, its settings module, the score and every area with its icon', async () => {
      const rows = await readinessRows(w, scoreText(before.score));
      const project = rows[0];
      check(
        project.level === 1 &&
          project.label === 'shop' &&
          project.description === `${before.settingsModule} · ${scoreText(before.score)}` &&
          project.icon === 'codicon-checklist',
        `project row: ${JSON.stringify(project)}`,
      );
      const areas = rows.filter((row) => row.level === 2);
      for (const area of before.checklist) {
        const row = areas.find((candidate) => candidate.label === area.title);
        check(row, `area "${area.title}" in the view: ${JSON.stringify(areas.map((a) => a.label))}`);
        check(row.icon === areaIcon(before, area), `"${area.title}" (${area.status}) has ${areaIcon(before, area)}: ${JSON.stringify(row)}`);
        check(row.description === area.reason, `"${area.title}" says why: ${JSON.stringify(row.description)} vs ${JSON.stringify(area.reason)}`);
      }
      const findings = rows.filter((row) => row.level === 3);
      const hsts = findings.find((row) => row.description === `DR904 · settings.py:${finding(before, 'DR904').range.start.line + 1}`);
      check(
        hsts?.label === findingLabel(finding(before, 'DR904')) && hsts.label.startsWith('HSTS disabled'),
        `the DR904 row, named by the rule's title: ${JSON.stringify(findings.map((f) => [f.label, f.description]))}`,
      );
      await w.openFile(SETTINGS);
      await w.screenshot('readiness');
    });

    /** The engine's report once the editor's changes are saved. */
    let current = before;

    await step('the Readiness view\'s inline "Apply Fix" fixes DR918 in a file no editor has open; view and status bar follow', async () => {
      await w.clickTreeItemAction(VIEW_TITLE, findingLabel(finding(before, 'DR918')), 'Apply Fix');
      await waitForProblemListed(w, SETTINGS, 'DR918', false);
      // VS Code gives the changed file an editor tab of its own, marked unsaved, so it can be saved like any edit.
      await w.waitFor(async () => (await w.editorTabs()).some((tab) => tab.path === settingsFile && tab.dirty), { message: `an unsaved ${SETTINGS} tab` });
      await w.runCommand('File: Save All Files');
      await w.waitFor(() => !readText(settingsFile).includes('\nDEBUG = True\n'), { message: `the DR918 fix saved in ${SETTINGS}` });
      check(!pythonSyntaxError(settingsFile), `${SETTINGS} is valid Python: ${pythonSyntaxError(settingsFile)}`);
      current = cliProject(folder);
      check(!current.findings.some((f) => f.code === 'DR918'), `the engine agrees: ${current.findings.map((f) => f.code).join(' ')}`);
      await statusBarScore(w, scoreText(current.score));
      await readinessRows(w, scoreText(current.score));
    });

    await step('typing in the editor updates the diagnostics live (DR909 goes; back after "Revert File")', async () => {
      await w.openFile(SETTINGS);
      const { start } = finding(current, 'DR909').range;
      await w.goTo(start.line + 1, start.character + 1);
      await w.page.keyboard.press('Shift+End');
      const typed = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]';
      await w.page.keyboard.insertText(typed);
      await w.waitFor(async () => (await w.editorText()).split('\n').includes(typed), { message: `the line reads ${typed}` });
      await waitForProblemListed(w, SETTINGS, 'DR909', false);
      await waitForProblemListed(w, SETTINGS, 'DR001', false);
      await w.runCommand('File: Revert File');
      await waitForProblemListed(w, SETTINGS, 'DR909', true);
      check(!(await w.editorTabs()).some((tab) => tab.path === settingsFile && tab.dirty), 'the file is as saved again');
    });

    await step(`the Quick Fix menu on DR904 turns on HSTS and DR904 leaves Problems`, async () => {
      const { start } = finding(current, 'DR904').range;
      const offered = await w.quickFix({ line: start.line + 1, column: start.character + 1, label: HSTS_FIX });
      check(offered.includes('Ignore DR904 here (add a django-ready: ignore comment)'), `the menu also offers to ignore DR904: ${JSON.stringify(offered)}`);
      await waitForProblemListed(w, SETTINGS, 'DR904', false);
      await w.runCommand('File: Save');
      await w.waitFor(() => readText(settingsFile).includes('\nSECURE_HSTS_SECONDS = 3600\n'), { message: `SECURE_HSTS_SECONDS = 3600 saved in ${SETTINGS}` });
      check(!pythonSyntaxError(settingsFile), `${SETTINGS} is valid Python: ${pythonSyntaxError(settingsFile)}`);
      current = cliProject(folder);
    });

    const html5 = current.checklist.find((area) => area.area === 'html5-base');
    check(html5 && html5.status === 'fail', `the fixture fails html5-base: ${JSON.stringify(html5)}`);
    const afterBase = { passed: current.score.passed + 1, total: current.score.total };

    await step('the DR601 quick fix creates templates/base.html, which shows in the Explorer', async () => {
      const { start } = finding(current, 'DR601').range;
      await w.quickFix({ line: start.line + 1, column: start.character + 1, label: fixTitle(current, 'DR601') });
      await waitForProblemListed(w, SETTINGS, 'DR601', false);
      await w.openViewContainer('Explorer');
      await w.revealTreePath('shop', 'templates/base.html');
    });

    await step('the score goes up: status bar, and the HTML5 area passes in the Readiness view', async () => {
      await statusBarScore(w, scoreText(afterBase));
      const rows = await readinessRows(w, scoreText(afterBase));
      const area = rows.find((row) => row.level === 2 && row.label === html5.title);
      check(area?.icon === STATUS_ICONS.pass, `"${html5.title}" passes now: ${JSON.stringify(area)}`);
    });

    await step('"Django Ready: Generate Supervisor Configs" writes the web program, which shows in the Explorer', async () => {
      await w.runCommand('Django Ready: Generate Supervisor Configs');
      await w.waitFor(async () => (await w.notifications()).some((text) => /shop-web\.conf.*: done\./.test(text)), { message: 'the "done" notification' });
      await waitForProblemListed(w, SETTINGS, 'DR701', false);
      await w.openViewContainer('Explorer');
      await w.revealTreePath('shop', 'deploy/supervisor/shop-web.conf');
    });

    await step('a supervisor .conf file is highlighted by the supervisor grammar', async () => {
      await w.openFile(SUPERVISOR_CONF);
      const mode = await w.statusBarItem('status.editor.mode');
      check(mode?.text === 'Supervisor', `language mode in the status bar: ${JSON.stringify(mode)}`);
      const section = await w.inspectTokenScopes(2, 11);
      check(
        section.language === 'supervisor' && section.token === 'mailer' && section.scopes.at(-1) === 'entity.name.section.supervisor',
        `[program:mailer] name: ${JSON.stringify(section.scopes)} (${section.token})`,
      );
      const type = await w.inspectTokenScopes(2, 3);
      check(type.scopes.at(-1) === 'storage.type.section.supervisor', `[program:...] prefix: ${JSON.stringify(type.scopes)}`);
      const key = await w.inspectTokenScopes(5, 3, { screenshot: 'supervisor-scopes' });
      check(
        key.token === 'autorestrat' && key.scopes.at(-1) === 'variable.other.key.supervisor',
        `the misspelled key: ${JSON.stringify(key.scopes)} (${key.token})`,
      );
    });

    await step('the misspelled supervisor key shows DR730 "did you mean", and its quick fix renames it', async () => {
      const dr730 = finding(before, 'DR730');
      check(dr730.file === SUPERVISOR_CONF && /Did you mean 'autorestart'\?/.test(dr730.message), `the engine's DR730: ${JSON.stringify(dr730)}`);
      const shown = await problemsMatchEngine(w, before, SUPERVISOR_CONF);
      check(shown.length === 1, `DR730 alone in ${SUPERVISOR_CONF}: ${shown.join(' | ')}`);
      await w.quickFix({ line: dr730.range.start.line + 1, column: dr730.range.start.character + 1, label: fixTitle(before, 'DR730') });
      await waitForProblemListed(w, SUPERVISOR_CONF, 'DR730', false);
    });

    await step(
      '"Django Ready: Fix All Findings in Project" fixes the rest: one notification, no editor per changed file; saved, the settings file is valid Python',
      async () => {
        const tabsBefore = (await w.editorTabs()).map((tab) => tab.path);
        const unsavedBefore = (await w.editorTabs()).filter((tab) => tab.dirty).map((tab) => tab.path.slice(folder.length + 1));
        const toastsBefore = (await w.notifications()).length;
        await w.runCommand('Django Ready: Fix All Findings in Project');
        const toast = await w.waitFor(
          async () => (await w.notifications()).find((text) => /^Applied \d+ fix(es)? in shop \(\d+ files? changed\)\.$/.test(text)),
          { message: 'the fix-all notification', timeout: 30_000 },
        );
        await waitForProblemListed(w, SETTINGS, 'DR909', false);
        // Files without an editor were saved by the extension: the engine sees their fixes on disk, and no tab opened for them.
        await w.waitFor(() => cliProject(folder).findings.every((f) => f.file === SETTINGS || unsavedBefore.includes(f.file) || !f.fix), {
          interval: 500,
          message: 'the fixes in files without an editor saved',
        });
        const tabsAfter = (await w.editorTabs()).map((tab) => tab.path);
        check(
          tabsAfter.every((path) => tabsBefore.includes(path)),
          `Fix All opened no editor: before ${JSON.stringify(tabsBefore)}, after ${JSON.stringify(tabsAfter)}`,
        );
        const toasts = await w.notifications();
        check(toasts.length === toastsBefore + 1 && !toast.includes('Django Ready'), `one notification, without the product's name: ${JSON.stringify(toasts)}`);
        await w.runCommand('File: Save All Files');
        await w.waitFor(() => readText(settingsFile).includes('DJANGO_SECRET_KEY'), { message: `the fixes saved in ${SETTINGS}` });
        const error = pythonSyntaxError(settingsFile);
        check(!error, `${SETTINGS} after Fix All is valid Python: ${error}\n${readText(settingsFile)}`);
        // What is left is what the engine itself leaves after fixing everything it can.
        const after = await nothingLeftToFix(w, folder);
        const expected = problemLines(listedFindings(after).map(expectedProblem));
        await w.waitFor(async () => JSON.stringify(problemLines(await shownProblems(w))) === JSON.stringify(expected), {
          message: `Problems after Fix All to be what the engine reports on the saved files:\n  ${expected.join('\n  ')}`,
        });
        await statusBarScore(w, scoreText(after.score));
        check(after.score.passed > afterBase.passed, `the score rose again: ${scoreText(after.score)}`);
        await readinessRows(w, scoreText(after.score));
      },
    );
  },
  { timeoutMs: 240_000, screenshotSteps: true },
);
