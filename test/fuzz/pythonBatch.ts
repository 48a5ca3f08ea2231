// Many Python sources checked with the real interpreter's ast.parse in one process, so checking every fix of
// every fixture costs one interpreter start instead of hundreds.
import { spawnSync } from 'node:child_process';
import { SYSTEM_PYTHON } from '../helpers/paths';

const PARSE_ALL = `
import ast, json, sys
out = []
for source in json.load(sys.stdin):
    try:
        ast.parse(source)
        out.append(None)
    except (SyntaxError, ValueError) as error:
        out.append("%s: %s (line %s)" % (type(error).__name__, error.msg if hasattr(error, "msg") else error, getattr(error, "lineno", "?")))
print(json.dumps(out))
`;

/** For each source, the SyntaxError text, or null when it parses. */
export function pythonSyntaxErrors(sources: readonly string[]): (string | null)[] {
  if (!sources.length) return [];
  const result = spawnSync(SYSTEM_PYTHON, ['-c', PARSE_ALL], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as (string | null)[];
}
