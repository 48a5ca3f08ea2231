// For editors that do not watch files for the server (no didChangeWatchedFiles registration, e.g. Neovim): a file
// a fix created reaches the disk when the user saves the new buffer, and nothing would tell the server. Its folder
// (or the nearest one that exists) is watched until the file is written (or for a while), then the project is
// checked again.
import * as fs from 'node:fs';
import * as path from 'node:path';

const WATCH_LIMIT_MS = 10 * 60_000;

export class CreatedFilesWatch {
  private readonly watchers = new Set<() => void>();

  constructor(private readonly written: (file: string) => void) {}

  watch(files: readonly string[]): void {
    for (const file of files) this.watchOne(file);
  }

  private watchOne(file: string): void {
    // The editor may have saved it before its answer to workspace/applyEdit reached the server.
    if (isWritten(file)) {
      setImmediate(() => this.written(file));
      return;
    }
    const folder = nearestExisting(path.dirname(file));
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(folder, { persistent: false });
    } catch {
      return;
    }
    const stop = (): void => {
      clearTimeout(timer);
      watcher.close();
      this.watchers.delete(stop);
    };
    const timer = setTimeout(stop, WATCH_LIMIT_MS);
    timer.unref();
    const check = (): void => {
      // Written, or a folder on its way was created: then watch from there.
      if (!isWritten(file) && nearestExisting(path.dirname(file)) === folder) return;
      stop();
      this.watchOne(file);
    };
    watcher.on('error', stop);
    watcher.on('change', check);
    this.watchers.add(stop);
    // It may have been written between the first look and the watch starting.
    check();
  }

  dispose(): void {
    for (const stop of [...this.watchers]) stop();
  }
}

function isWritten(file: string): boolean {
  try {
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}

function nearestExisting(folder: string): string {
  while (!fs.existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}
