// `django-ready`: the command-line face of the language service, for CI and pre-commit.
import { parseCliArgs, USAGE, UsageError } from './cli/args';
import { runCheck } from './cli/check';
import { runEnv } from './cli/env';
import { runGenerate } from './cli/generate';
import { isTerminal, writeAll } from './host/stdio';
import { toolVersion } from './version';

function main(argv: string[]): number {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      writeAll(2, `django-ready: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const io = {
    cwd: process.cwd(),
    stdout: (t: string) => writeAll(1, t),
    stderr: (t: string) => writeAll(2, t),
    get isTTY() {
      return isTerminal(1);
    },
  };
  switch (args.command) {
    case 'help':
      io.stdout(`${USAGE}\n`);
      return 0;
    case 'version':
      io.stdout(`django-ready ${toolVersion()}\n`);
      return 0;
    case 'check':
      return runCheck(args, io);
    case 'supervisor-generate':
      return runGenerate(args, io);
    case 'env':
      return runEnv(args, io);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // A bug must still end with a clear line and the usage-error status, never a bare stack trace.
  writeAll(2, `django-ready: internal error: ${(error as Error).message}\nPlease report this with the command you ran.\n`);
  if (process.env.DJANGO_READY_DEBUG) writeAll(2, `${(error as Error).stack}\n`);
  process.exitCode = 2;
}
// Everything the CLI does is synchronous and its output is written by now: exit. Left to itself, Node waits at exit
// for V8's background compiler to finish optimizing functions that will never run again, 10 to 30 ms after the
// report is written.
process.exit();
