// The folders where Django Ready keeps what it can reuse between runs (V8's code cache, lowered Python syntax): in
// a folder of the user's own under the temp folder, which nobody else may write to. Anything odd about it (someone
// else's, open to others, a link) means running without it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** `<temp>/django-ready-<uid>/<name>`, made if missing, or undefined when it cannot be trusted. */
export function cacheFolder(name: string): string | undefined {
  const uid = process.getuid?.();
  const base = path.join(os.tmpdir(), `django-ready-${uid ?? os.userInfo().username}`);
  const dir = path.join(base, name);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const folder of [base, dir]) {
    const stat = fs.lstatSync(folder);
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (process.platform !== 'win32' && (stat.mode & 0o022) !== 0)) return undefined;
  }
  return dir;
}

/** FNV-1a: a short, stable name for a longer text (file names in the cache folders; never a security boundary). */
export function shortHash(text: string): string {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return value.toString(16);
}

/** Removes all but the `keep` most recently written of `paths` (files or folders); one that is already gone counts as oldest. */
export function keepNewest(paths: readonly string[], keep: number): void {
  const written = paths.map((file) => ({ file, at: fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  written.sort((a, b) => b.at - a.at);
  for (const { file } of written.slice(keep)) fs.rmSync(file, { recursive: true, force: true });
}
