// Runs real Django (the referees): Debian's Django 3.2 under /usr/bin/python3, and the Django 4.2, 5.2 and 6.1 that
// scripts/django-referees.sh unpacks into .tools/django-X.Y/ (6.x under the unpacked python3.13). Every helper takes
// the series, so any suite can run under any of them. Processes run a few at a time, each bounded by a timeout, with
// a clean environment.
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, SYSTEM_PYTHON } from '../helpers/paths';

export const DJANGO_SERIES = ['3.2', '4.2', '5.2', '6.1'] as const;
export type DjangoSeries = (typeof DJANGO_SERIES)[number];

/** True when `series` is `first` or later. */
export function atLeast(series: DjangoSeries, first: DjangoSeries): boolean {
  return DJANGO_SERIES.indexOf(series) >= DJANGO_SERIES.indexOf(first);
}

/** The ids both sides are compared on: every deploy and security-related family Django Ready mirrors. */
export const COMPARED_ID = /^((security|caches|mail|async)\.[EW]\d{3}|4_0\.E001)$/;
const REPORTED_ID = /\(((?:security|caches|mail|async)\.[EW]\d{3}|4_0\.E001)\)/g;

export interface Referee {
  series: DjangoSeries;
  /** The interpreter that imports this series' Django first. */
  python: string;
  /** Django's own version string, e.g. "4.2.28". */
  version: string;
}

const referees = new Map<DjangoSeries, Referee>();

/** The referee for a series; throws with what to run when it is not unpacked. */
export function referee(series: DjangoSeries): Referee {
  const known = referees.get(series);
  if (known) return known;
  const python = series === '3.2' ? SYSTEM_PYTHON : path.join(process.env.DJANGO_REFEREES_DIR ?? path.join(REPO_ROOT, '.tools'), `django-${series}`, 'bin', 'python');
  if (series !== '3.2' && !fs.existsSync(python)) throw new Error(`Django ${series} is not unpacked (${python} is missing): run bash scripts/django-referees.sh`);
  const probe = spawnSync(python, ['-c', 'import django; print(django.get_version())'], { env: cleanEnvironment(), encoding: 'utf8', timeout: 60_000 });
  const version = probe.stdout?.trim() ?? '';
  if (probe.status !== 0 || !version.startsWith(`${series}.`)) {
    throw new Error(`${python} does not run Django ${series} (got "${version}"): ${probe.error?.message ?? probe.stderr}. Run bash scripts/django-referees.sh${series === '3.2' ? ' and scripts/system-deps.sh' : ''}.`);
  }
  const found: Referee = { series, python, version };
  referees.set(series, found);
  return found;
}

function cleanEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface PythonOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

const TIMEOUT_MS = 60_000;

/** Runs the series' Python with `args` in a clean environment plus `env`. */
export function runPython(series: DjangoSeries, args: string[], options: PythonOptions): Promise<PythonRun> {
  const { python } = referee(series);
  return new Promise((resolve) => {
    execFile(python, args, { cwd: options.cwd, env: cleanEnvironment(options.env), timeout: options.timeoutMs ?? TIMEOUT_MS, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const timedOut = !!(error && 'killed' in error && error.killed);
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr, timedOut });
    });
  });
}

/** The same, synchronously, for suites that run one process per test. */
export function runPythonSync(series: DjangoSeries, args: string[], options: PythonOptions): PythonRun {
  const { python } = referee(series);
  const result = spawnSync(python, args, { cwd: options.cwd, env: cleanEnvironment(options.env), timeout: options.timeoutMs ?? TIMEOUT_MS, encoding: 'utf8', maxBuffer: 16 << 20 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut: result.signal === 'SIGTERM' };
}

export interface DjangoCheckResult {
  ids: string[];
  output: string;
  /** False when Django stopped before it could report (a traceback instead of "System check identified ..."). */
  ran: boolean;
  /** When Django did not run: the exception it stopped with, e.g. "ImproperlyConfigured: The ALLOWED_HOSTS ...". */
  failure?: string;
}

const EXCEPTION_LINE = /^(?:[\w.]+\.)?(\w+(?:Error|Exception|ImproperlyConfigured|DoesNotExist)): (.*)$/gm;

/** `python manage.py check --deploy` under the series, with DJANGO_SETTINGS_MODULE and `env`. */
export async function runDeployCheck(root: string, settingsModule: string, env: Record<string, string> = {}, series: DjangoSeries = '3.2'): Promise<DjangoCheckResult> {
  const run = await runPython(series, ['manage.py', 'check', '--deploy'], { cwd: root, env: { DJANGO_SETTINGS_MODULE: settingsModule, ...env } });
  const output = `${run.stdout}${run.stderr}`;
  const ids = [...new Set([...output.matchAll(REPORTED_ID)].map((match) => match[1]))].sort();
  const ran = /System check identified (no issues|some issues)/.test(output) && !run.timedOut;
  const exceptions = ran ? [] : [...output.matchAll(EXCEPTION_LINE)];
  const last = exceptions[exceptions.length - 1];
  return { ids, output, ran, failure: last ? `${last[1]}: ${last[2]}` : run.timedOut ? 'timed out' : undefined };
}

/** `python -m django startproject NAME DIR` with the series' own project template. */
export function startProject(series: DjangoSeries, name: string, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const run = runPythonSync(series, ['-m', 'django', 'startproject', name, dir], { cwd: dir });
  if (run.status !== 0) throw new Error(`startproject under Django ${series} failed: ${run.stderr}`);
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
