// Editing one key of a dict that a setting holds (a DATABASES alias, a CACHES alias, a TEMPLATES backend's
// OPTIONS), given the value production sees: change the key where its current value is written, else in the
// dict literal that holds it, else with a subscript assignment in the production module. Each way keeps the
// edit minimal and makes sure a later statement does not override it.
import { changeSettingChange, ensureImportEdit, literalOf } from '../fixes/settingsEdits';
import { findPair, locationOfNode, removeElementEdit, setDictEntryEdit, type LiteralNode } from '../fixes/literalEdits';
import type { ParsedFile } from '../python/parseCache';
import { child } from '../python/syntax';
import { alternatives, dictEntry, type Value } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import { within, type FileChange, type Location, type RelatedInfo, type TextEdit } from '../types';

export type Key = string | number;

/** `DATABASES["default"]["OPTIONS"]`: the subscript path of a nested setting, for statements and messages. */
export function subscriptPath(name: string, keys: readonly Key[]): string {
  return name + keys.map((key) => `[${typeof key === 'number' ? key : JSON.stringify(key)}]`).join('');
}

/** The parsed module of the production chain that holds `file`. */
export function chainFile(view: SettingsView, file: string): ParsedFile | undefined {
  return view.evaluation.modules.find((module) => module.ref.file === file)?.parsed;
}

/** The source text at a location in one of the modules production loads. */
function sourceAt(view: SettingsView, location: Location): string | undefined {
  const parsed = chainFile(view, location.file);
  return parsed?.text.slice(parsed.lines.offset(location.range.start), parsed.lines.offset(location.range.end));
}

/** The indentation of the line a location starts on. */
export function indentAt(view: SettingsView, location: Location): string {
  const parsed = chainFile(view, location.file);
  return parsed ? /^[ \t]*/.exec(parsed.lines.lineText(location.range.start.line))![0] : '';
}

/** Related information for a finding: how production reaches an inherited module. */
export function chainOf(view: SettingsView, location: Location): { related: RelatedInfo[] } {
  return { related: view.chainTo(location) };
}

export interface WrittenEntry {
  literal: LiteralNode;
  /** The `key: value` pair in the dict literal. */
  pairLocation: Location;
  /** The value expression of that pair. */
  location: Location;
  /** The syntax node type of the value expression (`dictionary`, `call`, `conditional_expression`...). */
  type: string;
}

/**
 * The `key: value` pair of the dict literal `container` was written as, when production's value for that key
 * comes from that very pair (a later `X["key"] = ...` would make the literal's pair irrelevant).
 */
export function writtenEntry(view: SettingsView, container: Value, key: string): WrittenEntry | undefined {
  const literal = literalOf(view, container);
  if (literal?.node.type !== 'dictionary') return undefined;
  const pair = findPair(literal, key);
  const valueNode = pair && child(pair, 'value');
  if (!pair || !valueNode) return undefined;
  const location = locationOfNode(literal, valueNode);
  const current = dictEntry(container, key)?.value;
  const fromThisPair = !!current && alternatives(current).every((option) => !!option.loc && within(option.loc, location));
  if (!fromThisPair) return undefined;
  return { literal, pairLocation: locationOfNode(literal, pair), location, type: valueNode.type };
}

const PLAIN_LITERAL = /^(?:-?\d[\d_]*|None|True|False|"[^"\\\n]*"|'[^'\\\n]*')$/;

/** Where a value is written as a plain literal (`0`, `None`, `True`, `"x"`) that a fix may replace in place. */
export function plainLiteralAt(view: SettingsView, value: Value | undefined): Location | undefined {
  if (!value?.loc || value.kind === 'union') return undefined;
  const text = sourceAt(view, value.loc);
  return text !== undefined && PLAIN_LITERAL.test(text) ? value.loc : undefined;
}

export interface DictTarget {
  /** The dict value production sees. */
  value: Value;
  /** The setting and keys that reach it, for subscript statements: `DATABASES`, `["default"]`. */
  name: string;
  keys: Key[];
}

/**
 * Sets `key: source` for each entry in the dict `target` holds: replaces a plain literal value where it is
 * written (even in a keyword argument or a later subscript assignment), else adds or replaces the pair in the
 * dict literal, else assigns `NAME[...]["key"] = source` in the production module.
 */
export function setKeysChanges(
  view: SettingsView,
  target: DictTarget,
  entries: ReadonlyArray<readonly [string, string]>,
  imports: string[] = [],
): FileChange[] {
  const changes: FileChange[] = [];
  const literal = literalOf(view, target.value);
  const dictLiteral = literal?.node.type === 'dictionary' ? literal : undefined;
  const appended: Array<readonly [string, string]> = [];
  for (const [key, source] of entries) {
    const current = dictEntry(target.value, key)?.value;
    const plain = plainLiteralAt(view, current);
    if (plain) changes.push({ kind: 'edit', file: plain.file, edits: [{ range: plain.range, newText: source }] });
    else if (dictLiteral && current === undefined) appended.push([key, source]);
    else if (dictLiteral && writtenEntry(view, target.value, key))
      changes.push({ kind: 'edit', file: dictLiteral.parsed.file, edits: [setDictEntryEdit(dictLiteral, key, source)] });
    else changes.push(changeSettingChange(view, target.name, [`${subscriptPath(target.name, [...target.keys, key])} = ${source}`]));
  }
  if (appended.length) changes.push(appendPairsChange(dictLiteral!, appended));
  for (const file of new Set(changes.map((change) => change.file))) {
    const parsed = chainFile(view, file);
    const edits = parsed ? imports.map((module) => ensureImportEdit(parsed, module)).filter((edit): edit is TextEdit => !!edit) : [];
    if (edits.length) changes.push({ kind: 'edit', file, edits });
  }
  return changes;
}

/** New pairs at the end of a dict literal, in one edit so that several keep their order. */
function appendPairsChange(literal: LiteralNode, pairs: ReadonlyArray<readonly [string, string]>): FileChange {
  const empty = !literal.node.children.some((c) => c.named && c.type !== 'comment');
  const whole = locationOfNode(literal, literal.node);
  if (empty && whole.range.start.line === whole.range.end.line) {
    const text = pairs.map(([key, source]) => `${JSON.stringify(key)}: ${source}`).join(', ');
    return { kind: 'edit', file: literal.parsed.file, edits: [{ range: whole.range, newText: `{${text}}` }] };
  }
  // Each append lands right after the last element, so the texts simply follow one another.
  const edits = pairs.map(([key, source]) => setDictEntryEdit(literal, key, source));
  return { kind: 'edit', file: literal.parsed.file, edits: [{ range: edits[0].range, newText: edits.map((edit) => edit.newText).join('') }] };
}

/**
 * Removes `key` from the dict `target` holds: drops the pair from the dict literal when production's value
 * comes from it, else sets the key to `fallbackSource` the way setKeysChanges does.
 */
export function removeKeyChanges(view: SettingsView, target: DictTarget, key: string, fallbackSource: string): FileChange[] {
  const entry = writtenEntry(view, target.value, key);
  if (entry) {
    const pair = findPair(entry.literal, key)!;
    return [{ kind: 'edit', file: entry.literal.parsed.file, edits: [removeElementEdit(entry.literal, pair)] }];
  }
  return setKeysChanges(view, target, [[key, fallbackSource]]);
}
