// Expands a glob pattern (`*`, `?`, `[...]` within one path segment) against the FileSystem, as Python's
// `glob.glob` does for the patterns settings use (`conf.d/*.py`): sorted files, hidden files only when asked for.
import * as path from 'node:path';
import type { FileSystem } from '../fileSystem';

const MAX_MATCHES = 500;

function segmentPattern(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        const body = segment
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Files matching an absolute pattern, sorted; undefined when the pattern has no wildcard. */
export function globFiles(fs: FileSystem, pattern: string): string[] | undefined {
  if (!/[*?[]/.test(pattern)) return undefined;
  const parts = pattern.split(path.sep);
  let current = [parts[0] || path.sep];
  for (const segment of parts.slice(1)) {
    const next: string[] = [];
    if (!/[*?[]/.test(segment)) {
      for (const dir of current) next.push(path.join(dir, segment));
    } else {
      const matcher = segmentPattern(segment);
      for (const dir of current) {
        for (const entry of fs.readDir(dir) ?? []) {
          if (entry.name.startsWith('.') && !segment.startsWith('.')) continue;
          if (matcher.test(entry.name)) next.push(path.join(dir, entry.name));
          if (next.length > MAX_MATCHES) break;
        }
      }
    }
    current = next;
  }
  return current.filter((file) => fs.stat(file)?.kind === 'file').sort();
}
