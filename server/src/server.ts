// LSP wiring: capabilities, settings, handlers and requests around the pure language service. The connection is
// handed in (stdio, IPC, socket, or a pair of streams in tests); nothing here runs at import time.
import {
  type ClientCapabilities,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { NodeFileSystem } from './host/nodeFileSystem';
import {
  CHECKLIST_CHANGED,
  CHECKLIST_REQUEST,
  type ChecklistResult,
  type CommandResult,
  type DjangoReadySettings,
  FIX_ALL_KIND,
  type PlannedEdit,
  type WorkspaceEditData,
  SERVER_COMMANDS,
  SETTINGS_DOCUMENT_REQUEST,
  SETTINGS_SECTION,
  type SettingsDocument,
  type SettingsDocumentParams,
  STATS_REQUEST,
} from './protocol';
import { checklistProject } from './lsp/checklist';
import { type ApplyEditArgs, canCreateFiles, clientEdit, type CodeActionContext, codeActions, type EditSupport, resolveCodeAction } from './lsp/codeActions';
import { runProjectCommand } from './lsp/commands';
import { DEFAULT_FOLDER_SETTINGS, type FolderSettings, folderSettings, sameSettings } from './lsp/configuration';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { guarded, type Logger } from './lsp/guard';
import { WorkspaceRefresher } from './lsp/refresher';
import { type ProjectState, Session } from './lsp/session';
import { SettingsInsights } from './lsp/settingsInsight';
import { CreatedFilesWatch } from './lsp/createdFiles';
import { UriMapper } from './lsp/uris';
import { WATCHED_GLOBS } from './lsp/watchers';
import { editedUris, type EditTargets, outcomesWorkspaceEdit } from './lsp/workspaceEdits';
import { isInside } from './service/index';
import { toolVersion } from './version';

const NO_COMMAND_RESULT: CommandResult = { applied: false, message: 'Django Ready could not run the command; see its output.' };

export function startServer(connection: Connection): void {
  const log: Logger = { info: (message) => connection.console.info(message), error: (message) => connection.console.error(message) };
  const uris = new UriMapper();
  const session = new Session(new NodeFileSystem(), (uri) => uris.toPath(uri));
  const publisher = new DiagnosticsPublisher((uri, diagnostics, version) => void connection.sendDiagnostics({ uri, version, diagnostics }));
  const insights = new SettingsInsights(session, (file) => uris.toUri(file));
  let capabilities: ClientCapabilities = {};
  const analysed = (): void => {
    void connection.sendNotification(CHECKLIST_CHANGED);
    // Inlay hints in other settings modules depend on production: ask the client to fetch them again.
    if (capabilities.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh().catch(() => undefined);
  };
  const refresher = new WorkspaceRefresher(session, publisher, uris, log, analysed);
  const createdFiles = new CreatedFilesWatch((file) => refresher.changedOnDisk(file, true));
  let initialFolders: { uri: string }[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  /** Edits against what the editor has now: open documents' current versions, null for closed files. */
  const currentTargets: EditTargets = {
    uriOf: (file) => uris.toUri(file),
    versionOf: (file) => session.documents.get(file)?.version ?? null,
  };

  async function readSettings(folderUri: string): Promise<FolderSettings> {
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
      refresher.forget(session.removeFolder(folderPath));
      changed.push(folderPath);
    }
    for (const { uri } of added) {
      const folderPath = uris.toPath(uri);
      if (!folderPath) continue;
      session.addFolder(uri, folderPath, await readSettings(uri));
      changed.push(folderPath);
    }
    for (const folder of session.folders) if (changed.some((other) => isInside(other, folder.path))) refresher.refreshFolder(folder);
  }

  function projectOfUri(uri: string): ProjectState | undefined {
    refresher.flush();
    const file = uris.toPath(uri);
    return file === undefined ? undefined : session.projectOf(file);
  }

  function planProjectFixAll(state: ProjectState): (PlannedEdit & { fixes: number }) | undefined {
    // Planning starts from the project's current analysis, so that must be of the current text.
    refresher.flush();
    const plan = session.service.planFixes(state.project, {
      overrides: state.folder.settings.overrides,
      createFiles: canCreateFiles(editSupport()),
      analysis: state.analysis,
    });
    for (const reason of plan.skipped) log.info(`Fix all in ${state.project.name}: skipped ${reason}`);
    if (plan.unfinished)
      log.info(`Fix all in ${state.project.name}: stopped planning after ${plan.applied.length} fixes (time budget); run it again for any left`);
    if (!plan.outcomes.length) return undefined;
    const count = plan.applied.length;
    const fixes = `${count} fix${count === 1 ? '' : 'es'}`;
    const title = `Fix all Django Ready findings in ${state.project.name} (${plan.unfinished ? `${fixes} so far; run it again for any left` : fixes})`;
    return { title, edit: outcomesWorkspaceEdit(plan.outcomes, currentTargets), fixes: count };
  }

  const editSupport = (): EditSupport => ({
    documentChanges: !!capabilities.workspace?.workspaceEdit?.documentChanges,
    createFiles: !!capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
    applyEdit: !!capabilities.workspace?.applyEdit,
  });

  const codeActionContext = (): CodeActionContext => ({
    canResolve: !!capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit'),
    edits: editSupport(),
    hasFixes: (uri) => !!projectOfUri(uri)?.analysis?.findings.some((finding) => finding.fix),
    planFixAll: (uri) => {
      const state = projectOfUri(uri);
      return state && planProjectFixAll(state);
    },
  });

  /** Asks the client to apply an edit, in the form it accepts (plans for it leave out what it cannot apply). */
  async function sendEdit(label: string, edit: WorkspaceEditData): Promise<boolean> {
    const support = editSupport();
    const creates = edit.documentChanges.some((change) => 'kind' in change);
    const form = creates ? edit : clientEdit(edit, support.documentChanges);
    const applied = (await connection.workspace.applyEdit({ label, edit: form })).applied;
    if (applied && creates && !capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      createdFiles.watch(edit.documentChanges.flatMap((change) => ('kind' in change ? (uris.toPath(change.uri) ?? []) : [])));
    }
    return applied;
  }

  /** `SERVER_COMMANDS.applyEdit`: a fix offered as a command; only edits inside a known project are carried out. */
  async function applyPlannedEdit(argument: unknown): Promise<CommandResult> {
    const { label, edit } = (argument ?? {}) as Partial<ApplyEditArgs>;
    const edited = edit && Array.isArray(edit.documentChanges) ? editedUris(edit) : [];
    const inside =
      edited.length > 0 &&
      edited.every((uri) => {
        const file = uris.toPath(uri);
        return file !== undefined && session.projects().some((state) => isInside(file, state.project.root));
      });
    if (typeof label !== 'string' || !edit || !inside)
      return { applied: false, message: 'That edit is not one Django Ready offered for a project in this workspace.' };
    const applied = await sendEdit(label, edit);
    return { applied, message: applied ? `${label}: done.` : `${label}: the editor did not apply the changes.`, ...(applied ? { changed: edited } : {}) };
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------
  connection.onInitialize((params) => {
    capabilities = params.capabilities;
    initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        inlayHintProvider: true,
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'django-ready', version: toolVersion() },
    };
  });

  connection.onInitialized(
    guarded(log, 'initialized', undefined, async () => {
      try {
        const workspace = capabilities.workspace;
        if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
          await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
        }
        if (workspace?.didChangeConfiguration?.dynamicRegistration) {
          await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
        }
        if (workspace?.workspaceFolders) {
          connection.workspace.onDidChangeWorkspaceFolders(
            guarded(log, 'didChangeWorkspaceFolders', undefined, async ({ added, removed }) => {
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

  connection.onShutdown(() => {
    refresher.dispose();
    createdFiles.dispose();
  });

  // ---- documents and files ------------------------------------------------------------------------------
  session.documents.listen(connection, {
    opened: guarded(log, 'didOpen', undefined, (document) => refresher.opened(document)),
    changed: guarded(log, 'didChange', undefined, (document, offsets, startedAt) => refresher.changed(document, offsets, startedAt)),
    closed: guarded(log, 'didClose', undefined, (document) => refresher.closed(document)),
  });

  connection.onDidChangeWatchedFiles(
    guarded(log, 'didChangeWatchedFiles', undefined, ({ changes }) => {
      for (const change of changes) {
        const file = uris.toPath(change.uri);
        if (file) refresher.changedOnDisk(file, change.type !== FileChangeType.Changed);
      }
    }),
  );

  connection.onDidChangeConfiguration(
    guarded(log, 'didChangeConfiguration', undefined, async () => {
      await ready;
      for (const folder of session.folders) {
        const settings = await readSettings(folder.uri);
        if (sameSettings(settings, folder.settings)) continue;
        folder.settings = settings;
        refresher.scheduleFolder(folder);
      }
    }),
  );

  // ---- requests -----------------------------------------------------------------------------------------
  connection.onRequest(
    CHECKLIST_REQUEST,
    guarded(log, CHECKLIST_REQUEST, { projects: [] } as ChecklistResult, async (): Promise<ChecklistResult> => {
      await ready;
      refresher.flush();
      const uriOf = (file: string): string => uris.toUri(file);
      return {
        projects: session
          .projects()
          .map((state) =>
            checklistProject({ project: state.project, analysis: state.analysis, problem: state.problem, folderUri: state.folder.uri, uriOf, fs: session.fs }),
          ),
      };
    }),
  );

  connection.onRequest(STATS_REQUEST, () => refresher.timings.stats(session.service.parseCache.kept()));

  connection.onRequest(
    SETTINGS_DOCUMENT_REQUEST,
    guarded(log, SETTINGS_DOCUMENT_REQUEST, null, async (params: SettingsDocumentParams): Promise<SettingsDocument | null> => {
      await ready;
      const state = projectOfUri(params.uri);
      return (state && insights.document(state, params.module)) ?? null;
    }),
  );

  connection.onHover(
    guarded(log, 'hover', null, async ({ textDocument, position }) => {
      await ready;
      const file = uris.toPath(textDocument.uri);
      const state = file === undefined ? undefined : projectOfUri(textDocument.uri);
      return (state && file !== undefined ? insights.hover(state, file, position) : undefined) ?? null;
    }),
  );

  connection.languages.inlayHint.on(
    guarded(log, 'inlayHint', [], async ({ textDocument }) => {
      await ready;
      const file = uris.toPath(textDocument.uri);
      const state = file === undefined ? undefined : projectOfUri(textDocument.uri);
      return state && file !== undefined ? insights.inlayHints(state, file) : [];
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
    guarded(log, 'executeCommand', NO_COMMAND_RESULT, async (params): Promise<CommandResult> => {
      await ready;
      if (params.command === SERVER_COMMANDS.applyEdit) return applyPlannedEdit(params.arguments?.[0]);
      const argument = params.arguments?.[0] as { uri?: unknown } | string | undefined;
      const uri = typeof argument === 'string' ? argument : typeof argument?.uri === 'string' ? argument.uri : undefined;
      const projects = session.projects();
      const state = uri ? projectOfUri(uri) : projects.length === 1 ? projects[0] : undefined;
      if (!state) return { applied: false, message: 'No Django project found for that file; open a file of the project first.' };
      return runProjectCommand(params.command, state, {
        fs: session.fs,
        targets: currentTargets,
        planFixAll: planProjectFixAll,
        applyEdit: sendEdit,
      });
    }),
  );

  connection.listen();
}
