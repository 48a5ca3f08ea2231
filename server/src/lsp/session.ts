// What the server knows about the workspace: folders with their settings, the projects discovered in each,
// their last analysis, and which files each analysis depended on. No LSP connection here: the server wires
// events to these operations and publishes the results.
import * as path from 'node:path';
import { isInside, LanguageService, type ProjectAnalysis, OverlayFileSystem, type DjangoProject, type FileSystem } from '../service/index';
import { DEFAULT_FOLDER_SETTINGS, type FolderSettings } from './configuration';
import { OpenDocuments } from './documents';

export interface FolderState {
  uri: string;
  path: string;
  settings: FolderSettings;
  projects: ProjectState[];
}

export interface ProjectState {
  /** The project's root folder: unique across the workspace. */
  key: string;
  folder: FolderState;
  project: DjangoProject;
  analysis: ProjectAnalysis | undefined;
  /** Why the last analysis failed, when it did. */
  problem: string | undefined;
  /** Versions of the open documents the analysis read, so edits built from it are versioned. */
  versions: Map<string, number>;
  /** Files the analysis depended on or reported on: a change to one re-analyses the project. */
  inputs: Set<string>;
}

export class Session {
  readonly documents: OpenDocuments;
  /** Open buffers over the disk: what every analysis reads. */
  readonly fs: FileSystem;
  readonly service: LanguageService;
  private readonly folderStates = new Map<string, FolderState>();

  /** `toPath` maps a document URI to the file it edits (documents of other schemes are left alone). */
  constructor(
    readonly disk: FileSystem,
    toPath: (uri: string) => string | undefined,
  ) {
    this.documents = new OpenDocuments(toPath);
    this.fs = new OverlayFileSystem(disk, this.documents.overlay);
    this.service = new LanguageService(this.fs);
  }

  get folders(): FolderState[] {
    return [...this.folderStates.values()];
  }

  addFolder(uri: string, folderPath: string, settings: FolderSettings = DEFAULT_FOLDER_SETTINGS): FolderState {
    const existing = this.folderStates.get(folderPath);
    if (existing) return existing;
    const folder: FolderState = { uri, path: folderPath, settings, projects: [] };
    this.folderStates.set(folderPath, folder);
    return folder;
  }

  /** Forgets a folder; returns its projects so their diagnostics can be cleared. */
  removeFolder(folderPath: string): ProjectState[] {
    const folder = this.folderStates.get(folderPath);
    this.folderStates.delete(folderPath);
    return folder?.projects ?? [];
  }

  /** The innermost workspace folder that contains the file. */
  folderOf(file: string): FolderState | undefined {
    return this.folders.filter((folder) => isInside(file, folder.path)).sort((a, b) => b.path.length - a.path.length)[0];
  }

  /**
   * Finds the folder's projects again (projects inside a nested workspace folder belong to that folder).
   * Returns the projects that disappeared. Projects are not analysed here.
   */
  discover(folder: FolderState): ProjectState[] {
    const previous = folder.projects;
    if (!folder.settings.enabled) {
      folder.projects = [];
      return previous;
    }
    const nested = this.folders.filter((other) => other !== folder && isInside(other.path, folder.path));
    const found = this.service.discover([folder.path], { overrides: folder.settings.overrides }).projects;
    folder.projects = found
      .filter((project) => !nested.some((other) => isInside(project.root, other.path)))
      .map((project) => ({ key: project.root, folder, project, analysis: undefined, problem: undefined, versions: new Map(), inputs: new Set() }));
    return previous.filter((old) => !folder.projects.some((current) => current.key === old.key));
  }

  /** Analyses one project; a failure is recorded on the project (and returned) instead of thrown. */
  analyze(state: ProjectState): Error | undefined {
    try {
      const analysis = this.service.analyze(state.project);
      state.analysis = analysis;
      state.problem = undefined;
      state.inputs = inputsOf(state.project, analysis);
      state.versions = new Map(this.documents.all().map((document) => [document.file, document.version]));
      return undefined;
    } catch (error) {
      state.problem = `internal error while analysing: ${(error as Error).message}`;
      return error as Error;
    }
  }

  projects(): ProjectState[] {
    return this.folders.flatMap((folder) => folder.projects);
  }

  project(key: string): ProjectState | undefined {
    return this.projects().find((state) => state.key === key);
  }

  /** The innermost project whose folder holds the file, else one whose analysis read it. */
  projectOf(file: string): ProjectState | undefined {
    return this.ownerOf(file) ?? this.projects().find((state) => state.inputs.has(file));
  }

  /** Projects whose results may change when the file's content changes. */
  projectsTouchedBy(file: string): ProjectState[] {
    const owner = this.ownerOf(file);
    return this.projects().filter((state) => state === owner || state.inputs.has(file));
  }

  private ownerOf(file: string): ProjectState | undefined {
    return this.projects()
      .filter((state) => isInside(file, state.project.root))
      .sort((a, b) => b.key.length - a.key.length)[0];
  }
}

function inputsOf(project: DjangoProject, analysis: ProjectAnalysis): Set<string> {
  const files = new Set<string>([project.managePy, ...project.supervisorFiles, ...project.entryPoints.map((entry) => entry.file)]);
  for (const module of project.settingsModules) files.add(module.file);
  for (const file of project.deployment.files) files.add(file.file);
  for (const module of analysis.evaluation?.modules ?? []) files.add(module.ref.file);
  for (const finding of [...analysis.findings, ...analysis.suppressed.map((suppressed) => suppressed.finding)]) {
    files.add(finding.location.file);
    for (const related of finding.related) files.add(related.location.file);
  }
  for (const source of project.config.sources) if (path.isAbsolute(source)) files.add(source);
  return files;
}
