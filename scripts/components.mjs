// The real components the test suites run against (Debian's Python with Django 3.2, supervisor, Neovim,
// Chromium...), how to tell whether this machine has them, and which suite needs which. scripts/test.mjs runs a
// suite only when its components are here; elsewhere it says what is missing and skips it, except on CI
// (CI=true), where a missing component is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SYSTEM_PYTHON = '/usr/bin/python3';

/** Runs a probe; true when it exits 0 within 30 s. @param {string} command @param {string[]} args */
function succeeds(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0;
}

/** @param {string} module */
const pythonImports = (module) => () => succeeds(SYSTEM_PYTHON, ['-c', `import ${module}`]);

/**
 * @typedef {{ id: string, what: string, install: string, present: () => boolean }} Component
 * @type {Record<string, Component>}
 */
export const COMPONENTS = {
  python: {
    id: 'python',
    what: `Python 3 at ${SYSTEM_PYTHON} (the suites check that every fix leaves valid Python with its ast module)`,
    install: 'apt-get install -y python3',
    present: () => succeeds(SYSTEM_PYTHON, ['-c', 'import ast']),
  },
  django: {
    id: 'django',
    what: `Django 3.2 and the settings libraries (django-environ, dj-database-url, django-redis, celery, pymemcache, psycopg2, decouple, split-settings) for ${SYSTEM_PYTHON}, to compare with manage.py check --deploy`,
    install:
      'apt-get install -y python3-django python3-django-environ python3-dj-database-url python3-django-redis python3-celery python3-pymemcache python3-psycopg2 python3-decouple python3-django-split-settings',
    present: pythonImports('django, environ, dj_database_url, django_redis, celery, pymemcache, psycopg2, decouple, split_settings'),
  },
  supervisor: {
    id: 'supervisor',
    what: 'supervisor 4.2 and gunicorn, to run generated configs in a real supervisord',
    install: 'apt-get install -y supervisor gunicorn',
    present: () => pythonImports('supervisor.options')() && existsSync('/usr/bin/gunicorn'),
  },
  neovim: {
    id: 'neovim',
    what: 'Neovim 0.7 or later (nvim on PATH), to drive the language server from a real LSP client',
    install: 'apt-get install -y neovim',
    present: () => {
      // Even `nvim --version` creates its log folder under HOME: the probe gets a throwaway one.
      const home = mkdtempSync(join(tmpdir(), 'django-ready-nvim-probe-'));
      try {
        const env = { ...process.env, HOME: home, XDG_CACHE_HOME: home, XDG_STATE_HOME: home, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home };
        const version = /NVIM v(\d+)\.(\d+)/.exec(spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 30_000, env }).stdout ?? '');
        return !!version && (Number(version[1]) > 0 || Number(version[2]) >= 7);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  },
  black: {
    id: 'black',
    what: 'Black (black on PATH), the formatter the fix-safety referee checks fixed settings modules against',
    install: 'apt-get install -y black',
    present: () => succeeds('black', ['--version']),
  },
  chromium: {
    id: 'chromium',
    what: 'Chromium at /usr/bin/chromium and the Kerberos headers code-server builds against, for VS Code in a browser',
    install: 'apt-get install -y chromium libkrb5-dev',
    present: () => existsSync('/usr/bin/chromium') && existsSync('/usr/include/gssapi/gssapi.h'),
  },
};

/** Which components each suite needs (suites not listed need none). @type {Record<string, string[]>} */
export const SUITE_NEEDS = {
  unit: ['python', 'django'],
  cli: ['python'],
  lsp: ['python'],
  fuzz: ['python'],
  supervisor: ['python', 'supervisor'],
  django: ['python', 'django', 'black'],
  neovim: ['neovim'],
  e2e: ['python', 'chromium'],
};

const cache = new Map();

/** The components `suite` needs that this machine lacks. @param {string} suite @returns {Component[]} */
export function missingFor(suite) {
  return (SUITE_NEEDS[suite] ?? [])
    .map((id) => COMPONENTS[id])
    .filter((component) => {
      if (!cache.has(component.id)) cache.set(component.id, component.present());
      return !cache.get(component.id);
    });
}
