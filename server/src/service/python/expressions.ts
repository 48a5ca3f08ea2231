// Evaluates Python expressions of a settings module to abstract values. Anything it cannot follow
// becomes `unknown` rather than a guess, so rules never flag what they cannot see.
import { callBuiltin, getAttribute, type CallArgs } from './builtins';
import { evaluateComprehension } from './comprehensions';
import { bind, CallBudgetExceeded, type Frame, locationOf, nodeText, PyRaise } from './evalContext';
import { callFunction, makeLambda } from './functions';
import { productionDebugVerdict } from './statements';
import { bounded, fits, TOO_LARGE_REASON } from './limits';
import { pureJoin, pureParent } from './paths';
import { decodeStringLiteral } from './strings';
import type { Location } from '../types';
import { child, type PyNode } from './syntax';
import { environContains } from './environment';
import { alternatives, sameValue, pyEquals, truthy, union, unknown, type DictEntry, type Namespace, type Value } from './values';

export function evaluate(node: PyNode, frame: Frame): Value {
  if (++frame.session.steps > (frame.stepBudgetEnd ?? Infinity)) throw new CallBudgetExceeded();
  const value = bounded(evaluateGuarded(node, frame));
  if (!value.loc) value.loc = locationOf(frame, node);
  return value;
}

function evaluateGuarded(node: PyNode, frame: Frame): Value {
  try {
    return evaluateInner(node, frame);
  } catch (error) {
    // A string past the engine's maximum length, or recursion past the call stack: a value we cannot know.
    if (error instanceof RangeError) return unknown(TOO_LARGE_REASON);
    throw error;
  }
}

function evaluateInner(node: PyNode, frame: Frame): Value {
  switch (node.type) {
    case 'identifier':
      return lookupName(nodeText(frame, node), frame);
    case 'string':
      return evaluateString(node, frame);
    case 'concatenated_string':
      return concatenateStrings(node.children.filter((c) => c.named).map((c) => evaluate(c, frame)));
    case 'integer':
      return evaluateInteger(nodeText(frame, node));
    case 'float': {
      const text = nodeText(frame, node).replace(/_/g, '');
      if (/[jJ]$/.test(text)) return unknown('complex number');
      return { kind: 'float', value: Number(text) };
    }
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'none':
      return { kind: 'none' };
    case 'parenthesized_expression': {
      const inner = node.children.find((c) => c.named);
      return inner ? evaluate(inner, frame) : { kind: 'tuple', items: [] };
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
      return evaluateSequence(node, node.type === 'expression_list' ? 'tuple' : node.type, frame);
    case 'dictionary':
      return evaluateDict(node, frame);
    case 'binary_operator':
      return evaluateBinary(node, frame);
    case 'unary_operator':
      return evaluateUnary(node, frame);
    case 'not_operator': {
      const argument = child(node, 'argument');
      if (!argument) return unknown('incomplete expression');
      return mapValue(evaluate(argument, frame), (v) => {
        const t = truthy(v);
        return t === undefined ? unknown('depends on an unknown value', undefined, v.env) : withEnv({ kind: 'bool', value: !t }, v);
      });
    }
    case 'boolean_operator':
      return evaluateBoolean(node, frame);
    case 'comparison_operator':
      return evaluateComparison(node, frame);
    case 'conditional_expression': {
      const [whenTrue, condition, whenFalse] = node.children.filter((c) => c.named);
      if (!whenTrue || !condition || !whenFalse) return unknown('incomplete expression');
      const tested = evaluate(condition, frame);
      const test = truthy(tested) ?? productionDebugVerdict(condition, frame);
      if (test === true) return decided(evaluate(whenTrue, frame), tested);
      if (test === false) return decided(evaluate(whenFalse, frame), tested);
      return eitherOf(
        () => evaluate(whenTrue, frame),
        () => evaluate(whenFalse, frame),
      );
    }
    case 'attribute': {
      const object = child(node, 'object');
      const attribute = child(node, 'attribute');
      if (!object || !attribute) return unknown('incomplete expression');
      return getAttribute(evaluate(object, frame), nodeText(frame, attribute), frame);
    }
    case 'subscript':
      return evaluateSubscript(node, frame);
    case 'call':
      return evaluateCall(node, frame);
    case 'named_expression': {
      const name = child(node, 'name');
      const value = child(node, 'value');
      if (!name || !value) return unknown('incomplete expression');
      const result = evaluate(value, frame);
      bind(frame, nodeText(frame, name), { value: result, statement: locationOf(frame, node) });
      return result;
    }
    case 'lambda':
      return makeLambda(node, frame);
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression':
      return evaluateComprehension(node, frame);
    case 'ellipsis':
      return unknown('...');
    default:
      return unknown(`${node.type.replace(/_/g, ' ')} is not evaluated`);
  }
}

/**
 * A value chosen by a condition on an environment variable (`"x" if os.getenv("X") else "y"`) carries that
 * variable, so a finding can say which variable production must set.
 */
function decided(value: Value, condition: Value): Value {
  if (!condition.env || value.env || (value.kind !== 'bool' && value.kind !== 'str' && value.kind !== 'int' && value.kind !== 'none')) return value;
  return { ...value, env: { name: condition.env.name, required: false, decided: true } } as Value;
}

/** One of two alternatives a condition we cannot decide chooses between; one that raises is a path production does not take. */
function eitherOf(first: () => Value, second: () => Value): Value {
  const results: Value[] = [];
  let raised: PyRaise | undefined;
  for (const alternative of [first, second]) {
    try {
      results.push(alternative());
    } catch (error) {
      if (!(error instanceof PyRaise)) throw error;
      raised = error;
    }
  }
  if (results.length === 0) throw raised!;
  return union(results);
}

function lookupName(name: string, frame: Frame): Value {
  const binding = frame.declaredGlobal?.has(name) ? frame.globals.get(name) : frame.namespace.get(name);
  if (binding) return binding.value;
  for (const scope of frame.enclosing ?? []) {
    const outer = scope.get(name);
    if (outer) return outer.value;
  }
  if (frame.globals !== frame.namespace) {
    const global = frame.globals.get(name);
    if (global) return global.value;
  }
  switch (name) {
    case '__file__':
      return { kind: 'str', value: frame.parsed.file };
    case '__name__':
      return { kind: 'str', value: frame.module.ref.name };
    case 'True':
      return { kind: 'bool', value: true };
    case 'False':
      return { kind: 'bool', value: false };
    case 'None':
      return { kind: 'none' };
  }
  if (PYTHON_BUILTINS.has(name)) return { kind: 'builtin', name: `builtins.${name}` };
  return unknown(`${name} is not defined here`);
}

const PYTHON_BUILTINS = new Set([
  'int',
  'float',
  'bool',
  'str',
  'list',
  'tuple',
  'dict',
  'set',
  'frozenset',
  'len',
  'sorted',
  'reversed',
  'min',
  'max',
  'any',
  'all',
  'repr',
  'print',
  'open',
  'isinstance',
  'getattr',
  'hasattr',
  'setattr',
  'range',
  'enumerate',
  'zip',
  'map',
  'filter',
  'sum',
  'abs',
  'round',
  'type',
  'object',
  'globals',
  'locals',
  'vars',
  'dir',
  'exec',
  'compile',
  'callable',
  'iter',
  'next',
  'issubclass',
  'hash',
  'id',
  'format',
  'chr',
  'ord',
  'Exception',
  'BaseException',
  'ValueError',
  'KeyError',
  'TypeError',
  'OSError',
  'IOError',
  'EnvironmentError',
  'FileNotFoundError',
  'ImportError',
  'ModuleNotFoundError',
  'RuntimeError',
  'AttributeError',
  'IndexError',
  'LookupError',
  'NotImplementedError',
  'PermissionError',
  'AssertionError',
  'SystemExit',
  'UnicodeDecodeError',
]);

function evaluateInteger(text: string): Value {
  const clean = text.replace(/_/g, '');
  let value: number;
  if (/^0[xX]/.test(clean)) value = parseInt(clean.slice(2), 16);
  else if (/^0[oO]/.test(clean)) value = parseInt(clean.slice(2), 8);
  else if (/^0[bB]/.test(clean)) value = parseInt(clean.slice(2), 2);
  else if (/[jJ]$/.test(clean)) return unknown('complex number');
  else value = Number(clean.replace(/[lL]$/, ''));
  return Number.isFinite(value) ? { kind: 'int', value } : unknown('integer out of range');
}

/**
 * Decoded string literals by node. A node stands for the same text wherever it is reused (nodes are shared by
 * statement text), and the evaluator meets the literals of a helper function at every call.
 */
const literals = new WeakMap<PyNode, ReturnType<typeof decodeStringLiteral>>();

function evaluateString(node: PyNode, frame: Frame): Value {
  if (node.children.length === 0 && literals.has(node)) {
    const literal = literals.get(node);
    if (!literal) return unknown('unreadable string literal');
    return { kind: literal.isBytes ? 'bytes' : 'str', value: literal.value };
  }
  const text = nodeText(frame, node);
  const interpolations = node.children.filter((c) => c.type === 'interpolation');
  if (node.children.length === 0 || interpolations.length === 0) {
    const literal = decodeStringLiteral(text);
    if (node.children.length === 0) literals.set(node, literal);
    if (!literal) return unknown('unreadable string literal');
    return { kind: literal.isBytes ? 'bytes' : 'str', value: literal.value };
  }
  // f-string: literal parts are decoded from their own text; interpolations must be known strings or numbers.
  const literal = decodeStringLiteral(text);
  let out = '';
  let envSource: Value | undefined;
  for (const part of node.children) {
    if (part.type === 'string_content') {
      const raw = nodeText(frame, part);
      out += literal?.isRaw ? raw : (decodeStringLiteral(`"${raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}')}"`)?.value ?? raw);
    } else if (part.type === 'escape_sequence') {
      out += decodeStringLiteral(`"${nodeText(frame, part)}"`)?.value ?? '';
    } else if (part.type === 'interpolation') {
      const expression = child(part, 'expression');
      if (!expression || child(part, 'format_specifier')) return unknown('formatted value');
      const value = evaluate(expression, frame);
      const rendered = asStr(value);
      if (rendered === undefined) return unknown('formatted from an unknown value', undefined, value.env);
      if (!fits(out.length + rendered.length)) return unknown(TOO_LARGE_REASON);
      out += rendered;
      envSource ??= value.env ? value : undefined;
    }
  }
  return withEnv({ kind: 'str', value: out }, envSource);
}

/** `str(value)` where it is statically known. */
export function asStr(value: Value): string | undefined {
  switch (value.kind) {
    case 'str':
    case 'path':
      return value.value;
    case 'int':
      return String(value.value);
    case 'float':
      return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

function concatenateStrings(parts: Value[]): Value {
  let out = '';
  for (const part of parts) {
    if (part.kind !== 'str' && part.kind !== 'bytes') return unknown('string built from an unknown part');
    out += part.value;
  }
  return { kind: parts[0]?.kind === 'bytes' ? 'bytes' : 'str', value: out };
}

function evaluateSequence(node: PyNode, kind: 'list' | 'tuple' | 'set', frame: Frame): Value {
  const items: Value[] = [];
  let partial = false;
  for (const element of node.children) {
    if (!element.named) continue;
    if (element.type === 'list_splat' || element.type === 'parenthesized_list_splat') {
      const inner = element.children.find((c) => c.named);
      const spread = inner ? evaluate(inner, frame) : unknown('incomplete');
      if (spread.kind === 'list' || spread.kind === 'tuple' || spread.kind === 'set') {
        items.push(...spread.items);
        partial ||= !!spread.partial;
      } else partial = true;
      continue;
    }
    items.push(evaluate(element, frame));
  }
  return partial ? { kind, items, partial } : { kind, items };
}

function evaluateDict(node: PyNode, frame: Frame): Value {
  const entries: DictEntry[] = [];
  let partial = false;
  for (const element of node.children) {
    if (element.type === 'pair') {
      const key = child(element, 'key');
      const value = child(element, 'value');
      if (!key || !value) {
        partial = true;
        continue;
      }
      setEntry(entries, evaluate(key, frame), evaluate(value, frame));
    } else if (element.type === 'dictionary_splat') {
      const inner = element.children.find((c) => c.named);
      const spread = inner ? evaluate(inner, frame) : unknown('incomplete');
      if (spread.kind === 'dict') {
        for (const entry of spread.entries) setEntry(entries, entry.key, entry.value);
        partial ||= !!spread.partial;
      } else partial = true;
    } else if (element.named) partial = true;
  }
  return partial ? { kind: 'dict', entries, partial } : { kind: 'dict', entries };
}

/** Sets a key, replacing an equal key in place as Python dicts do (insertion order kept). */
export function setEntry(entries: DictEntry[], key: Value, value: Value): void {
  // Two strings are equal when their text is, which is what pyEquals answers for them, without its walk: settings
  // dicts have hundreds of string keys, and each one set was compared with every key before it.
  const text = key.kind === 'str' ? key.value : undefined;
  const index = entries.findIndex((entry) => (text !== undefined && entry.key.kind === 'str' ? entry.key.value === text : pyEquals(entry.key, key) === true));
  if (index >= 0) entries[index] = { key: entries[index].key, value };
  else entries.push({ key, value });
}

function operatorOf(node: PyNode, frame: Frame): string {
  const op = child(node, 'operator');
  if (op) return op.named ? nodeText(frame, op) : op.type;
  return node.children
    .filter((c) => !c.named)
    .map((c) => c.type)
    .join(' ');
}

/** Applies `fn` to each alternative of a union, or to the value itself. */
export function mapValue(value: Value, fn: (v: Value) => Value): Value {
  if (value.kind !== 'union') return fn(value);
  return union(value.options.map(fn));
}

function mapPair(left: Value, right: Value, fn: (a: Value, b: Value) => Value): Value {
  if (left.kind !== 'union' && right.kind !== 'union') return fn(left, right);
  const results: Value[] = [];
  for (const a of alternatives(left)) for (const b of alternatives(right)) results.push(fn(a, b));
  return union(results);
}

/** Carries the environment origin of `source` onto a derived value, so messages can name the variable. */
export function withEnv(value: Value, source: Value | undefined): Value {
  if (source?.env && !value.env) value.env = source.env;
  return value;
}

function evaluateBinary(node: PyNode, frame: Frame): Value {
  const leftNode = child(node, 'left');
  const rightNode = child(node, 'right');
  if (!leftNode || !rightNode) return unknown('incomplete expression');
  const op = operatorOf(node, frame);
  return mapPair(evaluate(leftNode, frame), evaluate(rightNode, frame), (a, b) => withEnv(withEnv(binary(op, a, b), a), b));
}

export function binary(op: string, a: Value, b: Value): Value {
  // `INSTALLED_APPS + env.list("EXTRA_APPS")`: the known entries stay known, more may follow.
  if (op === '+' && (a.kind === 'list' || a.kind === 'tuple') && b.kind === 'unknown') return { kind: a.kind, items: a.items, partial: true };
  if (op === '+' && (b.kind === 'list' || b.kind === 'tuple') && a.kind === 'unknown') return { kind: b.kind, items: b.items, partial: true };
  if (a.kind === 'unknown' || b.kind === 'unknown') return unknown('depends on an unknown value', undefined, a.env ?? b.env);
  if (op === '/' && (a.kind === 'path' || (a.kind === 'object' && a.type === 'environ.Path'))) {
    const right = asStr(b);
    return right === undefined ? unknown('path joined with an unknown part') : { kind: 'path', value: pureJoin(pathString(a), right) };
  }
  if (op === '-' && a.kind === 'object' && a.type === 'environ.Path' && b.kind === 'int') {
    return { kind: 'object', type: 'environ.Path', data: ancestor(a.data as string, b.value) };
  }
  const numA = numeric(a);
  const numB = numeric(b);
  if (numA !== undefined && numB !== undefined) {
    const isFloat = a.kind === 'float' || b.kind === 'float' || op === '/';
    const result = arithmetic(op, numA, numB);
    if (result === undefined) return unknown(`unsupported operator ${op}`);
    return { kind: isFloat ? 'float' : 'int', value: result };
  }
  if (op === '+') {
    if (a.kind === 'str' && b.kind === 'str')
      return fits(a.value.length + b.value.length) ? { kind: 'str', value: a.value + b.value } : unknown(TOO_LARGE_REASON);
    if ((a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind) {
      if (!fits(a.items.length + b.items.length, true)) return unknown(TOO_LARGE_REASON);
      const partial = a.partial || b.partial;
      return partial ? { kind: a.kind, items: [...a.items, ...b.items], partial } : { kind: a.kind, items: [...a.items, ...b.items] };
    }
  }
  if (op === '|' && a.kind === 'dict' && b.kind === 'dict') {
    const entries = [...a.entries];
    for (const entry of b.entries) setEntry(entries, entry.key, entry.value);
    return { kind: 'dict', entries, partial: a.partial || b.partial };
  }
  if (op === '*' && (a.kind === 'str' || a.kind === 'list') && b.kind === 'int' && b.value >= 0 && b.value < 1000) {
    if (!fits((a.kind === 'str' ? a.value.length : a.items.length) * b.value, a.kind === 'list')) return unknown(TOO_LARGE_REASON);
    if (a.kind === 'str') return { kind: 'str', value: a.value.repeat(b.value) };
    return { kind: 'list', items: Array.from({ length: b.value }, () => a.items).flat(), partial: a.partial };
  }
  if (op === '%' && a.kind === 'str') {
    const args = b.kind === 'tuple' ? b.items : [b];
    let index = 0;
    let failed = false;
    let length = a.value.length;
    const out = a.value.replace(/%([sdr%])/g, (_match, spec: string) => {
      if (spec === '%') return '%';
      const rendered = args[index] ? asStr(args[index]) : undefined;
      index++;
      length += rendered?.length ?? 0;
      if (rendered === undefined || !fits(length)) failed = true;
      return failed ? '' : rendered!;
    });
    return failed ? unknown(fits(length) ? 'formatted from an unknown value' : TOO_LARGE_REASON) : { kind: 'str', value: out };
  }
  return unknown(`${a.kind} ${op} ${b.kind} is not evaluated`);
}

function numeric(value: Value): number | undefined {
  if (value.kind === 'int' || value.kind === 'float') return value.value;
  if (value.kind === 'bool') return value.value ? 1 : 0;
  return undefined;
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '%':
      return b === 0 ? undefined : ((a % b) + b) % b;
    case '**':
      return a ** b;
    case '|':
      return a | b;
    case '&':
      return a & b;
    case '^':
      return a ^ b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    default:
      return undefined;
  }
}

function evaluateUnary(node: PyNode, frame: Frame): Value {
  const argument = child(node, 'argument');
  if (!argument) return unknown('incomplete expression');
  const op = operatorOf(node, frame);
  return mapValue(evaluate(argument, frame), (v) => {
    const n = numeric(v);
    if (n === undefined) return unknown('depends on an unknown value', undefined, v.env);
    const result = op === '-' ? -n : op === '~' ? ~n : n;
    return withEnv({ kind: v.kind === 'float' ? 'float' : 'int', value: result }, v);
  });
}

function evaluateBoolean(node: PyNode, frame: Frame): Value {
  const leftNode = child(node, 'left');
  const rightNode = child(node, 'right');
  if (!leftNode || !rightNode) return unknown('incomplete expression');
  const op = operatorOf(node, frame);
  const left = evaluate(leftNode, frame);
  const verdict = truthy(left);
  if (op === 'and') {
    if (verdict === false) return left;
    if (verdict === true) return evaluate(rightNode, frame);
  } else {
    if (verdict === true) return left;
    if (verdict === false) return evaluate(rightNode, frame);
  }
  // Unknown left side: the result is one of the two (or unknown when the left itself is unknown).
  const right = evaluate(rightNode, frame);
  return left.kind === 'unknown' ? withEnv(unknown('depends on an unknown value'), left) : union([left, right]);
}

function evaluateComparison(node: PyNode, frame: Frame): Value {
  const operands: PyNode[] = [];
  const operators: string[] = [];
  let pending: string[] = [];
  for (const c of node.children) {
    if (c.named) {
      if (operands.length) operators.push(pending.join(' '));
      pending = [];
      operands.push(c);
    } else pending.push(c.type);
  }
  if (operands.length < 2 || operators.length !== operands.length - 1) return unknown('incomplete comparison');
  let result: Value = { kind: 'bool', value: true };
  let left = evaluate(operands[0], frame);
  for (let i = 0; i < operators.length; i++) {
    const right = evaluate(operands[i + 1], frame);
    const step = mapPair(left, right, (a, b) => withEnv(withEnv(compare(operators[i], a, b, frame), a), b));
    result = i === 0 ? step : andValues(result, step);
    if (truthy(result) === false) return result;
    left = right;
  }
  return result;
}

function andValues(a: Value, b: Value): Value {
  const ta = truthy(a);
  if (ta === false) return a;
  if (ta === true) return b;
  return unknown('depends on an unknown value', undefined, a.env ?? b.env);
}

export function compare(op: string, a: Value, b: Value, frame?: Frame): Value {
  const boolOrUnknown = (verdict: boolean | undefined): Value =>
    verdict === undefined ? unknown('depends on an unknown value', undefined, a.env ?? b.env) : { kind: 'bool', value: verdict };
  switch (op) {
    case '==':
      return boolOrUnknown(pyEquals(a, b));
    case '!=': {
      const eq = pyEquals(a, b);
      return boolOrUnknown(eq === undefined ? undefined : !eq);
    }
    case 'is':
    case 'is not': {
      const same = identical(a, b);
      return boolOrUnknown(same === undefined ? undefined : op === 'is' ? same : !same);
    }
    case 'in':
    case 'not in': {
      if (b.kind === 'object' && b.type === 'os.environ' && frame) {
        const present = environContains(frame, a);
        return present.kind === 'bool' && op === 'not in' ? { ...present, value: !present.value } : present;
      }
      const verdict = contains(b, a);
      return boolOrUnknown(verdict === undefined ? undefined : op === 'in' ? verdict : !verdict);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const x = numeric(a) ?? (a.kind === 'str' ? a.value : undefined);
      const y = numeric(b) ?? (b.kind === 'str' ? b.value : undefined);
      if (x === undefined || y === undefined || typeof x !== typeof y) return boolOrUnknown(undefined);
      return boolOrUnknown(op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y);
    }
    default:
      return boolOrUnknown(undefined);
  }
}

/** Python `a is b`, where it can be decided. */
function identical(a: Value, b: Value): boolean | undefined {
  if (a === b) return true;
  // A variable production must set holds a string, never None.
  if ((a.kind === 'none' && b.kind === 'unknown' && b.env?.required) || (b.kind === 'none' && a.kind === 'unknown' && a.env?.required)) return false;
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if (a.kind === 'bool' && b.kind === 'bool') return a.value === b.value;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'object' || a.kind === 'function' || a.kind === 'class' || a.kind === 'module' || a.kind === 'builtin') return sameValue(a, b);
  return undefined;
}

/** Python `needle in container`. */
export function contains(container: Value, needle: Value): boolean | undefined {
  if (container.kind === 'str' && needle.kind === 'str') return container.value.includes(needle.value);
  if (container.kind === 'object' && container.type === 'os.environ') return undefined;
  if (container.kind === 'object' && container.type === 'globals' && needle.kind === 'str') return (container.data as Namespace).has(needle.value);
  if (container.kind === 'list' || container.kind === 'tuple' || container.kind === 'set') {
    let undecided = !!container.partial;
    for (const item of container.items) {
      const eq = pyEquals(item, needle);
      if (eq === true) return true;
      if (eq === undefined) undecided = true;
    }
    return undecided ? undefined : false;
  }
  if (container.kind === 'dict') {
    let undecided = !!container.partial;
    for (const entry of container.entries) {
      const eq = pyEquals(entry.key, needle);
      if (eq === true) return true;
      if (eq === undefined) undecided = true;
    }
    return undecided ? undefined : false;
  }
  return undefined;
}

function evaluateSubscript(node: PyNode, frame: Frame): Value {
  const valueNode = child(node, 'value');
  const indexNodes = node.children.filter((c) => c.field === 'subscript');
  if (!valueNode || indexNodes.length !== 1) return unknown('subscript is not evaluated');
  const container = evaluate(valueNode, frame);
  if (indexNodes[0].type === 'slice') return unknown('slices are not evaluated');
  const index = evaluate(indexNodes[0], frame);
  return mapPair(container, index, (c, i) => subscriptValue(c, i, frame));
}

export function subscriptValue(container: Value, index: Value, frame: Frame, raises = true): Value {
  if (container.kind === 'object' && container.type === 'os.environ') {
    return callBuiltin('os.environ[]', { positional: [index], keywords: new Map(), complete: true }, frame, index.loc);
  }
  if (container.kind === 'object' && container.type === 'globals') {
    if (index.kind !== 'str') return unknown('globals() read with a computed name');
    const binding = (container.data as Namespace).get(index.value);
    if (binding) return binding.value;
    return unknown(`${index.value} is not defined`);
  }
  if (container.kind === 'object' && container.type === 'sys.modules') {
    const name = asStr(index);
    const current = frame.root.module;
    if (name !== undefined && name === current.ref.name) return { kind: 'module', name, namespace: frame.root.globals };
    return unknown(`sys.modules[${name ?? '...'}]`);
  }
  if (container.kind === 'dict') {
    if (index.kind === 'unknown') return unknown('looked up with an unknown key');
    for (let i = container.entries.length - 1; i >= 0; i--) {
      if (pyEquals(container.entries[i].key, index) === true) return container.entries[i].value;
    }
    if (container.partial) return unknown('key may be set by code we cannot follow');
    if (raises && frame.callDepth > 0 && container.entries.every((entry) => entry.key.kind !== 'unknown')) throw new PyRaise('KeyError', []);
    return unknown('missing key (KeyError)');
  }
  if ((container.kind === 'list' || container.kind === 'tuple') && index.kind === 'int') {
    const i = index.value < 0 ? container.items.length + index.value : index.value;
    if (container.partial && index.value < 0) return unknown('index into a partly known list');
    return container.items[i] ?? unknown(container.partial ? 'index into a partly known list' : 'index out of range');
  }
  if (container.kind === 'object' && container.type === 'path.parents' && index.kind === 'int') {
    return { kind: 'path', value: ancestor(container.data as string, index.value + 1) };
  }
  if (container.kind === 'str' && index.kind === 'int') {
    const ch = container.value.at(index.value);
    return ch === undefined ? unknown('index out of range') : { kind: 'str', value: ch };
  }
  return unknown('subscript of an unknown value', undefined, container.env);
}

/** The items a `for` loop (or `list()`, `extend`, `*x`) would see: known items, and whether more may follow. */
export function iterateValue(value: Value): { items: Value[]; partial: boolean } | undefined {
  switch (value.kind) {
    case 'list':
    case 'tuple':
    case 'set':
      return { items: value.items, partial: !!value.partial };
    case 'dict':
      return { items: value.entries.map((entry) => entry.key), partial: !!value.partial };
    case 'str':
      return value.value.length <= 10_000 ? { items: [...value.value].map((ch) => ({ kind: 'str', value: ch }) as Value), partial: false } : undefined;
    default:
      return undefined;
  }
}

export function evaluateArguments(argumentList: PyNode | undefined, frame: Frame): CallArgs {
  const args: CallArgs = { positional: [], keywords: new Map(), complete: true };
  if (!argumentList) return args;
  if (argumentList.type === 'generator_expression') {
    // `any(x for x in items)`: the generator is the one argument.
    args.positional.push(evaluate(argumentList, frame));
    return args;
  }
  for (const argument of argumentList.children) {
    if (!argument.named) continue;
    if (argument.type === 'keyword_argument') {
      const name = child(argument, 'name');
      const value = child(argument, 'value');
      if (name && value) args.keywords.set(nodeText(frame, name), evaluate(value, frame));
      else args.complete = false;
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      const inner = argument.children.find((c) => c.named);
      const spread = inner ? evaluate(inner, frame) : undefined;
      const items = spread && argument.type === 'list_splat' ? iterateValue(spread) : undefined;
      if (items && !items.partial) args.positional.push(...items.items);
      else if (spread?.kind === 'dict' && !spread.partial && argument.type === 'dictionary_splat' && spread.entries.every((e) => e.key.kind === 'str')) {
        for (const entry of spread.entries) args.keywords.set((entry.key as { value: string }).value, entry.value);
      } else args.complete = false;
    } else {
      args.positional.push(evaluate(argument, frame));
    }
  }
  return args;
}

function evaluateCall(node: PyNode, frame: Frame): Value {
  const functionNode = child(node, 'function');
  if (!functionNode) return unknown('incomplete call');
  const callee = evaluate(functionNode, frame);
  const args = evaluateArguments(child(node, 'arguments'), frame);
  return callValue(callee, args, frame, locationOf(frame, node));
}

/** Calls a value: a modelled builtin, a project function, or a class. */
export function callValue(callee: Value, args: CallArgs, frame: Frame, location: Location): Value {
  return mapValue(callee, (fn) => {
    if (fn.kind === 'builtin') return callBuiltin(fn.name, args, frame, location, fn.self);
    if (fn.kind === 'function') return callFunction(fn, args, frame, location);
    if (fn.kind === 'class') return { kind: 'object', type: 'instance', data: fn.cls };
    if (fn.kind === 'object') return callBuiltin(`${fn.type}()`, args, frame, location, fn);
    return unknown('result of a call', undefined, fn.env);
  });
}

// ---- paths ----------------------------------------------------------------------------------------

export function pathString(value: Value): string {
  if (value.kind === 'object' && value.type === 'environ.Path') return value.data as string;
  return (value as { value: string }).value;
}

/** The folder `levels` up from `dir`; the root is its own parent, so a huge count ends there. */
function ancestor(dir: string, levels: number): string {
  for (let i = 0; i < levels; i++) {
    const parent = pureParent(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}
