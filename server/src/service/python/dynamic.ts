// Code that writes settings in ways an assignment does not show: `globals()` used as a dict (by the module or by
// a helper it calls), `sys.modules[__name__]`, `exec` of a file, django-split-settings' `include()`. Where the
// names and files are known (inside the project), the writes are followed exactly. Where they are not (a
// computed name, a file outside the repository, exec of unknown code), the engine loses sight: from that
// statement on, every setting not assigned again is unknown, never Django's default.
import * as path from 'node:path';
import { isInside } from '../paths';
import type { Location } from '../types';
import type { CallArgs } from './builtins';
import { bindIn, type Frame, locationOf, type ModuleResult, nodeText, PyRaise } from './evalContext';
import { asStr, evaluate } from './expressions';
import { executeBlock } from './statements';
import { child, type PyNode } from './syntax';
import { copyWith, type Namespace, unknown, type Value } from './values';

const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

export function globalsObject(namespace: Namespace): Value {
  return { kind: 'object', type: 'globals', data: namespace };
}

export function isGlobalsObject(value: Value | undefined): value is Value & { kind: 'object'; data: Namespace } {
  return value?.kind === 'object' && value.type === 'globals';
}

/**
 * The evaluation can no longer see what the module's settings are: every setting bound so far becomes unknown,
 * and unset names stop falling back to Django's defaults. Reported once per module, at the first such place.
 */
export function lostSight(frame: Frame, namespace: Namespace, reason: string, location: Location): void {
  const module: ModuleResult = namespace === frame.globals ? frame.module : frame.root.module;
  const line = location.range.start.line + 1;
  if (!module.lostSight) {
    module.lostSight = { location, reason };
    frame.session.problems.push({
      kind: 'lost-sight',
      message: `The settings cannot be followed past line ${line} of ${path.basename(location.file)}: ${reason} may set any of them. Settings not assigned again after it are shown as unknown, not as Django's defaults.`,
      location,
      related: [],
    });
  }
  module.open = true;
  for (const [name, binding] of [...namespace]) {
    if (!SETTING_NAME.test(name) || binding.value.kind === 'unknown') continue;
    bindIn(frame, namespace, name, {
      statement: binding.statement,
      valueRange: binding.valueRange,
      value: { kind: 'unknown', reason: `may be changed by ${reason} (line ${line})`, loc: binding.value.loc, lost: true },
    });
  }
}

/** `obj.attr = value`: a setting when `obj` is the module itself (`sys.modules[__name__]`), else nothing we track. */
export function assignThroughObject(target: PyNode, value: Value, statement: Location, frame: Frame): void {
  const object = child(target, 'object');
  const attribute = child(target, 'attribute');
  if (!object || !attribute) return;
  const owner = evaluate(object, frame);
  if (owner.kind === 'module' && owner.namespace && owner.namespace === frame.root.globals) {
    bindIn(frame, owner.namespace, nodeText(frame, attribute), { value, statement });
  }
}

/** Methods of a `globals()` object: reads see the namespace, `update` writes into it. */
export function globalsMethod(method: string, namespace: Namespace, args: CallArgs, frame: Frame, location: Location): Value {
  const first = args.positional[0];
  switch (method) {
    case 'get': {
      const key = first ? asStr(first) : undefined;
      if (first?.kind !== 'str' || key === undefined) return unknown('globals().get with a computed name');
      return namespace.get(key)?.value ?? args.positional[1] ?? { kind: 'none' };
    }
    case 'keys':
      return { kind: 'list', items: [...namespace.keys()].map((name) => ({ kind: 'str', value: name }) as Value) };
    case 'update':
    case 'setdefault': {
      const entries =
        method === 'setdefault'
          ? first?.kind === 'str'
            ? [{ key: first, value: args.positional[1] ?? ({ kind: 'none' } as Value) }]
            : undefined
          : first?.kind === 'dict' && !first.partial && args.complete
            ? first.entries
            : first === undefined && args.complete
              ? []
              : undefined;
      const keywords = [...args.keywords].map(([key, value]) => ({ key: { kind: 'str', value: key } as Value, value }));
      if (!entries || entries.some((entry) => entry.key.kind !== 'str')) {
        lostSight(frame, namespace, `an update of the module's namespace with names it computes (globals().${method}(...))`, location);
        return { kind: 'none' };
      }
      for (const entry of [...entries, ...keywords]) {
        const name = (entry.key as { value: string }).value;
        if (method === 'setdefault' && namespace.has(name)) continue;
        bindIn(frame, namespace, name, { value: entry.value, statement: location });
      }
      return { kind: 'none' };
    }
    default:
      return unknown(`globals().${method}`);
  }
}

// ---- files: open(), .read(), compile(), exec(), split-settings include() ------------------------------

/** Whether a path is one the engine may read: inside the project. */
function insideProject(frame: Frame, file: string): boolean {
  const roots = frame.session.options.projectRoots ?? frame.session.resolver.roots;
  return roots.some((root) => isInside(file, root));
}

/** `os.path.exists(p)`, `Path(p).exists()`: known inside the project, unknown outside. */
export function pathExists(frame: Frame, file: string, kind: 'any' | 'file' | 'dir'): Value {
  const absolute = path.resolve(path.dirname(frame.parsed.file), file);
  if (!insideProject(frame, absolute) || !frame.session.options.fileExists) return unknown(`whether ${file} exists in production`);
  // A development override (local_settings.py) next to the settings is a developer's file, not production's.
  const stem = path.basename(absolute).replace(/\.py$/, '');
  if (absolute.endsWith('.py') && frame.session.options.isDevelopmentModule(stem)) return { kind: 'bool', value: false };
  const found = frame.session.options.fileExists(absolute);
  return { kind: 'bool', value: kind === 'any' ? found !== undefined : found === kind };
}

/** `open(path)`: a file object that knows its path when it is a project file; FileNotFoundError when missing. */
export function openFile(frame: Frame, args: CallArgs): Value {
  const name = args.positional[0] ? asStr(args.positional[0]) : undefined;
  if (name === undefined) return { kind: 'object', type: 'file', data: {} };
  const absolute = path.resolve(path.dirname(frame.parsed.file), name);
  if (!insideProject(frame, absolute)) return { kind: 'object', type: 'file', data: {} };
  const mode = args.positional[1] ? asStr(args.positional[1]) : args.keywords.get('mode') && asStr(args.keywords.get('mode')!);
  if (mode && /[wax+]/.test(mode)) return { kind: 'object', type: 'file', data: {} };
  if (frame.session.options.fileExists?.(absolute) === 'file') return { kind: 'object', type: 'file', data: { file: absolute } };
  // A missing Python file is missing in production too; a missing data file (VERSION, a JSON table) is often made
  // by the build, so its content is only unknown.
  if (absolute.endsWith('.py')) throw new PyRaise('FileNotFoundError', []);
  return { kind: 'object', type: 'file', data: {} };
}

/** `f.read()` / `compile(source, ...)`: Python source whose file is known when it is a project file. */
export function sourceOf(value: Value | undefined): Value {
  if (value?.kind === 'object' && (value.type === 'file' || value.type === 'source')) return { kind: 'object', type: 'source', data: value.data };
  return { kind: 'object', type: 'source', data: {} };
}

/** `exec(source, namespace)`: runs a project file in that namespace; unknown code writing our globals loses sight. */
export function execSource(frame: Frame, args: CallArgs, location: Location): Value {
  const source = args.positional[0];
  const target = args.positional[1] ?? args.keywords.get('globals');
  const file = source?.kind === 'object' && source.type === 'source' ? (source.data as { file?: string }).file : undefined;
  let namespace: Namespace | undefined;
  if (target === undefined) namespace = frame.callDepth === 0 ? frame.globals : undefined;
  else if (isGlobalsObject(target)) namespace = target.data;
  else if (target.kind === 'dict') return { kind: 'none' }; // a fresh dict: nothing production reads
  if (!namespace) {
    // exec into a namespace we cannot see (a caller's frame globals, a module's __dict__): it may be ours.
    if (!file) lostSight(frame, frame.root.globals, 'exec() of code the engine cannot read', location);
    else runFile(frame, file, frame.root.globals, location);
    return { kind: 'none' };
  }
  if (!file) {
    lostSight(frame, namespace, 'exec() of a file outside the project', location);
    return { kind: 'none' };
  }
  runFile(frame, file, namespace, location);
  return { kind: 'none' };
}

/** django-split-settings' `optional(path)`. */
export function optionalPath(args: CallArgs): Value {
  return { kind: 'object', type: 'split_settings.optional', data: args.positional[0] };
}

/**
 * django-split-settings' `include("base.py", optional("local.py"), "components/*.py", scope=globals())`: each
 * file, relative to the including file, runs in the caller's namespace in order; a missing required file raises.
 */
export function splitSettingsInclude(frame: Frame, args: CallArgs, location: Location): Value {
  const scope = args.keywords.get('scope');
  const namespace = scope && isGlobalsObject(scope) ? scope.data : frame.globals;
  for (const arg of args.positional) {
    const optional = arg.kind === 'object' && arg.type === 'split_settings.optional';
    const pattern = asStr(optional ? (arg.data as Value) : arg);
    if (pattern === undefined) {
      lostSight(frame, namespace, 'include() of files it computes', location);
      continue;
    }
    const absolute = path.resolve(path.dirname(frame.parsed.file), pattern);
    if (!insideProject(frame, absolute)) {
      lostSight(frame, namespace, `include() of ${pattern}, outside the project`, location);
      continue;
    }
    const files = /[*?[]/.test(pattern)
      ? (frame.session.options.glob?.(absolute) ?? [])
      : frame.session.options.fileExists?.(absolute) === 'file'
        ? [absolute]
        : [];
    const kept = files.filter((file) => !(optional && frame.session.options.isDevelopmentModule(path.basename(file).replace(/\.py$/, ''))));
    if (kept.length === 0 && !optional && !/[*?[]/.test(pattern)) throw new PyRaise('IOError', []);
    for (const file of kept) runFile(frame, file, namespace, location);
  }
  return { kind: 'none' };
}

/** Runs a project Python file's statements in `namespace` (exec, include): its settings are set as if written here. */
export function runFile(frame: Frame, file: string, namespace: Namespace, location: Location): void {
  const session = frame.session;
  if (session.stack.some((ref) => ref.file === file) || session.running.has(file)) return;
  const parsed = session.resolver.read(file);
  if (!('module' in parsed) || parsed.failure) {
    lostSight(frame, namespace, `exec of ${path.basename(file)}, which cannot be read`, location);
    return;
  }
  if (!session.modules.has(file)) {
    session.modules.set(file, { ref: { name: path.basename(file), file, isPackage: false }, parsed, namespace, open: false, imports: [] });
  }
  for (const error of parsed.module.errors) {
    session.problems.push({
      kind: 'syntax-error',
      message: `Syntax error in ${path.basename(file)}: ${error.message}. Python cannot run this file; the values shown are what could still be read.`,
      location: { file, range: parsed.lines.range(error.start, error.end) },
      related: [],
    });
  }
  session.running.add(file);
  try {
    const inner: Frame = copyWith(frame, {
      parsed,
      namespace,
      globals: namespace,
      enclosing: undefined,
      declaredGlobal: undefined,
      flow: undefined,
      classBody: false,
    });
    for (const statement of parsed.module.statements) {
      inner.stmt = statement;
      executeBlock([statement.node], inner);
      if (inner.flow?.kind === 'raise') throw new PyRaise(inner.flow.exception, inner.flow.deps);
      if (inner.flow) break;
    }
  } finally {
    session.running.delete(file);
  }
  void locationOf;
}
