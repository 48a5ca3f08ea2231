// Env files (`.env`, `.env.example`, `env.d/production/backend`, compose `env_file`, systemd
// `EnvironmentFile`): `NAME=value` lines, with `export`, quotes and comments as python-dotenv and compose read them.
import type { EnvAssignment } from '../model';
import { FileText } from '../text';

export function readEnvFile(file: string, source: string, label: string, template = false): EnvAssignment[] {
  const text = new FileText(file, source);
  const assignments: EnvAssignment[] = [];
  source.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '');
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*(=\s*(.*))?$/.exec(line);
    if (!match || /^\s*#/.test(line)) return;
    let value = match[3];
    if (value !== undefined) {
      const quoted = /^(["'])([\s\S]*)\1\s*(#.*)?$/.exec(value);
      value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '').trim();
    } else if (!template) {
      return;
    }
    assignments.push({ name: match[1], value, location: text.line(index), source: label, template: template || undefined });
  });
  return assignments;
}

/** `.env.example`, `env.sample`, `.env.dist`, `production.dist/`, `template-env`: names production needs, with placeholder values. */
export function isEnvTemplate(relativePath: string): boolean {
  return /(^|[./_-])(example|sample|dist|template|tmpl|tpl|defaults?)([./_-]|$)/i.test(relativePath);
}
