// Whole-statement edits for fixes that move or drop a setting: only for a top-level assignment that sits alone on
// its lines, in a module of the production chain, set once and on every path.
import { type FileSystem, readTextOrUndefined } from '../../fileSystem';
import type { DjangoProject } from '../../project/model';
import type { ParsedFile } from '../../python/parseCache';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { TextEdit } from '../../types';

export interface PlainStatement {
  name: string;
  file: string;
  parsed: ParsedFile;
  /** Offsets of the statement's lines: from the start of its first line to the start of the line after it. */
  lineStart: number;
  lineEnd: number;
  /** Source text of the assigned value. */
  valueSource: string;
}

/** The setting's single, unconditional, top-level `NAME = value` statement, or undefined. */
export function plainStatement(view: SettingsView, setting: Setting): PlainStatement | undefined {
  const binding = setting.binding;
  if (!binding || binding.maybeUnset || binding.branches || !binding.valueRange) return undefined;
  const parsed = view.evaluation.modules.find((module) => module.ref.file === binding.statement.file)?.parsed;
  if (!parsed || binding.valueRange.file !== binding.statement.file) return undefined;
  const start = parsed.lines.offset(binding.statement.range.start);
  const end = parsed.lines.offset(binding.statement.range.end);
  const text = parsed.text.slice(start, end);
  if (binding.statement.range.start.character !== 0 || !new RegExp(`^${setting.name}\\s*=(?!=)`).test(text)) return undefined;
  // Set exactly once in this file (a second assignment or a mutation would change what moving it means).
  const mentions = parsed.text.match(new RegExp(`^${setting.name}\\b`, 'gm')) ?? [];
  if (mentions.length !== 1) return undefined;
  const endLine = binding.statement.range.end.line;
  const rest = parsed.text.slice(end, parsed.lines.lineEnd(endLine));
  if (!/^\s*(#.*)?$/.test(rest)) return undefined;
  const lineEnd = endLine + 1 < parsed.lines.lineCount ? parsed.lines.lineStart(endLine + 1) : parsed.text.length;
  const valueSource = parsed.text.slice(parsed.lines.offset(binding.valueRange.range.start), parsed.lines.offset(binding.valueRange.range.end));
  return { name: setting.name, file: parsed.file, parsed, lineStart: start, lineEnd, valueSource };
}

/** Removes the statement's lines. */
export function deleteEdit(statement: PlainStatement): TextEdit {
  return { range: statement.parsed.lines.range(statement.lineStart, statement.lineEnd), newText: '' };
}

/** Replaces the statement's lines with `lines`. */
export function replaceEdit(statement: PlainStatement, lines: string[]): TextEdit {
  const eol = statement.parsed.lines.eol;
  const ending = statement.lineEnd === statement.parsed.text.length && !statement.parsed.text.endsWith('\n') ? '' : eol;
  return { range: statement.parsed.lines.range(statement.lineStart, statement.lineEnd), newText: lines.join(eol) + ending };
}

/** True when some module of the production chain uses `name` outside its own assignment (moving it would break that). */
export function usedElsewhere(view: SettingsView, statement: PlainStatement): boolean {
  const pattern = new RegExp(`\\b${statement.name}\\b`, 'g');
  for (const module of view.evaluation.modules) {
    const text = module.parsed?.text;
    if (!text) continue;
    for (const match of text.matchAll(pattern)) {
      const inOwnStatement = module.parsed!.file === statement.file && match.index! >= statement.lineStart && match.index! < statement.lineEnd;
      if (!inOwnStatement && !isInComment(text, match.index!)) return true;
    }
  }
  return false;
}

function isInComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).includes('#');
}

/**
 * True when a settings module other than `edited` mentions one of `names`: a development module that sets EMAIL_HOST
 * over a base module that now has MAILERS would stop starting, so such a move is not clear.
 */
export function mentionedInOtherSettings(fs: FileSystem, project: DjangoProject, names: string[], edited: string[]): boolean {
  const pattern = new RegExp(`\\b(${names.join('|')})\\b`);
  for (const module of project.settingsModules) {
    if (edited.includes(module.file)) continue;
    const text = readTextOrUndefined(fs, module.file);
    if (text === undefined || pattern.test(text)) return true;
  }
  return false;
}
