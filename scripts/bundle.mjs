// Bundles the three shipped entry points with esbuild. The tree-sitter native addons stay external:
// they are loaded from node_modules beside the bundle (and shipped in the VSIX) with their prebuilt binaries.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  external: ['tree-sitter', 'tree-sitter-python', 'vscode'],
  logLevel: 'warning',
  // ASCII (esbuild's default, said here because the launchers read the bundles as latin1: see codeCache.ts).
  charset: 'ascii',
  minifySyntax: true,
  define: { __DJANGO_READY_VERSION__: JSON.stringify(version) },
};

const bundles = [
  // server.js and cli.js are small launchers that run their bundle through V8's code cache (server/src/codeCache.ts).
  { entryPoints: ['server/src/serverLauncher.ts'], outfile: 'server/out/server.js' },
  { entryPoints: ['server/src/main.ts'], outfile: 'server/out/server-main.js' },
  { entryPoints: ['server/src/cliLauncher.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli-main.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js' },
];

await Promise.all(bundles.map((options) => build({ ...common, ...options })));

for (const { outfile } of bundles) {
  const url = new URL(`../${outfile}`, import.meta.url);
  // esbuild wraps each `import * as path from 'node:path'` (fifty modules) in __toESM, which copies the module's
  // properties onto a new object, a getter each: ~1.7 ms of every start. Node's built-in modules are plain objects
  // the code only reads properties of, so the bundles take them as require gives them; a default import of one
  // (which would read `.default`) is refused below.
  const text = readFileSync(url, 'latin1').replace(/__toESM\(require\("(node:[\w/]+)"\)\)/g, 'require("$1")');
  const defaultRead = /\bimport_node_\w+\.default\b/.exec(text);
  if (defaultRead) throw new Error(`${outfile} reads ${defaultRead[0]}: import the built-in module's names instead of its default`);
  writeFileSync(url, text, 'latin1');
  // The launchers read the bundles as latin1, which reads only ASCII as UTF-8 would.
  const at = Buffer.from(text, 'latin1').findIndex((byte) => byte > 0x7f);
  if (at !== -1) throw new Error(`${outfile} holds a byte outside ASCII at offset ${at}; the launchers read bundles as latin1`);
}
