// The bundled language server as an editor runs it (`node server/out/server.js --stdio`), driven through
// vscode-jsonrpc. It records what the fuzzers assert on: every publishDiagnostics with the order it arrived
// in relative to the changes sent, error-level log messages, and whether the process died.
import { type ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type Diagnostic, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { SERVER } from '../helpers/paths';
import type { LspChange } from './edits';

export const uriOf = (file: string): string => pathToFileURL(file).href;

export interface Published {
  diagnostics: Diagnostic[];
  version: number | undefined;
  /** Value of the message counter when it arrived: compare with `sentAt` of a change. */
  arrivedAt: number;
}

const CAPABILITIES = {
  workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
  },
};

export class ServerProcess {
  readonly published = new Map<string, Published>();
  readonly errors: string[] = [];
  private counter = 0;
  private readonly versions = new Map<string, number>();
  private readonly sentAt = new Map<string, number>();
  private exit: string | undefined;
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: MessageConnection,
  ) {}

  static async start(folders: string[]): Promise<ServerProcess> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new ServerProcess(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => (server.stderr += chunk.toString()));
    child.on('exit', (code, signal) => (server.exit = `exited with ${code ?? signal}`));
    // A write to a dead server must fail the request, not the test process.
    child.stdin!.on('error', () => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      server.published.set(params.uri, { diagnostics: params.diagnostics, version: params.version, arrivedAt: ++server.counter });
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) server.errors.push(params.message);
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
    connection.listen();
    await server.request('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((folder) => ({ uri: uriOf(folder), name: folder })),
      capabilities: CAPABILITIES,
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  /** Why the server is gone, or undefined while it runs. */
  get death(): string | undefined {
    return this.exit && `the server ${this.exit}; stderr:\n${this.stderr}`;
  }

  /** A request that must be answered within `limitMs`; a dead or stuck server fails it with a reason. */
  async request<R>(method: string, params: unknown, limitMs = 20_000): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(this.death ?? `${method} was not answered within ${limitMs} ms`)), limitMs);
    });
    try {
      return await Promise.race([this.connection.sendRequest<R>(method, params), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Polls until `predicate` holds; a dead server, or `limitMs` passing first, fails with a reason. */
  async waitUntil(what: string, predicate: () => boolean, limitMs = 20_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!predicate()) {
      if (this.death) throw new Error(this.death);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async open(file: string, text: string, languageId: string): Promise<void> {
    this.versions.set(file, 1);
    this.sentAt.set(uriOf(file), ++this.counter);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  async change(file: string, changes: LspChange[]): Promise<number> {
    const version = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, version);
    this.sentAt.set(uriOf(file), ++this.counter);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: changes });
    return version;
  }

  async close(file: string): Promise<void> {
    this.versions.delete(file);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  /** True when the last diagnostics published for the file carry its last version or came after its last change. */
  upToDate(file: string): boolean {
    const last = this.published.get(uriOf(file));
    if (!last) return false;
    return last.version === this.versions.get(file) || last.arrivedAt > (this.sentAt.get(uriOf(file)) ?? 0);
  }

  diagnostics(file: string): Diagnostic[] {
    return this.published.get(uriOf(file))?.diagnostics ?? [];
  }

  /** shutdown + exit; returns the exit status. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    if (!this.exit) {
      await this.request('shutdown', null).catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
    }
    const code = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    this.connection.dispose();
    return code;
  }
}
