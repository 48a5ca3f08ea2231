import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, findingsOf, fixAndRecheck, read, settingsProject } from '../helpers/project';
import { runWithSettings } from '../helpers/python';

const django = (version: string): Record<string, string> => ({ 'requirements.txt': `Django==${version}\n` });

function areaCodes(analysis: ProjectAnalysis, area: string): string[] {
  return analysis.findings.filter((f) => f.area === area).map((f) => f.code);
}

function areaStatus(analysis: ProjectAnalysis, area: string): string {
  return analysis.checklist.find((item) => item.area === area)!.status;
}

const GROUP = (version: string): string => `\n# Deployment checklist: https://docs.djangoproject.com/en/${version}/howto/deployment/checklist/\n`;

const STATIC_APP = { 'shop/__init__.py': '', 'shop/static/shop/site.css': 'body {}\n' };
const STATIC_BASE = 'SECRET_KEY = "x" * 50\nINSTALLED_APPS = ["django.contrib.staticfiles", "shop"]\n';

/** Runs manage.py collectstatic with Django 3.2. */
function collectstatic(root: string): { status: number | null; output: string } {
  const script =
    'import sys\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(["manage.py", "collectstatic", "--noinput"])\n';
  const run = runWithSettings(root, 'mysite.settings', script);
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('DR801 STATIC_ROOT', () => {
  test('unset: collectstatic cannot run; the fix writes BASE_DIR / "staticfiles", after which it copies the files', () => {
    const settings = `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n${STATIC_BASE}STATIC_URL = "/static/"\n`;
    const root = settingsProject(settings, { ...django('3.2.25'), ...STATIC_APP });
    const [finding] = findingsOf(analyzeOne(root), 'DR801');
    assert.equal(finding.severity, 'info');
    assert.notEqual(collectstatic(root).status, 0);
    const after = fixAndRecheck(root, 'DR801');
    assert.equal(read(root, 'mysite/settings.py'), `${settings}${GROUP('3.2')}STATIC_ROOT = BASE_DIR / "staticfiles"\n`);
    assert.equal(areaStatus(after, 'static-files'), 'pass');
    const run = collectstatic(root);
    assert.equal(run.status, 0, run.output);
    assert.ok(fs.existsSync(path.join(root, 'staticfiles', 'shop', 'site.css')));
  });

  test('a string BASE_DIR gets os.path.join; no BASE_DIR, a path from __file__', () => {
    const strings = settingsProject(
      `import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n${STATIC_BASE}STATIC_URL = "/static/"\n`,
    );
    fixAndRecheck(strings, 'DR801');
    assert.match(read(strings, 'mysite/settings.py'), /\nSTATIC_ROOT = os\.path\.join\(BASE_DIR, "staticfiles"\)\n$/);
    const bare = settingsProject(`${STATIC_BASE}STATIC_URL = "/static/"\n`, { ...django('3.2'), ...STATIC_APP });
    fixAndRecheck(bare, 'DR801');
    assert.equal(
      read(bare, 'mysite/settings.py'),
      // Wrapped as Black wraps it at 99 characters.
      `import os\n\n${STATIC_BASE}STATIC_URL = "/static/"\n${GROUP('3.2')}STATIC_ROOT = os.path.join(\n    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "staticfiles"\n)\n`,
    );
    assert.equal(collectstatic(bare).status, 0);
    assert.ok(fs.existsSync(path.join(bare, 'staticfiles', 'shop', 'site.css')));
  });

  test('an environment fallback that is empty keeps its variable', () => {
    const settings = `import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n${STATIC_BASE}STATIC_URL = "/static/"\nSTATIC_ROOT = os.environ.get("STATIC_ROOT", "")\n`;
    const root = settingsProject(settings);
    assert.match(findingsOf(analyzeOne(root), 'DR801')[0].message, /fallback used when \$STATIC_ROOT is unset/);
    fixAndRecheck(root, 'DR801');
    assert.equal(
      read(root, 'mysite/settings.py'),
      settings.replace('os.environ.get("STATIC_ROOT", "")', 'os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles")'),
    );
  });

  test('passes when set, and when the staticfiles app is not installed', () => {
    assert.deepEqual(areaCodes(analyzeOne(settingsProject(`${STATIC_BASE}STATIC_URL = "/static/"\nSTATIC_ROOT = "/srv/static"\n`)), 'static-files'), []);
    const without = analyzeOne(settingsProject('INSTALLED_APPS = ["django.contrib.auth"]\n'));
    assert.deepEqual(areaCodes(without, 'static-files'), []);
    assert.equal(areaStatus(without, 'static-files'), 'pass');
  });
});

describe('DR802 STATIC_URL', () => {
  test('unset: Django 3.2 refuses to build static URLs; the fix sets the startproject value for the version', () => {
    const settings = `${STATIC_BASE}STATIC_ROOT = "/srv/static"\n`;
    const root = settingsProject(settings, { ...django('3.2'), ...STATIC_APP });
    assert.equal(findingsOf(analyzeOne(root), 'DR802')[0].severity, 'warning');
    const script =
      'import django\ndjango.setup()\nfrom django.templatetags.static import static\ntry:\n    print(static("shop/site.css"))\nexcept Exception as error:\n    print(type(error).__name__)\n';
    assert.equal(runWithSettings(root, 'mysite.settings', script).stdout.trim(), 'ImproperlyConfigured');
    fixAndRecheck(root, 'DR802');
    assert.equal(read(root, 'mysite/settings.py'), `${settings}${GROUP('3.2')}STATIC_URL = "/static/"\n`);
    assert.equal(runWithSettings(root, 'mysite.settings', script).stdout.trim(), '/static/shop/site.css');
    const current = settingsProject(settings, django('5.2'));
    fixAndRecheck(current, 'DR802');
    assert.equal(read(current, 'mysite/settings.py'), `${settings}${GROUP('5.2')}STATIC_URL = "static/"\n`);
  });
});

describe('DR851 error reporting', () => {
  test('empty ADMINS and no tracker: reported', () => {
    const analysis = analyzeOne(settingsProject('ADMINS = []\n'));
    const [finding] = findingsOf(analysis, 'DR851');
    assert.equal(finding.severity, 'info');
    assert.equal(finding.location.range.start.line, 0);
    assert.equal(finding.fix, null);
    const mailOnly = analyzeOne(settingsProject('LOGGING = {"version": 1, "handlers": {"mail": {"class": "django.utils.log.AdminEmailHandler"}}}\n'));
    assert.match(findingsOf(mailOnly, 'DR851')[0].message, /AdminEmailHandler, but it has nobody to write to/);
  });

  test('ADMINS, an error tracker (dependency, import or LOGGING handler) each pass', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['ADMINS = [("Ops", "ops@example.com")]\n', {}],
      ['import os\nADMINS = [("Ops", os.environ["DJANGO_ADMIN_EMAIL"])]\n', {}],
      ['X = 1\n', { 'requirements.txt': 'Django==4.2\nsentry-sdk==2.0\n' }],
      ['import sentry_sdk\nsentry_sdk.init(dsn="https://k@o.ingest.sentry.io/1")\n', {}],
      ['LOGGING = {"version": 1, "handlers": {"sentry": {"class": "sentry_sdk.integrations.logging.EventHandler"}}}\n', {}],
    ];
    for (const [settings, extra] of cases) assert.deepEqual(findingsOf(analyzeOne(settingsProject(settings, extra)), 'DR851'), [], settings);
  });
});

describe('DR852 error pages', () => {
  const TEMPLATES = `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = "x" * 50\nDEBUG = False\nALLOWED_HOSTS = ["testserver"]\nROOT_URLCONF = "mysite.urls"\nINSTALLED_APPS = []\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"]}]\n`;
  const BASE_HTML =
    '<!DOCTYPE html>\n<html lang="en">\n<head><title>{% block title %}Site{% endblock %}</title></head>\n<body>{% block content %}{% endblock %}</body>\n</html>\n';

  test('created in the project templates folder: 404 extends base.html, 500 stands alone; Django 3.2 renders both', () => {
    const root = settingsProject(TEMPLATES, { ...django('3.2'), 'mysite/urls.py': 'urlpatterns = []\n', 'templates/base.html': BASE_HTML });
    const findings = findingsOf(analyzeOne(root), 'DR852');
    assert.deepEqual(
      findings.map((f) => f.message.split(',')[0]),
      ['There is no 404.html', 'There is no 500.html'],
    );
    fixAndRecheck(root, 'DR852');
    const after = fixAndRecheck(root, 'DR852');
    assert.equal(areaCodes(after, 'error-reporting').join(), 'DR851');
    assert.equal(
      read(root, 'templates/404.html'),
      '{% extends "base.html" %}\n\n{% block title %}Page not found{% endblock %}\n\n{% block content %}\n<h1>Page not found</h1>\n<p>Sorry, the page you asked for does not exist.</p>\n{% endblock %}\n',
    );
    const page500 = read(root, 'templates/500.html');
    assert.ok(page500.startsWith('<!DOCTYPE html>\n<html lang="en">') && !page500.includes('{%') && !page500.includes('{{'), page500);
    const script = [
      'import django',
      'django.setup()',
      'from django.test import Client, RequestFactory',
      'from django.views.defaults import server_error',
      'response = Client().get("/missing/")',
      'print(response.status_code, "<title>Page not found</title>" in response.content.decode())',
      'response = server_error(RequestFactory().get("/"))',
      'print(response.status_code, "<h1>Server error</h1>" in response.content.decode())',
    ].join('\n');
    const run = runWithSettings(root, 'mysite.settings', script);
    assert.equal(run.stdout.trim(), '404 True\n500 True', run.stderr);
  });

  test('without a base layout the 404 page stands alone too; pages in an app folder count when apps are searched', () => {
    const root = settingsProject(TEMPLATES, { 'templates/.keep': '' });
    fixAndRecheck(root, 'DR852');
    assert.match(read(root, 'templates/404.html'), /^<!DOCTYPE html>\n[\s\S]*<title>Page not found<\/title>/);
    const appPages = settingsProject(
      TEMPLATES.replace('"DIRS": [BASE_DIR / "templates"]', '"DIRS": [], "APP_DIRS": True').replace('INSTALLED_APPS = []', 'INSTALLED_APPS = ["shop"]'),
      {
        'shop/__init__.py': '',
        'shop/apps.py': 'from django.apps import AppConfig\n\nclass ShopConfig(AppConfig):\n    name = "shop"\n',
        'shop/templates/404.html': 'x',
        'shop/templates/500.html': 'y',
      },
    );
    assert.deepEqual(findingsOf(analyzeOne(appPages), 'DR852'), []);
  });

  test('no project templates folder: reported without a fix, pointing at DR501', () => {
    const root = settingsProject(TEMPLATES.replace('[BASE_DIR / "templates"]', '[]'));
    const findings = findingsOf(analyzeOne(root), 'DR852');
    assert.equal(findings.length, 2);
    assert.ok(findings.every((f) => f.fix === null && /DR501/.test(f.message)));
    assert.deepEqual(findingsOf(analyzeOne(settingsProject('TEMPLATES = []\n')), 'DR852'), [], 'no template engine: Django uses its built-in pages');
  });
});
