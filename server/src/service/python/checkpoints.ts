// Incremental re-evaluation for the editor: while a person types in the production settings module, every
// statement above the edit evaluates exactly as it did a keystroke ago. The next evaluation of the same module
// starts from the state after the last unchanged statements instead of from line 1.
//
// Saving that state must cost next to nothing, because most saved states are never used. So a saved state
// is a handful of lengths: what the session collects only grows (environment reads, problems, imports,
// modules), and every change to the module's namespace is journaled with the binding it replaced. Restoring
// copies the previous evaluation's final namespace once and undoes the journal back to the saved point.
// Values are immutable (the evaluator copies on every mutation), so sharing them between evaluations is safe.
import { FileReadError } from '../fileSystem';
import type { EnvRead, EvalProblem, Frame, ImportEdge, ModuleResult } from './evalContext';
import type { ModuleResolver } from './modules';
import type { ParsedFile } from './parseCache';
import type { LoweredStatement } from './syntax';
import type { Binding, Namespace } from './values';

/** Top-level statements between two saved states: a resumed evaluation re-runs fewer than this many needlessly. */
const CHECKPOINT_INTERVAL = 16;

/** Every change to one namespace, in order, with the binding each one replaced (undefined: the name was unset). */
export interface NamespaceJournal {
  readonly namespace: Namespace;
  readonly names: string[];
  readonly replaced: (Binding | undefined)[];
}

/** The evaluation state after the module's first `count` statements, as lengths of what the evaluation collected. */
interface Checkpoint {
  count: number;
  journal: number;
  imports: number;
  open: boolean;
  lostSight: ModuleResult['lostSight'];
  modules: number;
  envReads: number;
  problems: number;
  steps: number;
}

/** What the last evaluation ended with; saved states are prefixes of it. */
interface FinalState {
  statements: readonly LoweredStatement[];
  namespace: Namespace;
  journal: NamespaceJournal;
  imports: ImportEdge[];
  /** Every other module evaluated, in first-visit order. */
  modules: ModuleResult[];
  envReads: EnvRead[];
  /** Problems raised by statements (the module's own syntax errors are computed afresh). */
  problems: EvalProblem[];
}

/**
 * Saved states for one settings module of one project. Not shared between projects: a project's Django
 * version and its files' presence (which decides what an import resolves to) are fixed for its lifetime,
 * because adding or removing a file discovers the project again.
 */
export class EvaluationCheckpoints {
  private file: string | undefined;
  private final: FinalState | undefined;
  private saved: Checkpoint[] = [];
  /** Statements the last evaluation skipped by resuming (0 when it started at the top). */
  resumedAt = 0;
  /** The variables the last evaluation found production must set; saved states were taken with them set. */
  requiredEnv: string[] = [];

  /**
   * Prepares `frame` (whose module has not run a statement yet) to evaluate `parsed`: restores the latest saved
   * state whose statements and imported modules are unchanged, and starts journaling. Returns the index of the
   * first statement to run.
   */
  begin(file: string, parsed: ParsedFile, frame: Frame): number {
    if (this.file !== file) this.reset(file);
    const resumed = this.resumePoint(parsed.module.statements, frame.session.resolver);
    this.resumedAt = resumed?.count ?? 0;
    const previous = this.final;
    if (!resumed || !previous) {
      this.saved = [];
      frame.journal = { namespace: frame.namespace, names: [], replaced: [] };
      return 0;
    }
    const { names, replaced } = previous.journal;
    const namespace: Namespace = new Map(previous.namespace);
    for (let i = names.length - 1; i >= resumed.journal; i--) {
      const binding = replaced[i];
      if (binding) namespace.set(names[i], binding);
      else namespace.delete(names[i]);
    }
    names.length = replaced.length = resumed.journal;
    const { session, module } = frame;
    module.namespace = frame.namespace = frame.globals = namespace;
    frame.root = { module, globals: namespace };
    frame.journal = { namespace, names, replaced };
    module.imports.push(...previous.imports.slice(0, resumed.imports));
    module.open = module.open || resumed.open;
    module.lostSight ??= resumed.lostSight;
    for (const other of previous.modules.slice(0, resumed.modules)) session.modules.set(other.ref.file, other);
    session.envReads.push(...previous.envReads.slice(0, resumed.envReads));
    session.problems.push(...previous.problems.slice(0, resumed.problems));
    session.steps = resumed.steps;
    return resumed.count;
  }

  /** Saves the state before statement `index` runs (every CHECKPOINT_INTERVAL statements). */
  beforeStatement(index: number, frame: Frame, problemsBefore: number): void {
    if (index % CHECKPOINT_INTERVAL !== 0 || index <= this.resumedAt || frame.session.reentered || !frame.journal) return;
    const { session, module } = frame;
    this.saved.push({
      count: index,
      journal: frame.journal.names.length,
      imports: module.imports.length,
      open: module.open,
      lostSight: module.lostSight,
      modules: session.modules.size - 1,
      envReads: session.envReads.length,
      problems: session.problems.length - problemsBefore,
      steps: session.steps,
    });
  }

  /** Records how the evaluation ended, which the next one restores prefixes of. */
  finish(parsed: ParsedFile, frame: Frame, problemsBefore: number): void {
    const { session, module } = frame;
    if (!frame.journal) return;
    this.final = {
      statements: parsed.module.statements,
      namespace: frame.namespace,
      journal: frame.journal,
      imports: module.imports,
      modules: [...session.modules.values()].filter((other) => other !== module),
      envReads: session.envReads,
      problems: session.problems.slice(problemsBefore),
    };
  }

  reset(file: string | undefined): void {
    this.file = file;
    this.final = undefined;
    this.saved = [];
    this.requiredEnv = [];
  }

  /** How many states are saved (for tests). */
  get size(): number {
    return this.saved.length;
  }

  private resumePoint(statements: readonly LoweredStatement[], resolver: ModuleResolver): Checkpoint | undefined {
    const final = this.final;
    if (!final) return undefined;
    const unchanged = unchangedPrefix(final.statements, statements);
    this.saved = this.saved.filter((checkpoint) => checkpoint.count <= unchanged);
    // Another module (an imported base settings file) edited since invalidates every state that imported it.
    const fresh = final.modules.findIndex((module) => !sameContent(module, resolver));
    if (fresh >= 0) this.saved = this.saved.filter((checkpoint) => checkpoint.modules <= fresh);
    return this.saved[this.saved.length - 1];
  }
}

function unchangedPrefix(before: readonly LoweredStatement[], after: readonly LoweredStatement[]): number {
  const length = Math.min(before.length, after.length);
  let i = 0;
  // Lowered nodes are shared between versions by statement text, so identity means the same code; the
  // offset must match too, or the locations saved in values would point at the wrong place.
  while (i < length && before[i].node === after[i].node && before[i].base === after[i].base) i++;
  return i;
}

function sameContent(module: ModuleResult, resolver: ModuleResolver): boolean {
  const current = resolver.read(module.ref.file);
  if (current instanceof FileReadError) return module.parsed === undefined;
  return current === module.parsed;
}
