// html5-base (DR601-DR608): the project's base layout has every part of an HTML5 page; fixes create the
// layout or add the one missing part at its place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import fc from 'fast-check';
import { extendsTag, scanLayout } from '../../server/src/service/rules/templates/html5Scanner';
import { analyzeOne, applyFix, applyFixesFor, findingsOf, fixtureProject, MANAGE_PY, read, settingsProject, writeProject } from '../helpers/project';
import { SYSTEM_PYTHON } from '../helpers/paths';
import { pythonSyntaxError } from '../helpers/python';

const HTML5_CODES = ['DR601', 'DR602', 'DR603', 'DR604', 'DR605', 'DR606', 'DR607', 'DR608'];
const SETTINGS = `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"], "APP_DIRS": True}]\nLANGUAGE_CODE = "de-at"\n`;

function html5Findings(analysis: ProjectAnalysis): string[] {
  return analysis.findings.filter((f) => f.area === 'html5-base').map((f) => `${f.code}@${f.location.range.start.line}`);
}

function status(analysis: ProjectAnalysis, code?: string): string {
  const area = analysis.checklist.find((a) => a.area === 'html5-base')!;
  return code ? area.checks.find((c) => c.code === code)!.status : area.status;
}

/** A project whose templates/base.html is `base`; applies every html5 fix and returns the resulting layout. */
function fixedLayout(base: string, extra: Record<string, string> = {}): { before: ProjectAnalysis; text: string; root: string } {
  const root = settingsProject(SETTINGS, { 'templates/base.html': base, ...extra });
  const before = analyzeOne(root);
  applyFixesFor(root, HTML5_CODES);
  const after = analyzeOne(root);
  assert.deepEqual(html5Findings(after), [], 'every fix removes its finding');
  return { before, text: read(root, 'templates/base.html'), root };
}

function skeleton(title: string): string {
  return [
    '<!DOCTYPE html>',
    '{% load static i18n %}{% get_current_language as LANGUAGE_CODE %}',
    '<html lang="{{ LANGUAGE_CODE }}">',
    '<head>',
    '  <meta charset="utf-8">',
    '  <meta name="viewport" content="width=device-width, initial-scale=1">',
    `  <title>{% block title %}${title}{% endblock %}</title>`,
    `  <link rel="stylesheet" href="{% static 'css/site.css' %}">`,
    '  {% block extra_head %}{% endblock %}',
    '</head>',
    '<body>',
    '  {% block content %}{% endblock %}',
    `  <script src="{% static 'js/site.js' %}" defer></script>`,
    '  {% block extra_js %}{% endblock %}',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

describe('DR601 no base template', () => {
  test('startproject: the fix creates the layout, the site assets and the STATICFILES_DIRS entry', () => {
    const root = fixtureProject('startproject');
    const settingsBefore = read(root, 'mysite/settings.py');
    const analysis = analyzeOne(root);
    const [finding] = findingsOf(analysis, 'DR601');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.location.range.start, { line: 53, character: 0 });
    assert.equal(finding.fix!.title, 'Create templates/base.html (HTML5 layout)');
    assert.deepEqual(finding.fix!.changes.slice(0, 3), [
      { kind: 'create', file: path.join(root, 'templates', 'base.html'), content: skeleton(analysis.project.name) },
      { kind: 'create', file: path.join(root, 'static', 'css', 'site.css'), content: '/* Site-wide styles, linked from the base template. */\n' },
      { kind: 'create', file: path.join(root, 'static', 'js', 'site.js'), content: '// Site-wide scripts, loaded by the base template.\n' },
    ]);
    applyFix(finding.fix!);
    const settings = read(root, 'mysite/settings.py');
    // Beside STATIC_URL: the project's static folder serves development as much as production.
    assert.equal(settings, settingsBefore.replace("STATIC_URL = '/static/'\n", 'STATIC_URL = \'/static/\'\nSTATICFILES_DIRS = [BASE_DIR / "static"]\n'));
    assert.equal(pythonSyntaxError(settings), undefined);
    const after = analyzeOne(root);
    assert.deepEqual(html5Findings(after), []);
    assert.equal(status(after), 'pass');
  });

  test('the created layout renders with Django 3.2, with pages filling its blocks', () => {
    const root = fixtureProject('startproject', {
      'templates/page.html': '{% extends "base.html" %}{% block title %}Posts{% endblock %}{% block content %}<h1>All posts</h1>{% endblock %}',
    });
    applyFixesFor(root, ['DR501', 'DR601']);
    const script = [
      'import sys, django',
      'from django.conf import settings',
      'settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [sys.argv[1]]}],',
      '    INSTALLED_APPS=["django.contrib.staticfiles"], STATIC_URL="/static/", LANGUAGE_CODE="en-gb", USE_I18N=True)',
      'django.setup()',
      'from django.template.loader import render_to_string',
      'print(render_to_string("page.html"))',
    ].join('\n');
    const run = spawnSync(SYSTEM_PYTHON, ['-c', script, path.join(root, 'templates')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const html = run.stdout;
    assert.ok(html.startsWith('<!DOCTYPE html>\n'), html);
    for (const part of [
      '<html lang="en-gb">',
      '<meta charset="utf-8">',
      '<title>Posts</title>',
      '<link rel="stylesheet" href="/static/css/site.css">',
      '<h1>All posts</h1>',
      '<script src="/static/js/site.js" defer></script>',
    ]) {
      assert.ok(html.includes(part), `${part} in\n${html}`);
    }
  });

  test('source assets avoid STATIC_ROOT, and an existing STATICFILES_DIRS folder is used as it is', () => {
    const nextToRoot = settingsProject(`${SETTINGS}STATIC_ROOT = BASE_DIR / "static"\n`);
    const changes = findingsOf(analyzeOne(nextToRoot), 'DR601')[0].fix!.changes;
    assert.deepEqual(
      changes.map((c) => path.relative(nextToRoot, c.file)),
      [path.join('templates', 'base.html'), path.join('assets', 'css', 'site.css'), path.join('assets', 'js', 'site.js'), path.join('mysite', 'settings.py')],
    );
    const listed = settingsProject(`${SETTINGS}STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]\n`, { 'frontend/dist/js/site.js': 'old();\n' });
    const listedChanges = findingsOf(analyzeOne(listed), 'DR601')[0].fix!.changes;
    assert.deepEqual(
      listedChanges.map((c) => path.relative(listed, c.file)),
      [path.join('templates', 'base.html'), path.join('frontend', 'dist', 'css', 'site.css')],
    );
  });

  test('a STATICFILES_DIRS list literal gets the folder appended', () => {
    const root = settingsProject(`${SETTINGS}STATICFILES_DIRS = [\n    ("vendor", "/opt/vendor"),\n]\n`);
    applyFix(findingsOf(analyzeOne(root), 'DR601')[0].fix!);
    assert.equal(read(root, 'mysite/settings.py'), `${SETTINGS}STATICFILES_DIRS = [\n    ("vendor", "/opt/vendor"),\n    BASE_DIR / "static",\n]\n`);
  });

  test("a base layout in an app's folder is reported as info, without a fix", () => {
    const root = settingsProject(SETTINGS, {
      'blog/__init__.py': '',
      'blog/apps.py': '',
      'blog/templates/base.html': '<!DOCTYPE html>\n',
      'blog/templates/blog/list.html': '{% extends "base.html" %}\n',
    });
    const [finding] = findingsOf(analyzeOne(root), 'DR601');
    assert.equal(finding.severity, 'info');
    assert.equal(finding.fix, null);
    assert.match(finding.message, /^The base layout blog\/templates\/base.html lives in an app's templates folder\. Move it to templates\//);
    assert.equal(finding.related[0].location.file, path.join(root, 'blog', 'templates', 'base.html'));
  });

  test('does not fire for the tidy fixture, whose layout passes every check', () => {
    const analysis = analyzeOne(fixtureProject('tidy'));
    assert.deepEqual(html5Findings(analysis), []);
    assert.equal(status(analysis), 'pass');
  });
});

describe('DR602-DR608 parts of an existing layout', () => {
  test('a bare layout: one finding per missing part, at its line, with the right severity', () => {
    const analysis = analyzeOne(fixtureProject('scattered'));
    assert.deepEqual(html5Findings(analysis), ['DR602@0', 'DR603@0', 'DR604@1', 'DR605@1', 'DR606@1', 'DR607@1', 'DR608@4']);
    assert.deepEqual(
      analysis.findings.filter((f) => f.area === 'html5-base').map((f) => f.severity),
      ['warning', 'info', 'warning', 'warning', 'info', 'info', 'info'],
    );
    assert.ok(analysis.findings.filter((f) => f.area === 'html5-base').every((f) => f.location.file.endsWith(path.join('templates', 'base.html'))));
  });

  test('every fix adds its part at its place; the whole layout afterwards', () => {
    const { text, root } = fixedLayout(
      '<html>\n<head>\n  <link rel="stylesheet" href="/static/old.css">\n</head>\n<body>\n  <div id="page"></div>\n</body>\n</html>\n',
    );
    assert.equal(
      text,
      [
        '<!DOCTYPE html>',
        '{% load static %}',
        '<html lang="de-at">',
        '<head>',
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        '  <link rel="stylesheet" href="/static/old.css">',
        `  <title>{% block title %}${analyzeOne(root).project.name}{% endblock %}</title>`,
        `  <link rel="stylesheet" href="{% static 'css/site.css' %}">`,
        '</head>',
        '<body>',
        '  {% block content %}{% endblock %}',
        '  <div id="page"></div>',
        `  <script src="{% static 'js/site.js' %}" defer></script>`,
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
    assert.equal(read(root, 'static/css/site.css'), '/* Site-wide styles, linked from the base template. */\n');
  });

  test('older doctype replaced, title text wrapped in a block, another charset replaced; tabs and CRLF kept', () => {
    const base =
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\r\n<html lang="de">\r\n<head>\r\n\t<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">\r\n\t<title>Shop</title>\r\n</head>\r\n<body>\r\n</body>\r\n</html>\r\n';
    const { text, before } = fixedLayout(base, { 'static/css/site.css': 'kept\n' });
    assert.deepEqual(html5Findings(before), ['DR602@0', 'DR605@2', 'DR607@2', 'DR604@3', 'DR606@4', 'DR608@6']);
    assert.equal(
      text,
      '<!DOCTYPE html>\r\n{% load static %}\r\n<html lang="de">\r\n<head>\r\n\t<meta charset="utf-8">\r\n\t<meta name="viewport" content="width=device-width, initial-scale=1">\r\n' +
        '\t<title>{% block title %}Shop{% endblock %}</title>\r\n\t<link rel="stylesheet" href="{% static \'css/site.css\' %}">\r\n</head>\r\n<body>\r\n' +
        '\t{% block content %}{% endblock %}\r\n\t<script src="{% static \'js/site.js\' %}" defer></script>\r\n</body>\r\n</html>\r\n',
    );
  });

  test('a doctype after other text moves to the first line; a leading {% load %} may stay before it', () => {
    const late = settingsProject(SETTINGS, { 'templates/base.html': '<p>oops</p>\n<!DOCTYPE html>\n<html lang="en"></html>\n' });
    const [finding] = findingsOf(analyzeOne(late), 'DR602');
    assert.equal(finding.fix!.title, 'Move <!DOCTYPE html> to the first line');
    applyFix(finding.fix!);
    assert.equal(read(late, 'templates/base.html'), '<!DOCTYPE html>\n<p>oops</p>\n\n<html lang="en"></html>\n');
    assert.deepEqual(findingsOf(analyzeOne(late), 'DR602'), []);
    const leading = analyzeOne(settingsProject(SETTINGS, { 'templates/base.html': '{% load static %}\n<!DOCTYPE html>\n<html lang="en">\n' }));
    assert.deepEqual(findingsOf(leading, 'DR602'), []);
  });

  test('commented-out parts do not count', () => {
    const analysis = analyzeOne(
      settingsProject(SETTINGS, {
        'templates/base.html':
          '<!-- <!DOCTYPE html> -->\n<html lang="en">\n<head>\n{# <meta charset="utf-8"> #}\n{% comment %}<meta name="viewport" content="x">{% endcomment %}\n</head>\n</html>\n',
      }),
    );
    assert.deepEqual(
      ['DR602', 'DR604', 'DR605'].map((code) => findingsOf(analysis, code).length),
      [1, 1, 1],
    );
  });

  test('without <head> or <body> the finding has no fix rather than a wrong one', () => {
    const analysis = analyzeOne(settingsProject(SETTINGS, { 'templates/base.html': '<!DOCTYPE html>\n<p>fragment</p>\n' }));
    for (const code of ['DR603', 'DR604', 'DR605', 'DR606', 'DR607', 'DR608']) assert.equal(findingsOf(analysis, code)[0].fix, null, code);
  });

  test('a suppression comment above the line silences one part', () => {
    const analysis = analyzeOne(
      settingsProject(SETTINGS, {
        'templates/base.html':
          '<!DOCTYPE html>\n<html lang="en">\n{# django-ready: ignore[DR605] kiosk screens only #}\n<head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head>\n</html>\n',
      }),
    );
    assert.deepEqual(findingsOf(analysis, 'DR605'), []);
    assert.equal(analysis.suppressed.filter((s) => s.finding.code === 'DR605').length, 1);
  });
});

describe('which template is the base layout', () => {
  test('without base.html, the template most pages extend', () => {
    const root = settingsProject(SETTINGS, {
      'templates/layouts/site.html': '<html>\n',
      'templates/other.html': '<html>\n',
      'templates/a.html': '{% extends "layouts/site.html" %}\n',
      'templates/b.html': "{% extends 'layouts/site.html' %}\n",
      'templates/c.html': '{% extends "other.html" %}\n',
    });
    const findings = analyzeOne(root).findings.filter((f) => f.area === 'html5-base');
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.location.file === path.join(root, 'templates', 'layouts', 'site.html')));
  });

  test('among hundreds of templates, the most extended layout wins however the pages are ordered', () => {
    // Listed in name order: the first 40 pages extend one layout, the 60 after them another, then a tail of 100
    // that the count can stop reading once the leader cannot be caught.
    const pages: Record<string, string> = {};
    for (let i = 0; i < 40; i++) pages[`templates/a${String(i).padStart(3, '0')}.html`] = '{% extends "early.html" %}\n';
    for (let i = 0; i < 60; i++) pages[`templates/b${String(i).padStart(3, '0')}.html`] = '{% extends "late.html" %}\n';
    for (let i = 0; i < 100; i++) pages[`templates/c${String(i).padStart(3, '0')}.html`] = '{% extends "late.html" %}\n';
    const root = settingsProject(SETTINGS, { 'templates/early.html': '<html>\n', 'templates/late.html': '<html>\n', ...pages });
    const findings = analyzeOne(root).findings.filter((f) => f.area === 'html5-base');
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.location.file === path.join(root, 'templates', 'late.html')));
  });

  test('a base.html that extends another project layout: the outer layout is checked', () => {
    const root = settingsProject(SETTINGS, { 'templates/base.html': '{% extends "skeleton.html" %}\n', 'templates/skeleton.html': '<html>\n' });
    assert.ok(
      analyzeOne(root)
        .findings.filter((f) => f.area === 'html5-base')
        .every((f) => f.location.file.endsWith('skeleton.html')),
    );
  });

  test('a base that extends a layout from outside the project is unknown, not failed', () => {
    const analysis = analyzeOne(settingsProject(SETTINGS, { 'templates/base.html': '{% extends "bootstrap5/base.html" %}\n' }));
    assert.deepEqual(html5Findings(analysis), []);
    assert.equal(status(analysis, 'DR602'), 'unknown');
  });

  test('a project without a template engine needs no layout', () => {
    const analysis = analyzeOne(settingsProject('TEMPLATES = []\n'));
    assert.deepEqual(html5Findings(analysis), []);
    assert.equal(status(analysis), 'pass');
  });

  test('templates/ beside manage.py is checked even when the settings cannot be read', () => {
    const root = writeProject({ 'manage.py': MANAGE_PY('gone.settings'), 'templates/base.html': '<html>\n' });
    assert.ok(findingsOf(analyzeOne(root), 'DR602').length === 1);
  });
});

test('the scanner never throws on odd markup', () => {
  const odd = [
    '',
    '<',
    '<!DOCTYPE',
    '<html lang=>',
    '{% block',
    '<!-- never closed',
    '<head><head><title></title',
    '\u0000\uffff<meta charset>',
    '<'.repeat(10000),
    `${'{#'.repeat(500)}#}`,
  ];
  for (const text of odd) assert.doesNotThrow(() => scanLayout(text), JSON.stringify(text.slice(0, 20)));
  const analysis = analyzeOne(settingsProject(SETTINGS, { 'templates/base.html': Buffer.from([0xff, 0xfe, 0x3c, 0x68, 0x00]).toString('latin1') }));
  assert.notEqual(status(analysis), 'unknown');
});

test('the parent template is read as the whole scan reads it, comments included', () => {
  const cases = [
    '{% extends "base.html" %}',
    "{% extends 'site/base.html' %}{% block content %}{% endblock %}",
    '{# {% extends "old.html" %} #}{% extends "new.html" %}',
    '<!-- {% extends "old.html" %} -->\n{% extends "new.html" %}',
    '{% comment %}{% extends "old.html" %}{% endcomment %}{% extends "new.html" %}',
    '{%{# hidden #}extends "made.html" %}',
    '{% extends "a{# b #}c.html" %}',
    '{% extends "a.html" %}{# later #}<!-- later -->',
    '{% extends layout %}',
    'extends nothing',
    '',
  ];
  for (const text of cases) assert.equal(extendsTag(text), scanLayout(text).extends, JSON.stringify(text));
  const piece = fc.constantFrom(
    '{%',
    '%}',
    '{#',
    '#}',
    '<!--',
    '-->',
    ' ',
    '\n',
    'extends',
    'comment',
    'endcomment',
    '"',
    "'",
    'a.html',
    '{% extends "b.html" %}',
    'x',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => extendsTag(pieces.join('')) === scanLayout(pieces.join('')).extends),
    { numRuns: 2000 },
  );
});

describe('sites that serve no pages of their own', () => {
  test('an API (Django REST framework, no page templates) needs no base layout and no error pages', () => {
    const analysis = analyzeOne(
      settingsProject(
        'INSTALLED_APPS = ["django.contrib.auth", "rest_framework"]\nROOT_URLCONF = "mysite.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]\n',
        {
          'mysite/urls.py': 'urlpatterns = []\n',
          'api/__init__.py': '',
          'api/apps.py': '',
          'api/templates/emails/welcome.html': '<p>Hello</p>',
        },
      ),
    );
    assert.deepEqual(
      analysis.findings.filter((f) => f.area === 'html5-base' || f.code === 'DR852'),
      [],
    );
  });

  test('handler404 / handler500 in the root URLconf render their own pages', () => {
    const analysis = analyzeOne(
      settingsProject(
        'ROOT_URLCONF = "mysite.urls"\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]\n',
        {
          'mysite/urls.py': 'from mysite.views import handler500\nurlpatterns = []\nhandler404 = "mysite.views.not_found"\n',
          'mysite/views.py': 'def not_found(request, exception):\n    pass\n',
        },
      ),
    );
    assert.deepEqual(
      analysis.findings.filter((f) => f.code === 'DR852'),
      [],
    );
  });
});

describe('DR607 asset pipelines', () => {
  for (const [name, tags] of [
    ['django-pipeline', '{% load pipeline %}\n{% stylesheet "main" %}'],
    ['django-compressor', '{% load compress static %}\n{% compress css %}<link rel="stylesheet" href="/x.css">{% endcompress %}'],
    ['django-webpack-loader', '{% load render_bundle from webpack_loader %}\n{% render_bundle "main" %}'],
  ]) {
    test(`${name} tags serve the assets: no DR607`, () => {
      const layout = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{% block title %}{% endblock %}</title>\n${tags}\n</head>\n<body>{% block content %}{% endblock %}</body>\n</html>\n`;
      const analysis = analyzeOne(
        settingsProject('TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["templates"]}]\n', {
          'templates/base.html': layout,
        }),
      );
      assert.deepEqual(findingsOf(analysis, 'DR607'), []);
    });
  }
});

describe('a layout that includes its head', () => {
  test('parts found in included templates pass; a missing one is reported without an edit; a title from a variable varies per page', () => {
    const analysis = analyzeOne(
      settingsProject('TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["templates"]}]\n', {
        'templates/base.html': '{% include "site/header.html" %}\n<main>{% block content %}{% endblock %}</main>\n{% include "site/footer.html" %}\n',
        'templates/site/header.html':
          '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{{ page_title|default:"Site" }}</title>\n{% load static %}<link rel="stylesheet" href="{% static "site.css" %}">\n</head>\n<body>\n',
        'templates/site/footer.html': '<script src="{% static "site.js" %}"></script>\n</body>\n</html>\n',
        'templates/page.html': '{% extends "base.html" %}',
      }),
    );
    const html5 = analysis.findings.filter((f) => f.area === 'html5-base');
    assert.deepEqual(
      html5.map((f) => f.code),
      ['DR605'],
      'only the viewport is missing',
    );
    assert.equal(html5[0].fix, null, 'the head is in another file: no edit to base.html');
  });
});
