// The V8 code cache the CLI and the server start through (server/src/codeCache.ts) must never change what they
// do: a missing, corrupted or untrusted cache only costs compile time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, REPO_ROOT } from '../helpers/paths';
import { writeProject } from '../helpers/project';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'mysite');

function check(tmpdir: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'check', EXAMPLE, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmpdir, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cacheFiles(tmpdir: string): string[] {
  const folder = fs.readdirSync(tmpdir).find((name) => name.startsWith('django-ready-'));
  const codeCache = folder && path.join(tmpdir, folder, 'code-cache');
  return codeCache && fs.existsSync(codeCache) ? fs.readdirSync(codeCache).map((name) => path.join(codeCache, name)) : [];
}

describe('the V8 code cache', () => {
  const reference = check(writeProject({}), { DJANGO_READY_NO_CODE_CACHE: '1' });

  test('is written on the first run, private to the user, and the next run gives the same result', () => {
    const tmpdir = writeProject({});
    assert.deepEqual(check(tmpdir).stdout, reference.stdout);
    const [file] = cacheFiles(tmpdir);
    assert.ok(file, 'a cache file was written');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    const second = check(tmpdir);
    assert.equal(second.status, reference.status);
    assert.equal(second.stdout, reference.stdout);
    assert.deepEqual(cacheFiles(tmpdir), [file], 'one cache per bundle');
  });

  test('a cache per command line, the oldest dropped beyond eight, and an older build leaves none', () => {
    const tmpdir = writeProject({});
    check(tmpdir);
    const [json] = cacheFiles(tmpdir);
    const text = spawnSync(process.execPath, [CLI, 'check', EXAMPLE, '--format', 'text'], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmpdir } });
    assert.equal(text.status, reference.status, text.stderr);
    assert.equal(cacheFiles(tmpdir).length, 2, 'another command line has its own cache');
    // Caches other command lines of this build wrote earlier, and one an older build wrote.
    const old = Date.now() / 1000 - 3600;
    const others = Array.from({ length: 10 }, (_, i) => json.replace(/-[0-9a-f]+\.bin$/, `-0ld${i}.bin`));
    const olderBuild = json.replace(/-([0-9a-f]+)-([0-9a-f]+)\.bin$/, '-0ldbuild-$2.bin');
    for (const file of [...others, olderBuild]) {
      fs.writeFileSync(file, 'cache');
      fs.utimesSync(file, old, old);
    }
    const sarif = spawnSync(process.execPath, [CLI, 'check', EXAMPLE, '--format', 'sarif'], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmpdir } });
    assert.equal(sarif.status, reference.status, sarif.stderr);
    const left = cacheFiles(tmpdir);
    assert.equal(left.length, 8);
    assert.ok(left.includes(json) && !left.includes(olderBuild), left.join('\n'));
  });

  test('a corrupted cache is ignored and written again', () => {
    const tmpdir = writeProject({});
    check(tmpdir);
    const [file] = cacheFiles(tmpdir);
    fs.writeFileSync(file, 'garbage, not V8 code');
    const run = check(tmpdir);
    assert.equal(run.stdout, reference.stdout, run.stderr);
    assert.notEqual(fs.readFileSync(file, 'utf8'), 'garbage, not V8 code');
  });

  test('a cache folder others can write to is not used', () => {
    const tmpdir = writeProject({});
    const folder = path.join(tmpdir, `django-ready-${process.getuid?.() ?? 'user'}`);
    fs.mkdirSync(path.join(folder, 'code-cache'), { recursive: true });
    fs.chmodSync(folder, 0o777);
    const run = check(tmpdir);
    assert.equal(run.stdout, reference.stdout, run.stderr);
    assert.deepEqual(cacheFiles(tmpdir), []);
  });

  test('DJANGO_READY_NO_CODE_CACHE turns it off', () => {
    const tmpdir = writeProject({});
    assert.equal(check(tmpdir, { DJANGO_READY_NO_CODE_CACHE: '1' }).stdout, reference.stdout);
    assert.deepEqual(cacheFiles(tmpdir), []);
  });
});
