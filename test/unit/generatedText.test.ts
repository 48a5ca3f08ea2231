// Text the fixes write for other programs: values validated as what they claim to be, or quoted so the program
// that reads them (Python, a POSIX shell) gets back exactly the value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { isApplicationTarget, isDottedPath, isHostPort, isPlainAbsolutePath, shellQuote, systemdWord } from '../../server/src/service/fixes/generatedText';
import { pythonString } from '../../server/src/service/python/strings';
import { fixAndRecheck, read, settingsProject } from '../helpers/project';
import { SYSTEM_PYTHON } from '../helpers/paths';
import { runWithSettings } from '../helpers/python';

const NASTY = [
  'plain',
  'NUL \0 inside',
  'lone surrogates \ud800 and \udfff',
  'an emoji \u{1f600} stays',
  'ESC \x1b[31m red',
  'bell \x07, DEL \x7f, C1 \x85 \x9b',
  'line separator \u2028 paragraph \u2029',
  'BOM \ufeff, zero width \u200b, bidi \u202e \u2066',
  'quotes \' " and backslash \\ and \\n',
  'newline \n carriage return \r tab \t form feed \f',
];

describe('pythonString', () => {
  test('the real interpreter reads back exactly the value, from printable source that encodes as UTF-8', () => {
    const sources = NASTY.map(pythonString);
    for (const source of sources) {
      assert.doesNotMatch(source, /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\u200b\u202e\u2066]/, `${JSON.stringify(source)} is printable`);
      assert.equal(Buffer.from(source, 'utf8').toString('utf8'), source, 'no lone surrogate left in the source');
    }
    const script = 'import ast, json, sys\nprint(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))';
    const result = spawnSync(SYSTEM_PYTHON, ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), NASTY);
  });

  test('a fix that keeps a committed development key writes it escaped, and Python loads the same key', () => {
    const key = 'django-insecure-\0\ud800\x1b[31m\u2028\x7fend';
    const root = settingsProject(`DEBUG = True\nSECRET_KEY = ${pythonString(key)}\n`);
    // The literal as a person would type it: escapes, no raw control characters.
    fixAndRecheck(root, 'DR909');
    const text = read(root, 'mysite/settings.py');
    assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028]/, 'no raw control character in the fixed module');
    const run = runWithSettings(root, 'mysite.settings', 'import json\nfrom django.conf import settings\nprint(json.dumps(settings.SECRET_KEY))', {
      DJANGO_DEBUG: '1',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout), key);
  });
});

describe('values checked against what they claim to be', () => {
  test('dotted paths and application targets', () => {
    for (const good of ['config', 'config.wsgi.application', '_private.mod_2']) assert.ok(isDottedPath(good), good);
    for (const bad of ['', 'a..b', '.a', 'a.', '1a', 'a b', 'a\nb', 'import.wsgi', 'a-b', 'mód', 'a;b', 'a/b'])
      assert.ok(!isDottedPath(bad), JSON.stringify(bad));
    assert.ok(isApplicationTarget('config.wsgi:application'));
    assert.ok(isApplicationTarget('config.wsgi.application'));
    for (const bad of ['config.wsgi:', ':app', 'a:b:c', 'config.wsgi:create_app()', 'x --bind 0.0.0.0:80']) assert.ok(!isApplicationTarget(bad), bad);
  });

  test('host:port and plain absolute paths', () => {
    for (const good of ['127.0.0.1:8000', 'localhost:80', '[::1]:8000', 'web-1.internal.example.com:65535']) assert.ok(isHostPort(good), good);
    for (const bad of ['127.0.0.1', ':80', 'host:0', 'host:65536', 'host:80 ;x', 'a b:80', '-x:80', 'host:8O']) assert.ok(!isHostPort(bad), bad);
    assert.ok(isPlainAbsolutePath('/srv/app/venv'));
    for (const bad of ['srv/app', '/srv/app dir', '/srv/../etc', '/srv/$HOME', '/srv/a;b', '/srv/%(x)s']) assert.ok(!isPlainAbsolutePath(bad), bad);
  });
});

describe('shellQuote', () => {
  test('a POSIX shell gets back exactly each word', () => {
    const words = ['plain', 'with space', "it's", '$(id)', '`id`', '$HOME', 'a;b', 'a|b', '*', '~', 'new\nline', '-n', ''];
    for (const word of words) {
      const result = spawnSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
      assert.equal(result.stdout, word, `${JSON.stringify(word)} quoted as ${shellQuote(word)}`);
    }
  });
});

describe('systemdWord', () => {
  test('specifiers, variables, quotes and control characters are escaped as systemd.syntax(7) says', () => {
    assert.equal(systemdWord('plain'), '"plain"');
    assert.equal(systemdWord('100% of $HOME'), '"100%% of $$HOME"');
    assert.equal(systemdWord('say "hi"\\'), '"say \\"hi\\"\\\\"');
    assert.equal(systemdWord('a\nb\x1b'), '"a\\nb\\x1b"');
    assert.equal(systemdWord('nul\0'), undefined);
  });
});
