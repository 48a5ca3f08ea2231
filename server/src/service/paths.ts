// Path facts every part of the service shares.
import * as path from 'node:path';

/** True when `child` is `parent` or lies below it (lexically: callers that must not follow links pass real paths). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
