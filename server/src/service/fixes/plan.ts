// Applying fixes, planned in memory: apply one fix, re-analyse the result, pick the next fix, until none is left
// or the time budget is spent. Every fix therefore sees the text the previous ones produced, and nothing touches
// the disk: the CLI writes the per-file outcomes through its host, the editor turns them into one workspace edit.
import type { ProjectAnalysis } from '../analyze';
import type { LanguageService } from '../index';
import type { ConfigOverrides } from '../project/config';
import { changeNeedsRediscovery } from '../project/discoveryInputs';
import { exists, FileReadError, type FileSystem } from '../fileSystem';
import type { DjangoProject } from '../project/model';
import { OverlayFileSystem, type OverlayText } from '../project/overlayFileSystem';
import { LineIndex } from '../python/lineIndex';
import type { ParseCache } from '../python/parseCache';
import type { Finding, Fix } from '../types';
import { brokenModuleReason, fixAttemptKey, nextUntriedFix } from './batch';
import { unsafeFixReason } from './safety';
import { applyTextEdits, changesByFile, minimalEdit } from './textEdits';

const MAX_ROUNDS = 100;

/**
 * Planning stops starting new rounds after this long, and answers with the fixes planned so far: every round
 * re-analyses the project, and a megabyte pasted into a settings module must not freeze the editor.
 */
export const PLANNING_BUDGET_MS = 500;

/** Per-file results of several fixes: `before` undefined means the file is new. */
export interface FileOutcome {
  file: string;
  before: string | undefined;
  after: string;
}

export interface FixPlan {
  outcomes: FileOutcome[];
  applied: string[];
  skipped: string[];
  /** Set when the time budget ran out before the plan was known to be complete: running fix-all again does any rest. */
  unfinished: boolean;
}

export interface FixPlanOptions {
  overrides?: ConfigOverrides;
  /** Which findings to fix (`--select`/`--ignore`); all by default. */
  accept?: (finding: Finding) => boolean;
  /** False for an editor that cannot create files: fixes that would are skipped. */
  createFiles?: boolean;
  /** The analysis of `project` on what `fs` holds now, when there is one: the first round starts from it. */
  analysis?: ProjectAnalysis;
  /** Parses of what `fs` holds now: each round re-parses only the statements around the fixes applied. */
  parseCache?: ParseCache;
  /** Time allowed for planning, from the call; PLANNING_BUDGET_MS by default (Infinity: until done). */
  budgetMs?: number;
}

/**
 * Plans every fix for `project` on what `fs` holds now. `makeService` gives a service over the scratch file
 * system the plan writes into (passed in so this module need not import the service it belongs to).
 */
export function planFixes(
  fs: FileSystem,
  initial: DjangoProject,
  makeService: (fs: FileSystem) => LanguageService,
  { overrides, accept = () => true, createFiles = true, analysis: current, parseCache, budgetMs = PLANNING_BUDGET_MS }: FixPlanOptions = {},
): FixPlan {
  const deadline = Date.now() + budgetMs;
  const planned = new Map<string, OverlayText>();
  const originals = new Map<string, string | undefined>();
  const scratch = new OverlayFileSystem(fs, planned);
  const service = makeService(scratch);
  let project: DjangoProject | undefined = initial;
  const tried = new Set<string>();
  const applied: string[] = [];
  const skipped: string[] = [];
  let unfinished = false;
  let analysis = current?.project === initial ? current : undefined;
  for (let round = 0; project && round < MAX_ROUNDS; round++) {
    if (!analysis) {
      if (round > 0 && Date.now() >= deadline) {
        unfinished = true;
        break;
      }
      analysis = service.analyze(project);
    }
    const next = nextUntriedFix([analysis], tried, (finding) => accept(finding));
    analysis = undefined;
    if (!next) break;
    tried.add(fixAttemptKey(next.finding, next.fix));
    const blocked =
      (!createFiles && next.fix.changes.some((change) => change.kind === 'create') ? 'it creates a file, which this editor cannot do' : undefined) ??
      unsafeFixReason(scratch, next.fix, project.root) ??
      brokenModuleReason(next.analysis, next.fix);
    if (blocked) {
      skipped.push(`${next.finding.code}: ${blocked}`);
      // Nothing changed: the next untried fix comes from the same analysis.
      analysis = next.analysis;
      continue;
    }
    const result = applyInMemory(scratch, planned, originals, next.fix, round);
    if (typeof result === 'string') {
      skipped.push(`${next.finding.code}: ${result}`);
      analysis = next.analysis;
      continue;
    }
    applied.push(next.fix.title);
    if (parseCache) for (const change of result) recordInScratch(service.parseCache, parseCache, change);
    if (result.some((change) => changeNeedsRediscovery(change.file, originals.get(change.file) === undefined))) {
      project = service.discover([project.scanRoot], { overrides: overrides ?? {} }).projects.find((candidate) => candidate.root === initial.root);
    }
  }
  const outcomes = [...originals].map(([file, before]) => ({ file, before, after: planned.get(file)!.text }));
  return { outcomes: outcomes.filter((outcome) => outcome.before !== outcome.after), applied, skipped, unfinished };
}

/** Tells the planning parse cache about a planned edit, starting from the editor's parse of the file. */
function recordInScratch(scratch: ParseCache, current: ParseCache, change: AppliedChange): void {
  if (change.before === undefined || !change.file.endsWith('.py')) return;
  const edit = minimalEdit(change.before, change.after);
  if (!edit) return;
  const lines = LineIndex.of(change.before);
  scratch.seedFrom(current, change.file);
  scratch.recordChanges(change.file, [{ start: lines.offset(edit.range.start), end: lines.offset(edit.range.end), text: edit.newText }], change.after);
}

interface AppliedChange {
  file: string;
  /** The text before this fix (undefined for a new file). */
  before: string | undefined;
  after: string;
}

/** Applies a fix to the planned texts; returns the files it changed, or why it could not be applied. */
function applyInMemory(
  fs: FileSystem,
  planned: Map<string, OverlayText>,
  originals: Map<string, string | undefined>,
  fix: Fix,
  round: number,
): AppliedChange[] | string {
  const updates: AppliedChange[] = [];
  for (const [file, changes] of changesByFile(fix.changes)) {
    const created = changes.find((change) => change.kind === 'create');
    if (created?.kind === 'create') {
      // Never overwrite: a file that already exists keeps its content.
      if (!exists(fs, file)) updates.push({ file, before: undefined, after: created.content });
      continue;
    }
    const current = fs.readText(file);
    if (current instanceof FileReadError) return `${file} cannot be read`;
    if (current.invalidUtf8) return `${file} is not valid UTF-8; it was not edited`;
    try {
      updates.push({
        file,
        before: current.text,
        after: applyTextEdits(
          current.text,
          changes.flatMap((change) => (change.kind === 'edit' ? change.edits : [])),
        ),
      });
    } catch (error) {
      return (error as Error).message;
    }
  }
  for (const { file, after } of updates) {
    if (!originals.has(file)) {
      const before = fs.readText(file);
      originals.set(file, before instanceof FileReadError ? undefined : before.text);
    }
    planned.set(file, { text: after, version: `planned:${round}` });
  }
  return updates;
}
