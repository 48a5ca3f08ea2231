// Reads the few Python expressions deployment files use (gunicorn.conf.py, Celery app modules): literals,
// lists of strings, `int(os.getenv("X", 3))`, `multiprocessing.cpu_count() * 2 + 1`. Everything else is unknown.
import { decodeStringLiteral } from '../python/strings';
import { child, namedChildren, type LoweredStatement, type PyNode } from '../python/syntax';

export type PyLiteral =
  | { kind: 'int'; value: number; env?: string }
  | { kind: 'str'; value: string; env?: string }
  | { kind: 'bool'; value: boolean; env?: string }
  | { kind: 'list'; value: string[] }
  /** Grows with the machine's cores; `min` is the least it can be. */
  | { kind: 'cores'; min: number; text: string }
  | { kind: 'unknown'; text: string; env?: string };

export function textOf(stmt: LoweredStatement, node: PyNode): string {
  return stmt.text.slice(node.start, node.end);
}

export function readLiteral(stmt: LoweredStatement, node: PyNode | undefined): PyLiteral {
  if (!node) return { kind: 'unknown', text: '' };
  const text = textOf(stmt, node);
  switch (node.type) {
    case 'integer':
      return /^\d+$/.test(text) ? { kind: 'int', value: Number(text) } : { kind: 'unknown', text };
    case 'string': {
      const decoded = decodeStringLiteral(text);
      return decoded ? { kind: 'str', value: decoded.value } : { kind: 'unknown', text };
    }
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true' };
    case 'parenthesized_expression':
      return readLiteral(stmt, namedChildren(node)[0]);
    case 'list':
    case 'tuple': {
      const items = namedChildren(node).map((item) => readLiteral(stmt, item));
      return items.every((item) => item.kind === 'str') ? { kind: 'list', value: items.map((item) => item.value as string) } : { kind: 'unknown', text };
    }
    case 'call': {
      const fn = child(node, 'function');
      const name = fn ? textOf(stmt, fn).replace(/\s+/g, '') : '';
      const args = namedChildren(child(node, 'arguments') ?? node).filter((arg) => arg.type !== 'keyword_argument');
      if (name === 'int' || name === 'str' || name === 'bool') {
        const inner = readLiteral(stmt, args[0]);
        if (name === 'int' && inner.kind === 'str' && /^\d+$/.test(inner.value)) return { kind: 'int', value: Number(inner.value), env: inner.env };
        return inner;
      }
      if (/(^|\.)(getenv|environ\.get)$/.test(name)) {
        const variable = readLiteral(stmt, args[0]);
        const env = variable.kind === 'str' ? variable.value : undefined;
        const fallback = args[1] ? readLiteral(stmt, args[1]) : undefined;
        if (fallback && (fallback.kind === 'int' || fallback.kind === 'str' || fallback.kind === 'bool')) return { ...fallback, env };
        return { kind: 'unknown', text, env };
      }
      if (/cpu_count$/.test(name)) return { kind: 'cores', min: 1, text };
      return { kind: 'unknown', text };
    }
    case 'binary_operator': {
      const left = readLiteral(stmt, child(node, 'left'));
      const right = readLiteral(stmt, child(node, 'right'));
      const operator = node.children.find((c) => !c.named)?.type;
      if (left.kind === 'int' && right.kind === 'int') {
        if (operator === '+') return { kind: 'int', value: left.value + right.value };
        if (operator === '*') return { kind: 'int', value: left.value * right.value };
      }
      const cores = left.kind === 'cores' ? left : right.kind === 'cores' ? right : undefined;
      const number = left.kind === 'int' ? left : right.kind === 'int' ? right : undefined;
      if (cores && number && (operator === '+' || operator === '*')) {
        return { kind: 'cores', min: operator === '+' ? cores.min + number.value : cores.min * number.value, text };
      }
      return { kind: 'unknown', text };
    }
    default:
      return { kind: 'unknown', text };
  }
}

/** Top-level `name = value` statements, last one winning. */
export function moduleAssignments(statements: readonly LoweredStatement[]): Map<string, { stmt: LoweredStatement; value: PyNode }> {
  const found = new Map<string, { stmt: LoweredStatement; value: PyNode }>();
  for (const stmt of statements) {
    const assignment = stmt.node.type === 'expression_statement' ? namedChildren(stmt.node)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = child(assignment, 'left');
    const right = child(assignment, 'right');
    if (left?.type === 'identifier' && right) found.set(textOf(stmt, left), { stmt, value: right });
  }
  return found;
}
