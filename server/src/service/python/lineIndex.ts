import type { Location, Position, Range } from '../types';

/** Converts UTF-16 offsets to LSP positions and back, for one version of a text. */
export class LineIndex {
  private static readonly recent: LineIndex[] = [];
  private readonly lineStarts: number[];
  /** The line the last position fell on: positions are mostly asked in order, often on the same line. */
  private lastLine = 0;

  /**
   * The index of `text`, shared with whoever indexed the same text just before: one keystroke indexes the
   * document's text several times (buffer, parse tree edit, parse, suppressions, diagnostics).
   */
  static of(text: string): LineIndex {
    for (const index of LineIndex.recent) if (index.text === text) return index;
    const index = new LineIndex(text);
    LineIndex.recent.unshift(index);
    if (LineIndex.recent.length > 4) LineIndex.recent.pop();
    return index;
  }

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') === -1) {
      // The common case, built on indexOf (several times faster than a loop over every character): it runs on
      // every keystroke for every open document.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10) starts.push(i + 1);
        else if (ch === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    const last = this.lastLine;
    if (starts[last] <= clamped && (last + 1 === starts.length || clamped < starts[last + 1])) return { line: last, character: clamped - starts[last] };
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The location of `start`..`end` in `file`, whose lines are worked out only if someone reads its range. */
  location(file: string, start: number, end: number): Location {
    return new OffsetLocation(file, this, start, end);
  }

  offset(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[Math.max(0, position.line)];
    const lineEnd = this.lineEnd(position.line);
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of a line, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** The line break the text already uses, so inserted lines match it. */
  get eol(): string {
    const index = this.text.indexOf('\n');
    return index > 0 && this.text.charCodeAt(index - 1) === 13 ? '\r\n' : '\n';
  }
}

/**
 * A location held as offsets until its range is read: the evaluator gives every value it computes a location (3 to 4
 * ms of a run on a large settings module, cold), and few of them are ever shown. It serialises as the plain
 * location it stands for; findings take plain copies (makeFinding).
 */
class OffsetLocation implements Location {
  private resolved: Range | undefined;

  constructor(
    readonly file: string,
    private readonly lines: LineIndex,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): Range {
    this.resolved ??= this.lines.range(this.start, this.end);
    return this.resolved;
  }

  toJSON(): Location {
    return { file: this.file, range: this.range };
  }
}
