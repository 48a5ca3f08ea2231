import * as path from 'node:path';

/** The repository root (tests run from build/test/<suite>/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const CLI = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
export const SERVER = path.join(REPO_ROOT, 'server', 'out', 'server.js');
/** Debian's interpreter, which has Django 3.2, supervisor and gunicorn installed (the pyenv python3 on PATH has not). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
