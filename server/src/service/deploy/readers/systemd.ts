// systemd service units: what `ExecStart=` runs, `Restart=` (absent means the process is not restarted),
// `Environment=`, `EnvironmentFile=`, `User=`, `WorkingDirectory=`. Read the way systemd reads unit files:
// sections, repeated keys (an empty value resets a list), backslash continuations, `#`/`;` comments.
import { posixSplit } from '../../supervisor/shlex';
import type { Location } from '../../types';
import { FileText } from '../text';

interface UnitEntry {
  section: string;
  key: string;
  value: string;
  location: Location;
}

interface ServiceUnit {
  file: string;
  entries: UnitEntry[];
  execStart?: { argv: string[]; location: Location };
  restart?: { value: string; location: Location };
  environment: { name: string; value: string; location: Location }[];
  environmentFiles: { path: string; optional: boolean; location: Location }[];
  user?: string;
  workingDirectory?: string;
  /** The [Service] header, where a missing key would be added. */
  serviceSection?: { line: number; location: Location };
  problem?: { message: string; location: Location };
}

export const RESTARTING_VALUES = new Set(['always', 'on-failure', 'on-abnormal', 'on-abort', 'on-watchdog']);

export function readUnit(file: string, source: string): ServiceUnit {
  const text = new FileText(file, source);
  const entries: UnitEntry[] = [];
  let section = '';
  let serviceSection: ServiceUnit['serviceSection'];
  let problem: ServiceUnit['problem'];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let line = lines[i].replace(/\r$/, '');
    if (/^\s*[#;]/.test(line) || !line.trim()) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i].replace(/\r$/, '');
      if (/^\s*[#;]/.test(next)) continue;
      line = `${line.slice(0, -1)} ${next}`;
    }
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1];
      if (section === 'Service') serviceSection = { line: first, location: text.line(first) };
      continue;
    }
    const match = /^\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) {
      problem ??= { message: `Line ${first + 1} is neither a [section] nor Key=value.`, location: text.line(first) };
      continue;
    }
    entries.push({ section, key: match[1], value: match[2], location: { file, range: { start: text.line(first).range.start, end: text.line(i).range.end } } });
  }
  const service = entries.filter((entry) => entry.section === 'Service');
  const last = (key: string): UnitEntry | undefined => service.filter((entry) => entry.key === key).pop();
  const list = (key: string): UnitEntry[] => {
    const all = service.filter((entry) => entry.key === key);
    const reset = all.map((entry) => entry.value === '').lastIndexOf(true);
    return all.slice(reset + 1);
  };
  const exec = list('ExecStart').pop();
  const restart = last('Restart');
  const environment = list('Environment').flatMap((entry) =>
    posixSplit(entry.value).tokens.flatMap((token) => {
      const eq = token.value.indexOf('=');
      return eq > 0 ? [{ name: token.value.slice(0, eq), value: token.value.slice(eq + 1), location: entry.location }] : [];
    }),
  );
  const environmentFiles = list('EnvironmentFile').map((entry) => ({
    path: entry.value.replace(/^-/, ''),
    optional: entry.value.startsWith('-'),
    location: entry.location,
  }));
  if (!serviceSection && !problem) problem = { message: 'No [Service] section: this unit starts no process.', location: text.at(0) };
  return {
    file,
    entries,
    // Prefixes such as `-`, `@`, `+`, `!` change how systemd runs the command, not what it runs.
    execStart: exec ? { argv: posixSplit(exec.value.replace(/^[-@:+!]+/, '')).tokens.map((token) => token.value), location: exec.location } : undefined,
    restart: restart ? { value: restart.value, location: restart.location } : undefined,
    environment,
    environmentFiles,
    user: last('User')?.value,
    workingDirectory: last('WorkingDirectory')?.value,
    serviceSection,
    problem: problem ?? (serviceSection && !exec ? { message: 'The [Service] section has no ExecStart=.', location: serviceSection.location } : undefined),
  };
}
