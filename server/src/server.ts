// LSP wiring: documents, handlers, debouncing and publishing around the pure language service. The connection
// is handed in (stdio, IPC, socket, or a pair of streams in tests); nothing here runs at import time.
import {
  type ClientCapabilities,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { NodeFileSystem } from './host/nodeFileSystem';
import { CHECKLIST_CHANGED, CHECKLIST_REQUEST, type ChecklistResult, type CommandResult, FIX_ALL_KIND, type PlannedEdit, SERVER_COMMANDS, SETTINGS_SECTION, type DjangoReadySettings } from './protocol';
import { checklistProject } from './lsp/checklist';
import { type CodeActionContext, codeActions, resolveCodeAction } from './lsp/codeActions';
import { runProjectCommand } from './lsp/commands';
import { DEFAULT_FOLDER_SETTINGS, folderSettings, sameSettings } from './lsp/configuration';
import { Debouncer } from './lsp/debouncer';
import { DiagnosticsPublisher, diagnosticsByUri } from './lsp/diagnostics';
import { isPythonDocument, overlayVersion } from './lsp/documents';
import { planFixAll } from './lsp/fixAll';
import { describeError, guarded, type Logger } from './lsp/guard';
import { type FolderState, isInside, type ProjectState, Session } from './lsp/session';
import { UriMapper } from './lsp/uris';
import { changeNeedsRediscovery, isIgnoredPath, WATCHED_GLOBS } from './lsp/watchers';
import { type EditTargets, outcomesWorkspaceEdit } from './lsp/workspaceEdits';
import { FileReadError } from './service/project/fileSystem';
import { toolVersion } from './version';

/** Quiet time after the last change before a project is analysed again. */
const DEBOUNCE_MS = 150;

export function startServer(connection: Connection): void {
  const log: Logger = { info: (message) => connection.console.info(message), error: (message) => connection.console.error(message) };
  const uris = new UriMapper();
  const session = new Session(new NodeFileSystem());
  const publisher = new DiagnosticsPublisher((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }));
  const debouncer = new Debouncer(DEBOUNCE_MS);
  let capabilities: ClientCapabilities = {};
  let initialFolders: { uri: string }[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  // ---- edits built from the current state or from one analysis -----------------------------------------
  const currentTargets: EditTargets = {
    uriOf: (file) => uris.toUri(file),
    versionOf: (file) => session.documents.get(file)?.version ?? null,
  };
  const analysedTargets = (state: ProjectState): EditTargets => ({
    uriOf: (file) => uris.toUri(file),
    versionOf: (file) => state.versions.get(file) ?? null,
  });

  // ---- analysis and publishing --------------------------------------------------------------------------
  function analyzeAndPublish(state: ProjectState): void {
    const failure = session.analyze(state);
    if (failure) log.error(`Analysing ${state.project.root} failed: ${describeError(failure)}`);
    if (!state.analysis) return;
    const context = { ...analysedTargets(state), fs: session.fs, languageIdOf: (file: string) => session.documents.get(file)?.languageId };
    publisher.update(state.key, diagnosticsByUri(state.analysis, context));
  }

  function refreshFolder(folder: FolderState): void {
    for (const gone of session.discover(folder)) publisher.clear(gone.key);
    for (const state of folder.projects) {
      debouncer.cancel(projectKey(state));
      analyzeAndPublish(state);
    }
    log.info(`${folder.path}: ${folder.settings.enabled ? `${folder.projects.length} Django project(s)` : 'Django Ready is disabled here'}`);
    void connection.sendNotification(CHECKLIST_CHANGED);
  }

  const folderKey = (folder: FolderState): string => `folder:${folder.path}`;
  const projectKey = (state: ProjectState): string => `project:${state.key}`;

  function scheduleFolder(folder: FolderState): void {
    for (const state of folder.projects) debouncer.cancel(projectKey(state));
    debouncer.schedule(
      folderKey(folder),
      guardedSync(`refreshing ${folder.path}`, () => {
        if (session.folders.includes(folder)) refreshFolder(folder);
      }),
    );
  }

  function scheduleProject(state: ProjectState): void {
    if (debouncer.isPending(folderKey(state.folder))) return;
    debouncer.schedule(
      projectKey(state),
      guardedSync(`analysing ${state.key}`, () => {
        const current = session.project(state.key);
        if (!current) return;
        analyzeAndPublish(current);
        void connection.sendNotification(CHECKLIST_CHANGED);
      }),
    );
  }

  function guardedSync(label: string, task: () => void): () => void {
    return () => {
      try {
        task();
      } catch (error) {
        log.error(`${label} failed: ${describeError(error)}`);
      }
    };
  }

  /** A file's content (or existence) changed: re-analyse what depends on it, or discover its folder again. */
  function fileTouched(file: string, addedOrRemoved: boolean): void {
    const folder = session.folderOf(file);
    if (!folder || !folder.settings.enabled || isIgnoredPath(file, folder.path)) return;
    if (changeNeedsRediscovery(file, addedOrRemoved)) scheduleFolder(folder);
    else for (const state of session.projectsTouchedBy(file)) scheduleProject(state);
  }

  function diskText(file: string): string | undefined {
    const content = session.disk.readText(file);
    return content instanceof FileReadError ? undefined : content.text;
  }

  // ---- settings -----------------------------------------------------------------------------------------
  async function readSettings(folderUri: string): Promise<ReturnType<typeof folderSettings>> {
    if (!capabilities.workspace?.configuration) return DEFAULT_FOLDER_SETTINGS;
    const raw = (await connection.workspace.getConfiguration({ scopeUri: folderUri, section: SETTINGS_SECTION })) as DjangoReadySettings | null;
    return folderSettings(raw);
  }

  /**
   * Adds and removes workspace folders, then discovers the added ones and every folder around an added or
   * removed one again (a nested folder owns the projects inside it).
   */
  async function changeFolders(added: readonly { uri: string }[], removed: readonly { uri: string }[] = []): Promise<void> {
    const changed: string[] = [];
    for (const { uri } of removed) {
      const folderPath = uris.toPath(uri);
      if (!folderPath) continue;
      for (const state of session.removeFolder(folderPath)) publisher.clear(state.key);
      changed.push(folderPath);
    }
    for (const { uri } of added) {
      const folderPath = uris.toPath(uri);
      if (!folderPath) continue;
      session.addFolder(uri, folderPath, await readSettings(uri));
      changed.push(folderPath);
    }
    for (const folder of session.folders) if (changed.some((other) => isInside(other, folder.path))) refreshFolder(folder);
  }

  function flushPending(): void {
    debouncer.flushAll();
  }

  // ---- fix all ------------------------------------------------------------------------------------------
  function planProjectFixAll(state: ProjectState): PlannedEdit | undefined {
    const plan = planFixAll({ fs: session.fs, project: state.project, overrides: state.folder.settings.overrides });
    for (const reason of plan.skipped) log.info(`Fix all in ${state.project.name}: skipped ${reason}`);
    if (!plan.outcomes.length) return undefined;
    const count = plan.applied.length;
    return { title: `Fix all Django Ready findings in ${state.project.name} (${count} fix${count === 1 ? '' : 'es'})`, edit: outcomesWorkspaceEdit(plan.outcomes, currentTargets) };
  }

  function projectOfUri(uri: string): ProjectState | undefined {
    flushPending();
    const file = uris.toPath(uri);
    return file === undefined ? undefined : session.projectOf(file);
  }

  const codeActionContext = (): CodeActionContext => ({
    canResolve: !!capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit'),
    documentChanges: !!capabilities.workspace?.workspaceEdit?.documentChanges,
    hasFixes: (uri) => {
      const state = projectOfUri(uri);
      return !!state?.analysis?.findings.some((finding) => finding.fix);
    },
    planFixAll: (uri) => {
      const state = projectOfUri(uri);
      return state && planProjectFixAll(state);
    },
  });

  // ---- lifecycle ----------------------------------------------------------------------------------------
  connection.onInitialize((params) => {
    capabilities = params.capabilities;
    initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: true },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'django-ready', version: toolVersion() },
    };
  });

  connection.onInitialized(
    guarded(log, 'initialized', undefined, async () => {
      try {
        if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
          await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
        }
        if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
          await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
        }
        if (capabilities.workspace?.workspaceFolders) {
          connection.workspace.onDidChangeWorkspaceFolders(guarded(log, 'didChangeWorkspaceFolders', undefined, async ({ added, removed }) => {
              await changeFolders(added, removed);
              void connection.sendNotification(CHECKLIST_CHANGED);
            }),
          );
        }
        await changeFolders(initialFolders);
      } finally {
        markReady();
      }
    }),
  );

  connection.onShutdown(() => debouncer.dispose());

  // ---- documents ----------------------------------------------------------------------------------------
  connection.onDidOpenTextDocument(
    guarded(log, 'didOpen', undefined, ({ textDocument }) => {
      const file = uris.toPath(textDocument.uri);
      if (!file) return;
      session.documents.open({ uri: textDocument.uri, file, languageId: textDocument.languageId, version: textDocument.version, text: textDocument.text });
      const onDisk = diskText(file);
      if (onDisk !== textDocument.text) fileTouched(file, onDisk === undefined);
      // Same text, but the edits in its diagnostics should now carry the document's version.
      else for (const state of session.projects()) if (publisher.urisOf(state.key).has(textDocument.uri)) scheduleProject(state);
    }),
  );

  connection.onDidChangeTextDocument(
    guarded(log, 'didChange', undefined, ({ textDocument, contentChanges }) => {
      const file = uris.toPath(textDocument.uri);
      const changed = file === undefined ? undefined : session.documents.change(file, contentChanges, textDocument.version);
      if (!file || !changed) return;
      if (isPythonDocument(changed.document)) {
        session.service.parseCache.applyChanges(file, changed.offsets, changed.document.text, overlayVersion(changed.document.version));
      }
      fileTouched(file, false);
    }),
  );

  connection.onDidCloseTextDocument(
    guarded(log, 'didClose', undefined, ({ textDocument }) => {
      const file = uris.toPath(textDocument.uri);
      const closed = file === undefined ? undefined : session.documents.close(file);
      if (!file || !closed) return;
      const onDisk = diskText(file);
      if (onDisk !== closed.text) fileTouched(file, onDisk === undefined);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guarded(log, 'didChangeWatchedFiles', undefined, ({ changes }) => {
      for (const change of changes) {
        const file = uris.toPath(change.uri);
        // An open buffer wins over the disk; its own events cover it.
        if (!file || session.documents.get(file)) continue;
        fileTouched(file, change.type !== FileChangeType.Changed);
      }
    }),
  );

  // ---- workspace ----------------------------------------------------------------------------------------
  connection.onDidChangeConfiguration(
    guarded(log, 'didChangeConfiguration', undefined, async () => {
      await ready;
      for (const folder of session.folders) {
        const settings = await readSettings(folder.uri);
        if (sameSettings(settings, folder.settings)) continue;
        folder.settings = settings;
        scheduleFolder(folder);
      }
    }),
  );

  // ---- requests -----------------------------------------------------------------------------------------
  connection.onRequest(
    CHECKLIST_REQUEST,
    guarded(log, CHECKLIST_REQUEST, { projects: [] } as ChecklistResult, async (): Promise<ChecklistResult> => {
      await ready;
      flushPending();
      return {
        projects: session.projects().map((state) =>
          checklistProject({ project: state.project, analysis: state.analysis, problem: state.problem, folderUri: state.folder.uri, uriOf: (file) => uris.toUri(file), fs: session.fs }),
        ),
      };
    }),
  );

  connection.onCodeAction(
    guarded(log, 'codeAction', [], async (params) => {
      await ready;
      return codeActions(params, codeActionContext());
    }),
  );

  connection.onCodeActionResolve(async (action) => {
    await ready;
    return guarded(log, 'codeAction/resolve', action, () => resolveCodeAction(action, codeActionContext()))();
  });

  connection.onExecuteCommand(
    guarded(log, 'executeCommand', { applied: false, message: 'Django Ready could not run the command; see its output.' } as CommandResult, async (params): Promise<CommandResult> => {
      await ready;
      const argument = params.arguments?.[0] as { uri?: unknown } | string | undefined;
      const uri = typeof argument === 'string' ? argument : typeof argument?.uri === 'string' ? argument.uri : undefined;
      const state = uri ? projectOfUri(uri) : session.projects().length === 1 ? session.projects()[0] : undefined;
      if (!state) return { applied: false, message: 'No Django project found for that file; open a file of the project first.' };
      return runProjectCommand(params.command, state, {
        fs: session.fs,
        targets: currentTargets,
        planFixAll: planProjectFixAll,
        applyEdit: async (label, edit) => (await connection.workspace.applyEdit({ label, edit: edit as never })).applied,
      });
    }),
  );

  connection.listen();
}
