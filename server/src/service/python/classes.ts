// Classes the settings define. Their bodies run like a module's, and the settings frameworks that keep settings in
// classes are modelled: django-configurations (`class Production(Base)` deriving from `Configuration`, with
// `values.BooleanValue(True)`, `values.SecretValue()`, ... read from `DJANGO_<NAME>` environment variables).
import type { Location } from '../types';
import type { CallArgs } from './builtins';
import { bind, type EnvRead, type Frame, locationOf, nodeText, type Session } from './evalContext';
import { asStr, evaluateArguments } from './expressions';
import { executeBlock, blockOf } from './statements';
import { child, type PyNode } from './syntax';
import { type Binding, type ClassDef, copyWith, type Namespace, unknown, type Value } from './values';

export function defineClass(node: PyNode, frame: Frame): void {
  const nameNode = child(node, 'name');
  if (!nameNode) return;
  const name = nodeText(frame, nameNode);
  const bases = evaluateArguments(child(node, 'superclasses'), frame).positional;
  const namespace: Namespace = new Map();
  const location = locationOf(frame, node);
  const cls: ClassDef = { name, bases, namespace, module: frame.module, location };
  const body: Frame = {
    ...frame,
    namespace,
    enclosing: frame.namespace === frame.globals ? frame.enclosing : [frame.namespace, ...(frame.enclosing ?? [])],
    declaredGlobal: undefined,
    classBody: true,
    flow: undefined,
    returns: undefined,
  };
  executeBlock(blockOf(child(node, 'body')), body);
  bind(frame, name, { value: { kind: 'class', cls }, statement: location });
}

/** The classes a class's attributes are looked up in, in order (depth first, each once: close to Python's MRO). */
function linearize(cls: ClassDef): ClassDef[] {
  const order: ClassDef[] = [];
  const visit = (current: ClassDef, depth: number): void => {
    if (order.includes(current) || depth > 32) return;
    order.push(current);
    for (const base of current.bases) if (base.kind === 'class') visit(base.cls, depth + 1);
  };
  visit(cls, 0);
  return order;
}

export function classAttribute(cls: ClassDef, name: string): Binding | undefined {
  for (const current of linearize(cls)) {
    const binding = current.namespace.get(name);
    if (binding) return binding;
  }
  return undefined;
}

/** Whether the class derives (directly or not) from django-configurations' `Configuration`. */
export function isConfiguration(cls: ClassDef): boolean {
  return linearize(cls).some((current) => current.bases.some((base) => base.kind === 'object' && base.type === 'configurations.Configuration'));
}

// ---- django-configurations values ---------------------------------------------------------------------

interface ConfigValue {
  type: string;
  default: Value | undefined;
  environName: string | undefined;
  /** `DJANGO` unless `environ_prefix` says otherwise ('' for none). */
  prefix: string;
  required: boolean;
  environ: boolean;
  location: Location;
}

const REQUIRED_TYPES = new Set(['SecretValue']);

/**
 * `values.XValue(default, environ_name=..., environ_prefix=..., environ_required=...)`. With an explicit
 * `environ_name` django-configurations reads the variable right away and the call gives the plain value; otherwise
 * the class attribute is resolved when the configuration is set up, from `DJANGO_<ATTRIBUTE>`.
 */
export function configurationValue(type: string, args: CallArgs, frame: Frame, location: Location): Value {
  const prefixValue = args.keywords.get('environ_prefix');
  const config: ConfigValue = {
    type,
    // A value without a default is None when its variable is unset (SecretValue and environ_required raise instead).
    default: args.positional[0] ?? args.keywords.get('default') ?? ({ kind: 'none' } as Value),
    environName: args.keywords.has('environ_name') ? asStr(args.keywords.get('environ_name')!) : undefined,
    prefix: prefixValue === undefined ? 'DJANGO' : prefixValue.kind === 'none' ? '' : (asStr(prefixValue) ?? 'DJANGO'),
    required:
      REQUIRED_TYPES.has(type) ||
      (args.keywords.get('environ_required')?.kind === 'bool' && (args.keywords.get('environ_required') as { value: boolean }).value),
    environ: !(args.keywords.get('environ')?.kind === 'bool' && !(args.keywords.get('environ') as { value: boolean }).value),
    location,
  };
  if (config.environ && config.environName) return resolveConfigValue(config, config.environName, frame.session);
  if (!config.environ) return config.default ?? { kind: 'none' };
  return { kind: 'object', type: 'configurations.Value', data: config, loc: location };
}

function envVariable(config: ConfigValue, name: string): string {
  return config.prefix ? `${config.prefix}_${name}` : name;
}

function resolveConfigValue(config: ConfigValue, name: string, session: Session): Value {
  const variable = envVariable(config, name);
  const required = config.required || session.requiredEnv.has(variable);
  const read: EnvRead = { name: variable, required, default: required ? undefined : config.default, location: config.location, via: `values.${config.type}` };
  session.envReads.push(read);
  if (required) return unknown(`value of $${variable}`, config.location, { name: variable, required: true });
  const fallback = config.default!;
  return copyWith(fallback, { env: { name: variable, required: false }, loc: fallback.loc ?? config.location });
}

/**
 * The settings Django sees for a django-configurations class: the module's names, then the class's attributes
 * (bases first), with `values.*` resolved from the environment as `setup()` does.
 */
export function configurationNamespace(module: Namespace, cls: ClassDef, session: Session): Namespace {
  const settings: Namespace = new Map(module);
  for (const current of linearize(cls).reverse()) {
    for (const [name, binding] of current.namespace) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
      settings.set(name, binding);
    }
  }
  for (const [name, binding] of settings) {
    const value = binding.value;
    if (value.kind === 'object' && value.type === 'configurations.Value') {
      settings.set(name, { ...binding, value: resolveConfigValue(value.data as ConfigValue, name, session) });
    }
  }
  return settings;
}
