import type { Location, RelatedInfo } from '../types';
import type { NamespaceJournal } from './checkpoints';
import type { ModuleRef, ModuleResolver } from './modules';
import type { ParsedFile } from './parseCache';
import type { LoweredStatement, PyNode } from './syntax';
import { type Binding, copyWith, type Namespace, type Value } from './values';

/** One environment variable read by the settings, as the CLI's JSON lists them. */
export interface EnvRead {
  name: string;
  required: boolean;
  /** The fallback production gets when the variable is unset (absent when required). */
  default: Value | undefined;
  location: Location;
  /** The API that read it: `os.environ.get`, `env.bool`, `config`, ... */
  via: string;
}

export type ProblemKind =
  | 'syntax-error'
  | 'import-cycle'
  | 'unresolved-import'
  | 'unreadable'
  | 'invalid-utf8'
  | 'parse-failed'
  | 'too-complex'
  | 'lost-sight'
  | 'raises';

export interface EvalProblem {
  kind: ProblemKind;
  message: string;
  location: Location;
  related: RelatedInfo[];
}

export interface ImportEdge {
  /** The importing statement. */
  location: Location;
  target: ModuleRef;
  star: boolean;
  /** Inside a `try:` whose handler catches the ImportError: the module is optional. */
  optional: boolean;
}

export interface ModuleResult {
  ref: ModuleRef;
  parsed: ParsedFile | undefined;
  namespace: Namespace;
  /** True when a star import from code we cannot read may have added names we do not know. */
  open: boolean;
  imports: ImportEdge[];
  /** Where the evaluation lost sight of the module's settings (a dynamic write such as `globals().update(...)`). */
  lostSight?: LostSight;
}

interface LostSight {
  location: Location;
  /** What the code did, in a few words: "globals().update(...)", "exec of a file outside the project". */
  reason: string;
}

export interface EvalOptions {
  /** Module names that production does not load even if a `try: import` finds them (development overrides). */
  isDevelopmentModule(name: string): boolean;
  /** The version the project declares for a Python distribution (`dj-database-url`), when it declares one. */
  libraryVersion(distribution: string): { major: number; minor: number } | undefined;
  django: { major: number; minor: number };
  /** Folders inside which files may be read and checked for existence (the project); anything else is unknown. */
  projectRoots?: readonly string[];
  /** The django-configurations class production uses (`DJANGO_CONFIGURATION`), when the settings use one. */
  configuration?: string;
  /** Picks the production class among django-configurations classes when `configuration` names none. */
  chooseConfiguration?(classNames: string[]): string | undefined;
  /** Whether a file exists, for paths inside the project (`Path(...).exists()`, split-settings `include`). */
  fileExists?(file: string): 'file' | 'dir' | undefined;
  /** Files matching a glob pattern inside the project, sorted (split-settings `include("conf/*.py")`). */
  glob?(pattern: string): string[] | undefined;
}

export interface Session {
  resolver: ModuleResolver;
  options: EvalOptions;
  modules: Map<string, ModuleResult>;
  /** Modules being evaluated, innermost last: a star import of one of them is a cycle. */
  stack: ModuleRef[];
  envReads: EnvRead[];
  problems: EvalProblem[];
  steps: number;
  /** Set when an import reached the settings module while it was still being evaluated (a cycle through plain `import`). */
  reentered?: boolean;
  /** Evaluates (or returns the already evaluated) module, e.g. a submodule reached as a package attribute. */
  loadModule(ref: ModuleRef, importedFrom: Location | undefined): ModuleResult;
  /**
   * Variables production must set: reading them without a default raised where nothing caught it, so the settings
   * cannot import without them. Reads of these give an unknown value; every other variable is taken as unset.
   */
  requiredEnv: Set<string>;
  /** Variables found required during this pass (a raise that depended on them); the next pass takes them as set. */
  discoveredRequired: Set<string>;
  /** Files being run by exec() or include() (a file including itself stops there). */
  running: Set<string>;
  /** Folders the code put on `sys.path` (manage.py adding `src/`). */
  sysPath: string[];
}

/** How a block of statements ended early: `return`, `raise`, `break` or `continue`. */
export type Flow = { kind: 'return' } | { kind: 'break' } | { kind: 'continue' } | { kind: 'raise'; exception: string; deps: readonly string[] };

export interface Frame {
  session: Session;
  /** The module whose code runs (a function's defining module inside a call). */
  module: ModuleResult;
  parsed: ParsedFile;
  /** Where names are bound: the module's globals at module level, a function's locals, a class body. */
  namespace: Namespace;
  /** The module globals this code sees (the same map as `namespace` at module level). */
  globals: Namespace;
  /** Locals of enclosing functions, innermost first (closures). */
  enclosing?: readonly Namespace[];
  /** Names a function declared `global`. */
  declaredGlobal?: Set<string>;
  stmt: LoweredStatement;
  /** Records changes to the module's namespace when the evaluation saves states to resume from (checkpoints.ts). */
  journal?: NamespaceJournal;
  /** Set when the block being run ended early; branches and loops read it. */
  flow?: Flow;
  /** Environment variables whose values decided the branches this code runs in (outermost first). */
  pathEnv: readonly string[];
  /** Values `return` gave so far in the function being called (shared by the call's branches). */
  returns?: Value[];
  /** Nesting of function calls (0 at module level). */
  callDepth: number;
  /** Inside a call: the step count past which the call gives up (a helper too costly to follow). */
  stepBudgetEnd?: number;
  /** Inside a call: locals whose object the function changed in place (`databases["x"] = ...`). */
  mutated?: Set<string>;
  /** Set while a class body runs: its names are not visible to the methods defined in it. */
  classBody?: boolean;
  /** The settings module statement this code runs for: what a write the engine cannot follow may change. */
  root: { module: ModuleResult; globals: Namespace };
  /** Inside a call: where the outermost call was made, where the settings module's reader must look. */
  callSite?: Location;
}

/** Thrown when a helper call goes past its step budget; the call's value becomes unknown. */
export class CallBudgetExceeded extends Error {}

/** A Python exception raised by the code being evaluated; caught by `try` or where a statement runs. */
export class PyRaise extends Error {
  constructor(
    readonly exception: string,
    /** Environment variables whose absence led here: setting them avoids the raise. */
    readonly deps: readonly string[],
  ) {
    super(`raise ${exception}`);
  }
}

/** Evaluation stops following code after this many steps; pathological input must not hang the editor. */
export const STEP_LIMIT = 2_000_000;

export function locationOf(frame: Frame, node: PyNode): Location {
  const base = frame.stmt.base;
  return frame.parsed.lines.location(frame.parsed.file, base + node.start, base + node.end);
}

export function nodeText(frame: Frame, node: PyNode): string {
  return frame.stmt.text.slice(node.start, node.end);
}

/**
 * Binds a name. Its value gets a location if it has none yet: from here on the value object is shared (by
 * aliases, branches and saved states), and evaluate() would otherwise stamp it with wherever it is first used.
 */
export function bind(frame: Frame, name: string, binding: Binding): void {
  const target = frame.declaredGlobal?.has(name) ? frame.globals : frame.namespace;
  bindIn(frame, target, name, binding);
}

/** Binds a name in a given namespace (a function writing its module's globals through `globals()`). */
export function bindIn(frame: Frame, namespace: Namespace, name: string, binding: Binding): void {
  record(frame, namespace, name);
  namespace.set(name, binding.value.loc ? binding : copyWith(binding, { value: copyWith(binding.value, { loc: binding.valueRange ?? binding.statement }) }));
}

/** `del name`. */
export function unbind(frame: Frame, name: string): void {
  const target = frame.declaredGlobal?.has(name) ? frame.globals : frame.namespace;
  record(frame, target, name);
  target.delete(name);
}

function record(frame: Frame, namespace: Namespace, name: string): void {
  const journal = frame.journal;
  // Branch frames evaluate on a copy of the namespace: only the module's own namespace is journaled.
  if (!journal || journal.namespace !== namespace) return;
  journal.names.push(name);
  journal.replaced.push(namespace.get(name));
}

/** Undoes the journaled changes after the first `length` (a statement whose effects are dropped). */
export function rollBack(journal: NamespaceJournal, length: number): void {
  const { names, replaced, namespace } = journal;
  for (let i = names.length - 1; i >= length; i--) {
    const binding = replaced[i];
    if (binding) namespace.set(names[i], binding);
    else namespace.delete(names[i]);
  }
  names.length = replaced.length = length;
}
