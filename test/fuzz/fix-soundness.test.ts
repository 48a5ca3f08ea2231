// Fix soundness, as properties over every fixture project: each fixable finding's fix, applied on its own,
// stays inside the project, creates only files that do not exist, leaves valid Python (the real interpreter's
// ast.parse), removes its finding, adds no error, and is not offered again. `--fix` on a whole project
// converges in one pass. Projects in folders with odd names, and files the fixes would like to create that
// already exist, come through byte for byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { unsafeFixReason } from '../../server/src/service/fixes/safety';
import { applyTextEdits, mergeChanges } from '../../server/src/service/fixes/textEdits';
import { LanguageService } from '../../server/src/service/index';
import { exists, FileReadError } from '../../server/src/service/fileSystem';
import { OverlayFileSystem, type OverlayText } from '../../server/src/service/project/overlayFileSystem';
import type { Finding, Fix } from '../../server/src/service/types';
import { CLI, REPO_ROOT } from '../helpers/paths';
import { writeProject } from '../helpers/project';
import { copyFixture, FIXTURE_PROJECTS, label, SUPERVISOR_HOST_NAME, supervisorHost } from './corpus';
import { pythonSyntaxErrors } from './pythonBatch';

/** Every project of the folder, analysed through `overlay` (planned texts over the disk). */
function analyseFolder(root: string, overlay: ReadonlyMap<string, OverlayText> = new Map()): ProjectAnalysis[] {
  const service = new LanguageService(new OverlayFileSystem(new NodeFileSystem(), overlay));
  return service.discover([root]).projects.map((project) => service.analyze(project));
}

const findingKey = (finding: Finding): string => `${finding.code} ${path.basename(finding.location.file)}: ${finding.message}`;

function countBy(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(findingKey(finding), (counts.get(findingKey(finding)) ?? 0) + 1);
  return counts;
}

/** The fix applied in memory the way the CLI writes it: edits of one file together, creations never overwriting. */
function applyInMemory(fix: Fix, overlay: Map<string, OverlayText>): void {
  const disk = new NodeFileSystem();
  for (const change of mergeChanges(fix.changes)) {
    if (change.kind === 'create') {
      assert.ok(!exists(disk, change.file), `${fix.title}: creates ${change.file}, which exists`);
      overlay.set(change.file, { text: change.content, version: 'fixed' });
      continue;
    }
    const current = disk.readText(change.file);
    assert.ok(!(current instanceof FileReadError), `${fix.title}: edits ${change.file}, which cannot be read`);
    overlay.set(change.file, { text: applyTextEdits(current.text, change.edits), version: 'fixed' });
  }
}

interface PythonCheck {
  label: string;
  source: string;
}

/** Applies one finding's fix and checks it; returns the Python texts it produced, for one batched ast.parse. */
function checkOneFix(root: string, projectRoot: string, finding: Finding): PythonCheck[] {
  const fix = finding.fix!;
  const label = `${finding.code} "${fix.title}" in ${path.relative(root, projectRoot) || '.'}`;
  assert.equal(unsafeFixReason(new NodeFileSystem(), fix, projectRoot), undefined, `${label} stays inside the project`);
  const before = analyseFolder(root).find((analysis) => analysis.project.root === projectRoot)!;
  const overlay = new Map<string, OverlayText>();
  applyInMemory(fix, overlay);
  const after = analyseFolder(root, overlay).find((analysis) => analysis.project.root === projectRoot);
  assert.ok(after, `${label}: the project is still found`);

  const key = findingKey(finding);
  assert.ok((countBy(after.findings).get(key) ?? 0) < countBy(before.findings).get(key)!, `${label} removes its finding: ${key}`);
  const errorsBefore = countBy(before.findings.filter((f) => f.severity === 'error'));
  for (const [errorKey, count] of countBy(after.findings.filter((f) => f.severity === 'error'))) {
    assert.ok(count <= (errorsBefore.get(errorKey) ?? 0), `${label} adds no error, but now: ${errorKey}`);
  }
  const again = after.findings.find((f) => f.fix && JSON.stringify(f.fix) === JSON.stringify(fix));
  assert.equal(again, undefined, `${label} is not offered again after it was applied`);
  return [...overlay].filter(([file]) => file.endsWith('.py')).map(([file, { text }]) => ({ label: `${label}: ${path.relative(root, file)}`, source: text }));
}

function assertValidPython(checks: readonly PythonCheck[]): void {
  const errors = pythonSyntaxErrors(checks.map((check) => check.source));
  const broken = checks.flatMap((check, index) => (errors[index] ? [`${check.label}: ${errors[index]}`] : []));
  assert.deepEqual(broken, [], 'every fixed Python file parses');
}

function runFix(root: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'check', root, '--fix', '--format', 'json', '--fail-level', 'never'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stderr: result.stderr };
}

function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files[path.relative(root, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name)).toString('base64');
  }
  return files;
}

/** --fix twice: the second run changes no byte. Returns what the first run changed. */
function assertConvergesInOnePass(root: string): Record<string, string> {
  const original = snapshot(root);
  assert.equal(runFix(root).status, 0);
  const fixed = snapshot(root);
  const second = runFix(root);
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual(snapshot(root), fixed, 'a second --fix changes nothing');
  return Object.fromEntries(Object.entries(fixed).filter(([file, content]) => original[file] !== content));
}

/** Each fixture folder, and a way to get a fresh copy of it. */
const fixtureFolders: { name: string; copy: () => string }[] = [
  ...FIXTURE_PROJECTS.map((source) => ({ name: label(source), copy: () => copyFixture(source) })),
  { name: SUPERVISOR_HOST_NAME, copy: () => supervisorHost().root },
];

describe('every fix of every fixture project', () => {
  for (const folder of fixtureFolders) {
    test(`${folder.name}: each fix alone is sound`, () => {
      const root = folder.copy();
      const checks: PythonCheck[] = [];
      let fixes = 0;
      for (const analysis of analyseFolder(root)) {
        for (const finding of analysis.findings) {
          if (!finding.fix) continue;
          fixes++;
          checks.push(...checkOneFix(root, analysis.project.root, finding));
        }
      }
      assert.ok(fixes > 0, 'the fixture has something to fix');
      assertValidPython(checks);
    });

    test(`${folder.name}: --fix converges in one pass and leaves valid Python`, () => {
      const root = folder.copy();
      const changed = assertConvergesInOnePass(root);
      const python = Object.keys(changed).filter((file) => file.endsWith('.py'));
      assertValidPython(python.map((file) => ({ label: `${folder.name}: ${file}`, source: fs.readFileSync(path.join(root, file), 'utf8') })));
    });
  }
});

/** Every file under `dir` except those under `skip`, as relative path -> base64 content. */
function snapshotOutside(dir: string, skip: string): Record<string, string> {
  const all = snapshot(dir);
  const prefix = path.relative(dir, skip) + path.sep;
  return Object.fromEntries(Object.entries(all).filter(([file]) => !file.startsWith(prefix)));
}

const ODD_FOLDER_NAMES = [
  'my project',
  'dots..in..name',
  '..leading-dots',
  `it's "quoted"`,
  'проект 日本',
  'Ünïcödé Site',
  'back\\slash',
  '%(here)s;#$x',
  'a -- b',
];
/** A complete HTML5 base layout of our own, so nothing is left to fix in it: it must come through byte for byte. */
const MINE_BASE = [
  '<!DOCTYPE html>',
  '{% load static %}',
  '<html lang="en">',
  '<head>',
  '  <meta charset="utf-8">',
  '  <meta name="viewport" content="width=device-width, initial-scale=1">',
  '  <title>{% block title %}Ours{% endblock %}</title>',
  '  <link rel="stylesheet" href="{% static \'css/ours.css\' %}">',
  '</head>',
  '<body>{% block content %}{% endblock %}<script src="{% static \'js/ours.js\' %}" defer></script></body>',
  '</html>',
  '',
].join('\n');
const MINE_CONF = '; our own placeholder, not a program yet: must survive\n';

describe('fixes in odd places', () => {
  for (const name of ODD_FOLDER_NAMES) {
    test(`a project in a folder named ${JSON.stringify(name)}: --fix writes only inside it and creates no file that exists`, () => {
      const parent = writeProject({ 'outside/marker.txt': 'not the project\n' });
      const root = path.join(parent, name);
      fs.cpSync(path.join(REPO_ROOT, 'examples', 'mysite'), root, { recursive: true });
      const [project] = new LanguageService(new NodeFileSystem()).discover([root]).projects;
      // Files the fixes would create: they exist already, with content of our own.
      const mine: Record<string, string> = { 'templates/base.html': MINE_BASE, [`deploy/supervisor/${project.name}-web.conf`]: MINE_CONF };
      for (const [relative, content] of Object.entries(mine)) {
        fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        fs.writeFileSync(path.join(root, relative), content);
      }
      // The placeholder runs nothing, so the web server is still unsupervised: the fix would want that very file.
      assert.ok(
        analyseFolder(root)[0].findings.some((finding) => finding.code === 'DR701'),
        'DR701 is reported',
      );
      const outside = snapshotOutside(parent, root);
      const changed = assertConvergesInOnePass(root);
      for (const [relative, content] of Object.entries(mine))
        assert.equal(fs.readFileSync(path.join(root, relative), 'utf8'), content, `${relative} is untouched`);
      assert.deepEqual(snapshotOutside(parent, root), outside, 'nothing outside the project changed');
      assert.ok(Object.keys(changed).includes(path.join('mysite', 'settings.py')), 'the settings were fixed');
      assertValidPython(
        Object.keys(changed)
          .filter((file) => file.endsWith('.py'))
          .map((file) => ({ label: file, source: fs.readFileSync(path.join(root, file), 'utf8') })),
      );
    });
  }

  test('configured folders that lead out of the project (apps, libs, supervisor) are never written', () => {
    const parent = writeProject({ 'outside/marker.txt': 'not the project\n' });
    const root = path.join(parent, 'site');
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'mysite'), root, { recursive: true });
    fs.writeFileSync(
      path.join(root, 'pyproject.toml'),
      '[tool.django-ready]\napps-package = "../apps"\nlibs-package = "../../libs"\nsupervisor-directory = "../outside/supervisor"\n',
    );
    const outside = snapshotOutside(parent, root);
    const refused = analyseFolder(root).flatMap((analysis) =>
      analysis.findings.filter((finding) => finding.fix && unsafeFixReason(new NodeFileSystem(), finding.fix, root)),
    );
    assert.ok(refused.length > 0, 'some fix would leave the project');
    for (const finding of refused) {
      assert.ok(
        finding.fix!.changes.some((change) => !path.resolve(change.file).startsWith(root + path.sep)),
        `${finding.code} is refused only for leaving the project`,
      );
    }
    assertConvergesInOnePass(root);
    assert.deepEqual(snapshotOutside(parent, root), outside, 'nothing outside the project changed');
  });
});
