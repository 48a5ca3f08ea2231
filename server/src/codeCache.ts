// Runs a CommonJS bundle the way `require` would, but compiled through a V8 code cache, so every run after the
// first skips compiling the bundle and the functions it used (Node 20 has no built-in compile cache). The cache
// lives in a folder of the user's own under the temp folder (cacheFolder.ts).
import * as fs from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';
import { cacheFolder, keepNewest, shortHash } from './cacheFolder';
import { toolVersion } from './version';

/** Caches of one installed bundle share a prefix. */
function cachePrefix(bundle: string): string {
  return `${path.basename(bundle, '.js')}-${shortHash(bundle)}-`;
}

/** Which build of the bundle, on which Node. */
function buildPart(bundle: string): string {
  const stat = fs.statSync(bundle);
  return `${shortHash([stat.size, stat.mtimeMs, toolVersion(), process.version, process.arch, cachedDataVersionTag()].join('|'))}`;
}

/**
 * Caches of one build kept at most, one per workload: a cache holds the functions the run that wrote it compiled,
 * so a command run again (in CI, before each commit) finds all of its code there, and one that checks another
 * project does not pay for what the first one left out.
 */
const MAX_WORKLOADS = 8;

/** Writes the cache, and drops the ones older builds of the same bundle left, and the oldest beyond the limit. */
function writeCache(bundle: string, target: string, data: Buffer): void {
  const temporary = `${target}.${process.pid}`;
  fs.writeFileSync(temporary, data, { mode: 0o600 });
  fs.renameSync(temporary, target);
  const folder = path.dirname(target);
  const prefix = cachePrefix(bundle);
  const build = buildPart(bundle);
  const current: string[] = [];
  for (const name of fs.readdirSync(folder)) {
    if (!name.startsWith(prefix) || name === path.basename(target)) continue;
    const file = path.join(folder, name);
    if (name.slice(prefix.length).split(/[-.]/)[0] !== build) fs.rmSync(file, { force: true });
    else current.push(file);
  }
  keepNewest(current, MAX_WORKLOADS - 1);
}

/** `workload` (the command line, for the CLI) picks the cache of that kind of run; the server has one. */
function cachePath(bundle: string, workload: string | undefined): string | undefined {
  if (process.env.DJANGO_READY_NO_CODE_CACHE) return undefined;
  try {
    const folder = cacheFolder('code-cache');
    return folder && path.join(folder, `${cachePrefix(bundle)}${buildPart(bundle)}${workload === undefined ? '' : `-${shortHash(workload)}`}.bin`);
  } catch {
    return undefined;
  }
}

function readCache(file: string | undefined): Buffer | undefined {
  try {
    return file ? fs.readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

export function runBundle(bundle: string, workload?: string): void {
  const target = cachePath(bundle, workload);
  const cached = readCache(target);
  // The bundles are ASCII (esbuild escapes anything else, and scripts/bundle.mjs checks), so latin1 reads the same
  // text as UTF-8 without decoding a megabyte of it on every start.
  const script = new Script(wrap(fs.readFileSync(bundle, 'latin1')), { filename: bundle, cachedData: cached });
  if (target && (!cached || script.cachedDataRejected)) {
    // At exit the cache also holds the functions this run compiled lazily; written once, then reused.
    process.once('exit', () => {
      try {
        writeCache(bundle, target, script.createCachedData());
      } catch {
        // A cache we cannot write only costs the next run its compile time.
      }
    });
  }
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false, children: [], paths: [] };
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  run(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}
