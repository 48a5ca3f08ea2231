// The only way the language service touches files. The CLI backs it with the disk; the server adds an
// overlay of open editor buffers on top, so unsaved text is what gets analysed.

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  kind: EntryKind;
}

export interface FileStat {
  kind: EntryKind;
  size: number;
}

/** Raw file content: text when it decoded as UTF-8, with `invalidUtf8` set when bytes had to be replaced. */
export interface FileText {
  text: string;
  invalidUtf8: boolean;
  /** Identity of this content (document version or mtime+size), so parse caches can tell when it changed. */
  version: string;
}

export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'missing' | 'unreadable' | 'too-large' | 'not-a-file' | 'outside',
    detail?: string,
  ) {
    super(detail ?? `${reason}: ${path}`);
  }
}

const READ_ERROR_TEXT: Record<FileReadError['reason'], string> = {
  missing: 'it does not exist',
  unreadable: 'it cannot be read',
  'too-large': 'file too large to analyse',
  'not-a-file': 'not a regular file',
  outside: 'it lies outside the project folder',
};

/** Why a file could not be read, in words for a message (never the file's content). */
export function readErrorText(error: FileReadError): string {
  return READ_ERROR_TEXT[error.reason];
}

export interface FileSystem {
  /** Text of a file, or a FileReadError. Never throws for ordinary I/O problems. */
  readText(path: string): FileText | FileReadError;
  /** Entries of a directory, or undefined if it cannot be listed. Symlinks are reported as `symlink`. */
  readDir(path: string): DirEntry[] | undefined;
  /** Follows symlinks; undefined if the path does not exist or cannot be reached. */
  stat(path: string): FileStat | undefined;
  /** Canonical path with symlinks resolved, or undefined. Used to avoid walking symlink loops twice. */
  realPath(path: string): string | undefined;
}

/** Largest file the service will read; anything bigger is reported rather than parsed. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function exists(fs: FileSystem, path: string): boolean {
  return fs.stat(path) !== undefined;
}

export function isFile(fs: FileSystem, path: string): boolean {
  return fs.stat(path)?.kind === 'file';
}

export function isDirectory(fs: FileSystem, path: string): boolean {
  return fs.stat(path)?.kind === 'directory';
}

export function readTextOrUndefined(fs: FileSystem, path: string): string | undefined {
  const result = fs.readText(path);
  return result instanceof FileReadError ? undefined : result.text;
}
