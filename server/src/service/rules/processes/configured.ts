// Which of the expected processes the project's supervisor files already run: a [program:x] or
// [fcgi-program:x] whose command starts gunicorn/uvicorn/daphne (web), `celery ... worker`, or `celery ... beat`
// (a worker started with -B runs beat too).
import { analyzeCommand, celerySubcommand, hasOption, parseIni } from '../../supervisor';
import type { ProcessKind } from './expected';

export interface SupervisorText {
  path: string;
  text: string;
}

const PROGRAM_SECTION = /^(program|fcgi-program):/;
// Wrappers such as `sh -c "exec gunicorn ..."` hide the program from the command reader; the words still show it.
const WRAPPED: Record<ProcessKind, RegExp> = {
  web: /\b(gunicorn|uvicorn|daphne)\b/,
  worker: /\bcelery\b[\s\S]*\bworker\b/,
  beat: /\bcelery\b[\s\S]*(\bbeat\b|\s(-B|--beat)\b)/,
};

function processesOfCommand(command: string): Set<ProcessKind> {
  const kinds = new Set<ProcessKind>();
  const info = analyzeCommand(command);
  if (info.kind === 'gunicorn' || info.kind === 'uvicorn' || info.kind === 'daphne') kinds.add('web');
  else if (info.kind === 'celery') {
    const subcommand = celerySubcommand(info);
    if (subcommand === 'worker') kinds.add('worker');
    if (subcommand === 'beat' || (subcommand === 'worker' && hasOption(info, '-B', '--beat'))) kinds.add('beat');
  } else if (info.kind === 'other') {
    for (const kind of Object.keys(WRAPPED) as ProcessKind[]) if (WRAPPED[kind].test(command)) kinds.add(kind);
  }
  return kinds;
}

/** Each process kind that some program runs, with the file that runs it. */
export function configuredProcesses(files: SupervisorText[]): Map<ProcessKind, string> {
  const configured = new Map<ProcessKind, string>();
  for (const file of files) {
    for (const section of parseIni(file.text).sections) {
      if (!PROGRAM_SECTION.test(section.name)) continue;
      const command = section.entries.filter((entry) => entry.key === 'command').pop();
      if (!command) continue;
      for (const kind of processesOfCommand(command.value)) if (!configured.has(kind)) configured.set(kind, file.path);
    }
  }
  return configured;
}
