// A FileSystem that reads only inside the folders being analysed, by real path. A settings module linked to
// /proc/self/pagemap, a template name that climbs out with `..`, a templates folder linked to the system's
// Django: each points somewhere outside, and outside is neither read nor listed. It still exists (stat says
// `other`), so no fix offers to create a file there; its content is never read, so no message can quote it.
import * as path from 'node:path';
import { type DirEntry, FileReadError, type FileStat, type FileSystem, type FileText } from './fileSystem';

const OUTSIDE: FileStat = { kind: 'other', size: 0 };

export class ConfinedFileSystem implements FileSystem {
  private readonly realRoots: string[];
  /** Real paths asked for in this wrapper's life (one analysis or discovery), so each costs one system call. */
  private readonly realPaths = new Map<string, string | undefined>();

  constructor(
    private readonly inner: FileSystem,
    roots: readonly string[],
  ) {
    this.realRoots = roots.map((root) => inner.realPath(root) ?? path.resolve(root));
  }

  readText(file: string): FileText | FileReadError {
    if (this.isInside(file)) return this.inner.readText(file);
    return this.inner.stat(file) ? new FileReadError(file, 'outside', `${file} lies outside the project folder`) : new FileReadError(file, 'missing');
  }

  readDir(dir: string): DirEntry[] | undefined {
    return this.isInside(dir) ? this.inner.readDir(dir) : undefined;
  }

  stat(file: string): FileStat | undefined {
    const stat = this.inner.stat(file);
    return stat && !this.isInside(file) ? OUTSIDE : stat;
  }

  realPath(file: string): string | undefined {
    if (!this.realPaths.has(file)) this.realPaths.set(file, this.inner.realPath(file));
    return this.realPaths.get(file);
  }

  /** Whether the file (or, when it does not exist yet, the folder that would hold it) is really inside a root. */
  isInside(file: string): boolean {
    let current = path.resolve(file);
    let rest = '';
    let real = this.realPath(current);
    while (real === undefined && path.dirname(current) !== current) {
      rest = path.join(path.basename(current), rest);
      current = path.dirname(current);
      real = this.realPath(current);
    }
    if (real === undefined) return false;
    const resolved = rest ? path.join(real, rest) : real;
    return this.realRoots.some((root) => resolved === root || resolved.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  }
}
