// Starts the bundled language server over IPC for Python, supervisor and template documents. Server commands
// (fix all, generate supervisor configs) get their project argument added here when invoked from the palette
// or the tree, and their outcome shown.
import { type ExtensionContext, type LogOutputChannel, TabInputText, Uri, window, workspace } from 'vscode';
import {
  CancellationToken,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  type ServerOptions,
  TransportKind,
  type WorkspaceEdit,
} from 'vscode-languageclient/node';
import { type CommandResult, type ProjectCommandArgs, SERVER_COMMANDS } from '../../server/src/protocol';
import type { ChecklistStore } from './checklistStore';
import { type CreatedFile, splitCreatedFiles } from './createdFiles';
import { pickProject } from './projectPicker';

export const CLIENT_ID = 'djangoReady';

const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'supervisor' },
  { scheme: 'file', language: 'django-html' },
  { scheme: 'file', pattern: '**/templates/**/*.{html,htm,txt,xml}' },
  { scheme: 'file', pattern: '**/*.{conf,ini}' },
];

export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel, store: () => ChecklistStore): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      workspace: {
        // Edits the server asks for (fix all, generated configs) are saved at once in files that had no editor:
        // VS Code opens an editor for every file left unsaved a moment later, which a fix-all must not do.
        handleApplyEdit: async (params, next) => {
          const tabbed = tabUris();
          const { created, rest } = splitCreatedFiles(params.edit);
          const result = created.length ? { applied: await applyWithCreatedFiles(client, rest, created) } : await next(params, CancellationToken.None);
          if (!(result instanceof ResponseError) && result.applied) await saveUntabbed(editedUris(rest), tabbed);
          return result;
        },
      },
      executeCommand: async (command, args, next) => {
        // A fix offered as a command carries its own edit (only for clients without documentChanges, never VS Code).
        if (command === SERVER_COMMANDS.applyEdit) return next(command, args);
        const target = await commandTarget(store(), args[0]);
        if (!target) return undefined;
        const result = (await next(command, [target])) as CommandResult | undefined;
        // One notification; VS Code already names the extension it comes from.
        if (result) void (result.applied ? window.showInformationMessage(result.message) : window.showWarningMessage(result.message));
        return result;
      },
    },
  };
  const client = new LanguageClient(CLIENT_ID, 'Django Ready', serverOptions, clientOptions);
  return client;
}

/** The files that have an editor tab now. */
function tabUris(): Set<string> {
  const uris = new Set<string>();
  for (const group of window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof TabInputText) uris.add(tab.input.uri.toString());
  }
  return uris;
}

/**
 * Applies an edit whose new files are created with their content, as one edit the user can undo. The rest keeps
 * the language client's own check: an edit planned on an older version of an open document is refused.
 */
async function applyWithCreatedFiles(client: LanguageClient, rest: WorkspaceEdit, created: readonly CreatedFile[]): Promise<boolean> {
  if (!versionsCurrent(rest)) return false;
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(rest);
  const encoder = new TextEncoder();
  for (const file of created) {
    edit.createFile(Uri.parse(file.uri), { overwrite: file.overwrite, ignoreIfExists: file.ignoreIfExists, contents: encoder.encode(file.content) });
  }
  return workspace.applyEdit(edit);
}

function versionsCurrent(edit: WorkspaceEdit): boolean {
  const open = new Map(workspace.textDocuments.map((document) => [document.uri.toString(), document.version]));
  return (edit.documentChanges ?? []).every((change) => {
    if (!('textDocument' in change) || change.textDocument.version === null) return true;
    const version = open.get(Uri.parse(change.textDocument.uri).toString());
    return version === undefined || version === change.textDocument.version;
  });
}

/** The files a workspace edit changes or creates. */
function editedUris(edit: WorkspaceEdit): string[] {
  const uris = new Set(Object.keys(edit.changes ?? {}));
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change) uris.add(change.textDocument.uri);
    else if (change.kind === 'create') uris.add(change.uri);
    else if (change.kind === 'rename') uris.add(change.newUri);
  }
  return [...uris];
}

/**
 * Saves the files a server command changed that had no editor open: VS Code would otherwise open an unsaved editor
 * for each of them a moment later. Files the user has open keep the change as an unsaved edit in their editor.
 */
async function saveUntabbed(changed: readonly string[], tabbed: ReadonlySet<string>): Promise<void> {
  const wanted = changed.map((uri) => Uri.parse(uri)).filter((uri) => !tabbed.has(uri.toString()));
  await Promise.all(
    wanted.map(async (uri) => {
      // The edited model may not have reached this extension host's documents yet; opening it (no editor) finds it.
      const document = await workspace.openTextDocument(uri);
      if (document.isDirty) await document.save();
    }),
  );
}

/** Server commands take `{ uri }` of the project: passed through, taken from a tree node, or picked. */
async function commandTarget(store: ChecklistStore, argument: unknown): Promise<ProjectCommandArgs | undefined> {
  if (typeof argument === 'object' && argument !== null && typeof (argument as { uri?: unknown }).uri === 'string') return argument as ProjectCommandArgs;
  const project = await pickProject(store, argument);
  return project && { uri: project.rootUri };
}
