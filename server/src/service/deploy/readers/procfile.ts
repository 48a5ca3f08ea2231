// Procfile (Heroku and the platforms that copied it: Dokku, Scalingo, Clever Cloud, cabotage, ...): one
// `type: command` per line. The platform runs each type and restarts it when it exits.
import type { Location } from '../../types';
import { FileText } from '../text';

interface ProcfileEntry {
  type: string;
  command: string;
  location: Location;
  /** Offset of the command in the file. */
  commandStart: number;
}

/** Process types that run once per release rather than for as long as the app runs. */
export const ONE_OFF_TYPES = /^(release|postdeploy|predeploy|prerelease|migrate|setup)([-_].*)?$/i;

export function readProcfile(file: string, source: string): { entries: ProcfileEntry[]; problem?: { message: string; location: Location } } {
  const text = new FileText(file, source);
  const entries: ProcfileEntry[] = [];
  let problem: { message: string; location: Location } | undefined;
  let offset = 0;
  source.split('\n').forEach((line, index) => {
    const start = offset;
    offset += line.length + 1;
    if (!line.trim() || /^\s*#/.test(line)) return;
    const match = /^([A-Za-z0-9_-]+)\s*:\s*(.*?)\s*$/.exec(line.replace(/\r$/, ''));
    if (!match?.[2]) {
      problem ??= { message: `Line ${index + 1} is not "type: command".`, location: text.line(index) };
      return;
    }
    entries.push({ type: match[1], command: match[2], location: text.line(index), commandStart: start + line.indexOf(match[2], match[1].length) });
  });
  return { entries, problem };
}
