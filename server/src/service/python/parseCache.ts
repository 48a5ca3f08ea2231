// Keeps the parse of every Python file the service has read, keyed by path and content version. For open
// documents the server feeds edits in, so tree-sitter re-parses incrementally and only edited statements are
// lowered again.
import { LineIndex } from './lineIndex';
import { ParseTimeoutError, parsePython, type SyntaxTree, type TreeEdit } from './parser';
import { lowerTree, type LoweredModule, type StatementCache } from './syntax';

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
}

export interface ContentChange {
  /** Offsets in the text before the change. */
  start: number;
  end: number;
  text: string;
}

const EMPTY_MODULE: LoweredModule = { statements: [], errors: [] };

export class ParseCache {
  private readonly entries = new Map<string, Entry>();

  get(file: string, text: string, version: string, invalidUtf8 = false): ParsedFile {
    const entry = this.entries.get(file);
    if (entry && entry.parsed.version === version && entry.parsed.text === text) return entry.parsed;
    // An old tree may only be reused once it has been edited to match the new text (recordChanges does that);
    // reusing it for a text that changed some other way (on disk, a reopened buffer) yields a wrong tree.
    const reusable = entry && entry.treeText !== text ? { ...entry, tree: undefined } : entry;
    return this.parse(file, text, version, invalidUtf8, reusable);
  }

  /**
   * Applies editor changes to the stored tree so the next parse reuses it. Changes are applied in order,
   * each against the text produced by the previous one, as LSP incremental sync sends them. Nothing is parsed
   * here: a burst of keystrokes costs one parse, when the text is next read.
   */
  recordChanges(file: string, changes: readonly ContentChange[], newText: string): void {
    const entry = this.entries.get(file);
    if (entry?.tree) {
      let text = entry.treeText;
      for (const change of changes) {
        const before = LineIndex.of(text);
        const after = text.slice(0, change.start) + change.text + text.slice(change.end);
        const afterLines = LineIndex.of(after);
        const edit: TreeEdit = {
          startIndex: change.start,
          oldEndIndex: change.end,
          newEndIndex: change.start + change.text.length,
          startPosition: toPoint(before.position(change.start)),
          oldEndPosition: toPoint(before.position(change.end)),
          newEndPosition: toPoint(afterLines.position(change.start + change.text.length)),
        };
        entry.tree.edit(edit);
        text = after;
      }
      if (text !== newText) entry.tree = undefined;
    }
    if (entry) entry.treeText = newText;
  }

  /** recordChanges, then the parse of the new text. */
  applyChanges(file: string, changes: readonly ContentChange[], newText: string, version: string): ParsedFile {
    this.recordChanges(file, changes, newText);
    return this.get(file, newText, version);
  }

  delete(file: string): void {
    this.entries.delete(file);
  }

  private parse(file: string, text: string, version: string, invalidUtf8: boolean, previous: Entry | undefined): ParsedFile {
    const statements = previous?.statements ?? new Map();
    const lines = LineIndex.of(text);
    let tree: SyntaxTree | undefined;
    let module = EMPTY_MODULE;
    let failure: string | undefined;
    try {
      tree = parsePython(text, previous?.tree);
      module = lowerTree(tree, text, statements);
    } catch (error) {
      if (!(error instanceof ParseTimeoutError)) throw error;
      failure = error.message;
    }
    const parsed: ParsedFile = { file, version, text, lines, module, invalidUtf8, failure };
    // After a timeout the old tree (already edited to this text) stays, so the next parse still reuses it.
    this.entries.set(file, { parsed, tree: tree ?? previous?.tree, treeText: text, statements });
    return parsed;
  }
}

function toPoint(position: { line: number; character: number }): { row: number; column: number } {
  // The node binding converts to and from UTF-16 code units itself, like LSP positions.
  return { row: position.line, column: position.character };
}
