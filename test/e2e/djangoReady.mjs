// What the Django Ready scenarios share: the product VSIX (built once per run), a fresh copy of the fixture
// project, the engine's own report on it (the CLI, as the oracle for what the UI must show), and readers for the
// Problems panel, the Readiness view and the status bar.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, check } from './harness.mjs';

export const EXTENSION_ID = 'django-ready.django-ready';
/** DOM id of the status-bar score: the extension id, then the id given to createStatusBarItem. */
export const SCORE_ITEM_ID = `${EXTENSION_ID}.djangoReady.score`;
export const CONTAINER_TITLE = 'Django Ready';
export const VIEW_TITLE = 'Readiness';
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'e2e');
export const SETTINGS = 'shop/settings.py';
export const SUPERVISOR_CONF = 'deploy/supervisor/mailer.conf';

/** @typedef {import('./harness.mjs').Session} Session */
/** @typedef {import('./harness.mjs').Workbench} Workbench */
/** @typedef {{ line: number, character: number }} Position */
/** @typedef {{ code: string, severity: string, message: string, file: string, range: { start: Position, end: Position }, fix: { title: string } | null }} CliFinding */
/** @typedef {{ area: string, title: string, status: string, reason: string }} CliArea */
/** @typedef {{ name: string, settingsModule: string, score: { passed: number, total: number }, checklist: CliArea[], findings: CliFinding[] }} CliProject */

function run(/** @type {string} */ command, /** @type {string[]} */ args, /** @type {string} */ what) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * The extension's VSIX for this platform, built from the current sources (bundles, then scripts/package.mjs,
 * which also checks the unpacked VSIX). Built once per run: scripts/e2e.mjs gives every scenario the same
 * $E2E_VSIX_DIR; a scenario run on its own builds into its session's temp dir.
 * @param {Session} session
 */
function productVsix(session) {
  const target = `${process.platform}-${process.arch}`;
  const file = join(process.env.E2E_VSIX_DIR || session.tempDir('vsix'), `django-ready-${target}.vsix`);
  if (existsSync(file)) return file;
  run(process.execPath, ['scripts/bundle.mjs'], 'bundling');
  run(process.execPath, ['scripts/package.mjs', '--target', target, '--out', file], 'packaging the VSIX');
  return file;
}

/**
 * The fixture project opened in code-server with the extension installed from its VSIX, as steps of the scenario:
 * the VSIX (built once per run), a throwaway extensions folder, a fresh copy of the fixture, the engine's report on
 * it, code-server (trusted, or leaving the folder in Restricted Mode) and the workbench.
 * @param {Session} s @param {import('./harness.mjs').Step} step @param {{ trusted: boolean, fixture?: string }} options
 *   fixture: the folder under test/fixtures/e2e (default `shop`)
 */
export async function openFixture(s, step, { trusted, fixture = 'shop' }) {
  const vsix = await step('package the extension (VSIX for this platform)', async () => productVsix(s));
  const extensionsDir = await step('install the VSIX into a throwaway extensions folder', () => s.installVsix(vsix));
  const folder = copyFixture(s, fixture);
  const before = cliProject(folder);
  // Typed brackets and quotes stay as typed (no auto-closing), as in the text the test means.
  const settings = { 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never' };
  const server = await s.startCodeServer({ folder, extensionsDir, trusted, settings });
  const w = await step(trusted ? 'the workbench opens the project' : 'the workbench opens the never-trusted project in Restricted Mode', async () => {
    const workbench = await s.openWorkbench(server, { viewport: { width: 1440, height: 1000 } });
    if (!trusted)
      await workbench.waitFor(() => workbench.statusBarItem((item) => /Restricted Mode/i.test(item.text + item.ariaLabel)), {
        message: 'the Restricted Mode indicator',
      });
    return workbench;
  });
  return { w, server, folder, settingsFile: join(folder, SETTINGS), before, extensionsDir };
}

/** A fresh copy of a fixture project, in a folder named like it (the Explorer's view is titled with it). @param {Session} session @param {string} name */
function copyFixture(session, name) {
  const folder = join(session.tempDir('project'), name);
  cpSync(join(FIXTURES, name), folder, { recursive: true });
  return folder;
}

/** The CLI's report on the project: what the engine finds, which the UI must show. @param {string} folder */
export function cliProject(folder) {
  const report = JSON.parse(run(process.execPath, ['server/out/cli.js', 'check', folder, '--format', 'json', '--fail-level', 'never'], 'django-ready check'));
  check(report.projects.length === 1, `one project in ${folder}: ${JSON.stringify(report.projects.map((/** @type {CliProject} */ p) => p.name))}`);
  return /** @type {CliProject} */ (report.projects[0]);
}

/** The findings the Problems panel lists (it leaves hints out: the editor shows them as faint dots only). @param {CliProject} project */
export function listedFindings(project) {
  return project.findings.filter((finding) => finding.severity !== 'hint');
}

/** The listed findings in one file (path relative to the project). @param {CliProject} project @param {string} file */
export function listedFindingsIn(project, file) {
  return listedFindings(project).filter((finding) => finding.file === file);
}

/** @param {CliProject} project @param {string} code */
export function finding(project, code) {
  const found = project.findings.find((candidate) => candidate.code === code);
  check(found, `the engine reports ${code}: ${project.findings.map((f) => f.code).join(', ')}`);
  return found;
}

/**
 * Saves what the fixes changed until the engine finds nothing left to fix in the project on disk, and returns its
 * report then. Saving again is needed: VS Code gives a file that an edit changed in the background its own
 * (unsaved) editor tab a moment later, and "Save All Files" saves editors.
 * @param {Workbench} w @param {string} folder
 */
export function nothingLeftToFix(w, folder) {
  return w.waitFor(
    async () => {
      if ((await w.editorTabs()).some((tab) => tab.dirty)) await w.runCommand('File: Save All Files');
      const project = cliProject(folder);
      return project.findings.every((f) => !f.fix) ? project : undefined;
    },
    { interval: 500, message: `every fix saved: the engine finds nothing left to fix in ${folder}` },
  );
}

/** Title of the quick fix the engine offers for `code`. @param {CliProject} project @param {string} code */
export function fixTitle(project, code) {
  const title = finding(project, code).fix?.title;
  check(title, `${code} has a fix`);
  return title;
}

/** Why the file is not valid Python (the real interpreter's verdict), or undefined. @param {string} file */
export function pythonSyntaxError(file) {
  const result = spawnSync('/usr/bin/python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', file], { encoding: 'utf8' });
  return result.status === 0 ? undefined : result.stderr.trim() || `python3 exited ${result.status}`;
}

/** @param {string} file */
export const readText = (file) => readFileSync(file, 'utf8');

// ---- the Problems panel --------------------------------------------------------------------------------------

/** A Django Ready marker as the Problems panel shows it: "<message> django-ready DR904 [Ln 8, Col 1]".
 * @typedef {{ file: string, code: string, message: string, line: number, column: number, severity?: string }} ShownProblem */

const MARKER = /^(.*) django-ready\s*\(?(DR\d+)\)?\s*\[Ln (\d+), Col (\d+)\]$/;
const FILE_ROW = /problems? in file (.+?)(?: of folder (.+))?$/;

/**
 * The Django Ready markers among Problems panel rows, each with the file it is listed under (relative path).
 * @param {import('./harness.mjs').ProblemRow[]} rows
 */
function markersOf(rows) {
  /** @type {ShownProblem[]} */
  const markers = [];
  let file = '';
  for (const row of rows) {
    if (row.kind === 'file') {
      // A marker's related information is a row without a severity too: it does not change the file.
      const m = FILE_ROW.exec(row.ariaLabel);
      if (m) file = m[2] ? `${m[2]}/${m[1]}` : m[1];
      continue;
    }
    const m = MARKER.exec(row.text);
    if (m) markers.push({ file, code: m[2], message: m[1], line: Number(m[3]), column: Number(m[4]), severity: row.severity });
  }
  return markers;
}

/**
 * Every Django Ready marker in the Problems panel. The panel is maximized while it is read, so that every row is
 * rendered (the list is virtualized). @param {Workbench} w
 */
export async function shownProblems(w) {
  await w.problems();
  await w.runCommand('View: Toggle Maximized Panel');
  try {
    return markersOf(await w.problems());
  } finally {
    await w.runCommand('View: Toggle Maximized Panel');
  }
}

/** Waits until the Problems panel lists (or no longer lists) `code` for `file`. @param {Workbench} w @param {string} file @param {string} code @param {boolean} listed */
export async function waitForProblemListed(w, file, code, listed, timeout = 30_000) {
  return w.waitFor(async () => markersOf(await w.problems()).some((p) => p.file === file && p.code === code) === listed, {
    timeout,
    message: `${code} ${listed ? 'listed' : 'gone'} in Problems for ${file}`,
  });
}

/**
 * Waits until the Problems panel lists for `file` exactly what the engine reports there (codes, messages, places,
 * severities), and returns those lines. @param {Workbench} w @param {CliProject} project @param {string} file
 */
export async function problemsMatchEngine(w, project, file) {
  const expected = problemLines(listedFindingsIn(project, file).map(expectedProblem));
  return w.waitFor(
    async () => {
      const lines = problemLines((await shownProblems(w)).filter((problem) => problem.file === file));
      return JSON.stringify(lines) === JSON.stringify(expected) ? lines : undefined;
    },
    { timeout: 60_000, message: `Problems for ${file} to be:\n  ${expected.join('\n  ')}` },
  );
}

/** The CLI finding as the panel prints it (1-based line and column). @param {CliFinding} f @returns {ShownProblem} */
export function expectedProblem(f) {
  return { file: f.file, code: f.code, message: f.message, line: f.range.start.line + 1, column: f.range.start.character + 1, severity: f.severity };
}

/** One line per problem, sorted, for comparing what the panel shows with what the engine found. @param {ShownProblem[]} problems */
export function problemLines(problems) {
  return problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`).sort();
}

// ---- the Readiness view and the status bar -------------------------------------------------------------------

/** Codicon of each area status in the Readiness view (an area without findings). @type {Record<string, string>} */
export const STATUS_ICONS = { pass: 'codicon-pass', fail: 'codicon-error', warn: 'codicon-warning', unknown: 'codicon-question', off: 'codicon-circle-slash' };
/** Codicon of an area with findings: its worst finding's severity. @type {Record<string, string>} */
const SEVERITY_ICONS = { error: 'codicon-error', warning: 'codicon-warning', info: 'codicon-info', hint: 'codicon-info' };
const SEVERITY_ORDER = ['hint', 'info', 'warning', 'error'];

/** The codicon the Readiness view must show for an area of the engine's report. @param {CliProject} project @param {CliArea} area */
export function areaIcon(project, area) {
  const severities = project.findings.filter((f) => /** @type {any} */ (f).area === area.area).map((f) => f.severity);
  if (!severities.length) return STATUS_ICONS[area.status];
  return SEVERITY_ICONS[severities.sort((a, b) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a))[0]];
}

/** @param {{ passed: number, total: number }} score */
export const scoreText = (score) => `${score.passed}/${score.total}`;

/** The status-bar item's text for a score. @param {string} score e.g. '3/10' */
export const statusBarText = (score) => `Django Ready ${score}`;

/**
 * The Readiness view's rows once it shows the project with `score` (it refreshes after every analysis).
 * @param {Workbench} w @param {string} score e.g. '0/10'
 */
export async function readinessRows(w, score) {
  await w.openViewContainer(CONTAINER_TITLE);
  return w.waitFor(
    async () => {
      const rows = await w.treeItems(VIEW_TITLE);
      return rows.some((row) => row.level === 1 && row.description.endsWith(`· ${score}`)) ? rows : undefined;
    },
    { message: `the Readiness view showing the score ${score}` },
  );
}

/** The label of a finding's row in the Readiness view: the rule's short title (the first line of its docs page). @param {CliFinding} f */
export const findingLabel = (f) => ruleTitle(f.code);

/** A rule's short title, from `# DR918: DEBUG enabled in production`. @param {string} code */
export function ruleTitle(code) {
  const heading = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${code}.md`), 'utf8').split('\n')[0];
  return heading.replace(/^# DR\d+: /, '');
}

/** Waits for the status-bar score to read `score`. @param {Workbench} w @param {string} score */
export async function statusBarScore(w, score) {
  return w.waitFor(
    async () => {
      const item = await w.statusBarItem(SCORE_ITEM_ID);
      return item?.text === statusBarText(score) ? item : undefined;
    },
    { message: `the status-bar score ${score}` },
  );
}
