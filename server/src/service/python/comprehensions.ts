// List, set and dict comprehensions and generator expressions over values the evaluator knows. Each runs in its
// own scope (its loop variables do not leak); an unknown iterable leaves the result partial (the known items stay
// known, more may follow), an undecidable `if` makes it unknown.
import type { Frame } from './evalContext';
import { evaluate, iterateValue, setEntry } from './expressions';
import { fits } from './limits';
import { assignTarget } from './statements';
import { child, type PyNode } from './syntax';
import { copyWith, truthy, unknown, type DictEntry, type Namespace, type Value } from './values';

export function evaluateComprehension(node: PyNode, frame: Frame): Value {
  const body = node.children.find((c) => c.field === 'body');
  const clauses = node.children.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  if (!body || clauses[0]?.type !== 'for_in_clause') return unknown('incomplete comprehension');
  const scope: Namespace = new Map();
  const inner: Frame = copyWith(frame, {
    namespace: scope,
    enclosing: frame.namespace === frame.globals ? frame.enclosing : [frame.namespace, ...(frame.enclosing ?? [])],
    declaredGlobal: undefined,
  });
  const items: Value[] = [];
  const entries: DictEntry[] = [];
  let partial = false;
  let tooLarge = false;
  let uncertain = false;
  const statement = { file: frame.parsed.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const produce = (): void => {
    if (body.type === 'pair') {
      const key = child(body, 'key');
      const value = child(body, 'value');
      if (key && value) setEntry(entries, evaluate(key, inner), evaluate(value, inner));
      else partial = true;
    } else items.push(evaluate(body, inner));
    if (!fits(items.length + entries.length, true)) tooLarge = true;
  };
  const run = (index: number): void => {
    if (tooLarge) return;
    if (index >= clauses.length) return produce();
    const clause = clauses[index];
    if (clause.type === 'if_clause') {
      const condition = clause.children.find((c) => c.named);
      const verdict = condition ? truthy(evaluate(condition, inner)) : undefined;
      if (verdict === false) return;
      // An undecidable condition: whether any item is there cannot be known.
      if (verdict === undefined) uncertain = true;
      return run(index + 1);
    }
    const left = child(clause, 'left');
    const right = child(clause, 'right');
    if (!left || !right) {
      partial = true;
      return;
    }
    const iterable = iterateValue(evaluate(right, inner));
    if (!iterable) {
      partial = true;
      return;
    }
    if (iterable.partial) partial = true;
    for (const item of iterable.items) {
      assignTarget(left, item, statement, statement, inner);
      run(index + 1);
      if (tooLarge) return;
    }
  };
  run(0);
  if (tooLarge) return unknown('too large to evaluate');
  if (uncertain) return unknown('built with a condition that cannot be known');
  if (node.type === 'dictionary_comprehension') return partial ? { kind: 'dict', entries, partial } : { kind: 'dict', entries };
  const kind = node.type === 'set_comprehension' ? 'set' : 'list';
  return partial ? { kind, items, partial } : { kind, items };
}
