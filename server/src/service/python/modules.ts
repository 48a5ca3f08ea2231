// Finds and reads the project's own Python modules, the way `import` would find them on sys.path,
// without leaving the project.
import * as path from 'node:path';
import { relativePath } from '../paths';
import { FileReadError, type FileSystem, isFile } from '../fileSystem';
import type { ParseCache, ParsedFile } from './parseCache';

export interface ModuleRef {
  /** Dotted name, e.g. `config.settings.base`. */
  name: string;
  file: string;
  isPackage: boolean;
}

export class ModuleResolver {
  constructor(
    private readonly fs: FileSystem,
    /** Folders that act as sys.path entries: the manage.py folder first. */
    readonly roots: readonly string[],
    private readonly parseCache: ParseCache,
  ) {}

  /** Resolutions made by this resolver (one analysis: files do not come and go meanwhile). */
  private readonly resolved = new Map<string, ModuleRef | undefined>();

  /** The file of a dotted module name, looking in each root as Python would. */
  resolve(name: string): ModuleRef | undefined {
    if (this.resolved.has(name)) return this.resolved.get(name);
    const ref = this.lookUp(name);
    this.resolved.set(name, ref);
    return ref;
  }

  private lookUp(name: string): ModuleRef | undefined {
    if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
    const parts = name.split('.');
    for (const root of this.roots) {
      const base = path.join(root, ...parts);
      if (isFile(this.fs, `${base}.py`)) return { name, file: `${base}.py`, isPackage: false };
      const init = path.join(base, '__init__.py');
      if (isFile(this.fs, init)) return { name, file: init, isPackage: true };
    }
    return undefined;
  }

  private readonly projectPackages = new Map<string, boolean>();

  /** Whether a top-level package of that name lives in the project (so a missing submodule is our problem). */
  isProjectPackage(topLevel: string): boolean {
    // Asked at every import the evaluation runs, inside helper functions called hundreds of times too.
    let found = this.projectPackages.get(topLevel);
    if (found === undefined) {
      found = this.roots.some((root) => isFile(this.fs, path.join(root, topLevel, '__init__.py')) || isFile(this.fs, path.join(root, `${topLevel}.py`)));
      this.projectPackages.set(topLevel, found);
    }
    return found;
  }

  /** Absolute name of a relative import (`from ..x import y` in module `a.b.c` gives `a.x`). */
  absoluteName(from: ModuleRef, level: number, relative: string): string | undefined {
    const packageParts = from.name.split('.');
    if (!from.isPackage) packageParts.pop();
    const keep = packageParts.length - (level - 1);
    if (keep < 0 || (keep === 0 && !relative)) return undefined;
    const base = packageParts.slice(0, keep);
    return [...base, ...(relative ? relative.split('.') : [])].join('.');
  }

  /** Module name of a file under one of the roots (the innermost root that holds it), or undefined if outside them. */
  moduleNameOf(file: string): ModuleRef | undefined {
    const roots = [...this.roots].sort((a, b) => b.length - a.length);
    for (const root of roots) {
      const relative = relativePath(root, file);
      if (!relative || relative.startsWith('..') || path.isAbsolute(relative) || !relative.endsWith('.py')) continue;
      const parts = relative.slice(0, -3).split(path.sep);
      const isPackage = parts[parts.length - 1] === '__init__';
      if (isPackage) parts.pop();
      if (parts.length && parts.every((part) => /^[A-Za-z_]\w*$/.test(part))) return { name: parts.join('.'), file, isPackage };
    }
    return undefined;
  }

  read(file: string): ParsedFile | FileReadError {
    const content = this.fs.readText(file);
    if (content instanceof FileReadError) return content;
    return this.parseCache.get(file, content.text, content.version, content.invalidUtf8);
  }
}
