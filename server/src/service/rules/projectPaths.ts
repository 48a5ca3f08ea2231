// Folder facts the layout areas share: where a settings value points on disk, whether one folder holds
// another, and how to write a path in a settings file the way that file already builds its paths.
import * as path from 'node:path';
import { call, flat, type PyExpr } from '../fixes/pythonLayout';
import { pythonString } from '../python/strings';
import type { Value } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import type { Location } from '../types';

import { isInside, relativePath } from '../paths';

export { isInside };

/** A project-relative path with `/` separators, for messages. */
export function shortPath(root: string, file: string): string {
  return relativePath(root, file).split(path.sep).join('/') || '.';
}

/** The absolute folder a settings value names (`BASE_DIR / "x"`, `os.path.join(...)`, a string), if known. */
export function pathOfValue(value: Value, root: string): string | undefined {
  let text: string | undefined;
  if (value.kind === 'path' || value.kind === 'str') text = value.value;
  else if (value.kind === 'object' && value.type === 'environ.Path' && typeof value.data === 'string') text = value.data;
  if (text === undefined || text === '') return undefined;
  // Django resolves a relative folder against the working directory, which is manage.py's folder in practice.
  return path.resolve(root, text);
}

/** Where a value was written, when that is a module production loads; else `fallback`. */
export function writtenAt(view: SettingsView, value: Value, fallback: Location): Location {
  const loc = value.loc;
  return loc && view.evaluation.modules.some((module) => module.ref.file === loc.file) ? loc : fallback;
}

interface PathSource {
  /** A call where the path is computed, so a fix can wrap it as Black would. */
  source: PyExpr;
  imports: string[];
}

const BASE_NAMES = ['BASE_DIR', 'ROOT_DIR', 'PROJECT_ROOT', 'PROJECT_DIR'];
const MAX_PARENTS = 3;

/**
 * Python source for the folder `target`, to insert into `file`: `BASE_DIR / "templates"` where the file builds
 * paths with pathlib, `os.path.join(BASE_DIR, "templates")` where BASE_DIR is a string, and a path computed
 * from `__file__` when no base folder variable is visible in that file.
 */
export function pathSource(view: SettingsView, file: string, target: string): PathSource {
  const module = view.evaluation.modules.find((m) => m.ref.file === file);
  for (const name of BASE_NAMES) {
    const binding = module?.namespace.get(name);
    if (!binding) continue;
    const value = binding.value;
    const base = value.kind === 'path' || value.kind === 'str' ? value.value : undefined;
    if (!base || !path.isAbsolute(base) || target === base) continue;
    // A folder beside BASE_DIR's parents: `BASE_DIR.parent / "templates"`, up to a few levels.
    let from: PyExpr = name;
    let dir = base;
    for (let up = 0; up < MAX_PARENTS && !isInside(target, dir); up++) {
      dir = path.dirname(dir);
      from = value.kind === 'path' ? `${from}.parent` : call('os.path.dirname', from);
    }
    if (!isInside(target, dir) || target === dir) continue;
    const relative = pythonString(path.relative(dir, target).split(path.sep).join('/'));
    if (value.kind === 'path') return { source: `${flat(from)} / ${relative}`, imports: [] };
    return { source: call('os.path.join', from, relative), imports: ['os'] };
  }
  let dir = path.dirname(file);
  let from: PyExpr = call('os.path.dirname', 'os.path.abspath(__file__)');
  let levels = 0;
  while (!isInside(target, dir) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
    from = call('os.path.dirname', from);
    levels++;
  }
  const relative = path.relative(dir, target).split(path.sep).join('/');
  // pathlib where the module has Path, or where os.path.dirname() would nest past two levels.
  const pathName = module?.namespace.has('Path') ? 'Path' : levels >= 2 ? 'pathlib.Path' : undefined;
  if (pathName) {
    const parent = `${pathName}(__file__).resolve().parents[${levels}]`;
    return { source: relative ? `${parent} / ${pythonString(relative)}` : parent, imports: pathName === 'Path' ? [] : ['pathlib'] };
  }
  return { source: relative ? call('os.path.join', from, pythonString(relative)) : from, imports: ['os'] };
}
