// Entry point VS Code calls with --extensionTestsPath: runs every *.test.js beside it with mocha.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

// mocha 12 is an ES module; its CommonJS build is what an extension host (CommonJS, any Node) can require.
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000 });
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js'))) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} VS Code API test(s) failed`)) : resolve()));
  });
}
