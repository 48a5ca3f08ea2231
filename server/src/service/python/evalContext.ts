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
  | 'too-complex';

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
}

export interface EvalOptions {
  /** Module names that production does not load even if a `try: import` finds them (development overrides). */
  isDevelopmentModule(name: string): boolean;
  /** The version the project declares for a Python distribution (`dj-database-url`), when it declares one. */
  libraryVersion(distribution: string): { major: number; minor: number } | undefined;
  django: { major: number; minor: number };
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
}

export interface Frame {
  session: Session;
  module: ModuleResult;
  parsed: ParsedFile;
  namespace: Namespace;
  stmt: LoweredStatement;
  /** Records changes to the module's namespace when the evaluation saves states to resume from (checkpoints.ts). */
  journal?: NamespaceJournal;
}

/** Evaluation stops following code after this many steps; pathological input must not hang the editor. */
export const STEP_LIMIT = 2_000_000;

export function locationOf(frame: Frame, node: PyNode): Location {
  const base = frame.stmt.base;
  return { file: frame.parsed.file, range: frame.parsed.lines.range(base + node.start, base + node.end) };
}

export function nodeText(frame: Frame, node: PyNode): string {
  return frame.stmt.text.slice(node.start, node.end);
}

/**
 * Binds a name. Its value gets a location if it has none yet: from here on the value object is shared (by
 * aliases, branches and saved states), and evaluate() would otherwise stamp it with wherever it is first used.
 */
export function bind(frame: Frame, name: string, binding: Binding): void {
  record(frame, name);
  frame.namespace.set(name, binding.value.loc ? binding : copyWith(binding, { value: copyWith(binding.value, { loc: binding.valueRange ?? binding.statement }) }));
}

/** `del name`. */
export function unbind(frame: Frame, name: string): void {
  record(frame, name);
  frame.namespace.delete(name);
}

function record(frame: Frame, name: string): void {
  const journal = frame.journal;
  // Branch frames evaluate on a copy of the namespace: only the module's own namespace is journaled.
  if (!journal || journal.namespace !== frame.namespace) return;
  journal.names.push(name);
  journal.replaced.push(frame.namespace.get(name));
}
