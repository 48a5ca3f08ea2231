// The development corpus (../shared/corpus: real open-source Django projects) against the verdicts in
// test/corpus/expectations.json: the production module the repository shows, the findings that must and must not
// be reported, the variables production must and need not set, and a reviewed verdict for every finding. Skipped
// with a note when the corpus is absent (DJANGO_READY_CORPUS points elsewhere).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { LanguageService } from '../../server/src/service/index';
import { REPO_ROOT } from '../helpers/paths';

type Verdict = 'true' | 'false' | 'debatable';

interface Expectation {
  module: string;
  alsoAccepted?: string[];
  mustReport?: string[];
  mustNotReport?: string[];
  required?: string[];
  notRequired?: string[];
  verdicts: Record<string, [Verdict, string]>;
}

const CORPUS = path.resolve(process.env.DJANGO_READY_CORPUS ?? path.join(REPO_ROOT, '..', 'shared', 'corpus'));
const EXPECTATIONS = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'corpus', 'expectations.json'), 'utf8')) as {
  projects: Record<string, Expectation>;
};
const present = fs.existsSync(CORPUS);

function analyse(name: string): ProjectAnalysis {
  const service = new LanguageService(new NodeFileSystem());
  const projects = service.discover([path.join(CORPUS, name)]).projects;
  assert.equal(projects.length, 1, `one Django project in ${name}`);
  return service.analyze(projects[0]);
}

const tally: Record<Verdict, number> = { true: 0, false: 0, debatable: 0 };

describe(`corpus (${present ? CORPUS : 'absent: skipped'})`, {
  skip: present ? false : `${CORPUS} is absent; set DJANGO_READY_CORPUS to run the corpus suite`,
}, () => {
  for (const [name, expected] of Object.entries(EXPECTATIONS.projects)) {
    test(name, () => {
      const analysis = analyse(name);
      const module = analysis.settings?.moduleName ?? analysis.project.production?.name;
      assert.ok(
        [expected.module, ...(expected.alsoAccepted ?? [])].includes(module ?? ''),
        `${name}: production module ${module}, expected ${expected.module}`,
      );
      const codes = new Set(analysis.findings.map((finding) => finding.code));
      for (const code of expected.mustReport ?? []) assert.ok(codes.has(code), `${name}: ${code} must be reported`);
      for (const code of expected.mustNotReport ?? []) {
        const found = analysis.findings.find((finding) => finding.code === code);
        assert.ok(!found, `${name}: ${code} must not be reported: ${found?.message}`);
      }
      const required = new Set(analysis.environment.filter((read) => read.required).map((read) => read.name));
      for (const variable of expected.required ?? []) assert.ok(required.has(variable), `${name}: production must set $${variable}`);
      for (const variable of expected.notRequired ?? []) assert.ok(!required.has(variable), `${name}: $${variable} is optional, not required`);
      const crashed = analysis.checklist.filter((area) => /internal error/.test(area.reason));
      assert.deepEqual(
        crashed.map((area) => `${area.area}: ${area.reason}`),
        [],
        `${name}: no rule may crash`,
      );
      for (const finding of analysis.findings) {
        const verdict = expected.verdicts[finding.code];
        assert.ok(
          verdict,
          `${name}: ${finding.code} at ${path.relative(CORPUS, finding.location.file)}:${finding.location.range.start.line + 1} has no reviewed verdict: ${finding.message}`,
        );
        tally[verdict[0]]++;
      }
    });
  }

  test('at least 90% of the findings are true positives', () => {
    const total = tally.true + tally.false + tally.debatable;
    const share = total ? tally.true / total : 1;
    console.log(`corpus findings: ${total}, true ${tally.true}, false ${tally.false}, debatable ${tally.debatable} (${(share * 100).toFixed(1)}% true)`);
    assert.ok(share >= 0.9, `${(share * 100).toFixed(1)}% true positives`);
  });
});
