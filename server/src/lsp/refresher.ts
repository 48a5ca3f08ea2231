// Keeps diagnostics and the checklist in step with the workspace: decides what a change touches (one project's
// analysis, or a new discovery of its folder), debounces that work per project, runs it and publishes.
import { Debouncer } from './debouncer';
import { ServerTimings } from './stats';
import { type DiagnosticsPublisher, diagnosticsByUri } from './diagnostics';
import { isPythonDocument, type OpenDocument } from './documents';
import { describeError, type Logger } from './guard';
import type { FolderState, ProjectState, Session } from './session';
import type { UriMapper } from './uris';
import { changeNeedsRediscovery, isIgnoredPath } from './watchers';
import { type ContentChange, FileReadError } from '../service/index';

/** Quiet time after the last change before a project is analysed again. */
const DEBOUNCE_MS = 150;

export class WorkspaceRefresher {
  private readonly debouncer = new Debouncer(DEBOUNCE_MS);
  readonly timings = new ServerTimings();

  constructor(
    private readonly session: Session,
    private readonly publisher: DiagnosticsPublisher,
    private readonly uris: UriMapper,
    private readonly log: Logger,
    /** Tells the client the checklist changed. */
    private readonly checklistChanged: () => void,
  ) {}

  /** Discovers the folder's projects again and analyses every one of them now. */
  refreshFolder(folder: FolderState): void {
    for (const gone of this.session.discover(folder)) this.publisher.clear(gone.key);
    for (const state of folder.projects) {
      this.debouncer.cancel(projectKey(state));
      this.guard(`analysing ${state.key}`, () => this.analyzeAndPublish(state));
    }
    this.log.info(`${folder.path}: ${folder.settings.enabled ? `${folder.projects.length} Django project(s)` : 'Django Ready is disabled here'}`);
    this.checklistChanged();
  }

  scheduleFolder(folder: FolderState): void {
    for (const state of folder.projects) this.debouncer.cancel(projectKey(state));
    this.debouncer.schedule(folderKey(folder), () =>
      this.guard(`refreshing ${folder.path}`, () => {
        if (this.session.folders.includes(folder)) this.refreshFolder(folder);
      }),
    );
  }

  /** Removes the projects' diagnostics (their folder is gone). */
  forget(projects: readonly ProjectState[]): void {
    for (const state of projects) {
      this.debouncer.cancel(projectKey(state));
      this.publisher.clear(state.key);
    }
  }

  /** Runs the pending work now, so a request answers from the current text. */
  flush(): void {
    this.debouncer.flushAll();
  }

  dispose(): void {
    this.debouncer.dispose();
  }

  /** A document opened (the session's store has it already). */
  opened(document: OpenDocument): void {
    const onDisk = this.diskText(document.file);
    if (onDisk !== document.text) this.fileTouched(document.file, onDisk === undefined);
    // Same text as on disk, but its diagnostics (and the edits in them) should now carry the document's version.
    else for (const state of this.session.projectsTouchedBy(document.file)) this.scheduleProject(state);
  }

  /** A document changed: `offsets` are its changes, each against the text the previous one produced. */
  changed(document: OpenDocument, offsets: ContentChange[], startedAt: number): void {
    if (isPythonDocument(document)) this.session.service.parseCache.recordChanges(document.file, offsets, document.text);
    this.fileTouched(document.file, false);
    this.timings.change(document.uri, document.version, performance.now() - startedAt);
  }

  /** A document closed: the disk decides again, and its tree is not kept for edits that will not come. */
  closed(document: OpenDocument): void {
    this.session.service.parseCache.delete(document.file);
    const onDisk = this.diskText(document.file);
    if (onDisk !== document.text) this.fileTouched(document.file, onDisk === undefined);
  }

  /** A watched file changed on disk; open buffers win over the disk, so their own events cover them. */
  changedOnDisk(file: string, addedOrRemoved: boolean): void {
    if (!this.session.documents.get(file)) this.fileTouched(file, addedOrRemoved);
  }

  /** A file's content (or existence) changed: re-analyse what depends on it, or discover its folder again. */
  private fileTouched(file: string, addedOrRemoved: boolean): void {
    const folder = this.session.folderOf(file);
    if (!folder?.settings.enabled || isIgnoredPath(file, folder.path)) return;
    if (changeNeedsRediscovery(file, addedOrRemoved)) this.scheduleFolder(folder);
    else for (const state of this.session.projectsTouchedBy(file)) this.scheduleProject(state);
  }

  private scheduleProject(state: ProjectState): void {
    // A pending discovery of the folder analyses the project anyway.
    if (this.debouncer.isPending(folderKey(state.folder))) return;
    this.debouncer.schedule(projectKey(state), () =>
      this.guard(`analysing ${state.key}`, () => {
        const current = this.session.project(state.key);
        if (!current) return;
        // The edit changed what decided the production module (a docstring, whether a module sets settings).
        if (this.session.service.discoveryStale(current.project)) {
          this.scheduleFolder(current.folder);
          return;
        }
        this.analyzeAndPublish(current);
        this.checklistChanged();
      }),
    );
  }

  private analyzeAndPublish(state: ProjectState): void {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const failure = this.session.analyze(state);
    if (failure) this.log.error(`Analysing ${state.project.root} failed: ${describeError(failure)}`);
    if (!state.analysis) return;
    const context = {
      uriOf: (file: string) => this.uris.toUri(file),
      versionOf: (file: string) => state.versions.get(file) ?? null,
      fs: this.session.fs,
      languageIdOf: (file: string) => this.session.documents.get(file)?.languageId,
    };
    const byUri = diagnosticsByUri(state.analysis, context);
    // Open documents whose edits re-analyse this project get diagnostics (maybe none) for the version it read.
    const versions = new Map<string, number>();
    for (const document of this.session.documents.all()) {
      if (!this.session.projectsTouchedBy(document.file).includes(state)) continue;
      const uri = this.uris.toUri(document.file);
      if (!byUri.has(uri)) byUri.set(uri, []);
      versions.set(uri, state.versions.get(document.file) ?? document.version);
    }
    this.publisher.update(state.key, byUri, versions);
    const used = process.cpuUsage(cpu);
    this.timings.analysis(state.key, performance.now() - start, (used.user + used.system) / 1000, versions);
  }

  private diskText(file: string): string | undefined {
    const content = this.session.disk.readText(file);
    return content instanceof FileReadError ? undefined : content.text;
  }

  private guard(label: string, task: () => void): void {
    try {
      task();
    } catch (error) {
      this.log.error(`${label} failed: ${describeError(error)}`);
    }
  }
}

const folderKey = (folder: FolderState): string => `folder:${folder.path}`;
const projectKey = (state: ProjectState): string => `project:${state.key}`;
