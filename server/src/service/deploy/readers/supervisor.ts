// supervisor programs as deployment: each [program:x] / [fcgi-program:x] runs its `command`, restarted unless
// `autorestart=false` (the default, `unexpected`, restarts a process that exits with an unexpected code, which
// is what a crash is). Jinja templates (`supervisord.conf.j2`) are read with their tags masked.
import { parseIni } from '../../supervisor';
import { splitEnvironment } from '../../supervisor/environment';
import { posixSplit } from '../../supervisor/shlex';
import type { Location } from '../../types';
import type { EnvAssignment } from '../model';
import { maskJinja } from '../text';

interface SupervisorProgram {
  name: string;
  argv: string[];
  location: Location;
  autorestart: { value: string; location: Location } | undefined;
  autostart: boolean;
  env: EnvAssignment[];
  user?: string;
  directory?: string;
}

const PROGRAM = /^(program|fcgi-program):(.+)$/;

export function readSupervisorPrograms(file: string, source: string): SupervisorProgram[] {
  const masked = file.endsWith('.j2') || file.endsWith('.jinja') ? maskJinja(source) : source;
  const short = file.slice(file.lastIndexOf('/') + 1);
  const programs: SupervisorProgram[] = [];
  const doc = parseIni(masked);
  // Like configparser, a section named twice is one section whose later keys win.
  const merged = new Map<string, (typeof doc.sections)[number][]>();
  for (const section of doc.sections) merged.set(section.name, [...(merged.get(section.name) ?? []), section]);
  for (const [name, sections] of merged) {
    const match = PROGRAM.exec(name);
    if (!match) continue;
    const entries = sections.flatMap((section) => section.entries);
    const last = (key: string) => entries.filter((entry) => entry.key === key).pop();
    const command = last('command');
    if (!command) continue;
    const rangeOf = (entry: { range: Location['range'] }): Location => ({ file, range: entry.range });
    const environment = last('environment');
    const env: EnvAssignment[] = environment
      ? splitEnvironment(environment.value).map((pair) => ({
          name: pair.key,
          value: pair.text,
          location: rangeOf(environment),
          source: `${short} [${name}] environment`,
        }))
      : [];
    const autorestart = last('autorestart');
    const autostart = last('autostart');
    programs.push({
      name: match[2],
      // %(program_name)s and friends stay as written; only the words matter here.
      argv: posixSplit(command.value.replace(/%%/g, '%')).tokens.map((token) => token.value),
      location: { file, range: sections[0].headerRange },
      autorestart: autorestart ? { value: autorestart.value.trim().toLowerCase(), location: rangeOf(autorestart) } : undefined,
      autostart: !autostart || !/^(false|no|off|0)$/i.test(autostart.value.trim()),
      env,
      user: last('user')?.value.trim(),
      directory: last('directory')?.value.trim(),
    });
  }
  return programs;
}
