import { LineIndex } from '../python/lineIndex';
import { comparePositions, type FileChange, type TextEdit } from '../types';
import { joinGroupInsertions } from './deploymentGroup';

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
  // A position cannot point between \r and \n (LineIndex clamps it to the line end): take the whole line break.
  if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') start--;
  if (endBefore > 0 && before[endBefore - 1] === '\r' && before[endBefore] === '\n') {
    endBefore++;
    endAfter++;
  }
  const lines = new LineIndex(before);
  return { range: lines.range(start, endBefore), newText: after.slice(start, endAfter) };
}

/**
 * One edit change per file, for a fix assembled from several builders: edits of the same file joined (identical
 * edits once, such as two `import os`), insertions at the same point concatenated in the order given, since
 * appliers treat every change's ranges as ranges of the original text.
 */
export function mergeChanges(changes: readonly FileChange[]): FileChange[] {
  const merged: FileChange[] = [];
  const editsByFile = new Map<string, TextEdit[]>();
  for (const change of changes) {
    if (change.kind === 'create') {
      merged.push(change);
      continue;
    }
    let edits = editsByFile.get(change.file);
    if (!edits) {
      edits = [];
      editsByFile.set(change.file, edits);
      merged.push({ kind: 'edit', file: change.file, edits });
    }
    for (const edit of change.edits) addEdit(edits, edit);
  }
  return merged;
}

function addEdit(edits: TextEdit[], edit: TextEdit): void {
  const samePlace = (other: TextEdit): boolean =>
    comparePositions(other.range.start, edit.range.start) === 0 && comparePositions(other.range.end, edit.range.end) === 0;
  if (edits.some((other) => samePlace(other) && other.newText === edit.newText)) return;
  const isInsertion = comparePositions(edit.range.start, edit.range.end) === 0;
  const insertionHere = isInsertion ? edits.find(samePlace) : undefined;
  if (insertionHere)
    insertionHere.newText =
      joinGroupInsertions(insertionHere.newText, edit.newText, insertionHere.newText.includes('\r\n') ? '\r\n' : '\n') ?? insertionHere.newText + edit.newText;
  else edits.push({ ...edit });
}
