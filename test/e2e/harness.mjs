// End-to-end harness: real VS Code (code-server) driven in Chromium by playwright-core.
//
//   const s = new Session('smoke', { timeoutMs: 240_000 });   // or: runScenario('smoke', async (s) => { ... })
//   const extensionsDir = await s.installVsix('/abs/path/ext.vsix');
//   const server = await s.startCodeServer({ folder, extensionsDir, trusted: true });
//   const wb = await s.openWorkbench(server);
//   await wb.runCommand('Developer: Reload Window'); ...
//   await s.dispose();                                          // always: kills code-server and Chromium, removes temp dirs
//
// Tools come from scripts/e2e-tools.sh (.tools/node24 and .tools/cs; E2E_TOOLS_DIR overrides the folder).
// Every process started here gets its own process group; teardown kills the groups (SIGTERM, then SIGKILL),
// also from a process 'exit' hook, and writes their ids to $E2E_PIDFILE so scripts/e2e.mjs can reap them
// if this process itself is killed (the runner also gives each scenario its own $TMPDIR and removes it afterwards).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS_DIR = process.env.E2E_TOOLS_DIR ? resolve(process.env.E2E_TOOLS_DIR) : join(REPO_ROOT, '.tools');
export const NODE24_BIN_DIR = join(TOOLS_DIR, 'node24', 'node_modules', 'node', 'bin');
export const CODE_SERVER_BIN = join(TOOLS_DIR, 'cs', 'node_modules', '.bin', 'code-server');
export const CHROMIUM_BIN = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Settings written to the throwaway user-data dir so the UI is predictable (no welcome page, chat, tips...). */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 10000,
  'files.autoSave': 'off',
  'window.commandCenter': false,
  'problems.decorations.enabled': true,
  // One row per folder in the Explorer (revealTreePath walks folder rows), not "deploy/supervisor" in one row.
  'explorer.compactFolders': false,
};

// ---------------------------------------------------------------------------------------------------------------
// Small utilities

/** @param {number} ms */
/**
 * The text a Monaco editor shows in `viewLines` (its `.view-lines` element), in screen order: Monaco keeps its line
 * elements in any order and places them by their top offset.
 * @param {import('playwright-core').Locator} viewLines
 */
export function monacoText(viewLines) {
  return viewLines.first().evaluate((el) =>
    [...el.querySelectorAll('.view-line')]
      .map((line) => ({ top: parseFloat(/** @type {HTMLElement} */ (line).style.top), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text)
      .join('\n'),
  );
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns a truthy value (which is returned) or the timeout expires (which throws with the
 * message, the last value and the last error). Never a fixed sleep: the interval only spaces the probes.
 * @template T
 * @param {() => T | Promise<T>} probe
 * @param {{ timeout?: number, interval?: number, message?: string }} [options]
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitFor(probe, { timeout = 20_000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last) return /** @type {NonNullable<T>} */ (last);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `; last error: ${lastError instanceof Error ? lastError.message : lastError}` : `; last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${detail}`);
    }
    await delay(interval);
  }
}

/**
 * Waits for a promise to settle, at most `ms` (errors ignored; the timer never keeps the process alive).
 * @param {Promise<unknown>} promise @param {number} ms
 */
export async function settle(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  await Promise.race([
    promise.catch(() => {}),
    new Promise((r) => {
      timer = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** Environment for code-server: Node 24 first on PATH. */
export function toolEnv() {
  return { ...process.env, PATH: `${NODE24_BIN_DIR}:${process.env.PATH ?? ''}` };
}

/** Throws a helpful error when scripts/e2e-tools.sh has not been run. */
export function checkTools() {
  const missing = [];
  if (!existsSync(join(NODE24_BIN_DIR, 'node'))) missing.push(join(NODE24_BIN_DIR, 'node'));
  if (!existsSync(CODE_SERVER_BIN)) missing.push(CODE_SERVER_BIN);
  if (!existsSync(CHROMIUM_BIN)) missing.push(CHROMIUM_BIN);
  if (missing.length) throw new Error(`e2e tools missing (${missing.join(', ')}); run: bash scripts/e2e-tools.sh`);
}

/** Kills a whole process group at once; ignores groups that are already gone. @param {number} pgid @param {NodeJS.Signals} signal */
function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** @param {number} pgid */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Packages an extension folder into a VSIX with the repo's vsce (for throwaway test extensions; the product VSIX
 * is built by the packaging scripts and passed in by path).
 * @param {string} extensionDir folder with package.json
 * @param {string} outFile .vsix path
 */
export function packageVsix(extensionDir, outFile) {
  const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', outFile], {
    cwd: extensionDir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return outFile;
}

// ---------------------------------------------------------------------------------------------------------------
// Session: owns every process and temp dir of one scenario

/**
 * @typedef {object} CodeServer
 * @property {string} url         base URL, e.g. http://127.0.0.1:41234/
 * @property {number} port
 * @property {number} pid         also the process group id
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} folder
 * @property {boolean} trusted
 * @property {string} logFile
 */

export class Session {
  /**
   * @param {string} name used for screenshot and log file names
   * @param {{ timeoutMs?: number, keepTemp?: boolean }} [options] timeoutMs: global bound; when it expires everything is
   *   killed and the process exits with code 124.
   */
  constructor(name, { timeoutMs = 300_000, keepTemp = !!process.env.E2E_KEEP_TEMP } = {}) {
    this.name = name;
    this.keepTemp = keepTemp;
    this.started = Date.now();
    /** @type {number[]} process groups to kill */
    this.groups = [];
    /** @type {string[]} temp dirs to remove */
    this.tempDirs = [];
    /** @type {import('playwright-core').Browser[]} */
    this.browsers = [];
    /** @type {import('playwright-core').BrowserServer[]} */
    this.browserServers = [];
    this.disposed = false;
    mkdirSync(RESULTS_DIR, { recursive: true });
    this.onExit = () => this.killAllSync();
    process.on('exit', this.onExit);
    this.timer = setTimeout(() => {
      console.error(`\n✗ ${name}: global timeout of ${timeoutMs} ms expired; killing everything`);
      this.dispose().finally(() => process.exit(124));
    }, timeoutMs);
    this.timer.unref();
  }

  /** Milliseconds since the session started. */
  elapsed() {
    return Date.now() - this.started;
  }

  /** A temp dir removed at dispose. @param {string} label */
  tempDir(label) {
    const dir = mkdtempSync(join(tmpdir(), `e2e-${this.name}-${label}-`));
    this.tempDirs.push(dir);
    return dir;
  }

  /**
   * The tools' environment with HOME and the XDG folders in a new temp dir: code-server writes a config with a
   * password and its logs under HOME, Chromium its crash reports; none of that may land in the user's real HOME.
   * @param {string} label
   */
  homeEnv(label) {
    const home = this.tempDir(`home-${label}`);
    return { ...toolEnv(), HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache') };
  }

  /** @param {number} pgid */
  track(pgid) {
    this.groups.push(pgid);
    if (process.env.E2E_PIDFILE) appendFileSync(process.env.E2E_PIDFILE, `${pgid}\n`);
  }

  /**
   * Installs a VSIX into a throwaway extensions dir (offline) and returns that dir.
   * @param {string} vsix absolute path of the .vsix
   * @param {string} [extensionsDir] reuse a dir to install several VSIXes
   */
  async installVsix(vsix, extensionsDir = this.tempDir('extensions')) {
    checkTools();
    const result = spawnSync(CODE_SERVER_BIN, ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--force'], {
      env: this.homeEnv('install'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
      throw new Error(`installing ${vsix} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
    }
    return extensionsDir;
  }

  /**
   * Starts code-server on 127.0.0.1 (a free port chosen by the OS), without auth, with a fresh user-data dir whose
   * settings are DEFAULT_SETTINGS plus `settings`. trusted: true passes --disable-workspace-trust; false leaves
   * Workspace Trust on, so the never-trusted folder opens in Restricted Mode.
   * @param {{ folder: string, extensionsDir?: string, trusted?: boolean, settings?: Record<string, unknown>,
   *   args?: string[], label?: string, timeout?: number }} options args: extra code-server arguments
   * @returns {Promise<CodeServer>}
   */
  async startCodeServer({ folder, extensionsDir, trusted = true, settings = {}, args = [], label = trusted ? 'trusted' : 'restricted', timeout = 60_000 }) {
    checkTools();
    const home = this.tempDir(`cs-${label}`);
    const userDataDir = join(home, 'user-data');
    const extDir = extensionsDir ?? join(home, 'extensions');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extDir, { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
    writeFileSync(join(home, 'config.yaml'), 'auth: none\ncert: false\n');
    const logFile = join(RESULTS_DIR, `${this.name}-code-server-${label}.log`);
    const log = createWriteStream(logFile);
    const argv = [
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--config',
      join(home, 'config.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(trusted ? ['--disable-workspace-trust'] : []),
      ...args,
      folder,
    ];
    const t0 = Date.now();
    const child = spawn(CODE_SERVER_BIN, argv, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...toolEnv(), HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') },
    });
    if (!child.pid) throw new Error('code-server did not start');
    this.track(child.pid);
    let output = '';
    /** @type {number | undefined} */
    let port;
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      log.write(chunk);
      output += chunk.toString();
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) port = Number(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    /** @type {number | null | undefined} */
    let exitCode;
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
    });
    child.on('close', () => log.end());
    await waitFor(
      () => {
        if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}):\n${output}`);
        return port;
      },
      { timeout, message: 'code-server to listen' },
    );
    const url = `http://127.0.0.1:${port}/`;
    await waitFor(async () => (await fetch(`${url}healthz`)).ok, { timeout, message: `${url}healthz` });
    console.log(`  code-server (${label}) listening on ${url} after ${Date.now() - t0} ms (log: ${logFile})`);
    return { url, port: /** @type {number} */ (port), pid: child.pid, userDataDir, extensionsDir: extDir, folder, trusted, logFile };
  }

  /**
   * Launches Chromium (its own process group, via playwright's launchServer so the pid is known), opens the folder
   * in the workbench and waits for it to be ready.
   * @param {CodeServer} server
   * @param {{ viewport?: { width: number, height: number }, timeout?: number, query?: string,
   *   beforeLoad?: (page: import('playwright-core').Page) => Promise<void> }} [options]
   *   query: extra URL query (e.g. `&payload=...`); beforeLoad: hook before navigation (e.g. page.exposeFunction)
   */
  async openWorkbench(server, { viewport = { width: 1440, height: 900 }, timeout = 90_000, query = '', beforeLoad } = {}) {
    checkTools();
    const t0 = Date.now();
    const browserServer = await chromium.launchServer({
      executablePath: CHROMIUM_BIN,
      args: CHROMIUM_ARGS,
      env: this.homeEnv('chromium'),
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    this.browserServers.push(browserServer);
    const pid = browserServer.process().pid;
    if (pid) this.track(pid);
    const browser = await chromium.connect(browserServer.wsEndpoint());
    this.browsers.push(browser);
    const context = await browser.newContext({ viewport });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    const page = await context.newPage();
    const wb = new Workbench(this, page, server, { browser, browserServer, pid });
    page.on('console', (msg) => {
      if (msg.type() === 'error') wb.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => wb.consoleErrors.push(String(error)));
    if (beforeLoad) await beforeLoad(page);
    await page.goto(`${server.url}?folder=${encodeURIComponent(server.folder)}${query}`, { timeout });
    await page.locator('.monaco-workbench').waitFor({ timeout });
    // Usable once the status bar and the editor area have rendered.
    await page.locator('.part.statusbar').waitFor({ timeout });
    await page.locator('.part.editor').waitFor({ timeout });
    console.log(`  workbench ready after ${Date.now() - t0} ms`);
    return wb;
  }

  /**
   * Runs an @vscode/test-electron-style tests entry (a CommonJS module exporting `run(): Promise<void>`) inside
   * code-server's extension host, with `extensionDevelopmentPath` loaded, and returns its exit code (0 when run()
   * resolved, 1 when it rejected) and the browser console lines logged meanwhile (the extension host's console
   * output arrives there). code-server rejects --extensionDevelopmentPath/--extensionTestsPath; what works is the
   * mechanism @vscode/test-web uses: the workbench URL's `payload` query carries both paths (as vscode-remote URIs),
   * which a built VS Code honours only with the server option enable-smoke-test-driver, and the workbench reports the
   * end by calling window.codeAutomationExit(code), exposed here with page.exposeFunction. See test/e2e/README.md.
   * @param {{ extensionDevelopmentPath: string, extensionTestsPath: string, folder: string, extensionsDir?: string,
   *   trusted?: boolean, settings?: Record<string, unknown>, timeout?: number, label?: string }} options
   * @returns {Promise<{ code: number, console: string[], ms: number }>}
   */
  async runExtensionTests({
    extensionDevelopmentPath,
    extensionTestsPath,
    folder,
    extensionsDir,
    trusted = true,
    settings,
    timeout = 120_000,
    label = 'tests',
  }) {
    const t0 = Date.now();
    const server = await this.startCodeServer({
      folder,
      extensionsDir,
      trusted,
      settings,
      label,
      args: ['--vscode-option', 'enable-smoke-test-driver'],
    });
    const host = new URL(server.url).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${resolve(extensionDevelopmentPath)}`],
      ['extensionTestsPath', `vscode-remote://${host}${resolve(extensionTestsPath)}`],
    ];
    /** @type {number | undefined} */
    let code;
    /** @type {Promise<string>[]} */
    const lines = [];
    const wb = await this.openWorkbench(server, {
      query: `&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      beforeLoad: async (page) => {
        page.on('console', (msg) => lines.push(formatConsoleMessage(msg)));
        await page.exposeFunction('codeAutomationExit', (/** @type {number} */ exitCode) => {
          code = exitCode;
        });
      },
    });
    try {
      await waitFor(() => code !== undefined, { timeout, interval: 200, message: `${extensionTestsPath} to finish (window.codeAutomationExit)` });
      return { code: /** @type {number} */ (code), console: await Promise.all(lines), ms: Date.now() - t0 };
    } finally {
      await wb.close();
      await this.stopGroup(server);
    }
  }

  /**
   * Stops one code-server (its whole process group) before the session ends.
   * @param {{ pid?: number }} target a CodeServer, or any record with the pid of a tracked group
   */
  async stopGroup(target) {
    const pgid = target.pid;
    if (!pgid || !this.groups.includes(pgid)) return;
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 3_000;
    while (groupAlive(pgid) && Date.now() < deadline) await delay(50);
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    this.groups = this.groups.filter((g) => g !== pgid);
  }

  /** Synchronous last resort (process 'exit' hook): SIGKILL every group. */
  killAllSync() {
    for (const pgid of this.groups) killGroup(pgid, 'SIGKILL');
  }

  /** Closes browsers, kills every process group (TERM, then KILL after 3 s), removes temp dirs. Idempotent. */
  async dispose() {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    for (const browser of this.browsers) await settle(browser.close(), 5_000);
    for (const server of this.browserServers) await settle(server.close(), 5_000);
    for (const pgid of this.groups) killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 3_000;
    while (this.groups.some(groupAlive) && Date.now() < deadline) await delay(50);
    for (const pgid of this.groups) if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    process.off('exit', this.onExit);
    if (!this.keepTemp) for (const dir of this.tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Workbench: UI helpers over one page

/** @typedef {{ id: string, text: string, ariaLabel: string }} StatusBarItem */
/** A Problems panel row: a marker (has a severity) or another row (file, related information).
 * @typedef {{ kind: 'file' | 'marker', text: string, ariaLabel: string, severity?: 'error' | 'warning' | 'info' }} ProblemRow */
/** A rendered row of a tree view. text: everything shown; icon: the codicon class of a custom view's item icon.
 * @typedef {{ text: string, label: string, description: string, icon: string, ariaLabel: string, level: number, expanded?: boolean }} TreeItem */

export class Workbench {
  /**
   * @param {Session} session
   * @param {import('playwright-core').Page} page
   * @param {CodeServer} server
   * @param {{ browser: import('playwright-core').Browser, browserServer: import('playwright-core').BrowserServer, pid?: number }} browser
   */
  constructor(session, page, server, browser) {
    this.session = session;
    this.page = page;
    this.server = server;
    this.browser = browser;
    /** @type {string[]} */
    this.consoleErrors = [];
  }

  /** Closes this browser (and kills its process group); the session's dispose does it too. */
  async close() {
    await settle(this.browser.browser.close(), 5_000);
    await settle(this.browser.browserServer.close(), 5_000);
    await this.session.stopGroup({ pid: this.browser.pid });
  }

  /** Screenshot to test-results/e2e/<session>-<step>.png. @param {string} step */
  async screenshot(step) {
    const file = join(RESULTS_DIR, `${this.session.name}-${step.replace(/[^\w.-]+/g, '-').slice(0, 90)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Same as the module's waitFor (polls; never a fixed sleep).
   * @template T @param {() => T | Promise<T>} probe @param {Parameters<typeof waitFor>[1]} [options]
   */
  waitFor(probe, options) {
    return waitFor(probe, options);
  }

  /** The quick input widget (command palette, Quick Open, Go to Line). */
  get quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Opens the quick input with `text` typed in: F1 opens it with '>', which is replaced by `text` (so the same box
   * serves commands `>...`, files `path`, lines `:12:3`).
   * @param {string} text
   */
  async quickOpen(text) {
    await this.closeQuickInput();
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input[type="text"], input.input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    return input;
  }

  /** Closes the quick input if it is open. */
  async closeQuickInput() {
    if (await this.quickInput.isVisible().catch(() => false)) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    }
  }

  /** Gives keyboard focus to the workbench without clicking anything meaningful. */
  async focusWorkbench() {
    const focused = await this.page.evaluate(() => !!document.activeElement && document.activeElement !== document.body);
    if (focused) return;
    // The editor area is hidden while the panel is maximized: click the first part that shows.
    for (const part of ['.part.editor', '.part.panel', '.part.sidebar']) {
      const locator = this.page.locator(part).first();
      if (await locator.isVisible().catch(() => false)) {
        await locator.click({ position: { x: 5, y: 5 }, timeout: 2_000 }).catch(() => {});
        return;
      }
    }
  }

  /** Labels of the rows currently in the quick input list. */
  async quickInputLabels() {
    return this.quickInput.locator('.monaco-list-row .label-name').allInnerTexts();
  }

  /**
   * Runs a command from the command palette by its title as shown there ("Category: Title").
   * @param {string} title
   * @param {{ timeout?: number }} [options]
   */
  async runCommand(title, { timeout = 15_000 } = {}) {
    await this.quickOpen(`>${title}`);
    try {
      await this.acceptQuickInputRow((row) => row.label === title, { timeout, message: `command "${title}" in the palette` });
    } catch (error) {
      const labels = await this.quickInputLabels().catch(() => []);
      await this.closeQuickInput();
      throw new Error(
        `command "${title}" not run from the palette (${error instanceof Error ? error.message : error}); it lists: ${JSON.stringify(labels.slice(0, 15))}`,
      );
    }
  }

  /**
   * Accepts the row of the open quick input that `matches`, with the keyboard: Enter once it is the focused row,
   * else one ArrowDown per poll until it is. A click could land on a row element the list reuses for another
   * entry while it is still filtering; VS Code itself runs exactly the focused row on Enter.
   * @param {(row: { label: string, ariaLabel: string }) => boolean} matches
   * @param {{ timeout?: number, message?: string }} [options]
   */
  async acceptQuickInputRow(matches, { timeout = 15_000, message = 'a matching quick input row' } = {}) {
    const rows = this.quickInput.locator('.monaco-list-row');
    await waitFor(
      async () => {
        // Keys go to the box only while it has the focus (a closing widget can hand the focus back to the editor).
        const hasFocus = await this.quickInput.evaluate((widget) => widget.contains(document.activeElement));
        if (!hasFocus) return false;
        const shown = await rows.evaluateAll((els) =>
          els.map((el) => ({
            label: (el.querySelector('.label-name')?.textContent ?? '').trim(),
            ariaLabel: el.getAttribute('aria-label') ?? '',
            focused: el.classList.contains('focused'),
          })),
        );
        const focused = shown.find((row) => row.focused);
        if (focused && matches(focused)) {
          await this.page.keyboard.press('Enter');
          return true;
        }
        if (shown.some(matches)) await this.page.keyboard.press('ArrowDown');
        return false;
      },
      { timeout, interval: 150, message },
    );
    await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }

  /**
   * Opens a file by its workspace-relative path through Quick Open (picking the row for exactly that path, not just
   * that name) and waits for its editor tab to be active.
   * @param {string} relativePath e.g. 'mysite/settings/production.py'
   */
  async openFile(relativePath) {
    const parts = relativePath.split('/');
    const base = /** @type {string} */ (parts.pop());
    // Quick Open rows are labelled "<name> <folder>" ("<name>" at the root), plus ", file results" on some rows.
    const wanted = new RegExp(`^${escapeRegExp(parts.length ? `${base} ${parts.join('/')}` : base)}(,|$)`);
    await this.quickOpen(relativePath);
    await this.acceptQuickInputRow((row) => wanted.test(row.ariaLabel), { message: `"${relativePath}" in Quick Open` });
    await waitFor(async () => (await this.activeEditorPath())?.endsWith(`/${relativePath}`), { timeout: 15_000, message: `editor tab ${relativePath}` }).catch(
      async (error) => {
        throw new Error(`${error.message}; active editor: ${await this.activeEditorPath()}`);
      },
    );
    await this.page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
  }

  /** File name on the active editor tab (of the active group). */
  async activeEditorTitle() {
    const tab = this.page.locator('.part.editor .editor-group-container.active .tab.active').first();
    if (!(await tab.count())) return undefined;
    return (await tab.getAttribute('data-resource-name')) ?? (await tab.getAttribute('aria-label')) ?? undefined;
  }

  /** Absolute path of the file in the active editor tab (of the active group). */
  async activeEditorPath() {
    const label = this.page.locator('.part.editor .editor-group-container.active .tab.active .monaco-icon-label').first();
    if (!(await label.count())) return undefined;
    // The label is the path, plus " • 1 problem in this file" and the like when the file has decorations.
    return (await label.getAttribute('aria-label'))?.replace(/ • .*$/, '') ?? undefined;
  }

  /** The editor tabs of every group: the file's absolute path, unsaved changes, active in its group. */
  async editorTabs() {
    return this.page.locator('.part.editor .tab').evaluateAll((tabs) =>
      tabs.map((tab) => ({
        // The label is the path, plus " • 1 problem in this file" and the like when the file has decorations.
        path: (tab.querySelector('.monaco-icon-label')?.getAttribute('aria-label') ?? '').replace(/ • .*$/, ''),
        dirty: tab.classList.contains('dirty'),
        active: tab.classList.contains('active'),
      })),
    );
  }

  /** The active editor's text as rendered (only what is in view). */
  async editorText() {
    return monacoText(this.page.locator('.part.editor .editor-instance .monaco-editor .view-lines'));
  }

  /** Moves the cursor of the active editor to a 1-based line and column (Go to Line). @param {number} line @param {number} column */
  async goTo(line, column = 1) {
    await this.quickOpen(`:${line}:${column}`);
    // Enter only once the box has switched from commands to Go to Line (else it would run a recent command).
    const target = new RegExp(`^Go to line ${line}, column ${column}\\b`);
    await this.acceptQuickInputRow((row) => target.test(row.ariaLabel), { timeout: 5_000, message: `Go to line ${line}:${column}` });
    await waitFor(
      async () => {
        const text = await this.statusBarItem('status.editor.selection');
        return text && new RegExp(`Ln ${line}, Col ${column}\\b`).test(text.text);
      },
      { timeout: 5_000, message: `cursor at ${line}:${column}` },
    );
  }

  /** Items of the status bar (both sides), in DOM order. @returns {Promise<StatusBarItem[]>} */
  async statusBarItems() {
    return this.page.locator('.part.statusbar .statusbar-item').evaluateAll((nodes) =>
      nodes.map((n) => ({
        id: n.id,
        text: /** @type {HTMLElement} */ (n).innerText.trim(),
        ariaLabel: (n.querySelector('[aria-label]') ?? n).getAttribute('aria-label') ?? '',
      })),
    );
  }

  /** A status bar item by its id (the DOM id is the `id` given to createStatusBarItem, prefixed by the extension id
   *  for extension items: `publisher.name.itemId`) or by a predicate. @param {string | ((item: StatusBarItem) => boolean)} match */
  async statusBarItem(match) {
    const items = await this.statusBarItems();
    return items.find(typeof match === 'string' ? (item) => item.id === match : match);
  }

  /** Opens the Problems panel and returns its rows (file rows and marker rows) as shown. @returns {Promise<ProblemRow[]>} */
  async problems() {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
    }
    return panel.locator('.monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => {
        // Marker rows are labelled "Warning: <message> at line 3 and character 9. generated by <source>".
        const ariaLabel = row.getAttribute('aria-label') ?? '';
        const severity = /^(Error|Warning|Info): /.exec(ariaLabel)?.[1].toLowerCase();
        return {
          kind: severity ? 'marker' : 'file',
          text: /** @type {HTMLElement} */ (row).innerText.replace(/\s+/g, ' ').trim(),
          ariaLabel,
          severity: /** @type {ProblemRow['severity']} */ (severity),
        };
      }),
    );
  }

  /**
   * Waits until the Problems panel has a marker row matching `predicate`, and returns the rows.
   * @param {(row: ProblemRow) => boolean} predicate
   * @param {{ timeout?: number, message?: string }} [options]
   */
  async waitForProblem(predicate, { timeout = 30_000, message = 'a matching problem' } = {}) {
    return waitFor(
      async () => {
        const rows = await this.problems();
        return rows.some((row) => row.kind === 'marker' && predicate(row)) ? rows : undefined;
      },
      { timeout, message },
    );
  }

  /**
   * Opens a view container of the activity bar by its title (e.g. "Explorer", or an extension's container title).
   * Falls back to the "View: Open View..." picker when the activity bar has no such item.
   * @param {string} title
   */
  async openViewContainer(title) {
    const item = this.page
      .locator('.part.activitybar li.action-item')
      .filter({ has: this.page.locator(`.action-label[aria-label^="${cssString(title)}"]`) })
      .first();
    // An extension's container joins the activity bar once the extension host has read the extensions.
    if (
      await item.waitFor({ state: 'attached', timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    ) {
      // Click the item itself: a badge (e.g. "1 unsaved file") covers its label.
      if (!(await item.evaluate((el) => el.classList.contains('checked')))) await item.click();
    } else {
      await this.quickOpen(`view ${title}`);
      const row = this.quickInput
        .locator('.monaco-list-row')
        .filter({ has: this.page.locator('.label-name', { hasText: title }) })
        .first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await row.click();
    }
    await waitFor(
      async () => {
        const heading = await this.page
          .locator('.part.sidebar .composite.title h2')
          .first()
          .innerText()
          .catch(() => '');
        return heading.toLowerCase().includes(title.toLowerCase());
      },
      { timeout: 10_000, message: `side bar showing "${title}"` },
    );
  }

  /**
   * Tree items of a view in the side bar, by the view's title (its pane header). When the container has a single
   * view (no pane header), that view is used. Only rendered rows are returned (the tree is virtualized).
   * @param {string} viewTitle
   * @returns {Promise<TreeItem[]>}
   */
  async treeItems(viewTitle) {
    const pane = await this.viewPane(viewTitle);
    return pane.locator('.pane-body .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({
        text: /** @type {HTMLElement} */ (row).innerText.replace(/\s+/g, ' ').trim(),
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
        // Custom views put a ThemeIcon on .custom-view-tree-node-item-icon; 'codicon-pass', 'codicon-error'...
        icon:
          [...(row.querySelector('.custom-view-tree-node-item-icon')?.classList ?? [])].find(
            (name) => name.startsWith('codicon-') && name !== 'codicon-colored',
          ) ?? '',
        ariaLabel: row.getAttribute('aria-label') ?? '',
        level: Number(row.getAttribute('aria-level') ?? '1'),
        expanded: row.hasAttribute('aria-expanded') ? row.getAttribute('aria-expanded') === 'true' : undefined,
      })),
    );
  }

  /**
   * The side-bar pane of a view, by its title (its pane header), expanded. When the container has a single view
   * (no pane header), that view.
   * @param {string} viewTitle
   */
  async viewPane(viewTitle) {
    const panes = this.page.locator('.part.sidebar .pane');
    let pane = panes.filter({ has: this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^\\s*${escapeRegExp(viewTitle)}\\s*$`, 'i') }) }).first();
    if (!(await pane.count()) && (await panes.count()) === 1) pane = panes.first();
    if (!(await pane.count())) throw new Error(`no view titled "${viewTitle}" in the side bar`);
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    return pane;
  }

  /**
   * Clicks an inline action (an icon shown on hover, e.g. "Apply Fix") of the tree row whose label is `label`.
   * @param {string} viewTitle @param {string} label the row's label (the tree item's label, without description)
   * @param {string} action the action's title, e.g. 'Apply Fix'
   */
  async clickTreeItemAction(viewTitle, label, action) {
    const pane = await this.viewPane(viewTitle);
    const row = pane
      .locator('.pane-body .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
    await row.hover();
    await row.locator(`.actions .action-label[aria-label="${cssString(action)}"]`).click();
  }

  /**
   * Expands the folders of `path` in a tree view (e.g. the Explorer, whose view is titled with the folder name)
   * by clicking them as a person would, and waits until the last segment's row shows. Returns the rows then.
   * @param {string} viewTitle @param {string} path e.g. 'templates/base.html'
   * @param {{ timeout?: number }} [options]
   */
  async revealTreePath(viewTitle, path, { timeout = 15_000 } = {}) {
    const segments = path.split('/');
    return waitFor(
      async () => {
        const pane = await this.viewPane(viewTitle);
        const rows = await this.treeItems(viewTitle);
        for (const [index, segment] of segments.entries()) {
          const level = index + 1;
          const row = rows.find((candidate) => candidate.level === level && candidate.label === segment);
          if (!row) return undefined;
          if (index === segments.length - 1) return rows;
          if (row.expanded === false) {
            const folder = pane
              .locator(`.pane-body .monaco-list-row[aria-level="${level}"]`)
              .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(segment)}\\s*$`) }) })
              .first();
            await folder.click({ timeout: 2_000 });
            // One click per folder: a second one before the first shows would fold it again.
            await waitFor(async () => (await folder.getAttribute('aria-expanded')) === 'true', { timeout: 3_000 }).catch(() => {});
            return undefined;
          }
        }
        return undefined;
      },
      { timeout, interval: 200, message: `${path} in the "${viewTitle}" view` },
    );
  }

  /**
   * Puts the cursor at line:column of the active editor, opens the Quick Fix menu (the lightbulb's menu) and picks
   * the item whose label matches. Returns the labels the menu offered.
   * @param {{ line: number, column: number, label: string | RegExp, timeout?: number }} options
   */
  async quickFix({ line, column, label, timeout = 15_000 }) {
    await this.goTo(line, column);
    return this.pickCodeAction('Quick Fix...', label, { timeout, where: ` at ${line}:${column}` });
  }

  /**
   * Opens the Source Action menu of the active editor and picks the item whose label matches (e.g. a fix-all
   * source action). Returns the labels the menu offered.
   * @param {{ label: string | RegExp, timeout?: number }} options
   */
  async sourceAction({ label, timeout = 15_000 }) {
    return this.pickCodeAction('Source Action...', label, { timeout });
  }

  /**
   * Opens a code action menu with a palette command and clicks the item whose label matches, reopening the menu
   * until the item is offered (code actions follow diagnostics, which arrive asynchronously).
   * @param {string} command 'Quick Fix...' or 'Source Action...'
   * @param {string | RegExp} label exact label, or a pattern
   * @param {{ timeout: number, where?: string }} options
   */
  async pickCodeAction(command, label, { timeout, where = '' }) {
    const menu = this.actionMenu;
    const rows = menu.locator('.monaco-list-row.action');
    const matches = (/** @type {string} */ text) => (typeof label === 'string' ? text === label : label.test(text));
    const labels = await waitFor(
      async () => {
        // Opened from the palette, not with Ctrl+.: while the menu is open, Ctrl+. *accepts* its selected item
        // (acceptSelectedCodeAction's second key), so a menu that appears late would apply the wrong fix.
        await this.closeActionMenu();
        await this.runCommand(command);
        // The menu fills in after it appears (or says "No code actions available" instead of appearing).
        const texts = await waitFor(
          async () => {
            if (!(await menu.isVisible().catch(() => false))) return undefined;
            const shown = (await rows.allInnerTexts()).map((t) => t.trim());
            return shown.length ? shown : undefined;
          },
          { timeout: 3_000, message: `the ${command} menu` },
        ).catch(() => /** @type {string[]} */ ([]));
        return texts.some(matches) ? texts : undefined;
      },
      { timeout, interval: 300, message: `"${label}" in the ${command} menu${where}` },
    );
    const row = rows.filter({ hasText: typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label }).first();
    await row.click();
    await menu.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    return labels;
  }

  /** The Quick Fix / Source Action menu (not its submenu panel, also an .action-widget). */
  get actionMenu() {
    return this.page.locator('.action-widget:not(.action-list-submenu-panel)');
  }

  /** Closes the Quick Fix / source action menu if it is open. */
  async closeActionMenu() {
    const menu = this.actionMenu;
    if (!(await menu.isVisible().catch(() => false))) return;
    await this.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /**
   * TextMate scopes of the token at line:column of the active editor, read from the
   * "Developer: Inspect Editor Tokens and Scopes" widget; outermost first (the widget lists innermost first).
   * @param {number} line @param {number} column
   * @param {{ screenshot?: string }} [options] screenshot: step name for a screenshot with the widget open
   * @returns {Promise<{ token: string, language: string, scopes: string[], text: string }>} token: the token's text;
   *   text: the whole widget
   */
  async inspectTokenScopes(line, column, { screenshot } = {}) {
    await this.goTo(line, column);
    await this.runCommand('Developer: Inspect Editor Tokens and Scopes');
    const widget = this.page.locator('.token-inspect-widget');
    await widget.waitFor({ state: 'visible', timeout: 10_000 });
    const result = await waitFor(
      () =>
        widget.evaluate((el) => {
          const text = /** @type {HTMLElement} */ (el).innerText;
          /** @type {Record<string, string>} */
          const rows = {};
          let scopes = /** @type {string[]} */ ([]);
          for (const tr of el.querySelectorAll('tr')) {
            const cells = tr.querySelectorAll('td');
            if (cells.length < 2) continue;
            const key = (cells[0].textContent ?? '').trim();
            if (!(key in rows)) rows[key] = (cells[1].textContent ?? '').trim();
            if (key === 'textmate scopes')
              scopes = /** @type {HTMLElement} */ (cells[1]).innerText
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean);
          }
          const token = text.split('\n')[0].trim();
          return scopes.length ? { token, language: rows.language ?? '', scopes: scopes.reverse(), text } : undefined;
        }),
      { timeout: 10_000, message: 'token scopes in the inspect widget' },
    );
    if (screenshot) await this.screenshot(screenshot);
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    return result;
  }

  /** Texts of the visible notification toasts. */
  async notifications() {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scenario runner

/** A numbered, timed step of a scenario: returns fn's value; on failure screenshots every open workbench.
 * @typedef {<T>(title: string, fn: () => Promise<T>) => Promise<T>} Step */

/**
 * Runs one scenario: a Session with a global timeout (E2E_TIMEOUT_MS overrides it), numbered steps with timings,
 * screenshots on failure (and after every step with `screenshotSteps`: `<name>-step<NN>-<title>.png`), teardown
 * always, exit code 0/1 (124 on global timeout, 130 on a signal). The step and failure screenshots of earlier runs
 * of the scenario are removed first, so they always belong to this run.
 * @param {string} name
 * @param {(s: Session, step: Step) => Promise<void>} body
 * @param {{ timeoutMs?: number, screenshotSteps?: boolean }} [options]
 */
export async function runScenario(name, body, { timeoutMs = 300_000, screenshotSteps = false } = {}) {
  const session = new Session(name, { timeoutMs: Number(process.env.E2E_TIMEOUT_MS) || timeoutMs });
  const earlier = new RegExp(`^${escapeRegExp(name)}-(step\\d+|FAILED)-.*\\.png$`);
  for (const file of readdirSync(RESULTS_DIR)) if (earlier.test(file)) rmSync(join(RESULTS_DIR, file), { force: true });
  /** @type {Workbench[]} */
  const workbenches = [];
  const originalOpen = session.openWorkbench.bind(session);
  session.openWorkbench = async (...args) => {
    const wb = await originalOpen(...args);
    workbenches.push(wb);
    return wb;
  };
  for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(signal, () => {
      console.error(`\n✗ ${name}: ${signal}; tearing down`);
      session.dispose().finally(() => process.exit(130));
    });
  }
  let n = 0;
  /** @type {Step} */
  const step = async (title, fn) => {
    n += 1;
    const t0 = Date.now();
    try {
      const value = await fn();
      console.log(`  ✓ ${n}. ${title} (${Date.now() - t0} ms)`);
      if (screenshotSteps) {
        const open = workbenches.filter((wb) => !wb.page.isClosed());
        for (const [i, wb] of open.entries()) {
          await wb.screenshot(`step${String(n).padStart(2, '0')}-${title}${open.length > 1 ? `-${i}` : ''}`).catch(() => {});
        }
      }
      return value;
    } catch (error) {
      console.log(`  ✗ ${n}. ${title} (${Date.now() - t0} ms)`);
      for (const [i, wb] of workbenches.entries()) {
        await wb
          .screenshot(`FAILED-step${n}-${i}`)
          .then((f) => console.log(`    screenshot: ${f}`))
          .catch(() => {});
      }
      throw error;
    }
  };
  console.log(`▶ ${name}`);
  let failed = false;
  try {
    await body(session, step);
  } catch (error) {
    failed = true;
    console.error(`\n✗ ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    for (const wb of workbenches) {
      if (wb.consoleErrors.length) console.error(`  browser console errors (last 10):\n    ${wb.consoleErrors.slice(-10).join('\n    ')}`);
    }
  } finally {
    await session.dispose();
  }
  console.log(`${failed ? '✗' : '✓'} ${name} ${failed ? 'FAILED' : 'passed'} in ${(session.elapsed() / 1000).toFixed(1)} s`);
  process.exitCode = failed ? 1 : 0;
  return !failed;
}

/**
 * A browser console message as the extension host printed it: VS Code's log prefix ('%c INFO', 'color: #33f')
 * dropped and printf-style arguments applied (mocha's reporters log '%d passing (%s)', ...).
 * @param {import('playwright-core').ConsoleMessage} msg
 */
async function formatConsoleMessage(msg) {
  try {
    const args = await Promise.all(msg.args().map((arg) => arg.jsonValue()));
    if (typeof args[0] === 'string' && /^%c\s*\w+\s*$/.test(args[0]) && typeof args[1] === 'string') args.splice(0, 2);
    return format(...args);
  } catch {
    return msg.text();
  }
}

/** @param {string} s */
function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** @param {string} s */
function cssString(s) {
  return s.replace(/["\\]/g, '\\$&');
}

/**
 * Asserts with a message. @param {unknown} condition @param {string} message
 * @returns {asserts condition}
 */
export function check(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
