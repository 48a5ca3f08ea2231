// Recognises the Django-related servers in a `command` value (gunicorn, uvicorn, daphne, celery, manage.py
// runserver) and reads the arguments the checks care about, keeping offsets into the value for fixes.
import { posixSplit, type Token } from './shlex';

export type CommandKind = 'gunicorn' | 'uvicorn' | 'daphne' | 'celery' | 'runserver' | 'other';

/** A slice of the command value as written (quotes included). */
export interface Span {
  text: string;
  start: number;
  end: number;
}

interface ParsedOption {
  /** As written, e.g. `--bind` or `-b`. */
  name: string;
  token: Token;
  value: Span | null;
}

export interface CommandInfo {
  kind: CommandKind;
  /** Arguments after the executable (and after `python -m module`). */
  args: Token[];
  options: ParsedOption[];
  positionals: Token[];
}

// Options that take no value; every other option consumes the next argument unless written `--opt=value`.
// The deployment reader (deploy/programs.ts) reads server commands with the same table.
export const FLAGS: Record<Exclude<CommandKind, 'other' | 'runserver'>, string[]> = {
  gunicorn: [
    '-D',
    '--daemon',
    '-R',
    '--enable-stdio-inheritance',
    '--reload',
    '--spew',
    '--check-config',
    '--print-config',
    '--preload',
    '--no-sendfile',
    '--reuse-port',
    '--initgroups',
    '--capture-output',
    '--log-syslog',
    '--disable-redirect-access-to-syslog',
    '--do-handshake-on-connect',
    '--suppress-ragged-eofs',
    '--proxy-protocol',
    '--strip-header-spaces',
    '--no-control-socket',
    '-v',
    '--version',
    '-h',
    '--help',
  ],
  uvicorn: [
    '--reload',
    '--access-log',
    '--no-access-log',
    '--use-colors',
    '--no-use-colors',
    '--proxy-headers',
    '--no-proxy-headers',
    '--server-header',
    '--no-server-header',
    '--date-header',
    '--no-date-header',
    '--factory',
    '--version',
    '--help',
  ],
  daphne: ['--proxy-headers', '--no-server-name', '-h', '--help'],
  celery: [
    '-C',
    '--no-color',
    '-q',
    '--quiet',
    '--version',
    '--skip-checks',
    '--help',
    '-B',
    '--beat',
    '-E',
    '--task-events',
    '-D',
    '--detach',
    '--without-gossip',
    '--without-mingle',
    '--without-heartbeat',
    '-O',
  ],
};

const PYTHON = /^python(\d+(\.\d+)?)?$/;

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function analyzeCommand(command: string): CommandInfo {
  const { tokens } = posixSplit(command);
  let i = 0;
  // `env A=b gunicorn ...`: the assignments are not the program.
  if (tokens[i] && basename(tokens[i].value) === 'env') {
    i++;
    while (tokens[i] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[i].value)) i++;
  }
  let program = tokens[i] ? basename(tokens[i].value) : '';
  i++;
  if (PYTHON.test(program)) {
    while (tokens[i] && /^-[A-Za-z]*$/.test(tokens[i].value) && tokens[i].value !== '-m') i++;
    if (tokens[i]?.value === '-m' && tokens[i + 1]) {
      program = tokens[i + 1].value;
      i += 2;
    } else if (tokens[i] && basename(tokens[i].value) === 'manage.py') {
      program = 'manage.py';
      i++;
    }
  }
  const args = tokens.slice(i);
  if (program === 'manage.py') {
    return { kind: args[0]?.value === 'runserver' ? 'runserver' : 'other', args, options: [], positionals: [] };
  }
  if (!Object.hasOwn(FLAGS, program)) return { kind: 'other', args, options: [], positionals: [] };
  const kind = program as keyof typeof FLAGS;
  return { kind, args, ...parseArgs(command, args, new Set(FLAGS[kind])) };
}

function parseArgs(command: string, args: Token[], flags: Set<string>): { options: ParsedOption[]; positionals: Token[] } {
  const options: ParsedOption[] = [];
  const positionals: Token[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    const raw = command.slice(token.start, token.end);
    if (token.value === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!token.value.startsWith('-') || token.value === '-') {
      positionals.push(token);
      continue;
    }
    const eq = raw.indexOf('=');
    if (token.value.startsWith('--') && eq !== -1) {
      options.push({ name: raw.slice(0, eq), token, value: span(command, token.start + eq + 1, token.end) });
    } else if (flags.has(token.value)) {
      options.push({ name: token.value, token, value: null });
    } else if (!token.value.startsWith('--') && token.value.length > 2) {
      // `-w4`, `-Aproj`: a short option with its value attached.
      options.push({ name: token.value.slice(0, 2), token, value: span(command, token.start + 2, token.end) });
    } else {
      const next = args[i + 1];
      options.push({ name: token.value, token, value: next ? span(command, next.start, next.end) : null });
      if (next) i++;
    }
  }
  return { options, positionals };
}

function span(command: string, start: number, end: number): Span {
  return { text: unquote(command.slice(start, end)), start, end };
}

function unquote(text: string): string {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0] ? text.slice(1, -1) : text;
}

/** The option's value if any of `names` is given (the last one wins, as with argparse and click). */
export function optionValue(info: CommandInfo, ...names: string[]): ParsedOption | undefined {
  return [...info.options].reverse().find((option) => names.includes(option.name));
}

export function hasOption(info: CommandInfo, ...names: string[]): boolean {
  return info.options.some((option) => names.includes(option.name));
}

/** celery's subcommand: the first positional argument (worker, beat, multi, ...). */
export function celerySubcommand(info: CommandInfo): string | null {
  return info.kind === 'celery' ? (info.positionals[0]?.value ?? null) : null;
}
