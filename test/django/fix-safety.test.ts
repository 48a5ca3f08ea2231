// The fix-safety referee (test/django/fixSafety.ts) over every fixture project and, when it is present, every
// project of the development corpus (../shared/corpus): each fix `check --fix` applies changes only the settings
// its code declares, drops no entry of a list or dict, and never turns settings that import into settings that do
// not; the lines the fixes write fit in 99 characters, and a file Black left alone stays so. The table of what each
// fix changed is printed and written to build/fix-safety/table.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { copyFixture, FIXTURE_PROJECTS, label } from '../fuzz/corpus';
import { REPO_ROOT } from '../helpers/paths';
import { writeProject } from '../helpers/project';
import { layoutProblems, problemsOf, type ProjectVerdict, refereeFolder, verdictTable } from './fixSafety';

const CORPUS = path.resolve(process.env.DJANGO_READY_CORPUS ?? path.join(REPO_ROOT, '..', 'shared', 'corpus'));
const corpusPresent = fs.existsSync(CORPUS);
const corpusProjects = corpusPresent
  ? fs
      .readdirSync(CORPUS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
  : [];

const verdicts: ProjectVerdict[] = [];

after(() => {
  if (!verdicts.length) return;
  const out = path.join(REPO_ROOT, 'build', 'fix-safety');
  fs.mkdirSync(out, { recursive: true });
  const table = verdictTable(verdicts);
  fs.writeFileSync(path.join(out, 'table.md'), table);
  console.log(`${table}\n(written to ${path.relative(REPO_ROOT, path.join(out, 'table.md'))})`);
});

function judge(name: string, root: string): ProjectVerdict[] {
  const found = refereeFolder(name, root);
  verdicts.push(...found);
  return found;
}

describe('fix safety on the fixture projects', () => {
  for (const source of FIXTURE_PROJECTS) {
    test(label(source), () => {
      const found = judge(label(source), copyFixture(source));
      assert.ok(found.length > 0, 'a project is found');
      for (const project of found) {
        assert.ok('series' in project.imported, `${project.name}: the settings import before any fix: ${JSON.stringify(project.imported)}`);
        assert.deepEqual(project.fixes.flatMap(problemsOf), [], `${project.name}: every fix changes only what its code declares`);
        assert.deepEqual(layoutProblems(project), [], `${project.name}: the fixes write lines within 99 characters, laid out as Black lays them out`);
      }
      assert.ok(
        found.some((project) => project.fixes.length > 0),
        'some fix was judged',
      );
    });
  }
});

describe(`fix safety on the corpus (${corpusPresent ? CORPUS : 'absent: skipped'})`, {
  skip: corpusPresent ? false : `${CORPUS} is absent; set DJANGO_READY_CORPUS to run it`,
}, () => {
  for (const name of corpusProjects) {
    test(name, () => {
      const copy = writeProject({});
      fs.cpSync(path.join(CORPUS, name), copy, { recursive: true });
      // Projects none of the referees can import (files the corpus leaves out) are in the table, not judged.
      for (const project of judge(name, copy)) {
        assert.deepEqual(project.fixes.flatMap(problemsOf), [], `${project.name}: every fix changes only what its code declares`);
        assert.deepEqual(layoutProblems(project), [], `${project.name}: the fixes write lines within 99 characters, laid out as Black lays them out`);
      }
    });
  }
});
