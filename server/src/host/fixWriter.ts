// Writes a fix to disk so that every byte lands inside the project, whatever links the project holds and
// however they change while the fix is written. An edited file is opened by its real path, only when that is
// inside, without following a link there; a new file is created exclusively (never overwriting, never through a
// dangling link) in a folder whose real path is inside, checked again after each folder it makes. Where the
// system can say which file a descriptor opened (Linux), that is checked too, closing the window between the
// check and the open.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileChange, Fix } from '../service/types';
import { decodeBytes } from './nodeFileSystem';
import { MAX_FILE_BYTES, applyTextEdits, isInside, mergeChanges } from '../service/index';

/** A write refused or failed; the message says which file and why, for the user. */
export class FixWriteError extends Error {}

const { O_RDWR, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

/** Writes every change of `fix`, all of whose files must resolve inside `root`. Checks them all first. */
export function writeFix(fix: Fix, root: string): void {
  const realRoot = realPathOf(root);
  if (!realRoot) throw new FixWriteError(`${root} does not exist`);
  // Every edit's range refers to the text before the fix, so all edits of one file are applied together.
  const changes = mergeChanges(fix.changes);
  for (const change of changes) precheck(change, realRoot);
  for (const change of changes) {
    if (change.kind === 'create') createFile(change.file, change.content, realRoot);
    else editFile(change.file, realRoot, (text) => applyTextEdits(text, change.edits));
  }
}

function realPathOf(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}

function lstatOf(file: string): fs.Stats | undefined {
  return fs.lstatSync(file, { throwIfNoEntry: false });
}

function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'it does not exist';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ELOOP':
      return 'it is a symbolic link';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    default:
      return (error as Error).message;
  }
}

/** Which file the descriptor has open, where the system can say (Linux); undefined elsewhere. */
function openedPath(fd: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

function assertOpenedInside(fd: number, file: string, realRoot: string): void {
  const opened = openedPath(fd);
  if (opened !== undefined && !isInside(opened, realRoot)) throw new FixWriteError(`${file} resolves outside the project folder; it was not written`);
}

function precheck(change: FileChange, realRoot: string): void {
  if (change.kind === 'edit') {
    const real = realPathOf(change.file);
    if (!real) throw new FixWriteError(`${change.file} does not exist; it was not edited`);
    if (!isInside(real, realRoot)) throw new FixWriteError(`${change.file} resolves outside the project folder; it was not edited`);
    return;
  }
  // A link, even a dangling one, is something that exists: a new file is never written through it.
  if (lstatOf(change.file)) throw new FixWriteError(`${change.file} already exists; it was not overwritten`);
  const existing = deepestExisting(path.dirname(change.file));
  const real = realPathOf(existing);
  if (!real || !isInside(real, realRoot)) throw new FixWriteError(`${change.file} would be created outside the project folder; it was not written`);
}

function deepestExisting(dir: string): string {
  let current = dir;
  while (!lstatOf(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** Makes the missing folders of `dir` one at a time, each checked to be inside after it is made. */
function makeFolders(dir: string, realRoot: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!lstatOf(current) && path.dirname(current) !== current) {
    missing.unshift(current);
    current = path.dirname(current);
  }
  assertFolderInside(current, realRoot);
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new FixWriteError(`cannot create the folder ${folder}: ${describeErrno(error)}`);
    }
    assertFolderInside(folder, realRoot);
  }
}

function assertFolderInside(folder: string, realRoot: string): void {
  const real = realPathOf(folder);
  if (!real || !isInside(real, realRoot)) throw new FixWriteError(`${folder} resolves outside the project folder; nothing was written there`);
  if (!fs.statSync(real).isDirectory()) throw new FixWriteError(`${folder} is not a folder; nothing was written there`);
}

function createFile(file: string, content: string, realRoot: string): void {
  makeFolders(path.dirname(file), realRoot);
  let fd: number;
  try {
    fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FixWriteError(`${file} already exists; it was not overwritten`);
    throw new FixWriteError(`cannot create ${file}: ${describeErrno(error)}`);
  }
  try {
    const opened = openedPath(fd);
    if (opened !== undefined && !isInside(opened, realRoot)) {
      // The folder was swapped for a link after it was checked: take back the empty file just made there.
      fs.unlinkSync(opened);
      throw new FixWriteError(`${file} resolves outside the project folder; it was not written`);
    }
    writeAll(fd, Buffer.from(content, 'utf8'), file);
  } finally {
    fs.closeSync(fd);
  }
}

function editFile(file: string, realRoot: string, edit: (text: string) => string): void {
  const real = realPathOf(file);
  if (!real || !isInside(real, realRoot)) throw new FixWriteError(`${file} resolves outside the project folder; it was not edited`);
  let fd: number;
  try {
    // The real path has no link left in it; if one appeared since, O_NOFOLLOW refuses the last part.
    fd = fs.openSync(real, O_RDWR | O_NOFOLLOW);
  } catch (error) {
    throw new FixWriteError(`cannot open ${file} for writing: ${describeErrno(error)}`);
  }
  try {
    assertOpenedInside(fd, file, realRoot);
    if (!fs.fstatSync(fd).isFile()) throw new FixWriteError(`${file} is not a regular file; it was not edited`);
    const bytes = readCapped(fd, file);
    // The engine's positions leave out a byte order mark (the decoder drops it); the file keeps it.
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
    const { text, invalidUtf8 } = decodeBytes(bytes);
    if (invalidUtf8) throw new FixWriteError(`${file} is not valid UTF-8; it was not edited`);
    const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const after = Buffer.from(bom + edit(source), 'utf8');
    writeAll(fd, after, file);
    fs.ftruncateSync(fd, after.length);
  } finally {
    fs.closeSync(fd);
  }
}

function readCapped(fd: number, file: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const read = fs.readSync(fd, chunk, 0, chunk.length, total);
    if (read === 0) break;
    total += read;
    if (total > MAX_FILE_BYTES) throw new FixWriteError(`${file} is larger than ${MAX_FILE_BYTES} bytes; it was not edited`);
    chunks.push(chunk.subarray(0, read));
  }
  return Buffer.concat(chunks);
}

function writeAll(fd: number, bytes: Buffer, file: string): void {
  try {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
  } catch (error) {
    throw new FixWriteError(`cannot write ${file}: ${describeErrno(error)}`);
  }
}
