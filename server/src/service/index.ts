// The language service: the one entry point the CLI and the language server share. Pure: it reads files only
// through the FileSystem it is given, and only inside the folders it searches (real paths).
import { analyzeProject, evaluateSettings, type ProjectAnalysis } from './analyze';
import type { EvaluationResult } from './python/evaluator';
import { EvaluationCheckpoints } from './python/checkpoints';
import { ParseCache } from './python/parseCache';
import type { ConfigOverrides } from './project/config';
import { ConfinedFileSystem } from './project/confinedFileSystem';
import { discoverProjects, type DiscoveryResult } from './project/discovery';
import { contentSignature } from './project/settingsModules';
import { ModuleResolver } from './python/modules';
import type { FileSystem } from './project/fileSystem';
import type { DjangoProject, SettingsModuleInfo } from './project/model';

export interface ServiceOptions {
  overrides?: ConfigOverrides;
}

export class LanguageService {
  readonly parseCache = new ParseCache();
  /** Per project object: discovery makes new ones when files come and go, which drops what they saved. */
  private readonly checkpoints = new WeakMap<DjangoProject, EvaluationCheckpoints>();

  constructor(readonly fs: FileSystem) {}

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

  /** Settings statements the last analysis of `project` did not evaluate again (tests check it). */
  lastResumedAt(project: DjangoProject): number {
    return this.checkpoints.get(project)?.resumedAt ?? 0;
  }
}

export type { ProjectAnalysis } from './analyze';
export type { DjangoProject } from './project/model';
