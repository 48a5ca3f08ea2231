// What reaches a terminal (or a CI log that renders escape sequences) from a repository: text from source files,
// file names and messages quoting them. Control characters, ESC sequences and invisible or reordering code
// points are shown as escapes, so a repository cannot recolour, rewrite or hide lines of the report.

// C0 controls but tab, DEL and C1 controls, zero-width and bidi controls, line and paragraph separators.
const UNPRINTABLE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of a JSON-like value with every string (keys included) made printable. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [printable(key), printableDeep(inner)])) as T;
  }
  return value;
}
