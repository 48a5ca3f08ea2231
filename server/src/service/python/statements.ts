// Runs statements the way Python would, statically: assignments and their mutations, `if`/`for`/`while`/`try`
// with every branch kept when a condition cannot be known, and the early exits (`return`, `raise`, `break`,
// `continue`) that project helper functions use. A frame's `flow` says how its block ended.
import type { Location } from '../types';
import { defineClass } from './classes';
import { assignThroughObject, isGlobalsObject, lostSight } from './dynamic';
import { bind, bindIn, CallBudgetExceeded, type Flow, type Frame, locationOf, nodeText, PyRaise, STEP_LIMIT, unbind } from './evalContext';
import { binary, evaluate, evaluateArguments, iterateValue, mapValue, setEntry, subscriptValue } from './expressions';
import { defineFunction, returnValue } from './functions';
import { executeImport, executeImportFrom, importTarget, hasWildcard, isExternalImport } from './imports';
import { bounded, fits, TOO_LARGE_REASON } from './limits';
import { child, type PyNode } from './syntax';
import { copyWith, truthy, union, unknown, type Binding, type Namespace, type Value } from './values';

/** Iterations a loop is unrolled for before its body counts as "may run any number of times". */
const LOOP_UNROLL_LIMIT = 256;

export function executeBlock(statements: readonly PyNode[], frame: Frame): void {
  for (const statement of statements) {
    executeStatement(statement, frame);
    if (frame.flow) return;
  }
}

/** Runs one statement; a Python exception it raises becomes the frame's `raise` flow. */
function executeStatement(node: PyNode, frame: Frame): void {
  try {
    runStatement(node, frame);
  } catch (error) {
    if (!(error instanceof PyRaise)) throw error;
    frame.flow = { kind: 'raise', exception: error.exception, deps: [...new Set([...frame.pathEnv, ...error.deps])] };
  }
}

function runStatement(node: PyNode, frame: Frame): void {
  frame.session.steps++;
  switch (node.type) {
    case 'expression_statement':
      for (const expression of node.children) if (expression.named) executeExpressionStatement(expression, node, frame);
      return;
    case 'import_statement':
      return executeImport(node, frame);
    case 'import_from_statement':
      return executeImportFrom(node, frame, false);
    case 'future_import_statement':
    case 'pass_statement':
    case 'assert_statement':
    case 'nonlocal_statement':
    case 'global_statement':
      return;
    case 'if_statement':
      return executeIf(node, frame);
    case 'try_statement':
      return executeTry(node, frame);
    case 'with_statement':
      return executeWith(node, frame);
    case 'for_statement':
      return executeFor(node, frame);
    case 'while_statement':
      return executeWhile(node, frame);
    case 'function_definition':
      return defineFunction(node, frame, undefined);
    case 'class_definition':
      return defineClass(node, frame);
    case 'decorated_definition': {
      const definition = child(node, 'definition');
      if (definition?.type === 'function_definition') defineFunction(definition, frame, node);
      else if (definition?.type === 'class_definition') defineClass(definition, frame);
      return;
    }
    case 'return_statement': {
      const expression = node.children.find((c) => c.named);
      returnValue(frame, expression ? evaluate(expression, frame) : { kind: 'none' });
      return;
    }
    case 'raise_statement':
      return executeRaise(node, frame);
    case 'break_statement':
      frame.flow = { kind: 'break' };
      return;
    case 'continue_statement':
      frame.flow = { kind: 'continue' };
      return;
    case 'delete_statement':
      for (const target of node.children) {
        if (target.type === 'identifier') unbind(frame, nodeText(frame, target));
        if (target.type === 'expression_list') for (const t of target.children) if (t.type === 'identifier') unbind(frame, nodeText(frame, t));
      }
      return;
    case 'block':
      return executeBlock(
        node.children.filter((c) => c.named),
        frame,
      );
    default:
      return;
  }
}

/**
 * The statements of a block. Kept per node: a helper's body runs once per call (hundreds of `set_option(...)` in
 * one settings module), and nodes never change (an edited statement is lowered into new ones).
 */
const blocks = new WeakMap<PyNode, readonly PyNode[]>();

export function blockOf(node: PyNode | undefined): readonly PyNode[] {
  if (!node) return NO_STATEMENTS;
  let statements = blocks.get(node);
  if (!statements) {
    statements = node.type === 'block' ? node.children.filter((c) => c.named) : [node];
    blocks.set(node, statements);
  }
  return statements;
}

const NO_STATEMENTS: readonly PyNode[] = [];

function executeRaise(node: PyNode, frame: Frame): void {
  const expression = node.children.find((c) => c.named && c.field !== 'cause');
  let exception = '';
  if (expression) {
    const callee = expression.type === 'call' ? child(expression, 'function') : expression;
    exception = callee ? (nodeText(frame, callee).split('.').pop() ?? '') : '';
  }
  frame.flow = { kind: 'raise', exception, deps: frame.pathEnv };
}

// ---- assignments -----------------------------------------------------------------------------------

function executeExpressionStatement(expression: PyNode, statement: PyNode, frame: Frame): void {
  if (expression.type === 'assignment') return executeAssignment(expression, statement, frame);
  if (expression.type === 'augmented_assignment') return executeAugmented(expression, statement, frame);
  if (expression.type === 'call') return executeCallStatement(expression, statement, frame);
  evaluate(expression, frame);
}

function executeAssignment(node: PyNode, statement: PyNode, frame: Frame): void {
  // `A = B = value` nests assignments on the right; every target gets the innermost value.
  const targets: PyNode[] = [];
  let current: PyNode | undefined = node;
  while (current && current.type === 'assignment') {
    const left = child(current, 'left');
    if (left) targets.push(left);
    const right = child(current, 'right');
    if (!right) return; // annotation only (`X: int`) or half-typed
    current = right;
  }
  if (!current) return;
  const valueNode: PyNode = current;
  const value = evaluate(valueNode, frame);
  const statementLoc = locationOf(frame, statement);
  const valueLoc = locationOf(frame, valueNode);
  for (const target of targets) assignTarget(target, value, statementLoc, valueLoc, frame);
}

export function assignTarget(target: PyNode, value: Value, statement: Location, valueRange: Location, frame: Frame): void {
  switch (target.type) {
    case 'identifier':
      bind(frame, nodeText(frame, target), { value: decidedBy(frame, value), statement, valueRange });
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'expression_list':
    case 'tuple':
    case 'list': {
      const targets = target.children.filter((c) => c.named);
      const items = (value.kind === 'list' || value.kind === 'tuple') && !value.partial && value.items.length === targets.length ? value.items : undefined;
      for (const [i, t] of targets.entries())
        assignTarget(t, items ? items[i] : unknown('unpacked from an unknown value'), statement, items?.[i]?.loc ?? valueRange, frame);
      return;
    }
    case 'subscript':
      updatePath(target, () => value, statement, frame);
      return;
    case 'attribute':
      assignThroughObject(target, value, statement, frame);
      return;
    case 'parenthesized_expression': {
      const inner = target.children.find((c) => c.named);
      if (inner) assignTarget(inner, value, statement, valueRange, frame);
      return;
    }
    default:
      return;
  }
}

/**
 * A plain value set inside a branch that an environment variable decided (`if os.getenv("ENV") == "dev":
 * DEBUG = True`) carries that variable, so a finding can say which variable production must set.
 */
export function decidedBy(frame: Frame, value: Value): Value {
  const name = frame.pathEnv[frame.pathEnv.length - 1];
  if (!name || value.env) return value;
  if (value.kind !== 'bool' && value.kind !== 'str' && value.kind !== 'int' && value.kind !== 'float' && value.kind !== 'none') return value;
  return copyWith(value, { env: { name, required: false, decided: true } });
}

function executeAugmented(node: PyNode, statement: PyNode, frame: Frame): void {
  const left = child(node, 'left');
  const right = child(node, 'right');
  const operator = child(node, 'operator');
  if (!left || !right) return;
  const op = (operator ? (operator.named ? nodeText(frame, operator) : operator.type) : '+=').replace(/=$/, '');
  const rhs = evaluate(right, frame);
  const statementLoc = locationOf(frame, statement);
  if (left.type === 'identifier') {
    const name = nodeText(frame, left);
    const before = lookupBinding(frame, name);
    const current = before?.value ?? unknown(`${name} is not defined here`);
    const next = combine(op, current, rhs, statementLoc);
    bind(frame, name, { value: next, statement: statementLoc, valueRange: before?.valueRange });
    // `+=` on a list (and `|=` on a dict) changes the object itself, so other names bound to it see the change.
    if ((current.kind === 'list' && op === '+') || (current.kind === 'dict' && op === '|')) updateAliases(frame, name, current, next);
  } else if (left.type === 'subscript') {
    updatePath(left, (current) => combine(op, current, rhs, statementLoc), statementLoc, frame);
  }
}

/** The binding a name has where this code runs: locals, then (in a function) the module's globals. */
function lookupBinding(frame: Frame, name: string): Binding | undefined {
  if (frame.declaredGlobal?.has(name)) return frame.globals.get(name);
  return frame.namespace.get(name) ?? (frame.namespace === frame.globals ? undefined : frame.globals.get(name));
}

/** `a += b`: lists extend in place (any iterable on the right), everything else follows the binary operator. */
function combine(op: string, current: Value, rhs: Value, loc: Location): Value {
  if (op === '+' && current.kind === 'list' && (rhs.kind === 'tuple' || rhs.kind === 'set')) {
    if (!fits(current.items.length + rhs.items.length, true)) return unknown(TOO_LARGE_REASON, current.loc ?? loc);
    return { kind: 'list', items: [...current.items, ...rhs.items], partial: current.partial || rhs.partial, loc: current.loc };
  }
  const result = binary(op, current, rhs);
  if (!result.loc) result.loc = current.loc ?? loc;
  return result;
}

/**
 * Applies `update` to the value at a subscript path such as `DATABASES["default"]["CONN_MAX_AGE"]`,
 * rebuilding the containers on the way back up (values are treated as immutable).
 */
function updatePath(target: PyNode, update: (current: Value) => Value, statement: Location, frame: Frame): void {
  const keys: PyNode[] = [];
  let root: PyNode | undefined = target;
  while (root && root.type === 'subscript') {
    const index = root.children.filter((c) => c.field === 'subscript');
    if (index.length !== 1) return;
    keys.unshift(index[0]);
    root = child(root, 'value');
  }
  if (!root) return;
  let keyValues = keys.map((k) => evaluate(k, frame));
  let name: string;
  let namespace: Namespace;
  if (root.type === 'identifier' && !isGlobalsObject(lookupBinding(frame, nodeText(frame, root))?.value)) {
    name = nodeText(frame, root);
    namespace = frame.declaredGlobal?.has(name) || !frame.namespace.has(name) ? frame.globals : frame.namespace;
    if (!frame.namespace.has(name) && frame.namespace !== frame.globals && !frame.globals.has(name)) return;
  } else {
    // `globals()["X"] = ...`, or a helper's `context[name] = value` with `context = globals()`.
    const container = evaluate(root, frame);
    if (!isGlobalsObject(container)) return;
    const key = keyValues[0];
    if (key?.kind !== 'str') {
      lostSight(frame, container.data as Namespace, 'a write to globals() with a computed name', statement);
      return;
    }
    name = key.value;
    namespace = container.data as Namespace;
    keyValues = keyValues.slice(1);
    if (keyValues.length === 0) {
      bindIn(frame, namespace, name, { value: decidedBy(frame, update(namespace.get(name)?.value ?? unknown(`${name} is not defined`))), statement });
      return;
    }
  }
  const binding = namespace.get(name);
  if (!binding) return;
  const updated = setIn(binding.value, keyValues, update, frame);
  bindIn(frame, namespace, name, copyWith(binding, { value: updated, statement: binding.statement }));
  noteMutation(frame, name);
  updateAliases(frame, name, binding.value, updated);
}

/** Python mutates containers in place: every other name bound to the same object sees the new contents. */
function updateAliases(frame: Frame, name: string, before: Value, after: Value): void {
  if (before === after || (before.kind !== 'list' && before.kind !== 'dict' && before.kind !== 'set')) return;
  for (const namespace of frame.namespace === frame.globals ? [frame.namespace] : [frame.namespace, frame.globals]) {
    for (const [other, binding] of namespace) {
      if (other !== name && binding.value === before) bindIn(frame, namespace, other, copyWith(binding, { value: after }));
    }
  }
}

/** Inside a function, remembers that a local's object was changed in place (the caller's names then follow). */
function noteMutation(frame: Frame, name: string): void {
  if (frame.callDepth > 0 && frame.namespace.has(name)) (frame.mutated ??= new Set()).add(name);
}

function setIn(container: Value, keys: Value[], update: (current: Value) => Value, frame: Frame): Value {
  if (keys.length === 0) return update(container);
  const [key, ...rest] = keys;
  if (container.kind === 'dict') {
    const entries = [...container.entries];
    const existing = subscriptValue(container, key, frame, false);
    const present = !(existing.kind === 'unknown' && existing.reason.startsWith('missing key'));
    setEntry(entries, key, setIn(present ? existing : unknown('missing key'), rest, update, frame));
    return copyWith(container, { entries });
  }
  if ((container.kind === 'list' || container.kind === 'tuple') && key.kind === 'int') {
    const index = key.value < 0 ? container.items.length + key.value : key.value;
    if (index < 0 || index >= container.items.length) return container.partial ? container : copyWith(container, { partial: true });
    const items = [...container.items];
    items[index] = setIn(items[index], rest, update, frame);
    return copyWith(container, { items });
  }
  if (container.kind === 'union') return union(container.options.map((option) => setIn(option, keys, update, frame)));
  return container;
}

// ---- mutating method calls: X.append(...), X["k"].update(...) ----------------------------------------

const MUTATORS = new Set(['append', 'insert', 'extend', 'remove', 'update', 'setdefault', 'pop', 'clear', 'discard', 'add']);

function executeCallStatement(node: PyNode, statement: PyNode, frame: Frame): void {
  const fn = child(node, 'function');
  if (fn?.type === 'attribute') {
    const object = child(fn, 'object');
    const method = child(fn, 'attribute');
    const methodName = method ? nodeText(frame, method) : '';
    if (object && MUTATORS.has(methodName) && (object.type === 'identifier' || object.type === 'subscript')) {
      const args = evaluateArguments(child(node, 'arguments'), frame);
      const apply = (current: Value): Value => bounded(mutate(current, methodName, args.positional, args.keywords, args.complete));
      if (object.type === 'identifier') {
        const name = nodeText(frame, object);
        const binding = lookupBinding(frame, name);
        if (binding && (binding.value.kind === 'list' || binding.value.kind === 'dict' || binding.value.kind === 'set' || binding.value.kind === 'union')) {
          const updated = mapValue(binding.value, apply);
          bind(frame, name, copyWith(binding, { value: updated }));
          noteMutation(frame, name);
          updateAliases(frame, name, binding.value, updated);
          return;
        }
      } else {
        updatePath(object, (current) => mapValue(current, apply), locationOf(frame, statement), frame);
        return;
      }
    }
  }
  evaluate(node, frame);
}

export function mutate(current: Value, method: string, args: Value[], keywords: Map<string, Value>, complete: boolean): Value {
  if (!complete) return markPartial(current);
  if (current.kind === 'list' || current.kind === 'set') {
    const items = [...current.items];
    switch (method) {
      case 'append':
      case 'add':
        if (args[0]) items.push(args[0]);
        break;
      case 'insert': {
        const index = args[0]?.kind === 'int' ? args[0].value : undefined;
        if (index === undefined || !args[1]) return markPartial(current);
        items.splice(index < 0 ? Math.max(0, items.length + index) : Math.min(index, items.length), 0, args[1]);
        break;
      }
      case 'extend': {
        const extra = args[0] ? iterateValue(args[0]) : undefined;
        if (!extra) return markPartial(current);
        if (!fits(items.length + extra.items.length, true)) return unknown(TOO_LARGE_REASON, current.loc);
        for (const item of extra.items) items.push(item);
        if (extra.partial) return copyWith(current, { items, partial: true });
        break;
      }
      case 'remove':
      case 'discard': {
        const index = items.findIndex(
          (item) =>
            args[0] &&
            item.kind === args[0].kind &&
            JSON.stringify((item as { value?: unknown }).value) === JSON.stringify((args[0] as { value?: unknown }).value),
        );
        if (index >= 0) items.splice(index, 1);
        else if (current.partial) return current;
        break;
      }
      case 'clear':
        return copyWith(current, { items: [], partial: false });
      default:
        return markPartial(current);
    }
    return copyWith(current, { items });
  }
  if (current.kind === 'dict') {
    const entries = [...current.entries];
    switch (method) {
      case 'update': {
        const source = args[0];
        if (source && source.kind === 'dict') for (const entry of source.entries) setEntry(entries, entry.key, entry.value);
        else if (source) return markPartial(current);
        for (const [key, value] of keywords) setEntry(entries, { kind: 'str', value: key }, value);
        return copyWith(current, { entries, partial: current.partial || (source?.kind === 'dict' && source.partial) });
      }
      case 'setdefault': {
        if (!args[0]) return current;
        const exists = entries.some(
          (entry) =>
            entry.key.kind === args[0].kind &&
            JSON.stringify((entry.key as { value?: unknown }).value) === JSON.stringify((args[0] as { value?: unknown }).value),
        );
        if (!exists) setEntry(entries, args[0], args[1] ?? { kind: 'none' });
        return copyWith(current, { entries });
      }
      case 'pop': {
        const index = entries.findIndex((entry) => args[0] && entry.key.kind === 'str' && args[0].kind === 'str' && entry.key.value === args[0].value);
        if (index >= 0) entries.splice(index, 1);
        return copyWith(current, { entries });
      }
      case 'clear':
        return copyWith(current, { entries: [], partial: false });
      default:
        return markPartial(current);
    }
  }
  return current;
}

function markPartial(value: Value): Value {
  if (value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set' || value.kind === 'dict') return copyWith(value, { partial: true });
  return value;
}

// ---- control flow ------------------------------------------------------------------------------------

interface BranchResult {
  namespace: Namespace;
  flow: Flow | undefined;
}

/** Runs `run` on a copy of the namespace, for a branch that may or may not execute. */
function inBranch(frame: Frame, run: (frame: Frame) => void): BranchResult {
  const namespace: Namespace = new Map(frame.namespace);
  const globals = frame.namespace === frame.globals ? namespace : frame.globals;
  const branch = copyWith(frame, { namespace, globals, flow: undefined });
  run(branch);
  return { namespace, flow: branch.flow };
}

/**
 * Merges alternative branches back into the frame: names that differ become unions. Branches that ended early
 * do not flow on; a branch that raised is a path production does not take (its settings would not import).
 */
function mergeBranches(frame: Frame, branches: BranchResult[]): void {
  const continuing = branches.filter((branch) => !branch.flow);
  if (continuing.length === 0) {
    frame.flow = strongestFlow(branches.map((branch) => branch.flow!));
    return;
  }
  const namespaces = continuing.map((branch) => branch.namespace);
  const names = new Set<string>();
  for (const namespace of namespaces) for (const name of namespace.keys()) names.add(name);
  for (const name of names) {
    const bindings = namespaces.map((namespace) => namespace.get(name));
    const first = bindings[0];
    if (first && bindings.every((binding) => binding === first)) {
      if (frame.namespace.get(name) !== first) bind(frame, name, first);
      continue;
    }
    const present = bindings.filter((binding): binding is Binding => binding !== undefined);
    const changed = present.find((binding) => binding !== frame.namespace.get(name)) ?? present[0];
    const values = present.map((binding) => binding.value);
    bind(frame, name, {
      value: union(values),
      statement: changed.statement,
      valueRange: changed.valueRange,
      maybeUnset: present.length < bindings.length || present.some((binding) => binding.maybeUnset),
      branches: present.flatMap((binding) => binding.branches ?? [binding]),
    });
  }
  for (const name of [...frame.namespace.keys()]) if (!names.has(name)) unbind(frame, name);
}

/** When every branch ended early: a return wins over a loop exit, which wins over a raise (production avoids raises). */
function strongestFlow(flows: Flow[]): Flow {
  return flows.find((flow) => flow.kind === 'return') ?? flows.find((flow) => flow.kind !== 'raise') ?? flows[0];
}

/** Runs `body` with the environment variable that decided the branch (if any) on the frame's path. */
function underCondition(frame: Frame, condition: Value | undefined, run: () => void): void {
  const name = condition?.env?.name;
  if (!name) return run();
  const before = frame.pathEnv;
  frame.pathEnv = [...before, name];
  try {
    run();
  } finally {
    frame.pathEnv = before;
  }
}

interface IfClause {
  /** Undefined for `else:` (written, or the empty one an `if` without it has). */
  condition: PyNode | undefined;
  body: readonly PyNode[];
}

/** An `if` statement's clauses, kept per node like blockOf's statements. */
const ifClauses = new WeakMap<PyNode, readonly IfClause[]>();

function clausesOf(node: PyNode): readonly IfClause[] {
  let clauses = ifClauses.get(node);
  if (clauses) return clauses;
  const found: IfClause[] = [{ condition: child(node, 'condition'), body: blockOf(child(node, 'consequence')) }];
  for (const alternative of node.children) {
    if (alternative.field !== 'alternative') continue;
    if (alternative.type === 'elif_clause') found.push({ condition: child(alternative, 'condition'), body: blockOf(child(alternative, 'consequence')) });
    else if (alternative.type === 'else_clause') found.push({ condition: undefined, body: blockOf(child(alternative, 'body')) });
  }
  if (!found.some((clause) => clause.condition === undefined)) found.push({ condition: undefined, body: NO_STATEMENTS });
  clauses = found;
  ifClauses.set(node, clauses);
  return clauses;
}

function executeIf(node: PyNode, frame: Frame): void {
  const clauses = clausesOf(node);
  const possible: BranchResult[] = [];
  const deciding: Value[] = [];
  for (const clause of clauses) {
    const value = clause.condition ? evaluate(clause.condition, frame) : undefined;
    const verdict = value ? (truthy(value) ?? productionDebugVerdict(clause.condition!, frame)) : true;
    if (value?.env) deciding.push(value);
    if (verdict === false) continue;
    const decidedBy = deciding[deciding.length - 1];
    if (verdict === true && possible.length === 0) {
      underCondition(frame, decidedBy, () => executeBlock(clause.body, frame));
      return;
    }
    possible.push(inBranch(frame, (branch) => underCondition(branch, verdict === true ? decidedBy : undefined, () => executeBlock(clause.body, branch))));
    if (verdict === true) break;
  }
  if (possible.length) mergeBranches(frame, possible);
}

/**
 * `if DEBUG:` / `if not settings.DEBUG:` where DEBUG cannot be read: production runs with DEBUG off (whether it
 * really does is DR918's question), so the other rules follow the production branch rather than both.
 */
export function productionDebugVerdict(condition: PyNode, frame: Frame): boolean | undefined {
  const match = /^\s*(not\s+)?(?:\w+\.)?DEBUG\s*$/.exec(nodeText(frame, condition));
  return match ? !!match[1] : undefined;
}

/** The loop's iterations when they can be known and unrolled; undefined when the body may run any number of times. */
function loopItems(iterable: Value): Value[] | undefined {
  const items = iterateValue(iterable);
  return items && !items.partial && items.items.length <= LOOP_UNROLL_LIMIT ? items.items : undefined;
}

function executeFor(node: PyNode, frame: Frame): void {
  const left = child(node, 'left');
  const right = child(node, 'right');
  const body = blockOf(child(node, 'body'));
  const elseBody = elseBodyOf(node);
  if (!left || !right) return;
  const iterable = evaluate(right, frame);
  const statement = locationOf(frame, node);
  const valueRange = locationOf(frame, right);
  const items = loopItems(iterable);
  if (items) {
    for (const item of items) {
      // Nested loops multiply their iterations: stop at the step budget (the module is then reported too complex).
      if (frame.session.steps > STEP_LIMIT) return;
      assignTarget(left, item, statement, valueRange, frame);
      executeBlock(body, frame);
      if (frame.flow?.kind === 'continue') frame.flow = undefined;
      if (frame.flow?.kind === 'break') {
        frame.flow = undefined;
        return;
      }
      if (frame.flow) return;
    }
    executeBlock(elseBody, frame);
    return;
  }
  runUnknownIterations(
    frame,
    (branch) => {
      assignTarget(left, unknown('loop variable'), statement, valueRange, branch);
      executeBlock(body, branch);
    },
    elseBody,
  );
}

/** The `else:` block of a loop (run when it ends without `break`). */
function elseBodyOf(node: PyNode): readonly PyNode[] {
  const alternative = child(node, 'alternative');
  return alternative ? blockOf(child(alternative, 'body')) : NO_STATEMENTS;
}

/** A loop whose iterations are unknown: its body may have run (once, as far as values go) or not. */
function runUnknownIterations(frame: Frame, runBody: (branch: Frame) => void, elseBody: readonly PyNode[]): void {
  const ran = inBranch(frame, runBody);
  if (ran.flow?.kind === 'break' || ran.flow?.kind === 'continue') ran.flow = undefined;
  const skipped = inBranch(frame, (branch) => executeBlock(elseBody, branch));
  mergeBranches(frame, [ran, skipped]);
}

function executeWhile(node: PyNode, frame: Frame): void {
  const condition = child(node, 'condition');
  const body = blockOf(child(node, 'body'));
  const elseBody = elseBodyOf(node);
  if (!condition) return;
  for (let i = 0; ; i++) {
    const verdict = truthy(evaluate(condition, frame));
    if (verdict === false) return executeBlock(elseBody, frame);
    if (verdict === undefined) break;
    // Still running after the unroll limit: a helper that may never return is beyond what the engine follows.
    if (i >= LOOP_UNROLL_LIMIT) {
      if (frame.callDepth > 0) throw new CallBudgetExceeded();
      break;
    }
    executeBlock(body, frame);
    if (frame.flow?.kind === 'continue') frame.flow = undefined;
    if (frame.flow?.kind === 'break') {
      frame.flow = undefined;
      return;
    }
    if (frame.flow) return;
  }
  runUnknownIterations(frame, (branch) => executeBlock(body, branch), elseBody);
}

function executeWith(node: PyNode, frame: Frame): void {
  const clause = node.children.find((c) => c.type === 'with_clause');
  const suppressed = suppressedExceptions(clause, frame);
  if (suppressed) {
    // `with suppress(ImportError): from .local import *` is a try/except that swallows those exceptions.
    const body = blockOf(child(node, 'body'));
    const first = body[0];
    if (
      (first?.type === 'import_from_statement' && !importTarget(first, frame) && !isExternalImport(first, frame)) ||
      (first && importsDevelopmentModule(first, frame))
    )
      return;
    executeBlock(body, frame);
    const raised = frame.flow?.kind === 'raise' ? frame.flow : undefined;
    if (raised && suppressed.some((name) => handlerCatches(`except ${name}`, raised.exception))) frame.flow = undefined;
    return;
  }
  for (const item of clause?.children.filter((c) => c.type === 'with_item') ?? []) {
    const value = child(item, 'value');
    if (!value) continue;
    // `with open(path) as f:` parses as an `as_pattern` whose alias is the target.
    if (value.type === 'as_pattern') {
      const expression = value.children.find((c) => c.named && c.type !== 'as_pattern_target');
      const target = value.children.find((c) => c.type === 'as_pattern_target')?.children.find((c) => c.named);
      const context = expression ? evaluate(expression, frame) : unknown('incomplete with');
      if (target) assignTarget(target, context, locationOf(frame, node), locationOf(frame, value), frame);
    } else evaluate(value, frame);
  }
  executeBlock(blockOf(child(node, 'body')), frame);
}

/** The exception names of `with suppress(A, B):` / `contextlib.suppress(...)`, else undefined. */
function suppressedExceptions(clause: PyNode | undefined, frame: Frame): string[] | undefined {
  const items = clause?.children.filter((c) => c.type === 'with_item') ?? [];
  const value = items.length === 1 ? child(items[0], 'value') : undefined;
  if (value?.type !== 'call') return undefined;
  const callee = child(value, 'function');
  if (!callee || !/^(contextlib\.)?suppress$/.test(nodeText(frame, callee))) return undefined;
  return (child(value, 'arguments')?.children ?? []).filter((c) => c.named).map((c) => nodeText(frame, c).split('.').pop()!);
}

/** Whether a `from X import ...` names a module whose name is for development (`local_settings`, `settings_local`). */
function importsDevelopmentName(statement: PyNode, frame: Frame): boolean {
  const moduleName = child(statement, 'module_name');
  const name = moduleName ? nodeText(frame, moduleName).replace(/^\.+/, '') : '';
  return !!name && frame.session.options.isDevelopmentModule(name);
}

function importsDevelopmentModule(statement: PyNode, frame: Frame): boolean {
  const target = statement.type === 'import_from_statement' ? importTarget(statement, frame) : undefined;
  return !!target && frame.session.options.isDevelopmentModule(target.name);
}

const EXCEPTION_PARENTS: Record<string, string[]> = {
  KeyError: ['LookupError'],
  IndexError: ['LookupError'],
  FileNotFoundError: ['OSError', 'IOError', 'EnvironmentError'],
  PermissionError: ['OSError', 'IOError', 'EnvironmentError'],
  IsADirectoryError: ['OSError', 'IOError', 'EnvironmentError'],
  OSError: ['IOError', 'EnvironmentError'],
  ModuleNotFoundError: ['ImportError'],
  UndefinedValueError: [],
  ImproperlyConfigured: [],
  JSONDecodeError: ['ValueError'],
};

/** Whether an `except` clause's text catches `exception` (by name or a parent class). */
function handlerCatches(handlerText: string, exception: string): boolean {
  const types = handlerText
    .replace(/^except\*?/, '')
    .split(/\bas\b/)[0]
    .trim();
  if (!types) return true;
  const names = types
    .replace(/[()]/g, ' ')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((name) => name.split('.').pop()!);
  if (names.some((name) => name === 'Exception' || name === 'BaseException')) return true;
  if (!exception) return false;
  return names.some((name) => name === exception || (EXCEPTION_PARENTS[exception] ?? []).includes(name));
}

function executeTry(node: PyNode, frame: Frame): void {
  const body = blockOf(child(node, 'body'));
  const handlers = node.children.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
  const elseClause = node.children.find((c) => c.type === 'else_clause');
  const finallyClause = node.children.find((c) => c.type === 'finally_clause');
  const handlerBody = (handler: PyNode): readonly PyNode[] => handler.children.filter((c) => c.type === 'block').flatMap((b) => blockOf(b));
  const catchesImportError = handlers.some((handler) => handlerCatches(nodeText(frame, handler).split(':')[0], 'ImportError'));
  const importOutcome = catchesImportError ? tryBodyImportOutcome(body, frame) : 'succeeds';
  if (importOutcome === 'succeeds') {
    executeBlock(body, frame);
    const raised = frame.flow?.kind === 'raise' ? frame.flow : undefined;
    const handler = raised && handlers.find((h) => handlerCatches(nodeText(frame, h).split(':')[0], raised.exception));
    if (raised && handler) {
      frame.flow = undefined;
      bindExceptionName(handler, frame);
      executeBlock(handlerBody(handler), frame);
    } else if (!frame.flow && elseClause) executeBlock(blockOf(child(elseClause, 'body')), frame);
  } else {
    // The import raises before anything else in the body runs; Python goes to the handler.
    const handler = handlers.find((h) => handlerCatches(nodeText(frame, h).split(':')[0], 'ImportError'));
    if (handler) executeBlock(handlerBody(handler), frame);
  }
  if (finallyClause) {
    const pending = frame.flow;
    frame.flow = undefined;
    executeBlock(
      finallyClause.children.filter((c) => c.type === 'block').flatMap((b) => blockOf(b)),
      frame,
    );
    frame.flow ??= pending;
  }
}

function bindExceptionName(handler: PyNode, frame: Frame): void {
  const alias = handler.children
    .find((c) => c.type === 'as_pattern')
    ?.children.find((c) => c.type === 'as_pattern_target')
    ?.children.find((c) => c.named);
  if (alias?.type === 'identifier') bind(frame, nodeText(frame, alias), { value: unknown('an exception'), statement: locationOf(frame, handler) });
}

/**
 * In `try: from .local import * / except ImportError:`, decides whether production takes the body:
 * a missing module, or an optional development module (local/dev/test), means the handler runs instead.
 */
function tryBodyImportOutcome(body: readonly PyNode[], frame: Frame): 'succeeds' | 'fails' {
  const first = body[0];
  if (!first || (first.type !== 'import_from_statement' && first.type !== 'import_statement')) return 'succeeds';
  const target = first.type === 'import_from_statement' ? importTarget(first, frame) : undefined;
  // `from settings_local import *` where no such module is committed: a developer's override, not production's.
  if (first.type === 'import_from_statement' && !target && importsDevelopmentName(first, frame)) return 'fails';
  if (first.type === 'import_from_statement' && !target) return isExternalImport(first, frame) ? 'succeeds' : 'fails';
  if (target) {
    const optional = frame.session.options.isDevelopmentModule(target.name);
    frame.module.imports.push({ location: locationOf(frame, first), target, star: hasWildcard(first), optional: true });
    if (optional) return 'fails';
  }
  return 'succeeds';
}

export { mapValue };
