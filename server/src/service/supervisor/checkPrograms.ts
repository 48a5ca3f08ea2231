// Program-level rules that need several keys together: numprocs and process_name (DR722, DR737),
// stopasgroup and killasgroup (DR723), event listeners (DR726), stderr settings (DR742), shared log files (DR739).
import * as path from 'node:path';
import { CODES } from './codes';
import type { Placed } from './config';
import { processCount, programs, related, type CheckContext, type ProgramView } from './context';
import { replaceValue, setKeyFix, singleFileFix, deleteEntry } from './edits';
import { parseBoolean, parseByteSize } from './valueTypes';

export function checkPrograms(ctx: CheckContext): void {
  const views = programs(ctx.config);
  for (const program of views) {
    checkNumprocs(program);
    checkGroupSignals(program);
    checkStderr(program);
  }
  checkSharedLogs(ctx, views);

  function checkNumprocs(program: ProgramView): void {
    const numprocs = program.get('numprocs');
    const count = processCount(program);
    if (!numprocs || count === null) return;
    if (count === 0) {
      ctx.report(
        CODES.zeroProcesses,
        numprocs.file,
        numprocs.entry.valueRange,
        `numprocs=0 makes [${program.section.name}] an empty group: supervisord accepts it and never starts the program. Set numprocs=1, or remove the section.`,
        {
          fix: singleFileFix('Set numprocs=1', numprocs.file, [replaceValue(numprocs.entry, '1')]),
        },
      );
    }
    const processName = program.get('process_name');
    if (count > 1 && !(processName?.entry.value ?? '').includes('%(process_num)')) {
      const value = processName ? `${processName.entry.value}_%(process_num)02d` : '%(program_name)s_%(process_num)02d';
      ctx.report(
        CODES.processNumMissing,
        numprocs.file,
        numprocs.entry.valueRange,
        `supervisord refuses to start: %(process_num) must be present within process_name when numprocs > 1. Add process_name=${value}.`,
        { fix: setKeyFix(`Set process_name=${value}`, numprocs, processName, 'process_name', value) },
      );
    }
  }

  function checkGroupSignals(program: ProgramView): void {
    const stopasgroup = program.get('stopasgroup');
    const killasgroup = program.get('killasgroup');
    if (stopasgroup && killasgroup && parseBoolean(stopasgroup.entry.value) === true && parseBoolean(killasgroup.entry.value) === false) {
      ctx.report(
        CODES.stopWithoutKill,
        killasgroup.file,
        killasgroup.entry.valueRange,
        'supervisord refuses to start: Cannot set stopasgroup=true and killasgroup=false. Set killasgroup=true, so the SIGKILL after stopwaitsecs reaches the same processes as the stop signal.',
        { fix: singleFileFix('Set killasgroup=true', killasgroup.file, [replaceValue(killasgroup.entry, 'true')]) },
      );
    }
  }

  function checkStderr(program: ProgramView): void {
    const redirect = program.get('redirect_stderr');
    if (!redirect || parseBoolean(redirect.entry.value) !== true) return;
    if (program.section.info?.kind === 'eventlistener') {
      ctx.report(
        CODES.listenerRedirectsStderr,
        redirect.file,
        redirect.entry.valueRange,
        `supervisord refuses to start: [${program.section.name}] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol. Set redirect_stderr=false.`,
        { fix: singleFileFix('Set redirect_stderr=false', redirect.file, [replaceValue(redirect.entry, 'false')]) },
      );
      return;
    }
    const stderrLog = program.get('stderr_logfile');
    if (!stderrLog || ['auto', 'none', 'off'].includes(stderrLog.entry.value.toLowerCase())) return;
    ctx.report(
      CODES.ignoredStderrLog,
      stderrLog.file,
      stderrLog.entry.keyRange,
      `redirect_stderr=true sends stderr into the stdout log, so supervisord ignores stderr_logfile=${stderrLog.entry.value}. Remove this line.`,
      { fix: singleFileFix('Remove stderr_logfile', stderrLog.file, [deleteEntry(stderrLog.file.doc, stderrLog.entry)]) },
    );
  }
}

interface LogWriter {
  program: ProgramView;
  stream: 'stdout' | 'stderr';
  placed: Placed;
  file: string;
  rotates: boolean;
}

function checkSharedLogs(ctx: CheckContext, views: ProgramView[]): void {
  const byFile = new Map<string, LogWriter[]>();
  for (const writer of views.flatMap(logWriters)) byFile.set(writer.file, [...(byFile.get(writer.file) ?? []), writer]);
  for (const writers of byFile.values()) {
    const [first] = writers;
    if (!writers.some((w) => w.rotates)) continue;
    const processes = writers.length === 1 ? writersOfOneFile(first.program) : writers.length;
    if (processes < 2) continue;
    const others = writers.length === 1 ? writers : writers.slice(1);
    for (const writer of others) {
      const who =
        writers.length === 1
          ? `the ${processes} processes of [${writer.program.section.name}] all write`
          : writer.program === first.program
            ? `stdout and stderr of [${writer.program.section.name}] both write`
            : `[${writer.program.section.name}] writes the same file as [${first.program.section.name}]:`;
      const advice =
        writers.length === 1
          ? 'Put %(process_num)02d in the log file name.'
          : writer.program === first.program
            ? 'Set redirect_stderr=true and remove stderr_logfile.'
            : 'Give each program its own log file.';
      ctx.report(
        CODES.sharedLogFile,
        writer.placed.file,
        writer.placed.entry.valueRange,
        `${who} ${writer.file} with rotation on (${writer.stream}_logfile_maxbytes), and supervisor's docs warn that two writers rotating one file corrupt it. ${advice}`,
        writer === first ? {} : { related: [related(first.placed, first.placed.entry.valueRange, 'the other writer')] },
      );
    }
  }
}

/** The processes of a numprocs group share the log file unless its name holds %(process_num). */
function writersOfOneFile(program: ProgramView): number {
  const count = processCount(program);
  const name = program.get('stdout_logfile')?.entry.value ?? '';
  return count !== null && !name.includes('%(process_num)') ? count : 1;
}

function logWriters(program: ProgramView): LogWriter[] {
  const redirect = parseBoolean(program.get('redirect_stderr')?.entry.value ?? 'false') === true;
  const streams: ('stdout' | 'stderr')[] = redirect ? ['stdout'] : ['stdout', 'stderr'];
  const writers: LogWriter[] = [];
  for (const stream of streams) {
    const placed = program.get(`${stream}_logfile`);
    if (!placed) continue;
    const value = placed.entry.value;
    if (['auto', 'none', 'off', 'syslog'].includes(value.toLowerCase()) || value.startsWith('/dev/')) continue;
    const maxbytes = parseByteSize(program.get(`${stream}_logfile_maxbytes`)?.entry.value ?? '50MB');
    const file = value
      .replace(/%\(program_name\)s/g, program.name)
      .replace(/%\(here\)s/g, path.dirname(placed.file.path))
      .replace(/%%/g, '%');
    writers.push({ program, stream, placed, file, rotates: maxbytes !== 0 });
  }
  return writers;
}
