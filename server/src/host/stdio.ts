// The CLI's output, written straight to its file descriptors. Everything the CLI does is synchronous, so a
// synchronous write is all it needs; `process.stdout` would build a stream (net, tty and pipe machinery, 1.5 to
// 3 ms of every run) only to write one report.
import * as fs from 'node:fs';

/** A descriptor whose reader went away (`django-ready check | head`): the rest of the output has nowhere to go. */
const closed = new Set<number>();

/** Writes all of `text` to `fd`, waiting while a non-blocking pipe is full; stops quietly once the reader is gone. */
export function writeAll(fd: number, text: string): void {
  if (closed.has(fd) || text === '') return;
  let bytes = Buffer.from(text, 'utf8');
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(fs.writeSync(fd, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A pipe the parent made non-blocking, and full: give its reader a moment.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      if (code === 'EPIPE') {
        closed.add(fd);
        return;
      }
      throw error;
    }
  }
}

/** Loads node:tty (and net, and the streams it brings: about 1.7 ms) only when asked, which JSON and SARIF output never are. */
export function isTerminal(fd: number): boolean {
  const tty = require('node:tty') as typeof import('node:tty');
  return tty.isatty(fd);
}
