// An in-process LSP client for the server: startServer() on one end of a pair of streams, a JSON-RPC client
// that behaves like an editor (configuration, dynamic registration, applyEdit) on the other. Tests poll for
// what they expect; nothing here sleeps for a fixed time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after } from 'node:test';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  createConnection,
  createMessageConnection,
  type Diagnostic,
  type InitializeResult,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { CHECKLIST_CHANGED, CHECKLIST_REQUEST, type ChecklistResult, type DjangoReadySettings } from '../../server/src/protocol';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import '../../server/src/service/rules/index';
import { allRuleMetas } from '../../server/src/service/codes';
import { startServer } from '../../server/src/server';
import { MANAGE_PY, settingsProject, writeProject } from '../helpers/project';

export const uriOf = (file: string): string => pathToFileURL(file).href;

export const EDITOR_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
  },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
  },
};

const WAIT_LIMIT_MS = 20_000;

export interface StartOptions {
  settings?: DjangoReadySettings;
  capabilities?: ClientCapabilities;
}

export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly appliedEdits: { label?: string; edit: WorkspaceEdit }[] = [];
  readonly logs: string[] = [];
  checklistChanges = 0;
  initializeResult: InitializeResult | undefined;
  /** Settings returned for every `workspace/configuration` item. */
  settings: DjangoReadySettings;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  private constructor(
    private readonly connection: MessageConnection,
    private readonly dispose: () => void,
    settings: DjangoReadySettings,
  ) {
    this.settings = settings;
  }

  static async start(folders: string[], options: StartOptions = {}): Promise<LspTestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(serverConnection);
    const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const client = new LspTestClient(
      connection,
      () => {
        connection.dispose();
        serverConnection.dispose();
        toServer.destroy();
        toClient.destroy();
      },
      options.settings ?? {},
    );
    client.listen();
    connection.listen();
    client.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((folder) => ({ uri: uriOf(folder), name: folder })),
      capabilities: options.capabilities ?? EDITOR_CAPABILITIES,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(params.uri, params.diagnostics);
    });
    c.onNotification(CHECKLIST_CHANGED, () => {
      this.checklistChanges++;
    });
    c.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    c.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    c.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    c.onRequest('workspace/applyEdit', (params: { label?: string; edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params);
      return { applied: true };
    });
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Opens a file as the editor would (its disk text unless `text` is given). */
  async open(file: string, text = fs.readFileSync(file, 'utf8'), languageId = file.endsWith('.py') ? 'python' : 'plaintext'): Promise<void> {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    await this.notify('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  /** Sends incremental changes; keeps the client's copy of the text in step. */
  async change(file: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, version);
    let text = this.texts.get(file) ?? '';
    for (const change of changes) text = 'range' in change ? applyTextEdits(text, [{ range: change.range, newText: change.text }]) : change.text;
    this.texts.set(file, text);
    await this.notify('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: changes });
  }

  async close(file: string): Promise<void> {
    this.versions.delete(file);
    this.texts.delete(file);
    await this.notify('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  version(file: string): number | undefined {
    return this.versions.get(file);
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  codes(file: string): string[] {
    return this.diagnosticsOf(file)
      .map((diagnostic) => String(diagnostic.code))
      .sort();
  }

  /** Polls until `predicate` holds; fails with `what` (and the server's log) if it never does. */
  async waitFor(what: string, predicate: () => boolean): Promise<void> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nserver log:\n${this.logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits until the file's diagnostics have exactly these codes. */
  async waitForCodes(file: string, expected: string[]): Promise<Diagnostic[]> {
    const sorted = [...expected].sort();
    await this.waitFor(
      `diagnostics ${JSON.stringify(sorted)} on ${file} (now ${JSON.stringify(this.codes(file))})`,
      () => JSON.stringify(this.codes(file)) === JSON.stringify(sorted),
    );
    return this.diagnosticsOf(file);
  }

  checklist(): Promise<ChecklistResult> {
    return this.request<ChecklistResult>(CHECKLIST_REQUEST);
  }

  codeActions(file: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const params: CodeActionParams = { textDocument: { uri: uriOf(file) }, range, context: { diagnostics, ...(only ? { only } : {}) } };
    return this.request<CodeAction[]>('textDocument/codeAction', params);
  }

  /** Sends `workspace/didChangeConfiguration` after changing what `workspace/configuration` answers. */
  async configure(settings: DjangoReadySettings): Promise<void> {
    this.settings = settings;
    await this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  async stop(): Promise<void> {
    await this.request('shutdown');
    this.dispose();
  }
}

/**
 * Applies a workspace edit to the files on disk the way an editor would, honouring versions (an edit for a
 * version other than the open one is refused) and `ignoreIfExists` (without it, creating a file that exists
 * fails the edit, as in VS Code). Returns the texts it wrote.
 */
export function applyWorkspaceEdit(edit: WorkspaceEdit, openVersions: (file: string) => number | undefined = () => undefined): Map<string, string> {
  const written = new Map<string, string>();
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected ${change.kind}`);
      const file = fileURLToPath(change.uri);
      if (fs.existsSync(file)) {
        if (!change.options?.ignoreIfExists) throw new Error(`${file} exists and would be overwritten`);
        continue;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      continue;
    }
    const file = fileURLToPath(change.textDocument.uri);
    const open = openVersions(file);
    if (change.textDocument.version !== null && change.textDocument.version !== open) {
      throw new Error(`edit for version ${change.textDocument.version} of ${file}, open version is ${open}`);
    }
    const edits = change.edits.map((edit) => {
      if (!('newText' in edit)) throw new Error('snippet edits are not expected');
      return edit;
    });
    const text = applyTextEdits(fs.readFileSync(file, 'utf8'), edits);
    fs.writeFileSync(file, text);
    written.set(file, text);
  }
  return written;
}

/** Editor settings that turn every rule off except `codes`, so a test sees only what it is about. */
export function onlyRules(codes: string[], settings: DjangoReadySettings = {}): DjangoReadySettings {
  const rules: Record<string, string> = {};
  for (const meta of allRuleMetas()) if (!codes.includes(meta.code)) rules[meta.code] = 'off';
  return { ...settings, rules: { ...rules, ...settings.rules } };
}

/**
 * For one test file: starts clients on workspace folders with only `codes` turned on, and stops every one of
 * them when the file's tests end.
 */
export function clientsFor(): (folders: string | string[], codes: string[], settings?: DjangoReadySettings) => Promise<LspTestClient> {
  const started: LspTestClient[] = [];
  after(async () => {
    for (const client of started) await client.stop();
  });
  return async (folders, codes, settings) => {
    const client = await LspTestClient.start(typeof folders === 'string' ? [folders] : folders, { settings: onlyRules(codes, settings) });
    started.push(client);
    return client;
  };
}

/** The production module of settingsProject(): mysite/settings.py. */
export const settingsFile = (root: string): string => path.join(root, 'mysite', 'settings.py');

/** A project with a `conf.settings` package: manage.py names `conf.settings.<defaultModule>`; `modules` maps names to text. */
export function settingsPackage(defaultModule: string, modules: Record<string, string>): string {
  const files: Record<string, string> = { 'manage.py': MANAGE_PY(`conf.settings.${defaultModule}`), 'conf/__init__.py': '', 'conf/settings/__init__.py': '' };
  for (const [name, text] of Object.entries(modules)) files[`conf/settings/${name}.py`] = text;
  return writeProject(files);
}

/** A settings project with `text`, its settings module open, and the diagnostics for `codes` on it. */
export async function openSettings(
  start: ReturnType<typeof clientsFor>,
  text: string,
  codes: string[],
): Promise<{ root: string; file: string; client: LspTestClient; diagnostics: Diagnostic[] }> {
  const root = settingsProject(text);
  const file = settingsFile(root);
  const client = await start(root, codes);
  await client.open(file);
  return { root, file, client, diagnostics: await client.waitForCodes(file, codes) };
}
