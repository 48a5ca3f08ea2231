// Re-parsing only the statements around an edit. Tree-sitter's own incremental parse still walks and
// re-balances the whole file's tree (about 0.7 ms for 1,000 lines), while a person typing inside one
// statement changes one statement. When the file had no syntax error and the few statements around the edit
// parse cleanly on their own, the module is the old statements with those few replaced; every other case
// (an unclosed bracket or string, a new indentation error, a semicolon line) falls back to a full parse.
import { parsePython } from './parser';
import { type LoweredModule, type LoweredStatement, lowerStatements, type StatementCache } from './syntax';

/** Offsets in the new text that edits touched since the previous parse (everything else is unchanged text). */
export interface ChangedRegion {
  start: number;
  end: number;
}

/** Windows longer than this are not worth the bookkeeping: the full parse reuses the tree anyway. */
const MAX_WINDOW = 16_384;

/**
 * The lowered module of `text`, given the module of `previousText` and where the edits fell, or undefined
 * when only a full parse can tell.
 */
export function relowerWindow(
  previous: LoweredModule,
  previousText: string,
  text: string,
  region: ChangedRegion,
  cache: StatementCache,
): LoweredModule | undefined {
  const old = previous.statements;
  if (previous.errors.length || old.length === 0) return undefined;
  const delta = text.length - previousText.length;
  const oldRegionEnd = region.end - delta;
  // First statement the edits reach (ending at the edit counts: typing at the end of a line extends it).
  let first = 0;
  while (first < old.length && end(old[first]) < region.start) first++;
  // First statement wholly after the edits (starting right at the edit counts as reached: a deleted newline joins it).
  let after = first;
  while (after < old.length && old[after].base <= oldRegionEnd) after++;
  // One statement more on each side: an edit can join a line to the block above it or split off the one below.
  const from = Math.max(0, first - 1);
  const to = Math.min(old.length, after + 1);
  const windowStart = from === 0 ? 0 : old[from].base;
  // A comment after the last statement stays in the window: after a block, Python's grammar gives it to the block.
  const windowEnd = to === old.length ? text.length : lineEnd(text, end(old[to - 1]) + delta);
  if (windowEnd < 0 || windowEnd < region.end || windowEnd - windowStart > MAX_WINDOW) return undefined;
  if (windowStart > 0 && text[windowStart - 1] !== '\n') return undefined;

  const source = text.slice(windowStart, windowEnd);
  const tree = parsePython(source);
  if (tree.rootNode.hasError) return undefined;
  const replaced = lowerStatements(tree, source, cache, windowStart);
  // The unchanged statements at the window's edges must come out as they were, or the edit reached past them.
  if (from < first && replaced[0]?.text !== old[from].text) return undefined;
  if (to > after && replaced[replaced.length - 1]?.text !== old[to - 1].text) return undefined;
  const shifted = old.slice(to).map((statement): LoweredStatement => ({ base: statement.base + delta, node: statement.node, text: statement.text }));
  return { statements: [...old.slice(0, from), ...replaced, ...shifted], errors: [] };
}

const end = (statement: LoweredStatement): number => statement.base + statement.text.length;

/** The end of `offset`'s line when only blanks and a comment follow it there, else -1 (the window is refused). */
function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '#') while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i >= text.length || text[i] === '\n' || text[i] === '\r' ? i : -1;
}

/** `region` (in the text before `change`) grown by one more change, in the text after it. */
export function growRegion(region: ChangedRegion | undefined, change: { start: number; end: number; text: string }): ChangedRegion {
  const insertedEnd = change.start + change.text.length;
  if (!region) return { start: change.start, end: insertedEnd };
  const delta = change.text.length - (change.end - change.start);
  const map = (offset: number): number => (offset <= change.start ? offset : offset >= change.end ? offset + delta : insertedEnd);
  return { start: Math.min(map(region.start), change.start), end: Math.max(map(region.end), insertedEnd) };
}
