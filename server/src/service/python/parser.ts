// The one place that knows which tree-sitter backend parses Python. Everything else sees the small
// SyntaxNode/SyntaxTree surface below, which the native `tree-sitter` binding and `web-tree-sitter` share,
// so a WASM backend can be dropped in here for platforms without a prebuilt addon.
import * as path from 'node:path';
import type TreeSitter from 'tree-sitter';

export interface Point {
  row: number;
  column: number;
}

interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  readonly parent: SyntaxNode | null;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  readonly childCount: number;
  readonly namedChildCount: number;
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(field: string): SyntaxNode | null;
  childrenForFieldName(field: string): SyntaxNode[];
  descendantsOfType(types: string | string[]): SyntaxNode[];
}

export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
  edit(edit: TreeEdit): void;
}

export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/** Give up on pathological input rather than block the editor or the CLI. */
const PARSE_BUDGET_MS = 3000;

let parserInstance: TreeSitter | undefined;

function parser(): TreeSitter {
  if (!parserInstance) {
    // Loaded on first use so `--help` and usage errors never pay for the native addon.
    const Parser = require('tree-sitter') as typeof TreeSitter;
    const python = pythonBinding();
    parserInstance = new Parser();
    // Without its node types the binding skips compiling a class per node type (typed accessors such as
    // `nameNode`, which nothing here uses): ~4 ms off every start.
    parserInstance.setLanguage({ language: python.language, nodeTypeInfo: [] });
    // The budget is set once on the parser, not passed per parse as a progress callback: the 0.25 binding
    // keeps every progress callback it is given (and whatever its closure holds, the text included) for the
    // life of the process, so a callback per keystroke grew the server by the file's size on every edit.
    parserInstance.setTimeoutMicros(PARSE_BUDGET_MS * 1000);
  }
  return parserInstance;
}

/**
 * The Python grammar's native binding, loaded the way tree-sitter-python's entry loads it (node-gyp-build from the
 * package's folder), without the entry's other work: it also parses the grammar's node-types.json (65 KB, ~3 ms of
 * every start) for the typed accessors that setLanguage is told to leave out.
 */
function pythonBinding(): TreeSitter.Language {
  const { createRequire } = require('node:module') as typeof import('node:module');
  const manifest = require.resolve('tree-sitter-python/package.json');
  const nodeGypBuild = createRequire(manifest)('node-gyp-build') as (dir: string) => TreeSitter.Language;
  return nodeGypBuild(path.dirname(manifest));
}

export class ParseTimeoutError extends Error {}

/**
 * Parses Python source. With `oldTree` (already `edit`ed to match `text`), tree-sitter reuses the
 * unchanged parts, which is what keeps re-analysis on every keystroke cheap.
 */
export function parsePython(text: string, oldTree?: SyntaxTree): SyntaxTree {
  // Node's binding copies the string through a fixed buffer; a callback input avoids the size limit
  // that plain strings hit past 32 KiB on some versions.
  const input = (index: number): string | null => (index < text.length ? text.slice(index, index + 65536) : null);
  const tree = parser().parse(input, (oldTree as unknown as TreeSitter.Tree | undefined) ?? null);
  if (!tree) {
    // A parser halted by its timeout resumes the halted parse on its next call, whatever text that is for:
    // start afresh instead.
    parser().reset();
    throw new ParseTimeoutError(`parsing took longer than ${PARSE_BUDGET_MS} ms`);
  }
  return tree as unknown as SyntaxTree;
}

/** Depth-first pre-order walk; return `false` from `visit` to skip a node's children. */
export function walk(node: SyntaxNode, visit: (node: SyntaxNode) => boolean | undefined): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    if (visit(current) === false) continue;
    const children = current.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
