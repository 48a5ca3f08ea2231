// Shared vocabulary for rules that judge a setting's possible values: which alternatives break a rule,
// where each was written, and how to say why in a message.
import { alternatives, type Value } from '../python/values';
import { roleOf } from '../project/settingsModules';
import type { Location } from '../types';
import type { Setting, SettingsView } from './settingsView';

export type Verdict = 'ok' | 'bad' | 'unknown';

export interface Offender {
  value: Value;
  /** Where the user must edit: the alternative's own expression when it is in a settings file, else the statement. */
  location: Location;
}

/** The alternatives of a setting's value that fail `isBad`, and whether any alternative is undecidable. */
export function judgeSetting(view: SettingsView, setting: Setting, isBad: (value: Value) => boolean | undefined): { offenders: Offender[]; unknown: Value[] } {
  const offenders: Offender[] = [];
  const unknownValues: Value[] = [];
  for (const value of alternatives(setting.value)) {
    const verdict = value.kind === 'unknown' ? undefined : isBad(value);
    if (verdict === undefined) unknownValues.push(value);
    else if (verdict) offenders.push({ value, location: locationFor(view, setting, value) });
  }
  return { offenders, unknown: unknownValues };
}

export function locationFor(view: SettingsView, setting: Setting, value: Value): Location {
  const statement = setting.binding?.statement;
  if (value.loc && view.evaluation.modules.some((module) => module.ref.file === value.loc!.file)) {
    // Prefer the statement when the value sits inside it; a value defined elsewhere (a variable) keeps its own place.
    if (statement && statement.file === value.loc.file && contains(statement, value.loc)) return statement;
    return value.loc;
  }
  return statement ?? view.anchor();
}

function contains(outer: Location, inner: Location): boolean {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.range.start, inner.range.start) && before(inner.range.end, outer.range.end);
}

/** " (the fallback when $X is unset)" for environment fallbacks, "" otherwise. */
export function fallbackNote(value: Value): string {
  return value.env && !value.env.required ? ` (the fallback used when $${value.env.name} is unset)` : '';
}

/** The environment variable a setting already reads, so a fix can keep using it. */
export function envVariableOf(setting: Setting): string | undefined {
  for (const value of alternatives(setting.value)) if (value.env) return value.env.name;
  return undefined;
}

/** Which environment API the statement that sets `setting` uses, to keep a fix in the file's own style. */
/**
 * How the module reads the environment, for a fix to read it the same way: the API the setting's own value uses,
 * else the one the production module uses elsewhere (`env` for a django-environ `env = environ.Env()`, `config` for
 * python-decouple); undefined for os.environ. An API is only named when the module binds the name it is called by.
 */
export function envApiOf(view: SettingsView, setting: Setting): string | undefined {
  const range = setting.binding?.valueRange;
  const own =
    range &&
    view.envReads.find(
      (r) => r.location.file === range.file && r.location.range.start.line >= range.range.start.line && r.location.range.end.line <= range.range.end.line,
    );
  const namespace = view.evaluation.modules.find((module) => module.ref.file === view.file)?.namespace;
  const callable = (via: string): boolean => !!namespace?.has(via.split('.')[0]);
  if (own) return callable(own.via) ? own.via : undefined;
  const reads = view.envReads.filter((read) => read.location.file === view.file);
  if ((reads.some((read) => read.via.startsWith('env')) && callable('env')) || bindsEnvInstance(view)) return 'env';
  if (reads.some((read) => read.via === 'config') && callable('config')) return 'config';
  return undefined;
}

/** `env = environ.Env(...)` in the production module itself. */
function bindsEnvInstance(view: SettingsView): boolean {
  const statement = view.evaluation.modules.find((module) => module.ref.file === view.file)?.namespace.get('env')?.statement;
  if (!statement || statement.file !== view.file) return false;
  const lines = view.parsed.lines;
  return /^env\s*=\s*(?:environ\.)?Env\(/.test(view.parsed.text.slice(lines.offset(statement.range.start), lines.offset(statement.range.end)));
}

/** A production-only module can hold literal production values; a module that also serves development needs a switch. */
export function servesDevelopment(view: SettingsView): boolean {
  return roleOf(view.moduleName) !== 'production';
}
