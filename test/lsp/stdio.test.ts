// The bundled server as any editor runs it: `node server/out/server.js --stdio` (or `--socket=PORT`), spoken to
// with hand-framed JSON-RPC (Content-Length headers), the way Neovim or Helix would.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { Readable, Writable } from 'node:stream';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { SERVER } from '../helpers/paths';
import { settingsProject } from '../helpers/project';

interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: unknown;
}

const WAIT_LIMIT_MS = 20_000;

class FramedPeer {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  readonly received: Message[] = [];

  constructor(
    input: Readable,
    private readonly output: Writable,
  ) {
    input.on('data', (chunk: Buffer) => this.read(chunk));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.received.push(message);
      // Answer requests from the server (none are expected from a client with no capabilities).
      if (message.method && message.id !== undefined) this.send({ id: message.id, result: null });
    }
  }

  send(message: Message): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.output.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  async request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return this.waitFor(`the answer to ${method}`, (message) => message.id === id && message.method === undefined);
  }

  async waitFor(what: string, matches: (message: Message) => boolean): Promise<Message> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const found = this.received.find(matches);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.received.map((m) => m.method ?? m.id))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** initialize, didOpen, diagnostics, shutdown, exit: what every editor does. */
async function converse(peer: FramedPeer, root: string): Promise<void> {
  const file = path.join(root, 'mysite/settings.py');
  const initialized = await peer.request('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
  assert.equal(initialized.result.serverInfo.name, 'django-ready');
  assert.equal(initialized.result.capabilities.textDocumentSync.change, 2);
  peer.send({ method: 'initialized', params: {} });
  peer.send({
    method: 'textDocument/didOpen',
    params: { textDocument: { uri: pathToFileURL(file).href, languageId: 'python', version: 1, text: 'DEBUG = True\n' } },
  });

  const published = await peer.waitFor(
    'DR918 on settings.py',
    (message) =>
      message.method === 'textDocument/publishDiagnostics' &&
      message.params.uri === pathToFileURL(file).href &&
      message.params.diagnostics.some((d: { code: string }) => d.code === 'DR918'),
  );
  const debug = published.params.diagnostics.find((d: { code: string }) => d.code === 'DR918');
  assert.equal(debug.source, 'django-ready');
  assert.deepEqual(debug.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } });

  const shutdown = await peer.request('shutdown', null);
  assert.equal(shutdown.result, null);
  peer.send({ method: 'exit' });
}

test('the bundled server over stdio: initialize, diagnostics for an opened file, shutdown and exit', async () => {
  assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run node scripts/bundle.mjs first`);
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = exitCode(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await converse(new FramedPeer(child.stdout, child.stdin), settingsProject('DEBUG = True\n'));
  assert.equal(await exited, 0, stderr);
});

test('the bundled server over --socket=PORT connects to the editor listening on 127.0.0.1', async () => {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as net.AddressInfo;
  const connected = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
  const child = spawn(process.execPath, [SERVER, `--socket=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = exitCode(child);
  try {
    const socket = await Promise.race([connected, exited.then((code) => Promise.reject(new Error(`the server exited (${code}) before connecting`)))]);
    await converse(new FramedPeer(socket, socket), settingsProject('DEBUG = True\n'));
    assert.equal(await exited, 0);
    socket.destroy();
  } finally {
    listener.close();
  }
});
