import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import '../../server/src/service/rules/index';
import { DJANGO_ID_SERIES, describeIdSeries } from '../../server/src/service/rules/djangoIds';
import { allRuleMetas, docsUrl } from '../../server/src/service/codes';
import { REPO_ROOT } from '../helpers/paths';

test('every code has a docs page whose header matches its metadata', () => {
  const metas = allRuleMetas();
  assert.ok(metas.length >= 12);
  for (const meta of metas) {
    const file = path.join(REPO_ROOT, 'docs', 'rules', `${meta.code}.md`);
    assert.ok(fs.existsSync(file), `missing docs page for ${meta.code}`);
    const [heading, , facts] = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(heading, `# ${meta.code}: ${meta.title}`, `${meta.code} heading`);
    const djangoCheck = meta.djangoId ? `${meta.djangoId} (Django ${describeIdSeries(meta.djangoId)})` : 'none';
    assert.equal(
      facts,
      `Area: ${meta.area} · Severity: ${meta.severity} · Django check: ${djangoCheck} · Fix: ${meta.fixable ? 'yes' : 'no'}`,
      `${meta.code} facts line`,
    );
    assert.ok(docsUrl(meta.code).endsWith(`/docs/rules/${meta.code}.md`));
  }
});

test('every Django id a code mirrors says in which Django series it exists', () => {
  for (const meta of allRuleMetas())
    if (meta.djangoId) assert.ok(DJANGO_ID_SERIES[meta.djangoId], `${meta.code}: no series for ${meta.djangoId} in rules/djangoIds.ts`);
});

test("codes are unique, well-formed, and in their area's block", () => {
  const blocks: Record<string, RegExp> = {
    settings: /^DR0\d\d$/,
    'db-connections': /^DR1\d\d$/,
    'template-loader': /^DR2\d\d$/,
    'session-cache': /^DR3\d\d$/,
    'apps-libs-layout': /^DR4\d\d$/,
    'templates-location': /^DR5\d\d$/,
    'html5-base': /^DR6\d\d$/,
    'process-supervisor': /^DR7\d\d$/,
    'static-files': /^DR8[0-4]\d$/,
    'error-reporting': /^DR8[5-9]\d$/,
    security: /^DR9\d\d$/,
  };
  for (const meta of allRuleMetas()) assert.match(meta.code, blocks[meta.area], `${meta.code} is outside the ${meta.area} block`);
});

test('docs/rules/README.md lists every code (regenerate with node scripts/rules-index.mjs)', () => {
  const { renderRulesIndex } = require('../../server/src/service/rules/rulesIndex') as typeof import('../../server/src/service/rules/rulesIndex');
  assert.equal(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'README.md'), 'utf8'), renderRulesIndex());
});
