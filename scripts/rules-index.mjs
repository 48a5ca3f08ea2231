// Writes docs/rules/README.md, the index of every diagnostic code, from the rule registry.
// Run after adding a code: `npm run build && node scripts/rules-index.mjs` (a unit test checks the index is current).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { renderRulesIndex } = require(path.join(ROOT, 'build', 'server', 'src', 'service', 'rules', 'rulesIndex.js'));
fs.writeFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), renderRulesIndex());
console.log('wrote docs/rules/README.md');
