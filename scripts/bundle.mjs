// Bundles the three shipped entry points with esbuild. The tree-sitter native addons stay external:
// they are loaded from node_modules beside the bundle (and shipped in the VSIX) with their prebuilt binaries.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  external: ['tree-sitter', 'tree-sitter-python', 'vscode'],
  logLevel: 'warning',
  minifySyntax: true,
  define: { __DJANGO_READY_VERSION__: JSON.stringify(version) },
};

await Promise.all([
  // server.js and cli.js are small launchers that run their bundle through V8's code cache (server/src/codeCache.ts).
  build({ ...common, entryPoints: ['server/src/serverLauncher.ts'], outfile: 'server/out/server.js' }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'server/out/server-main.js' }),
  build({ ...common, entryPoints: ['server/src/cliLauncher.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'server/out/cli-main.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js' }),
]);
