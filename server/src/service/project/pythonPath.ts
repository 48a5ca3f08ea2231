// Where a project's modules are imported from: the manage.py folder, folders manage.py puts on sys.path
// (`sys.path.append("./src")`), and `src/` layouts (a src/ folder of packages beside manage.py, or beside a
// packaging file above it, installed with `pip install -e .`).
import * as path from 'node:path';
import { evaluateSettingsModule } from '../python/evaluator';
import { ModuleResolver } from '../python/modules';
import type { ParseCache } from '../python/parseCache';
import { type FileSystem, isDirectory, isFile } from '../fileSystem';
import { isInside } from '../paths';

const PACKAGING_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg'];

export function pythonRoots(fs: FileSystem, parseCache: ParseCache, managePy: string, scanRoot: string): string[] {
  const root = path.dirname(managePy);
  const roots = [root];
  const add = (dir: string): void => {
    if (!roots.includes(dir) && isDirectory(fs, dir) && isInside(dir, scanRoot)) roots.push(dir);
  };
  for (const entry of sysPathOf(fs, parseCache, managePy)) add(path.resolve(root, entry));
  for (let dir = root; isInside(dir, scanRoot); dir = path.dirname(dir)) {
    const src = path.join(dir, 'src');
    if ((dir === root || PACKAGING_FILES.some((name) => isFile(fs, path.join(dir, name)))) && hasPackages(fs, src)) add(src);
    if (dir === path.dirname(dir)) break;
  }
  return roots;
}

/** Folders manage.py adds to sys.path, as the code computes them (run as `__main__`, without running Django). */
function sysPathOf(fs: FileSystem, parseCache: ParseCache, managePy: string): string[] {
  const text = fs.readText(managePy);
  if (!('text' in text) || !text.text.includes('sys.path')) return [];
  const resolver = new ModuleResolver(fs, [path.dirname(managePy)], parseCache);
  try {
    const result = evaluateSettingsModule(
      resolver,
      { name: '__main__', file: managePy, isPackage: false },
      {
        isDevelopmentModule: () => false,
        libraryVersion: () => undefined,
        django: { major: 4, minor: 2 },
      },
    );
    return result.sysPath;
  } catch {
    return [];
  }
}

function hasPackages(fs: FileSystem, dir: string): boolean {
  return (fs.readDir(dir) ?? []).some((entry) => entry.kind === 'directory' && isFile(fs, path.join(dir, entry.name, '__init__.py')));
}
