// Path facts every part of the service shares.
import * as path from 'node:path';

/**
 * An absolute POSIX path already in normal form: no empty, `.` or `..` segment, no trailing slash. `path.join`
 * and `path.relative` normalize character by character in JavaScript, which a walk over thousands of entries
 * (and every containment check) pays again and again; for paths in this form their answers are plain string
 * operations.
 */
function isNormalAbsolute(file: string): boolean {
  return (
    path.sep === '/' &&
    file.charCodeAt(0) === 47 &&
    (file.length === 1 || file.charCodeAt(file.length - 1) !== 47) &&
    !file.includes('//') &&
    !file.includes('/./') &&
    !file.includes('/../') &&
    !file.endsWith('/.') &&
    !file.endsWith('/..')
  );
}

/** True when `child` is `parent` or lies below it (lexically: callers that must not follow links pass real paths). */
export function isInside(child: string, parent: string): boolean {
  if (isNormalAbsolute(child) && isNormalAbsolute(parent)) {
    if (child === parent) return true;
    const base = parent === '/' ? parent : `${parent}/`;
    // As path.relative reads it: an entry whose name starts with `..` counts as outside.
    return child.startsWith(base) && !child.startsWith('..', base.length);
  }
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `path.relative(from, to)`, without the work when `to` is `from` or lies below it and both are absolute and normal. */
export function relativePath(from: string, to: string): string {
  if (isNormalAbsolute(from) && isNormalAbsolute(to)) {
    if (to === from) return '';
    const base = from === '/' ? from : `${from}/`;
    if (to.startsWith(base)) return to.slice(base.length);
  }
  return path.relative(from, to);
}

/** The path of the entry `name` a listing of `dir` gave: `path.join(dir, name)`. */
export function entryPath(dir: string, name: string): string {
  if (isNormalAbsolute(dir) && name !== '' && name !== '.' && name !== '..' && !name.includes('/')) return dir === '/' ? `/${name}` : `${dir}/${name}`;
  return path.join(dir, name);
}

/** `path.resolve(file)`, without the work when the path is already absolute and normal. */
export function resolved(file: string): string {
  return isNormalAbsolute(file) ? file : path.resolve(file);
}
