// Turns "text before" and "text after" into the few small edits between them, so applying several fixes to
// one file yields one edit per changed spot (an import at the top, a setting at the bottom), never a rewrite
// of everything in between.
import type { TextEdit } from '../service/types';
import { LineIndex, minimalEdit } from '../service/index';

/** Past this many differing lines a diff is not worth it; one minimal edit is returned instead. */
const MAX_DIFFERENCES = 2000;

interface Hunk {
  /** Line range [start, end) in the old text replaced by [newStart, newEnd) of the new text. */
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((line, index, all) => line !== '' || index < all.length - 1);
}

/** Edits (ranges in `before`) that turn `before` into `after`, one per changed region. */
export function diffEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const hunks = diffLines(oldLines, newLines);
  if (!hunks) return [minimalEdit(before, after)!];
  const lines = new LineIndex(before);
  const lineStarts = [0];
  for (const line of oldLines) lineStarts.push(lineStarts[lineStarts.length - 1] + line.length);
  const offsetOf = (line: number): number => lineStarts[Math.min(line, oldLines.length)];
  const edits: TextEdit[] = [];
  for (const hunk of hunks) {
    const start = offsetOf(hunk.oldStart);
    const oldText = before.slice(start, offsetOf(hunk.oldEnd));
    const newText = newLines.slice(hunk.newStart, hunk.newEnd).join('');
    const inner = minimalEdit(oldText, newText);
    if (!inner) continue;
    const hunkLines = new LineIndex(oldText);
    edits.push({ range: lines.range(start + hunkLines.offset(inner.range.start), start + hunkLines.offset(inner.range.end)), newText: inner.newText });
  }
  return edits;
}

/** Myers' O((N+M)D) diff over lines, as hunks; undefined when the texts differ too much. */
function diffLines(a: string[], b: string[]): Hunk[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_DIFFERENCES);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return hunksFromTrace(trace, d, n, m, offset);
    }
  }
  return undefined;
}

function hunksFromTrace(trace: Int32Array[], depth: number, n: number, m: number, offset: number): Hunk[] {
  // Walk back from the end, collecting the single-line steps, then merge adjacent steps into hunks.
  const steps: { kind: 'delete' | 'insert'; x: number; y: number }[] = [];
  let x = n;
  let y = m;
  for (let d = depth; d > 0; d--) {
    const previous = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && previous[offset + k - 1] < previous[offset + k + 1]);
    const previousK = down ? k + 1 : k - 1;
    const previousX = previous[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
    }
    if (down) steps.push({ kind: 'insert', x, y: y - 1 });
    else steps.push({ kind: 'delete', x: x - 1, y });
    x = previousX;
    y = previousY;
  }
  steps.reverse();
  const hunks: Hunk[] = [];
  for (const step of steps) {
    const current = hunks[hunks.length - 1];
    const oldStart = step.x;
    const newStart = step.y;
    if (step.kind === 'delete') {
      if (current && current.oldEnd === oldStart && current.newEnd === newStart) current.oldEnd++;
      else hunks.push({ oldStart, oldEnd: oldStart + 1, newStart, newEnd: newStart });
    } else if (current && current.oldEnd === oldStart && current.newEnd === newStart) current.newEnd++;
    else hunks.push({ oldStart, oldEnd: oldStart, newStart, newEnd: newStart + 1 });
  }
  return hunks;
}
