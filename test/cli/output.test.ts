// The CLI writes its report straight to its file descriptors (host/stdio.ts): these run it against readers that
// are slow, that make the pipe non-blocking, and that go away early.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { CLI, REPO_ROOT, SYSTEM_PYTHON } from '../helpers/paths';

// The example's SARIF report is several times what a pipe holds (64 KiB on Linux).
const ARGS = [CLI, 'check', 'examples/mysite', '--format', 'sarif', '--fail-level', 'never'];

function promptReport(): string {
  const result = spawnSync(process.execPath, ARGS, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('report output', () => {
  test('a reader that starts late still gets the whole report', async () => {
    const expected = promptReport();
    assert.ok(Buffer.byteLength(expected) > 4 * 65536, 'the report outgrows a pipe');
    const child = spawn(process.execPath, ARGS, { cwd: REPO_ROOT });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    await new Promise((resolve) => child.stdout.on('end', resolve));
    assert.equal(await exited, 0);
    assert.equal(Buffer.concat(chunks).toString('utf8'), expected);
  });

  test('a pipe its reader made non-blocking, read slowly, carries the whole report', () => {
    // Python makes the pipe, sets O_NONBLOCK on the end the CLI writes to, and reads it slowly.
    const script = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w, cwd=os.environ["REPO_ROOT"])',
      'os.close(w)',
      'time.sleep(0.3)',
      'data = b""',
      'while True:',
      '    chunk = os.read(r, 65536)',
      '    if not chunk: break',
      '    data += chunk',
      '    time.sleep(0.005)',
      'sys.stdout.buffer.write(data)',
      'sys.exit(p.wait())',
    ].join('\n');
    const result = spawnSync(SYSTEM_PYTHON, ['-c', script, process.execPath, ...ARGS], {
      env: { ...process.env, REPO_ROOT },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      timeout: 60_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, promptReport());
  });

  test('a reader that goes away early ends the run quietly, with the status the findings give', async () => {
    const child = spawn(process.execPath, ARGS, { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(status, 0);
    assert.equal(stderr, '');
  });
});
