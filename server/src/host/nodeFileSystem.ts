// The disk behind the service's FileSystem interface. Synchronous on purpose: settings analysis follows
// imports as it goes, and the files involved are small; errors become values, never exceptions.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { FileReadError, MAX_FILE_BYTES, type DirEntry, type EntryKind, type FileStat, type FileSystem, type FileText } from '../service/index';

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

function kindOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'other';
}

export function decodeBytes(bytes: Uint8Array): { text: string; invalidUtf8: boolean } {
  // A BOM is not part of the source: TextDecoder drops it, and so does this.
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, invalidUtf8: false };
  }
  return { text: lenientUtf8.decode(bytes), invalidUtf8: true };
}

// Non-blocking, so opening a FIFO never waits for a writer.
const READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

export class NodeFileSystem implements FileSystem {
  /**
   * Open, fstat, one read of the size fstat gave, close: four system calls, since a project holds hundreds of
   * templates and modules. What was opened is judged by fstat, not by an earlier stat the file could have changed
   * since; a size of 0 can be wrong (procfs says 0 for files that read gigabytes), so those are read with a cap.
   */
  readText(path: string): FileText | FileReadError {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path, READ_FLAGS);
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return new FileReadError(path, 'not-a-file');
      if (stat.size > MAX_FILE_BYTES) return new FileReadError(path, 'too-large', `${path} is ${stat.size} bytes`);
      const bytes = (stat.size > 0 ? readExpected(fd, stat.size) : undefined) ?? readAtMost(fd, MAX_FILE_BYTES);
      if (!bytes) return new FileReadError(path, 'too-large', `${path} is larger than ${MAX_FILE_BYTES} bytes`);
      const { text, invalidUtf8 } = decodeBytes(bytes);
      return fileText(text, invalidUtf8, stat.mtimeMs, stat.size, bytes.length);
    } catch (error) {
      return readError(path, error);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  readDir(path: string): DirEntry[] | undefined {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
    } catch {
      return undefined;
    }
  }

  stat(path: string): FileStat | undefined {
    try {
      const stat = fs.statSync(path, { throwIfNoEntry: false });
      if (!stat) return undefined;
      return { kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other', size: stat.size };
    } catch {
      return undefined;
    }
  }

  realPath(path: string): string | undefined {
    try {
      return fs.realpathSync.native(path);
    } catch {
      return undefined;
    }
  }
}

function fileText(text: string, invalidUtf8: boolean, mtimeMs: number, size: number, bytesRead: number): FileText {
  // A BOM is not part of the source.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, invalidUtf8, version: `${mtimeMs}:${size}:${bytesRead}` };
}

function readError(path: string, error: unknown): FileReadError {
  const code = (error as NodeJS.ErrnoException).code;
  return new FileReadError(path, code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', (error as Error).message);
}

/**
 * The content of an open regular file that fstat says holds `size` bytes, in one read: a regular file hands over
 * what it holds, so a short read is its end. Undefined when it holds more by now (it grew since the fstat).
 */
function readExpected(fd: number, size: number): Buffer | undefined {
  const buffer = Buffer.allocUnsafe(size + 1);
  let total = 0;
  for (;;) {
    const wanted = buffer.length - total;
    const read = fs.readSync(fd, buffer, total, wanted, total);
    total += read;
    if (read < wanted) return buffer.subarray(0, total);
    if (total === buffer.length) return undefined;
  }
}

/** The whole content of an open file, or undefined when it holds more than `limit` bytes. */
function readAtMost(fd: number, limit: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // What comes this way is mostly empty (__init__.py): the first chunk is small enough to come from Buffer's
    // pool rather than a fresh 64 KB allocation.
    const chunk = Buffer.allocUnsafe(Math.min(total === 0 ? 4 * 1024 - 1 : 64 * 1024, limit + 1 - total));
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > limit) return undefined;
  }
}
