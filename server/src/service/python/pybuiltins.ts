// Python's builtin functions, for the values the evaluator knows: conversions (`int`, `bool`, `list`, ...),
// `isinstance`/`type`, iteration helpers (`any`, `all`, `sorted`, `map`, `filter`, `zip`, `range`, ...), attribute
// access (`getattr`, `setattr` on the settings module), and the ones that reach into the module itself
// (`globals()`, `exec`, `open`, `compile`).
import type { Location } from '../types';
import type { CallArgs } from './builtins';
import { getAttribute } from './builtins';
import { execSource, globalsObject, lostSight, openFile, sourceOf } from './dynamic';
import { bindIn, type Frame } from './evalContext';
import { asStr, callValue, iterateValue, setEntry, withEnv } from './expressions';
import { copyWith, pyEquals, truthy, unknown, type DictEntry, type Value } from './values';

export function callPythonBuiltin(name: string, args: CallArgs, frame?: Frame, location?: Location): Value {
  const first = args.positional[0];
  const carry = (v: Value): Value => withEnv(v, first);
  switch (name) {
    case 'int': {
      if (!first) return { kind: 'int', value: 0 };
      if (first.kind === 'int') return first;
      if (first.kind === 'bool' || first.kind === 'float') return carry({ kind: 'int', value: Math.trunc(Number(first.value)) });
      if (first.kind === 'str' && /^\s*[-+]?\d[\d_]*\s*$/.test(first.value)) return carry({ kind: 'int', value: parseInt(first.value.replace(/_/g, ''), 10) });
      return unknown('int() of an unknown value', undefined, first.env);
    }
    case 'float': {
      if (!first) return { kind: 'float', value: 0 };
      const text = asStr(first);
      const n = first.kind === 'int' || first.kind === 'float' ? first.value : text !== undefined && text.trim() !== '' ? Number(text) : NaN;
      return Number.isNaN(n) ? unknown('float() of an unknown value', undefined, first.env) : carry({ kind: 'float', value: n });
    }
    case 'bool': {
      if (!first) return { kind: 'bool', value: false };
      const verdict = truthy(first);
      return verdict === undefined ? unknown('bool() of an unknown value', undefined, first.env) : carry({ kind: 'bool', value: verdict });
    }
    case 'str': {
      if (!first) return { kind: 'str', value: '' };
      const text = asStr(first);
      return text === undefined ? unknown('str() of an unknown value', undefined, first.env) : carry({ kind: 'str', value: text });
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'frozenset':
    case 'sorted':
    case 'reversed': {
      const kind = name === 'tuple' ? 'tuple' : name === 'set' || name === 'frozenset' ? 'set' : 'list';
      if (!first) return { kind, items: [] };
      const items = iterateValue(first);
      if (!items) return unknown(`${name}() of an unknown value`, undefined, first.env);
      let result = [...items.items];
      if (name === 'reversed') result.reverse();
      if (name === 'sorted') {
        const key = args.keywords.get('key');
        if (key || items.partial) return unknown('sorted() with a key or of a partly known value');
        const texts = result.map((item) => (item.kind === 'str' || item.kind === 'int' || item.kind === 'float' ? item.value : undefined));
        if (texts.some((t) => t === undefined)) return unknown('sorted() of unknown items');
        result = result
          .map((item, i) => [item, texts[i]] as const)
          .sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0))
          .map(([item]) => item);
        if (args.keywords.get('reverse')?.kind === 'bool' && (args.keywords.get('reverse') as { value: boolean }).value) result.reverse();
      }
      if (kind === 'set') result = result.filter((item, i) => result.findIndex((other) => pyEquals(other, item) === true) === i);
      return carry(items.partial ? { kind, items: result, partial: true } : { kind, items: result });
    }
    case 'dict': {
      const entries: DictEntry[] = first?.kind === 'dict' ? [...first.entries] : [];
      let partial = !args.complete || (first !== undefined && first.kind !== 'dict');
      if (first && first.kind !== 'dict') {
        // dict([("a", 1), ...]): pairs.
        const pairs = iterateValue(first);
        if (pairs?.items.every((p) => (p.kind === 'tuple' || p.kind === 'list') && p.items.length === 2)) {
          for (const pair of pairs.items) setEntry(entries, (pair as { items: Value[] }).items[0], (pair as { items: Value[] }).items[1]);
          partial = pairs.partial || !args.complete;
        }
      }
      if (first?.kind === 'dict' && first.partial) partial = true;
      for (const [key, value] of args.keywords) setEntry(entries, { kind: 'str', value: key }, value);
      return partial ? { kind: 'dict', entries, partial } : { kind: 'dict', entries };
    }
    case 'len': {
      if (first?.kind === 'str') return carry({ kind: 'int', value: first.value.length });
      if ((first?.kind === 'list' || first?.kind === 'tuple' || first?.kind === 'set') && !first.partial) return { kind: 'int', value: first.items.length };
      if (first?.kind === 'dict' && !first.partial) return { kind: 'int', value: first.entries.length };
      return unknown('len() of an unknown value');
    }
    case 'print':
      return { kind: 'none' };
    case 'isinstance':
      return isInstance(first, args.positional[1]);
    case 'type':
      return first && args.positional.length === 1 ? typeOf(first) : unknown('type()');
    case 'object':
      return { kind: 'object', type: 'object', data: {} };
    case 'any':
    case 'all': {
      const items = first ? iterateValue(first) : undefined;
      if (!items) return unknown(`${name}() of an unknown value`);
      const verdicts = items.items.map(truthy);
      if (name === 'any') {
        if (verdicts.includes(true)) return { kind: 'bool', value: true };
        return verdicts.includes(undefined) || items.partial ? unknown('any() of unknown items') : { kind: 'bool', value: false };
      }
      if (verdicts.includes(false)) return { kind: 'bool', value: false };
      return verdicts.includes(undefined) || items.partial ? unknown('all() of unknown items') : { kind: 'bool', value: true };
    }
    case 'sum':
    case 'min':
    case 'max': {
      const items = first ? iterateValue(first) : undefined;
      const numbers =
        items && !items.partial
          ? items.items.map((item) => (item.kind === 'int' || item.kind === 'float' ? item.value : item.kind === 'bool' ? Number(item.value) : undefined))
          : undefined;
      if (!numbers || numbers.some((n) => n === undefined) || (name !== 'sum' && numbers.length === 0)) return unknown(`${name}() of unknown items`);
      const values = numbers as number[];
      const result = name === 'sum' ? values.reduce((a, b) => a + b, 0) : name === 'min' ? Math.min(...values) : Math.max(...values);
      return { kind: items!.items.some((item) => item.kind === 'float') ? 'float' : 'int', value: result };
    }
    case 'range': {
      const ints = args.positional.map((v) => (v.kind === 'int' ? v.value : undefined));
      if (ints.some((n) => n === undefined) || ints.length === 0) return unknown('range() of unknown bounds');
      const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
      if (step === 0 || Math.abs((stop - start) / step) > 10_000) return unknown('range() too long to unroll');
      const items: Value[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) items.push({ kind: 'int', value: i });
      return { kind: 'list', items };
    }
    case 'enumerate': {
      const items = first ? iterateValue(first) : undefined;
      if (!items) return unknown('enumerate() of an unknown value');
      const offset = args.positional[1]?.kind === 'int' ? (args.positional[1] as { value: number }).value : 0;
      return {
        kind: 'list',
        items: items.items.map((item, i) => ({ kind: 'tuple', items: [{ kind: 'int', value: i + offset }, item] }) as Value),
        partial: items.partial,
      };
    }
    case 'zip': {
      const lists = args.positional.map(iterateValue);
      if (lists.some((l) => !l || l.partial) || lists.length === 0) return unknown('zip() of unknown values');
      const length = Math.min(...lists.map((l) => l!.items.length));
      return { kind: 'list', items: Array.from({ length }, (_, i) => ({ kind: 'tuple', items: lists.map((l) => l!.items[i]) }) as Value) };
    }
    case 'map':
    case 'filter': {
      const fn = first;
      const items = args.positional[1] ? iterateValue(args.positional[1]) : undefined;
      if (!fn || !items || !frame || !location) return unknown(`${name}() of unknown values`);
      const out: Value[] = [];
      for (const item of items.items) {
        const result = fn.kind === 'none' ? item : callValue(fn, { positional: [item], keywords: new Map(), complete: true }, frame, location);
        if (name === 'map') out.push(result);
        else {
          const keep = truthy(result);
          if (keep === undefined) return unknown('filter() with a condition that cannot be known');
          if (keep) out.push(item);
        }
      }
      return { kind: 'list', items: out, partial: items.partial };
    }
    case 'getattr':
    case 'hasattr': {
      const attribute = args.positional[1] ? asStr(args.positional[1]) : undefined;
      if (!first || attribute === undefined || !frame) return unknown(`${name}() with a computed name`);
      const found = lookupAttribute(first, attribute, frame);
      if (name === 'hasattr') return found === undefined ? unknown('hasattr() of an unknown attribute') : { kind: 'bool', value: found !== 'missing' };
      if (found === 'missing') return args.positional[2] ?? unknown(`${attribute} is not defined`);
      return found ?? args.positional[2] ?? unknown(`attribute ${attribute}`);
    }
    case 'setattr': {
      const attribute = args.positional[1] ? asStr(args.positional[1]) : undefined;
      if (frame && location && first?.kind === 'module' && first.namespace === frame.root.globals) {
        if (attribute === undefined) lostSight(frame, first.namespace, 'setattr() on the settings module with a computed name', location);
        else bindIn(frame, first.namespace, attribute, { value: args.positional[2] ?? unknown('no value'), statement: location });
      }
      return { kind: 'none' };
    }
    case 'globals':
    case 'vars':
    case 'locals':
      if (!frame || (name !== 'globals' && (args.positional.length > 0 || frame.namespace !== frame.globals))) return unknown(`${name}()`);
      return globalsObject(frame.globals);
    case 'dir': {
      if (!frame) return unknown('dir()');
      const namespace = !first ? frame.namespace : first.kind === 'module' ? first.namespace : undefined;
      if (!namespace) return unknown('dir() of an unknown object');
      return { kind: 'list', items: [...namespace.keys()].sort().map((key) => ({ kind: 'str', value: key }) as Value) };
    }
    case 'exec':
      return frame && location ? execSource(frame, args, location) : unknown('exec()');
    case 'compile':
      return sourceOf(first);
    case 'open':
      return frame ? openFile(frame, args) : unknown('open()');
    case 'callable':
      return first ? { kind: 'bool', value: first.kind === 'function' || first.kind === 'builtin' || first.kind === 'class' } : unknown('callable()');
    default:
      // Exception classes: `raise ValueError(...)` reads the name from the code; the object itself is opaque.
      if (/^[A-Z]\w*(Error|Exception|Exit)$/.test(name)) return { kind: 'object', type: `exception.${name}` };
      return unknown(`result of ${name}()`);
  }
}

function isInstance(value: Value | undefined, types: Value | undefined): Value {
  if (!value || !types || value.kind === 'unknown' || value.kind === 'union') return unknown('isinstance() of an unknown value');
  const names = (types.kind === 'tuple' ? types.items : [types]).map((t) =>
    t.kind === 'builtin' && t.name.startsWith('builtins.') ? t.name.slice(9) : undefined,
  );
  if (names.some((n) => n === undefined)) return unknown('isinstance() with a class we do not model');
  const actual = (typeOf(value) as { name?: string }).name?.replace('builtins.', '');
  if (!actual) return unknown('isinstance() of an object');
  const matches = names.some((n) => n === actual || (n === 'int' && actual === 'bool') || n === 'object');
  return { kind: 'bool', value: matches };
}

function typeOf(value: Value): Value {
  const byKind: Partial<Record<Value['kind'], string>> = {
    str: 'str',
    bytes: 'bytes',
    int: 'int',
    float: 'float',
    bool: 'bool',
    list: 'list',
    tuple: 'tuple',
    set: 'set',
    dict: 'dict',
    none: 'NoneType',
  };
  const name = byKind[value.kind];
  return name ? { kind: 'builtin', name: `builtins.${name}` } : unknown('type of an object');
}

/** An attribute of a module, class or object: its value, 'missing' when it surely is not there, undefined when unknown. */
function lookupAttribute(object: Value, name: string, frame: Frame): Value | 'missing' | undefined {
  if (object.kind === 'module' && object.namespace) {
    const binding = object.namespace.get(name);
    return binding ? binding.value : 'missing';
  }
  const value = getAttribute(object, name, frame);
  return value.kind === 'unknown' ? undefined : value;
}

/** `d.get(k, default)`, `d.items()`, ... on a dict value. */
export function callDictMethod(method: string, self: Value & { kind: 'dict' }, args: CallArgs): Value {
  const key = args.positional[0];
  const find = (): Value | undefined => (key ? self.entries.find((entry) => pyEquals(entry.key, key) === true)?.value : undefined);
  switch (method) {
    case 'get': {
      if (!key) return unknown('dict.get');
      const found = find();
      if (found) return found;
      if (key.kind === 'unknown' || self.partial || self.entries.some((entry) => entry.key.kind === 'unknown'))
        return unknown('key may be set by code we cannot follow');
      return args.positional[1] ?? { kind: 'none' };
    }
    case 'setdefault':
    case 'pop':
      return find() ?? args.positional[1] ?? (self.partial ? unknown('key may be set by code we cannot follow') : { kind: 'none' });
    case 'copy':
      return copyWith(self, {});
    case 'keys':
      return { kind: 'list', items: self.entries.map((entry) => entry.key), partial: self.partial };
    case 'values':
      return { kind: 'list', items: self.entries.map((entry) => entry.value), partial: self.partial };
    case 'items':
      return { kind: 'list', items: self.entries.map((entry) => ({ kind: 'tuple', items: [entry.key, entry.value] }) as Value), partial: self.partial };
    default:
      return unknown(`dict.${method}`);
  }
}

/** A parsed JSON value as an evaluator value. */
export function fromJson(json: unknown): Value {
  if (json === null) return { kind: 'none' };
  if (typeof json === 'string') return { kind: 'str', value: json };
  if (typeof json === 'boolean') return { kind: 'bool', value: json };
  if (typeof json === 'number') return { kind: Number.isInteger(json) ? 'int' : 'float', value: json };
  if (Array.isArray(json)) return { kind: 'list', items: json.map(fromJson) };
  return {
    kind: 'dict',
    entries: Object.entries(json as Record<string, unknown>).map(([key, value]) => ({ key: { kind: 'str', value: key }, value: fromJson(value) })),
  };
}
