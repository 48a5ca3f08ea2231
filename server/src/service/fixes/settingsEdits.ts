// Edit builders for settings modules. Minimal edits only: replace a value's span, or insert one statement
// in the production module before any trailing local-settings import, so override order stays the same.
import type { ParsedFile } from '../python/parseCache';
import type { LoweredStatement, PyNode } from '../python/syntax';
import { roleOf } from '../project/settingsModules';
import type { SettingsView } from '../settings/settingsView';
import { dictGet, type Binding, type Value } from '../python/values';
import { within, type FileChange, type Location, type TextEdit } from '../types';
import { assignedName, GROUP_HEADER, groupHeader, rank } from './deploymentGroup';
import { findLiteral, insertListItemLaidOut, layoutEdit, type LiteralNode, removeDictEntryEdit, setDictEntryEdit } from './literalEdits';
import { assignment, type PyExpr } from './pythonLayout';

export { layoutEdit };

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

/**
 * An edit that inserts whole lines of Python after the statement ending at `offset`; `separate` puts a blank line
 * before them unless one is there already.
 */
function insertLinesAt(parsed: ParsedFile, offset: number, lines: string[], separate = false): TextEdit {
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
    return { range: parsed.lines.range(start, start), newText: body + (separate ? eol : '') };
  }
  const blankBefore = separate && parsed.lines.lineText(position.line).trim() !== '' ? eol : '';
  if (atEndOfFile) {
    const end = parsed.text.length;
    const needsBreak = end > 0 && !parsed.text.endsWith('\n');
    return { range: parsed.lines.range(end, end), newText: (needsBreak ? eol : '') + blankBefore + body };
  }
  const nextLineStart = parsed.lines.lineStart(position.line + 1);
  return { range: parsed.lines.range(nextLineStart, nextLineStart), newText: blankBefore + body };
}

// ---- the deployment group: settings fixes add, together under one comment, in the deployment checklist's order ----

/** The statements right under the group's comment, one after another with no blank line between. */
function groupStatements(parsed: ParsedFile): { header: number; statements: LoweredStatement[] } | undefined {
  let header = -1;
  for (let line = 0; line < parsed.lines.lineCount; line++) {
    if (GROUP_HEADER.test(parsed.lines.lineText(line))) header = line;
  }
  if (header < 0) return undefined;
  const statements: LoweredStatement[] = [];
  let next = header + 1;
  for (const statement of parsed.module.statements) {
    const startLine = parsed.lines.position(statement.base).line;
    if (startLine < next) continue;
    if (startLine > next) break;
    statements.push(statement);
    next = parsed.lines.position(statement.base + statement.text.length).line + 1;
  }
  return { header, statements };
}

/**
 * An edit that adds `lines` (setting the settings named at their start) to the production module: into the
 * deployment group in checklist order, or as that group, made before any trailing local-settings import.
 */
export function insertSettingEdit(view: SettingsView, lines: string[]): TextEdit {
  const parsed = view.parsed;
  const group = groupStatements(parsed);
  const wanted = rank(assignedName(lines.join('\n')));
  if (!group) return insertLinesAt(parsed, insertionOffset(parsed), [groupHeader(view.version), ...lines], true);
  const after = group.statements.filter((statement) => rank(assignedName(statement.text)) <= wanted).pop();
  if (after) return insertLinesAt(parsed, after.base + after.text.length, lines);
  const start = parsed.lines.lineStart(group.header + 1);
  return { range: parsed.lines.range(start, start), newText: lines.join(parsed.lines.eol) + parsed.lines.eol };
}

// ---- imports, in the module's own order -----------------------------------------------------------------------

export function hasTopLevelImport(parsed: ParsedFile, module: string): boolean {
  const pattern = new RegExp(`^import\\s+(?:[\\w.]+\\s*,\\s*)*${module.replace('.', '\\.')}(?:\\s*,|\\s*$|\\s+as\\s)`, 'm');
  return parsed.module.statements.some((stmt) => stmt.node.type === 'import_statement' && pattern.test(stmt.text));
}

/** Top-level modules of Python's standard library that settings modules import. */
const STANDARD_LIBRARY = new Set([
  'ast',
  'base64',
  'collections',
  'configparser',
  'contextlib',
  'copy',
  'datetime',
  'decimal',
  'email',
  'enum',
  'functools',
  'glob',
  'hashlib',
  'importlib',
  'io',
  'ipaddress',
  'itertools',
  'json',
  'logging',
  'math',
  'mimetypes',
  'os',
  'pathlib',
  'platform',
  're',
  'secrets',
  'shlex',
  'socket',
  'ssl',
  'string',
  'subprocess',
  'sys',
  'tempfile',
  'time',
  'typing',
  'urllib',
  'uuid',
  'warnings',
]);

/** isort's order inside a section: `import x` lines before `from x import y` lines, each by module name. */
function importKey(text: string): [number, string] | undefined {
  const match = /^(?:(import)|from)\s+([\w.]+)/.exec(text);
  return match ? [match[1] ? 0 : 1, match[2].toLowerCase()] : undefined;
}

function compareKeys(a: [number, string], b: [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/**
 * `import os` (etc.) where isort would put it among the module's leading imports: sorted into the standard-library
 * imports, or as a section of its own before the others; after the docstring when there are none.
 */
export function ensureImportEdit(parsed: ParsedFile, module: string): TextEdit | undefined {
  if (hasTopLevelImport(parsed, module)) return undefined;
  const statements = parsed.module.statements;
  const eol = parsed.lines.eol;
  const line = `import ${module}`;
  const key: [number, string] = [0, module];
  const leading: LoweredStatement[] = [];
  let docstring: LoweredStatement | undefined;
  for (let i = 0; i < statements.length; i++) {
    const node = statements[i].node;
    if (i === 0 && node.type === 'expression_statement' && node.children[0]?.type === 'string') docstring = statements[i];
    else if (IMPORTS.has(node.type)) leading.push(statements[i]);
    else break;
  }
  const lineStartOf = (statement: LoweredStatement): number => parsed.lines.lineStart(parsed.lines.position(statement.base).line);
  const insertBefore = (statement: LoweredStatement, text: string): TextEdit => {
    const at = lineStartOf(statement);
    return { range: parsed.lines.range(at, at), newText: text };
  };
  const plain = leading.filter((statement) => statement.node.type !== 'future_import_statement');
  const standard = plain.filter((statement) => STANDARD_LIBRARY.has(importKey(statement.text)?.[1].split('.')[0] ?? ''));
  if (standard.length) {
    const later = standard.find((statement) => compareKeys(importKey(statement.text)!, key) > 0);
    if (later) return insertBefore(later, line + eol);
    const last = standard[standard.length - 1];
    return insertLinesAt(parsed, last.base + last.text.length, [line]);
  }
  if (plain.length) return insertBefore(plain[0], line + eol + eol);
  const anchor = leading[leading.length - 1] ?? docstring;
  if (anchor) {
    // A blank line on both sides of the new import section, as isort leaves it.
    const end = anchor.base + anchor.text.length;
    const nextLine = parsed.lines.position(end).line + 1;
    const followed = nextLine < parsed.lines.lineCount && parsed.lines.lineText(nextLine).trim() !== '';
    return insertLinesAt(parsed, end, followed ? ['', line, ''] : ['', line]);
  }
  const first = statements[0];
  const offset = first ? lineStartOf(first) : 0;
  return { range: parsed.lines.range(offset, offset), newText: line + eol + (first ? eol : '') };
}

export interface SetSettingOptions {
  /** Modules the new value's source needs imported (`os`). */
  imports?: string[];
  /** For a name set on several branches: the place of the value to replace (the branch that holds it wins). */
  at?: Location;
  /** A short comment for a newly inserted statement: after it when the line has room, else above it. */
  comment?: string;
  /** A setting a new statement belongs next to (SECURE_HSTS_INCLUDE_SUBDOMAINS after SECURE_HSTS_SECONDS), when the production module sets it. */
  after?: string;
}

/** The top-level statement of `parsed` that holds `location`. */
export function topLevelStatement(parsed: ParsedFile, location: Location): LoweredStatement | undefined {
  if (location.file !== parsed.file) return undefined;
  const start = parsed.lines.offset(location.range.start);
  return parsed.module.statements.find((statement) => statement.base <= start && start < statement.base + statement.text.length);
}

/** Whether a binding sits where a fix may edit it: module level, an `if`/`try` branch or a class body, not a function. */
function editableStatement(parsed: ParsedFile, location: Location): boolean {
  const statement = topLevelStatement(parsed, location);
  if (!statement) return false;
  let node: PyNode | undefined = statement.node;
  const start = parsed.lines.offset(location.range.start) - statement.base;
  while (node) {
    if (node.type === 'function_definition' || node.type === 'lambda') return false;
    node = node.children.find((c) => c.named && c.start <= start && start < c.end);
  }
  return true;
}

/**
 * Sets `NAME = source` for production: replaces the value where the production module itself sets it,
 * otherwise adds an override to the production module's deployment group (so a shared base module keeps
 * serving development), or right after the statement that may set it.
 */
export function setSettingChange(view: SettingsView, name: string, source: PyExpr, options: SetSettingOptions = {}): FileChange {
  const parsed = view.parsed;
  const edits: TextEdit[] = [];
  const binding = pickBranch(view.get(name).binding, options.at);
  const inProduction = !!binding && binding.statement.file === view.file && editableStatement(parsed, binding.statement);
  if (inProduction && binding.valueRange && binding.valueRange.file === view.file && !binding.maybeUnset) {
    edits.push(layoutEdit(parsed, binding.valueRange.range, source));
  } else if (inProduction) {
    const statement = topLevelStatement(parsed, binding.statement)!;
    edits.push(insertLinesAt(parsed, statement.base + statement.text.length, assignment('', name, source, options.comment)));
  } else {
    const lines = assignment('', name, source, options.comment);
    edits.push(options.after ? afterSettingEdit(view, options.after, lines) : insertSettingEdit(view, lines));
  }
  for (const module of new Set(options.imports ?? [])) {
    const edit = ensureImportEdit(parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file: view.file, edits: mergeSameStart(edits) };
}

function pickBranch(binding: Binding | undefined, at: Location | undefined): Binding | undefined {
  if (!binding?.branches || !at) return binding;
  return binding.branches.find((branch) => branch.statement.file === at.file && within(at, branch.statement)) ?? binding;
}

/**
 * Lines that change a setting production has: right after the last top-level statement of the production module
 * that touches it (the assignment, a later `X["k"] = ...`, `.remove()`, an `if` block of the project's own switch),
 * so they read next to it and run after everything the module does to it; else in the deployment group.
 */
function afterSettingEdit(view: SettingsView, name: string, lines: string[]): TextEdit {
  const mentions = new RegExp(`\\b${name}\\b`);
  const insertionLimit = insertionOffset(view.parsed);
  const last = view.parsed.module.statements.filter((statement) => statement.base < insertionLimit && mentions.test(codeOnly(statement.text))).pop();
  return last ? insertLinesAt(view.parsed, last.base + last.text.length, lines) : insertSettingEdit(view, lines);
}

/** Python source without its string literals and comments, so a docstring naming a setting does not count as touching it. */
function codeOnly(text: string): string {
  return text.replace(/("""|''')[\s\S]*?\1|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*/g, '""');
}

/** Statements that change a setting production already has (`MIDDLEWARE.insert(0, ...)`), placed by afterSettingEdit. */
export function changeSettingChange(view: SettingsView, name: string, lines: string[], imports: string[] = []): FileChange {
  const edits: TextEdit[] = [afterSettingEdit(view, name, lines)];
  for (const module of new Set(imports)) {
    const edit = ensureImportEdit(view.parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file: view.file, edits: mergeSameStart(edits) };
}

/** Adds statements to the production module's deployment group. */
export function insertStatementsChange(view: SettingsView, lines: string[], imports: string[] = []): FileChange {
  const edits: TextEdit[] = [insertSettingEdit(view, lines)];
  for (const module of new Set(imports)) {
    const edit = ensureImportEdit(view.parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file: view.file, edits: mergeSameStart(edits) };
}

/** Inserts lines right after the top-level statement that holds `location` (in the production module). */
export function insertAfterStatementChange(view: SettingsView, location: Location, lines: string[], imports: string[] = []): FileChange | undefined {
  const statement = topLevelStatement(view.parsed, location);
  if (!statement) return undefined;
  const edits: TextEdit[] = [insertLinesAt(view.parsed, statement.base + statement.text.length, lines)];
  for (const module of new Set(imports)) {
    const edit = ensureImportEdit(view.parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file: view.file, edits: mergeSameStart(edits) };
}

export function replaceChange(location: Location, newText: string): FileChange {
  return { kind: 'edit', file: location.file, edits: [{ range: location.range, newText }] };
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
    edits.push(afterSettingEdit(view, name, [`${pathSource(name, keys)} = ${source}`]));
  }
  for (const module of new Set(options.imports ?? [])) {
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
    edits.push(insertListItemLaidOut(literal, itemSource, where));
    file = literal.parsed.file;
  } else {
    const call = where === 'start' ? `.insert(0, ${itemSource})` : `.append(${itemSource})`;
    edits.push(afterSettingEdit(view, name, [`${pathSource(name, keys)}${call}`]));
  }
  for (const module of new Set(options.imports ?? [])) {
    const parsed = file === view.file ? view.parsed : view.evaluation.modules.find((m) => m.ref.file === file)!.parsed!;
    const edit = ensureImportEdit(parsed, module);
    if (edit) edits.push(edit);
  }
  return { kind: 'edit', file, edits: mergeSameStart(edits) };
}
