// Differential test of the one verdict that matters most: on generated conf.d files, the validator reports
// an error exactly when supervisor 4.2.5's own parser refuses the configuration. The parser runs with a
// fixed environment (PATH, LANG, HOME), so ENV_ lookups do not depend on this machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { validateSupervisorFiles } from '../../server/src/service/supervisor/validate';
import { loadManyWithSupervisor, skipReason } from './realSupervisor';

const SECTIONS = [
  '[program:web]',
  '[program:worker]',
  '[eventlistener:ev]',
  '[fcgi-program:fc]',
  '[group:g]',
  '[program:my web]',
  '[program:a:b]',
  '[Program:x]',
  '[DEFAULT]',
  '[supervisord]',
  '[inet_http_server]',
  '[include]',
];

/** Values supervisord takes for each key, and values it refuses (or that are refused in some sections). */
const VALUES: Record<string, { ok: string[]; bad: string[] }> = {
  command: {
    ok: ['/bin/cat', '/bin/echo %(program_name)s', '/bin/echo %(process_num)02d', 'date +%%Y', '/bin/echo %s', 'sh -c "a ; b"', '/bin/echo %(ENV_PATH)s'],
    bad: ['/bin/echo %(nope)s', 'date +%Y', '/bin/echo %(program_name)d', '/bin/echo 50%'],
  },
  autostart: { ok: ['true', 'False', 'yes', 'off', '1'], bad: ['maybe', 'enabled'] },
  autorestart: { ok: ['unexpected', 'true', 'no'], bad: ['always', 'on-failure'] },
  startsecs: { ok: ['10', '0', '-1', ' 5', '1_0'], bad: ['ten', '10s', '%(process_num)s'] },
  priority: { ok: ['999', '-5'], bad: ['high', '%(program_name)s'] },
  numprocs: { ok: ['1', '0'], bad: ['2', 'x'] },
  process_name: { ok: ['%(program_name)s', '%(program_name)s_%(process_num)02d', 'w%(process_num)d'], bad: ['w/1', 'a b', '%(here)s'] },
  stopsignal: { ok: ['TERM', 'sigquit', 'Int', '9', 'KILL'], bad: ['FOO', '40', 'SIG'] },
  stopasgroup: { ok: ['true', 'false'], bad: ['sure'] },
  killasgroup: { ok: ['true', 'false'], bad: ['nah'] },
  exitcodes: { ok: ['0,2', '0', '', '255'], bad: ['0,256', '0,', 'x'] },
  umask: { ok: ['022', '0o22', '7'], bad: ['999', '8', 'rw'] },
  redirect_stderr: { ok: ['true', 'false'], bad: ['perhaps'] },
  stdout_logfile_maxbytes: { ok: ['50MB', '0', '10kb', '1GB', '1024'], bad: ['50M', '10XB', 'MB'] },
  stderr_logfile: { ok: ['NONE', 'AUTO', 'off'], bad: [] },
  environment: {
    ok: ['A="1"', 'A="1",B="x y"', 'A="50%%"', 'A="v@h",', 'A=x y', 'A="1",B=$HOME'],
    bad: ['A=x y,B="2"', 'A=v@h', 'A="a ;b"', 'A=1,,B=2', 'A="50%"', 'A=1 B=2'],
  },
  events: { ok: ['PROCESS_STATE', 'TICK_60, process_log'], bad: ['PROCESS_STAT', '', 'TICK_60,'] },
  socket: { ok: ['tcp://localhost:8000', 'unix:///tmp/x.sock'], bad: ['localhost:8000', 'unix://relative.sock', ''] },
  programs: { ok: ['web', 'web,worker', ''], bad: ['web,nope', 'fc,ev'] },
  buffer_size: { ok: ['10', '1'], bad: ['0', 'big'] },
  // Values that exist here: [DEFAULT] directory also reaches [supervisord], which needs an existing folder.
  directory: { ok: ['/tmp', '%(here)s'], bad: ['%(process)s'] },
  autorestrt: { ok: ['true', 'maybe'], bad: [] },
  serverurl: { ok: ['AUTO', 'unix:///tmp/s.sock'], bad: ['%(process_num)s'] },
  port: { ok: ['127.0.0.1:9001', '*:9001', '9001'], bad: ['127.0.0.1:', 'http', '70000'] },
  username: { ok: ['admin'], bad: [] },
  password: { ok: ['secret'], bad: [] },
  loglevel: { ok: ['warn', 'DEBUG', 'blather'], bad: ['warning', 'verbose'] },
  minfds: { ok: ['1024'], bad: ['many'] },
  files: { ok: ['other/*.conf', ''], bad: [] },
};

const entryLine = fc
  .tuple(fc.constantFrom(...Object.keys(VALUES)), fc.constantFrom('=', ' = ', ':'), fc.integer({ min: 0, max: 99 }), fc.nat())
  .map(([key, sep, roll, pick]) => {
    const { ok, bad } = VALUES[key];
    const pool = roll < 90 || bad.length === 0 ? ok : bad;
    return `${key}${sep}${pool[pick % pool.length]}`;
  });
const line = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...SECTIONS) },
  { weight: 12, arbitrary: entryLine },
  { weight: 1, arbitrary: fc.constantFrom('; comment', '    --continued', 'autostart', '', '  ; indented comment', 'x ; y') },
);
const conf = fc.tuple(fc.constantFrom(...SECTIONS.slice(0, 5)), fc.array(line, { maxLength: 8 })).map(([first, lines]) => `${[first, ...lines].join('\n')}\n`);

test('the validator reports an error exactly when supervisor 4.2.5 refuses the file', { skip: skipReason(), timeout: 120_000 }, () => {
  const seed = 424242;
  const texts = fc.sample(conf, { numRuns: 600, seed });
  const env = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/root' };
  const verdicts = loadManyWithSupervisor(
    texts.map((text) => [{ name: 'app.conf', text }]),
    { env, fragmentsOnly: true },
  );
  const mismatches: string[] = [];
  texts.forEach((text, i) => {
    const errors = validateSupervisorFiles([{ path: '/etc/supervisor/conf.d/app.conf', text }]).filter((f) => f.severity === 'error');
    if (errors.length > 0 !== !verdicts[i].ok) {
      mismatches.push(
        `case ${i}:\n${text}-- supervisord: ${verdicts[i].error || 'loads'}\n-- ours: ${errors.map((e) => `${e.code} ${e.message}`).join(' | ') || 'no error'}`,
      );
    }
  });
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${texts.length} disagree (seed ${seed})`);
});
