// Edit builders for settings modules. Minimal edits only: replace a value's span, or insert one statement
// in the production module before any trailing local-settings import, so override order stays the same.
import type { ParsedFile } from '../python/parseCache';
import type { PyNode } from '../python/syntax';
import { roleOf } from '../project/settingsModules';
import type { SettingsView } from '../settings/settingsView';
import { dictGet, type Binding, type Value } from '../python/values';
import { findLiteral, insertListItemEdit, type LiteralNode, removeDictEntryEdit, setDictEntryEdit } from './literalEdits';
import { comparePositions, type FileChange, type Location, type TextEdit } from '../types';

const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** True for statements that pull in local/development overrides and must stay last. */
function isOverrideImport(node: PyNode, text: string): boolean {
  if (node.type === 'try_statement') {
    const body = node.children.find((c) => c.field === 'body');
    const first = body?.children.find((c) => c.named);
    return !!first && IMPORTS.has(first.type);
  }
  if (node.type === 'if_statement') {
    const body = node.children.find((c) => c.field === 'consequence');
    const statements = body?.children.filter((c) => c.named) ?? [];
    return statements.length > 0 && statements.every((s) => IMPORTS.has(s.type));
  }
  if (node.type === 'import_from_statement') {
    const match = /^from\s+([.\w]+)\s+import/.exec(text);
    return !!match && roleOf(match[1].replace(/^\.+/, '') || 'x') === 'development';
  }
  return false;
}

/** Offset where a new setting goes: after the last statement that is not a trailing override import. */
export function insertionOffset(parsed: ParsedFile): number {
  const statements = parsed.module.statements;
  let index = statements.length - 1;
  while (index >= 0 && isOverrideImport(statements[index].node, statements[index].text)) index--;
  if (index < 0) return statements.length ? statements[0].base : 0;
  const last = statements[index];
  return last.base + last.text.length;
}

/** An edit that inserts whole lines of Python after the statement ending at `offset`. */
function insertLinesAt(parsed: ParsedFile, offset: number, lines: string[]): TextEdit {
  const eol = parsed.lines.eol;
  const position = parsed.lines.position(offset);
  const lineEnd = parsed.lines.lineEnd(position.line);
  const atEndOfFile = lineEnd >= parsed.text.length;
  const body = lines.join(eol) + eol;
  if (offset === 0 && parsed.module.statements.length === 0) {
    return { range: parsed.lines.range(0, 0), newText: body };
  }
  if (offset === parsed.module.statements[0]?.base && !atEndOfFile && offset < lineEnd) {
    // Inserting before the first statement (only override imports in the file).
    const start = parsed.lines.lineStart(position.line);
    return { range: parsed.lines.range(start, start), newText: body };
  }
  if (atEndOfFile) {
    const end = parsed.text.length;
    const needsBreak = end > 0 && !parsed.text.endsWith('\n');
    return { range: parsed.lines.range(end, end), newText: (needsBreak ? eol : '') + body };
  }
  const nextLineStart = parsed.lines.lineStart(position.line + 1);
  return { range: parsed.lines.range(nextLineStart, nextLineStart), newText: body };
}

export function hasTopLevelImport(parsed: ParsedFile, module: string): boolean {
  const pattern = new RegExp(`^import\\s+(?:[\\w.]+\\s*,\\s*)*${module.replace('.', '\\.')}(?:\\s*,|\\s*$|\\s+as\\s)`, 'm');
  return parsed.module.statements.some((stmt) => stmt.node.type === 'import_statement' && pattern.test(stmt.text));
}

/** `import os` (etc.) after the module's leading imports, unless already there. */
export function ensureImportEdit(parsed: ParsedFile, module: string): TextEdit | undefined {
  if (hasTopLevelImport(parsed, module)) return undefined;
  const statements = parsed.module.statements;
  let lastLeading = -1;
  for (let i = 0; i < statements.length; i++) {
    const node = statements[i].node;
    const isDocstring = i === 0 && node.type === 'expression_statement' && node.children[0]?.type === 'string';
    if (IMPORTS.has(node.type) || isDocstring) lastLeading = i;
    else break;
  }
  const line = `import ${module}`;
  if (lastLeading < 0) {
    const first = statements[0];
    const offset = first ? parsed.lines.lineStart(parsed.lines.position(first.base).line) : 0;
    return { range: parsed.lines.range(offset, offset), newText: line + parsed.lines.eol + (first ? parsed.lines.eol : '') };
  }
  const anchor = statements[lastLeading];
  return insertLinesAt(parsed, anchor.base + anchor.text.length, [line]);
}

export interface SetSettingOptions {
  /** Modules the new value's source needs imported (`os`). */
  imports?: string[];
  /** For a name set on several branches: the place of the value to replace (the branch that holds it wins). */
  at?: Location;
  /** A comment line placed above a newly inserted statement. */
  comment?: string;
}

/**
 * Sets `NAME = source` for production: replaces the value where the production module itself sets it,
 * otherwise inserts an override into the production module (so a shared base module keeps serving development).
 */
export function setSettingChange(view: SettingsView, name: string, source: string, options: SetSettingOptions = {}): FileChange {
  const parsed = view.parsed;
  const edits: TextEdit[] = [];
  const binding = pickBranch(view.get(name).binding, options.at);
  const replaceable = binding?.valueRange && binding.valueRange.file === view.file && binding.statement.file === view.file && !binding.maybeUnset;
  if (replaceable) {
    edits.push({ range: binding!.valueRange!.range, newText: source });
  } else {
    const lines = [...(options.comment ? [`# ${options.comment}`] : []), `${name} = ${source}`];
    const offset = binding && binding.statement.file === view.file ? endOffsetOf(parsed, binding.statement) : insertionOffset(parsed);
    edits.push(insertLinesAt(parsed, offset, lines));
  }
  for (const module of options.imports ?? []) {
    const edit = ensureImportEdit(parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file: view.file, edits: mergeSameStart(edits) };
}

function pickBranch(binding: Binding | undefined, at: Location | undefined): Binding | undefined {
  if (!binding?.branches || !at) return binding;
  return binding.branches.find((branch) => branch.statement.file === at.file && within(at, branch.statement)) ?? binding;
}

function within(inner: Location, outer: Location): boolean {
  return comparePositions(outer.range.start, inner.range.start) <= 0 && comparePositions(inner.range.end, outer.range.end) <= 0;
}

/** Inserts statements in the production module at the usual insertion point. */
export function insertStatementsChange(view: SettingsView, lines: string[], imports: string[] = []): FileChange {
  const edits: TextEdit[] = [insertLinesAt(view.parsed, insertionOffset(view.parsed), lines)];
  for (const module of imports) {
    const edit = ensureImportEdit(view.parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file: view.file, edits: mergeSameStart(edits) };
}

export function replaceChange(location: Location, newText: string): FileChange {
  return { kind: 'edit', file: location.file, edits: [{ range: location.range, newText }] };
}

function endOffsetOf(parsed: ParsedFile, location: Location): number {
  return parsed.lines.offset(location.range.end);
}

/** Two insertions at the same point would be ambiguous to apply; join them (import first). */
function mergeSameStart(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const same = out.find(
      (e) =>
        e.range.start.line === edit.range.start.line &&
        e.range.start.character === edit.range.start.character &&
        e.range.end.line === e.range.start.line &&
        e.range.end.character === e.range.start.character &&
        edit.range.end.line === edit.range.start.line &&
        edit.range.end.character === edit.range.start.character,
    );
    if (same) same.newText = edit.newText + same.newText;
    else out.push({ ...edit });
  }
  return out;
}

// ---- nested values: DATABASES["default"]["CONN_MAX_AGE"], TEMPLATES[0]["DIRS"], MIDDLEWARE -----------------

type PathKey = string | number;

function pathSource(name: string, keys: PathKey[]): string {
  return name + keys.map((key) => `[${typeof key === 'number' ? key : JSON.stringify(key)}]`).join('');
}

/** The value at `keys` inside a setting, following dict keys and list indexes. */
export function valueAt(view: SettingsView, name: string, keys: PathKey[]): Value | undefined {
  let current: Value | undefined = view.value(name);
  for (const key of keys) {
    if (!current) return undefined;
    if (typeof key === 'number') current = current.kind === 'list' || current.kind === 'tuple' ? current.items[key] : undefined;
    else current = current.kind === 'dict' ? dictGet(current, key) : undefined;
  }
  return current;
}

/** The literal a value was written as, in whichever module of the production chain holds it. */
export function literalOf(view: SettingsView, value: Value | undefined): LiteralNode | undefined {
  if (!value?.loc) return undefined;
  const module = view.evaluation.modules.find((m) => m.ref.file === value.loc!.file && m.parsed);
  return module?.parsed ? findLiteral(module.parsed, value.loc) : undefined;
}

/**
 * Sets `NAME[k1][k2] = source`: as an entry of the dict literal where it is written (so the setting stays in one
 * place), or, when the container is computed, as a subscript assignment in the production module.
 */
export function setNestedChange(view: SettingsView, name: string, keys: PathKey[], source: string, options: SetSettingOptions = {}): FileChange {
  const container = valueAt(view, name, keys.slice(0, -1));
  const last = keys[keys.length - 1];
  const literal = typeof last === 'string' ? literalOf(view, container) : undefined;
  const edits: TextEdit[] = [];
  let file = view.file;
  if (literal && literal.node.type === 'dictionary') {
    edits.push(setDictEntryEdit(literal, last as string, source));
    file = literal.parsed.file;
  } else {
    edits.push(insertLinesAt(view.parsed, insertionOffset(view.parsed), [`${pathSource(name, keys)} = ${source}`]));
  }
  for (const module of options.imports ?? []) {
    const parsed = file === view.file ? view.parsed : view.evaluation.modules.find((m) => m.ref.file === file)!.parsed!;
    const edit = ensureImportEdit(parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file, edits: mergeSameStart(edits) };
}

/** Removes `NAME[k1]...[key]` from the dict literal where it is written; undefined when it is not a literal entry. */
export function removeNestedChange(view: SettingsView, name: string, keys: PathKey[]): FileChange | undefined {
  const container = valueAt(view, name, keys.slice(0, -1));
  const last = keys[keys.length - 1];
  const literal = typeof last === 'string' ? literalOf(view, container) : undefined;
  const edit = literal && literal.node.type === 'dictionary' ? removeDictEntryEdit(literal, last as string) : undefined;
  return edit ? { kind: 'edit', file: literal!.parsed.file, edits: [edit] } : undefined;
}

/**
 * Adds an item to a list setting (or a list inside one, e.g. TEMPLATES[0]["DIRS"]): into the list literal where
 * it is written, else with `.insert()`/`.append()` in the production module.
 */
export function insertListItemChange(
  view: SettingsView,
  name: string,
  keys: PathKey[],
  itemSource: string,
  where: 'start' | 'end' | { after: string } | { before: string },
  options: SetSettingOptions = {},
): FileChange {
  const list = valueAt(view, name, keys);
  const literal = literalOf(view, list);
  const edits: TextEdit[] = [];
  let file = view.file;
  if (literal && (literal.node.type === 'list' || literal.node.type === 'tuple')) {
    edits.push(insertListItemEdit(literal, itemSource, where));
    file = literal.parsed.file;
  } else {
    const call = where === 'start' ? `.insert(0, ${itemSource})` : `.append(${itemSource})`;
    edits.push(insertLinesAt(view.parsed, insertionOffset(view.parsed), [`${pathSource(name, keys)}${call}`]));
  }
  for (const module of options.imports ?? []) {
    const parsed = file === view.file ? view.parsed : view.evaluation.modules.find((m) => m.ref.file === file)!.parsed!;
    const edit = ensureImportEdit(parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file, edits: mergeSameStart(edits) };
}
