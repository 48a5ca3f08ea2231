// Where one dotted path (`backend.image`) of a Helm chart's values.yaml is written, found from the indentation
// alone, so that only that block needs the YAML parser: values files run to thousands of lines, and the `yaml`
// package parses them at about 1 MB/s in a short-lived process. The outline answers only when the layout leaves
// no doubt about how YAML reads it. Anything it does not vouch for (a quoted scalar or flow collection that may go
// on to the next line, indentation that returns to a level it never had, an alias, a tag, a merge key that may
// supply the name, a document marker, tabs, keys that are not plain words) makes it `unsure`, and the caller
// parses the whole file.

export type ValueBlock =
  /** `start..end` is the path's last key with all of its value, indented as in the file. */
  | { kind: 'block'; start: number; end: number }
  /** The path leads nowhere: no such key, or it goes through a scalar or a list. */
  | { kind: 'absent' }
  | { kind: 'unsure' };

interface Line {
  start: number;
  /** End of the line's text, before its line break. */
  end: number;
  /** Leading spaces. */
  indent: number;
  /** The text after the indentation. */
  text: string;
  /** `blank` for empty and comment lines, `content` for the lines of a block scalar (`key: |`). */
  kind: 'blank' | 'content' | 'node';
}

// A plain key (`image:`, `nginx.ingress.kubernetes.io/snippet:`) and what follows the colon on its line.
const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./-]*)[ ]*:(?:[ ]+(.*))?$/;
// Keys YAML reads as something other than their text (`True` is the boolean true, `010` the number 10).
const NOT_TEXT_KEY = /^([0-9].*|true|false|null|True|False|Null|TRUE|FALSE|NULL)$/;
const SEQUENCE_ITEM = /^-(?:[ ]|$)/;
const ANCHOR = /^&[^\s[\]{},]+$/;
// Characters after which a YAML token may start: a quote or bracket there opens a scalar or a collection.
const TOKEN_BOUNDARY = new Set([' ', '-', ':', ',', '[', '{', '?']);

export class ValuesOutline {
  private readonly lines: Line[] | undefined;

  constructor(source: string) {
    this.lines = outline(source);
  }

  /** Keys of the blocks asked about so far: a chart's templates ask for many paths under the same few keys. */
  private readonly keysOf = new Map<string, ChildKeys | 'none' | 'unsure'>();

  private childKeys(lines: Line[], from: number, to: number, parentIndent: number): ChildKeys | 'none' | 'unsure' {
    const key = `${from}:${to}:${parentIndent}`;
    let keys = this.keysOf.get(key);
    if (!keys) this.keysOf.set(key, (keys = childKeys(lines, from, to, parentIndent)));
    return keys;
  }

  /** The block of `path` (dotted keys), or why there is none. */
  find(path: string): ValueBlock {
    const lines = this.lines;
    if (!lines) return { kind: 'unsure' };
    const keys = path.split('.');
    let from = 0;
    let to = lines.length;
    let parentIndent = -1;
    for (let depth = 0; depth < keys.length; depth++) {
      const children = this.childKeys(lines, from, to, parentIndent);
      if (children === 'unsure') return { kind: 'unsure' };
      // A list, or nothing under the key: no key can be found in it.
      if (children === 'none') return { kind: 'absent' };
      const matches = children.keys.filter((entry) => entry.key === keys[depth]);
      // A later key wins over an earlier one, and a key of the map's own over one a merge key (`<<`) brings in.
      const entry = matches[matches.length - 1];
      if (!entry) return children.keys.some((other) => other.key === '<<') ? { kind: 'unsure' } : { kind: 'absent' };
      const opensBlock = entry.rest === '' || ANCHOR.test(entry.rest);
      const end = blockEnd(lines, entry.line, children.indent, opensBlock);
      if (depth === keys.length - 1) {
        return plainBlock(lines, entry.line, end) ? { kind: 'block', start: lines[entry.line].start, end: lines[end - 1].end } : { kind: 'unsure' };
      }
      if (!opensBlock) {
        // A scalar or a flow list on the key's line has no keys; anything else may.
        return /^[*!{&?-]/.test(entry.rest) || end > entry.line + 1 ? { kind: 'unsure' } : { kind: 'absent' };
      }
      from = entry.line + 1;
      to = end;
      parentIndent = children.indent;
    }
    return { kind: 'unsure' };
  }
}

/** The lines of the file, or undefined when its layout is not one the outline can vouch for. */
function outline(source: string): Line[] | undefined {
  if (/[\u0085\u2028\u2029\ufeff]/.test(source)) return undefined;
  const lines: Line[] = [];
  const structure = new Structure();
  // A block scalar (`key: |`) or a flow collection (`args: [`) whose lines go deeper than the node holding it.
  let blockScalar: { holder: number; indent: number | undefined } | undefined;
  let flow: { holder: number; depth: number } | undefined;
  for (let start = 0; start <= source.length; ) {
    let lineEnd = source.indexOf('\n', start);
    if (lineEnd === -1) lineEnd = source.length;
    const end = lineEnd > start && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const raw = source.slice(start, end);
    const indent = /^ */.exec(raw)![0].length;
    const text = raw.slice(indent);
    if (/^\s/.test(text) || text.includes('\r')) return undefined;
    // One document, at most opened by `---` on its first line.
    const marker = indent === 0 && /^(%|---|\.\.\.)/.test(text);
    if (marker && (!/^---[ ]*(#.*)?$/.test(text) || lines.some((line) => line.kind !== 'blank' || line.text.startsWith('---')))) return undefined;
    if (blockScalar && text !== '') {
      blockScalar.indent ??= indent > blockScalar.holder ? indent : -1;
      if (blockScalar.indent < 0 || indent < blockScalar.indent) blockScalar = undefined;
    }
    if (flow && text !== '') {
      const scan = indent > flow.holder ? scanLine(text, flow.depth) : undefined;
      if (!scan) return undefined;
      flow.depth = scan.depth;
      lines.push({ start, end, indent, text, kind: 'content' });
      if (flow.depth === 0) flow = undefined;
    } else {
      const kind = blockScalar || flow ? 'content' : marker || text === '' || text.startsWith('#') ? 'blank' : 'node';
      lines.push({ start, end, indent, text, kind });
      if (kind === 'node') {
        const scan = scanLine(text, 0);
        if (scan === undefined || !structure.add(indent, text)) return undefined;
        if (scan.depth > 0) flow = { holder: structure.holder, depth: scan.depth };
        else if (scan.blockScalar) blockScalar = { holder: structure.holder, indent: undefined };
      }
    }
    if (lineEnd >= source.length) break;
    start = lineEnd + 1;
  }
  return flow ? undefined : lines;
}

/**
 * The nesting of block mappings and lists, line by line, as YAML reads well-formed files. A line that does not fit
 * (a key among list items, a level the file never opened, lines below a value written on its key's line) is where
 * YAML reports an error and recovers in ways the outline does not follow.
 */
class Structure {
  private readonly open: Level[] = [];
  /** The previous line leaves its value to the lines below it (`key:`, `- `). */
  private opens = false;
  /** The column of the previous line's key when its value is still to come: a list may follow at that column. */
  private keyColumn = -1;

  /** Column of the innermost mapping or list: lines of a value it holds must go deeper. */
  get holder(): number {
    for (let i = this.open.length - 1; i >= 0; i--) if (this.open[i].kind !== 'value') return this.open[i].indent;
    return -1;
  }

  add(indent: number, text: string): boolean {
    const dashes = /^(-[ ]+|-$)*/.exec(text)![0];
    const content = text.slice(dashes.length);
    const contentKey = content === '' ? undefined : keyOf(content);
    const isItem = dashes !== '';
    let closed = false;
    while (this.open.length && this.top.indent > indent) {
      this.open.pop();
      closed = true;
    }
    if (this.open.length && this.top.indent === indent) {
      if (this.top.kind === 'list' && !isItem && this.top.compact) this.open.pop();
      const top = this.top;
      if (top.kind === 'map' && isItem) {
        // `key:` with its list at the key's own indentation.
        if (this.keyColumn !== indent) return false;
        this.open.push({ indent, kind: 'list', compact: true });
      } else if (top.kind === 'value' || (top.kind === 'list' && !isItem) || (top.kind === 'map' && contentKey === undefined)) return false;
    } else {
      // Deeper than the open levels: only below a line that leaves its value to the lines below it.
      if (closed || (this.open.length && !this.opens)) return false;
      // A line that is neither a key nor a list item is that value itself (`args:` then `  ["a", "b"]`).
      this.open.push({ indent, kind: isItem ? 'list' : contentKey ? 'map' : 'value' });
    }
    // Nested list items (`- - x`) and a list item's mapping (`- name: x`) open levels at their columns.
    for (const dash of dashes.matchAll(/-[ ]*/g)) {
      const column = indent + dash.index! + dash[0].length;
      if (dash.index! > 0) this.open.push({ indent: indent + dash.index!, kind: 'list' });
      if (dash.index! + dash[0].length === dashes.length && contentKey !== undefined) this.open.push({ indent: column, kind: 'map' });
    }
    const value = contentKey !== undefined ? contentKey.rest : content;
    // A plain scalar cannot hold `: ` (YAML reads `a: b: c` as an error) nor start with an indicator; tags are not read.
    if (/^[\]},%@`!]/.test(value) || (!/^["'[{]/.test(value) && /:([ ]|$)/.test(value))) return false;
    this.opens = contentKey !== undefined || isItem ? value === '' || ANCHOR.test(value) : false;
    this.keyColumn = contentKey !== undefined && this.opens ? indent + dashes.length : -1;
    return true;
  }

  private get top(): Level {
    return this.open[this.open.length - 1];
  }
}

interface Level {
  indent: number;
  kind: 'map' | 'list' | 'value';
  /** A list at its key's own indentation: a key at that indentation ends it. */
  compact?: boolean;
}

/** A plain key line's key and what follows its colon (comments dropped), or undefined for any other line. */
function keyOf(text: string): { key: string; rest: string } | undefined {
  if (/^<<[ ]*:/.test(text))
    return {
      key: '<<',
      rest: text
        .replace(/^<<[ ]*:/, '')
        .replace(/(^|[ ]+)#.*$/, '')
        .trim(),
    };
  const match = KEY_LINE.exec(text);
  return match ? { key: match[1], rest: (match[2] ?? '').replace(/(^|[ ]+)#.*$/, '').trim() } : undefined;
}

/**
 * Reads a line's quoted scalars and flow collections, from a flow nesting of `depth` (inside a collection that
 * began on a line above). Undefined when a quoted scalar goes on to the next line, a collection closes with more
 * than a comment after it, or the line holds what the outline does not read (`? key`, `|2`); else the nesting the
 * line leaves open, and whether it starts a block scalar (`key: |`, `- >-`).
 */
function scanLine(text: string, depth: number): { depth: number; blockScalar: boolean } | undefined {
  const inFlow = depth > 0;
  let lastToken = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const atToken = i === 0 || TOKEN_BOUNDARY.has(text[i - 1]);
    if (ch === '#' && (i === 0 || text[i - 1] === ' ')) break;
    if (!atToken && depth === 0) continue;
    if (atToken && ch !== ' ') lastToken = i;
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (i >= text.length) return undefined;
    } else if (ch === "'") {
      for (i++; i < text.length; i++) {
        if (text[i] !== "'") continue;
        if (text[i + 1] !== "'") break;
        i++;
      }
      if (i >= text.length) return undefined;
    } else if (ch === '[' || ch === '{') depth++;
    else if ((ch === ']' || ch === '}') && depth > 0) {
      depth--;
      if (depth === 0 && inFlow) return /^[ ]*(#.*)?$/.test(text.slice(i + 1)) ? { depth, blockScalar: false } : undefined;
    } else if (ch === '?' && atToken && (text[i + 1] === ' ' || i + 1 === text.length)) return undefined;
  }
  if (depth > 0 || lastToken < 0 || (text[lastToken] !== '|' && text[lastToken] !== '>')) return { depth, blockScalar: false };
  // `|` or `>` with a chomping indicator at most: an explicit indentation is not read here.
  return /^[|>][+-]?[ ]*(#.*)?$/.test(text.slice(lastToken)) ? { depth, blockScalar: true } : undefined;
}

interface ChildKeys {
  indent: number;
  keys: { key: string; line: number; rest: string }[];
}

/** The keys of the mapping written on lines `from..to`, below a node at `parentIndent`. */
function childKeys(lines: Line[], from: number, to: number, parentIndent: number): ChildKeys | 'none' | 'unsure' {
  let indent = -1;
  let list = false;
  const keys: ChildKeys['keys'] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.kind === 'blank') continue;
    if (indent < 0) {
      if (line.kind === 'content' || line.indent <= parentIndent) return 'unsure';
      indent = line.indent;
      list = SEQUENCE_ITEM.test(line.text);
    }
    // Deeper lines belong to the key above them: its block, or its block scalar. Below a value on the key's line
    // they could only continue a plain scalar, where YAML reads a `key: value` of theirs as a broken key instead.
    if (line.kind === 'content' || line.indent > indent) {
      if (keys.length === 0 && !list) return 'unsure';
      const above = keys[keys.length - 1];
      if (line.kind === 'node' && above && above.rest !== '' && !ANCHOR.test(above.rest)) return 'unsure';
      continue;
    }
    if (line.indent < indent) return 'unsure';
    if (list) {
      if (!SEQUENCE_ITEM.test(line.text)) return 'unsure';
      continue;
    }
    const key = keyOf(line.text);
    if (key) {
      if (NOT_TEXT_KEY.test(key.key)) return 'unsure';
      keys.push({ ...key, line: i });
      continue;
    }
    // `key:` with its list at the key's own indentation (`args:` then `- a`).
    if (SEQUENCE_ITEM.test(line.text) && keys.length && keys[keys.length - 1].rest === '') continue;
    return 'unsure';
  }
  return indent < 0 || list ? 'none' : { indent, keys };
}

/** The line after the block of the key on `line` (at `indent`): deeper lines, and a list at its own indentation. */
function blockEnd(lines: Line[], line: number, indent: number, listMayFollow: boolean): number {
  let end = line + 1;
  for (let i = line + 1; i < lines.length; i++) {
    const next = lines[i];
    if (next.kind === 'blank') continue;
    if (next.kind === 'content' || next.indent > indent || (listMayFollow && next.indent === indent && SEQUENCE_ITEM.test(next.text))) end = i + 1;
    else break;
  }
  return end;
}

/** No alias, tag or merge key in the block: what it says does not depend on the rest of the file. */
function plainBlock(lines: Line[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const { kind, text } = lines[i];
    if (kind !== 'node') continue;
    if (/^(-[ ]+)*<<[ ]*:/.test(text)) return false;
    for (let j = 0; j < text.length; j++) {
      if ((text[j] === '*' || text[j] === '!') && (j === 0 || TOKEN_BOUNDARY.has(text[j - 1]))) return false;
    }
  }
  return true;
}
