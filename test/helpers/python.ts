import { spawnSync } from 'node:child_process';
import { SYSTEM_PYTHON } from './paths';

/** Parses Python source with the real interpreter; returns the SyntaxError text, or undefined when it parses. */
export function pythonSyntaxError(source: string): string | undefined {
  const result = spawnSync(SYSTEM_PYTHON, ['-c', 'import ast, sys\nast.parse(sys.stdin.read())'], { input: source, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 ? undefined : result.stderr.trim().split('\n').pop();
}

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Python snippet with the real interpreter (Django 3.2) against a project's settings module:
 * `root` on sys.path, DJANGO_SETTINGS_MODULE set, a clean environment plus `env`, and a timeout.
 */
export function runWithSettings(root: string, settingsModule: string, script: string, env: Record<string, string> = {}): PythonRun {
  const environment = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: root,
    DJANGO_SETTINGS_MODULE: settingsModule,
    ...env,
  };
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script], { cwd: root, env: environment, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
