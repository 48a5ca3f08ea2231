// smol-toml (a small, spec-compliant TOML 1.0 parser) ships a CommonJS build beside its ESM one; TypeScript only
// sees the ESM typings, so the CommonJS entry is required explicitly with the ESM types.
const toml = require('smol-toml') as typeof import('smol-toml', { with: { 'resolution-mode': 'import' }});

/**
 * The last text parsed, and what came of it: project configuration and dependencies both read pyproject.toml, one
 * after the other, and its parse costs a millisecond cold. Callers only read what it returns.
 */
let last: { text: string; data?: Record<string, unknown>; error?: unknown } | undefined;

export function parseToml(text: string): Record<string, unknown> {
  if (last?.text !== text) {
    try {
      last = { text, data: toml.parse(text) as Record<string, unknown> };
    } catch (error) {
      last = { text, error };
    }
  }
  if (last.error !== undefined) throw last.error;
  return last.data!;
}

/** The value at `keys` inside nested TOML tables, or undefined where a key is missing or a value is not a table. */
export function tomlAt(data: unknown, ...keys: string[]): unknown {
  let value = data;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The entries of a TOML table (none when the value is not a table). */
export function tomlEntries(value: unknown): [string, unknown][] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}
