// Copies the e2e screenshots the Marketplace README shows (media/marketplace/README.md) from the last e2e run
// (test-results/e2e/) into media/screenshots/, where the README links them. Run after `node scripts/e2e.mjs`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = {
  'readiness.png': 'extension-readiness.png',
  'hover.png': 'extension-settings-hover-debug.png',
};
mkdirSync(join(ROOT, 'media', 'screenshots'), { recursive: true });
for (const [target, source] of Object.entries(SHOTS)) {
  const from = join(ROOT, 'test-results', 'e2e', source);
  if (!existsSync(from)) {
    console.error(`update-screenshots: ${from} is missing; run node scripts/e2e.mjs first`);
    process.exit(1);
  }
  copyFileSync(from, join(ROOT, 'media', 'screenshots', target));
  console.log(`media/screenshots/${target} <- test-results/e2e/${source}`);
}
