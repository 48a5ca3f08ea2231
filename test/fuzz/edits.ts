// Random edits of the kinds a person makes while typing in a settings module or a supervisor file, plus the
// abuse an editor can deliver (garbage characters, NULs, a 1 MB paste, thousands of nested brackets). Each edit
// is one replacement in UTF-16 offsets of the current text, the unit of LSP positions.
import { LineIndex } from '../../server/src/service/python/lineIndex';
import type { Range } from '../../server/src/service/types';
import type { Random } from './random';

export interface TextChange {
  kind: string;
  start: number;
  end: number;
  text: string;
}

/** A change as an LSP incremental `didChange` content change. */
export interface LspChange {
  range: Range;
  text: string;
}

export function applyChange(text: string, change: Pick<TextChange, 'start' | 'end' | 'text'>): string {
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

/** The one change (common prefix and suffix kept) that turns `from` into `to`, as an editor's undo or a paste sends. */
export function minimalChange(from: string, to: string): TextChange {
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (end < from.length - start && end < to.length - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { kind: 'replace', start, end: from.length - end, text: to.slice(start, to.length - end) };
}

export function toLspChange(text: string, change: TextChange): LspChange {
  return { range: new LineIndex(text).range(change.start, change.end), text: change.text };
}

const ONE_MB = 1 << 20;
/** Past this size the next edit shrinks the text, so a run never snowballs into pasting megabytes on megabytes. */
const MAX_TEXT = 3 * ONE_MB;

const TYPED = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ .,:;=+-*/%()[]{}"\'#\\\n    \t=:;[]%()';
const WORDS = [
  'True',
  'False',
  'None',
  'DEBUG',
  'SECRET_KEY',
  'os.environ',
  '.get(',
  'import os\n',
  'from .base import *\n',
  '[program:',
  'command=',
  'autorestart=',
  '%(ENV_HOME)s',
  '"""',
  "'''",
  'f"{',
  'lambda',
  'if ',
  'else:',
  '\\',
  '**',
  '*',
  ' = ',
  '\n\n',
];
const GARBAGE = [
  '\ufffd',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00e9',
  '\u4e2d',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud83d\ude00',
  '\r',
  '\r\n',
  '\t',
  '\f',
  '\v',
  '\ufffd\ufffd',
];
const BRACKETS = '()[]{}"\'';

export class EditGenerator {
  private cursor = 0;

  constructor(
    private readonly random: Random,
    private readonly original: string,
  ) {}

  /** The next edit for `text`. */
  next(text: string): TextChange {
    const r = this.random;
    if (text.length > MAX_TEXT) return r.chance(0.5) ? this.revert(text) : this.truncate(text);
    const make = r.weighted<() => TextChange>([
      [30, () => this.type(text)],
      [14, () => this.backspace(text)],
      [8, () => this.word(text)],
      [8, () => this.deleteBracket(text)],
      [6, () => this.insertBracket(text)],
      [6, () => this.duplicateLine(text)],
      [4, () => this.deleteLine(text)],
      [4, () => this.indent(text)],
      [6, () => this.garbage(text)],
      [2, () => this.truncate(text)],
      [2, () => this.deepBrackets(text)],
      [3, () => this.revert(text)],
      [0.6, () => this.pasteHugeLine(text)],
    ]);
    const change = make();
    this.cursor = change.start + change.text.length;
    return change;
  }

  /** Near the last edit most of the time, as typing is; anywhere otherwise. Never between \r and \n. */
  private offset(text: string): number {
    const r = this.random;
    let offset = r.chance(0.7) ? Math.max(0, Math.min(text.length, this.cursor + r.between(-20, 20))) : r.int(text.length + 1);
    if (text[offset - 1] === '\r' && text[offset] === '\n') offset--;
    return offset;
  }

  private lineBounds(text: string): { start: number; end: number } {
    const lines = new LineIndex(text);
    const line = this.random.int(lines.lineCount);
    const start = lines.lineStart(line);
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
    return { start, end: next };
  }

  private type(text: string): TextChange {
    const at = this.offset(text);
    let typed = '';
    for (let i = this.random.between(1, 6); i > 0; i--) typed += this.random.pick(TYPED);
    return { kind: 'type', start: at, end: at, text: typed };
  }

  private backspace(text: string): TextChange {
    const end = this.offset(text);
    let start = Math.max(0, end - this.random.between(1, 12));
    if (text[start - 1] === '\r' && text[start] === '\n') start--;
    return { kind: 'backspace', start, end, text: '' };
  }

  private word(text: string): TextChange {
    const at = this.offset(text);
    return { kind: 'word', start: at, end: at, text: this.random.pick(WORDS) };
  }

  private deleteBracket(text: string): TextChange {
    const positions: number[] = [];
    for (let i = 0; i < text.length && positions.length < 4096; i++) if (BRACKETS.includes(text[i])) positions.push(i);
    if (!positions.length) return this.backspace(text);
    const at = this.random.pick(positions);
    return { kind: 'delete-bracket', start: at, end: at + 1, text: '' };
  }

  private insertBracket(text: string): TextChange {
    const at = this.offset(text);
    return { kind: 'insert-bracket', start: at, end: at, text: this.random.pick(BRACKETS) };
  }

  private duplicateLine(text: string): TextChange {
    const { start, end } = this.lineBounds(text);
    const line = text.slice(start, end);
    return { kind: 'duplicate-line', start: end, end, text: /[\r\n]$/.test(line) || !line ? line : `\n${line}` };
  }

  private deleteLine(text: string): TextChange {
    const { start, end } = this.lineBounds(text);
    return { kind: 'delete-line', start, end, text: '' };
  }

  private indent(text: string): TextChange {
    const { start } = this.lineBounds(text);
    return { kind: 'indent', start, end: start, text: this.random.pick(['    ', '\t', ' ', '        ']) };
  }

  private garbage(text: string): TextChange {
    const at = this.offset(text);
    let inserted = '';
    for (let i = this.random.between(1, 8); i > 0; i--) {
      // A lone surrogate now and then: a buffer can hold one after a bad paste or a split emoji.
      inserted += this.random.chance(0.05) ? this.random.pick(['\ud800', '\udfff']) : this.random.pick(GARBAGE);
    }
    return { kind: 'garbage', start: at, end: at, text: inserted };
  }

  private truncate(text: string): TextChange {
    const at = this.random.int(text.length + 1);
    return { kind: 'truncate', start: text[at - 1] === '\r' && text[at] === '\n' ? at - 1 : at, end: text.length, text: '' };
  }

  private deepBrackets(text: string): TextChange {
    const at = this.offset(text);
    const depth = this.random.pick([64, 500, 3000, 20000]);
    const [open, close] = this.random.pick([
      ['[', ']'],
      ['(', ')'],
      ['{"k": ', '}'],
      ['-', ''],
      ['not ', ''],
    ]);
    const closed = this.random.chance(0.5);
    return { kind: 'deep-brackets', start: at, end: at, text: open.repeat(depth) + (closed ? `1${close.repeat(depth)}` : '') };
  }

  private revert(text: string): TextChange {
    return { kind: 'revert', start: 0, end: text.length, text: this.original };
  }

  private pasteHugeLine(text: string): TextChange {
    const { start } = this.lineBounds(text);
    const body = this.random.pick([
      () => `BLOB = "${'A'.repeat(ONE_MB)}"\n`,
      () => `# ${'x'.repeat(ONE_MB)}\n`,
      () => `${'word '.repeat(ONE_MB / 5)}\n`,
      () => `X = [${'1, '.repeat(ONE_MB / 3)}]\n`,
      () => `command=${'a'.repeat(ONE_MB)}\n`,
    ])();
    return { kind: 'paste-1mb', start, end: start, text: body };
  }
}

export interface EditEvent {
  /** The content changes of one `didChange`, each against the text the previous one produced. */
  changes: LspChange[];
  kinds: string[];
  /** The text after the event. */
  text: string;
}

/** `count` change events over `original`, now and then several changes in one event as multi-cursor edits send. */
export function* editEvents(random: Random, original: string, count: number): Generator<EditEvent> {
  const edits = new EditGenerator(random, original);
  let text = original;
  for (let i = 0; i < count; i++) {
    const changes: LspChange[] = [];
    const kinds: string[] = [];
    for (let n = random.chance(0.1) ? random.between(2, 3) : 1; n > 0; n--) {
      const change = edits.next(text);
      changes.push(toLspChange(text, change));
      kinds.push(change.kind);
      text = applyChange(text, change);
    }
    yield { changes, kinds, text };
  }
}
