// The lowered syntax of a Python file as bytes, and back, for a syntax store that keeps it between runs (see
// SyntaxStore). Parsing and lowering a 100 KB settings module costs 15 to 20 ms of a CLI run, the single largest
// part of one; reading it back costs a few. A lowered module depends only on the text it was parsed from, so the
// bytes carry that text, and they are used only for exactly the same text: any other text, a truncated or altered
// file, or one from another format version decodes to nothing, and the caller parses.
//
// Layout: a header of 32-bit words in the machine's byte order (a store is the machine's own), ending with a
// checksum of what follows but the text (which is compared whole); the statements (base, length); the syntax
// errors (start, end, message); the nodes in pre-order; the string table (JSON); the source text (UTF-8). A named
// node is four words (type and field, start, end, child count); an anonymous token, whose only content is its type
// and field, is one negative word.
import { EMPTY_CHILDREN, interned, type LoweredModule, type LoweredStatement, MAX_LOWERED_DEPTH, type PyNode } from './syntax';

const MAGIC = 0x58535244; // "DRSX"
/** Bump when the layout or what lowering produces changes. */
const FORMAT_VERSION = 1;
const HEADER_WORDS = 9;
const INDEX_BITS = 12;
const MAX_STRINGS = 1 << INDEX_BITS;

export function encodeLoweredModule(source: string, module: LoweredModule): Uint8Array | undefined {
  const indexes = new Map<string, number>();
  const strings: string[] = [];
  const indexOf = (text: string): number => {
    let index = indexes.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      indexes.set(text, index);
    }
    return index;
  };
  const words: number[] = [];
  const encode = (node: PyNode): void => {
    const kind = indexOf(node.type) | (indexOf(node.field) << INDEX_BITS);
    if (!node.named) {
      words.push(-1 - kind);
      return;
    }
    words.push(kind, node.start, node.end, node.children.length);
    for (const child of node.children) encode(child);
  };
  const statements: number[] = [];
  for (const statement of module.statements) {
    statements.push(statement.base, statement.text.length);
    encode(statement.node);
  }
  const errors = module.errors.flatMap((error) => [error.start, error.end, indexOf(error.message)]);
  if (strings.length > MAX_STRINGS) return undefined;
  const table = new TextEncoder().encode(JSON.stringify(strings));
  const text = new TextEncoder().encode(source);
  const head = [MAGIC, FORMAT_VERSION, source.length, module.statements.length, module.errors.length, words.length, table.length, text.length, 0];
  const numberCount = head.length + statements.length + errors.length + words.length;
  const bytes = new Uint8Array(numberCount * 4 + table.length + text.length);
  const numbers = new Int32Array(bytes.buffer, 0, numberCount);
  let at = 0;
  for (const part of [head, statements, errors, words]) {
    numbers.set(part, at);
    at += part.length;
  }
  bytes.set(table, numberCount * 4);
  bytes.set(text, numberCount * 4 + table.length);
  numbers[HEADER_WORDS - 1] = checksum(numbers, bytes.subarray(numberCount * 4, numberCount * 4 + table.length));
  return bytes;
}

/** FNV-1a over the words after the header and the string table: a damaged entry is read as no entry. */
function checksum(numbers: Int32Array, table: Uint8Array): number {
  let value = 0x811c9dc5 | 0;
  for (let i = HEADER_WORDS; i < numbers.length; i++) value = Math.imul(value ^ numbers[i], 0x01000193);
  for (let i = 0; i < table.length; i++) value = Math.imul(value ^ table[i], 0x01000193);
  return value;
}

class Malformed extends Error {}

/** The module `bytes` hold when they were made from exactly `source`; undefined otherwise (or when they are damaged). */
export function decodeLoweredModule(bytes: Uint8Array, source: string): LoweredModule | undefined {
  try {
    return decode(bytes, source);
  } catch (error) {
    if (error instanceof Malformed || error instanceof RangeError || error instanceof SyntaxError || error instanceof TypeError) return undefined;
    throw error;
  }
}

function decode(bytes: Uint8Array, source: string): LoweredModule | undefined {
  if (bytes.length < HEADER_WORDS * 4) return undefined;
  // Int32Array needs an aligned offset; a small file read into Node's shared pool may not have one.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const header = new Int32Array(aligned.buffer, aligned.byteOffset, HEADER_WORDS);
  const [magic, version, sourceLength, statementCount, errorCount, wordCount, tableLength, textLength, sum] = header;
  if (magic !== MAGIC || version !== FORMAT_VERSION || sourceLength !== source.length) return undefined;
  if (statementCount < 0 || errorCount < 0 || wordCount < 0 || tableLength < 0 || textLength < 0) return undefined;
  const numberCount = HEADER_WORDS + statementCount * 2 + errorCount * 3 + wordCount;
  if (numberCount * 4 + tableLength + textLength !== aligned.length) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const textStart = numberCount * 4 + tableLength;
  if (decoder.decode(aligned.subarray(textStart, textStart + textLength)) !== source) return undefined;
  const numbers = new Int32Array(aligned.buffer, aligned.byteOffset, numberCount);
  const tableBytes = aligned.subarray(numberCount * 4, textStart);
  if (checksum(numbers, tableBytes) !== sum) return undefined;
  const table: unknown = JSON.parse(decoder.decode(tableBytes));
  if (!Array.isArray(table) || !table.every((entry) => typeof entry === 'string')) return undefined;
  const strings = (table as string[]).map(interned);
  let at = HEADER_WORDS;
  const next = (): number => {
    if (at >= numberCount) throw new Malformed();
    return numbers[at++];
  };
  const stringAt = (index: number): string => {
    if (index < 0 || index >= strings.length) throw new Malformed();
    return strings[index];
  };
  const offset = (value: number, limit: number): number => {
    if (value < 0 || value > limit) throw new Malformed();
    return value;
  };

  const spans: { base: number; length: number }[] = [];
  for (let i = 0; i < statementCount; i++) {
    const base = offset(next(), source.length);
    spans.push({ base, length: offset(next(), source.length - base) });
  }
  const errors = [];
  for (let i = 0; i < errorCount; i++) {
    const start = offset(next(), source.length);
    errors.push({ start, end: offset(next(), source.length), message: stringAt(next()) });
  }
  // Anonymous tokens are shared, as lowering shares them: one node per type and field.
  const tokens = new Map<number, PyNode>();
  const node = (length: number, depth: number): PyNode => {
    const word = next();
    if (word < 0) {
      const kind = -1 - word;
      let token = tokens.get(kind);
      if (!token) {
        token = Object.freeze({
          type: stringAt(kind & (MAX_STRINGS - 1)),
          field: stringAt(kind >>> INDEX_BITS),
          named: false,
          start: -1,
          end: -1,
          children: EMPTY_CHILDREN,
        });
        tokens.set(kind, token);
      }
      return token;
    }
    const type = stringAt(word & (MAX_STRINGS - 1));
    const field = stringAt(word >>> INDEX_BITS);
    const start = offset(next(), length);
    const end = offset(next(), length);
    const count = next();
    if (count < 0 || count > numberCount - at || depth > MAX_LOWERED_DEPTH + 1) throw new Malformed();
    let children = EMPTY_CHILDREN;
    if (count) {
      const list = new Array<PyNode>(count);
      for (let i = 0; i < count; i++) list[i] = node(length, depth + 1);
      children = list;
    }
    return { type, field, named: true, start, end, children };
  };
  const statements: LoweredStatement[] = spans.map(({ base, length }) => ({ base, node: node(length, 0), text: source.slice(base, base + length) }));
  if (at !== numberCount) return undefined;
  return { statements, errors };
}
