// One page per supervisor code, with the header shape the docs use, and examples that do what they say:
// the first ini block triggers the code, the second (the fixed version) does not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRuleMetas } from '../../server/src/service/codes';
import { validateSupervisorFiles } from '../../server/src/service/supervisor/validate';
import '../../server/src/service/supervisor/codes';
import { REPO_ROOT } from '../helpers/paths';
import { PROJECT_CONTEXT } from './fixtures';

const metas = allRuleMetas().filter((m) => /^DR7[1-9]\d$/.test(m.code));

test('there are supervisor codes to document', () => assert.ok(metas.length >= 30));

for (const meta of metas) {
  test(`docs/rules/${meta.code}.md has the standard header and sections, and its examples hold`, () => {
    const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${meta.code}.md`), 'utf8');
    const lines = page.split('\n');
    assert.equal(lines[0], `# ${meta.code}: ${meta.title}`);
    assert.equal(lines[1], '');
    assert.equal(lines[2], `Area: process-supervisor · Severity: ${meta.severity} · Django check: none · Fix: ${meta.fixable ? 'yes' : 'no'}`);
    const headings = lines.filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, ['## What it means', '## How to fix', '## Example']);

    const blocks = [...page.matchAll(/```ini\n([\s\S]*?)```/g)].map((m) => m[1]);
    if (meta.code === 'DR712') return; // A byte order mark cannot be shown in a code block.
    assert.ok(blocks.length >= 1, 'an ini example');
    const codes = (text: string) => validateSupervisorFiles([{ path: '/etc/supervisor/conf.d/web.conf', text }], PROJECT_CONTEXT).map((f) => f.code);
    assert.ok(codes(blocks[0]).includes(meta.code), `the first example does not trigger ${meta.code}: ${codes(blocks[0])}`);
    if (blocks[1] !== undefined) assert.ok(!codes(blocks[1]).includes(meta.code), 'the fixed example still triggers the code');
  });
}
