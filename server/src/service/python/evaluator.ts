// Evaluates a settings module the way Python imports it, statically: its statements (statements.ts), the
// project modules it imports (imports.ts), the helpers it calls (functions.ts), the files it includes (dynamic.ts)
// and, for django-configurations, the settings class production uses (classes.ts).
//
// The environment is the one rule every read follows: production is taken to leave every variable unset, except
// the variables the settings cannot import without (read where a missing one raises and nothing catches it).
// Those are required: present, with an unknown value. A pass that finds new required variables is run again
// with them set.
import { FileReadError, readErrorText } from '../fileSystem';
import type { Location } from '../types';
import type { EvaluationCheckpoints } from './checkpoints';
import { configurationNamespace, isConfiguration } from './classes';
import {
  type EnvRead,
  type EvalOptions,
  type EvalProblem,
  type Frame,
  type ImportEdge,
  locationOf,
  type ModuleResult,
  rollBack,
  type Session,
  STEP_LIMIT,
} from './evalContext';
import type { ModuleRef, ModuleResolver } from './modules';
import { executeBlock } from './statements';
import type { LoweredStatement } from './syntax';
import type { Namespace } from './values';

export interface EvaluationResult {
  module: ModuleResult;
  /** Every module evaluated, in first-visit order (the production module first). */
  modules: ModuleResult[];
  envReads: EnvRead[];
  problems: EvalProblem[];
  /** The settings Django sees: the module's names, or for django-configurations the chosen class's. */
  settings: Namespace;
  /** The django-configurations class the settings come from, when there is one. */
  configurationClass?: { name: string; location: Location };
  /** Folders the code added to `sys.path`, as written. */
  sysPath: string[];
}

/** Passes an evaluation may take to find the variables production must set (each pass adds at least one). */
const MAX_PASSES = 4;

/**
 * Evaluates the settings module `ref` and everything it imports. With `checkpoints` (kept by the caller from
 * one evaluation of the module to the next), statements above the last edit are not evaluated again.
 */
export function evaluateSettingsModule(resolver: ModuleResolver, ref: ModuleRef, options: EvalOptions, checkpoints?: EvaluationCheckpoints): EvaluationResult {
  let required = new Set<string>(checkpoints?.requiredEnv ?? []);
  for (let pass = 1; ; pass++) {
    const session = newSession(resolver, options, required);
    const module = evaluateModule(session, ref, undefined, checkpoints);
    const fresh = [...session.discoveredRequired].filter((name) => !required.has(name));
    if (fresh.length && pass < MAX_PASSES) {
      required = new Set([...required, ...fresh]);
      // The saved states were taken with fewer variables set: start again from the top.
      checkpoints?.reset(ref.file);
      continue;
    }
    if (checkpoints) checkpoints.requiredEnv = [...required];
    return finishResult(session, module, options);
  }
}

function newSession(resolver: ModuleResolver, options: EvalOptions, requiredEnv: Set<string>): Session {
  const session: Session = {
    resolver,
    options,
    modules: new Map(),
    stack: [],
    envReads: [],
    problems: [],
    steps: 0,
    loadModule: (target, importedFrom) => evaluateModule(session, target, importedFrom),
    requiredEnv,
    discoveredRequired: new Set(),
    running: new Set(),
    sysPath: [],
  };
  return session;
}

function finishResult(session: Session, module: ModuleResult, options: EvalOptions): EvaluationResult {
  const result: EvaluationResult = {
    module,
    modules: [...session.modules.values()],
    envReads: session.envReads,
    problems: session.problems,
    settings: module.namespace,
    sysPath: session.sysPath,
  };
  const classes = [...module.namespace].filter(([, b]) => b.value.kind === 'class' && isConfiguration(b.value.cls)).map(([name]) => name);
  const className = options.configuration ?? (classes.length ? options.chooseConfiguration?.(classes) : undefined);
  const binding = className ? module.namespace.get(className) : undefined;
  if (binding?.value.kind === 'class' && isConfiguration(binding.value.cls)) {
    result.settings = configurationNamespace(module.namespace, binding.value.cls, session);
    result.configurationClass = { name: className!, location: binding.value.cls.location };
  }
  return result;
}

function fileLocation(file: string): Location {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

function evaluateModule(session: Session, ref: ModuleRef, importedFrom: Location | undefined, checkpoints?: EvaluationCheckpoints): ModuleResult {
  const cached = session.modules.get(ref.file);
  if (cached) {
    // The settings module, still being evaluated, hands out its live namespace: states saved after this would hold a stale copy.
    if (session.stack[0]?.file === ref.file) session.reentered = true;
    return cached;
  }
  if (session.stack.length >= MAX_IMPORT_DEPTH) return tooDeep(session, ref, importedFrom);
  const namespace: Namespace = new Map();
  const result: ModuleResult = { ref, parsed: undefined, namespace, open: false, imports: [] };
  session.modules.set(ref.file, result);
  const parsed = session.resolver.read(ref.file);
  if (parsed instanceof FileReadError) {
    result.open = true;
    session.problems.push({
      kind: 'unreadable',
      message: `Cannot read ${ref.name} (${readErrorText(parsed)}); settings it defines are unknown.`,
      location: importedFrom ?? fileLocation(ref.file),
      related: [],
    });
    return result;
  }
  result.parsed = parsed;
  if (parsed.failure) {
    result.open = true;
    session.problems.push({
      kind: 'parse-failed',
      message: `${ref.name} could not be parsed: ${parsed.failure}.`,
      location: fileLocation(ref.file),
      related: [],
    });
    return result;
  }
  if (parsed.invalidUtf8) {
    session.problems.push({
      kind: 'invalid-utf8',
      message: `${ref.name} is not valid UTF-8; Python refuses to import it. Save the file as UTF-8.`,
      location: fileLocation(ref.file),
      related: [],
    });
  }
  for (const error of parsed.module.errors) {
    session.problems.push({
      kind: 'syntax-error',
      message: `Syntax error in ${ref.name}: ${error.message}. Python cannot import this module; the values shown are what could still be read.`,
      location: { file: ref.file, range: parsed.lines.range(error.start, error.end) },
      related: [],
    });
  }
  session.stack.push(ref);
  try {
    const statements = parsed.module.statements;
    const frame: Frame = {
      session,
      module: result,
      parsed,
      namespace,
      globals: namespace,
      stmt: statements[0],
      pathEnv: [],
      callDepth: 0,
      root: { module: result, globals: namespace },
    };
    const problemsBefore = session.problems.length;
    const first = checkpoints ? checkpoints.begin(ref.file, parsed, frame) : 0;
    // Every module is journaled, so a statement that raises can be undone.
    frame.journal ??= { namespace: frame.namespace, names: [], replaced: [] };
    for (let index = first; index < statements.length; index++) {
      checkpoints?.beforeStatement(index, frame, problemsBefore);
      const stmt = statements[index];
      frame.stmt = stmt;
      runTopLevel(stmt, frame);
      if (session.steps > STEP_LIMIT) {
        session.problems.push({
          kind: 'too-complex',
          message: `${ref.name} is too complex to follow completely; later settings are unknown.`,
          location: locationOf(frame, stmt.node),
          related: [],
        });
        result.open = true;
        break;
      }
    }
    checkpoints?.finish(parsed, frame, problemsBefore);
  } catch (error) {
    checkpoints?.reset(undefined);
    throw error;
  } finally {
    session.stack.pop();
  }
  return result;
}

// ---- import depth (issue 16) ------------------------------------------------------------------------------
/**
 * Modules importing modules deeper than this are not followed: real settings chains are a few modules long, and
 * a chain of a thousand star imports would otherwise overflow the call stack and lose every finding.
 */
const MAX_IMPORT_DEPTH = 64;

const reportedTooDeep = new WeakSet<Session>();

/** An unknown module in place of one imported past MAX_IMPORT_DEPTH, with one finding per evaluation. */
function tooDeep(session: Session, ref: ModuleRef, importedFrom: Location | undefined): ModuleResult {
  if (!reportedTooDeep.has(session)) {
    reportedTooDeep.add(session);
    const chain = [session.stack[0].name, '…', session.stack[session.stack.length - 1].name, ref.name].join(' → ');
    session.problems.push({
      kind: 'too-complex',
      message: `Settings imports nest more than ${MAX_IMPORT_DEPTH} modules deep (${chain}); settings from ${ref.name} and deeper are unknown.`,
      location: importedFrom ?? fileLocation(ref.file),
      related: [],
    });
  }
  return { ref, parsed: undefined, namespace: new Map(), open: true, imports: [] };
}
// ---- end import depth ---------------------------------------------------------------------------------------

/**
 * Runs one top-level statement. When it raises, Python would stop importing the settings: if environment
 * variables led there, production must set them (the next pass takes them as set); otherwise the statement is
 * reported and its effects are dropped, as if production never ran it.
 */
function runTopLevel(stmt: LoweredStatement, frame: Frame): void {
  const { session } = frame;
  const journal = frame.journal!;
  const mark = { journal: journal.names.length, envReads: session.envReads.length, imports: frame.module.imports.length };
  const undo = (): void => {
    rollBack(journal, mark.journal);
    session.envReads.length = mark.envReads;
    frame.module.imports.length = mark.imports;
  };
  for (let attempt = 0; ; attempt++) {
    executeBlock([stmt.node], frame);
    const flow = frame.flow;
    frame.flow = undefined;
    if (flow?.kind !== 'raise') return;
    const fresh = flow.deps.filter((name) => !session.requiredEnv.has(name));
    if (fresh.length) {
      // Read here first: set them and run this statement again. Read before: the whole module must run again.
      const readBefore = session.envReads.slice(0, mark.envReads).some((read) => fresh.includes(read.name));
      if (readBefore || attempt >= MAX_PASSES) {
        for (const name of fresh) session.discoveredRequired.add(name);
        return;
      }
      undo();
      for (const name of fresh) session.requiredEnv.add(name);
      continue;
    }
    undo();
    const what = flow.exception ? `raises ${flow.exception}` : 'raises an exception';
    session.problems.push({
      kind: 'raises',
      message: `Importing ${frame.module.ref.name} ${what} here with the environment production is assumed to have (variables with defaults unset); its effects are left out.`,
      location: locationOf(frame, stmt.node),
      related: [],
    });
    return;
  }
}

export type { ImportEdge, LoweredStatement };
