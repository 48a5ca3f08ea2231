// The language service: the one entry point the CLI and the language server share. Pure: it reads files only
// through the FileSystem it is given, and only inside the folders it searches (real paths).
import { analyzeProject, evaluateSettings, type ProjectAnalysis } from './analyze';
import type { EvaluationResult } from './python/evaluator';
import { EvaluationCheckpoints } from './python/checkpoints';
import { ParseCache } from './python/parseCache';
import type { SyntaxStore } from './python/syntaxStore';
import type { ConfigOverrides } from './project/config';
import { ConfinedFileSystem } from './project/confinedFileSystem';
import { discoverProjects, type DiscoveryResult } from './project/discovery';
import { contentSignature } from './project/settingsModules';
import { ModuleResolver } from './python/modules';
import { type FixPlan, type FixPlanOptions, planFixes } from './fixes/plan';
import type { FileSystem } from './fileSystem';
import type { DjangoProject, SettingsModuleInfo } from './project/model';

interface ServiceOptions {
  overrides?: ConfigOverrides;
}

interface ServiceSetup {
  /** Keeps the lowered syntax of Python files between runs (the CLI's; the editor's parses live as long as it does). */
  syntaxStore?: SyntaxStore;
}

export class LanguageService {
  readonly parseCache: ParseCache;
  /** Per project object: discovery makes new ones when files come and go, which drops what they saved. */
  private readonly checkpoints = new WeakMap<DjangoProject, EvaluationCheckpoints>();

  constructor(
    readonly fs: FileSystem,
    setup: ServiceSetup = {},
  ) {
    this.parseCache = new ParseCache(setup.syntaxStore);
  }

  discover(roots: string[], options: ServiceOptions = {}): DiscoveryResult {
    return discoverProjects(new ConfinedFileSystem(this.fs, roots), this.parseCache, roots, { overrides: options.overrides });
  }

  /** Analysing the same project object again re-evaluates only the settings statements that changed (and those after them). */
  analyze(project: DjangoProject): ProjectAnalysis {
    let checkpoints = this.checkpoints.get(project);
    if (!checkpoints) this.checkpoints.set(project, (checkpoints = new EvaluationCheckpoints()));
    return analyzeProject(project, new ConfinedFileSystem(this.fs, [project.scanRoot]), this.parseCache, checkpoints);
  }

  /**
   * Whether an edit since discovery changed what the production choice read from settings modules (a docstring
   * that now says "development", a package that now sets settings): then discovery must run again.
   */
  discoveryStale(project: DjangoProject): boolean {
    const resolver = new ModuleResolver(new ConfinedFileSystem(this.fs, [project.scanRoot]), project.pythonRoots, this.parseCache);
    return contentSignature(resolver, project.settingsModules) !== project.contentSignature;
  }

  /**
   * Evaluates another settings module of the project (a development one, for comparing it with production). The
   * production module's evaluation is in its analysis; this one is not kept.
   */
  evaluateModule(project: DjangoProject, module: SettingsModuleInfo): EvaluationResult {
    return evaluateSettings(project, module, new ConfinedFileSystem(this.fs, [project.scanRoot]), this.parseCache);
  }

  /**
   * Plans the fixes of `project` on what the file system holds now, one after another with a re-analysis in
   * between, in memory: the CLI writes the outcomes through its host, the editor sends them as one workspace edit.
   */
  planFixes(project: DjangoProject, options: FixPlanOptions = {}): FixPlan {
    return planFixes(this.fs, project, (fs) => new LanguageService(fs), { ...options, parseCache: options.parseCache ?? this.parseCache });
  }

  /** Settings statements the last analysis of `project` did not evaluate again (tests check it). */
  lastResumedAt(project: DjangoProject): number {
    return this.checkpoints.get(project)?.resumedAt ?? 0;
  }
}

// The facade: everything the faces (language server, CLI, hosts) use of the service, and nothing else.
export { compareFindings, type AreaResult, type CheckResult, type ProjectAnalysis } from './analyze';
export { allRuleMetas, docsUrl, ruleMeta, type RuleMeta } from './codes';
export { displayPath, programSummary, supervisionSummary } from './deploy/describe';
export { environmentManifest } from './deploy/environment';
export { productionProcesses, type DeployedProcess } from './deploy/model';
export type { SyntaxStore } from './python/syntaxStore';
export { FileReadError, MAX_FILE_BYTES, type DirEntry, type EntryKind, type FileStat, type FileSystem, type FileText } from './fileSystem';
export { PLANNING_BUDGET_MS, type FileOutcome, type FixPlan, type FixPlanOptions } from './fixes/plan';
export { unsafeChangeReason, unsafeFixReason } from './fixes/safety';
export { applyTextEdits, changesByFile, mergeChanges, minimalEdit } from './fixes/textEdits';
export { isInside, relativePath } from './paths';
export type { ConfigOverrides } from './project/config';
export { changeNeedsRediscovery, feedsDiscovery, isIgnoredPath } from './project/discoveryInputs';
export type { DjangoProject, SettingsModuleInfo } from './project/model';
export { MemoFileSystem } from './project/memoFileSystem';
export { OverlayFileSystem, type OverlayText } from './project/overlayFileSystem';
export type { EvaluationResult } from './python/evaluator';
export type { ModuleResult } from './python/evalContext';
export { LineIndex } from './python/lineIndex';
export type { ContentChange, ParsedFile } from './python/parseCache';
export type { PyNode } from './python/syntax';
export { describe, toPlain } from './python/values';
export { supervisorConfigsFix } from './rules/processSupervisor';
export * from './settings/insight';
export { pythonText } from './settings/pythonText';
export * from './types';
