// apps-libs-layout (DR401-DR403): apps in apps/, libraries in libs/, on real projects written to disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, applyFix, applyFixesFor, findingsOf, fixtureProject, MANAGE_PY, read, settingsProject, writeProject } from '../helpers/project';

const LAYOUT_CODES = ['DR401', 'DR402', 'DR403'];

function layoutCodes(analysis: ProjectAnalysis): string[] {
  return analysis.findings
    .filter((f) => f.area === 'apps-libs-layout')
    .map((f) => f.code)
    .sort();
}

function areaStatus(analysis: ProjectAnalysis): string {
  return analysis.checklist.find((area) => area.area === 'apps-libs-layout')!.status;
}

const APP_CONFIG = (name: string): string => `from django.apps import AppConfig\n\n\nclass Config(AppConfig):\n    name = "${name}"\n`;

describe('DR401 no apps and libs packages', () => {
  test('a fresh startproject has neither; the finding sits on INSTALLED_APPS', () => {
    const root = fixtureProject('startproject');
    const [finding] = findingsOf(analyzeOne(root), 'DR401');
    assert.equal(finding.severity, 'info');
    assert.equal(finding.location.file, path.join(root, 'mysite', 'settings.py'));
    assert.equal(finding.location.range.start.line, 32);
    assert.match(finding.message, /no apps\/ and libs\/ package/);
  });

  test('the fix creates both packages with a docstring, and the area then passes', () => {
    const root = fixtureProject('startproject');
    const fix = findingsOf(analyzeOne(root), 'DR401')[0].fix!;
    assert.equal(fix.title, 'Create apps/ and libs/');
    assert.deepEqual(fix.changes, [
      { kind: 'create', file: path.join(root, 'apps', '__init__.py'), content: '"""Local Django apps of this project."""\n' },
      { kind: 'create', file: path.join(root, 'libs', '__init__.py'), content: '"""Reusable Python packages that are not Django apps."""\n' },
    ]);
    applyFix(fix);
    const after = analyzeOne(root);
    assert.deepEqual(layoutCodes(after), []);
    assert.equal(areaStatus(after), 'pass');
  });

  test('only the missing package is created; a folder without __init__.py still counts as missing', () => {
    const root = settingsProject('INSTALLED_APPS = []\n', {
      'apps/__init__.py': '',
      'libs/README.md': 'notes\n',
      'payments/__init__.py': '',
      'payments/stripe.py': '',
    });
    const [finding] = findingsOf(analyzeOne(root), 'DR401');
    assert.match(finding.message, /There is no libs\/ package/);
    assert.match(finding.message, /The package payments is not a Django app: libs\/ is its place\.$/);
    assert.deepEqual(
      finding.fix!.changes.map((c) => c.file),
      [path.join(root, 'libs', '__init__.py')],
    );
    applyFix(finding.fix!);
    assert.deepEqual(layoutCodes(analyzeOne(root)), []);
    assert.equal(read(root, 'libs/README.md'), 'notes\n');
  });

  test('with apps/ in place and no code that is not an app, a missing libs/ is not reported', () => {
    const root = settingsProject('INSTALLED_APPS = ["apps.blog"]\n', { 'apps/__init__.py': '', 'apps/blog/__init__.py': '', 'apps/blog/models.py': '' });
    assert.deepEqual(layoutCodes(analyzeOne(root)), []);
  });

  test('folder names come from [tool.django-ready] and from editor/CLI overrides', () => {
    const root = settingsProject('INSTALLED_APPS = []\n', {
      'pyproject.toml': '[tool.django-ready]\napps-package = "project_apps"\nlibs-package = "shared.lib"\n',
    });
    const fix = findingsOf(analyzeOne(root), 'DR401')[0].fix!;
    assert.deepEqual(
      fix.changes.map((c) => c.file),
      [path.join(root, 'project_apps', '__init__.py'), path.join(root, 'shared', 'lib', '__init__.py')],
    );
    const overridden = findingsOf(analyzeOne(root, { appsPackage: 'modules' }), 'DR401')[0].fix!;
    assert.equal(overridden.changes[0].file, path.join(root, 'modules', '__init__.py'));
  });

  test('does not fire when both packages exist', () => {
    assert.deepEqual(findingsOf(analyzeOne(fixtureProject('tidy')), 'DR401'), []);
  });
});

describe('DR402 local app outside the apps package', () => {
  test('points at the exact INSTALLED_APPS item and says how to move the app', () => {
    const settings = 'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "blog.apps.BlogConfig",\n    "apps.shop",\n]\n';
    const root = settingsProject(settings, {
      'apps/__init__.py': '',
      'libs/__init__.py': '',
      'blog/__init__.py': '',
      'blog/apps.py': APP_CONFIG('blog'),
      'apps/shop/__init__.py': '',
      'apps/shop/models.py': '',
    });
    const findings = findingsOf(analyzeOne(root), 'DR402');
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.deepEqual(finding.location, {
      file: path.join(root, 'mysite', 'settings.py'),
      range: { start: { line: 2, character: 4 }, end: { line: 2, character: 26 } },
    });
    assert.equal(
      finding.message,
      'Local app blog lives outside apps/. Move the blog folder into apps/, write "apps.blog.apps.BlogConfig" here, set name = "apps.blog" in its AppConfig (blog/apps.py), ' +
        'and change imports of blog to apps.blog. The app label stays blog, so migrations keep working.',
    );
    assert.equal(finding.fix, null);
  });

  test('an entry inherited from base.py is reported in base.py, with the chain from production', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('conf.settings.production'),
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': 'LOCAL_APPS = ["polls"]\nINSTALLED_APPS = ["django.contrib.auth"] + LOCAL_APPS\n',
      'conf/settings/production.py': 'from .base import *\n',
      'polls/__init__.py': '',
      'polls/models.py': '',
      'apps/__init__.py': '',
      'libs/__init__.py': '',
    });
    const [finding] = findingsOf(analyzeOne(root), 'DR402');
    assert.equal(finding.location.file, path.join(root, 'conf', 'settings', 'base.py'));
    assert.deepEqual(finding.location.range.start, { line: 0, character: 14 });
    assert.match(finding.message, /write "apps\.polls" here, and change imports/);
    assert.ok(finding.related.some((r) => r.location.file.endsWith('production.py')));
  });

  test('the settings package listed as an app, third-party apps and apps inside apps/ are left alone', () => {
    const root = settingsProject('INSTALLED_APPS = ["mysite", "django.contrib.admin", "apps.blog"]\n', {
      'mysite/models.py': '',
      'apps/__init__.py': '',
      'apps/blog/__init__.py': '',
      'apps/blog/apps.py': APP_CONFIG('apps.blog'),
      'libs/__init__.py': '',
    });
    assert.deepEqual(layoutCodes(analyzeOne(root)), []);
  });

  test('layout advice comes once per project: the scattered fixture gets one finding naming each app, with each entry as related information', () => {
    const findings = findingsOf(analyzeOne(fixtureProject('scattered')), 'DR402');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /^3 local apps \(blog, shop, forum\) live outside apps\//);
    assert.deepEqual(
      findings[0].related
        .filter((r) => r.location.file.endsWith('settings.py'))
        .map((r) => r.message.split(' ')[0])
        .slice(0, 3),
      ['blog', 'shop', 'forum'],
    );
  });

  test('without apps/ and libs/, the one finding is DR401, naming the apps to move', () => {
    const root = settingsProject('INSTALLED_APPS = ["blog", "shop"]\n', {
      'blog/__init__.py': '',
      'blog/models.py': '',
      'shop/__init__.py': '',
      'shop/models.py': '',
    });
    const analysis = analyzeOne(root);
    assert.deepEqual(
      analysis.findings.filter((f) => f.area === 'apps-libs-layout').map((f) => f.code),
      ['DR401'],
    );
    assert.match(findingsOf(analysis, 'DR401')[0].message, /Then move its 2 local apps \(blog, shop\) into apps\/\.$/);
  });

  test('is unknown, not passing, when the production settings cannot be read', () => {
    const root = writeProject({ 'manage.py': MANAGE_PY('missing.settings'), 'apps/__init__.py': '', 'libs/__init__.py': '' });
    const analysis = analyzeOne(root);
    assert.equal(analysis.checklist.find((a) => a.area === 'apps-libs-layout')!.checks.find((c) => c.code === 'DR402')!.status, 'unknown');
  });
});

describe('DR403 package in the apps package that is not an app', () => {
  test('fires on a plain package inside apps/, at its __init__.py', () => {
    const root = fixtureProject('scattered');
    const [finding] = findingsOf(analyzeOne(root), 'DR403');
    assert.equal(finding.location.file, path.join(root, 'apps', 'helpers', '__init__.py'));
    assert.equal(
      finding.message,
      'apps/helpers is not a Django app: it has no apps.py or models.py and INSTALLED_APPS does not list it. Move code that is not an app to libs/ (and import it as libs.helpers), or add an apps.py if it is an app.',
    );
  });

  test('an app without apps.py that INSTALLED_APPS lists, an app with a models/ package, and plain folders are apps or ignored', () => {
    const root = settingsProject('INSTALLED_APPS = ["apps.core"]\n', {
      'apps/__init__.py': '',
      'apps/core/__init__.py': '',
      'apps/core/templatetags/__init__.py': '',
      'apps/billing/__init__.py': '',
      'apps/billing/models/__init__.py': '',
      'apps/static/readme.txt': 'no package\n',
      'libs/__init__.py': '',
    });
    assert.deepEqual(findingsOf(analyzeOne(root), 'DR403'), []);
  });

  test('moving the package to libs/ clears the finding', () => {
    const root = fixtureProject('scattered');
    fs.renameSync(path.join(root, 'apps', 'helpers'), path.join(root, 'libs', 'helpers'));
    assert.deepEqual(findingsOf(analyzeOne(root), 'DR403'), []);
  });
});

test('the tidy fixture passes the area; fixing the startproject twice changes nothing the second time', () => {
  assert.equal(areaStatus(analyzeOne(fixtureProject('tidy'))), 'pass');
  const root = fixtureProject('startproject');
  assert.equal(applyFixesFor(root, LAYOUT_CODES).length, 1);
  assert.deepEqual(applyFixesFor(root, LAYOUT_CODES), []);
});
