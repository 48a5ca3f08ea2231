// Python that fixes write, laid out the way Black does at a line length of 99: an expression stays on its line
// when it fits; otherwise a call or a collection opens its bracket on the line and puts its contents on the next
// lines (together when they fit, one per line with a trailing comma when not), and a conditional expression on
// the right of `=` is wrapped in parentheses, one part per line. Collections marked `explode` keep one entry per
// line, as a trailing comma makes Black keep them. Only the shapes fixes generate are supported.

export const LINE_LENGTH = 99;

/** Source text that is never split (a name, a literal, `os.environ["X"]`, `not DEBUG`). */
export type PyAtom = string;

export interface PyCall {
  kind: 'call';
  /** Everything before the opening parenthesis: `os.environ.get`, `dj_database_url.config`. */
  callee: string;
  /** Arguments: expressions, or `name=value` keyword arguments. */
  args: (PyExpr | PyKeyword)[];
}

export interface PyKeyword {
  kind: 'keyword';
  name: string;
  value: PyExpr;
}

export interface PyCollection {
  kind: 'list' | 'tuple' | 'dict';
  /** Items, or for a dict `[key, value]` pairs (a `**spread` pair has the key `**`). */
  items: PyExpr[] | [PyExpr, PyExpr][];
  /** One entry per line even when they would fit on one (a trailing comma keeps Black from joining them). */
  explode?: boolean;
}

export interface PyConditional {
  kind: 'conditional';
  body: PyExpr;
  test: PyExpr;
  orElse: PyExpr;
}

export type PyExpr = PyAtom | PyCall | PyCollection | PyConditional;

export const call = (callee: string, ...args: (PyExpr | PyKeyword)[]): PyCall => ({ kind: 'call', callee, args });
export const keyword = (name: string, value: PyExpr): PyKeyword => ({ kind: 'keyword', name, value });
export const list = (items: PyExpr[], explode = false): PyCollection => ({ kind: 'list', items, explode });
export const tuple = (items: PyExpr[]): PyCollection => ({ kind: 'tuple', items });
export const dict = (pairs: [PyExpr, PyExpr][], explode = true): PyCollection => ({ kind: 'dict', items: pairs, explode });
export const conditional = (body: PyExpr, test: PyExpr, orElse: PyExpr): PyConditional => ({ kind: 'conditional', body, test, orElse });

const BRACKETS = { list: ['[', ']'], tuple: ['(', ')'], dict: ['{', '}'] } as const;

function isKeyword(item: PyExpr | PyKeyword): item is PyKeyword {
  return typeof item === 'object' && item.kind === 'keyword';
}

/** Whether an expression must span lines whatever the room (an exploded collection inside it). */
function forcesSplit(expr: PyExpr | PyKeyword): boolean {
  if (typeof expr === 'string') return false;
  if (isKeyword(expr)) return forcesSplit(expr.value);
  if (expr.kind === 'call') return expr.args.some(forcesSplit);
  if (expr.kind === 'conditional') return forcesSplit(expr.body) || forcesSplit(expr.test) || forcesSplit(expr.orElse);
  return !!expr.explode && expr.items.length > 0;
}

function pairText(pair: [PyExpr, PyExpr]): string {
  return pair[0] === '**' ? `**${flat(pair[1])}` : `${flat(pair[0])}: ${flat(pair[1])}`;
}

/** The expression on one line. */
export function flat(expr: PyExpr | PyKeyword): string {
  if (typeof expr === 'string') return expr;
  if (isKeyword(expr)) return `${expr.name}=${flat(expr.value)}`;
  if (expr.kind === 'call') return `${expr.callee}(${expr.args.map(flat).join(', ')})`;
  if (expr.kind === 'conditional') return `${flat(expr.body)} if ${flat(expr.test)} else ${flat(expr.orElse)}`;
  const [open, close] = BRACKETS[expr.kind];
  const items = expr.kind === 'dict' ? (expr.items as [PyExpr, PyExpr][]).map(pairText) : (expr.items as PyExpr[]).map(flat);
  // `(x)` is not a tuple.
  return `${open}${items.join(', ')}${expr.kind === 'tuple' && items.length === 1 ? ',' : ''}${close}`;
}

const fits = (line: string): boolean => line.length <= LINE_LENGTH;

/**
 * The lines of `prefix + expr + suffix`, where `prefix` starts with the indentation of the statement's line. The
 * first line starts with `prefix`; lines inside brackets are indented four spaces more than the statement.
 */
export function layout(prefix: string, expr: PyExpr, suffix = '', wrapConditional = true): string[] {
  const indent = /^\s*/.exec(prefix)![0];
  const one = `${prefix}${flat(expr)}${suffix}`;
  if (fits(one) && !forcesSplit(expr)) return [one];
  if (typeof expr === 'string') return [one];
  const inner = `${indent}    `;
  if (expr.kind === 'conditional') {
    if (!wrapConditional) return [one];
    const body = `${inner}${flat(expr)}`;
    const lines =
      fits(body) && !forcesSplit(expr)
        ? [body]
        : [...layout(inner, expr.body, '', false), ...layout(`${inner}if `, expr.test, '', false), ...layout(`${inner}else `, expr.orElse, '', false)];
    return [`${prefix}(`, ...lines, `${indent})${suffix}`];
  }
  const [open, close] = expr.kind === 'call' ? [`${expr.callee}(`, ')'] : BRACKETS[expr.kind];
  const items: { text: (prefix: string, suffix: string) => string[]; flat: string; forced: boolean }[] =
    expr.kind === 'call'
      ? expr.args.map((arg) => ({
          text: (p, s) => (isKeyword(arg) ? layout(`${p}${arg.name}=`, arg.value, s, false) : layout(p, arg, s, false)),
          flat: flat(arg),
          forced: forcesSplit(arg),
        }))
      : expr.kind === 'dict'
        ? (expr.items as [PyExpr, PyExpr][]).map((pair) => ({
            text: (p, s) => (pair[0] === '**' ? layout(`${p}**`, pair[1], s, false) : layout(`${p}${flat(pair[0])}: `, pair[1], s, false)),
            flat: pairText(pair),
            forced: forcesSplit(pair[1]),
          }))
        : (expr.items as PyExpr[]).map((item) => ({ text: (p, s) => layout(p, item, s, false), flat: flat(item), forced: forcesSplit(item) }));
  const explode = expr.kind !== 'call' && !!expr.explode;
  // `(x)` is not a tuple: a one-item tuple keeps its comma on the line too.
  const together = `${inner}${items.map((item) => item.flat).join(', ')}${expr.kind === 'tuple' && items.length === 1 ? ',' : ''}`;
  const body = !explode && fits(together) && !items.some((item) => item.forced) ? [together] : items.flatMap((item) => item.text(inner, ','));
  return [`${prefix}${open}`, ...body, `${indent}${close}${suffix}`];
}

/** `NAME = value` as lines (no line break at the end), with an optional comment after it when that still fits. */
export function assignment(indent: string, name: string, value: PyExpr, comment?: string): string[] {
  const lines = layout(`${indent}${name} = `, value);
  if (!comment) return lines;
  const last = lines.length - 1;
  const trailing = `${lines[last]}  # ${comment}`;
  if (fits(trailing)) return [...lines.slice(0, last), trailing];
  return [`${indent}# ${comment}`, ...lines];
}

/** Python source of a string, double-quoted as Black writes it (single quotes when that avoids escapes). */
export function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (escaped.includes('"') && !escaped.includes("'")) return `'${escaped}'`;
  return `"${escaped.replace(/"/g, '\\"')}"`;
}
