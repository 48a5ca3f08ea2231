// Python's two path libraries, lexically: `os.path` (string operations that keep what they are given, like
// a trailing slash) and `pathlib` (normalised parts). Separators follow the path itself, so a Windows
// checkout (`C:\proj\settings.py`) works like a POSIX one.

function separatorOf(p: string): string {
  return p.includes('\\') && !p.includes('/') ? '\\' : '/';
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** `os.path.join`. */
export function osJoin(first: string, ...rest: string[]): string {
  let out = first;
  for (const part of rest) {
    const sep = separatorOf(out || part);
    if (isAbsolute(part)) out = part;
    else if (!out || out.endsWith(sep) || out.endsWith('/')) out += part;
    else out += sep + part;
  }
  return out;
}

/** `os.path.dirname`: the head, with trailing separators removed unless it is all separators. */
export function osDirname(p: string): string {
  const index = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1;
  let head = p.slice(0, index);
  if (head && !/^[\\/]+$/.test(head) && !/^[A-Za-z]:[\\/]$/.test(head)) head = head.replace(/[\\/]+$/, '');
  return head;
}

/** `os.path.basename`. */
export function osBasename(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** `os.path.normpath` (and `abspath`/`realpath` of an absolute path, without following symlinks). */
export function osNormpath(p: string): string {
  if (!p) return '.';
  const sep = separatorOf(p);
  const drive = /^[A-Za-z]:/.test(p) ? p.slice(0, 2) : '';
  const body = drive ? p.slice(2) : p;
  let initial = body.startsWith(sep) ? 1 : 0;
  if (initial && body.startsWith(sep + sep) && !body.startsWith(sep + sep + sep) && sep === '/') initial = 2;
  const parts: string[] = [];
  for (const part of body.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (!initial && !parts.length) || (parts.length && parts[parts.length - 1] === '..')) parts.push(part);
    else if (parts.length) parts.pop();
  }
  const joined = sep.repeat(initial) + parts.join(sep);
  return drive + (joined || (drive ? '' : '.'));
}

/** A pathlib path's string form: parts normalised (`.` and empty parts dropped, `..` kept). */
export function pureNormalize(p: string): string {
  const sep = separatorOf(p);
  const drive = /^[A-Za-z]:/.test(p) ? p.slice(0, 2) : '';
  const body = drive ? p.slice(2) : p;
  const root = body.startsWith('/') || body.startsWith('\\') ? sep : '';
  const parts = body.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  const joined = drive + root + parts.join(sep);
  return joined || '.';
}

/** `Path(a) / b`. */
export function pureJoin(base: string, part: string): string {
  if (isAbsolute(part)) return pureNormalize(part);
  const sep = separatorOf(base);
  return pureNormalize(base === '.' ? part : base + sep + part);
}

/** `Path.parent`. */
export function pureParent(p: string): string {
  const normalized = pureNormalize(p);
  const index = Math.max(normalized.lastIndexOf('/'), normalized.lastIndexOf('\\'));
  if (index < 0) return '.';
  const head = normalized.slice(0, index);
  if (!head || /^[A-Za-z]:$/.test(head)) return normalized.slice(0, index + 1);
  return head;
}

/** `Path.name`. */
export function pureName(p: string): string {
  return osBasename(pureNormalize(p));
}

/** `Path.resolve()` of an absolute path: `..` collapsed lexically (symlinks are not followed). */
export function pureResolve(p: string): string {
  return pureNormalize(osNormpath(p));
}
