// smol-toml (a small, spec-compliant TOML 1.0 parser) ships a CommonJS build beside its ESM one; TypeScript only
// sees the ESM typings, so the CommonJS entry is required explicitly with the ESM types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toml = require('smol-toml') as typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });

export function parseToml(text: string): Record<string, unknown> {
  return toml.parse(text) as Record<string, unknown>;
}
