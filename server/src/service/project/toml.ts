// smol-toml (a small, spec-compliant TOML 1.0 parser) ships a CommonJS build beside its ESM one; TypeScript only
// sees the ESM typings, so the CommonJS entry is required explicitly with the ESM types.
const toml = require('smol-toml') as typeof import('smol-toml', { with: { 'resolution-mode': 'import' }});

export function parseToml(text: string): Record<string, unknown> {
  return toml.parse(text) as Record<string, unknown>;
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
