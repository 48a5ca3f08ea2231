// Every fixture against both judges: our validator (exact codes, fixes) and supervisor 4.2.5's own parser
// (loads what we call valid, refuses what we call rejected, for the reason we give).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import type { Finding } from '../../server/src/service/types';
import { validateSupervisorFiles } from '../../server/src/service/supervisor/validate';
import { loadFixtures, type Fixture } from './fixtures';
import { loadManyWithSupervisor, skipReason, type RealVerdict } from './realSupervisor';

function validate(fixture: Fixture, texts?: Map<string, string>): Finding[] {
  return validateSupervisorFiles(
    fixture.files.map((f) => ({ path: f.path, text: texts?.get(f.path) ?? f.text })),
    fixture.context,
  );
}

/** Applies the fixes of all findings to the fixture's files (or to `texts`, a later version of them). */
function fixedTexts(fixture: Fixture, findings: Finding[], texts?: Map<string, string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const file of fixture.files) {
    const edits = findings.flatMap((f) => f.fix?.changes ?? []).flatMap((c) => (c.kind === 'edit' && c.file === file.path ? c.edits : []));
    result.set(file.path, applyTextEdits(texts?.get(file.path) ?? file.text, edits));
  }
  return result;
}

const GROUPS = ['valid', 'rejected', 'silent', 'project'] as const;
const ALL = GROUPS.flatMap((group) => loadFixtures(group).map((fixture) => ({ group, fixture })));

/** supervisord's verdict on every fixture as written and after its fixes, from one interpreter run. */
let verdicts: Map<Fixture, { original: RealVerdict; fixed: RealVerdict }> | undefined;
function realVerdicts(fixture: Fixture): { original: RealVerdict; fixed: RealVerdict } {
  if (!verdicts) {
    const configs = ALL.flatMap(({ fixture: f }) => {
      const texts = fixedTexts(f, validate(f));
      return [f.files.map((file) => ({ name: file.path, text: file.text })), f.files.map((file) => ({ name: file.path, text: texts.get(file.path)! }))];
    });
    const results = loadManyWithSupervisor(configs);
    verdicts = new Map(ALL.map(({ fixture: f }, i) => [f, { original: results[2 * i], fixed: results[2 * i + 1] }]));
  }
  return verdicts.get(fixture)!;
}

for (const { group, fixture } of ALL) {
  test(`${fixture.name}: the validator reports exactly the expected codes`, () => {
    const findings = validate(fixture);
    for (const file of fixture.files) {
      const codes = [...new Set(findings.filter((f) => f.location.file === file.path).map((f) => f.code))].sort();
      assert.deepEqual(codes, file.expect, `${file.path}:\n${findings.map((f) => `  ${f.code} ${f.message}`).join('\n')}`);
    }
    const errors = findings.filter((f) => f.severity === 'error');
    if (group === 'rejected') {
      assert.ok(errors.length > 0, 'a rejected fixture must have an error finding');
      assert.ok(fixture.supervisordError, 'a rejected fixture names the supervisord error it expects');
    } else {
      assert.deepEqual(errors, [], 'only rejected fixtures may have errors');
    }
  });

  const withFixes = fixture.files.filter((f) => f.fixed !== null);
  if (withFixes.length > 0) {
    test(`${fixture.name}: applying the fixes gives the .fixed text, which no longer has those findings`, () => {
      const findings = validate(fixture);
      const texts = fixedTexts(fixture, findings);
      for (const file of withFixes) assert.equal(texts.get(file.path), file.fixed);
      const fixedCodes = new Set(findings.filter((f) => f.fix).map((f) => f.code));
      const after = validate(fixture, texts).filter((f) => fixedCodes.has(f.code));
      assert.deepEqual(
        after.map((f) => `${f.code} ${f.message}`),
        [],
      );
      // Fixing twice changes nothing more.
      assert.deepEqual(
        fixedTexts(
          fixture,
          validate(fixture, texts).filter((f) => fixedCodes.has(f.code)),
          texts,
        ),
        texts,
      );
    });
  }

  test(`${fixture.name}: supervisor 4.2.5 ${group === 'rejected' ? 'refuses it for the same reason' : 'loads it'}`, { skip: skipReason() }, () => {
    const errors = validate(fixture).filter((f) => f.severity === 'error');
    const { original: verdict, fixed } = realVerdicts(fixture);
    if (errors.length > 0) {
      assert.equal(verdict.ok, false, `supervisord accepted a config we reject: ${errors.map((e) => e.message).join('; ')}`);
      assert.ok(verdict.error.includes(fixture.supervisordError!), `supervisord said: ${verdict.error}`);
    } else {
      assert.equal(verdict.ok, true, `supervisord refused a config we accept: ${verdict.error}`);
    }
    if (withFixes.length > 0) {
      const texts = fixedTexts(fixture, validate(fixture));
      const remaining = validate(fixture, texts).filter((f) => f.severity === 'error');
      assert.equal(fixed.ok, remaining.length === 0, `after the fixes supervisord said: ${fixed.error || 'ok'}`);
    }
  });
}
