// Production seen from any settings module, in real VS Code (code-server + Chromium), on test/fixtures/e2e/bookings
// (a settings package: base, development, production): the hover on a setting name, the inlay hints in base.py and
// development.py, the read-only "effective production settings" document (and that it follows an edit), and the
// comparison of development with production. Each step leaves a named screenshot in test-results/e2e/.
// Run: node test/e2e/extension-settings.e2e.mjs   (after: bash scripts/e2e-tools.sh)
import { check, monacoText, runScenario } from './harness.mjs';
import { openFixture, readText } from './djangoReady.mjs';

const BASE = 'bookings/settings/base.py';
const DEVELOPMENT = 'bookings/settings/development.py';
const PRODUCTION = 'bookings/settings/production.py';
const PRODUCTION_DOC = 'bookings.settings.production (effective).py';

/** 1-based number of the first line of `file` (in the project) that starts with `prefix`. @param {string} folder @param {string} file @param {string} prefix */
function lineOf(folder, file, prefix) {
  const index = readText(`${folder}/${file}`)
    .split('\n')
    .findIndex((line) => line.startsWith(prefix));
  check(index >= 0, `${file} has a line starting with ${prefix}`);
  return index + 1;
}

/** The text of the hover widget once it shows `expected`. @param {import('./harness.mjs').Workbench} w @param {string} expected */
function hoverText(w, expected) {
  return w.waitFor(
    async () => {
      const hover = w.page.locator('.monaco-hover:not(.hidden) .hover-contents');
      const texts = await hover.allInnerTexts().catch(() => []);
      return texts.find((text) => text.includes(expected));
    },
    { timeout: 15_000, message: `a hover showing ${expected}` },
  );
}

/** The text shown on one side of the active diff editor. @param {import('./harness.mjs').Workbench} w @param {'original' | 'modified'} side */
function diffSide(w, side) {
  return monacoText(w.page.locator(`.monaco-diff-editor .editor.${side} .view-lines`));
}

await runScenario(
  'extension-settings',
  async (s, step) => {
    const { w, folder } = await openFixture(s, step, { trusted: true, fixture: 'bookings' });

    await step("hover on DEBUG in base.py: production's value, the modules that set it (links), its finding", async () => {
      await w.openFile(BASE);
      await w.goTo(lineOf(folder, BASE, 'DEBUG = '), 2);
      await w.runCommand('Show or Focus Hover');
      const text = await hoverText(w, 'DEBUG in production (bookings.settings.production): False');
      check(
        /base\.py:\d+ bookings\.settings\.base: True\s+production\.py:\d+ bookings\.settings\.production: False/.test(text),
        `the modules that set DEBUG, in order: ${text}`,
      );
      const links = await w.page.locator('.monaco-hover:not(.hidden) .hover-contents a').allInnerTexts();
      check(
        links.includes(`base.py:${lineOf(folder, BASE, 'DEBUG = ')}`) && links.includes(`production.py:${lineOf(folder, PRODUCTION, 'DEBUG = ')}`),
        `links to both statements: ${JSON.stringify(links)}`,
      );
      await w.screenshot('hover-debug');
      await w.page.keyboard.press('Escape');
    });

    await step('hover on SECRET_KEY: the environment variable, what its default gives, the finding', async () => {
      await w.goTo(lineOf(folder, BASE, 'SECRET_KEY = '), 2);
      await w.runCommand('Show or Focus Hover');
      const text = await hoverText(w, 'Reads the environment variable DJANGO_SECRET_KEY');
      check(
        text.includes('unset, it gives "django-insecure-bookings-dev-only"') && /warning DR909 Insecure SECRET_KEY/.test(text),
        `env and finding in the hover: ${text}`,
      );
      await w.screenshot('hover-secret-key');
      await w.page.keyboard.press('Escape');
    });

    await step('inlay hints in base.py where production ends with another value', async () => {
      await w.goTo(1, 1);
      const text = await w.waitFor(
        async () => {
          const shown = await w.editorText();
          return shown.includes('→ False in production.py') ? shown : undefined;
        },
        { message: 'the DEBUG inlay hint in base.py' },
      );
      const debugLine = text.split('\n').find((line) => line.startsWith('DEBUG = True'));
      check(debugLine?.includes('→ False in production.py'), `the hint sits on DEBUG's line: ${JSON.stringify(debugLine)}`);
      const hostsLine = text.split('\n').find((line) => line.startsWith('ALLOWED_HOSTS = []'));
      check(hostsLine?.includes('→ ["bookings.example.com"] in production.py'), `ALLOWED_HOSTS hint: ${JSON.stringify(hostsLine)}`);
      check(
        !text
          .split('\n')
          .find((line) => line.startsWith('INSTALLED_APPS'))
          ?.includes('→'),
        'no hint where production inherits the value',
      );
      await w.screenshot('inlay-hints-base');
    });

    await step('inlay hints in development.py, including a setting production never sets', async () => {
      await w.openFile(DEVELOPMENT);
      const text = await w.waitFor(
        async () => {
          const shown = await w.editorText();
          return shown.includes('→ not set in production') ? shown : undefined;
        },
        { message: 'the hints in development.py' },
      );
      check(
        text
          .split('\n')
          .find((line) => line.startsWith('DEBUG = True'))
          ?.includes('→ False in production.py'),
        `DEBUG hint: ${text}`,
      );
      check(
        text
          .split('\n')
          .find((line) => line.startsWith('EMAIL_BACKEND'))
          ?.match(/→ "django\.core\.mail\.\S*… \(Django default\)$/),
        `EMAIL_BACKEND hint, cut to fit: ${text}`,
      );
      await w.screenshot('inlay-hints-development');
    });

    await step('"Django Ready: Show Production Settings" opens the effective settings, each value with its source', async () => {
      await w.runCommand('Django Ready: Show Production Settings');
      await w.waitFor(async () => (await w.activeEditorPath())?.endsWith(PRODUCTION_DOC), { message: `the ${PRODUCTION_DOC} tab` });
      const text = await w.waitFor(
        async () => {
          const shown = await w.editorText();
          return shown.includes('DEBUG = False') ? shown : undefined;
        },
        { message: 'the effective settings' },
      );
      check(text.includes(`DEBUG = False  # ${PRODUCTION}:${lineOf(folder, PRODUCTION, 'DEBUG = ')}`), `DEBUG with its source: ${text}`);
      check(
        text.includes(`SECRET_KEY = 'django-insecure-bookings-dev-only'  # ${BASE}:${lineOf(folder, BASE, 'SECRET_KEY = ')}; $DJANGO_SECRET_KEY if set`),
        `SECRET_KEY with its source and variable: ${text}`,
      );
      check(!text.includes('INTERNAL_IPS'), 'development-only settings are not in production');
      await w.screenshot('production-settings');
    });

    await step('the effective settings follow an edit of production.py', async () => {
      await w.openFile(PRODUCTION);
      const line = lineOf(folder, PRODUCTION, 'SESSION_COOKIE_SECURE = True');
      await w.goTo(line, 1);
      await w.page.keyboard.press('End');
      await w.page.keyboard.insertText('\nSECURE_HSTS_SECONDS = 3600');
      await w.runCommand('View: Open Previous Editor');
      await w.waitFor(async () => (await w.activeEditorPath())?.endsWith(PRODUCTION_DOC), { message: `back on the ${PRODUCTION_DOC} tab` });
      // The settings are in alphabetical order: SECURE_HSTS_SECONDS is below the first screen.
      await w.page.keyboard.press('Control+End');
      await w.waitFor(async () => (await w.editorText()).includes(`SECURE_HSTS_SECONDS = 3600  # ${PRODUCTION}:${line + 1}`), {
        message: 'the new setting in the effective settings',
      });
      await w.screenshot('production-settings-after-edit');
      await w.runCommand('View: Open Next Editor');
      await w.runCommand('File: Revert File');
    });

    await step('"Django Ready: Compare Settings with Production": development next to production', async () => {
      await w.runCommand('Django Ready: Compare Settings with Production');
      await w.acceptQuickInputRow((row) => row.label === 'bookings.settings.development', { message: 'the development module in the pick list' });
      await w.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
      const original = await w.waitFor(
        async () => {
          const text = await diffSide(w, 'original').catch(() => '');
          return text.includes('INTERNAL_IPS') ? text : undefined;
        },
        { message: 'the development side' },
      );
      const modified = await diffSide(w, 'modified');
      check(original.includes(`DEBUG = True  # ${DEVELOPMENT}:${lineOf(folder, DEVELOPMENT, 'DEBUG = ')}`), `development's DEBUG: ${original}`);
      check(modified.includes(`DEBUG = False  # ${PRODUCTION}:${lineOf(folder, PRODUCTION, 'DEBUG = ')}`), `production's DEBUG: ${modified}`);
      const changed = await w.page
        .locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .line-delete, .monaco-diff-editor .char-insert, .monaco-diff-editor .char-delete')
        .count();
      check(changed > 0, 'the differences are marked');
      await w.screenshot('compare-development-production');
    });
  },
  { timeoutMs: 240_000, screenshotSteps: true },
);
