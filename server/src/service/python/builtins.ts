// The library surface settings files lean on: os / os.path / pathlib, str methods, int()/bool(), and the
// environment readers (os.environ, django-environ, python-decouple, dj-database-url). Environment semantics
// are the product's one rule: a read with a default is judged by its default (production may not set the
// variable); a read without one is present with an unknown value, and listed as required.
import type { Location } from '../types';
import { locationOf, type Frame } from './evalContext';
import { readEnv } from './environment';
import { classAttribute, configurationValue } from './classes';
import { globalsMethod, optionalPath, pathExists, sourceOf, splitSettingsInclude } from './dynamic';
import { PyRaise } from './evalContext';
import { callDictMethod, callPythonBuiltin, fromJson } from './pybuiltins';
import { asStr, pathString, withEnv } from './expressions';
import { fits, TOO_LARGE_REASON } from './limits';
import { osBasename, osDirname, osJoin, osNormpath, pureJoin, pureName, pureNormalize, pureParent, pureResolve } from './paths';
import { EMAIL_URL_SETTINGS, parseCacheUrl, parseDatabaseUrl, parseEmailUrl, type PlainSetting, type UrlConventions } from './urls';
import { type ClassDef, copyWith, type DictEntry, type Namespace, unknown, type Value } from './values';

export interface CallArgs {
  positional: Value[];
  keywords: Map<string, Value>;
  /** False when `*args`/`**kwargs` or a generator hide some arguments. */
  complete: boolean;
}

const KNOWN_MODULES: Record<string, Record<string, () => Value>> = {
  os: {
    environ: () => ({ kind: 'object', type: 'os.environ' }),
    getenv: () => ({ kind: 'builtin', name: 'os.getenv' }),
    path: () => ({ kind: 'module', name: 'os.path' }),
    sep: () => ({ kind: 'str', value: '/' }),
  },
  'os.path': Object.fromEntries(
    ['join', 'dirname', 'abspath', 'realpath', 'normpath', 'basename', 'expanduser', 'exists', 'isdir', 'isfile', 'splitext'].map((name) => [
      name,
      () => ({ kind: 'builtin', name: `os.path.${name}` }) as Value,
    ]),
  ),
  pathlib: {
    Path: () => ({ kind: 'builtin', name: 'pathlib.Path' }),
    PurePath: () => ({ kind: 'builtin', name: 'pathlib.Path' }),
    PosixPath: () => ({ kind: 'builtin', name: 'pathlib.Path' }),
  },
  environ: {
    Env: () => ({ kind: 'builtin', name: 'environ.Env' }),
    FileAwareEnv: () => ({ kind: 'builtin', name: 'environ.Env' }),
    Path: () => ({ kind: 'builtin', name: 'environ.Path' }),
  },
  decouple: {
    config: () => ({ kind: 'builtin', name: 'decouple.config' }),
    Csv: () => ({ kind: 'builtin', name: 'decouple.Csv' }),
    AutoConfig: () => ({ kind: 'builtin', name: 'decouple.AutoConfig' }),
  },
  dj_database_url: {
    config: () => ({ kind: 'builtin', name: 'dj_database_url.config' }),
    parse: () => ({ kind: 'builtin', name: 'dj_database_url.parse' }),
  },
  'django.core.management.utils': {
    get_random_secret_key: () => ({ kind: 'builtin', name: 'get_random_secret_key' }),
  },
  dotenv: {
    load_dotenv: () => ({ kind: 'builtin', name: 'noop' }),
    find_dotenv: () => ({ kind: 'builtin', name: 'unknown-call' }),
  },
  'distutils.util': { strtobool: () => ({ kind: 'builtin', name: 'strtobool' }) },
  str2bool: { str2bool: () => ({ kind: 'builtin', name: 'strtobool' }) },
  'split_settings.tools': {
    include: () => ({ kind: 'builtin', name: 'split_settings.include' }),
    optional: () => ({ kind: 'builtin', name: 'split_settings.optional' }),
  },
  configurations: {
    Configuration: () => ({ kind: 'object', type: 'configurations.Configuration' }),
    values: () => ({ kind: 'module', name: 'configurations.values' }),
  },
  sys: {
    modules: () => ({ kind: 'object', type: 'sys.modules' }),
    path: () => ({ kind: 'object', type: 'sys.path' }),
  },
  json: { loads: () => ({ kind: 'builtin', name: 'json.loads' }) },
  copy: {
    deepcopy: () => ({ kind: 'builtin', name: 'copy.copy' }),
    copy: () => ({ kind: 'builtin', name: 'copy.copy' }),
  },
  glob: { glob: () => ({ kind: 'builtin', name: 'glob.glob' }) },
  importlib: { import_module: () => ({ kind: 'builtin', name: 'importlib.import_module' }) },
  'django.utils.translation': Object.fromEntries(
    ['gettext_lazy', 'gettext', 'ugettext_lazy', 'ugettext', 'gettext_noop'].map((name) => [name, () => ({ kind: 'builtin', name: 'identity' }) as Value]),
  ),
};

/** The value `import name` binds to a module we model (or an opaque module we do not). */
export function importModule(name: string): Value {
  return { kind: 'module', name };
}

export function getAttribute(object: Value, name: string, frame: Frame): Value {
  switch (object.kind) {
    case 'module': {
      const binding = object.namespace?.get(name);
      if (binding) return binding.value;
      const member = KNOWN_MODULES[object.name]?.[name];
      if (member) return member();
      if (object.namespace) {
        // `import pkg.sub` makes `sub` an attribute of the package.
        const submodule = frame.session.resolver.resolve(`${object.name}.${name}`);
        if (submodule) return { kind: 'module', name: submodule.name, namespace: frame.session.loadModule(submodule, undefined).namespace };
        return unknown(`${object.name}.${name} is not defined`);
      }
      // `import os` then `os.path`: submodules of modeled modules.
      if (KNOWN_MODULES[`${object.name}.${name}`]) return { kind: 'module', name: `${object.name}.${name}` };
      // django-configurations: `values.BooleanValue(...)` and the other value types.
      if (object.name === 'configurations.values' && /Value$/.test(name)) return { kind: 'builtin', name: `configurations.values.${name}` };
      return unknown(`${object.name}.${name}`);
    }
    case 'class': {
      const binding = classAttribute(object.cls, name);
      if (!binding) return unknown(`${object.cls.name}.${name}`);
      const value = binding.value;
      return value.kind === 'function' && value.fn.decorator === 'classmethod' ? { ...value, self: object } : value;
    }
    case 'function':
      return unknown(`attribute ${name} of a function`);
    case 'object':
      return objectAttribute(object, name);
    case 'path':
      return pathAttribute(object, name);
    case 'str':
      return STR_METHODS.has(name) ? { kind: 'builtin', name: `str.${name}`, self: object } : unknown(`str.${name}`);
    case 'dict':
      return DICT_METHODS.has(name) ? { kind: 'builtin', name: `dict.${name}`, self: object } : unknown(`dict.${name}`);
    case 'list':
    case 'tuple':
    case 'set':
      return LIST_METHODS.has(name) ? { kind: 'builtin', name: `list.${name}`, self: object } : unknown(`list.${name}`);
    case 'unknown':
      // `os.environ["HOSTS"].split(",")`: the result still comes from that variable, so it stays "required $HOSTS".
      if (object.env && STR_METHODS.has(name)) return { kind: 'builtin', name: `str.${name}`, self: object };
      return unknown(`attribute ${name} of an unknown value`, undefined, object.env);
    case 'union':
      return unknown(`attribute ${name} of an unknown value`, undefined, object.env);
    default:
      return unknown(`${object.kind}.${name}`);
  }
}

const DICT_METHODS = new Set(['get', 'copy', 'items', 'keys', 'values', 'setdefault', 'pop', 'update']);
const LIST_METHODS = new Set(['copy', 'index', 'count', 'append', 'extend', 'insert', 'remove', 'add', 'discard', 'union']);

function objectAttribute(object: Value & { kind: 'object' }, name: string): Value {
  switch (object.type) {
    case 'globals':
      return { kind: 'builtin', name: `globals.${name}`, self: object };
    case 'file':
      return name === 'read' ? { kind: 'builtin', name: 'file.read', self: object } : unknown(`file.${name}`);
    case 'sys.path':
      return name === 'append' || name === 'insert' ? { kind: 'builtin', name: `sys.path.${name}`, self: object } : unknown(`sys.path.${name}`);
    case 'instance': {
      const binding = classAttribute(object.data as ClassDef, name);
      if (!binding) return unknown(`attribute ${name} of an instance`);
      const value = binding.value;
      return value.kind === 'function' && !value.fn.decorator
        ? { ...value, self: object }
        : value.kind === 'function' && value.fn.decorator === 'property'
          ? unknown('a property')
          : value;
    }
    case 'os.environ':
      if (name === 'get' || name === 'setdefault') return { kind: 'builtin', name: `os.environ.${name}`, self: object };
      return unknown(`os.environ.${name}`);
    case 'environ.Env':
      if (name === 'read_env') return { kind: 'builtin', name: 'noop' };
      if (name === 'NOTSET') return unknown('NOTSET');
      return { kind: 'builtin', name: `environ.Env.${name}`, self: object };
    case 'environ.Path':
      if (name === 'path') return { kind: 'builtin', name: 'environ.Path.path', self: object };
      if (name === 'root') return { kind: 'str', value: object.data as string };
      return unknown(`environ.Path.${name}`);
    case 'decouple.Csv':
      return unknown(`Csv.${name}`);
    default:
      return unknown(`${object.type}.${name}`);
  }
}

function pathAttribute(object: Value & { kind: 'path' }, name: string): Value {
  switch (name) {
    case 'parent':
      return { kind: 'path', value: pureParent(object.value) };
    case 'parents':
      return { kind: 'object', type: 'path.parents', data: object.value };
    case 'name':
      return { kind: 'str', value: pureName(object.value) };
    case 'resolve':
    case 'absolute':
    case 'expanduser':
    case 'joinpath':
    case 'as_posix':
    case 'exists':
    case 'is_file':
    case 'is_dir':
      return { kind: 'builtin', name: `path.${name}`, self: object };
    case 'stem':
      return { kind: 'str', value: pureName(object.value).replace(/\.[^.]*$/, '') };
    default:
      return unknown(`Path.${name}`);
  }
}

const STR_METHODS = new Set([
  'lower',
  'upper',
  'strip',
  'lstrip',
  'rstrip',
  'split',
  'rsplit',
  'startswith',
  'endswith',
  'replace',
  'join',
  'title',
  'capitalize',
  'casefold',
  'removeprefix',
  'removesuffix',
  'isdigit',
  'splitlines',
  'format',
]);

function arg(args: CallArgs, index: number, keyword: string): Value | undefined {
  return args.positional[index] ?? args.keywords.get(keyword);
}

export function callBuiltin(name: string, args: CallArgs, frame: Frame, location: Location | undefined, self?: Value): Value {
  const loc = location ?? locationOf(frame, frame.stmt.node);
  switch (name) {
    case 'os.getenv':
    case 'os.environ.get':
    case 'os.environ.setdefault': {
      const fallback = arg(args, 1, 'default');
      return readEnv(frame, loc, {
        via: name,
        name: arg(args, 0, 'key'),
        fallback: fallback !== undefined ? { value: fallback } : undefined,
        whenUnset: 'none',
      });
    }
    case 'os.environ[]':
      return readEnv(frame, loc, { via: 'os.environ[]', name: args.positional[0], whenUnset: { raises: 'KeyError' } });
    case 'os.path.join': {
      const parts = args.positional.map(asStr);
      if (!args.complete || parts.some((p) => p === undefined) || parts.length === 0) return unknown('path built from an unknown part');
      return { kind: 'str', value: osJoin(parts[0]!, ...(parts.slice(1) as string[])) };
    }
    case 'os.path.exists':
    case 'os.path.isfile':
    case 'os.path.isdir': {
      const p = args.positional[0] ? asStr(args.positional[0]) : undefined;
      if (p === undefined) return unknown('whether an unknown path exists');
      return pathExists(frame, p, name === 'os.path.isfile' ? 'file' : name === 'os.path.isdir' ? 'dir' : 'any');
    }
    case 'os.path.dirname':
    case 'os.path.abspath':
    case 'os.path.realpath':
    case 'os.path.normpath':
    case 'os.path.basename':
    case 'os.path.expanduser': {
      const p = args.positional[0] ? asStr(args.positional[0]) : undefined;
      if (p === undefined) return unknown('path of an unknown value');
      if (name === 'os.path.dirname') return { kind: 'str', value: osDirname(p) };
      if (name === 'os.path.basename') return { kind: 'str', value: osBasename(p) };
      if (name === 'os.path.expanduser') return p.startsWith('~') ? unknown('a path in the home folder') : { kind: 'str', value: p };
      return { kind: 'str', value: osNormpath(p) };
    }
    case 'pathlib.Path': {
      const parts = args.positional.map(asStr);
      if (!args.complete || parts.length === 0 || parts.some((p) => p === undefined)) return unknown('path of an unknown value');
      return { kind: 'path', value: parts.slice(1).reduce<string>((acc, part) => pureJoin(acc, part!), pureNormalize(parts[0]!)) };
    }
    case 'path.exists':
    case 'path.is_file':
    case 'path.is_dir':
      return pathExists(frame, (self as { value: string }).value, name === 'path.is_file' ? 'file' : name === 'path.is_dir' ? 'dir' : 'any');
    case 'path.resolve':
    case 'path.absolute':
    case 'path.expanduser':
      return { kind: 'path', value: pureResolve((self as { value: string }).value) };
    case 'path.as_posix':
      return { kind: 'str', value: (self as { value: string }).value };
    case 'path.joinpath': {
      const parts = args.positional.map(asStr);
      if (parts.some((p) => p === undefined)) return unknown('path built from an unknown part');
      return { kind: 'path', value: parts.reduce<string>((acc, part) => pureJoin(acc, part!), (self as { value: string }).value) };
    }
    case 'environ.Path': {
      const start = args.positional[0] ? asStr(args.positional[0]) : undefined;
      return start === undefined ? unknown('path of an unknown value') : { kind: 'object', type: 'environ.Path', data: osNormpath(start) };
    }
    case 'environ.Path()':
    case 'environ.Path.path': {
      const parts = args.positional.map(asStr);
      if (parts.some((p) => p === undefined)) return unknown('path built from an unknown part');
      const joined = osNormpath(osJoin(pathString(self!), ...(parts as string[])));
      return name === 'environ.Path()' ? { kind: 'str', value: joined } : { kind: 'object', type: 'environ.Path', data: joined };
    }
    case 'environ.Env':
      return { kind: 'object', type: 'environ.Env', data: envScheme(args) };
    case 'environ.Env()':
      return environRead(frame, loc, 'env', args, self!);
    case 'decouple.config':
      return decoupleRead(frame, loc, args);
    case 'decouple.AutoConfig':
      return { kind: 'builtin', name: 'decouple.config' };
    case 'decouple.Csv':
      return { kind: 'object', type: 'decouple.Csv', data: args };
    case 'dj_database_url.config':
    case 'dj_database_url.parse':
      return djDatabaseUrl(frame, loc, name, args);
    case 'get_random_secret_key':
      return unknown('a new random key on every start');
    case 'strtobool': {
      const text = args.positional[0] ? asStr(args.positional[0]) : undefined;
      const verdict = text === undefined ? undefined : strtobool(text);
      return verdict === undefined
        ? unknown('strtobool of an unknown value', undefined, args.positional[0]?.env)
        : withEnv({ kind: 'int', value: verdict ? 1 : 0 }, args.positional[0]);
    }
    case 'identity':
      return args.positional[0] ?? unknown('no argument');
    case 'split_settings.include':
      return splitSettingsInclude(frame, args, loc);
    case 'split_settings.optional':
      return optionalPath(args);
    case 'file.read':
      return sourceOf(self);
    case 'sys.path.append':
    case 'sys.path.insert': {
      // manage.py putting src/ on the path: where the project's modules are found.
      const entry = asStr(args.positional[name === 'sys.path.insert' ? 1 : 0] ?? unknown('no path'));
      if (entry !== undefined) frame.session.sysPath.push(entry);
      return { kind: 'none' };
    }
    case 'json.loads': {
      const text = args.positional[0] ? asStr(args.positional[0]) : undefined;
      if (text === undefined) return unknown('json.loads of an unknown value', undefined, args.positional[0]?.env);
      try {
        return fromJson(JSON.parse(text));
      } catch {
        throw new PyRaise('JSONDecodeError', []);
      }
    }
    case 'copy.copy': {
      const first = args.positional[0];
      return first ? copyWith(first, {}) : unknown('copy of nothing');
    }
    case 'glob.glob':
    case 'importlib.import_module':
      return unknown(`result of ${name}()`);
    case 'noop':
      return { kind: 'none' };
    case 'lambda':
    case 'unknown-call':
      return unknown('result of a call');
  }
  if (name.startsWith('configurations.values.')) return configurationValue(name.slice('configurations.values.'.length), args, frame, loc);
  if (name.startsWith('globals.')) return globalsMethod(name.slice(8), (self as { data: Namespace }).data, args, frame, loc);
  if (name.startsWith('builtins.')) return callPythonBuiltin(name.slice(9), args, frame, loc);
  if (name.startsWith('str.')) return callStrMethod(name.slice(4), self!, args);
  if (name.startsWith('environ.Env.')) return environRead(frame, loc, name.slice('environ.'.length).toLowerCase(), args, self!, name.slice(12));
  if (name.startsWith('dict.') && self?.kind === 'dict') return callDictMethod(name.slice(5), self, args);
  if (name === 'list.copy') return self ? copyWith(self, {}) : unknown('copy');
  if (name === 'list.index' || name === 'list.count') return unknown(`result of ${name}()`);
  return unknown(`result of ${name}()`);
}

// ---- environment readers ------------------------------------------------------------------------------

const ENV_DEFAULT_VARS: Record<string, string> = {
  db: 'DATABASE_URL',
  db_url: 'DATABASE_URL',
  cache: 'CACHE_URL',
  cache_url: 'CACHE_URL',
  email: 'EMAIL_URL',
  email_url: 'EMAIL_URL',
  search_url: 'SEARCH_URL',
};

function envScheme(args: CallArgs): Map<string, { cast?: Value; default?: Value }> {
  const scheme = new Map<string, { cast?: Value; default?: Value }>();
  for (const [key, value] of args.keywords) {
    if (value.kind === 'tuple' && value.items.length >= 1) scheme.set(key, { cast: value.items[0], default: value.items[1] });
    else scheme.set(key, { cast: value });
  }
  return scheme;
}

/** django-environ: `env("X", default=...)`, `env.bool("X", default=...)`, `env.db()`, ... */
function environRead(frame: Frame, location: Location, via: string, args: CallArgs, self: Value, method = ''): Value {
  const kind = method;
  const scheme = (self.kind === 'object' ? (self.data as Map<string, { cast?: Value; default?: Value }>) : undefined) ?? new Map();
  let nameValue = arg(args, 0, 'var');
  if (!nameValue && ENV_DEFAULT_VARS[kind]) nameValue = { kind: 'str', value: ENV_DEFAULT_VARS[kind] };
  const name = nameValue?.kind === 'str' ? nameValue.value : undefined;
  const explicitDefault = args.keywords.get('default') ?? (kind === '' ? args.positional[2] : args.positional[1]);
  const schemeEntry = name ? scheme.get(name) : undefined;
  const fallbackValue = explicitDefault ?? schemeEntry?.default;
  const fallback = fallbackValue ? { value: fallbackValue } : undefined;
  const castName = kind || (schemeEntry?.cast?.kind === 'builtin' ? schemeEntry.cast.name.replace('builtins.', '') : '');
  // django-environ casts values read from the environment but returns a default exactly as written
  // (parse_default=False), except for the URL helpers, which always parse.
  const urlKinds = ['db', 'db_url', 'cache', 'cache_url', 'email', 'email_url'];
  const cast = urlKinds.includes(kind) ? (v: Value) => urlSetting(kind, v, args, urlConventions(frame, 'django-environ')) : undefined;
  const result = readEnv(frame, location, {
    via: `env${kind ? `.${kind}` : ''}`,
    name: nameValue,
    fallback,
    whenUnset: { raises: 'ImproperlyConfigured' },
    cast,
  });
  if (result.kind === 'unknown' && kind.startsWith('email')) {
    // The names are fixed even when the URL is not known.
    return {
      kind: 'dict',
      entries: EMAIL_URL_SETTINGS.map(
        (key) => ({ key: { kind: 'str', value: key }, value: unknown(`from $${result.env?.name}`, location, result.env) }) as DictEntry,
      ),
      env: result.env,
      loc: location,
    };
  }
  if (result.kind === 'unknown' && urlKinds.includes(kind)) {
    return { kind: 'dict', entries: [], partial: true, env: result.env, loc: location };
  }
  void castName;
  void via;
  return result;
}

function urlSetting(kind: string, value: Value, args: CallArgs, conventions: UrlConventions): Value {
  const url = asStr(value);
  if (url === undefined) return { kind: 'dict', entries: [], partial: true };
  const engine = args.keywords.get('engine');
  const config = kind.startsWith('db')
    ? parseDatabaseUrl(url, engine ? asStr(engine) : undefined, conventions)
    : kind.startsWith('email')
      ? parseEmailUrl(url)
      : parseCacheUrl(url, conventions);
  return config ? fromPlain(config) : unknown(`unrecognised URL ${url}`);
}

function below(version: { major: number; minor: number } | undefined, major: number, minor: number): boolean {
  return !!version && (version.major < major || (version.major === major && version.minor < minor));
}

/** How the project's declared library version names backends (modern versions when it declares none). */
function urlConventions(frame: Frame, library: 'django-environ' | 'dj-database-url'): UrlConventions {
  const options = frame.session.options;
  const version = options.libraryVersion(library);
  return {
    legacyPostgresName: library === 'dj-database-url' ? below(version, 0, 6) : below(version, 0, 5),
    djangoRedisCache: library === 'django-environ' && !below(version, 0, 10) && options.django.major >= 4,
  };
}

/** python-decouple: `config("X", default=..., cast=...)`; decouple casts the default too. */
function decoupleRead(frame: Frame, location: Location, args: CallArgs): Value {
  const fallbackValue = arg(args, 1, 'default');
  const castValue = arg(args, 2, 'cast');
  const cast = castValue ? (v: Value) => applyCast(castValue, v, 'decouple') : undefined;
  return readEnv(frame, location, {
    via: 'config',
    name: arg(args, 0, 'option'),
    fallback: fallbackValue ? { value: fallbackValue } : undefined,
    whenUnset: { raises: 'UndefinedValueError' },
    cast,
  });
}

function djDatabaseUrl(frame: Frame, location: Location, name: string, args: CallArgs): Value {
  const overrides: DictEntry[] = [];
  const connMaxAge = args.keywords.get('conn_max_age');
  const healthChecks = args.keywords.get('conn_health_checks');
  const engine = args.keywords.get('engine');
  let base: Value;
  if (name === 'dj_database_url.parse') {
    base = urlSetting('db', args.positional[0] ?? unknown('no URL'), args, urlConventions(frame, 'dj-database-url'));
    if (base.kind === 'unknown') base = { kind: 'dict', entries: [], partial: true, env: args.positional[0]?.env };
    else base = withEnv(base, args.positional[0]);
  } else {
    const envVar = args.keywords.get('env') ?? { kind: 'str', value: 'DATABASE_URL' };
    const fallbackValue = args.keywords.get('default') ?? args.positional[1];
    const fallback = fallbackValue && fallbackValue.kind !== 'none' ? { value: fallbackValue } : undefined;
    // Without the variable dj-database-url gives {}, which no database accepts: production sets it.
    base = readEnv(frame, location, {
      via: 'dj_database_url.config',
      name: envVar,
      fallback,
      whenUnset: 'required',
      cast: (v) => urlSetting('db', v, args, urlConventions(frame, 'dj-database-url')),
    });
    if (base.kind === 'unknown') base = { kind: 'dict', entries: [], partial: true, env: base.env };
  }
  if (base.kind !== 'dict') return base;
  // dj-database-url always writes CONN_MAX_AGE (default 0), and since 1.1 CONN_HEALTH_CHECKS (default False).
  overrides.push({ key: { kind: 'str', value: 'CONN_MAX_AGE' }, value: connMaxAge ?? { kind: 'int', value: 0, loc: location } });
  if (!below(frame.session.options.libraryVersion('dj-database-url'), 1, 1)) {
    overrides.push({ key: { kind: 'str', value: 'CONN_HEALTH_CHECKS' }, value: healthChecks ?? { kind: 'bool', value: false, loc: location } });
  }
  if (engine) overrides.push({ key: { kind: 'str', value: 'ENGINE' }, value: engine });
  const entries = base.entries.filter((entry) => !overrides.some((o) => asStr(o.key) === asStr(entry.key)));
  return copyWith(base, { entries: [...entries, ...overrides] });
}

function fromPlain(plain: PlainSetting): Value {
  if (plain === null) return { kind: 'none' };
  if (typeof plain === 'string') return { kind: 'str', value: plain };
  if (typeof plain === 'number') return { kind: 'int', value: plain };
  if (typeof plain === 'boolean') return { kind: 'bool', value: plain };
  return { kind: 'dict', entries: Object.entries(plain).map(([key, value]) => ({ key: { kind: 'str', value: key }, value: fromPlain(value) })) };
}

// ---- casts and Python builtins ----------------------------------------------------------------------

const ENVIRON_TRUE = ['true', 'on', 'ok', 'y', 'yes', '1'];

function strtobool(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (['y', 'yes', 't', 'true', 'on', '1'].includes(lower)) return true;
  if (['n', 'no', 'f', 'false', 'off', '0', ''].includes(lower)) return false;
  return undefined;
}

function applyCast(cast: Value, value: Value, library: 'decouple' | 'environ'): Value {
  if (cast.kind === 'builtin' && cast.name === 'builtins.bool') {
    if (value.kind === 'bool') return value;
    const text = asStr(value);
    if (text === undefined) return unknown('cast of an unknown value');
    const verdict = library === 'decouple' ? strtobool(text) : ENVIRON_TRUE.includes(text.toLowerCase());
    return verdict === undefined ? unknown(`${text} is not a boolean`) : { kind: 'bool', value: verdict };
  }
  if (cast.kind === 'builtin' && cast.name.startsWith('builtins.'))
    return callPythonBuiltin(cast.name.slice(9), { positional: [value], keywords: new Map(), complete: true });
  if (cast.kind === 'object' && cast.type === 'decouple.Csv') {
    const text = asStr(value);
    if (text === undefined) return unknown('cast of an unknown value');
    return {
      kind: 'list',
      items: text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => ({ kind: 'str', value: part })),
    };
  }
  return unknown('value of a custom cast');
}

function callStrMethod(method: string, self: Value, args: CallArgs): Value {
  if (self.kind !== 'str') return unknown(`str.${method} of an unknown value`, undefined, self.env);
  const s = self.value;
  const a0 = args.positional[0];
  const argText = a0 ? asStr(a0) : undefined;
  const carry = (v: Value): Value => withEnv(v, self);
  switch (method) {
    case 'lower':
    case 'casefold':
      return carry({ kind: 'str', value: s.toLowerCase() });
    case 'upper':
      return carry({ kind: 'str', value: s.toUpperCase() });
    case 'title':
      return carry({ kind: 'str', value: s.replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()) });
    case 'capitalize':
      return carry({ kind: 'str', value: s.charAt(0).toUpperCase() + s.slice(1).toLowerCase() });
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      if (a0 && argText === undefined) return unknown('strip with unknown characters');
      const chars = argText ?? ' \t\n\r\x0b\x0c';
      let start = 0;
      let end = s.length;
      if (method !== 'rstrip') while (start < end && chars.includes(s[start])) start++;
      if (method !== 'lstrip') while (end > start && chars.includes(s[end - 1])) end--;
      return carry({ kind: 'str', value: s.slice(start, end) });
    }
    case 'split':
    case 'rsplit': {
      if (a0 && a0.kind !== 'none' && argText === undefined) return unknown('split on an unknown separator');
      const parts = argText === undefined || a0?.kind === 'none' ? s.split(/\s+/).filter(Boolean) : s.split(argText);
      return carry({ kind: 'list', items: parts.map((part) => ({ kind: 'str', value: part }) as Value) });
    }
    case 'splitlines':
      return carry({ kind: 'list', items: s.split(/\r?\n/).map((part) => ({ kind: 'str', value: part }) as Value) });
    case 'startswith':
    case 'endswith': {
      const options = a0?.kind === 'tuple' ? a0.items.map(asStr) : [argText];
      if (options.some((o) => o === undefined)) return unknown(`${method} with an unknown argument`);
      const verdict = options.some((o) => (method === 'startswith' ? s.startsWith(o!) : s.endsWith(o!)));
      return carry({ kind: 'bool', value: verdict });
    }
    case 'replace': {
      const to = args.positional[1] ? asStr(args.positional[1]) : undefined;
      if (argText === undefined || to === undefined) return unknown('replace with unknown arguments');
      const pieces = s.split(argText);
      if (!fits(s.length + (pieces.length - 1) * (to.length - argText.length))) return unknown(TOO_LARGE_REASON);
      return carry({ kind: 'str', value: pieces.join(to) });
    }
    case 'removeprefix':
      return argText === undefined ? unknown('removeprefix') : carry({ kind: 'str', value: s.startsWith(argText) ? s.slice(argText.length) : s });
    case 'removesuffix':
      return argText === undefined ? unknown('removesuffix') : carry({ kind: 'str', value: argText && s.endsWith(argText) ? s.slice(0, -argText.length) : s });
    case 'isdigit':
      return carry({ kind: 'bool', value: /^\d+$/.test(s) });
    case 'join': {
      if (!a0 || (a0.kind !== 'list' && a0.kind !== 'tuple') || a0.partial) return unknown('join of unknown items');
      const parts = a0.items.map(asStr);
      if (parts.some((p) => p === undefined)) return unknown('join of unknown items');
      if (!fits(parts.reduce((sum, part) => sum + part!.length, s.length * parts.length))) return unknown(TOO_LARGE_REASON);
      return { kind: 'str', value: parts.join(s) };
    }
    case 'format': {
      let index = 0;
      let failed = false;
      let length = s.length;
      const out = s.replace(/\{(\w*)\}/g, (_m, key: string) => {
        const value = key === '' ? args.positional[index++] : /^\d+$/.test(key) ? args.positional[Number(key)] : args.keywords.get(key);
        const text = value ? asStr(value) : undefined;
        length += text?.length ?? 0;
        if (text === undefined || !fits(length)) failed = true;
        return failed ? '' : text!;
      });
      return failed ? unknown(fits(length) ? 'format with unknown arguments' : TOO_LARGE_REASON) : { kind: 'str', value: out };
    }
    default:
      return unknown(`str.${method}`);
  }
}
