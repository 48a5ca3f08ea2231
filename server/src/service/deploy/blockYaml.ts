// A fast reader for the plain block YAML that compose files and Kubernetes manifests are written in. The `yaml`
// package is exact and recovers from any error, but a short-lived process runs it cold: a compose file and a few
// Helm templates cost 15 to 30 ms of the CLI's run. This reader builds the same nodes (the package's own classes,
// with the same values, types and ranges) for the layouts it knows, in one pass over the lines, and answers
// `undefined` for anything else: anchors, aliases, tags, merge keys, keys that are not plain words, multi-line
// plain or quoted scalars, nested flow collections, flow mappings that are not empty, folded scalars with blank or
// more indented lines, `|+`, comments where the package widens a node's range over them, empty documents, tabs, CR,
// directives. The caller then parses with the package. A property test (unit/blockYaml.test.ts) checks that
// whatever this reader answers is what the package answers.
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

type YamlModule = typeof import('yaml');

/** Options the callers parse with (text.ts); the documents made here carry the same. */
export const YAML_OPTIONS = { uniqueKeys: false, merge: true, prettyErrors: false, strict: false } as const;

interface Line {
  start: number;
  /** End of the line's text, before its line break. */
  end: number;
  /** Start of the next line (end + 1), or the end of the text. */
  next: number;
  indent: number;
  kind: 'blank' | 'comment' | 'content';
}

class Unsupported extends Error {}

const unsupported = (): never => {
  throw new Unsupported();
};

// A line that starts with `key:` (the key checked further by PLAIN_KEY).
const KEY = /^([^:#'"\s][^:#]*?):(?=[ ]|$)/;
// A key this reader accepts: a plain word as Compose and Kubernetes write them (`image`, `app.kubernetes.io/name`).
const PLAIN_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_./$-]*$/;
// The first character of a plain scalar, when it cannot start something else (an indicator: `-? ,[]{}#&*!|>'"%@`).
const PLAIN_START = /^[A-Za-z0-9_./~$(^=+;\\<]|^[-?:][^\s,[\]{}]/;

/** Double-quoted escapes of one character (YAML 1.2). */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** Parses `source` as the `yaml` package would, or undefined when it holds anything this reader does not know. */
export function parseBlockYaml(yaml: YamlModule, source: string): Document.Parsed[] | undefined {
  // Tabs, CR, BOM, NEL and the other line breaks YAML knows, and control characters: the package's rules there
  // are not repeated here.
  if (/[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(source)) return undefined;
  try {
    return new BlockReader(yaml, source).documents();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class BlockReader {
  private readonly lines: Line[] = [];
  private readonly tags: {
    default?: unknown;
    test?: RegExp;
    resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
    format?: string;
  }[];
  private readonly stringTag: { resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown };
  private readonly schemaDocument: Document;
  private line = 0;
  /** End (line index) of the document being read. */
  private segmentEnd = 0;

  constructor(
    private readonly yaml: YamlModule,
    private readonly source: string,
  ) {
    for (let start = 0; start <= source.length; ) {
      let end = source.indexOf('\n', start);
      const last = end === -1;
      if (last) end = source.length;
      let indent = 0;
      while (source.charCodeAt(start + indent) === 32) indent++;
      const first = source[start + indent];
      const kind = start + indent >= end ? 'blank' : first === '#' ? 'comment' : 'content';
      if (!(last && start === end)) this.lines.push({ start, end, next: last ? end : end + 1, indent, kind });
      if (last) break;
      start = end + 1;
    }
    this.schemaDocument = new yaml.Document(null, YAML_OPTIONS);
    const schema = this.schemaDocument.schema as unknown as { tags: BlockReader['tags'] } & Record<symbol, BlockReader['stringTag']>;
    this.tags = schema.tags;
    this.stringTag = schema[Symbol.for('yaml.scalar')];
  }

  documents(): Document.Parsed[] {
    // `---` starts a document, alone on its line or with a comment; directives and `...` are not read here.
    const markers: number[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line.indent !== 0 || line.kind !== 'content') continue;
      const text = this.text(line);
      if (/^(%|\.\.\.)/.test(text)) unsupported();
      if (!/^---([ ]|$)/.test(text)) continue;
      if (!/^---([ ]+#.*|[ ]*)$/.test(text)) unsupported();
      markers.push(i);
    }
    const segments: [number, number][] = [];
    // Before the first marker, comments and blank lines make no document.
    if (this.hasContent(0, markers[0] ?? this.lines.length)) segments.push([0, markers[0] ?? this.lines.length]);
    for (let m = 0; m < markers.length; m++) segments.push([markers[m] + 1, markers[m + 1] ?? this.lines.length]);
    return segments.map(([from, to]) => {
      // An empty document has ranges of its own.
      if (!this.hasContent(from, to)) unsupported();
      this.checkComments(from, to);
      this.segmentEnd = to;
      this.line = from;
      this.skipIgnorable(to);
      const contents = this.block(to, -1);
      this.skipIgnorable(to);
      if (this.line < to) unsupported();
      return this.document(contents);
    });
  }

  private hasContent(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.lines[i].kind === 'content') return true;
    return false;
  }

  /**
   * A comment line indented deeper than the line that follows it trails the node above, and the package widens
   * that node's range over it (or up to the next node) by rules not repeated here. Comments indented no deeper than
   * the next line (and, at the end of the document, at its start) stand before that line and change no range.
   */
  private checkComments(from: number, to: number): void {
    let nextIndent = 0;
    for (let i = to - 1; i >= from; i--) {
      const line = this.lines[i];
      if (line.kind === 'content') nextIndent = line.indent;
      else if (line.kind === 'comment' && line.indent > nextIndent) unsupported();
    }
  }

  private document(contents: Node): Document.Parsed {
    const doc = new this.yaml.Document(null, YAML_OPTIONS) as Document.Parsed;
    doc.contents = contents as Document.Parsed['contents'];
    return doc;
  }

  /** Moves past blank and comment lines (checkComments vouched for the comments). */
  private skipIgnorable(to: number): void {
    while (this.line < to && this.lines[this.line].kind !== 'content') this.line++;
  }

  /** The block collection starting at the current line, indented more than `parent`. */
  /** The node starting at the current line, indented more than `parent`: a block collection, or a scalar alone on its line. */
  private block(to: number, parent: number): Node {
    const line = this.lines[this.line];
    if (line.indent <= parent) unsupported();
    const text = this.text(line);
    if (text === '-' || text.startsWith('- ')) return this.sequence(to, line.indent, line.start + line.indent);
    if (KEY.test(text) || parent < 0) return this.mapping(to, line.indent, line.start + line.indent);
    // A value written on the line below its key reads as it would on the key's line (not after comments, where
    // the package reads on differently).
    const start = line.start + line.indent;
    if (/^[|>]/.test(text)) unsupported();
    for (let i = this.line - 1; i >= 0 && this.lines[i].kind !== 'content'; i--) if (this.lines[i].kind === 'comment') unsupported();
    const node = text[0] === '[' || text[0] === '{' ? this.flow(line, start, parent) : this.inlineScalar(line, start);
    this.line++;
    const next = this.nextContent(to);
    if (next !== undefined && this.lines[next].indent > parent) unsupported();
    return node;
  }

  private text(line: Line): string {
    return this.source.slice(line.start + line.indent, line.end);
  }

  /**
   * A block mapping whose first key starts at `at` on the current line, at column `indent`; the keys that follow
   * start lines at that column.
   */
  private mapping(to: number, indent: number, at: number): YAMLMap {
    const map = new this.yaml.YAMLMap(this.schemaDocument.schema) as YAMLMap<Scalar, Node | null>;
    let start = at;
    for (;;) {
      const line = this.lines[this.line];
      const pair = this.pair(to, line, start, indent);
      map.items.push(pair as Pair<Scalar, Node | null>);
      this.skipIgnorable(to);
      if (this.line >= to) break;
      const next = this.lines[this.line];
      if (next.indent < indent) break;
      if (next.indent > indent) unsupported();
      start = next.start + next.indent;
      // A sequence at the key's own column belongs to the key above it, handled there.
      if (this.source.startsWith('- ', start) || (this.source[start] === '-' && start + 1 === next.end)) unsupported();
    }
    const last = map.items[map.items.length - 1];
    const end = (last.value ?? last.key).range![2];
    map.range = [at, end, end];
    return map;
  }

  /** One `key: value` of a block mapping, the key at `at` on `line`. Leaves the current line after the value. */
  private pair(to: number, line: Line, at: number, indent: number): Pair {
    const rest = this.source.slice(at, line.end);
    const colon = KEY.exec(rest);
    if (!colon) unsupported();
    const keyText = colon![1];
    if (!PLAIN_KEY.test(keyText) || keyText === '<<') unsupported();
    const key = this.plain(keyText, at, at + keyText.length, at + keyText.length);
    if (typeof key.value !== 'string') unsupported();
    const afterColon = at + colon![0].length;
    const value = this.inlineOrBlock(to, line, afterColon, indent, true);
    return new this.yaml.Pair(key, value);
  }

  /**
   * The value after a key's colon or a sequence item's dash at `from` on `line`: a scalar or one-line flow
   * collection there, a block scalar, or a block collection on the lines below (for a key, a sequence may start at
   * the key's own column). Leaves the current line after the value.
   */
  private inlineOrBlock(to: number, line: Line, from: number, indent: number, forKey: boolean): Node | null {
    let start = from;
    while (this.source.charCodeAt(start) === 32 && start < line.end) start++;
    const hasComment = this.source[start] === '#';
    if (start < line.end && start === from && !hasComment) unsupported();
    if (start >= line.end || hasComment) {
      // Nothing on this line: the value is below, or there is none.
      this.line++;
      const valueLine = this.nextContent(to);
      if (valueLine !== undefined) {
        const next = this.lines[valueLine];
        const nextText = this.text(next);
        const isItem = nextText === '-' || nextText.startsWith('- ');
        if (next.indent > indent || (forKey && next.indent === indent && isItem)) {
          this.line = valueLine;
          if (next.indent === indent) return this.sequence(to, indent, next.start + next.indent);
          return this.block(to, indent);
        }
      }
      // An empty value: a null scalar where the line ends. The package stretches it over comments after it, by
      // rules not repeated here.
      const end = valueLine ?? this.segmentEnd;
      let begin = this.line - 1;
      while (begin > 0 && this.lines[begin - 1].kind !== 'content') begin--;
      if (hasComment || this.lines.slice(begin, end).some((l) => l.kind === 'comment')) unsupported();
      return this.nullScalar(line.end, line.end);
    }
    const first = this.source[start];
    if (first === '|' || first === '>') return this.blockScalar(to, line, start, indent);
    const node = first === '[' || first === '{' ? this.flow(line, start, indent) : this.inlineScalar(line, start);
    this.line++;
    // A deeper line after a value on the key's line would continue it (or be an error): not read here.
    const valueLine = this.nextContent(to);
    if (valueLine !== undefined && this.lines[valueLine].indent > indent) unsupported();
    return node;
  }

  private nextContent(to: number): number | undefined {
    for (let i = this.line; i < to; i++) if (this.lines[i].kind === 'content') return i;
    return undefined;
  }

  /** A block sequence whose first dash is at `at` on the current line, at column `indent`. */
  private sequence(to: number, indent: number, at: number): YAMLSeq {
    const seq = new this.yaml.YAMLSeq(this.schemaDocument.schema) as YAMLSeq<Node | null>;
    for (;;) {
      const line = this.lines[this.line];
      const dash = line.start + line.indent;
      if (line.indent !== indent || this.source[dash] !== '-' || !(dash + 1 === line.end || this.source[dash + 1] === ' ')) unsupported();
      let itemStart = dash + 1;
      while (this.source.charCodeAt(itemStart) === 32 && itemStart < line.end) itemStart++;
      const itemText = this.source.slice(itemStart, line.end);
      if (itemStart < line.end && !itemText.startsWith('#') && /^[^'"[{#][^#]*?:(?=[ ]|$)/.test(itemText) && !/^-( |$)/.test(itemText)) {
        // `- key: value`: a mapping whose keys stand at the column of the first one.
        seq.items.push(this.mapping(to, itemStart - line.start, itemStart));
      } else {
        if (/^-( |$)/.test(itemText)) unsupported();
        seq.items.push(this.inlineOrBlock(to, line, dash + 1, indent, false));
      }
      this.skipIgnorable(to);
      if (this.line >= to) break;
      const next = this.lines[this.line];
      if (next.indent < indent) break;
      if (next.indent > indent) unsupported();
      const nextText = this.text(next);
      if (!(nextText === '-' || nextText.startsWith('- '))) {
        // A key at the column of a sequence written under it (`key:` then `- a`): comments before that key stand at
        // the sequence's column, and the package stretches the sequence over them.
        for (let i = this.line - 1; i >= 0 && this.lines[i].kind !== 'content'; i--) if (this.lines[i].kind === 'comment') unsupported();
        break;
      }
    }
    const last = seq.items[seq.items.length - 1];
    const end = last ? last.range![2] : at;
    seq.range = [at, end, end];
    return seq;
  }

  private nullScalar(start: number, end: number): Scalar {
    const scalar = new this.yaml.Scalar(null);
    scalar.range = [start, start, end];
    scalar.source = '';
    scalar.type = 'PLAIN';
    return scalar;
  }

  /** A plain, single- or double-quoted scalar at `start` on `line`, with at most a comment after it. */
  private inlineScalar(line: Line, start: number): Scalar {
    const first = this.source[start];
    let valueEnd: number;
    let value: string;
    let type: Scalar.Type;
    if (first === '"' || first === "'") {
      const close = first === "'" ? this.singleQuoteEnd(line, start) : this.doubleQuoteEnd(line, start);
      valueEnd = close + 1;
      const inner = this.source.slice(start + 1, close);
      value = first === "'" ? inner.replace(/''/g, "'") : this.unescape(inner);
      type = first === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
    } else {
      if (!PLAIN_START.test(this.source.slice(start, start + 2))) unsupported();
      // The scalar ends at a comment (` #`) or the line's end; `: ` inside it would make it a key.
      const hash = this.source.slice(start, line.end).search(/[ ]#/);
      const raw = hash === -1 ? this.source.slice(start, line.end) : this.source.slice(start, start + hash);
      value = raw.replace(/[ ]+$/, '');
      if (/:( |$)/.test(value) || /[ ]-$/.test(value)) unsupported();
      valueEnd = start + value.length;
      return this.plain(value, start, valueEnd, line.next);
    }
    // After a quoted scalar: spaces, then nothing or a comment.
    if (!/^([ ]*|[ ]+#.*)$/.test(this.source.slice(valueEnd, line.end))) unsupported();
    const scalar = new this.yaml.Scalar(value);
    scalar.range = [start, valueEnd, line.next];
    scalar.source = value;
    scalar.type = type;
    return scalar;
  }

  /** A plain scalar resolved by the schema's tags, as the package resolves it (`8000` a number, `true` a boolean). */
  private plain(text: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    const tag = this.tags.find((candidate) => candidate.default === true && candidate.test?.test(text)) ?? this.stringTag;
    const resolved = tag.resolve(text, () => unsupported(), YAML_OPTIONS);
    const scalar = (this.yaml.isScalar(resolved) ? resolved : new this.yaml.Scalar(resolved)) as Scalar;
    scalar.range = [start, valueEnd, nodeEnd];
    scalar.source = text;
    scalar.type = 'PLAIN';
    if ((tag as { format?: string }).format) scalar.format = (tag as { format?: string }).format;
    return scalar;
  }

  private singleQuoteEnd(line: Line, start: number): number {
    for (let i = start + 1; i < line.end; i++) {
      if (this.source[i] !== "'") continue;
      if (this.source[i + 1] === "'") i++;
      else return i;
    }
    return unsupported();
  }

  private doubleQuoteEnd(line: Line, start: number): number {
    for (let i = start + 1; i < line.end; i++) {
      if (this.source[i] === '\\') i++;
      else if (this.source[i] === '"') return i;
    }
    return unsupported();
  }

  /** A double-quoted scalar's escapes, YAML's set; an invalid one makes this reader give up. */
  private unescape(inner: string): string {
    return inner.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, code: string) => {
      if (code.length === 1) return ESCAPES[code] ?? unsupported();
      const point = parseInt(code.slice(1), 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : unsupported();
    });
  }

  /**
   * A flow sequence of scalars (it may run over several lines, each deeper than `parent`, without comments), or an
   * empty flow mapping. Leaves the current line at the one that closes it.
   */
  private flow(line: Line, start: number, parent: number): Node {
    const open = this.source[start];
    if (open === '{') {
      const close = /^\{[ ]*\}/.exec(this.source.slice(start, line.end));
      if (!close) unsupported();
      const map = new this.yaml.YAMLMap(this.schemaDocument.schema);
      map.flow = true;
      return this.afterFlow(map, line, start, start + close![0].length);
    }
    const seq = new this.yaml.YAMLSeq(this.schemaDocument.schema);
    seq.flow = true;
    let current = line;
    let index = this.line;
    let i = start + 1;
    // Spaces, and line breaks into lines deeper than the parent.
    const skipSpace = (): void => {
      for (;;) {
        while (this.source.charCodeAt(i) === 32 && i < current.end) i++;
        if (i < current.end) return;
        const next = this.lines[++index];
        if (next?.kind !== 'content' || next.indent <= parent) unsupported();
        current = next;
        i = next.start + next.indent;
      }
    };
    skipSpace();
    if (this.source[i] === ']') return this.afterFlow(seq, current, start, i + 1);
    for (;;) {
      const first = this.source[i];
      let item: Scalar;
      if (first === '"' || first === "'") {
        const close = first === "'" ? this.singleQuoteEnd(current, i) : this.doubleQuoteEnd(current, i);
        const inner = this.source.slice(i + 1, close);
        const value = first === "'" ? inner.replace(/''/g, "'") : this.unescape(inner);
        item = new this.yaml.Scalar(value);
        item.range = [i, close + 1, close + 1];
        item.source = value;
        item.type = first === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
        i = close + 1;
      } else {
        const match = /^[^,[\]{}#:'"\s?&*!|>%@`-][^,[\]{}#:]*/.exec(this.source.slice(i, current.end));
        if (!match) unsupported();
        const text = match![0].replace(/[ ]+$/, '');
        item = this.plain(text, i, i + text.length, i + text.length);
        i += match![0].length;
      }
      // An item's range runs over the space after it, up to the comma or bracket.
      skipSpace();
      item.range![2] = i;
      seq.items.push(item);
      if (this.source[i] === ',') {
        i++;
        skipSpace();
        if (this.source[i] === ']') return this.afterFlow(seq, current, start, i + 1);
        continue;
      }
      if (this.source[i] === ']') return this.afterFlow(seq, current, start, i + 1);
      return unsupported();
    }
  }

  private afterFlow<T extends YAMLMap | YAMLSeq>(node: T, line: Line, start: number, end: number): T {
    if (!/^([ ]*|[ ]+#.*)$/.test(this.source.slice(end, line.end))) unsupported();
    node.range = [start, end, line.next];
    this.line = this.lines.indexOf(line, this.line);
    return node;
  }

  /**
   * `|` and `>` with a chomping indicator at most: the lines below, more indented than the parent. Folded text
   * only when no line is blank or more indented than the first.
   */
  private blockScalar(to: number, line: Line, start: number, parentIndent: number): Scalar {
    const header = /^([|>])([-+]?)[ ]*(#.*)?$/.exec(this.source.slice(start, line.end));
    if (!header) unsupported();
    const [, style, chomp] = header!;
    const body: Line[] = [];
    let i = this.lines.indexOf(line) + 1;
    let blockIndent = -1;
    for (; i < to; i++) {
      const next = this.lines[i];
      if (next.kind === 'blank') {
        // A line of spaces deeper than the text is part of it: not read here.
        if (next.end - next.start > (blockIndent === -1 ? parentIndent + 1 : blockIndent)) unsupported();
        body.push(next);
        continue;
      }
      if (blockIndent === -1) {
        if (next.indent <= parentIndent) break;
        blockIndent = next.indent;
      }
      if (next.indent < blockIndent) break;
      body.push(next);
    }
    // Blank lines at the end belong to neither the text (but with `|+`) nor its range.
    while (body.length && body[body.length - 1].kind === 'blank') body.pop();
    // Leading blank lines, and an empty body, have rules of their own.
    if (blockIndent === -1 || body.length === 0 || body[0].kind === 'blank') unsupported();
    const texts = body.map((l) => (l.kind === 'blank' ? '' : this.source.slice(l.start + blockIndent, l.end)));
    if (style === '>' && body.some((l) => l.kind === 'blank' || l.indent > blockIndent)) unsupported();
    if (chomp === '+') unsupported();
    const joined = style === '|' ? texts.join('\n') : texts.join(' ');
    const value = chomp === '-' ? joined : `${joined}\n`;
    const last = body[body.length - 1];
    const end = last.next;
    // The current line goes back to the blank lines after the text, which belong to whatever comes next.
    this.line = this.lines.indexOf(last) + 1;
    const scalar = new this.yaml.Scalar(value);
    scalar.range = [start, end, end];
    scalar.source = value;
    scalar.type = style === '|' ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED';
    return scalar;
  }
}
