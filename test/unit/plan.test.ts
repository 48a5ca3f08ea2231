// Fix planning (server/src/service/fixes/plan.ts) under a time budget: it answers with what it planned so far,
// says so, and planning again goes on from there; starting from the editor's analysis and parses plans exactly
// what a cold start plans.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { LanguageService } from '../../server/src/service/index';
import { OverlayFileSystem, type OverlayText } from '../../server/src/service/project/overlayFileSystem';
import { fuzzWorkspaces } from '../fuzz/corpus';
import { settingsProject } from '../helpers/project';

const SETTINGS = 'SECRET_KEY = "django-insecure-x"\nDEBUG = True\nALLOWED_HOSTS = []\nSESSION_COOKIE_SECURE = False\n';

function editorOf(): { service: LanguageService; fs: OverlayFileSystem; planned: Map<string, OverlayText> } {
  const planned = new Map<string, OverlayText>();
  const fs = new OverlayFileSystem(new NodeFileSystem(), planned);
  return { service: new LanguageService(fs), fs, planned };
}

describe('fix-all under a time budget', () => {
  test('with no time left it plans the first fix from the current analysis, says it is unfinished, and planning again goes on', () => {
    const root = settingsProject(SETTINGS);
    const { service, fs, planned } = editorOf();
    const [project] = service.discover([root]).projects;
    const everything = new LanguageService(fs).planFixes(project, { budgetMs: 60_000 });
    assert.ok(everything.applied.length >= 3, everything.applied.join(' | '));
    assert.equal(everything.unfinished, false);

    const applied: string[] = [];
    for (let run = 1; run <= everything.applied.length + 2; run++) {
      const analysis = service.analyze(project);
      const plan = service.planFixes(project, { analysis, budgetMs: 0 });
      if (!plan.outcomes.length) break;
      assert.equal(plan.applied.length, 1, 'one fix per run when the budget is spent');
      applied.push(...plan.applied);
      // The editor applies the edit: the next run starts from its result.
      let version = run;
      for (const outcome of plan.outcomes) planned.set(outcome.file, { text: outcome.after, version: `editor:${version++}` });
    }
    assert.deepEqual(applied, everything.applied, 'the same fixes, one run at a time');
    const settings = path.join(root, 'mysite', 'settings.py');
    assert.equal(planned.get(settings)?.text, everything.outcomes.find((outcome) => outcome.file === settings)?.after);
  });

  test('starting from the editor analysis and parses plans what a cold start plans, on every fixture project', () => {
    for (const workspace of fuzzWorkspaces()) {
      const { service, fs } = editorOf();
      for (const project of service.discover([workspace.root]).projects) {
        const cold = new LanguageService(fs).planFixes(project, { budgetMs: 60_000 });
        const warm = service.planFixes(project, { analysis: service.analyze(project), budgetMs: 60_000 });
        assert.deepEqual(warm, cold, `${workspace.name}: ${project.root}`);
      }
    }
  });
});
