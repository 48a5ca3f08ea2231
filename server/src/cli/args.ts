import { parseArgs } from 'node:util';
import type { Severity } from '../service/types';

type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
type FailLevel = Severity | 'never';

export interface CheckArgs {
  command: 'check';
  paths: string[];
  settings?: string;
  format: OutputFormat;
  failLevel: FailLevel;
  select: string[];
  ignore: string[];
  fix: boolean;
  color: boolean | undefined;
  /** Whether the syntax cache is read and written (host/syntaxStore.ts). */
  cache: boolean;
}

export interface GenerateArgs {
  command: 'supervisor-generate';
  paths: string[];
  settings?: string;
  out?: string;
}

export interface EnvArgs {
  command: 'env';
  paths: string[];
  settings?: string;
  format: 'text' | 'json';
}

type CliArgs = CheckArgs | GenerateArgs | EnvArgs | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage:
  django-ready check [PATH ...] [options]
  django-ready supervisor generate [PATH] [--settings MODULE] [--out DIR]
  django-ready env [PATH ...] [--settings MODULE] [--format text|json]

Checks whether the Django projects under PATH (default: the current folder) are ready for production,
without running their code.

Options for check:
  --settings MODULE        production settings module (dotted), instead of the one discovered
  --format FORMAT          text (default), json, sarif or github
  --fail-level LEVEL       exit 1 when a finding reaches LEVEL: error, warning (default), info, hint, never
  --select CODES           only these codes (comma-separated; prefixes like DR9, area ids, Django ids)
  --ignore CODES           skip these codes (same forms as --select)
  --fix                    apply every available fix, then report what is left
  --no-color / --color     force colours off or on in text output
  --no-cache               parse every Python file afresh: neither read nor write the syntax cache
  -h, --help               this help
  -v, --version            the version

env lists every environment variable the production settings read, whether production needs it, and
where the deployment (compose, Dockerfile, systemd, supervisor, env files, chart values) provides it.
Exit status of env: 1 when a required variable is missing from a deployment that keeps its whole environment
in the repository, else 0.

Exit status: 0 when no finding reaches --fail-level, 1 when one does, 2 on a usage error (including a
--select or --ignore that names no known code, prefix, area or Django id) or when no
Django project (manage.py) is found.`;

const FORMATS: OutputFormat[] = ['text', 'json', 'sarif', 'github'];
const LEVELS: FailLevel[] = ['error', 'warning', 'info', 'hint', 'never'];

function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

export function parseCliArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command === '-v' || command === '--version' || command === 'version') return { command: 'version' };
  if (command === 'supervisor') return parseGenerate(rest);
  if (command === 'env') return parseEnv(rest);
  if (command !== 'check') throw new UsageError(`unknown command "${command}"; expected "check", "env" or "supervisor generate"`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        settings: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'fail-level': { type: 'string', default: 'warning' },
        select: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        fix: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const format = values.format as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`);
  const failLevel = values['fail-level'] as FailLevel;
  if (!LEVELS.includes(failLevel)) throw new UsageError(`--fail-level must be one of ${LEVELS.join(', ')} (got "${values['fail-level']}")`);
  if (values.settings !== undefined && !/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/.test(values.settings)) {
    throw new UsageError(`--settings must be a dotted module name like config.settings.production (got "${values.settings}")`);
  }
  return {
    command: 'check',
    paths: positionals.length ? positionals : ['.'],
    settings: values.settings,
    format,
    failLevel,
    select: splitList(values.select),
    ignore: splitList(values.ignore),
    fix: values.fix ?? false,
    color: values['no-color'] ? false : values.color,
    cache: !values['no-cache'],
  };
}

function parseGenerate(argv: string[]): GenerateArgs {
  const [sub, ...rest] = argv;
  if (sub !== 'generate') throw new UsageError('expected "supervisor generate"');
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { settings: { type: 'string' }, out: { type: 'string' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    command: 'supervisor-generate',
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
    settings: parsed.values.settings,
    out: parsed.values.out,
  };
}

function parseEnv(argv: string[]): EnvArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { settings: { type: 'string' }, format: { type: 'string', default: 'text' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format for env must be text or json (got "${format}")`);
  return { command: 'env', paths: parsed.positionals.length ? parsed.positionals : ['.'], settings: parsed.values.settings, format };
}
