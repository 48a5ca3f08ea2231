// Incremental re-evaluation for the editor: while a person types in the production settings module, every
// statement above the edit evaluates exactly as it did a keystroke ago. The evaluator saves its state every
// few top-level statements; the next evaluation of the same module resumes from the last saved state whose
// statements are all unchanged, instead of from line 1.
//
// State is cheap to save because values are immutable (the evaluator copies on every mutation): a checkpoint
// is a shallow copy of the namespace and the lengths of what the session has collected so far.
import { FileReadError } from '../project/fileSystem';
import type { EnvRead, EvalProblem, ImportEdge, ModuleResult } from './evalContext';
import type { ModuleResolver } from './modules';
import type { ParsedFile } from './parseCache';
import type { LoweredStatement } from './syntax';
import type { Namespace } from './values';

/** Top-level statements between two saved states: a resumed evaluation re-runs fewer than this many needlessly. */
export const CHECKPOINT_INTERVAL = 24;

/** The evaluation state after the module's first `count` statements. */
export interface Checkpoint {
  count: number;
  namespace: Namespace;
  imports: ImportEdge[];
  open: boolean;
  /** Every other module evaluated so far, in first-visit order. */
  modules: ModuleResult[];
  envReads: EnvRead[];
  /** Problems raised by those statements (the module's own syntax errors are computed afresh). */
  problems: EvalProblem[];
  steps: number;
}

/**
 * Saved states for one settings module of one project. Not shared between projects: a project's Django
 * version and its files' presence (which decides what an import resolves to) are fixed for its lifetime,
 * because adding or removing a file discovers the project again.
 */
export class EvaluationCheckpoints {
  private file: string | undefined;
  /** The statements of the evaluation that saved `saved`, to tell which of them are unchanged now. */
  private statements: readonly LoweredStatement[] = [];
  private saved: Checkpoint[] = [];
  /** Statements the last evaluation skipped by resuming (0 when it started at the top). */
  resumedAt = 0;

  /** The latest saved state the module in `parsed` can resume from, after dropping every state the edits invalidated. */
  resumePoint(file: string, parsed: ParsedFile, resolver: ModuleResolver): Checkpoint | undefined {
    this.resumedAt = 0;
    if (this.file !== file) {
      this.reset(file);
      this.statements = parsed.module.statements;
      return undefined;
    }
    const unchanged = unchangedPrefix(this.statements, parsed.module.statements);
    this.saved = this.saved.filter((checkpoint) => checkpoint.count <= unchanged);
    this.statements = parsed.module.statements;
    // Another module (an imported base settings file) edited since invalidates every state that imported it.
    const verdicts = new Map<ModuleResult, boolean>();
    const unchangedModule = (module: ModuleResult): boolean => {
      let verdict = verdicts.get(module);
      if (verdict === undefined) verdicts.set(module, (verdict = sameContent(module, resolver)));
      return verdict;
    };
    const stale = this.saved.findIndex((checkpoint) => !checkpoint.modules.every(unchangedModule));
    if (stale >= 0) this.saved = this.saved.slice(0, stale);
    const resumed = this.saved[this.saved.length - 1];
    this.resumedAt = resumed?.count ?? 0;
    return resumed;
  }

  save(checkpoint: Checkpoint): void {
    this.saved.push(checkpoint);
  }

  reset(file: string | undefined): void {
    this.file = file;
    this.statements = [];
    this.saved = [];
  }

  /** How many states are saved (for tests). */
  get size(): number {
    return this.saved.length;
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
