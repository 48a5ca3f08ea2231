// The environment, read the way Python runs the code. Production is taken to leave a variable unset unless the
// settings cannot import without it:
// - a read that cannot fail gives what the code gives for an unset variable: the default of
//   `os.environ.get("X", d)` / `os.getenv("X", d)` / `env.bool("X", default=d)`, `None` for `os.environ.get("X")`,
//   False for `"X" in os.environ`;
// - a read that raises when the variable is missing (`os.environ["X"]`, django-environ's `env("X")`, decouple's
//   `config("X")`) raises here too, so a `try/except KeyError` around it takes its handler; where nothing catches
//   it, the variable is required and the next pass reads it as present with an unknown value.
import type { Location } from '../types';
import { type Frame, PyRaise } from './evalContext';
import { copyWith, unknown, type Value } from './values';

interface EnvReadSpec {
  /** The API, for the CLI's list of variables: `os.environ.get`, `env.bool`, `config`, ... */
  via: string;
  name: Value | undefined;
  /** The default the code gives for an unset variable; undefined when the read has none. */
  fallback?: { value: Value };
  /** What the read does without a default: give None, or raise this exception. */
  whenUnset: { raises: string } | 'none' | 'required';
  /** Applied to the default (decouple casts defaults; django-environ's URL readers parse them). */
  cast?: (value: Value) => Value;
}

function envName(value: Value | undefined): string | undefined {
  return value?.kind === 'str' ? value.value : undefined;
}

/** Records an environment read and returns what production sees (or raises, as Python would). */
export function readEnv(frame: Frame, readAt: Location, spec: EnvReadSpec): Value {
  // A read inside a helper is listed where the settings call the helper.
  const location = frame.callSite ?? readAt;
  const name = envName(spec.name);
  if (name === undefined) return unknown('environment variable with a computed name');
  const session = frame.session;
  if (spec.fallback && !session.requiredEnv.has(name)) {
    session.envReads.push({ name, required: false, default: spec.fallback.value, location, via: spec.via });
    const result = spec.cast ? spec.cast(spec.fallback.value) : spec.fallback.value;
    return copyWith(result, { env: { name, required: false }, loc: result.loc ?? spec.fallback.value.loc ?? location });
  }
  // Production sets a required variable, so a read with a default gets the variable's (unknown) value too.
  if (session.requiredEnv.has(name) || spec.whenUnset === 'required') {
    session.envReads.push({ name, required: true, default: undefined, location, via: spec.via });
    return unknown(`value of $${name}`, location, { name, required: true });
  }
  session.envReads.push({ name, required: false, default: spec.whenUnset === 'none' ? { kind: 'none' } : undefined, location, via: spec.via });
  if (spec.whenUnset === 'none') return { kind: 'none', env: { name, required: false }, loc: location };
  throw new PyRaise(spec.whenUnset.raises, [name]);
}

/** `"X" in os.environ`: true only for a variable production must set. */
export function environContains(frame: Frame, needle: Value): Value {
  const name = envName(needle);
  if (name === undefined) return unknown('environment variable with a computed name');
  const required = frame.session.requiredEnv.has(name);
  frame.session.envReads.push({
    name,
    required,
    default: undefined,
    location: needle.loc ?? { file: frame.parsed.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    via: 'in os.environ',
  });
  return { kind: 'bool', value: required, env: { name, required } };
}
