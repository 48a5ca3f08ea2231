// Runs real Django (the referees): Debian's Django 3.2 under /usr/bin/python3, and the Django 4.2, 5.2 and 6.1 that
// scripts/django-referees.sh unpacks into .tools/django-X.Y/ (6.x under the unpacked python3.13). Every helper takes
// the series, so any suite can run under any of them. Processes run a few at a time, each bounded by a timeout, with
// a clean environment.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
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
  const python =
    series === '3.2' ? SYSTEM_PYTHON : path.join(process.env.DJANGO_REFEREES_DIR ?? path.join(REPO_ROOT, '.tools'), `django-${series}`, 'bin', 'python');
  if (series !== '3.2' && !fs.existsSync(python))
    throw new Error(`Django ${series} is not unpacked (${python} is missing): run bash scripts/django-referees.sh`);
  const probe = spawnSync(python, ['-c', 'import django; print(django.get_version())'], { env: cleanEnvironment(), encoding: 'utf8', timeout: 60_000 });
  const version = probe.stdout?.trim() ?? '';
  if (probe.status !== 0 || !version.startsWith(`${series}.`)) {
    throw new Error(
      `${python} does not run Django ${series} (got "${version}"): ${probe.error?.message ?? probe.stderr}. Run bash scripts/django-referees.sh${series === '3.2' ? ' and scripts/system-deps.sh' : ''}.`,
    );
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
    execFile(
      python,
      args,
      { cwd: options.cwd, env: cleanEnvironment(options.env), timeout: options.timeoutMs ?? TIMEOUT_MS, encoding: 'utf8', maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const timedOut = !!(error && 'killed' in error && error.killed);
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr, timedOut });
      },
    );
  });
}

/** The same, synchronously, for suites that run one process per test. */
export function runPythonSync(series: DjangoSeries, args: string[], options: PythonOptions): PythonRun {
  const { python } = referee(series);
  const result = spawnSync(python, args, {
    cwd: options.cwd,
    env: cleanEnvironment(options.env),
    timeout: options.timeoutMs ?? TIMEOUT_MS,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut: result.signal === 'SIGTERM' };
}

export interface DjangoCheckResult {
  ids: string[];
  output: string;
  /** False when Django stopped before it could report (a traceback instead of "System check identified ..."). */
  ran: boolean;
  /** When Django did not run: the exception it stopped with, e.g. "ImproperlyConfigured: The ALLOWED_HOSTS ...". */
  failure?: string;
  /**
   * When Django did not run: what `django.setup()` (what a WSGI server does first) says. `check` can hide the cause:
   * manage.py keeps an ImproperlyConfigured from the settings for later, and the check that then fails first depends
   * on the order of a set of functions (AppRegistryNotReady, or the settings error itself).
   */
  setupFailure?: string;
}

const EXCEPTION_LINE = /^(?:[\w.]+\.)?(\w*(?:Error|Exception|ImproperlyConfigured|DoesNotExist)): (.*)$/gm;

/** `python manage.py check --deploy` under the series, with DJANGO_SETTINGS_MODULE and `env`. */
export async function runDeployCheck(
  root: string,
  settingsModule: string,
  env: Record<string, string> = {},
  series: DjangoSeries = '3.2',
): Promise<DjangoCheckResult> {
  const run = await runPython(series, ['manage.py', 'check', '--deploy'], { cwd: root, env: { DJANGO_SETTINGS_MODULE: settingsModule, ...env } });
  return checkResult(run);
}

function checkResult(run: PythonRun): DjangoCheckResult {
  const output = `${run.stdout}${run.stderr}`;
  const ids = [...new Set([...output.matchAll(REPORTED_ID)].map((match) => match[1]))].sort();
  const ran = /System check identified (no issues|some issues)/.test(output) && !run.timedOut;
  const exceptions = ran ? [] : [...output.matchAll(EXCEPTION_LINE)];
  const last = exceptions[exceptions.length - 1];
  return { ids, output, ran, failure: last ? `${last[1]}: ${last[2]}` : run.timedOut ? 'timed out' : undefined };
}

// A fork server: one interpreter per slot imports Django's management and check modules once (nothing that reads
// settings), then runs each request in a fork of itself: the child changes to the project, takes the request's
// environment and sys.path, and runs the project's own manage.py with runpy, as `python manage.py ...` would. Every
// child starts from the same clean interpreter, so projects never see each other; only the interpreter start and
// Django's imports are shared, which are most of a check's cost.
const FORK_SERVER = `
import importlib, io, json, os, runpy, signal, sys, tempfile, traceback
# Modules every check run imports and that read no setting at import time (each was tried alone).
for name in ("django.core.management", "django.core.checks", "django.db.models", "django.forms", "django.template",
             "django.urls", "django.contrib.admin", "django.contrib.auth", "django.contrib.messages",
             "django.contrib.admin.checks", "django.contrib.staticfiles.checks", "django.middleware.csrf", "django.views.csrf"):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
from django.conf import settings
assert not settings.configured, "a pre-import configured settings"
base_path = sys.path[1:]
reply = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    with tempfile.TemporaryFile() as captured:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.dup2(captured.fileno(), 1)
                os.dup2(captured.fileno(), 2)
                sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)
                sys.stderr = sys.stdout
                os.chdir(request["cwd"])
                os.environ.clear()
                os.environ.update(request["env"])
                sys.path[:] = [request["cwd"]] + base_path
                sys.argv = request["argv"]
                signal.alarm(request["timeout"])
                try:
                    if "code" in request:
                        exec(compile(request["code"], "<probe>", "exec"), {"__name__": "__main__"})
                    else:
                        runpy.run_path(request["argv"][0], run_name="__main__")
                    code = 0
                except SystemExit as exit:
                    if exit.code is None or isinstance(exit.code, int):
                        code = exit.code or 0
                    else:
                        print(exit.code)
                except BaseException:
                    traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                finally:
                    os._exit(code)
        _, status = os.waitpid(pid, 0)
        captured.seek(0)
        output = captured.read().decode("utf-8", "replace")
    reply.write(json.dumps({"id": request["id"], "status": os.waitstatus_to_exitcode(status), "output": output}) + "\\n")
    reply.flush()
`;

interface Pending {
  resolve(run: PythonRun): void;
  reject(error: Error): void;
}

/** A few fork servers for one series; `check` runs `manage.py check --deploy` in one of them. */
export class DeployCheckPool {
  private readonly servers: { process: ChildProcess; busy: boolean; pending: Map<number, Pending> }[] = [];
  private readonly queue: (() => void)[] = [];
  private nextId = 0;

  constructor(
    readonly series: DjangoSeries,
    size: number,
  ) {
    const { python } = referee(series);
    for (let i = 0; i < size; i++) {
      const child = spawn(python, ['-c', FORK_SERVER], { env: cleanEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
      const server = { process: child, busy: false, pending: new Map<number, Pending>() };
      let errors = '';
      child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const answer = JSON.parse(line) as { id: number; status: number; output: string };
        const waiting = server.pending.get(answer.id);
        server.pending.delete(answer.id);
        waiting?.resolve({ status: answer.status, stdout: answer.output, stderr: '', timedOut: answer.status === -14 });
      });
      child.on('exit', (code) => {
        for (const waiting of server.pending.values()) waiting.reject(new Error(`the Django ${series} fork server exited (${code}): ${errors}`));
        server.pending.clear();
      });
      this.servers.push(server);
    }
  }

  async check(root: string, settingsModule: string, env: Record<string, string> = {}): Promise<DjangoCheckResult> {
    const environment = { DJANGO_SETTINGS_MODULE: settingsModule, ...env };
    const result = checkResult(await this.run(root, ['manage.py', 'check', '--deploy'], environment));
    if (result.ran) return result;
    const setup = checkResult(await this.run(root, ['-c'], environment, 'import django\ndjango.setup()\n'));
    return { ...result, setupFailure: setup.failure };
  }

  run(cwd: string, argv: string[], env: Record<string, string>, code?: string): Promise<PythonRun> {
    return new Promise((resolve, reject) => {
      const start = (): void => {
        const server = this.servers.find((candidate) => !candidate.busy)!;
        server.busy = true;
        const id = this.nextId++;
        const done = (): void => {
          server.busy = false;
          this.queue.shift()?.();
        };
        server.pending.set(id, {
          resolve: (run) => {
            done();
            resolve(run);
          },
          reject: (error) => {
            done();
            reject(error);
          },
        });
        const request = { id, cwd, argv, env: cleanEnvironment(env), timeout: TIMEOUT_MS / 1000, ...(code === undefined ? {} : { code }) };
        server.process.stdin!.write(`${JSON.stringify(request)}\n`);
      };
      if (this.servers.some((server) => !server.busy)) start();
      else this.queue.push(start);
    });
  }

  close(): void {
    for (const server of this.servers) server.process.stdin!.end();
  }
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
