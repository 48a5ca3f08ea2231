// What a fix writes for a value production needs. A module only production loads gets the plain value; a module
// that also serves development keeps `runserver` working through its switch (fixes/productionSwitch.ts), never
// through a fallback production could silently take. A value that is an environment variable's fallback keeps
// the variable: the fix changes the fallback, so a deployment that sets the variable keeps what it sets.
import { layoutEdit, setSettingChange, ensureImportEdit } from '../../fixes/settingsEdits';
import { flat, type PyExpr } from '../../fixes/pythonLayout';
import { DEVELOPMENT_VARIABLE, EXPLICIT_SWITCH, productionSwitch } from '../../fixes/productionSwitch';
import { roleOf } from '../../project/settingsModules';
import type { Value } from '../../python/values';
import { servesDevelopment, type Offender } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import { comparePositions, type FileChange, type Fix, type Location, type TextEdit } from '../../types';

export interface Source {
  text: PyExpr;
  imports: string[];
}

/** Where a fix for `name` writes: the statement that sets it in the production module, else its deployment group. */
function targetOf(view: SettingsView, name: string): Location | undefined {
  const statement = view.get(name).binding?.statement;
  return statement?.file === view.file ? statement : undefined;
}

/**
 * True in production and off in development, for settings that break plain-http `runserver`
 * (SECURE_SSL_REDIRECT, secure cookies): `True` in a production-only module, else the module's switch.
 */
export function onlyInProduction(view: SettingsView, name: string, at: Location | undefined = targetOf(view, name)): Source {
  // Written in a module production inherits (a base module's fallback), development reads it too.
  const writtenIn = at && view.evaluation.modules.find((module) => module.ref.file === at.file)?.ref.name;
  const shared = writtenIn !== undefined && at!.file !== view.file && roleOf(writtenIn) !== 'production';
  if (!servesDevelopment(view) && !shared) return { text: 'True', imports: [] };
  const { inProduction, imports } = productionSwitch(view, at);
  return { text: inProduction, imports };
}

function titleFor(name: string, text: PyExpr): string {
  return flat(text) === EXPLICIT_SWITCH.inProduction ? `Turn ${name} on outside development (${DEVELOPMENT_VARIABLE}=1)` : `Set ${name} = ${flat(text)}`;
}

/** A fix for a setting whose production value is a constant (`"DENY"`, `False`). */
export function constantFix(view: SettingsView, setting: Setting, offender: Offender, text: string, options: { after?: string } = {}): Fix | null {
  return productionValueFix(view, setting, offender, () => ({ text, imports: [] }), options);
}

/** A fix that sets `name` for production: the value is replaced where production sets it, else an override is added. */
export function setSettingFix(
  view: SettingsView,
  name: string,
  source: Source | PyExpr,
  options: { at?: Location; comment?: string; title?: string; after?: string } = {},
): Fix {
  const { text, imports } = typeof source === 'object' && 'imports' in source ? source : { text: source, imports: [] };
  return {
    title: options.title ?? titleFor(name, text),
    changes: [setSettingChange(view, name, text, { at: options.at, imports, comment: options.comment, after: options.after })],
  };
}

interface DefaultLiteral {
  location: Location;
  /** The quote the default is written with, when it is a string (`default="0", cast=int`). */
  quote: string | undefined;
}

/** The literal an environment read falls back to, where a fix can rewrite it: in the statement that sets the setting. */
function defaultLiteral(view: SettingsView, setting: Setting, value: Value): DefaultLiteral | undefined {
  const loc = value.loc;
  const module = loc && view.evaluation.modules.find((candidate) => candidate.ref.file === loc.file);
  if (!loc || !module?.parsed || roleOf(module.ref.name) === 'development') return undefined;
  const statements = [setting.binding, ...(setting.binding?.branches ?? [])].flatMap((binding) => (binding ? [binding.statement] : []));
  if (
    !statements.some(
      (statement) =>
        statement.file === loc.file &&
        comparePositions(statement.range.start, loc.range.start) <= 0 &&
        comparePositions(loc.range.end, statement.range.end) <= 0,
    )
  )
    return undefined;
  const text = module.parsed.text.slice(module.parsed.lines.offset(loc.range.start), module.parsed.lines.offset(loc.range.end));
  if (/^(True|False|None|-?\d+)$/.test(text)) return { location: loc, quote: undefined };
  const quoted = /^(["'])[^"'\\\n]*\1$/.exec(text);
  return quoted ? { location: loc, quote: quoted[1] } : undefined;
}

/** A number or a plain string literal written in a string default's quotes (`default="3600"`); undefined otherwise. */
function requoted(text: string, quote: string): string | undefined {
  if (/^-?\d+$/.test(text)) return `${quote}${text}${quote}`;
  const string = /^"([^"'\\]*)"$/.exec(text);
  return string ? `${quote}${string[1]}${quote}` : undefined;
}

/**
 * The fix for one offending value of a setting: where the value is an environment variable's fallback, the
 * fallback becomes the production value (the variable still overrides it); where a variable only decided which
 * branch set it, none (the project's own switch chooses); else the value is set for production. `source` says
 * what to write at a place (undefined: the production module's deployment group).
 */
export function productionValueFix(
  view: SettingsView,
  setting: Setting,
  offender: Offender,
  source: (at: Location | undefined) => Source,
  options: { comment?: string; after?: string } = {},
): Fix | null {
  const env = offender.value.env;
  if (env?.decided) return null;
  if (env && !env.required) {
    const literal = defaultLiteral(view, setting, offender.value);
    if (!literal) return null;
    const wanted = source(literal.location);
    const text = flat(wanted.text);
    const written = literal.quote ? requoted(text, literal.quote) : text;
    if (written === undefined) return null;
    const file = literal.location.file;
    const parsed = view.evaluation.modules.find((module) => module.ref.file === file)!.parsed!;
    const edits: TextEdit[] = [layoutEdit(parsed, literal.location.range, written)];
    for (const module of wanted.imports) {
      const edit = ensureImportEdit(parsed, module);
      if (edit) edits.push(edit);
    }
    const change: FileChange = { kind: 'edit', file, edits };
    const described = text === EXPLICIT_SWITCH.inProduction ? `on outside development (${DEVELOPMENT_VARIABLE}=1)` : text;
    return { title: `Default ${setting.name} to ${described} when $${env.name} is unset`, changes: [change] };
  }
  return setSettingFix(view, setting.name, source(targetOf(view, setting.name)), { at: offender.location, ...options });
}
