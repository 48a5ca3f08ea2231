// Rules about the programs supervisor runs for Django: servers that daemonize (DR740), gunicorn stopped before
// its graceful timeout (DR741), more than one celery beat (DR738), and runserver in production (DR745).
import { CODES } from './codes';
import type { Placed } from './config';
import { processCount, programs, related, type CheckContext, type ProgramView } from './context';
import { analyzeCommand, celerySubcommand, hasOption, optionValue, type CommandInfo } from './command';
import { removeWord, replaceValue, setKeyFix, singleFileFix } from './edits';
import { rangeInValue } from './ini';
import { parsePyInt } from './valueTypes';

const GUNICORN_GRACEFUL_DEFAULT = 30;
const SUPERVISOR_STOPWAITSECS_DEFAULT = 10;

export interface AnalyzedProgram {
  program: ProgramView;
  command: Placed;
  info: CommandInfo;
}

export function analyzedPrograms(ctx: CheckContext): AnalyzedProgram[] {
  return programs(ctx.config).flatMap((program) => {
    const command = program.get('command');
    return command ? [{ program, command, info: analyzeCommand(command.entry.value) }] : [];
  });
}

export function checkServers(ctx: CheckContext): void {
  const analyzed = analyzedPrograms(ctx);
  for (const item of analyzed) {
    checkDaemonize(ctx, item);
    checkStopWait(ctx, item);
    checkRunserver(ctx, item);
  }
  checkBeats(ctx, analyzed);
}

function checkDaemonize(ctx: CheckContext, { command, info }: AnalyzedProgram): void {
  const names = info.kind === 'gunicorn' ? ['-D', '--daemon'] : info.kind === 'celery' ? ['--detach', '-D'] : [];
  for (const option of info.options.filter((o) => names.includes(o.name) && o.value === null)) {
    const { entry, file } = command;
    ctx.report(
      CODES.daemonizes,
      file,
      rangeInValue(entry, option.token.start, option.token.end),
      `${option.name} makes ${info.kind} fork into the background and exit, so supervisord sees the program exit, restarts it in a loop and can no longer stop it. supervisor must run the process in the foreground: remove ${option.name}.`,
      { fix: singleFileFix(`Remove ${option.name}`, file, [removeWord(file.doc, entry, option.token.start, option.token.end)]) },
    );
  }
}

function checkStopWait(ctx: CheckContext, { program, command, info }: AnalyzedProgram): void {
  if (info.kind !== 'gunicorn') return;
  const explicit = optionValue(info, '--graceful-timeout');
  // A gunicorn config file may set graceful_timeout; without the flag we cannot know it.
  if (!explicit && hasOption(info, '-c', '--config')) return;
  const graceful = explicit ? parsePyInt(explicit.value?.text ?? '') : GUNICORN_GRACEFUL_DEFAULT;
  const stopwait = program.get('stopwaitsecs');
  const wait = stopwait ? parsePyInt(stopwait.entry.value) : SUPERVISOR_STOPWAITSECS_DEFAULT;
  if (graceful === null || wait === null || wait > graceful) return;
  const wanted = String(graceful + 5);
  const source = explicit ? `--graceful-timeout ${graceful}` : `its default graceful timeout of ${GUNICORN_GRACEFUL_DEFAULT}s`;
  ctx.report(
    CODES.shortStopWait,
    stopwait ? stopwait.file : program.anchor.file,
    stopwait ? stopwait.entry.valueRange : program.anchor.range,
    `supervisord sends SIGKILL ${wait}s after asking gunicorn to stop (stopwaitsecs${stopwait ? '' : ' defaults to 10'}), but gunicorn lets requests finish for up to ${graceful}s (${source}), so in-flight requests are cut off on every deploy. Set stopwaitsecs=${wanted}.`,
    { fix: setKeyFix(`Set stopwaitsecs=${wanted}`, command, stopwait, 'stopwaitsecs', wanted) },
  );
}

function checkRunserver(ctx: CheckContext, { command, info }: AnalyzedProgram): void {
  if (info.kind !== 'runserver') return;
  ctx.report(
    CODES.runserver,
    command.file,
    command.entry.valueRange,
    "manage.py runserver is Django's development server: it is not built for production traffic or security. Run gunicorn (WSGI) or gunicorn with uvicorn workers (ASGI) instead.",
  );
}

function isBeat(info: CommandInfo): boolean {
  const sub = celerySubcommand(info);
  return sub === 'beat' || (sub === 'worker' && hasOption(info, '-B', '--beat'));
}

function checkBeats(ctx: CheckContext, analyzed: AnalyzedProgram[]): void {
  const beats = analyzed.filter((a) => isBeat(a.info));
  const first = beats[0];
  for (const beat of beats) {
    const numprocs = beat.program.get('numprocs');
    const count = processCount(beat.program) ?? 1;
    if (numprocs && count > 1) {
      ctx.report(
        CODES.duplicateBeat,
        numprocs.file,
        numprocs.entry.valueRange,
        `numprocs=${count} runs ${count} celery beat schedulers, and every one of them sends each periodic task, so tasks run ${count} times. Set numprocs=1.`,
        { fix: singleFileFix('Set numprocs=1', numprocs.file, [replaceValue(numprocs.entry, '1')]) },
      );
    } else if (beat !== first) {
      ctx.report(
        CODES.duplicateBeat,
        beat.command.file,
        beat.command.entry.valueRange,
        `[${first.program.section.name}] already runs celery beat, so periodic tasks are sent twice. Keep one beat: a single [program:...] running "celery beat", with no -B on workers.`,
        { related: [related(first.command, first.command.entry.valueRange, 'the other beat')] },
      );
    }
  }
}
