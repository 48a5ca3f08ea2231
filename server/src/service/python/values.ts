// Abstract values of the static evaluator: what a settings expression is known to be in production.
// `unknown` means "depends on something we cannot see"; `union` means "one of these, depending on a
// condition we cannot decide". Every value may say where it was written and whether it came from the
// environment, so findings can point at the right place and explain a fallback.
import type { Location } from '../types';
import type { ModuleResult } from './evalContext';
import type { ParsedFile } from './parseCache';
import type { LoweredStatement, PyNode } from './syntax';

/** Where an environment-derived value came from. */
interface EnvOrigin {
  name: string;
  /** True when production must define the variable (read without a default). */
  required: boolean;
  /**
   * Set when the variable did not give the value but decided which branch set it
   * (`if os.getenv("RELEASE") == "dev": DEBUG = True`): a fix must not read the variable in its place.
   */
  decided?: boolean;
}

interface Meta {
  /** Where the expression that produced this value was written. */
  loc?: Location;
  /** Set when the value is an environment variable's fallback (required=false) or its unknown content (required=true). */
  env?: EnvOrigin;
}

export type Value =
  | (Meta & { kind: 'str'; value: string })
  | (Meta & { kind: 'bytes'; value: string })
  | (Meta & { kind: 'int'; value: number })
  | (Meta & { kind: 'float'; value: number })
  | (Meta & { kind: 'bool'; value: boolean })
  | (Meta & { kind: 'none' })
  | (Meta & { kind: 'list' | 'tuple' | 'set'; items: Value[]; partial?: boolean })
  | (Meta & { kind: 'dict'; entries: DictEntry[]; partial?: boolean })
  | (Meta & { kind: 'path'; value: string })
  | (Meta & {
      kind: 'unknown';
      reason: string /** Set where a write the engine cannot follow may have replaced the value: no alternative may be judged. */;
      lost?: boolean;
    })
  | (Meta & { kind: 'union'; options: Value[] })
  | (Meta & { kind: 'module'; name: string; namespace?: Namespace })
  | (Meta & { kind: 'builtin'; name: string; self?: Value })
  | (Meta & { kind: 'function'; fn: FunctionDef /** The object a method was looked up on (`cls` of a classmethod). */; self?: Value })
  | (Meta & { kind: 'class'; cls: ClassDef })
  | (Meta & { kind: 'object'; type: string; data?: unknown });

/** A function (or lambda) the project defines, called by evaluating its body. */
export interface FunctionDef {
  name: string;
  /** `function_definition` or `lambda`. */
  node: PyNode;
  /** The top-level statement holding `node` (node offsets are relative to it). */
  stmt: LoweredStatement;
  parsed: ParsedFile;
  module: ModuleResult;
  /** The defining module's globals. */
  globals: Namespace;
  /** Locals of the functions it was defined in, innermost first. */
  closure: readonly Namespace[];
  /** Parameter defaults, evaluated once when the `def` ran (as Python does). */
  defaults: Map<string, Value>;
  decorator?: 'classmethod' | 'staticmethod' | 'property';
}

/** A class the project defines: its body's names and its bases (django-configurations settings live here). */
export interface ClassDef {
  name: string;
  bases: Value[];
  namespace: Namespace;
  module: ModuleResult;
  /** Where the class statement is. */
  location: Location;
}

export interface DictEntry {
  key: Value;
  value: Value;
}

export interface Binding {
  value: Value;
  /** The whole statement that bound the name. */
  statement: Location;
  /** The right-hand side expression, where a fix replaces the value. */
  valueRange?: Location;
  /** Set only on some branches of an `if` we cannot decide: the name may still be unset (Django's default). */
  maybeUnset?: boolean;
  /** For a name set differently on branches we cannot decide: each branch's own binding. */
  branches?: Binding[];
}

export type Namespace = Map<string, Binding>;

const UNION_LIMIT = 16;

/**
 * A shallow copy with some fields replaced. Object spread (`{ ...x, y }`) takes a slow path in V8 for these
 * objects (about 20x slower), and the evaluator copies values on every mutation.
 */
export function copyWith<T extends object>(base: T, patch: Partial<T>): T {
  return Object.assign(Object.assign({}, base), patch);
}

export function str(value: string, loc?: Location): Value {
  return { kind: 'str', value, loc };
}
export function int(value: number, loc?: Location): Value {
  return { kind: 'int', value, loc };
}
export function bool(value: boolean, loc?: Location): Value {
  return { kind: 'bool', value, loc };
}
export function none(loc?: Location): Value {
  return { kind: 'none', loc };
}
export function unknown(reason: string, loc?: Location, env?: EnvOrigin): Value {
  return { kind: 'unknown', reason, loc, env };
}
export function list(items: Value[], loc?: Location): Value {
  return { kind: 'list', items, loc };
}
export function dict(entries: DictEntry[], loc?: Location): Value {
  return { kind: 'dict', entries, loc };
}

/** Builds a union, flattening nested unions and dropping duplicates; collapses to unknown past a limit. */
export function union(options: Value[], loc?: Location): Value {
  const lost = options.find((option) => option.kind === 'unknown' && option.lost);
  if (lost) return lost;
  const flat: Value[] = [];
  for (const option of options) {
    for (const candidate of option.kind === 'union' ? option.options : [option]) {
      if (!flat.some((existing) => sameValue(existing, candidate))) flat.push(candidate);
    }
  }
  if (flat.length === 1) return flat[0];
  if (flat.length > UNION_LIMIT) return unknown('too many possible values', loc);
  return { kind: 'union', options: flat, loc };
}

/** The alternatives a value may take (a non-union value is its own only alternative). */
export function alternatives(value: Value): Value[] {
  return value.kind === 'union' ? value.options : [value];
}

/** The verdict every alternative agrees on, or undefined when they differ (or one cannot tell). */
function unanimous(verdicts: readonly (boolean | undefined)[]): boolean | undefined {
  const first = verdicts[0];
  return verdicts.every((verdict) => verdict === first) ? first : undefined;
}

/** Python truthiness: true, false, or undefined when it cannot be known statically. */
export function truthy(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'str':
    case 'bytes':
      return value.value.length > 0;
    case 'int':
    case 'float':
      return value.value !== 0;
    case 'bool':
      return value.value;
    case 'none':
      return false;
    case 'list':
    case 'tuple':
    case 'set':
      return value.items.length > 0 ? true : value.partial ? undefined : false;
    case 'dict':
      return value.entries.length > 0 ? true : value.partial ? undefined : false;
    case 'path':
    case 'module':
    case 'builtin':
    case 'function':
    case 'class':
    case 'object':
      return true;
    case 'union':
      return unanimous(value.options.map(truthy));
    case 'unknown':
      return undefined;
  }
}

/**
 * Bounds on every walk over a value. Values share parts: `X = [X, X]` forty times is 41 lists but 2^40 paths
 * through them, and `X = [X]` repeated nests deeper than the call stack. A walk visits each distinct value
 * once (or, where it must follow every path, counts the steps), and gives up past these bounds.
 */
const WALK_BUDGET = 100_000;
const WALK_DEPTH = 200;

/** The values directly inside `value`: items, dict keys and values, union options. */
function partsOf(value: Value): readonly Value[] {
  switch (value.kind) {
    case 'list':
    case 'tuple':
    case 'set':
      return value.items;
    case 'dict':
      return value.entries.flatMap((entry) => [entry.key, entry.value]);
    case 'union':
      return value.options;
    default:
      return [];
  }
}

/**
 * Visits `value` and every value inside it, each distinct one once, depth-first in source order; `visit`
 * returns false to skip what is inside a value. Returns false when the walk stopped at WALK_BUDGET.
 */
export function forEachPart(value: Value, visit: (part: Value) => boolean | undefined): boolean {
  const seen = new Set<Value>();
  const stack: Value[] = [value];
  while (stack.length) {
    const current = stack.pop()!;
    if (seen.has(current)) continue;
    if (seen.size >= WALK_BUDGET) return false;
    seen.add(current);
    if (visit(current) === false) continue;
    const parts = partsOf(current);
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
  }
  return true;
}

/** A walk over two values together: pairs already compared (or being compared) and the steps taken. */
class PairWalk<T> {
  private readonly known = new Map<Value, Map<Value, T>>();
  steps = 0;

  get(a: Value, b: Value): T | undefined {
    return this.known.get(a)?.get(b);
  }

  set(a: Value, b: Value, result: T): void {
    let row = this.known.get(a);
    if (!row) this.known.set(a, (row = new Map()));
    row.set(b, result);
  }

  /** Whether the walk may go on one more step at this depth. */
  allows(depth: number): boolean {
    return ++this.steps <= WALK_BUDGET && depth <= WALK_DEPTH;
  }
}

/** Structural equality used for union de-duplication (not Python `==`). Past the walk bounds, "different". */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  return sameIn(new PairWalk<boolean>(), a, b, 0);
}

function sameIn(walk: PairWalk<boolean>, a: Value, b: Value, depth: number): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'str':
    case 'bytes':
    case 'int':
    case 'float':
    case 'bool':
    case 'path':
      return a.value === (b as typeof a).value && sameEnv(a, b);
    case 'none':
      return true;
    case 'unknown':
      return a.reason === (b as typeof a).reason && sameEnv(a, b);
    case 'module':
    case 'builtin':
      return a.name === (b as typeof a).name;
    case 'function':
      return a.fn === (b as typeof a).fn;
    case 'class':
      return a.cls === (b as typeof a).cls;
    case 'object':
      return a.type === (b as typeof a).type && a.data !== undefined && a.data === (b as typeof a).data;
    case 'union':
      return false;
    default:
      break;
  }
  const known = walk.get(a, b);
  if (known !== undefined) return known;
  if (!walk.allows(depth)) return false;
  // Assumed equal while comparing what is inside, so a value met again on the way is not walked twice.
  walk.set(a, b, true);
  let same: boolean;
  if (a.kind === 'dict') {
    const other = b as typeof a;
    same =
      a.entries.length === other.entries.length &&
      !!a.partial === !!other.partial &&
      a.entries.every((entry, i) => sameIn(walk, entry.key, other.entries[i].key, depth + 1) && sameIn(walk, entry.value, other.entries[i].value, depth + 1));
  } else {
    const self = a as Extract<Value, { items: Value[] }>;
    const other = b as typeof self;
    same =
      self.items.length === other.items.length &&
      !!self.partial === !!other.partial &&
      self.items.every((item, i) => sameIn(walk, item, other.items[i], depth + 1));
  }
  walk.set(a, b, same);
  return same;
}

function sameEnv(a: Value, b: Value): boolean {
  return a.env?.name === b.env?.name && a.env?.required === b.env?.required;
}

/** Python `==` where it can be decided; undefined when it depends on unknown parts (or is past the walk bounds). */
export function pyEquals(a: Value, b: Value): boolean | undefined {
  return equalsIn(new PairWalk<boolean | undefined>(), a, b, 0);
}

function equalsIn(walk: PairWalk<boolean | undefined>, a: Value, b: Value, depth: number): boolean | undefined {
  if (a.kind === 'union' || b.kind === 'union') {
    if (!walk.allows(depth)) return undefined;
    const results: (boolean | undefined)[] = [];
    for (const x of alternatives(a)) for (const y of alternatives(b)) results.push(equalsIn(walk, x, y, depth + 1));
    return unanimous(results);
  }
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  const numeric = (v: Value): number | undefined => (v.kind === 'int' || v.kind === 'float' ? v.value : v.kind === 'bool' ? Number(v.value) : undefined);
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (a.kind === 'str' && b.kind === 'str') return a.value === b.value;
  if (a.kind === 'path' && b.kind === 'path') return a.value === b.value;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if ((a.kind === 'list' || a.kind === 'tuple') && a.kind === b.kind) {
    if (a.partial || b.partial) return undefined;
    if (a.items.length !== b.items.length) return false;
    const known = walk.get(a, b);
    if (known !== undefined || walk.get(b, a) !== undefined) return known ?? walk.get(b, a);
    if (!walk.allows(depth)) return undefined;
    // Assumed equal while comparing the items, so a pair met again on the way is not walked twice.
    walk.set(a, b, true);
    let all: boolean | undefined = true;
    for (let i = 0; i < a.items.length; i++) {
      const r = equalsIn(walk, a.items[i], b.items[i], depth + 1);
      if (r === false) {
        all = false;
        break;
      }
      if (r === undefined) all = undefined;
    }
    walk.set(a, b, all);
    return all;
  }
  if (isOpaque(a) || isOpaque(b)) return sameValue(a, b) ? true : undefined;
  if (a.kind !== b.kind) return false;
  return undefined;
}

function isOpaque(value: Value): boolean {
  return value.kind === 'module' || value.kind === 'builtin' || value.kind === 'object' || value.kind === 'function' || value.kind === 'class';
}

/** Looks a key up in a dict value; `undefined` when absent and the dict is fully known, unknown when it may exist. */
export function dictGet(value: Value, key: string): Value | undefined {
  if (value.kind !== 'dict') return undefined;
  for (let i = value.entries.length - 1; i >= 0; i--) {
    const entry = value.entries[i];
    if (entry.key.kind === 'str' && entry.key.value === key) return entry.value;
  }
  return value.partial ? unknown(`key ${key} may be set by code we cannot follow`) : undefined;
}

export function dictEntry(value: Value, key: string): DictEntry | undefined {
  if (value.kind !== 'dict') return undefined;
  for (let i = value.entries.length - 1; i >= 0; i--) {
    const entry = value.entries[i];
    if (entry.key.kind === 'str' && entry.key.value === key) return entry;
  }
  return undefined;
}

/** The string items of a list/tuple, for membership checks like `"...SecurityMiddleware" in MIDDLEWARE`. */
export function stringItems(value: Value): { items: string[]; complete: boolean } {
  if (value.kind !== 'list' && value.kind !== 'tuple' && value.kind !== 'set') return { items: [], complete: false };
  const items: string[] = [];
  let complete = !value.partial;
  for (const item of value.items) {
    if (item.kind === 'str') items.push(item.value);
    else complete = false;
  }
  return { items, complete };
}

/** Membership of a string in a sequence value: true, false, or undefined when it cannot be known. */
export function containsString(value: Value, needle: string): boolean | undefined {
  if (value.kind === 'union') return unanimous(value.options.map((option) => containsString(option, needle)));
  const { items, complete } = stringItems(value);
  if (items.includes(needle)) return true;
  return complete ? false : undefined;
}

/** A short Python-like rendering of a value for messages. */
export function describe(value: Value, depth = 0): string {
  switch (value.kind) {
    case 'str':
      return JSON.stringify(value.value.length > 60 ? `${value.value.slice(0, 57)}...` : value.value);
    case 'bytes':
      return `b${JSON.stringify(value.value)}`;
    case 'int':
    case 'float':
      return String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'path':
      return `Path(${JSON.stringify(value.value)})`;
    case 'list':
    case 'tuple':
    case 'set': {
      if (depth > 1) return value.kind === 'list' ? '[...]' : value.kind === 'tuple' ? '(...)' : '{...}';
      const inner = value.items.slice(0, 4).map((item) => describe(item, depth + 1));
      if (value.items.length > 4 || value.partial) inner.push('...');
      const [open, close] = value.kind === 'list' ? ['[', ']'] : value.kind === 'tuple' ? ['(', ')'] : ['{', '}'];
      return open + inner.join(', ') + (value.kind === 'tuple' && value.items.length === 1 ? ',' : '') + close;
    }
    case 'dict': {
      if (depth > 1) return '{...}';
      const inner = value.entries.slice(0, 3).map((e) => `${describe(e.key, depth + 1)}: ${describe(e.value, depth + 1)}`);
      if (value.entries.length > 3 || value.partial) inner.push('...');
      return `{${inner.join(', ')}}`;
    }
    case 'union':
      return value.options.map((option) => describe(option, depth + 1)).join(' or ');
    case 'unknown':
      return value.env ? `$${value.env.name}` : '<unknown>';
    case 'module':
      return `<module ${value.name}>`;
    case 'builtin':
      return `<${value.name}>`;
    case 'function':
      return `<function ${value.fn.name}>`;
    case 'class':
      return `<class ${value.cls.name}>`;
    case 'object':
      return `<${value.type}>`;
  }
}

/**
 * Converts a known value to a plain JSON-friendly JS value (for the CLI's JSON and the Django cross-check).
 * The result spells out shared parts every time they occur, so past WALK_BUDGET nodes (or WALK_DEPTH levels)
 * the rest is `{ unknown: "too large to show" }`.
 */
export function toPlain(value: Value): unknown {
  const budget = { left: WALK_BUDGET };
  return plainIn(value, budget, 0);
}

const TOO_LARGE_TO_SHOW = { unknown: 'too large to show' };

function plainIn(value: Value, budget: { left: number }, depth: number): unknown {
  if (--budget.left < 0 || depth > WALK_DEPTH) return TOO_LARGE_TO_SHOW;
  switch (value.kind) {
    case 'str':
    case 'bytes':
    case 'int':
    case 'float':
    case 'bool':
    case 'path':
      return value.value;
    case 'none':
      return null;
    case 'list':
    case 'tuple':
    case 'set':
      return value.items.map((item) => plainIn(item, budget, depth + 1));
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const entry of value.entries) out[entry.key.kind === 'str' ? entry.key.value : describe(entry.key)] = plainIn(entry.value, budget, depth + 1);
      return out;
    }
    default:
      return { unknown: describe(value) };
  }
}
