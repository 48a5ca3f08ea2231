// Shared vocabulary of the language service. Positions follow LSP: 0-based lines and UTF-16 characters.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a file; `file` is an absolute path with the host's separators. */
export interface Location {
  file: string;
  range: Range;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Checklist areas, in the order the checklist shows them. */
export const AREAS = [
  'settings',
  'db-connections',
  'template-loader',
  'session-cache',
  'apps-libs-layout',
  'templates-location',
  'html5-base',
  'process-supervisor',
  'security',
  'static-files',
  'error-reporting',
] as const;

export type AreaId = (typeof AREAS)[number];

export type AreaStatus = 'pass' | 'fail' | 'warn' | 'unknown' | 'off';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** One change to the workspace: edit an existing file, or create a new one (never overwriting). */
export type FileChange = { kind: 'edit'; file: string; edits: TextEdit[] } | { kind: 'create'; file: string; content: string };

export interface Fix {
  title: string;
  changes: FileChange[];
}

export interface RelatedInfo {
  location: Location;
  message: string;
}

export interface Finding {
  code: string;
  area: AreaId;
  severity: Severity;
  message: string;
  /** Django's own check id (`security.W004`) when Django reports the same problem. */
  djangoId: string | null;
  location: Location;
  related: RelatedInfo[];
  fix: Fix | null;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: pos(startLine, startChar), end: pos(endLine, endChar) };
}

export const FILE_START: Range = range(0, 0, 0, 0);

/**
 * Orders strings by UTF-16 code units: the same on every machine, and free, where localeCompare first loads
 * ICU's collator (7-14 ms, a tenth of a CLI run).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** True when `inner` lies within `outer`, in the same file. */
export function within(inner: Location, outer: Location): boolean {
  return inner.file === outer.file && comparePositions(outer.range.start, inner.range.start) <= 0 && comparePositions(inner.range.end, outer.range.end) <= 0;
}
