// Minimal edits on supervisor files: replace a value or a slice of one, insert a key line, drop a key.
import type { Fix, Range, TextEdit } from '../types';
import { lineEnd, rangeInValue, type IniDocument, type IniEntry, type IniSection } from './ini';
import type { Placed, SourceFile } from './config';

export function singleFileFix(title: string, file: SourceFile, edits: TextEdit[]): Fix {
  return { title, changes: [{ kind: 'edit', file: file.path, edits }] };
}

export function replaceRange(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** Replaces the whole value of an entry. */
export function replaceValue(entry: IniEntry, newText: string): TextEdit {
  return { range: entry.valueRange, newText };
}

/** Replaces `value.slice(start, end)` of an entry. */
export function replaceInValue(entry: IniEntry, start: number, end: number, newText: string): TextEdit {
  return { range: rangeInValue(entry, start, end), newText };
}

export function insertInValue(entry: IniEntry, offset: number, text: string): TextEdit {
  return replaceInValue(entry, offset, offset, text);
}

/** A new `key=value` line after the last line that belongs to the section. */
function insertKey(doc: IniDocument, section: IniSection, key: string, value: string): TextEdit {
  const last = section.entries[section.entries.length - 1];
  const line = last ? last.range.end.line : section.headerRange.end.line;
  const at = lineEnd(doc, line);
  return { range: { start: at, end: at }, newText: `${doc.eol}${key}=${value}` };
}

/** A fix that sets a key: edits the value supervisord reads where it is written, else adds the key next to `home`. */
export function setKeyFix(title: string, home: Placed, existing: Placed | undefined, key: string, value: string): Fix {
  // A [DEFAULT] value reaches every section, so override it here instead of editing it.
  return existing && existing.section.name !== 'DEFAULT'
    ? singleFileFix(title, existing.file, [replaceValue(existing.entry, value)])
    : singleFileFix(title, home.file, [insertKey(home.file.doc, home.section, key, value)]);
}

/** Removes the lines of an entry, line break included. */
export function deleteEntry(doc: IniDocument, entry: IniEntry): TextEdit {
  const first = entry.range.start.line;
  const last = entry.range.end.line;
  const end = last + 1 < doc.lineLengths.length ? { line: last + 1, character: 0 } : lineEnd(doc, last);
  const start = end.character === 0 || first === 0 ? { line: first, character: 0 } : lineEnd(doc, first - 1);
  return { range: { start, end }, newText: '' };
}

/** Removes `value.slice(start, end)`, a word of the value, with the blanks that separate it; a word alone on
 * a continuation line takes its line with it. */
export function removeWord(doc: IniDocument, entry: IniEntry, start: number, end: number): TextEdit {
  const { value } = entry;
  const segmentStart = value.lastIndexOf('\n', start - 1) + 1;
  const newline = value.indexOf('\n', end);
  const segmentEnd = newline === -1 ? value.length : newline;
  if (segmentStart > 0 && segmentStart === start && segmentEnd === end) {
    const line = rangeInValue(entry, start, end).start.line;
    return { range: { start: lineEnd(doc, line - 1), end: lineEnd(doc, line) }, newText: '' };
  }
  let before = start;
  while (before > segmentStart && (value[before - 1] === ' ' || value[before - 1] === '\t')) before--;
  let after = end;
  if (before === start) while (after < segmentEnd && (value[after] === ' ' || value[after] === '\t')) after++;
  return replaceInValue(entry, before, after, '');
}
