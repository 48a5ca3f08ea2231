// Packs the VSIX and proves it works.
//
// vsce refuses a package.json that has both "files" (kept: it shapes the npm package of the CLI) and a
// .vscodeignore, so the VSIX is packed from a staging copy: what .vscodeignore lets through, the production
// dependencies (vsce filters them with the same .vscodeignore), and the manifest without "files" and scripts.
// With --target (e.g. linux-x64) only that platform's tree-sitter binaries ship, in a platform-specific VSIX.
// Its README is media/marketplace/README.md, written for users (the repository's README is for contributors).
//
// The VSIX is then unpacked in a temporary folder, far from this repository's node_modules, and checked: the
// CLI checks examples/mysite there (loading tree-sitter from the unpacked node_modules), and the server
// answers initialize over stdio.
//
// Usage (after `npm run build`): node scripts/package.mjs [--target PLATFORM-ARCH] [--out FILE.vsix]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createVSIX, listFiles } from '@vscode/vsce';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE_TARGET = 3 * 1024 * 1024;
const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' } } });
if (values.target && !TARGETS.includes(values.target)) fail(`--target must be one of ${TARGETS.join(', ')}`);
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const out = path.resolve(values.out ?? `${manifest.name}-${manifest.version}${values.target ? `-${values.target}` : ''}.vsix`);

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

for (const bundle of ['client/out/extension.js', 'server/out/server.js', 'server/out/cli.js']) {
  if (!fs.existsSync(path.join(REPO, bundle))) fail(`${bundle} is missing; run npm run build first`);
}

const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-vsix-'));
const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-vsix-check-'));
try {
  await stage();
  await createVSIX({ cwd: staging, packagePath: out, target: values.target, dependencies: true });
  const size = fs.statSync(out).size;
  console.log(
    `${path.relative(process.cwd(), out)}: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes)${size > SIZE_TARGET ? ' — over the 3 MB target' : ''}`,
  );
  await verify();
  console.log('verified: the unpacked CLI checks examples/mysite and the unpacked server answers initialize');
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(unpacked, { recursive: true, force: true });
}

/** Copies what ships (outside node_modules), the production dependencies, .vscodeignore and the manifest. */
async function stage() {
  const shipped = (await listFiles({ cwd: REPO })).filter((file) => !file.startsWith('node_modules/'));
  for (const file of [...shipped, '.vscodeignore']) copy(path.join(REPO, file), path.join(staging, file));
  for (const dir of productionDependencies()) {
    fs.cpSync(dir, path.join(staging, path.relative(REPO, dir)), { recursive: true, filter: (source) => keepForTarget(source) });
  }
  shipLocalBuilds();
  // The Marketplace page is the user-facing README, not the contributor one at the repository's root.
  copy(path.join(REPO, 'media', 'marketplace', 'README.md'), path.join(staging, 'README.md'));
  const { files: _files, scripts: _scripts, devDependencies: _dev, ...staged } = manifest;
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(staged, null, 2));
}

/**
 * Where npm compiled an addon here because its prebuilt binary does not load on this system (tree-sitter's
 * linux-x64 prebuild needs GLIBCXX_3.4.31, newer than Debian 12 or Ubuntu 22.04 have), the binary that does
 * load replaces that prebuild for this platform: it also loads on more systems than the one it replaces.
 */
function shipLocalBuilds() {
  const host = `${process.platform}-${process.arch}`;
  if (values.target && values.target !== host) return;
  const nodeGypBuild = createRequire(import.meta.url)('node-gyp-build');
  for (const dir of productionDependencies()) {
    let loaded;
    try {
      loaded = nodeGypBuild.path(dir);
    } catch {
      continue; // not a native addon
    }
    if (path.relative(dir, loaded).split(path.sep)[0] === 'prebuilds') continue;
    const prebuilds = path.join(staging, path.relative(REPO, dir), 'prebuilds', host);
    const replaced = fs.existsSync(prebuilds) ? fs.readdirSync(prebuilds).find((name) => name.endsWith('.node')) : undefined;
    copy(loaded, path.join(prebuilds, replaced ?? `${path.basename(dir)}.node`));
    console.log(`${path.basename(dir)}: shipping the ${host} binary built here (${path.relative(REPO, loaded)}) instead of the prebuild`);
  }
}

function productionDependencies() {
  const result = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) fail(`npm ls failed:\n${result.stderr}`);
  return result.stdout.split('\n').filter((dir) => dir && path.resolve(dir) !== REPO);
}

/** With --target, prebuilt binaries of other platforms stay behind. */
function keepForTarget(source) {
  if (!values.target) return true;
  const match = /[\\/]prebuilds[\\/]([^\\/]+)/.exec(source);
  return !match || match[1] === values.target;
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

async function verify() {
  // The system Python's zipfile module unpacks without extra tools.
  const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', out, unpacked], { encoding: 'utf8' });
  if (unzip.status !== 0) fail(`unpacking the VSIX failed:\n${unzip.stderr}`);
  const extension = path.join(unpacked, 'extension');
  const env = { ...process.env, NODE_PATH: '' };
  if (values.target && values.target !== `${process.platform}-${process.arch}`) {
    console.log(`(not run: a ${values.target} VSIX cannot load its binaries on ${process.platform}-${process.arch})`);
    return;
  }
  const check = spawnSync(
    process.execPath,
    [path.join(extension, 'server/out/cli.js'), 'check', path.join(REPO, 'examples/mysite'), '--format', 'json', '--fail-level', 'never'],
    { cwd: unpacked, encoding: 'utf8', env },
  );
  if (check.status !== 0) fail(`the unpacked CLI failed (${check.status}):\n${check.stderr}`);
  const readme = fs.readFileSync(path.join(extension, 'readme.md'), 'utf8');
  if (readme !== fs.readFileSync(path.join(REPO, 'media', 'marketplace', 'README.md'), 'utf8'))
    fail('the VSIX does not carry media/marketplace/README.md as its README');
  const report = JSON.parse(check.stdout);
  if (!report.projects?.length || !report.projects[0].findings.length) fail('the unpacked CLI found no project or no findings in examples/mysite');
  const loaded = spawnSync(process.execPath, ['-e', 'process.stdout.write(require.resolve("tree-sitter"))'], {
    cwd: path.join(extension, 'server/out'),
    encoding: 'utf8',
    env,
  });
  if (!loaded.stdout.startsWith(extension)) fail(`tree-sitter resolves to ${loaded.stdout}, not inside the VSIX`);
  await initializeOverStdio(path.join(extension, 'server/out/server.js'), env);
}

/** Starts the unpacked server, sends initialize/shutdown/exit with Content-Length framing, expects exit 0. */
function initializeOverStdio(server, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [server, '--stdio'], { cwd: unpacked, env });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the unpacked server did not answer initialize'));
    }, 20_000);
    const send = (message) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    let received = '';
    let initialized = false;
    child.stdout.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (!initialized && received.includes('"serverInfo"') && received.includes('"django-ready"')) {
        initialized = true;
        send({ method: 'initialized', params: {} });
        send({ id: 2, method: 'shutdown', params: null });
        send({ method: 'exit' });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (initialized && code === 0) resolve();
      else reject(new Error(`the unpacked server exited with ${code}${initialized ? '' : ' before answering initialize'}`));
    });
    send({
      id: 1,
      method: 'initialize',
      params: { processId: process.pid, rootUri: pathToFileURL(path.join(REPO, 'examples/mysite')).href, capabilities: {} },
    });
  });
}
