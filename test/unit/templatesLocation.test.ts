// templates-location (DR501-DR504): one project templates folder in DIRS, no missing folders, no scattering.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, applyFix, applyFixesFor, findingsOf, fixtureProject, MANAGE_PY, read, settingsProject, writeProject } from '../helpers/project';
import { pythonSyntaxError } from '../helpers/python';

const DJANGO_BACKEND = '"BACKEND": "django.template.backends.django.DjangoTemplates"';

function check(analysis: ProjectAnalysis, code: string): string {
  return analysis.checklist.find((a) => a.area === 'templates-location')!.checks.find((c) => c.code === code)!.status;
}

/** Applies the DR501 fix of a one-settings-file project and returns the new settings text, checked to be valid Python. */
function fixedSettings(root: string, file = 'mysite/settings.py'): string {
  const [finding] = findingsOf(analyzeOne(root), 'DR501');
  assert.ok(finding?.fix, 'DR501 fires with a fix');
  applyFix(finding.fix);
  const text = read(root, file);
  assert.equal(pythonSyntaxError(text), undefined, text);
  assert.deepEqual(findingsOf(analyzeOne(root), 'DR501'), [], 'the fix removes its finding');
  return text;
}

describe('DR501 no project-level templates folder', () => {
  test('startproject: the finding is on TEMPLATES; the fix creates templates/ and adds BASE_DIR / "templates" to DIRS', () => {
    const root = fixtureProject('startproject');
    const original = read(root, 'mysite/settings.py');
    const [finding] = findingsOf(analyzeOne(root), 'DR501');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.location.range.start, { line: 53, character: 0 });
    assert.equal(finding.fix!.title, 'Create templates/ and add BASE_DIR / "templates" to TEMPLATES["DIRS"]');
    assert.deepEqual(finding.fix!.changes[0], { kind: 'create', file: path.join(root, 'templates', '.gitkeep'), content: '' });
    const text = fixedSettings(root);
    assert.equal(text, original.replace("'DIRS': [],", `'DIRS': [BASE_DIR / "templates"],`));
    assert.ok(fs.statSync(path.join(root, 'templates')).isDirectory());
  });

  test('a string BASE_DIR gets os.path.join', () => {
    const settings = `import os\n\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n\nTEMPLATES = [{${DJANGO_BACKEND}, "DIRS": [], "APP_DIRS": True}]\n`;
    const root = settingsProject(settings);
    assert.equal(fixedSettings(root), settings.replace('"DIRS": []', '"DIRS": [os.path.join(BASE_DIR, "templates")]'));
  });

  test('without BASE_DIR or a DIRS key: a DIRS entry computed from __file__, and import os', () => {
    const root = settingsProject(`TEMPLATES = [\n    {\n        ${DJANGO_BACKEND},\n        "APP_DIRS": True,\n    },\n]\n`);
    assert.equal(
      fixedSettings(root),
      `import os\n\nTEMPLATES = [\n    {\n        ${DJANGO_BACKEND},\n        "APP_DIRS": True,\n        "DIRS": [os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates")],\n    },\n]\n`,
    );
  });

  test('TEMPLATES written in base.py is edited there; an existing templates/ folder is not created again', () => {
    const base = `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nTEMPLATES = [\n    {\n        ${DJANGO_BACKEND},\n        "DIRS": [],\n    }\n]\n`;
    const root = writeProject({
      'manage.py': MANAGE_PY('conf.settings.production'),
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': base,
      'conf/settings/production.py': 'from .base import *  # noqa\n\nDEBUG = False\n',
      'templates/home.html': '<p>home</p>\n',
    });
    const [finding] = findingsOf(analyzeOne(root), 'DR501');
    assert.deepEqual(
      finding.fix!.changes.map((c) => c.kind),
      ['edit'],
    );
    assert.equal(fixedSettings(root, 'conf/settings/base.py'), base.replace('"DIRS": []', '"DIRS": [BASE_DIR / "templates"]'));
    assert.equal(read(root, 'conf/settings/production.py'), 'from .base import *  # noqa\n\nDEBUG = False\n');
  });

  test('a DIRS tuple stays a tuple; a computed tuple gets no fix, since it has no .append()', () => {
    const literal = `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nTEMPLATES = [{${DJANGO_BACKEND}, "DIRS": ()}]\n`;
    assert.equal(fixedSettings(settingsProject(literal)), literal.replace('"DIRS": ()', '"DIRS": (BASE_DIR / "templates",)'));
    const computed = settingsProject(`EXTRA = ()\nTEMPLATES = [{${DJANGO_BACKEND}, "DIRS": EXTRA + ()}]\n`);
    assert.equal(findingsOf(analyzeOne(computed), 'DR501')[0].fix, null);
  });

  test('an existing templates folder outside the apps that DIRS does not list is the one added', () => {
    const root = fixtureProject('startproject', { 'mysite/templates/home.html': '<p>home</p>\n' });
    const [finding] = findingsOf(analyzeOne(root), 'DR501');
    assert.match(finding.message, /Add mysite\/templates\/, which Django does not search yet, to DIRS\.$/);
    assert.equal(finding.fix!.title, 'Add BASE_DIR / "mysite/templates" to TEMPLATES["DIRS"]');
    assert.match(fixedSettings(root), /'DIRS': \[BASE_DIR \/ "mysite\/templates"\],/);
  });

  test("a DIRS entry inside an app's folder that exists is the project's choice (a single-app project's templates)", () => {
    const root = settingsProject(
      `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nTEMPLATES = [{${DJANGO_BACKEND}, "DIRS": [BASE_DIR / "blog" / "templates"]}]\n`,
      {
        'blog/__init__.py': '',
        'blog/apps.py': '',
        'blog/templates/blog/x.html': 'x\n',
      },
    );
    assert.deepEqual(findingsOf(analyzeOne(root), 'DR501'), []);
  });

  test('does not fire with an existing project folder in DIRS (tidy fixture), nor twice after fixing', () => {
    assert.deepEqual(findingsOf(analyzeOne(fixtureProject('tidy')), 'DR501'), []);
    const root = fixtureProject('startproject');
    assert.equal(applyFixesFor(root, ['DR501', 'DR502']).length, 1);
    assert.deepEqual(applyFixesFor(root, ['DR501', 'DR502']), []);
  });

  test('is unknown when TEMPLATES or DIRS cannot be read statically', () => {
    const computed = analyzeOne(settingsProject('from somewhere import make_templates\nTEMPLATES = make_templates()\n'));
    assert.equal(check(computed, 'DR501'), 'unknown');
    assert.equal(check(computed, 'DR502'), 'unknown');
    const fromEnv = analyzeOne(settingsProject(`import os\nTEMPLATES = [{${DJANGO_BACKEND}, "DIRS": [os.environ["TEMPLATE_DIR"]]}]\n`));
    assert.equal(check(fromEnv, 'DR501'), 'unknown');
    assert.deepEqual(findingsOf(fromEnv, 'DR501'), []);
  });
});

describe('DR502 DIRS entry that does not exist', () => {
  test('points at the entry; the fix creates the folder, and DR501 stays quiet meanwhile', () => {
    const root = fixtureProject('scattered');
    const analysis = analyzeOne(root);
    const [finding] = findingsOf(analysis, 'DR502');
    assert.deepEqual(findingsOf(analysis, 'DR501'), []);
    assert.deepEqual(finding.location, {
      file: path.join(root, 'mysite', 'settings.py'),
      range: { start: { line: 19, character: 41 }, end: { line: 19, character: 67 } },
    });
    assert.equal(
      finding.message,
      'TEMPLATES["DIRS"] lists old_templates, which does not exist, so Django finds no templates there. Create the folder, or remove the entry if it is stale (if a build step creates it, ignore this finding).',
    );
    assert.deepEqual(finding.fix, {
      title: 'Create the folder old_templates/',
      changes: [{ kind: 'create', file: path.join(root, 'old_templates', '.gitkeep'), content: '' }],
    });
    applyFix(finding.fix!);
    assert.deepEqual(findingsOf(analyzeOne(root), 'DR502'), []);
  });

  test('a folder outside the project is unknown, not missing: the engine does not look there', () => {
    const root = settingsProject(`TEMPLATES = [{${DJANGO_BACKEND}, "DIRS": ["/nonexistent/django-ready/templates"]}]\n`);
    const analysis = analyzeOne(root);
    assert.deepEqual(findingsOf(analysis, 'DR502'), []);
    assert.equal(analysis.checklist.flatMap((area) => area.checks).find((check) => check.code === 'DR502')?.status, 'unknown');
  });

  test("a build output folder (dist/) is not reported; a src/ layout's folder counts as found", () => {
    const analysis = analyzeOne(
      settingsProject(`TEMPLATES = [{${DJANGO_BACKEND}, "DIRS": ["dist", "pkg/templates"]}]\n`, {
        'src/pkg/__init__.py': '',
        'src/pkg/templates/page.html': '<p>x</p>',
        'pyproject.toml': '[project]\nname = "x"\n',
      }),
    );
    assert.deepEqual(findingsOf(analysis, 'DR502'), []);
  });

  test('does not fire when every folder exists', () => {
    assert.deepEqual(findingsOf(analyzeOne(fixtureProject('tidy')), 'DR502'), []);
  });
});

describe('DR503 and DR504 templates and tags spread over apps', () => {
  test('three apps with templates and three with templatetags: counts, names and related places', () => {
    const root = fixtureProject('scattered');
    const analysis = analyzeOne(root);
    const [templates] = findingsOf(analysis, 'DR503');
    assert.equal(templates.severity, 'info');
    assert.match(templates.message, /^Templates live in 3 app folders \(blog, forum, shop\)\./);
    assert.deepEqual(
      templates.related.map((r) => [path.relative(root, r.location.file), r.message]),
      [
        [path.join('blog', 'templates', 'blog', 'index.html'), 'templates of blog'],
        [path.join('forum', 'templates', 'forum', 'index.html'), 'templates of forum'],
        [path.join('shop', 'templates', 'shop', 'index.html'), 'templates of shop'],
      ],
    );
    const [tags] = findingsOf(analysis, 'DR504');
    assert.match(tags.message, /^Template tag libraries are spread over 3 apps \(blog, forum, shop\)\./);
    assert.deepEqual(
      tags.related.map((r) => path.relative(root, r.location.file)),
      ['blog', 'forum', 'shop'].map((app) => path.join(app, 'templatetags', '__init__.py')),
    );
  });

  test('two apps are not spread out, and an empty templates folder does not count', () => {
    const root = fixtureProject('scattered');
    fs.rmSync(path.join(root, 'forum', 'templatetags'), { recursive: true });
    fs.rmSync(path.join(root, 'forum', 'templates', 'forum', 'index.html'));
    const analysis = analyzeOne(root);
    assert.deepEqual(findingsOf(analysis, 'DR503'), []);
    assert.deepEqual(findingsOf(analysis, 'DR504'), []);
  });
});
