// Guards every fix before it touches the workspace: stay inside the project. (Creating a file that already
// exists is skipped by whoever applies the change, never overwritten: LSP `ignoreIfExists`, the CLI's writer.)
import * as path from 'node:path';
import { exists, type FileSystem } from '../project/fileSystem';
import type { FileChange, Fix } from '../types';

function isInside(file: string, root: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Why a change must not be applied, or undefined when it is safe. */
export function unsafeChangeReason(fs: FileSystem, change: FileChange, root: string): string | undefined {
  if (!path.isAbsolute(change.file)) return `${change.file} is not an absolute path`;
  if (path.normalize(change.file) !== change.file) return `${change.file} is not a normalised path`;
  if (!isInside(change.file, root)) return `${change.file} is outside the project folder ${root}`;
  // A symlinked folder inside the project could still point outside it.
  const realRoot = fs.realPath(root) ?? root;
  let dir = path.dirname(change.file);
  while (!exists(fs, dir) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  const realDir = fs.realPath(dir) ?? dir;
  if (realDir !== realRoot && !isInside(realDir, realRoot)) return `${change.file} resolves outside the project folder`;
  if (change.kind === 'edit' && !exists(fs, change.file)) return `${change.file} does not exist`;
  return undefined;
}

export function unsafeFixReason(fs: FileSystem, fix: Fix, root: string): string | undefined {
  for (const change of fix.changes) {
    const reason = unsafeChangeReason(fs, change, root);
    if (reason) return reason;
  }
  return undefined;
}
