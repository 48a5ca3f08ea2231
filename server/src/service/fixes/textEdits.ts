import { LineIndex } from '../python/lineIndex';
import { comparePositions, type FileChange, type TextEdit } from '../types';

/** Applies LSP-style edits (ranges in the original text) to a text. Overlapping edits are a caller error. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => comparePositions(b.range.start, a.range.start) || comparePositions(b.range.end, a.range.end));
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    const start = lines.offset(edit.range.start);
    const end = lines.offset(edit.range.end);
    if (end > lastStart) throw new Error('overlapping edits');
    out = out.slice(0, start) + edit.newText + out.slice(end);
    lastStart = start;
  }
  return out;
}

/** The changes of a fix grouped by file (edits of one file merged), in a stable order. */
export function changesByFile(changes: readonly FileChange[]): Map<string, FileChange[]> {
  const byFile = new Map<string, FileChange[]>();
  for (const change of changes) {
    const list = byFile.get(change.file) ?? [];
    list.push(change);
    byFile.set(change.file, list);
  }
  return byFile;
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  const lines = new LineIndex(before);
  return { range: lines.range(start, endBefore), newText: after.slice(start, endAfter) };
}
