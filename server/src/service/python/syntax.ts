// A compact, plain-JavaScript copy of the tree-sitter tree. Every property read on a native tree-sitter
// node crosses into the addon (~0.1-1 µs each), so the evaluator would spend most of its time there.
// Lowering once with a cursor and then working on plain objects makes evaluation a pure-JS affair, and
// per-statement caching (see module.ts) makes re-lowering after an edit touch only the edited statement.
import { type SyntaxTree, walk } from './parser';

export interface PyNode {
  readonly type: string;
  /** Field name in the parent (`left`, `right`, `value`, ...), or '' when the child has none. */
  readonly field: string;
  readonly named: boolean;
  /** UTF-16 offsets relative to the start of the enclosing top-level statement. */
  readonly start: number;
  readonly end: number;
  readonly children: readonly PyNode[];
}

interface TypeInfo {
  name: string;
  named: boolean;
  /** The shared node of this anonymous token type, by field. */
  tokens?: Map<string, PyNode>;
}

const typeCache = new Map<number, TypeInfo>();
const fieldCache = new Map<number, string>();

// Nodes whose inner structure the evaluator never needs: strings are decoded from their text
// (f-strings are the exception, handled below), comments are skipped.
const OPAQUE = new Set(['comment', 'string_start', 'string_end', 'string_content', 'escape_sequence']);

interface Cursor {
  nodeTypeId: number;
  nodeType: string;
  nodeIsNamed: boolean;
  startIndex: number;
  endIndex: number;
  currentFieldId: number;
  currentFieldName: string;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/**
 * The same text as a string V8 keeps interned, as it keeps the literals in this code. Names come from the addon as
 * new strings, and comparing one with a literal (`node.type === 'call'`, a `switch` over types, `child(node,
 * 'value')`) compares them character by character; interned, it compares two pointers. The evaluator makes such
 * comparisons for every node it visits.
 */
export function interned(name: string): string {
  return Object.keys({ [name]: 0 })[0];
}

function typeOf(cursor: Cursor): TypeInfo {
  const id = cursor.nodeTypeId;
  let info = typeCache.get(id);
  if (!info) {
    info = { name: interned(cursor.nodeType), named: cursor.nodeIsNamed };
    typeCache.set(id, info);
  }
  return info;
}

function fieldOf(cursor: Cursor): string {
  const id = cursor.currentFieldId;
  if (!id) return '';
  let name = fieldCache.get(id);
  if (name === undefined) {
    name = interned(cursor.currentFieldName ?? '');
    fieldCache.set(id, name);
  }
  return name;
}

const EMPTY: PyNode[] = [];
/** The children of every node that has none. */
export const EMPTY_CHILDREN: readonly PyNode[] = EMPTY;

// Facts of the Python grammar (tree-sitter-python's node-types.json; a test checks them against it) that spare a
// call into the addon per node: tokens that never have children, and nodes whose children never have a field.
const LEAVES = new Set([
  'identifier',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'ellipsis',
  'comment',
  'escape_sequence',
  'escape_interpolation',
  'string_start',
  'string_end',
  'line_continuation',
  'type_conversion',
]);
const FIELDLESS = new Set([
  'argument_list',
  'assert_statement',
  'await',
  'break_statement',
  'concatenated_string',
  'conditional_expression',
  'continue_statement',
  'decorator',
  'delete_statement',
  'dictionary',
  'dictionary_splat',
  'dotted_name',
  'expression_list',
  'expression_statement',
  'finally_clause',
  'global_statement',
  'if_clause',
  'import_prefix',
  'keyword_separator',
  'lambda_parameters',
  'list',
  'list_splat',
  'module',
  'nonlocal_statement',
  'parameters',
  'parenthesized_expression',
  'pass_statement',
  'pattern_list',
  'positional_separator',
  'relative_import',
  'return_statement',
  'set',
  'slice',
  'string',
  'tuple',
  'tuple_pattern',
  'wildcard_import',
  'with_clause',
  'yield',
]);

function tokenNode(info: TypeInfo, field: string): PyNode {
  info.tokens ??= new Map();
  let node = info.tokens.get(field);
  if (!node) {
    node = Object.freeze({ type: info.name, field, named: false, start: -1, end: -1, children: EMPTY });
    info.tokens.set(field, node);
  }
  return node;
}

/**
 * Deepest node lowered. Python itself refuses more than 200 nested brackets or 100 indentation levels, so only
 * text Python cannot import goes deeper; below this depth a subtree becomes one opaque `nested_too_deeply` node
 * (an unknown value), which keeps lowering and the recursive evaluator within the call stack.
 */
export const MAX_LOWERED_DEPTH = 400;
const TOO_DEEP = 'nested_too_deeply';

/**
 * Lowers the subtree under the cursor's current node, whose type the caller read (each read crosses into the
 * addon, and a file has tens of thousands of nodes); offsets become relative to `base`.
 */
function lowerAt(cursor: Cursor, info: TypeInfo, base: number, field: string, depth: number): PyNode {
  // Anonymous tokens (operators, keywords, punctuation) only matter for their type, so one shared node stands for
  // every token of a type and field: half of a file's nodes are tokens, and this spares their allocation.
  if (!info.named) return tokenNode(info, field);
  const start = cursor.startIndex - base;
  const end = cursor.endIndex - base;
  if (depth > MAX_LOWERED_DEPTH) return { type: TOO_DEEP, field, named: true, start, end, children: EMPTY };
  const isPlainString = info.name === 'string' && !(treeHasErrors ? isFString(cursor) : hasFPrefix(start + base));
  if (OPAQUE.has(info.name) || isPlainString || LEAVES.has(info.name) || !cursor.gotoFirstChild()) {
    return { type: info.name, field, named: true, start, end, children: EMPTY };
  }
  const children: PyNode[] = [];
  const fieldless = FIELDLESS.has(info.name);
  do {
    const childType = typeOf(cursor);
    if (childType.name === 'comment') continue;
    children.push(lowerAt(cursor, childType, base, fieldless ? '' : fieldOf(cursor), depth + 1));
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return { type: info.name, field, named: true, start, end, children };
}

function isFString(cursor: Cursor): boolean {
  // The string_start token holds the prefix and the opening quote, e.g. `f"` or `rb'''`.
  if (!cursor.gotoFirstChild()) return false;
  const prefixLength = cursor.endIndex - cursor.startIndex;
  const startIndex = cursor.startIndex;
  cursor.gotoParent();
  return (
    prefixLength > 1 &&
    currentSource
      .slice(startIndex, startIndex + prefixLength)
      .toLowerCase()
      .includes('f')
  );
}

/**
 * In a tree without errors a string starts with its string_start token, the prefix letters and the opening quote,
 * so the prefix can be read from the source at the string's start instead of through four calls into the addon per
 * string (a settings module has a thousand strings).
 */
function hasFPrefix(start: number): boolean {
  for (let i = start; i < currentSource.length; i++) {
    const letter = currentSource.charCodeAt(i) | 0x20;
    if (letter < 97 || letter > 122) return false;
    if (letter === 102) return true;
  }
  return false;
}

let currentSource = '';
let treeHasErrors = true;

export interface LoweredStatement {
  /** Absolute UTF-16 offset of the statement in its file. */
  readonly base: number;
  readonly node: PyNode;
  /** Source text of the statement (also the cache key for incremental re-lowering). */
  readonly text: string;
}

interface SyntaxErrorInfo {
  /** Absolute UTF-16 offsets. */
  start: number;
  end: number;
  message: string;
}

export interface LoweredModule {
  readonly statements: readonly LoweredStatement[];
  readonly errors: readonly SyntaxErrorInfo[];
}

/** Cache of lowered statements by their exact text, shared across versions of one document. */
export type StatementCache = Map<string, PyNode>;

export { FIELDLESS as FIELDLESS_NODE_TYPES, LEAVES as LEAF_NODE_TYPES };

export function lowerTree(tree: SyntaxTree, source: string, cache?: StatementCache): LoweredModule {
  const statements = lowerStatements(tree, source, cache);
  const errors = tree.rootNode.hasError ? collectSyntaxErrors(tree) : [];
  return { statements, errors };
}

/**
 * The top-level statements of `tree`, reusing lowered nodes from `cache` (and adding new ones to it). `source`
 * is the text that was parsed; when it is a slice of a file starting at `offset`, bases are file offsets.
 */
export function lowerStatements(tree: SyntaxTree, source: string, cache?: StatementCache, offset = 0): LoweredStatement[] {
  currentSource = source;
  treeHasErrors = tree.rootNode.hasError;
  try {
    const cursor = (tree as unknown as { walk(): Cursor }).walk();
    const statements: LoweredStatement[] = [];
    if (cursor.gotoFirstChild()) {
      do {
        const info = typeOf(cursor);
        if (info.name === 'comment' || !info.named) continue;
        const start = cursor.startIndex;
        const text = source.slice(start, cursor.endIndex);
        let node = cache?.get(text);
        if (!node || node.type !== info.name) {
          node = lowerAt(cursor, info, start, '', 0);
          cache?.set(text, node);
        }
        statements.push({ base: offset + start, node, text });
      } while (cursor.gotoNextSibling());
    }
    return statements;
  } finally {
    currentSource = '';
    treeHasErrors = true;
  }
}

/** Drops cached nodes of statements that are gone, so the cache does not grow with every edit (only now and then: it costs a rebuild). */
export function keepOnly(cache: StatementCache, statements: readonly LoweredStatement[]): void {
  if (cache.size <= 2 * statements.length + 64) return;
  const live = new Map<string, PyNode>();
  for (const statement of statements) live.set(statement.text, statement.node);
  cache.clear();
  for (const [text, node] of live) cache.set(text, node);
}

function collectSyntaxErrors(tree: SyntaxTree): SyntaxErrorInfo[] {
  const errors: SyntaxErrorInfo[] = [];
  // Iterative: an error can sit below thousands of nested brackets.
  walk(tree.rootNode, (node) => {
    if (errors.length >= 20) return false;
    if (node.isMissing) {
      errors.push({ start: node.startIndex, end: node.endIndex, message: `missing \`${node.type}\`` });
      return false;
    }
    if (node.type === 'ERROR') {
      const text = node.text.trim().split('\n')[0].slice(0, 40);
      errors.push({ start: node.startIndex, end: node.endIndex, message: text ? `unexpected \`${text}\`` : 'invalid syntax' });
      return false;
    }
    return node.hasError;
  });
  return errors;
}

// ---- small helpers over PyNode -------------------------------------------------------------------

export function child(node: PyNode, field: string): PyNode | undefined {
  // An index loop: the evaluator asks this for nearly every node, mostly while V8 still interprets it, and for-of
  // pays for an iterator there.
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i].field === field) return children[i];
  return undefined;
}

export function namedChildren(node: PyNode): PyNode[] {
  return node.children.filter((c) => c.named);
}

export function textOf(stmt: LoweredStatement, node: PyNode): string {
  return stmt.text.slice(node.start, node.end);
}
