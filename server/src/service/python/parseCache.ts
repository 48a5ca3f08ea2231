// Keeps the parse of every Python file the service has read, keyed by path and content version. For open
// documents the server feeds edits in, so tree-sitter re-parses incrementally and only edited statements are
// lowered again.
import { LineIndex } from './lineIndex';
import { ParseTimeoutError, parsePython, type SyntaxTree, type TreeEdit } from './parser';
import { growRegion, relowerWindow, type ChangedRegion } from './statementWindow';
import { keepOnly, lowerTree, type LoweredModule, type StatementCache } from './syntax';
import { decodeLoweredModule, encodeLoweredModule } from './syntaxCodec';
import type { SyntaxStore } from './syntaxStore';

export interface ParsedFile {
  file: string;
  version: string;
  text: string;
  lines: LineIndex;
  module: LoweredModule;
  invalidUtf8: boolean;
  /** Set when the file could not be parsed at all (parse budget exceeded); `module` is then empty. */
  failure?: string;
}

interface Entry {
  parsed: ParsedFile;
  /** The last tree, edited (not yet re-parsed) to match `treeText` when editor changes came in since. */
  tree?: SyntaxTree;
  treeText: string;
  statements: StatementCache;
  /** Where the editor changes recorded since `parsed` fell, in `treeText`; unset when not known. */
  region?: ChangedRegion;
}

export interface ContentChange {
  /** Offsets in the text before the change. */
  start: number;
  end: number;
  text: string;
}

const EMPTY_MODULE: LoweredModule = { statements: [], errors: [] };
const LONE_CR = /\r(?!\n)/g;

function hasLoneCr(text: string): boolean {
  return text.includes('\r') && /\r(?!\n)/.test(text);
}

export class ParseCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Parses so far: of whole files, of only the statements around an edit (see statementWindow.ts), and files whose
   * lowered syntax came from the store instead.
   */
  readonly parses = { whole: 0, window: 0, stored: 0 };

  /** With a `store`, a file parsed afresh is first looked up there, and written there once parsed. */
  constructor(private readonly store?: SyntaxStore) {}

  get(file: string, text: string, version: string, invalidUtf8 = false): ParsedFile {
    const entry = this.entries.get(file);
    if (entry && entry.parsed.version === version && entry.parsed.text === text) return entry.parsed;
    // An old tree may only be reused once it has been edited to match the new text (recordChanges does that);
    // reusing it for a text that changed some other way (on disk, a reopened buffer) yields a wrong tree.
    const reusable = entry && entry.treeText !== text ? { ...entry, tree: undefined, region: undefined } : entry;
    return this.parse(file, text, version, invalidUtf8, reusable);
  }

  /**
   * Applies editor changes to the stored tree so the next parse reuses it. Changes are applied in order,
   * each against the text produced by the previous one, as LSP incremental sync sends them. Nothing is parsed
   * here: a burst of keystrokes costs one parse, when the text is next read.
   */
  recordChanges(file: string, changes: readonly ContentChange[], newText: string): void {
    const entry = this.entries.get(file);
    if (!entry) return;
    let text = entry.treeText;
    let region = entry.region;
    const tree = entry.tree;
    for (const change of changes) {
      const after = text.slice(0, change.start) + change.text + text.slice(change.end);
      tree?.edit(treeEdit(text, after, change));
      region = growRegion(region, change);
      text = after;
    }
    const chained = text === newText;
    if (!chained) entry.tree = undefined;
    entry.region = chained && (entry.treeText === entry.parsed.text || entry.region) ? region : undefined;
    entry.treeText = newText;
  }

  /** recordChanges, then the parse of the new text. */
  applyChanges(file: string, changes: readonly ContentChange[], newText: string, version: string): ParsedFile {
    this.recordChanges(file, changes, newText);
    return this.get(file, newText, version);
  }

  delete(file: string): void {
    this.entries.delete(file);
  }

  /** The parses kept: each file with the version of the text parsed and how many statements are cached for it. */
  kept(): { file: string; version: string; statements: number }[] {
    return [...this.entries].map(([file, entry]) => ({ file, version: entry.parsed.version, statements: entry.statements.size }));
  }

  /**
   * Starts this cache's entry for `file` from another cache's last parse (not its tree, which that cache keeps
   * editing), so edits recorded here next re-parse only the statements around them. Planning several fixes
   * in memory uses it: each fix's re-analysis then costs a few statements, not a whole parse of the file.
   */
  seedFrom(other: ParseCache, file: string): void {
    const entry = other.entries.get(file);
    if (!entry || this.entries.has(file) || entry.parsed.failure) return;
    this.entries.set(file, { parsed: entry.parsed, treeText: entry.parsed.text, statements: new Map(entry.statements) });
  }

  private fromStore(file: string, source: string): LoweredModule | undefined {
    const store = this.store;
    if (!store) return undefined;
    const bytes = quietly(() => store.read(file));
    return bytes && decodeLoweredModule(bytes, source);
  }

  private toStore(file: string, source: string, module: LoweredModule): void {
    const store = this.store;
    const bytes = store && encodeLoweredModule(source, module);
    if (bytes) quietly(() => store.write(file, bytes));
  }

  private parse(file: string, text: string, version: string, invalidUtf8: boolean, previous: Entry | undefined): ParsedFile {
    const statements = previous?.statements ?? new Map();
    const lines = LineIndex.of(text);
    // Python reads a lone CR as a line break; tree-sitter does not. The same text with LF there has the same
    // offsets and lines. Whether a CR is alone can change with an edit beside it, so no old tree or window is
    // trusted while one is around.
    const source = text.includes('\r') ? text.replace(LONE_CR, '\n') : text;
    const reusable = previous && source === text && !hasLoneCr(previous.parsed.text) ? previous : undefined;
    let tree: SyntaxTree | undefined;
    let module = EMPTY_MODULE;
    let failure: string | undefined;
    try {
      const window =
        reusable?.region && !reusable.parsed.failure
          ? relowerWindow(reusable.parsed.module, reusable.parsed.text, text, reusable.region, statements)
          : undefined;
      if (window) {
        this.parses.window++;
        module = window;
      } else {
        // Tree-sitter recovers from a syntax error according to the old tree it was given: a module with one is
        // parsed on its own (again, when the old tree was clean), so the editor reports what a fresh analysis of
        // the same text reports.
        const oldTree = reusable?.parsed.module.errors.length ? undefined : reusable?.tree;
        const stored = oldTree ? undefined : this.fromStore(file, source);
        if (stored) {
          this.parses.stored++;
          module = stored;
          if (!module.errors.length) for (const statement of module.statements) statements.set(statement.text, statement.node);
        } else {
          this.parses.whole++;
          tree = parsePython(source, oldTree);
          if (oldTree && tree.rootNode.hasError) tree = parsePython(source);
          // Where the file has a syntax error, the same statement text can come out of the parse differently, so
          // statements are lowered afresh there and not kept.
          module = tree.rootNode.hasError ? lowerTree(tree, source) : lowerTree(tree, source, statements);
          if (!oldTree) this.toStore(file, source, module);
        }
      }
      if (!module.errors.length) keepOnly(statements, module.statements);
    } catch (error) {
      if (!(error instanceof ParseTimeoutError)) throw error;
      failure = error.message;
    }
    const parsed: ParsedFile = { file, version, text, lines, module, invalidUtf8, failure };
    // Without a fresh tree (a window re-parse, a timeout) the old one, already edited to this text, stays for the next parse.
    this.entries.set(file, { parsed, tree: tree ?? reusable?.tree, treeText: text, statements });
    return parsed;
  }
}

/** Reading or writing the store never fails an analysis: a store that does not answer is a store without the file. */
function quietly<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}

/** The tree-sitter edit of one change from `before` to `after`. */
function treeEdit(before: string, after: string, change: ContentChange): TreeEdit {
  const beforeLines = LineIndex.of(before);
  const afterLines = LineIndex.of(after);
  return {
    startIndex: change.start,
    oldEndIndex: change.end,
    newEndIndex: change.start + change.text.length,
    startPosition: toPoint(beforeLines.position(change.start)),
    oldEndPosition: toPoint(beforeLines.position(change.end)),
    newEndPosition: toPoint(afterLines.position(change.start + change.text.length)),
  };
}

function toPoint(position: { line: number; character: number }): { row: number; column: number } {
  // The node binding converts to and from UTF-16 code units itself, like LSP positions.
  return { row: position.line, column: position.character };
}
