// A FileSystem that reads only inside the folders being analysed, by real path. A settings module linked to
// /proc/self/pagemap, a template name that climbs out with `..`, a templates folder linked to the system's
// Django: each points somewhere outside, and outside is neither read nor listed. It still exists (stat says
// `other`), so no fix offers to create a file there; its content is never read, so no message can quote it.
import * as path from 'node:path';
import { type DirEntry, FileReadError, type FileStat, type FileSystem, type FileText } from '../fileSystem';
import { resolved as resolvedPath } from '../paths';

const OUTSIDE: FileStat = { kind: 'other', size: 0 };

export class ConfinedFileSystem implements FileSystem {
  private readonly roots: string[];
  private readonly realRoots: string[];
  // What this wrapper learnt in its life (one analysis or one discovery), so each path costs one system call.
  private readonly realPaths = new Map<string, string | undefined>();
  private readonly listings = new Map<string, { entries: DirEntry[]; kinds: Map<string, DirEntry['kind']> } | undefined>();
  private readonly foldersInside = new Map<string, boolean>();

  constructor(
    private readonly inner: FileSystem,
    roots: readonly string[],
  ) {
    this.roots = roots.map((root) => path.resolve(root));
    this.realRoots = this.roots.map((root) => inner.realPath(root) ?? root);
  }

  readText(file: string): FileText | FileReadError {
    if (this.isInside(file)) return this.inner.readText(file);
    return this.inner.stat(file) ? new FileReadError(file, 'outside', `${file} lies outside the project folder`) : new FileReadError(file, 'missing');
  }

  readDir(dir: string): DirEntry[] | undefined {
    return this.isInside(dir) ? this.listing(resolvedPath(dir))?.entries : undefined;
  }

  stat(file: string): FileStat | undefined {
    const stat = this.inner.stat(file);
    return stat && !this.isInside(file) ? OUTSIDE : stat;
  }

  realPath(file: string): string | undefined {
    if (!this.realPaths.has(file)) this.realPaths.set(file, this.inner.realPath(file));
    return this.realPaths.get(file);
  }

  /**
   * Whether the file (or, when it does not exist yet, where it would be) is really inside a root. Only a link
   * can lead out of a folder that is inside, so the real path is asked for links alone; the folder listing
   * says which entries are links.
   */
  isInside(file: string): boolean {
    const resolved = resolvedPath(file);
    if (this.isRoot(resolved)) return true;
    const dir = path.dirname(resolved);
    if (dir === resolved || !this.folderInside(dir)) return false;
    if (this.kindIn(dir, path.basename(resolved)) !== 'symlink') return true;
    const real = this.realPath(resolved);
    return real !== undefined && this.withinRoots(real);
  }

  private folderInside(dir: string): boolean {
    let inside = this.foldersInside.get(dir);
    if (inside === undefined) {
      const real = this.realPath(dir);
      // A folder that does not exist is inside when the folder that would hold it is, and it is no dangling link.
      inside = real !== undefined ? this.withinRoots(real) : this.isInside(dir) && this.kindIn(path.dirname(dir), path.basename(dir)) !== 'symlink';
      this.foldersInside.set(dir, inside);
    }
    return inside;
  }

  private kindIn(dir: string, name: string): DirEntry['kind'] | undefined {
    return this.listing(dir)?.kinds.get(name);
  }

  private listing(dir: string): { entries: DirEntry[]; kinds: Map<string, DirEntry['kind']> } | undefined {
    if (!this.listings.has(dir)) {
      const entries = this.inner.readDir(dir);
      this.listings.set(dir, entries && { entries, kinds: new Map(entries.map((entry) => [entry.name, entry.kind])) });
    }
    return this.listings.get(dir);
  }

  private isRoot(file: string): boolean {
    return this.roots.includes(file) || this.realRoots.includes(file);
  }

  private withinRoots(real: string): boolean {
    return this.realRoots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  }
}
