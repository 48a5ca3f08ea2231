// A language client for the benchmarks: the bundled server over stdio (as editors run it), every
// publishDiagnostics recorded with the time it arrived, and the server's own timings (djangoReady/stats).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const uriOf = (file) => pathToFileURL(file).href;

export class BenchServer {
  /** Spawns the server; `spawnedAt` and `initializedAt` are performance.now() times. */
  static async start(serverJs, folders, env = process.env, execArgv = []) {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...execArgv, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const server = new BenchServer(child, spawnedAt);
    await server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(folders[0]),
      workspaceFolders: folders.map((folder) => ({ uri: uriOf(folder), name: folder })),
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
    });
    server.initializedAt = performance.now();
    await server.connection.sendNotification('initialized', {});
    return server;
  }

  constructor(child, spawnedAt) {
    this.child = child;
    this.spawnedAt = spawnedAt;
    this.initializedAt = undefined;
    /** uri -> { version, diagnostics, at } of the last publish. */
    this.published = new Map();
    this.firstPublishAt = undefined;
    this.waiters = [];
    this.versions = new Map();
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const at = performance.now();
      this.firstPublishAt ??= at;
      this.published.set(params.uri, { version: params.version, diagnostics: params.diagnostics, at });
      this.waiters = this.waiters.filter((waiter) => !waiter(params, at));
    });
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
    this.connection.listen();
  }

  get pid() {
    return this.child.pid;
  }

  /** Resolves with the arrival time of the first publish (from now on) that `matches`. */
  nextPublish(matches) {
    return new Promise((resolve) => this.waiters.push((params, at) => (matches(params) ? (resolve(at), true) : false)));
  }

  /** Resolves once the server has published diagnostics at all. */
  async firstPublish() {
    if (this.firstPublishAt === undefined) await this.nextPublish(() => true);
    return this.firstPublishAt;
  }

  async open(file, text = fs.readFileSync(file, 'utf8')) {
    this.versions.set(file, 1);
    const published = this.nextPublish((params) => params.uri === uriOf(file) && params.version === 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'python', version: 1, text } });
    return published;
  }

  /** Sends one change; resolves with { sentAt, publishedAt, version } once diagnostics for it arrive. */
  async change(file, contentChanges) {
    const version = this.versions.get(file) + 1;
    this.versions.set(file, version);
    const published = this.nextPublish((params) => params.uri === uriOf(file) && params.version === version);
    const sentAt = performance.now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges });
    return { sentAt, publishedAt: await published, version };
  }

  /** Sends one change without waiting for its diagnostics. */
  async changeOnly(file, contentChanges) {
    const version = this.versions.get(file) + 1;
    this.versions.set(file, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges });
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  stats() {
    return this.connection.sendRequest('djangoReady/stats');
  }

  /** Peak resident memory of the server process (Linux: VmHWM), in bytes, or undefined elsewhere. */
  peakRss() {
    return this.statusBytes('VmHWM');
  }

  /** Resident memory of the server process now (Linux: VmRSS), in bytes, or undefined elsewhere. */
  rss() {
    return this.statusBytes('VmRSS');
  }

  statusBytes(field) {
    try {
      const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop() {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.connection.sendRequest('shutdown').catch(() => undefined);
    await this.connection.sendNotification('exit').catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}
