// Guards every fix before it touches the workspace: stay inside the project, by real paths, and never create a
// file that exists (the writer checks again when it writes: LSP `ignoreIfExists`, the CLI's fixWriter).
import * as path from 'node:path';
import { isInside } from '../paths';
import { exists, type FileSystem } from '../fileSystem';
import type { FileChange, Fix } from '../types';

/** Below `root`, not `root` itself: a change always names a file in the project. */
function isBelow(file: string, root: string): boolean {
  const [resolvedFile, resolvedRoot] = [path.resolve(file), path.resolve(root)];
  return resolvedFile !== resolvedRoot && isInside(resolvedFile, resolvedRoot);
}

/** Why a change must not be applied, or undefined when it is safe. */
export function unsafeChangeReason(fs: FileSystem, change: FileChange, root: string): string | undefined {
  if (!path.isAbsolute(change.file)) return `${change.file} is not an absolute path`;
  if (path.normalize(change.file) !== change.file) return `${change.file} is not a normalised path`;
  if (!isBelow(change.file, root)) return `${change.file} is outside the project folder ${root}`;
  // A symlinked file or folder inside the project could still point outside it: judge real paths.
  const realRoot = fs.realPath(root) ?? root;
  if (change.kind === 'edit') {
    const real = fs.realPath(change.file);
    if (!real || !exists(fs, change.file)) return `${change.file} does not exist`;
    if (!isInside(real, realRoot)) return `${change.file} resolves outside the project folder`;
    return undefined;
  }
  // A file that appeared since the fix was planned is never overwritten, and a dangling link is never written through.
  if (exists(fs, change.file) || isLinkEntry(fs, change.file)) return `${change.file} already exists`;
  let dir = path.dirname(change.file);
  while (!exists(fs, dir) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  const realDir = fs.realPath(dir) ?? dir;
  if (!isInside(realDir, realRoot)) return `${change.file} resolves outside the project folder`;
  return undefined;
}

/** Whether the folder listing shows the file as a symlink (a dangling one is invisible to stat). */
function isLinkEntry(fs: FileSystem, file: string): boolean {
  const name = path.basename(file);
  return !!fs.readDir(path.dirname(file))?.some((entry) => entry.name === name && entry.kind === 'symlink');
}

export function unsafeFixReason(fs: FileSystem, fix: Fix, root: string): string | undefined {
  for (const change of fix.changes) {
    const reason = unsafeChangeReason(fs, change, root);
    if (reason) return reason;
  }
  return undefined;
}
