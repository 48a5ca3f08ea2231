// Edits inside dict and list literals of settings modules: add, replace or remove one entry, keeping the
// literal's own layout (one entry per line, or all on one line) and trailing-comma style.
import type { ParsedFile } from '../python/parseCache';
import { decodeStringLiteral } from '../python/strings';
import { child, type LoweredStatement, type PyNode } from '../python/syntax';
import type { Location, Range, TextEdit } from '../types';
import { layout, LINE_LENGTH, type PyExpr } from './pythonLayout';

export interface LiteralNode {
  parsed: ParsedFile;
  stmt: LoweredStatement;
  node: PyNode;
}

/** The `dictionary`/`list`/`tuple` node written exactly at `location`, if the location is a literal in `parsed`. */
export function findLiteral(parsed: ParsedFile, location: Location): LiteralNode | undefined {
  if (location.file !== parsed.file) return undefined;
  const start = parsed.lines.offset(location.range.start);
  const end = parsed.lines.offset(location.range.end);
  for (const stmt of parsed.module.statements) {
    if (start < stmt.base || end > stmt.base + stmt.text.length) continue;
    const found = findNode(stmt.node, start - stmt.base, end - stmt.base);
    if (found && (found.type === 'dictionary' || found.type === 'list' || found.type === 'tuple')) return { parsed, stmt, node: found };
  }
  return undefined;
}

function findNode(node: PyNode, start: number, end: number): PyNode | undefined {
  if (node.start === start && node.end === end && node.named && node.type !== 'expression_statement') {
    // Prefer the innermost node with these exact bounds that is a literal.
    for (const c of node.children) {
      const inner = c.start <= start && c.end >= end ? findNode(c, start, end) : undefined;
      if (inner) return inner;
    }
    return node;
  }
  for (const c of node.children) {
    if (c.start <= start && c.end >= end) {
      const found = findNode(c, start, end);
      if (found) return found;
    }
  }
  return undefined;
}

function absolute(literal: LiteralNode, offset: number): number {
  return literal.stmt.base + offset;
}

function elementsOf(literal: LiteralNode): PyNode[] {
  return literal.node.children.filter((c) => c.named && c.type !== 'comment');
}

function keyText(literal: LiteralNode, pair: PyNode): string | undefined {
  const key = child(pair, 'key');
  if (key?.type !== 'string') return undefined;
  return decodeStringLiteral(literal.stmt.text.slice(key.start, key.end))?.value;
}

/** The `pair` node of a string key in a dict literal. */
export function findPair(literal: LiteralNode, key: string): PyNode | undefined {
  return elementsOf(literal).find((element) => element.type === 'pair' && keyText(literal, element) === key);
}

export function locationOfNode(literal: LiteralNode, node: PyNode): Location {
  return { file: literal.parsed.file, range: literal.parsed.lines.range(absolute(literal, node.start), absolute(literal, node.end)) };
}

/** Inserts `text` as a new last element (a `"key": value` pair or a list item), matching the literal's layout. */
function appendElement(literal: LiteralNode, text: string): TextEdit {
  const { parsed } = literal;
  const elements = elementsOf(literal);
  const closeOffset = absolute(literal, literal.node.end) - 1;
  const openOffset = absolute(literal, literal.node.start);
  const multiline = parsed.lines.position(openOffset).line !== parsed.lines.position(closeOffset).line;
  const eol = parsed.lines.eol;
  if (elements.length === 0) {
    // `(x)` is not a tuple: a one-item tuple needs its comma.
    if (!multiline) return { range: parsed.lines.range(openOffset + 1, closeOffset), newText: literal.node.type === 'tuple' ? `${text},` : text };
    const closeLine = parsed.lines.position(closeOffset).line;
    const closeIndent = /^\s*/.exec(parsed.lines.lineText(closeLine))![0];
    const insertAt = parsed.lines.lineStart(closeLine);
    return { range: parsed.lines.range(insertAt, insertAt), newText: `${closeIndent}    ${text},${eol}` };
  }
  const last = elements[elements.length - 1];
  const lastEnd = absolute(literal, last.end);
  const between = parsed.text.slice(lastEnd, closeOffset);
  const hasTrailingComma = /^\s*,/.test(between);
  if (!multiline) {
    return { range: parsed.lines.range(lastEnd, lastEnd), newText: `, ${text}` };
  }
  const lastLine = parsed.lines.position(absolute(literal, last.start)).line;
  const indent = /^\s*/.exec(parsed.lines.lineText(lastLine))![0];
  if (hasTrailingComma) {
    const commaEnd = lastEnd + between.indexOf(',') + 1;
    return { range: parsed.lines.range(commaEnd, commaEnd), newText: `${eol}${indent}${text},` };
  }
  return { range: parsed.lines.range(lastEnd, lastEnd), newText: `,${eol}${indent}${text}` };
}

/** Inserts a list item as the first element. */
function prependElement(literal: LiteralNode, text: string): TextEdit {
  const elements = elementsOf(literal);
  if (elements.length === 0) return appendElement(literal, text);
  const { parsed } = literal;
  const first = elements[0];
  const firstStart = absolute(literal, first.start);
  const openOffset = absolute(literal, literal.node.start);
  const sameLine = parsed.lines.position(openOffset).line === parsed.lines.position(firstStart).line;
  if (sameLine) return { range: parsed.lines.range(firstStart, firstStart), newText: `${text}, ` };
  const line = parsed.lines.position(firstStart).line;
  const indent = /^\s*/.exec(parsed.lines.lineText(line))![0];
  return { range: parsed.lines.range(firstStart, firstStart), newText: `${text},${parsed.lines.eol}${indent}` };
}

/** Sets `"key": source` in a dict literal: replaces the value if the key is there, else adds the pair. */
export function setDictEntryEdit(literal: LiteralNode, key: string, source: string): TextEdit {
  const pair = findPair(literal, key);
  if (pair) {
    const value = child(pair, 'value')!;
    return { range: literal.parsed.lines.range(absolute(literal, value.start), absolute(literal, value.end)), newText: source };
  }
  return appendElement(literal, `${JSON.stringify(key)}: ${source}`);
}

/** Removes an element (a dict pair or list item) with its comma, and its whole line when it has one to itself. */
export function removeElementEdit(literal: LiteralNode, element: PyNode): TextEdit {
  const { parsed } = literal;
  const start = absolute(literal, element.start);
  let end = absolute(literal, element.end);
  const after = parsed.text.slice(end);
  const comma = /^\s*,/.exec(after);
  if (comma) end += comma[0].length;
  const startLine = parsed.lines.position(start).line;
  const endLine = parsed.lines.position(end).line;
  const lineStart = parsed.lines.lineStart(startLine);
  const ownLine = parsed.text.slice(lineStart, start).trim() === '' && parsed.text.slice(end, parsed.lines.lineEnd(endLine)).trim() === '';
  if (ownLine) {
    const nextLineStart = endLine + 1 < parsed.lines.lineCount ? parsed.lines.lineStart(endLine + 1) : parsed.lines.lineEnd(endLine);
    return { range: parsed.lines.range(lineStart, nextLineStart), newText: '' };
  }
  if (!comma) {
    // Last element on a shared line: take the comma before it instead.
    const before = parsed.text.slice(0, start);
    const previousComma = /,\s*$/.exec(before);
    if (previousComma) return { range: parsed.lines.range(start - previousComma[0].length, end), newText: '' };
  }
  const trailingSpace = /^[ \t]*/.exec(parsed.text.slice(end))![0].length;
  return { range: parsed.lines.range(start, end + trailingSpace), newText: '' };
}

export function removeDictEntryEdit(literal: LiteralNode, key: string): TextEdit | undefined {
  const pair = findPair(literal, key);
  return pair ? removeElementEdit(literal, pair) : undefined;
}

/** Inserts a list item at the start, at the end, or right after / before an existing string item. */
export function insertListItemEdit(literal: LiteralNode, source: string, where: 'start' | 'end' | { after: string } | { before: string }): TextEdit {
  if (where === 'start') return prependElement(literal, source);
  if (where === 'end') return appendElement(literal, source);
  const elements = elementsOf(literal);
  const target = 'after' in where ? where.after : where.before;
  const index = elements.findIndex(
    (element) => element.type === 'string' && decodeStringLiteral(literal.stmt.text.slice(element.start, element.end))?.value === target,
  );
  if (index < 0) return 'after' in where ? appendElement(literal, source) : prependElement(literal, source);
  const { parsed } = literal;
  const anchor = elements[index];
  const anchorStart = absolute(literal, anchor.start);
  const line = parsed.lines.position(anchorStart).line;
  const indent = /^\s*/.exec(parsed.lines.lineText(line))![0];
  const ownLine = parsed.text.slice(parsed.lines.lineStart(line), anchorStart).trim() === '';
  if ('before' in where) {
    return { range: parsed.lines.range(anchorStart, anchorStart), newText: ownLine ? `${source},${parsed.lines.eol}${indent}` : `${source}, ` };
  }
  if (index === elements.length - 1) return appendElement(literal, source);
  const next = elements[index + 1];
  const nextStart = absolute(literal, next.start);
  return { range: parsed.lines.range(nextStart, nextStart), newText: ownLine ? `${source},${parsed.lines.eol}${indent}` : `${source}, ` };
}

/**
 * The list item insertion, laid out as Black would when the literal sits on one line that the new item would take
 * past the line length: the whole literal re-laid (its items on the next line, or one per line), comments aside.
 */
export function insertListItemLaidOut(literal: LiteralNode, source: string, where: 'start' | 'end' | { after: string } | { before: string }): TextEdit {
  const edit = insertListItemEdit(literal, source, where);
  const { parsed } = literal;
  const start = absolute(literal, literal.node.start);
  const end = absolute(literal, literal.node.end);
  const line = parsed.lines.position(start).line;
  if (parsed.lines.position(end).line !== line || literal.node.children.some((c) => c.type === 'comment')) return edit;
  const lineText = parsed.lines.lineText(line);
  // Only a literal that is the whole value on its line (`NAME = [...]`, `"DIRS": [...],`), as Black splits it first.
  const before = parsed.text.slice(parsed.lines.lineStart(line), start);
  const after = parsed.text.slice(end, parsed.lines.lineEnd(line));
  const assigned = /^\s*[A-Za-z_][\w.]*(?:\[[^\]]*\])*\s*=\s*$/.test(before) && /^\s*(#.*)?$/.test(after);
  const dictValue = /^\s*(?:"[^"\\]*"|'[^'\\]*')\s*:\s*$/.test(before) && /^\s*,?\s*(#.*)?$/.test(after);
  if (!assigned && !dictValue) return edit;
  if (lineText.length + edit.newText.length - (parsed.lines.offset(edit.range.end) - parsed.lines.offset(edit.range.start)) <= LINE_LENGTH) return edit;
  const items = elementsOf(literal).map((element) => literal.stmt.text.slice(element.start, element.end));
  const target = typeof where === 'string' ? undefined : 'after' in where ? where.after : where.before;
  const index = elementsOf(literal).findIndex(
    (element) => element.type === 'string' && decodeStringLiteral(literal.stmt.text.slice(element.start, element.end))?.value === target,
  );
  let at: number;
  if (where === 'start') at = 0;
  else if (where === 'end') at = items.length;
  else if (index < 0) at = 'after' in where ? items.length : 0;
  else at = 'after' in where ? index + 1 : index;
  items.splice(at, 0, source);
  const kind = literal.node.type === 'tuple' ? 'tuple' : 'list';
  return layoutEdit(parsed, parsed.lines.range(start, end), { kind, items, explode: false });
}

/** The replacement of the text at `range` by `expr`, laid out as Black would with the rest of its lines. */
export function layoutEdit(parsed: ParsedFile, range: Range, expr: PyExpr): TextEdit {
  const start = parsed.lines.offset(range.start);
  const end = parsed.lines.offset(range.end);
  const prefix = parsed.text.slice(parsed.lines.lineStart(range.start.line), start);
  const suffix = parsed.text.slice(end, parsed.lines.lineEnd(range.end.line));
  const text = layout(prefix, expr, suffix).join(parsed.lines.eol);
  return { range, newText: text.slice(prefix.length, text.length - suffix.length) };
}
