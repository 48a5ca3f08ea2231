import { spawnSync } from 'node:child_process';
import { SYSTEM_PYTHON } from './paths';

/** Parses Python source with the real interpreter; returns the SyntaxError text, or undefined when it parses. */
export function pythonSyntaxError(source: string): string | undefined {
  const result = spawnSync(SYSTEM_PYTHON, ['-c', 'import ast, sys\nast.parse(sys.stdin.read())'], { input: source, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 ? undefined : result.stderr.trim().split('\n').pop();
}
