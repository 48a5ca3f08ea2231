// What our warnings claim about supervisord's silent behaviour, shown with its own parser: the
// configuration loads, and then the process is not what the file seems to say.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SUPERVISOR_FIXTURES } from './fixtures';
import { loadWithSupervisor, skipReason } from './realSupervisor';

const skip = skipReason();

function load(...names: string[]) {
  const verdict = loadWithSupervisor(names.map((name) => ({ name, text: fs.readFileSync(path.join(SUPERVISOR_FIXTURES, name), 'utf8') })));
  assert.equal(verdict.ok, true, verdict.error);
  return verdict;
}

test('DR730: a misspelt key is ignored and the default applies', { skip }, () => {
  const { processes } = load('silent/unknown-key.conf');
  assert.equal(processes.web.autorestart, 'RestartWhenExitUnexpected');
});

test('DR731: a section with a wrong-case or misspelt prefix starts nothing', { skip }, () => {
  assert.deepEqual(load('silent/section-prefix-case.conf').processes, {});
  assert.deepEqual(load('silent/section-prefix-typo.conf').processes, {});
});

test('DR732: the same program in two files merges, the file read last winning', { skip }, () => {
  const { processes } = load('silent/duplicate-program/web.conf', 'silent/duplicate-program/web-extra.conf');
  assert.deepEqual(Object.keys(processes), ['web']);
  assert.equal(processes.web.autostart, true, 'web.conf sorts after web-extra.conf, so its autostart=true wins');
});

test("DR733: [supervisord] in a conf.d file overrides the main file's settings", { skip }, () => {
  assert.equal(load('silent/main-section-in-conf-d.conf').loglevel, 10);
});

test('DR734: a " ;" inside quotes cuts the command', { skip }, () => {
  const { processes } = load('silent/comment-cuts-command.conf');
  assert.equal(processes['migrate-then-serve'].command, '/bin/sh -c "echo migrate');
});

test('DR735: unquoted environment values are cut without a word', { skip }, () => {
  const { processes } = load('silent/environment-unquoted.conf');
  assert.equal(processes.a.environment.GREETING, 'hello');
  assert.equal(processes.b.environment.HOME_DIR, '$');
  assert.equal(processes.c.environment.PASSWORD, 'p');
  const fixed = loadWithSupervisor([{ name: 'e.conf', text: fs.readFileSync(path.join(SUPERVISOR_FIXTURES, 'silent/environment-unquoted.fixed'), 'utf8') }]);
  assert.deepEqual(
    [fixed.processes.a.environment.GREETING, fixed.processes.b.environment.HOME_DIR, fixed.processes.c.environment.PASSWORD],
    ['hello world', '$HOME/app', 'p#ss'],
  );
});

test('DR736: %(ENV_HOME)s loads from a shell but is refused in the environment systemd gives supervisord', { skip }, () => {
  const text = fs.readFileSync(path.join(SUPERVISOR_FIXTURES, 'silent/env-not-under-systemd.conf'), 'utf8');
  assert.equal(loadWithSupervisor([{ name: 'w.conf', text }], { env: { ...process.env, HOME: '/root' } }).ok, true);
  const systemd = loadWithSupervisor([{ name: 'w.conf', text }], { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
  assert.equal(systemd.ok, false);
  assert.match(systemd.error, /contains names \('ENV_HOME'\) which cannot be expanded/);
});

test('DR737: numprocs=0 loads and starts no process', { skip }, () => {
  assert.deepEqual(load('silent/numprocs-zero.conf').processes, {});
});

test('DR738: numprocs=2 on celery beat starts two schedulers', { skip }, () => {
  assert.deepEqual(Object.keys(load('silent/celery-beat-twice.conf').processes).sort(), ['beat_0', 'beat_1']);
});

test('DR739: two log settings naming one file both keep rotation on', { skip }, () => {
  const { processes } = load('silent/shared-log-file.conf');
  assert.equal(processes.worker.stdout_logfile, processes.worker.stderr_logfile);
});

test('DR742: supervisord itself only warns about stderr_logfile with redirect_stderr, and drops it', { skip }, () => {
  const verdict = load('silent/stderr-logfile-ignored.conf');
  assert.ok(
    verdict.warnings.some((w) => w.includes('redirect_stderr=true but stderr_logfile has also been set')),
    verdict.warnings.join('\n'),
  );
  assert.equal(verdict.processes.web.stderr_logfile, null);
});

test('DR743: of a key written twice, the later value is used', { skip }, () => {
  assert.equal(load('silent/key-set-twice.conf').processes.web.autostart, true);
});

test('DR715 (warning case): a lone %s formats the whole expansion table into the command', { skip }, () => {
  assert.match(load('silent/lone-percent-s.conf').processes.web.command, /^\/bin\/echo \{.*'program_name': 'web'/);
});

test('DR741: without stopwaitsecs supervisord waits only 10 s', { skip }, () => {
  assert.equal(load('silent/stopwaitsecs-default.conf').processes.web.stopwaitsecs, 10);
});
