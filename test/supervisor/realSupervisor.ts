// Runs supervisor 4.2.5's own configuration parser (ServerOptions.realize) on files, the way supervisord
// reads them at start, without starting anything. Host-specific values (user=, log and pid paths) are
// rewritten so that the verdict depends on the configuration, not on this machine.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SYSTEM_PYTHON } from '../helpers/paths';

export { SYSTEM_PYTHON };

let available: boolean | undefined;

/** True when /usr/bin/python3 can import supervisor; prints a loud notice once when it cannot. */
export function supervisorAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import supervisor.options'], { encoding: 'utf8' });
    available = probe.status === 0;
    if (!available) {
      console.error(
        `\n!!!!! SKIPPING REAL-SUPERVISOR TESTS: ${SYSTEM_PYTHON} cannot import supervisor (${probe.error?.message ?? probe.stderr.trim()}). Install Debian's "supervisor" package. !!!!!\n`,
      );
    }
  }
  return available;
}

/** Why the real-supervisor tests are skipped here; never on CI (CI=true), where a missing supervisor must fail them. */
export function skipReason(): string | false {
  return supervisorAvailable() || process.env.CI === 'true' ? false : `${SYSTEM_PYTHON} cannot import supervisor`;
}

export interface RealProcess {
  command: string;
  environment: Record<string, string>;
  autostart: boolean;
  autorestart: string;
  stopwaitsecs: number;
  stdout_logfile: string | null;
  stderr_logfile: string | null;
}

export interface RealVerdict {
  ok: boolean;
  /** supervisord's "Error: ..." text when it refuses the configuration. */
  error: string;
  warnings: string[];
  /** The processes supervisord would start, by process name. */
  processes: Record<string, RealProcess>;
  /** The [supervisord] loglevel it ended up with (10 = debug, 20 = info). */
  loglevel: number | null;
}

// One interpreter for many configurations: usage() writes to the stream bound when the class was defined,
// so each ServerOptions gets its own stderr to read the refusal from.
const REALIZE_MANY = `
import io, json, sys
from supervisor.options import ServerOptions
def name(v):
    return v if v is None or isinstance(v, str) else getattr(v, "__name__", str(v))
out = []
for path in json.load(sys.stdin):
    o = ServerOptions()
    o.stderr = io.StringIO()
    try:
        o.realize(["-c", path])
    except SystemExit:
        lines = [l for l in o.stderr.getvalue().splitlines() if not l.startswith("For help")]
        out.append({"ok": False, "error": "\\n".join(lines)})
        continue
    procs = [p for g in o.process_group_configs for p in g.process_configs]
    out.append({"ok": True, "error": "", "warnings": o.parse_warnings, "loglevel": o.loglevel, "processes": {p.name: {
        "command": p.command, "environment": p.environment or {}, "autostart": p.autostart,
        "autorestart": name(p.autorestart), "stopwaitsecs": p.stopwaitsecs,
        "stdout_logfile": name(p.stdout_logfile), "stderr_logfile": name(p.stderr_logfile),
    } for p in procs}})
print(json.dumps(out))
`;

const ME = os.userInfo().username;

/** Rewrites what depends on this host: accounts and (unless `keepPaths`) the directories of log, pid and socket files. */
export function relaxForHost(text: string, dir: string, keepPaths = false): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((line) => {
      const m = /^(user|logfile|pidfile|childlogdir|stdout_logfile|stderr_logfile|file|directory)(\s*[=:]\s*)(\S+)(.*)$/i.exec(line);
      if (!m) return line;
      const [, key, sep, value, rest] = m;
      const lower = key.toLowerCase();
      if (lower === 'user') return `${key}${sep}${ME}${rest}`;
      if (keepPaths || !value.startsWith('/') || value.startsWith('/dev/')) return line;
      // Directories must exist at parse time ([supervisord] directory, childlogdir); a program's is not checked.
      if (lower === 'childlogdir' || lower === 'directory') return `${key}${sep}${dir}${rest}`;
      return `${key}${sep}${dir}/${path.basename(value)}${rest}`;
    })
    .join('');
}

export interface LoadOptions {
  /** Environment for the parser process; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Keep absolute paths of programs as written (they must exist on this host). */
  keepPaths?: boolean;
  /** Treat every file as a conf.d fragment, included from a generated main file. */
  fragmentsOnly?: boolean;
}

export type ConfigFiles = { name: string; text: string }[];

/** Writes one configuration into `dir` and returns its main file. */
function writeConfig(files: ConfigFiles, dir: string, options: LoadOptions): string {
  const isMain = (f: { name: string; text: string }) =>
    path.basename(f.name) === 'supervisord.conf' || (/^\s*\[supervisord\]/m.test(f.text) && !/^\s*\[(program|fcgi-program|eventlistener):/m.test(f.text));
  const main = options.fragmentsOnly ? undefined : files.find(isMain);
  fs.mkdirSync(path.join(dir, 'conf.d'), { recursive: true });
  for (const file of files.filter((f) => f !== main)) {
    fs.writeFileSync(path.join(dir, 'conf.d', path.basename(file.name)), relaxForHost(file.text, dir, options.keepPaths));
  }
  const mainPath = path.join(dir, 'supervisord.conf');
  const mainText = main
    ? relaxForHost(main.text, dir).replace(/^(files\s*[=:]\s*).*$/m, `$1${dir}/conf.d/*.conf`)
    : `[supervisord]\nlogfile=${dir}/supervisord.log\npidfile=${dir}/supervisord.pid\nchildlogdir=${dir}\n\n[include]\nfiles=${dir}/conf.d/*.conf\n`;
  fs.writeFileSync(mainPath, mainText);
  return mainPath;
}

/**
 * Loads configurations with the real parser, all in one interpreter. In each, a file named supervisord.conf,
 * or one with a [supervisord] section and no programs, is the main configuration; any other file is placed
 * in conf.d/ and included from it (or from a generated main file).
 */
export function loadManyWithSupervisor(configs: ConfigFiles[], options: LoadOptions = {}): RealVerdict[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-supervisor-'));
  try {
    const mains = configs.map((files, i) => writeConfig(files, path.join(dir, String(i)), options));
    const run = spawnSync(SYSTEM_PYTHON, ['-c', REALIZE_MANY], {
      input: JSON.stringify(mains),
      encoding: 'utf8',
      env: options.env ?? process.env,
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`the supervisor parser crashed: ${run.error?.message ?? run.stderr}`);
    const results = JSON.parse(run.stdout) as (Partial<RealVerdict> & { ok: boolean; error: string })[];
    return results.map((r, i) => ({
      ok: r.ok,
      error: r.error
        .replace(/^Error: /, '')
        .split(path.join(dir, String(i)))
        .join('<tmp>'),
      warnings: r.warnings ?? [],
      processes: r.processes ?? {},
      loglevel: r.loglevel ?? null,
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function loadWithSupervisor(files: ConfigFiles, options: LoadOptions = {}): RealVerdict {
  return loadManyWithSupervisor([files], options)[0];
}
