// Reads supervisor's INI dialect the way supervisord 4.2.5 does: Python's configparser.RawConfigParser with
// inline_comment_prefixes (';', '#') and strict=False. Every decision below mirrors RawConfigParser._read,
// so that what we call a key, a value or a comment is exactly what supervisord will see.
import type { Position, Range } from '../types';
import { isPySpace, pyStrip } from './pyText';

/** Part of a value as it sits on one line: the stripped text and where it starts. */
interface IniSegment {
  line: number;
  start: number;
  text: string;
}

export interface IniComment {
  line: number;
  start: number;
  /** The comment text including its ';' or '#'. */
  text: string;
  /** True when it follows other text on the line (configparser cut it from a value or header). */
  inline: boolean;
}

export interface IniEntry {
  /** Lowercased, as configparser stores keys. */
  key: string;
  rawKey: string;
  keyRange: Range;
  separator: '=' | ':';
  /** The value supervisord reads: continuation lines joined with '\n', inline comments removed. */
  value: string;
  /** One per line of the value, in order; joined with '\n' they give `value`. */
  segments: IniSegment[];
  valueRange: Range;
  /** Inline comments configparser removed from the lines of this entry. */
  cutComments: IniComment[];
  /** From the key to the end of the value. */
  range: Range;
}

export interface IniSection {
  /** Case-sensitive, as configparser keeps section names. */
  name: string;
  nameRange: Range;
  /** From '[' to ']'. */
  headerRange: Range;
  entries: IniEntry[];
}

type IniProblemKind =
  /** A UTF-8 byte order mark: Python keeps it, so the first header is not recognised. */
  | 'byte-order-mark'
  /** Content before the first [section]: configparser stops with "File contains no section headers." */
  | 'no-section'
  /** A line that is neither a header, a key with '=' or ':', a comment nor a continuation. */
  | 'no-separator'
  /** A line like '= value'. */
  | 'empty-key';

interface IniProblem {
  kind: IniProblemKind;
  range: Range;
  /** The offending line as written. */
  lineText: string;
}

export interface IniDocument {
  /** Every section header in file order; a name may appear more than once (configparser merges them). */
  sections: IniSection[];
  problems: IniProblem[];
  comments: IniComment[];
  /** Length of each line in UTF-16 code units, without its line break. */
  lineLengths: number[];
  /** The file's own line break, for inserted lines. */
  eol: string;
}

const COMMENT_PREFIXES = [';', '#'] as const;

/** Where configparser's inline-comment scan cuts the line, or -1. Mirrors its quirk of looking at the
 * n-th occurrence of every prefix per round, which can miss a valid later prefix. */
function inlineCommentStart(line: string): number {
  let found = Number.MAX_SAFE_INTEGER;
  let pending = new Map<string, number>(COMMENT_PREFIXES.map((p) => [p, -1]));
  while (found === Number.MAX_SAFE_INTEGER && pending.size > 0) {
    const next = new Map<string, number>();
    for (const [prefix, from] of pending) {
      const index = line.indexOf(prefix, from + 1);
      if (index === -1) continue;
      next.set(prefix, index);
      if (index === 0 || isPySpace(line[index - 1])) found = Math.min(found, index);
    }
    pending = next;
  }
  return found === Number.MAX_SAFE_INTEGER ? -1 : found;
}

function firstNonSpace(text: string, from = 0, to = text.length): number {
  for (let i = from; i < to; i++) if (!isPySpace(text[i])) return i;
  return -1;
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

interface OpenEntry {
  entry: IniEntry;
  /** Trailing blank lines are kept only if more value follows (configparser rstrips the joined value). */
  pendingBlanks: IniSegment[];
  /** Whether some line of the value has text yet. */
  hasText: boolean;
}

export function parseIni(text: string): IniDocument {
  const lines = text.split(/\r\n|\r|\n/);
  const eol = /\r\n/.test(text) ? '\r\n' : /\r/.test(text) && !/\n/.test(text) ? '\r' : '\n';
  const doc: IniDocument = { sections: [], problems: [], comments: [], lineLengths: lines.map((l) => l.length), eol };
  let section: IniSection | null = null;
  let open: OpenEntry | null = null;
  let indentLevel = 0;
  let reportedNoSection = false;

  lines.forEach((rawLine, lineNo) => {
    let line = rawLine;
    if (lineNo === 0 && line.startsWith('\ufeff')) {
      doc.problems.push({ kind: 'byte-order-mark', range: range(0, 0, 1), lineText: rawLine });
      // Read on as if it were a space, so the rest of the file still gets a structure with unchanged positions.
      line = ` ${line.slice(1)}`;
    }
    let cut = inlineCommentStart(line);
    const trimmedStart = firstNonSpace(line);
    if (trimmedStart !== -1 && (line[trimmedStart] === ';' || line[trimmedStart] === '#')) cut = trimmedStart;
    const content = cut === -1 ? line : line.slice(0, cut);
    const value = pyStrip(content);
    if (cut !== -1) {
      doc.comments.push({ line: lineNo, start: cut, text: line.slice(cut), inline: value !== '' });
    }
    if (value === '') {
      if (cut === -1 && section && open) open.pendingBlanks.push({ line: lineNo, start: 0, text: '' });
      return;
    }
    const valueStart = firstNonSpace(content);
    const indent = trimmedStart === -1 ? 0 : trimmedStart;
    if (section && open && indent > indentLevel) {
      const segment = { line: lineNo, start: valueStart, text: value };
      appendSegment(open, segment, cut === -1 ? null : doc.comments[doc.comments.length - 1]);
      return;
    }
    indentLevel = indent;
    const header = value.startsWith('[') ? value.lastIndexOf(']') : -1;
    if (header >= 2) {
      section = {
        name: value.slice(1, header),
        nameRange: range(lineNo, valueStart + 1, valueStart + header),
        headerRange: range(lineNo, valueStart, valueStart + header + 1),
        entries: [],
      };
      doc.sections.push(section);
      open = null;
      return;
    }
    if (!section) {
      if (!reportedNoSection) {
        doc.problems.push({ kind: 'no-section', range: range(lineNo, valueStart, valueStart + value.length), lineText: rawLine });
        reportedNoSection = true;
      }
      return;
    }
    const sep = firstSeparator(value);
    if (sep === -1) {
      doc.problems.push({ kind: 'no-separator', range: range(lineNo, valueStart, valueStart + value.length), lineText: rawLine });
      return;
    }
    const rawKey = pyStrip(value.slice(0, sep));
    if (rawKey === '') {
      doc.problems.push({ kind: 'empty-key', range: range(lineNo, valueStart, valueStart + value.length), lineText: rawLine });
      open = null;
      return;
    }
    const afterSep = valueStart + sep + 1;
    const firstValueChar = firstNonSpace(content, afterSep);
    const first = pyStrip(value.slice(sep + 1));
    const segStart = first === '' ? afterSep : firstValueChar;
    const segment: IniSegment = { line: lineNo, start: segStart, text: first };
    const entry: IniEntry = {
      key: rawKey.toLowerCase(),
      rawKey,
      keyRange: range(lineNo, valueStart, valueStart + rawKey.length),
      separator: value[sep] as '=' | ':',
      value: first,
      segments: [segment],
      valueRange: range(lineNo, segStart, segStart + first.length),
      cutComments: cut === -1 ? [] : [doc.comments[doc.comments.length - 1]],
      range: range(lineNo, valueStart, segStart + first.length),
    };
    section.entries.push(entry);
    open = { entry, pendingBlanks: [], hasText: first !== '' };
  });
  return doc;
}

function firstSeparator(value: string): number {
  for (let i = 0; i < value.length; i++) if (value[i] === '=' || value[i] === ':') return i;
  return -1;
}

function appendSegment(open: OpenEntry, segment: IniSegment, comment: IniComment | null): void {
  const { entry } = open;
  // Built up piece by piece: values with many continuation lines must not cost quadratic time.
  for (const blank of open.pendingBlanks) {
    entry.segments.push(blank);
    entry.value += '\n';
  }
  open.pendingBlanks = [];
  entry.segments.push(segment);
  entry.value += `\n${segment.text}`;
  const end: Position = { line: segment.line, character: segment.start + segment.text.length };
  const start = entry.segments[0].text === '' && !open.hasText ? { line: segment.line, character: segment.start } : entry.valueRange.start;
  open.hasText = true;
  entry.valueRange = { start, end };
  entry.range = { start: entry.range.start, end };
  if (comment) entry.cutComments.push(comment);
}

/** Document position of a UTF-16 offset inside `entry.value` (offsets past the end clamp to the end). */
export function positionInValue(entry: IniEntry, offset: number): Position {
  let base = 0;
  for (const segment of entry.segments) {
    if (offset <= base + segment.text.length) return { line: segment.line, character: segment.start + (offset - base) };
    base += segment.text.length + 1;
  }
  return entry.valueRange.end;
}

export function rangeInValue(entry: IniEntry, start: number, end: number): Range {
  return { start: positionInValue(entry, start), end: positionInValue(entry, end) };
}

/** End of a line, for edits that insert after it. */
export function lineEnd(doc: IniDocument, line: number): Position {
  return { line, character: doc.lineLengths[line] ?? 0 };
}
