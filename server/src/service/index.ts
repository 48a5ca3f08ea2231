// The language service: the one entry point the CLI and the language server share. Pure: it reads files only
// through the FileSystem it is given.
import { analyzeProject, type ProjectAnalysis } from './analyze';
import { ParseCache } from './python/parseCache';
import type { ConfigOverrides } from './project/config';
import { discoverProjects, type DiscoveryResult } from './project/discovery';
import type { FileSystem } from './project/fileSystem';
import type { DjangoProject } from './project/model';

export interface ServiceOptions {
  overrides?: ConfigOverrides;
}

export class LanguageService {
  readonly parseCache = new ParseCache();

  constructor(readonly fs: FileSystem) {}

  discover(roots: string[], options: ServiceOptions = {}): DiscoveryResult {
    return discoverProjects(this.fs, this.parseCache, roots, { overrides: options.overrides });
  }

  analyze(project: DjangoProject): ProjectAnalysis {
    return analyzeProject(project, this.fs, this.parseCache);
  }
}

export type { ProjectAnalysis } from './analyze';
export type { DjangoProject } from './project/model';
