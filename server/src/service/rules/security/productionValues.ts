// What a fix writes for a value production needs. A module only production loads gets the plain value; a module
// that also serves development keeps `runserver` working through one explicit switch (DJANGO_DEBUG=1), never
// through a fallback production could silently take.
import { setSettingChange } from '../../fixes/settingsEdits';
import { truthy } from '../../python/values';
import { servesDevelopment } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { comparePositions, type Fix, type Location } from '../../types';

export const DEVELOPMENT_SWITCH = 'DJANGO_DEBUG';
/** True only where a developer set DJANGO_DEBUG=1; production never sets it. */
export const IN_DEVELOPMENT = `os.environ.get("${DEVELOPMENT_SWITCH}", "") == "1"`;
export const IN_PRODUCTION = `os.environ.get("${DEVELOPMENT_SWITCH}", "") != "1"`;

export interface Source {
  text: string;
  imports: string[];
}

/**
 * True in production and off in development, for settings that break plain-http `runserver`
 * (SECURE_SSL_REDIRECT, secure cookies): `not DEBUG` when DEBUG is already false in production, else the switch.
 */
export function onlyInProduction(view: SettingsView, name: string): Source {
  if (!servesDevelopment(view)) return { text: 'True', imports: [] };
  if (debugIsFalseBefore(view, name)) return { text: 'not DEBUG', imports: [] };
  return { text: IN_PRODUCTION, imports: ['os'] };
}

/** `not DEBUG` is only right where DEBUG is false in production and already bound where `name` will be written. */
function debugIsFalseBefore(view: SettingsView, name: string): boolean {
  const debug = view.get('DEBUG');
  if (!debug.binding || truthy(debug.value) !== false) return false;
  const target = view.get(name).binding;
  if (!target || target.statement.file !== view.file || debug.binding.statement.file !== view.file) return true;
  return comparePositions(debug.binding.statement.range.end, target.statement.range.start) <= 0;
}

/** A fix that sets `name` for production: the value is replaced where production sets it, else an override is added. */
export function setSettingFix(view: SettingsView, name: string, source: Source | string, options: { at?: Location; comment?: string; title?: string } = {}): Fix {
  const { text, imports } = typeof source === 'string' ? { text: source, imports: [] } : source;
  const title = options.title ?? (text === IN_PRODUCTION ? `Turn ${name} on outside development (${DEVELOPMENT_SWITCH}=1)` : `Set ${name} = ${text}`);
  return { title, changes: [setSettingChange(view, name, text, { at: options.at, imports, comment: options.comment })] };
}
