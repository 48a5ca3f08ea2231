// gunicorn configuration files (`gunicorn.conf.py`, `-c config.py`): Python modules whose top-level names
// are settings. Read statically: `workers`, `worker_class`, `wsgi_app`, `bind`, `raw_env`, `reload`.
import type { ParsedFile } from '../../python/parseCache';
import type { Location } from '../../types';
import type { EnvAssignment, WorkerCount } from '../model';
import { moduleAssignments, readLiteral, type PyLiteral } from '../pyLiterals';

interface GunicornConfig {
  file: string;
  workers?: WorkerCount;
  workerClass?: string;
  app?: string;
  reload: boolean;
  env: EnvAssignment[];
  problem?: { message: string; location: Location };
}

export function isGunicornConfigName(name: string): boolean {
  return /^gunicorn([._-].*)?\.(py|conf)$|^gunicorn\.conf$/i.test(name);
}

function describe(literal: PyLiteral): string {
  if (literal.kind === 'unknown' || literal.kind === 'cores') return literal.text;
  return JSON.stringify(literal.value);
}

export function readGunicornConfig(parsed: ParsedFile): GunicornConfig {
  const short = parsed.file.slice(parsed.file.lastIndexOf('/') + 1);
  const assignments = moduleAssignments(parsed.module.statements);
  const literal = (name: string): PyLiteral | undefined => {
    const found = assignments.get(name);
    return found ? readLiteral(found.stmt, found.value) : undefined;
  };
  const location = (name: string): Location => {
    const found = assignments.get(name)!;
    return { file: parsed.file, range: parsed.lines.range(found.stmt.base, found.stmt.base + found.stmt.text.length) };
  };
  let workers: WorkerCount | undefined;
  const workersValue = literal('workers');
  if (workersValue) {
    const unless = 'env' in workersValue && workersValue.env ? ` unless $${workersValue.env} says otherwise` : '';
    workers =
      workersValue.kind === 'int'
        ? { count: workersValue.value, source: `workers = ${describe(workersValue)} in ${short}${unless}` }
        : workersValue.kind === 'cores'
          ? { count: undefined, min: workersValue.min, source: `workers = ${workersValue.text} in ${short}` }
          : { count: undefined, source: `workers = ${describe(workersValue)} in ${short}` };
  }
  const str = (name: string): string | undefined => {
    const value = literal(name);
    return value?.kind === 'str' ? value.value : undefined;
  };
  const rawEnv = literal('raw_env');
  const env: EnvAssignment[] =
    rawEnv?.kind === 'list'
      ? rawEnv.value
          .filter((item) => item.includes('='))
          .map((item) => ({
            name: item.slice(0, item.indexOf('=')),
            value: item.slice(item.indexOf('=') + 1),
            location: location('raw_env'),
            source: `${short} raw_env`,
          }))
      : [];
  const reload = literal('reload');
  const error = parsed.module.errors[0];
  return {
    file: parsed.file,
    workers,
    workerClass: str('worker_class'),
    app: str('wsgi_app'),
    reload: reload?.kind === 'bool' && reload.value && !('env' in reload && reload.env),
    env,
    problem: parsed.failure
      ? { message: parsed.failure, location: { file: parsed.file, range: parsed.lines.range(0, 0) } }
      : error
        ? {
            message: `Python syntax error (${error.message}): gunicorn cannot load this file.`,
            location: { file: parsed.file, range: parsed.lines.range(error.start, error.end) },
          }
        : undefined,
  };
}
