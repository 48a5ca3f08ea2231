// Runs a settings module's top-level statements the way Python would, statically: assignments and their
// mutations, imports of the project's own modules (star imports included, cycles detected), and `if`/`try`
// with both branches kept when the condition cannot be known.
import { FileReadError } from '../project/fileSystem';
import type { Location } from '../types';
import { getAttribute, importModule } from './builtins';
import {
  bind,
  type EnvRead,
  type EvalOptions,
  type EvalProblem,
  type Frame,
  type ImportEdge,
  locationOf,
  type ModuleResult,
  nodeText,
  type Session,
  STEP_LIMIT,
  unbind,
} from './evalContext';
import { binary, evaluate, evaluateArguments, setEntry, subscriptValue } from './expressions';
import { bounded, fits, TOO_LARGE_REASON } from './limits';
import type { EvaluationCheckpoints } from './checkpoints';
import type { ModuleRef, ModuleResolver } from './modules';
import { child, type LoweredStatement, type PyNode } from './syntax';
import { copyWith, truthy, union, unknown, type Binding, type Namespace, type Value } from './values';

export interface EvaluationResult {
  module: ModuleResult;
  /** Every module evaluated, in first-visit order (the production module first). */
  modules: ModuleResult[];
  envReads: EnvRead[];
  problems: EvalProblem[];
}

/**
 * Evaluates the settings module `ref` and everything it imports. With `checkpoints` (kept by the caller from
 * one evaluation of the module to the next), statements above the last edit are not evaluated again.
 */
export function evaluateSettingsModule(resolver: ModuleResolver, ref: ModuleRef, options: EvalOptions, checkpoints?: EvaluationCheckpoints): EvaluationResult {
  const session: Session = {
    resolver,
    options,
    modules: new Map(),
    stack: [],
    envReads: [],
    problems: [],
    steps: 0,
    loadModule: (target, importedFrom) => evaluateModule(session, target, importedFrom),
  };
  const module = evaluateModule(session, ref, undefined, checkpoints);
  return { module, modules: [...session.modules.values()], envReads: session.envReads, problems: session.problems };
}

function fileLocation(file: string): Location {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

function evaluateModule(session: Session, ref: ModuleRef, importedFrom: Location | undefined, checkpoints?: EvaluationCheckpoints): ModuleResult {
  const cached = session.modules.get(ref.file);
  if (cached) {
    // The settings module, still being evaluated, hands out its live namespace: states saved after this would hold a stale copy.
    if (session.stack[0]?.file === ref.file) session.reentered = true;
    return cached;
  }
  const namespace: Namespace = new Map();
  const result: ModuleResult = { ref, parsed: undefined, namespace, open: false, imports: [] };
  session.modules.set(ref.file, result);
  const parsed = session.resolver.read(ref.file);
  if (parsed instanceof FileReadError) {
    result.open = true;
    session.problems.push({
      kind: 'unreadable',
      message: `Cannot read ${ref.name} (${parsed.reason === 'too-large' ? 'file too large to analyse' : parsed.reason}); settings it defines are unknown.`,
      location: importedFrom ?? fileLocation(ref.file),
      related: [],
    });
    return result;
  }
  result.parsed = parsed;
  if (parsed.failure) {
    result.open = true;
    session.problems.push({ kind: 'parse-failed', message: `${ref.name} could not be parsed: ${parsed.failure}.`, location: fileLocation(ref.file), related: [] });
    return result;
  }
  if (parsed.invalidUtf8) {
    session.problems.push({
      kind: 'invalid-utf8',
      message: `${ref.name} is not valid UTF-8; Python refuses to import it. Save the file as UTF-8.`,
      location: fileLocation(ref.file),
      related: [],
    });
  }
  for (const error of parsed.module.errors) {
    session.problems.push({
      kind: 'syntax-error',
      message: `Syntax error in ${ref.name}: ${error.message}. Python cannot import this module; the values shown are what could still be read.`,
      location: { file: ref.file, range: parsed.lines.range(error.start, error.end) },
      related: [],
    });
  }
  session.stack.push(ref);
  try {
    const statements = parsed.module.statements;
    const frame: Frame = { session, module: result, parsed, namespace, stmt: statements[0] };
    const problemsBefore = session.problems.length;
    const first = checkpoints ? checkpoints.begin(ref.file, parsed, frame) : 0;
    for (let index = first; index < statements.length; index++) {
      checkpoints?.beforeStatement(index, frame, problemsBefore);
      const stmt = statements[index];
      frame.stmt = stmt;
      executeBlock([stmt.node], frame);
      if (session.steps > STEP_LIMIT) {
        session.problems.push({ kind: 'too-complex', message: `${ref.name} is too complex to follow completely; later settings are unknown.`, location: locationOf(frame, stmt.node), related: [] });
        result.open = true;
        break;
      }
    }
    checkpoints?.finish(parsed, frame, problemsBefore);
  } catch (error) {
    checkpoints?.reset(undefined);
    throw error;
  } finally {
    session.stack.pop();
  }
  return result;
}

function executeBlock(statements: readonly PyNode[], frame: Frame): void {
  for (const statement of statements) executeStatement(statement, frame);
}

function executeStatement(node: PyNode, frame: Frame): void {
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
      return;
    case 'if_statement':
      return executeIf(node, frame);
    case 'try_statement':
      return executeTry(node, frame);
    case 'with_statement':
      return executeBlock(blockOf(child(node, 'body')), frame);
    case 'for_statement':
      return executeFor(node, frame);
    case 'function_definition':
    case 'class_definition':
      return bindDefinition(node, frame);
    case 'decorated_definition': {
      const definition = child(node, 'definition');
      if (definition) bindDefinition(definition, frame);
      return;
    }
    case 'delete_statement':
      for (const target of node.children) {
        if (target.type === 'identifier') unbind(frame, nodeText(frame, target));
        if (target.type === 'expression_list') for (const t of target.children) if (t.type === 'identifier') unbind(frame, nodeText(frame, t));
      }
      return;
    case 'block':
      return executeBlock(node.children.filter((c) => c.named), frame);
    default:
      return;
  }
}

function blockOf(node: PyNode | undefined): PyNode[] {
  if (!node) return [];
  return node.type === 'block' ? node.children.filter((c) => c.named) : [node];
}

function bindDefinition(node: PyNode, frame: Frame): void {
  const name = child(node, 'name');
  if (name) bind(frame, nodeText(frame, name), { value: { kind: 'builtin', name: 'user-defined' }, statement: locationOf(frame, node) });
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

function assignTarget(target: PyNode, value: Value, statement: Location, valueRange: Location, frame: Frame): void {
  switch (target.type) {
    case 'identifier':
      bind(frame, nodeText(frame, target), { value, statement, valueRange });
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'expression_list':
    case 'tuple':
    case 'list': {
      const targets = target.children.filter((c) => c.named);
      const items = (value.kind === 'list' || value.kind === 'tuple') && !value.partial && value.items.length === targets.length ? value.items : undefined;
      targets.forEach((t, i) => assignTarget(t, items ? items[i] : unknown('unpacked from an unknown value'), statement, items?.[i]?.loc ?? valueRange, frame));
      return;
    }
    case 'subscript':
      updatePath(target, () => value, statement, frame);
      return;
    case 'parenthesized_expression': {
      const inner = target.children.find((c) => c.named);
      if (inner) assignTarget(inner, value, statement, valueRange, frame);
      return;
    }
    default:
      return; // attribute assignment (obj.x = ...) does not change settings
  }
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
    const before = frame.namespace.get(name);
    const current = before?.value ?? unknown(`${name} is not defined here`);
    const next = combine(op, current, rhs, statementLoc);
    bind(frame, name, { value: next, statement: statementLoc, valueRange: before?.valueRange });
    // `+=` on a list (and `|=` on a dict) changes the object itself, so other names bound to it see the change.
    if ((current.kind === 'list' && op === '+') || (current.kind === 'dict' && op === '|')) updateAliases(frame, name, current, next);
  } else if (left.type === 'subscript') {
    updatePath(left, (current) => combine(op, current, rhs, statementLoc), statementLoc, frame);
  }
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
  if (!root || root.type !== 'identifier') return;
  const name = nodeText(frame, root);
  const binding = frame.namespace.get(name);
  if (!binding) return;
  const keyValues = keys.map((k) => evaluate(k, frame));
  const updated = setIn(binding.value, keyValues, update, frame);
  bind(frame, name, copyWith(binding, { value: updated, statement: binding.statement }));
  updateAliases(frame, name, binding.value, updated);
  void statement;
}

/** Python mutates containers in place: every other name bound to the same object sees the new contents. */
function updateAliases(frame: Frame, name: string, before: Value, after: Value): void {
  if (before === after || (before.kind !== 'list' && before.kind !== 'dict' && before.kind !== 'set')) return;
  for (const [other, binding] of frame.namespace) {
    if (other !== name && binding.value === before) bind(frame, other, copyWith(binding, { value: after }));
  }
}

function setIn(container: Value, keys: Value[], update: (current: Value) => Value, frame: Frame): Value {
  if (keys.length === 0) return update(container);
  const [key, ...rest] = keys;
  if (container.kind === 'dict') {
    const entries = [...container.entries];
    const existing = subscriptValue(container, key, frame);
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
        const binding = frame.namespace.get(name);
        if (binding && (binding.value.kind === 'list' || binding.value.kind === 'dict' || binding.value.kind === 'set' || binding.value.kind === 'union')) {
          const updated = applyToAlternatives(binding.value, apply);
          bind(frame, name, copyWith(binding, { value: updated }));
          updateAliases(frame, name, binding.value, updated);
          return;
        }
      } else {
        updatePath(object, (current) => applyToAlternatives(current, apply), locationOf(frame, statement), frame);
        return;
      }
    }
  }
  evaluate(node, frame);
}

function applyToAlternatives(value: Value, apply: (v: Value) => Value): Value {
  return value.kind === 'union' ? union(value.options.map(apply)) : apply(value);
}

function mutate(current: Value, method: string, args: Value[], keywords: Map<string, Value>, complete: boolean): Value {
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
        const extra = args[0];
        if (extra && (extra.kind === 'list' || extra.kind === 'tuple' || extra.kind === 'set')) {
          if (!fits(items.length + extra.items.length, true)) return unknown(TOO_LARGE_REASON, current.loc);
          for (const item of extra.items) items.push(item);
          if (extra.partial) return copyWith(current, { items, partial: true });
        } else return markPartial(current);
        break;
      }
      case 'remove':
      case 'discard': {
        const index = items.findIndex((item) => args[0] && item.kind === args[0].kind && JSON.stringify((item as { value?: unknown }).value) === JSON.stringify((args[0] as { value?: unknown }).value));
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
        const exists = entries.some((entry) => entry.key.kind === args[0].kind && JSON.stringify((entry.key as { value?: unknown }).value) === JSON.stringify((args[0] as { value?: unknown }).value));
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

/** Runs `run` on a copy of the namespace, for a branch that may or may not execute. */
function inBranch(frame: Frame, run: (frame: Frame) => void): Namespace {
  const namespace: Namespace = new Map(frame.namespace);
  run(copyWith(frame, { namespace }));
  return namespace;
}

/** Merges the namespaces of alternative branches back into the frame: names that differ become unions. */
function mergeBranches(frame: Frame, branches: Namespace[]): void {
  const names = new Set<string>();
  for (const branch of branches) for (const name of branch.keys()) names.add(name);
  for (const name of names) {
    const bindings = branches.map((branch) => branch.get(name));
    const first = bindings[0];
    if (first && bindings.every((binding) => binding === first)) {
      bind(frame, name, first);
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
}

function executeIf(node: PyNode, frame: Frame): void {
  const clauses: { condition: PyNode | undefined; body: PyNode[] }[] = [];
  clauses.push({ condition: child(node, 'condition'), body: blockOf(child(node, 'consequence')) });
  for (const alternative of node.children.filter((c) => c.field === 'alternative')) {
    if (alternative.type === 'elif_clause') clauses.push({ condition: child(alternative, 'condition'), body: blockOf(child(alternative, 'consequence')) });
    else if (alternative.type === 'else_clause') clauses.push({ condition: undefined, body: blockOf(child(alternative, 'body')) });
  }
  if (!clauses.some((clause) => clause.condition === undefined)) clauses.push({ condition: undefined, body: [] });
  const possible: Namespace[] = [];
  for (const clause of clauses) {
    const verdict = clause.condition ? truthy(evaluate(clause.condition, frame)) : true;
    if (verdict === false) continue;
    if (verdict === true && possible.length === 0) {
      executeBlock(clause.body, frame);
      return;
    }
    possible.push(inBranch(frame, (branch) => executeBlock(clause.body, branch)));
    if (verdict === true) break;
  }
  if (possible.length) mergeBranches(frame, possible);
}

function executeFor(node: PyNode, frame: Frame): void {
  const left = child(node, 'left');
  const right = child(node, 'right');
  const body = blockOf(child(node, 'body'));
  if (!left || !right) return;
  const iterable = evaluate(right, frame);
  const items = (iterable.kind === 'list' || iterable.kind === 'tuple' || iterable.kind === 'set') && !iterable.partial ? iterable.items : undefined;
  if (items && items.length <= 64) {
    for (const item of items) {
      // Nested loops multiply their iterations: stop at the step budget (the module is then reported too complex).
      if (frame.session.steps > STEP_LIMIT) return;
      assignTarget(left, item, locationOf(frame, node), locationOf(frame, right), frame);
      executeBlock(body, frame);
    }
    return;
  }
  // Unknown iterations: the body may run or not; its effects become possible values.
  const ran = inBranch(frame, (branch) => {
    assignTarget(left, unknown('loop variable'), locationOf(branch, node), locationOf(branch, right), branch);
    executeBlock(body, branch);
  });
  mergeBranches(frame, [ran, new Map(frame.namespace)]);
}

function executeTry(node: PyNode, frame: Frame): void {
  const body = blockOf(child(node, 'body'));
  const handlers = node.children.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
  const elseClause = node.children.find((c) => c.type === 'else_clause');
  const finallyClause = node.children.find((c) => c.type === 'finally_clause');
  const catchesImportError = handlers.some((handler) => {
    const text = nodeText(frame, handler).split(':')[0];
    return /ImportError|ModuleNotFoundError|Exception\b/.test(text) || /^except\s*$/.test(text.trim());
  });
  const importOutcome = catchesImportError ? tryBodyImportOutcome(body, frame) : 'succeeds';
  if (importOutcome === 'succeeds') {
    executeBlock(body, frame);
    if (elseClause) executeBlock(blockOf(child(elseClause, 'body')), frame);
  } else if (importOutcome === 'fails') {
    // The import raises before anything else in the body runs; Python goes to the handler.
    for (const handler of handlers.slice(0, 1)) executeBlock(handler.children.filter((c) => c.type === 'block').flatMap((b) => blockOf(b)), frame);
  }
  if (finallyClause) executeBlock(finallyClause.children.filter((c) => c.type === 'block').flatMap((b) => blockOf(b)), frame);
}

/**
 * In `try: from .local import * / except ImportError:`, decides whether production takes the body:
 * a missing module, or an optional development module (local/dev/test), means the handler runs instead.
 */
function tryBodyImportOutcome(body: PyNode[], frame: Frame): 'succeeds' | 'fails' {
  const first = body[0];
  if (!first || (first.type !== 'import_from_statement' && first.type !== 'import_statement')) return 'succeeds';
  const target = first.type === 'import_from_statement' ? importTarget(first, frame) : undefined;
  if (first.type === 'import_from_statement' && !target) return isExternalImport(first, frame) ? 'succeeds' : 'fails';
  if (target) {
    const optional = frame.session.options.isDevelopmentModule(target.name);
    frame.module.imports.push({ location: locationOf(frame, first), target, star: hasWildcard(first), optional: true });
    if (optional) return 'fails';
  }
  return 'succeeds';
}

// ---- imports -----------------------------------------------------------------------------------------

function relativeParts(node: PyNode, frame: Frame): { level: number; name: string } | undefined {
  const moduleName = child(node, 'module_name');
  if (!moduleName) return undefined;
  if (moduleName.type === 'relative_import') {
    const prefix = moduleName.children.find((c) => c.type === 'import_prefix');
    const dotted = moduleName.children.find((c) => c.type === 'dotted_name');
    return { level: prefix ? nodeText(frame, prefix).length : 0, name: dotted ? nodeText(frame, dotted) : '' };
  }
  return { level: 0, name: nodeText(frame, moduleName) };
}

function importTarget(node: PyNode, frame: Frame): ModuleRef | undefined {
  const parts = relativeParts(node, frame);
  if (!parts) return undefined;
  const resolver = frame.session.resolver;
  const absolute = parts.level ? resolver.absoluteName(frame.module.ref, parts.level, parts.name) : parts.name;
  return absolute ? resolver.resolve(absolute) : undefined;
}

function isExternalImport(node: PyNode, frame: Frame): boolean {
  const parts = relativeParts(node, frame);
  if (!parts || parts.level > 0) return false;
  return !frame.session.resolver.isProjectPackage(parts.name.split('.')[0]);
}

function hasWildcard(node: PyNode): boolean {
  return node.children.some((c) => c.type === 'wildcard_import');
}

function executeImportFrom(node: PyNode, frame: Frame, optional: boolean): void {
  const parts = relativeParts(node, frame);
  if (!parts) return;
  const resolver = frame.session.resolver;
  const absolute = parts.level ? resolver.absoluteName(frame.module.ref, parts.level, parts.name) : parts.name;
  const location = locationOf(frame, node);
  const star = hasWildcard(node);
  const target = absolute ? resolver.resolve(absolute) : undefined;
  if (!target) {
    const projectImport = parts.level > 0 || (absolute !== undefined && resolver.isProjectPackage(absolute.split('.')[0]) && !absolute.startsWith('django.'));
    if (projectImport) {
      frame.session.problems.push({
        kind: 'unresolved-import',
        message: `Cannot find module ${'.'.repeat(parts.level)}${parts.name} imported by ${frame.module.ref.name}; its settings are unknown.`,
        location,
        related: [],
      });
    }
    if (star) frame.module.open = true;
    const external = importModule(absolute ?? parts.name);
    for (const [name, alias] of importedNames(node, frame)) bind(frame, alias, { value: getAttribute(external, name, frame), statement: location });
    return;
  }
  if (!frame.module.imports.some((edge) => edge.location.range.start.line === location.range.start.line && edge.target.file === target.file)) {
    frame.module.imports.push({ location, target, star, optional });
  }
  const cycle = frame.session.stack.findIndex((ref) => ref.file === target.file);
  if (cycle >= 0) {
    const chain = [...frame.session.stack.slice(cycle).map((ref) => ref.name), target.name].join(' → ');
    frame.session.problems.push({
      kind: 'import-cycle',
      message: `Circular import: ${chain}. Python stops with an ImportError or sees half-defined settings; remove one of these imports.`,
      location,
      related: [],
    });
    frame.module.open = frame.module.open || star;
    return;
  }
  const imported = evaluateModule(frame.session, target, location);
  if (star) {
    for (const [name, binding] of imported.namespace) if (!name.startsWith('_')) bind(frame, name, binding);
    frame.module.open = frame.module.open || imported.open;
    return;
  }
  for (const [name, alias] of importedNames(node, frame)) {
    const binding = imported.namespace.get(name);
    if (binding) bind(frame, alias, binding);
    else {
      const submodule = resolver.resolve(`${target.name}.${name}`);
      const value: Value = submodule
        ? { kind: 'module', name: submodule.name, namespace: evaluateModule(frame.session, submodule, location).namespace }
        : unknown(`${name} is not defined in ${target.name}`);
      bind(frame, alias, { value, statement: location });
    }
  }
}

/** `(name, alias)` pairs of `from x import a, b as c`. */
function importedNames(node: PyNode, frame: Frame): [string, string][] {
  const pairs: [string, string][] = [];
  for (const c of node.children) {
    if (c.field !== 'name') continue;
    if (c.type === 'aliased_import') {
      const name = child(c, 'name');
      const alias = child(c, 'alias');
      if (name && alias) pairs.push([nodeText(frame, name), nodeText(frame, alias)]);
    } else pairs.push([nodeText(frame, c), nodeText(frame, c)]);
  }
  return pairs;
}

function executeImport(node: PyNode, frame: Frame): void {
  const location = locationOf(frame, node);
  for (const c of node.children) {
    if (c.field !== 'name') continue;
    const dotted = c.type === 'aliased_import' ? child(c, 'name') : c;
    const alias = c.type === 'aliased_import' ? child(c, 'alias') : undefined;
    if (!dotted) continue;
    const fullName = nodeText(frame, dotted);
    const bindName = alias ? nodeText(frame, alias) : fullName.split('.')[0];
    const moduleName = alias ? fullName : fullName.split('.')[0];
    const project = frame.session.resolver.resolve(moduleName);
    const value: Value = project
      ? { kind: 'module', name: moduleName, namespace: evaluateModule(frame.session, project, location).namespace }
      : importModule(moduleName);
    bind(frame, bindName, { value, statement: location });
  }
}

export type { ImportEdge, LoweredStatement };
