// Project-local helper functions, evaluated: `envbool("DEBUG", "True")`, `get_str_env("SECRET_KEY",
// required=True)`, `set_option("X", 1)` writing through `globals()`. A call binds its arguments to the
// parameters (defaults as evaluated when the `def` ran), runs the body with `return`, `if`, bounded loops and
// `raise`, and gives the union of what its paths return. Calls nest at most MAX_CALL_DEPTH deep and each costs at
// most CALL_STEP_BUDGET steps; beyond that the result is unknown.
import { type Location, type Range, within } from '../types';
import type { CallArgs } from './builtins';
import { bindIn, CallBudgetExceeded, type Frame, locationOf, nodeText, PyRaise } from './evalContext';
import { evaluate } from './expressions';
import { blockOf, decidedBy, executeBlock } from './statements';
import type { ParsedFile } from './parseCache';
import { child, type PyNode } from './syntax';
import { copyWith, type FunctionDef, type Namespace, union, unknown, type Value } from './values';

const MAX_CALL_DEPTH = 24;
const CALL_STEP_BUDGET = 200_000;

const PASSTHROUGH_DECORATORS = new Set([
  'staticmethod',
  'classmethod',
  'property',
  'cached_property',
  'cache',
  'lru_cache',
  'wraps',
  'functools.cache',
  'functools.lru_cache',
  'functools.cached_property',
]);

/** `def name(...)`: binds a function value; defaults are evaluated now, as Python does. */
export function defineFunction(node: PyNode, frame: Frame, decorated: PyNode | undefined): void {
  const nameNode = child(node, 'name');
  if (!nameNode) return;
  const name = nodeText(frame, nameNode);
  const statement = locationOf(frame, decorated ?? node);
  const decorators = (decorated?.children ?? []).filter((c) => c.type === 'decorator').map((d) => nodeText(frame, d).replace(/^@\s*/, '').split('(')[0].trim());
  if (decorators.some((d) => !PASSTHROUGH_DECORATORS.has(d) && !PASSTHROUGH_DECORATORS.has(d.split('.').pop()!))) {
    bindIn(frame, frame.namespace, name, { value: unknown(`${name} is wrapped by a decorator`), statement });
    return;
  }
  const decorator = decorators.find((d) => d === 'classmethod' || d === 'staticmethod' || d === 'property');
  const fn = makeFunction(name, node, frame, decorator as FunctionDef['decorator']);
  bindIn(frame, frame.declaredGlobal?.has(name) ? frame.globals : frame.namespace, name, { value: { kind: 'function', fn }, statement });
}

/** A `lambda` expression's value. */
export function makeLambda(node: PyNode, frame: Frame): Value {
  return { kind: 'function', fn: makeFunction('<lambda>', node, frame, undefined) };
}

function makeFunction(name: string, node: PyNode, frame: Frame, decorator: FunctionDef['decorator']): FunctionDef {
  const defaults = new Map<string, Value>();
  for (const param of parametersOf(node, frame.stmt.text)) {
    if (param.defaultNode) defaults.set(param.name, evaluate(param.defaultNode, frame));
  }
  const closure = frame.namespace === frame.globals || frame.classBody ? (frame.enclosing ?? []) : [frame.namespace, ...(frame.enclosing ?? [])];
  return { name, node, stmt: frame.stmt, parsed: frame.parsed, module: frame.module, globals: frame.globals, closure, defaults, decorator };
}

interface Parameter {
  name: string;
  kind: 'positional' | 'keyword-only' | 'varargs' | 'varkw';
  defaultNode?: PyNode;
}

// Lowered nodes are shared only between identical statement texts, so a node's parameter names never change.
const parameterCache = new WeakMap<PyNode, Parameter[]>();

function parametersOf(node: PyNode, text: string): Parameter[] {
  let cached = parameterCache.get(node);
  if (cached) return cached;
  cached = [];
  const nameOf = (n: PyNode | undefined): string => {
    const id = n?.type === 'identifier' ? n : n?.children.find((c) => c.type === 'identifier');
    return id ? text.slice(id.start, id.end) : '';
  };
  let keywordOnly = false;
  for (const param of child(node, 'parameters')?.children ?? []) {
    if (!param.named) continue;
    const plain = keywordOnly ? 'keyword-only' : 'positional';
    switch (param.type) {
      case 'identifier':
        cached.push({ name: nameOf(param), kind: plain });
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        cached.push({ name: nameOf(child(param, 'name')), kind: plain, defaultNode: child(param, 'value') });
        break;
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const inner = param.type === 'typed_parameter' ? param.children.find((c) => c.named && c.field !== 'type') : param;
        if (inner?.type === 'list_splat_pattern') {
          cached.push({ name: nameOf(inner), kind: 'varargs' });
          keywordOnly = true;
        } else if (inner?.type === 'dictionary_splat_pattern') cached.push({ name: nameOf(inner), kind: 'varkw' });
        else if (inner) cached.push({ name: nameOf(inner), kind: plain });
        break;
      }
      case 'keyword_separator':
        keywordOnly = true;
        break;
      default:
        break;
    }
  }
  parameterCache.set(node, cached);
  return cached;
}

const globalsCache = new WeakMap<PyNode, Set<string> | null>();

/** Collects `global X` declarations of a function body (not of functions nested in it); cached like the parameters. */
function declaredGlobals(body: PyNode | undefined, fn: FunctionDef): Set<string> | undefined {
  if (!body) return undefined;
  const cached = globalsCache.get(body);
  if (cached !== undefined) return cached ?? undefined;
  let names: Set<string> | undefined;
  const visit = (node: PyNode): void => {
    for (const c of node.children) {
      if (c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'lambda') continue;
      if (c.type === 'global_statement') {
        for (const id of c.children) if (id.type === 'identifier') (names ??= new Set()).add(fn.stmt.text.slice(id.start, id.end));
      } else if (c.children.length) visit(c);
    }
  };
  visit(body);
  globalsCache.set(body, names ?? null);
  return names;
}

/** Calls a project function with `args`; a Python exception on every path propagates as PyRaise. */
export function callFunction(callee: Value & { kind: 'function' }, args: CallArgs, caller: Frame, location: Location): Value {
  const fn = callee.fn;
  if (caller.callDepth >= MAX_CALL_DEPTH) return unknown(`${fn.name}() calls nest too deeply to follow`);
  const session = caller.session;
  const locals: Namespace = new Map();
  const positional = callee.self && fn.decorator !== 'staticmethod' ? [callee.self, ...args.positional] : args.positional;
  let index = 0;
  const params = parametersOf(fn.node, fn.stmt.text);
  for (const param of params) {
    const name = param.name;
    if (!name) continue;
    let value: Value | undefined;
    if (param.kind === 'varargs') {
      value = args.complete ? { kind: 'tuple', items: positional.slice(index) } : unknown('arguments passed with *');
      index = positional.length;
    } else if (param.kind === 'varkw') {
      const rest = [...args.keywords].filter(([key]) => !params.some((p) => p.kind !== 'varkw' && p.kind !== 'varargs' && p.name === key));
      value = args.complete
        ? { kind: 'dict', entries: rest.map(([key, v]) => ({ key: { kind: 'str', value: key }, value: v })) }
        : unknown('arguments passed with **');
    } else {
      if (param.kind === 'positional' && index < positional.length) value = positional[index++];
      else if (args.keywords.has(name)) value = args.keywords.get(name);
      else if (!args.complete) value = unknown('argument passed with * or **');
      else value = fn.defaults.get(name) ?? unknown(`missing argument ${name}`);
    }
    locals.set(name, { value: value!, statement: location });
  }
  const lambda = fn.node.type === 'lambda';
  const body = child(fn.node, 'body');
  const frame: Frame = {
    session,
    module: fn.module,
    parsed: fn.parsed,
    namespace: locals,
    // A helper of the module being evaluated sees its current globals (a branch's copy included).
    globals: fn.module === caller.module ? caller.globals : fn.globals,
    enclosing: fn.closure,
    declaredGlobal: lambda ? undefined : declaredGlobals(body, fn),
    stmt: fn.stmt,
    journal: caller.journal,
    pathEnv: caller.pathEnv,
    returns: [],
    callDepth: caller.callDepth + 1,
    stepBudgetEnd: Math.min(caller.stepBudgetEnd ?? Infinity, session.steps + CALL_STEP_BUDGET),
    root: caller.root,
    callSite: caller.callSite ?? location,
  };
  try {
    if (lambda) return body ? evaluate(body, frame) : unknown('empty lambda');
    executeBlock(blockOf(body), frame);
  } catch (error) {
    if (error instanceof CallBudgetExceeded && !(caller.stepBudgetEnd !== undefined && session.steps > caller.stepBudgetEnd)) {
      return unknown(`${fn.name}() is too costly to follow`);
    }
    throw error;
  }
  propagateMutations(
    frame,
    params.map((param) => param.name),
    positional,
    args,
    caller,
  );
  const returned = frame.returns!;
  if (frame.flow?.kind === 'raise' && returned.length === 0) throw new PyRaise(frame.flow.exception, frame.flow.deps);
  const values = frame.flow ? returned : [...returned, { kind: 'none' } as Value];
  // A value the helper made itself is reported where the settings call it, not inside the helper.
  const defined: Location = { file: fn.parsed.file, range: definitionRange(fn) };
  const placed = values.map((value) => (value.loc && within(value.loc, defined) ? copyWith(value, { loc: location }) : value));
  return placed.length ? union(placed) : { kind: 'none' };
}

/**
 * Where a function is defined: a helper called hundreds of times is defined once. By node, checked against the file
 * version and the statement's offset, since an edited document shares unchanged statements' nodes at new offsets.
 */
const definitionRanges = new WeakMap<PyNode, { lines: ParsedFile['lines']; base: number; range: Range }>();

function definitionRange(fn: FunctionDef): Range {
  const known = definitionRanges.get(fn.node);
  if (known && known.lines === fn.parsed.lines && known.base === fn.stmt.base) return known.range;
  const range = fn.parsed.lines.range(fn.stmt.base + fn.node.start, fn.stmt.base + fn.node.end);
  definitionRanges.set(fn.node, { lines: fn.parsed.lines, base: fn.stmt.base, range });
  return range;
}

/** `return value`: records the value for the call (tagged with the variable that decided the path, if any). */
export function returnValue(frame: Frame, value: Value): void {
  frame.returns?.push(decidedBy(frame, value));
  frame.flow = { kind: 'return' };
}

/**
 * A function that changed an argument in place (`databases["default"]["OPTIONS"] = ...`) changed the caller's
 * object: every caller name bound to that object takes the new value.
 */
function propagateMutations(frame: Frame, names: string[], positional: Value[], args: CallArgs, caller: Frame): void {
  if (!frame.mutated) return;
  names.forEach((name, i) => {
    if (!frame.mutated!.has(name)) return;
    const original = i < positional.length ? positional[i] : args.keywords.get(name);
    const updated = frame.namespace.get(name)?.value;
    if (!original || !updated || original === updated) return;
    for (const namespace of caller.namespace === caller.globals ? [caller.namespace] : [caller.namespace, caller.globals]) {
      for (const [other, binding] of namespace) {
        if (binding.value === original) bindIn(caller, namespace, other, copyWith(binding, { value: updated }));
      }
    }
    if (caller.callDepth > 0 && caller.namespace !== caller.globals) {
      for (const [other, binding] of caller.namespace) if (binding.value === updated) (caller.mutated ??= new Set()).add(other);
    }
  });
}
