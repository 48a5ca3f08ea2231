// Recognises what a command line runs: a Django web server (gunicorn, uWSGI, daphne, uvicorn, hypercorn,
// granian, waitress, mod_wsgi, runserver), a task worker or scheduler (celery, rq, huey, dramatiq, django-q,
// the tasks db_worker, channels' runworker), supervisord, a shell script or `sh -c` text to follow, or a
// wrapper (tini, gosu, env, uv run, wait-for-it ... --) to look through.
import { FLAGS } from '../supervisor/command';
import type { ProcessRole, RecognisedProgram, WorkerCount } from './model';

type CommandReading =
  | { kind: 'program'; program: RecognisedProgram; argv: string[] }
  | { kind: 'script'; path: string; args: string[] }
  | { kind: 'shell'; text: string; args: string[] }
  | { kind: 'supervisord'; config: string | undefined; argv: string[] }
  | { kind: 'passthrough' }
  | { kind: 'other'; argv: string[] };

interface ReadCommandResult {
  reading: CommandReading;
  /** `env A=b cmd` and the like: variables the wrapper sets for the command. */
  env: [string, string][];
  /** `nohup cmd`: started so that nothing watches it. */
  nohup: boolean;
  user?: string;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Wrappers that run the rest of the command line, and how many of their own words (after options) to skip. */
const RUNNERS: Record<string, { skip: number; optionsWithValue?: string[] }> = {
  exec: { skip: 0 },
  tini: { skip: 0, optionsWithValue: ['-p', '-e'] },
  'tini-static': { skip: 0, optionsWithValue: ['-p', '-e'] },
  'dumb-init': { skip: 0, optionsWithValue: ['-r', '--rewrite'] },
  gosu: { skip: 1 },
  'su-exec': { skip: 1 },
  chpst: { skip: 0, optionsWithValue: ['-u', '-U', '-b', '-e', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-r', '-t'] },
  setpriv: { skip: 0, optionsWithValue: ['--reuid', '--regid', '--groups', '--inh-caps', '--bounding-set'] },
  runuser: { skip: 0, optionsWithValue: ['-u', '-g', '-G', '--user', '--group'] },
  sudo: { skip: 0, optionsWithValue: ['-u', '-g', '--user', '--group'] },
  'ddtrace-run': { skip: 0 },
  'opentelemetry-instrument': { skip: 0 },
  'newrelic-admin': { skip: 1 },
  'with-contenv': { skip: 0 },
  s6_setuidgid: { skip: 1 },
  's6-setuidgid': { skip: 1 },
  fdmove: { skip: 0 },
  nice: { skip: 0, optionsWithValue: ['-n'] },
  ionice: { skip: 0, optionsWithValue: ['-c', '-n'] },
  timeout: { skip: 1 },
  xvfb: { skip: 0 },
};

/** `uv run`, `poetry run`, ...: tools that run a command inside the project's environment. */
const ENV_RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye', 'doppler', 'direnv', 'dotenv', 'op', 'infisical', 'honcho', 'envdir']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
const PYTHON = /^python(\d+(\.\d+)*)?$/;
const SCRIPT_LIKE = /(^|\/)[^/]*(\.(sh|bash)|entrypoint[^/]*|start[^/]*|run[^/]*|docker-[^/]*|cmd[^/]*)$|^\.{0,2}\/|^\//;

/** Commands that never run a server or worker, even when one is named in their arguments (`echo starting uwsgi`). */
export const NOT_PROGRAMS = new Set([
  'set',
  'echo',
  'cd',
  'source',
  '.',
  'trap',
  '[',
  '[[',
  'test',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'ln',
  'chown',
  'chmod',
  'sleep',
  'printf',
  'umask',
  'shift',
  'true',
  'false',
  ':',
  'cat',
  'exit',
  'return',
  'local',
  'readonly',
  'declare',
  'id',
  'whoami',
  'touch',
  'pushd',
  'popd',
  'ulimit',
  'sed',
  'grep',
  'awk',
  'tr',
  'wc',
  'ls',
  'find',
  'envsubst',
  'curl',
  'wget',
  'apt-get',
  'pip',
  'npm',
  'git',
]);

/** Reads a command line (already split into words). */
export function readCommand(input: string[], env: ReadonlyMap<string, string> = new Map()): ReadCommandResult {
  const result: ReadCommandResult = { reading: { kind: 'other', argv: input }, env: [], nohup: false };
  let argv = input.filter((word) => word !== '');
  for (let guard = 0; guard < 16 && argv.length; guard++) {
    const name = basename(argv[0]);
    if (name === 'env') {
      let i = 1;
      while (argv[i] && (/^-/.test(argv[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]))) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argv[i]);
        if (match) result.env.push([match[1], match[2]]);
        else if (argv[i] === '-u' || argv[i] === '-C' || argv[i] === '-S') i++;
        i++;
      }
      argv = argv.slice(i);
      continue;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0])) {
      const [key, ...rest] = argv[0].split('=');
      result.env.push([key, rest.join('=')]);
      argv = argv.slice(1);
      continue;
    }
    if (name === 'nohup' || name === 'setsid' || name === 'daemonize') {
      result.nohup = true;
      argv = argv.slice(1);
      continue;
    }
    const runner = RUNNERS[name];
    if (runner) {
      let i = 1;
      while (argv[i]?.startsWith('-')) {
        if (argv[i] === '--') {
          i++;
          break;
        }
        if (runner.optionsWithValue?.includes(argv[i])) {
          if ((name === 'sudo' || name === 'runuser') && (argv[i] === '-u' || argv[i] === '--user')) result.user = argv[i + 1];
          i++;
        }
        i++;
      }
      if (runner.skip && (name === 'gosu' || name === 'su-exec' || name.includes('setuidgid'))) result.user = argv[i];
      argv = argv.slice(i + runner.skip);
      continue;
    }
    if (ENV_RUNNERS.has(name) && argv.length > 1) {
      // `uv run [options] cmd`, `doppler run -- cmd`, `envdir DIR cmd`, `honcho start`: the command follows.
      const dash = argv.indexOf('--');
      if (dash !== -1) argv = argv.slice(dash + 1);
      else if (name === 'envdir') argv = argv.slice(2);
      else if (argv[1] === 'run' || argv[1] === 'exec') argv = skipOptions(argv.slice(2));
      else break;
      continue;
    }
    if (SHELLS.has(name)) {
      const dashC = argv.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word));
      if (dashC !== -1 && argv[dashC + 1] !== undefined) {
        result.reading = { kind: 'shell', text: argv[dashC + 1], args: argv.slice(dashC + 3) };
        return result;
      }
      const script = argv.slice(1).find((word) => !word.startsWith('-'));
      if (script) {
        result.reading = { kind: 'script', path: script, args: argv.slice(argv.indexOf(script) + 1) };
        return result;
      }
      return result;
    }
    if (/^(wait-for|wait_for|dockerize)/.test(name) && argv.includes('--')) {
      // `wait-for-it.sh db:5432 -t 30 -- cmd`: waits for a port, then runs the command.
      argv = argv.slice(argv.indexOf('--') + 1);
      continue;
    }
    if (argv[0] === '"$@"' || argv[0] === '$@') {
      result.reading = { kind: 'passthrough' };
      return result;
    }
    break;
  }
  if (!argv.length) {
    result.reading = { kind: 'other', argv };
    return result;
  }
  const program = recogniseProgram(argv, env);
  if (program) {
    result.reading = { kind: 'program', program, argv };
    return result;
  }
  const name = basename(argv[0]);
  if (NOT_PROGRAMS.has(name)) return result;
  if (name === 'supervisord') {
    result.reading = { kind: 'supervisord', config: optionWithValue(argv, ['-c', '--configuration']), argv };
    return result;
  }
  if (SCRIPT_LIKE.test(argv[0]) && !PYTHON.test(name)) {
    result.reading = { kind: 'script', path: argv[0], args: argv.slice(1) };
    return result;
  }
  const wrapped = programAfterWrapper(argv, env);
  if (wrapped) {
    result.reading = wrapped;
    return result;
  }
  const dash = argv.indexOf('--');
  if (dash !== -1 && dash + 1 < argv.length) return readCommand(argv.slice(dash + 1), env);
  result.reading = { kind: 'other', argv };
  return result;
}

/** A wrapper we do not know (`bin/start-nginx gunicorn ...`, `wait-for db:5432 -- gunicorn ...`): a program further on. */
export function programAfterWrapper(argv: string[], env: ReadonlyMap<string, string> = new Map()): Extract<CommandReading, { kind: 'program' }> | undefined {
  const dash = argv.indexOf('--');
  const rest = dash !== -1 ? argv.slice(dash + 1) : argv.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const inner = recogniseProgram(rest.slice(i), env);
    if (inner) return { kind: 'program', program: inner, argv: rest.slice(i) };
  }
  return undefined;
}

function skipOptions(argv: string[]): string[] {
  let i = 0;
  while (argv[i]?.startsWith('-')) {
    i++;
    if (argv[i] !== undefined && !argv[i].startsWith('-') && !recogniseProgram(argv.slice(i)) && !PYTHON.test(basename(argv[i]))) i++;
  }
  return argv.slice(i);
}

function optionWithValue(argv: string[], names: string[]): string | undefined {
  for (let i = argv.length - 1; i >= 0; i--) {
    const word = argv[i];
    for (const name of names) {
      if (word === name) return argv[i + 1];
      if (name.startsWith('--') && word.startsWith(`${name}=`)) return word.slice(name.length + 1);
      if (!name.startsWith('--') && word.startsWith(name) && word.length > name.length) return word.slice(name.length);
    }
  }
  return undefined;
}

interface ParsedArgs {
  options: [string, string | undefined][];
  positionals: string[];
}

/** argparse/click-style options: `--a=b`, `--a b`, `-ab` (short with value), flags from a table. */
function parseOptions(args: string[], flags: ReadonlySet<string>, valueIfNotOption = false): ParsedArgs {
  const options: [string, string | undefined][] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    if (word.startsWith('--') && eq !== -1) options.push([word.slice(0, eq), word.slice(eq + 1)]);
    else if (flags.has(word)) options.push([word, undefined]);
    else if (!word.startsWith('--') && word.length > 2) options.push([word.slice(0, 2), word.slice(2)]);
    else if (valueIfNotOption && (args[i + 1] === undefined || args[i + 1].startsWith('-'))) options.push([word, undefined]);
    else {
      options.push([word, args[i + 1]]);
      i++;
    }
  }
  return { options, positionals };
}

function option(parsed: ParsedArgs, ...names: string[]): string | undefined {
  for (let i = parsed.options.length - 1; i >= 0; i--) if (names.includes(parsed.options[i][0])) return parsed.options[i][1];
  return undefined;
}

function hasFlag(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some(([name]) => names.includes(name));
}

/** A worker count from an option's text, `$WEB_CONCURRENCY` when the server falls back to it, else `fallback`. */
function workerCount(text: string | undefined, source: string, env: ReadonlyMap<string, string>, fallback?: number): WorkerCount | undefined {
  if (text !== undefined) {
    const number = /^\s*(\d+)\s*$/.exec(text);
    return { count: number ? Number(number[1]) : undefined, source: `${source} ${text}` };
  }
  const concurrency = env.get('WEB_CONCURRENCY');
  if (concurrency !== undefined) {
    const number = /^\s*(\d+)\s*$/.exec(concurrency);
    return { count: number ? Number(number[1]) : undefined, source: `WEB_CONCURRENCY=${concurrency}` };
  }
  return fallback === undefined ? undefined : { count: fallback, source: `the default of ${fallback}` };
}

function looksAsgi(target: string | undefined): boolean {
  return !!target && /(^|[.:_])asgi([.:_]|$)|routing/.test(target);
}

const MANAGE_WORKERS: Record<string, { program: RecognisedProgram['program']; roles: ProcessRole[] }> = {
  rqworker: { program: 'rq', roles: ['worker'] },
  rqscheduler: { program: 'rqscheduler', roles: ['beat'] },
  run_huey: { program: 'huey', roles: ['worker'] },
  rundramatiq: { program: 'dramatiq', roles: ['worker'] },
  qcluster: { program: 'django-q', roles: ['worker'] },
  db_worker: { program: 'db_worker', roles: ['worker'] },
  runworker: { program: 'runworker', roles: ['worker'] },
  celeryd: { program: 'celery', roles: ['worker'] },
  celerybeat: { program: 'celery', roles: ['beat'] },
};

/** The program a command starts, when it is one of Django's servers or workers. */
function recogniseProgram(argv: string[], env: ReadonlyMap<string, string> = new Map()): RecognisedProgram | undefined {
  let name = basename(argv[0] ?? '');
  let args = argv.slice(1);
  if (PYTHON.test(name)) {
    let i = 0;
    while (args[i] && /^-[A-Za-z]+$/.test(args[i]) && args[i] !== '-m') i++;
    if (args[i] === '-m' && args[i + 1]) {
      name = args[i + 1];
      args = args.slice(i + 2);
      if (name === 'django') name = 'django-admin';
    } else if (args[i]) {
      name = basename(args[i]);
      args = args.slice(i + 1);
    } else return undefined;
  }
  if (name === 'manage.py' || name === 'django-admin' || name === 'django-admin.py' || name === 'manage' || /-manage$/.test(name)) {
    return manageCommand(args);
  }
  switch (name) {
    case 'gunicorn':
    case 'gunicorn3': {
      const gunicornEnv = env.get('GUNICORN_CMD_ARGS');
      const parsed = parseOptions([...(gunicornEnv ? gunicornEnv.split(/\s+/).filter(Boolean) : []), ...args], new Set(FLAGS.gunicorn));
      const workerClass = option(parsed, '-k', '--worker-class') ?? '';
      const target = parsed.positionals[0];
      return {
        program: 'gunicorn',
        roles: ['web'],
        // gunicorn's own workers speak WSGI; ASGI needs a uvicorn worker class (or gunicorn 24's `asgi`).
        interface: /uvicorn|asgi/i.test(workerClass) ? 'asgi' : 'wsgi',
        app: target,
        workers: workerCount(option(parsed, '-w', '--workers'), '--workers', env),
        configFile: option(parsed, '-c', '--config'),
        development: hasFlag(parsed, '--reload') ? 'gunicorn --reload' : undefined,
      };
    }
    case 'uvicorn': {
      const parsed = parseOptions(args, new Set(FLAGS.uvicorn));
      return {
        program: 'uvicorn',
        roles: ['web'],
        interface: 'asgi',
        app: parsed.positionals[0],
        workers: workerCount(option(parsed, '--workers'), '--workers', env, 1),
        development: hasFlag(parsed, '--reload') ? 'uvicorn --reload' : undefined,
      };
    }
    case 'daphne': {
      const parsed = parseOptions(args, new Set(FLAGS.daphne));
      return { program: 'daphne', roles: ['web'], interface: 'asgi', app: parsed.positionals[0], workers: { count: 1, source: 'daphne (one process)' } };
    }
    case 'hypercorn': {
      const parsed = parseOptions(args, new Set(['--reload', '--debug', '--access-log', '--version', '-h', '--help']));
      const app = parsed.positionals[0];
      return {
        program: 'hypercorn',
        roles: ['web'],
        interface: app?.startsWith('wsgi:') || (app && /wsgi/.test(app) && !looksAsgi(app)) ? 'wsgi' : 'asgi',
        app,
        workers: workerCount(option(parsed, '-w', '--workers'), '--workers', env, 1),
        configFile: option(parsed, '-c', '--config'),
        development: hasFlag(parsed, '--reload') ? 'hypercorn --reload' : undefined,
      };
    }
    case 'granian': {
      const parsed = parseOptions(
        args,
        new Set(['--reload', '--no-reload', '--http1-only', '--respawn-failed-workers', '--no-ws', '--log', '--no-log', '--access-log', '--version', '--help']),
      );
      const app = parsed.positionals[0];
      const iface = option(parsed, '--interface');
      return {
        program: 'granian',
        roles: ['web'],
        interface: iface === 'wsgi' ? 'wsgi' : iface?.startsWith('asgi') || looksAsgi(app) ? 'asgi' : 'wsgi',
        app,
        workers: workerCount(option(parsed, '--workers'), '--workers', env, 1),
        development: hasFlag(parsed, '--reload') ? 'granian --reload' : undefined,
      };
    }
    case 'waitress-serve': {
      const parsed = parseOptions(
        args,
        new Set(['--call', '--expose-tracebacks', '--no-expose-tracebacks', '--ipv4', '--ipv6', '--no-ipv4', '--no-ipv6', '--help']),
      );
      return { program: 'waitress', roles: ['web'], interface: 'wsgi', app: parsed.positionals[0], workers: { count: 1, source: 'waitress (one process)' } };
    }
    case 'mod_wsgi-express': {
      const parsed = parseOptions(
        args.slice(args[0] === 'start-server' || args[0] === 'setup-server' ? 1 : 0),
        new Set(['--reload-on-changes', '--debug-mode']),
        true,
      );
      return {
        program: 'mod_wsgi',
        roles: ['web'],
        interface: 'wsgi',
        app: parsed.positionals[0],
        workers: workerCount(option(parsed, '--processes'), '--processes', new Map(), 1),
        development: hasFlag(parsed, '--reload-on-changes') ? 'mod_wsgi-express --reload-on-changes' : undefined,
      };
    }
    case 'uwsgi':
    case 'uwsgi-core':
    case 'uwsgi_python3': {
      const parsed = parseOptions(args, new Set(), true);
      const configFile =
        option(parsed, '--ini', '--yaml', '-y', '--yml', '--json', '-j', '--xml', '-x') ??
        parsed.positionals.find((word) => /\.(ini|ya?ml|json|xml)$/.test(word));
      const app = option(parsed, '--module', '-w', '--wsgi', '--mount', '--wsgi-file', '--file');
      return {
        program: 'uwsgi',
        roles: ['web'],
        interface: 'wsgi',
        app,
        workers: workerCount(option(parsed, '--processes', '-p', '--workers'), '--processes', new Map()),
        configFile,
        development: hasFlag(parsed, '--py-autoreload', '--python-autoreload') ? 'uwsgi --py-autoreload' : undefined,
      };
    }
    case 'celery':
      return celeryCommand(args);
    case 'celeryd':
    case 'celerybeat':
      return { program: 'celery', roles: [name === 'celeryd' ? 'worker' : 'beat'], app: option(parseOptions(args, new Set(FLAGS.celery)), '-A', '--app') };
    case 'rq':
      return args[0] === 'worker' ? { program: 'rq', roles: ['worker'] } : undefined;
    case 'rqworker':
      return { program: 'rq', roles: ['worker'] };
    case 'rqscheduler':
      return { program: 'rqscheduler', roles: ['beat'] };
    case 'dramatiq':
      return { program: 'dramatiq', roles: ['worker'] };
    case 'huey_consumer':
    case 'huey_consumer.py':
      return { program: 'huey', roles: ['worker'] };
    default:
      return undefined;
  }
}

function celeryCommand(args: string[]): RecognisedProgram | undefined {
  const parsed = parseOptions(args, new Set(FLAGS.celery));
  const sub = parsed.positionals[0];
  const app = option(parsed, '-A', '--app');
  if (sub === 'worker' || sub === 'multi') {
    const beat = hasFlag(parsed, '-B', '--beat');
    return { program: 'celery', roles: beat ? ['worker', 'beat'] : ['worker'], app };
  }
  if (sub === 'beat') return { program: 'celery', roles: ['beat'], app };
  return undefined;
}

function manageCommand(args: string[]): RecognisedProgram | undefined {
  const parsed = parseOptions(
    args,
    new Set(['--noreload', '--nothreading', '--insecure', '--nostatic', '--ipv6', '-6', '--skip-checks', '--traceback', '--no-color', '--force-color']),
  );
  const sub = parsed.positionals[0];
  if (!sub) return undefined;
  if (sub === 'runserver' || sub === 'runserver_plus' || sub === 'runmodwsgi') {
    if (sub === 'runmodwsgi')
      return { program: 'mod_wsgi', roles: ['web'], interface: 'wsgi', workers: workerCount(option(parsed, '--processes'), '--processes', new Map(), 1) };
    return {
      program: 'runserver',
      roles: ['web'],
      interface: 'wsgi',
      workers: { count: 1, source: 'runserver (one process)' },
      development: `manage.py ${sub}`,
    };
  }
  if (sub === 'celery') return celeryCommand(parsed.positionals.slice(1).concat(args.filter((word) => word.startsWith('-'))));
  const worker = MANAGE_WORKERS[sub];
  return worker ? { program: worker.program, roles: worker.roles } : undefined;
}
