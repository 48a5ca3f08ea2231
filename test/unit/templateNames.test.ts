// Template names that try to leave the template folders: found (or not) the way Django's loaders find them,
// never read outside the project, and no finding (so no fix and no "ignore" edit) lands outside it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { templateFile, templateNameFrom } from '../../server/src/service/rules/templates/templateFiles';
import { analyzeOne, settingsProject, writeProject } from '../helpers/project';

const SETTINGS = `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"], "APP_DIRS": True}]\n`;

/** How many folders up from a temporary project reach the file system's root. */
function climbTo(root: string, target: string): string {
  return '../'.repeat(root.split(path.sep).length + 2) + target.replace(/^\//, '');
}

describe('template names', () => {
  test('found inside the folder only, as safe_join does', () => {
    assert.equal(templateFile('/srv/t', 'layouts/base.html'), '/srv/t/layouts/base.html');
    for (const name of ['../x.html', 'a/../../x.html', '/etc/passwd', '..', '']) assert.equal(templateFile('/srv/t', name), undefined, name);
  });

  test('./ and ../ are relative to the naming template, never above the top', () => {
    assert.equal(templateNameFrom('base.html', 'pages/a.html'), 'base.html');
    assert.equal(templateNameFrom('./base.html', 'pages/a.html'), 'pages/base.html');
    assert.equal(templateNameFrom('../base.html', 'pages/a.html'), 'base.html');
    assert.equal(templateNameFrom('../../etc/passwd', 'pages/a.html'), undefined);
    assert.equal(templateNameFrom('./a.html', 'pages/a.html'), undefined, 'extending itself');
  });
});

describe('a base layout that extends a file outside the project', () => {
  for (const [label, name] of [
    ['climbing with ../', (root: string) => climbTo(root, '/etc/passwd')],
    ['climbing inside a name', (root: string) => `x/${climbTo(root, '/etc/passwd')}`],
    ['an absolute name', () => '/etc/passwd'],
  ] as const) {
    test(`${label}: no finding outside the project; the layout's parts are unknown`, () => {
      const root = settingsProject(SETTINGS, { 'templates/.keep': '' });
      fs.writeFileSync(path.join(root, 'templates', 'base.html'), `{% extends "${name(root)}" %}\n{% block content %}{% endblock %}\n`);
      const analysis = analyzeOne(root);
      const outside = [...analysis.findings, ...analysis.suppressed.map((s) => s.finding)].filter((f) => !f.location.file.startsWith(root + path.sep));
      assert.deepEqual(
        outside.map((f) => `${f.code} ${f.location.file}`),
        [],
      );
      const area = analysis.checklist.find((a) => a.area === 'html5-base')!;
      assert.equal(area.status, 'unknown', area.reason);
      assert.doesNotMatch(JSON.stringify(analysis.findings), /root:x:0:0/, 'nothing of /etc/passwd is quoted');
    });
  }

  test('a templates folder linked to an installed package: nothing in it is judged, fixed or ignored', () => {
    const installed = writeProject({
      'admin/base.html': '<html><body>{% block content %}{% endblock %}</body></html>\n',
      'page.html': '{% extends "admin/base.html" %}\n',
    });
    const root = settingsProject(SETTINGS);
    fs.symlinkSync(installed, path.join(root, 'templates'));
    const analysis = analyzeOne(root);
    const outside = analysis.findings.filter(
      (f) => !f.location.file.startsWith(root + path.sep) || f.location.file.startsWith(path.join(root, 'templates') + path.sep),
    );
    assert.deepEqual(
      outside.map((f) => `${f.code} ${f.location.file}`),
      [],
    );
  });
});
