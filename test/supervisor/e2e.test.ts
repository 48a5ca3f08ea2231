// End to end: the generated web program, with only its deploy paths and bind moved to this machine, run by
// a real supervisord with a real gunicorn serving the fixture Django project, fetched over HTTP.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { generateSupervisorConfigs } from '../../server/src/service/supervisor/generate';
import { validateSupervisorFiles } from '../../server/src/service/supervisor/validate';
import { SUPERVISOR_FIXTURES } from './fixtures';
import { skipReason, SYSTEM_PYTHON } from './realSupervisor';

const SITE = path.join(SUPERVISOR_FIXTURES, 'django-site');
const GUNICORN = '/usr/bin/gunicorn';
const DEADLINE_MS = 60_000;

function skip(): string | false {
  const reason = skipReason();
  if (reason) return reason;
  if (!fs.existsSync(GUNICORN)) return `${GUNICORN} is missing`;
  if (spawnSync(SYSTEM_PYTHON, ['-c', 'import django']).status !== 0) return `${SYSTEM_PYTHON} cannot import django`;
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** For races: unref'd, so a timer that lost the race does not keep the test process alive. */
const timeout = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Replaces `from` with `to` and insists that `from` was there, so a changed generator cannot slip through. */
function move(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the generated file no longer contains ${from}`);
  return text.split(from).join(to);
}

function ctl(main: string, ...args: string[]): { status: number | null; out: string } {
  const run = spawnSync('/usr/bin/supervisorctl', ['-c', main, ...args], { encoding: 'utf8', timeout: 15_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

test('a generated web program runs Django under a real supervisord and serves a page', { skip: skip(), timeout: DEADLINE_MS + 30_000 }, async () => {
  const [web] = generateSupervisorConfigs({
    project: 'e2esite',
    application: { kind: 'wsgi', target: 'e2esite.wsgi.application' },
    settingsModule: 'e2esite.settings',
  });
  assert.deepEqual(validateSupervisorFiles([{ path: `/etc/supervisor/conf.d/${web.name}`, text: web.content }]), []);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-e2e-'));
  const port = await freePort();
  let text = web.content;
  text = move(text, '/srv/e2esite/venv/bin/gunicorn', GUNICORN);
  text = move(text, '/srv/e2esite/src', SITE);
  text = move(text, '/var/log/e2esite', dir);
  text = move(text, '/home/e2esite', dir);
  text = move(text, 'user=e2esite', `user=${os.userInfo().username}`);
  text = move(text, '--bind 127.0.0.1:8000', `--bind 127.0.0.1:${port}`);
  fs.mkdirSync(path.join(dir, 'conf.d'));
  fs.writeFileSync(path.join(dir, 'conf.d', web.name), text);
  const main = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(
    main,
    [
      '[unix_http_server]',
      `file=${dir}/supervisor.sock`,
      'chmod=0700',
      '[supervisord]',
      `logfile=${dir}/supervisord.log`,
      `pidfile=${dir}/supervisord.pid`,
      `childlogdir=${dir}`,
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '[supervisorctl]',
      `serverurl=unix://${dir}/supervisor.sock`,
      '[include]',
      `files=${dir}/conf.d/*.conf`,
      '',
    ].join('\n'),
  );

  // The secret reaches Django the recommended way: from supervisord's environment, not from the file.
  const env = { ...process.env, DJANGO_SECRET_KEY: randomBytes(24).toString('hex'), PYTHONDONTWRITEBYTECODE: '1' };
  const supervisord = spawn('/usr/bin/supervisord', ['-n', '-c', main], { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  supervisord.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  supervisord.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const logs = () => {
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').slice(-3000) : '(none)');
    return `supervisord output:\n${output}\nsupervisord.log:\n${read(path.join(dir, 'supervisord.log'))}\nweb.log:\n${read(path.join(dir, 'web.log'))}`;
  };

  try {
    const deadline = Date.now() + DEADLINE_MS;
    let status = '';
    while (Date.now() < deadline) {
      status = ctl(main, 'status').out;
      if (/e2esite-web\s+RUNNING/.test(status)) break;
      assert.doesNotMatch(status, /FATAL|EXITED/, `the program died:\n${status}\n${logs()}`);
      assert.equal(supervisord.exitCode, null, `supervisord exited:\n${logs()}`);
      await sleep(250);
    }
    assert.match(status, /e2esite-web\s+RUNNING/, `not RUNNING before the deadline:\n${status}\n${logs()}`);

    let page: { status: number; body: string } | null = null;
    let lastError = '';
    while (!page && Date.now() < deadline) {
      page = await get(`http://127.0.0.1:${port}/`).catch((e: Error) => {
        lastError = e.message;
        return null;
      });
      if (!page) await sleep(250);
    }
    assert.ok(page, `no HTTP answer on port ${port}: ${lastError}\n${logs()}`);
    assert.equal(page.status, 200, `${page.body}\n${logs()}`);
    assert.equal(page.body, 'django-ready e2e: hello from Django\nsettings=e2esite.settings\nprocess=e2esite-web\n');
  } finally {
    ctl(main, 'shutdown');
    await Promise.race([exited(supervisord), timeout(15_000)]);
    if (supervisord.exitCode === null && supervisord.signalCode === null && supervisord.pid) {
      try {
        process.kill(-supervisord.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await Promise.race([exited(supervisord), timeout(5_000)]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
