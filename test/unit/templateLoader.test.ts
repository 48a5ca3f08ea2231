import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { analyzeOne, findingsOf, fixAndRecheck, read, settingsProject } from '../helpers/project';
import { runWithSettings } from '../helpers/python';

const django = (version: string): Record<string, string> => ({ 'requirements.txt': `Django==${version}\n` });

function loaderCodes(analysis: ProjectAnalysis): string[] {
  return analysis.findings.filter((f) => f.area === 'template-loader').map((f) => f.code);
}

/** An app with one template, so Django 3.2 can be asked to load something through each configuration. */
const APP = { 'shop/__init__.py': '', 'shop/templates/shop/hello.html': 'hello from shop\n' };

/** What Django 3.2 builds for the first template engine: its first loader's class, and a rendered app template. */
function djangoLoaders(root: string): { loader: string; rendered: string } {
  const script = [
    'import django',
    'django.setup()',
    'from django.template import engines',
    'engine = engines["django"]',
    'loader = engine.engine.template_loaders[0]',
    'print(type(loader).__module__ + "." + type(loader).__name__)',
    'print(engine.get_template("shop/hello.html").render().strip())',
  ].join('\n');
  const run = runWithSettings(root, 'mysite.settings', script);
  assert.equal(run.status, 0, run.stderr);
  const [loader, rendered] = run.stdout.trim().split('\n');
  return { loader, rendered };
}

const EXPLICIT = `SECRET_KEY = "x" * 50
DEBUG = False
INSTALLED_APPS = ["shop"]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            "loaders": [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        },
    },
]
`;

describe('DR201 explicit loaders without the cached loader', () => {
  test('fires on every version, and the fix wraps the same loaders, which Django 3.2 then caches', () => {
    for (const version of ['3.2', '4.2', '5.1', '5.2'])
      assert.deepEqual(loaderCodes(analyzeOne(settingsProject(EXPLICIT, django(version)))), ['DR201'], version);
    const root = settingsProject(EXPLICIT, { ...django('3.2.25'), ...APP });
    const [finding] = findingsOf(analyzeOne(root), 'DR201');
    assert.deepEqual([finding.location.range.start.line, finding.location.range.end.line], [8, 11], 'on the loaders list');
    assert.equal(djangoLoaders(root).loader, 'django.template.loaders.filesystem.Loader');
    fixAndRecheck(root, 'DR201');
    assert.equal(
      read(root, 'mysite/settings.py'),
      EXPLICIT.replace('"loaders": [\n', '"loaders": [("django.template.loaders.cached.Loader", [\n').replace(
        'Loader",\n            ],',
        'Loader",\n            ])],',
      ),
    );
    assert.deepEqual(djangoLoaders(root), { loader: 'django.template.loaders.cached.Loader', rendered: 'hello from shop' });
  });

  test('loaders set by a subscript assignment are wrapped where they are written', () => {
    const settings =
      'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {}}]\nTEMPLATES[0]["OPTIONS"]["loaders"] = ["django.template.loaders.filesystem.Loader"]\n';
    const root = settingsProject(settings, django('4.2'));
    fixAndRecheck(root, 'DR201');
    assert.equal(
      read(root, 'mysite/settings.py'),
      settings.replace(
        '= ["django.template.loaders.filesystem.Loader"]',
        '= [("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])]',
      ),
    );
  });

  test('cached loaders, default loaders on 4.1+, and Jinja2 backends pass', () => {
    const cached =
      'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"loaders": [("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])]}}]\n';
    const defaults = 'DEBUG = True\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]\n';
    const jinja = 'TEMPLATES = [{"BACKEND": "django.template.backends.jinja2.Jinja2", "APP_DIRS": True, "OPTIONS": {"loader": None}}]\n';
    for (const settings of [cached, defaults, jinja]) {
      const analysis = analyzeOne(settingsProject(settings, django('4.2')));
      assert.deepEqual(loaderCodes(analysis), [], settings);
      assert.equal(analysis.checklist.find((item) => item.area === 'template-loader')!.status, 'pass');
    }
  });
});

describe('DR202 template debug turns caching off before Django 4.1', () => {
  const defaults = (debug: string): string =>
    `SECRET_KEY = "x" * 50\nDEBUG = ${debug}\nINSTALLED_APPS = ["shop"]\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]\n`;

  test('only Django before 4.1 with DEBUG true: reported on DEBUG, without a fix of its own', () => {
    const byVersion = Object.fromEntries(
      ['3.2', '4.0', '4.1', '5.2'].map((version) => [version, loaderCodes(analyzeOne(settingsProject(defaults('True'), django(version))))]),
    );
    assert.deepEqual(byVersion, { '3.2': ['DR202'], '4.0': ['DR202'], '4.1': [], '5.2': [] });
    const [finding] = findingsOf(analyzeOne(settingsProject(defaults('True'), django('3.2'))), 'DR202');
    assert.equal(finding.location.range.start.line, 1);
    assert.equal(finding.fix, null, 'DEBUG itself is fixed by DR918');
    assert.deepEqual(loaderCodes(analyzeOne(settingsProject(defaults('False'), django('3.2')))), []);
  });

  test('Django 3.2 agrees: default loaders are cached only with DEBUG off', () => {
    assert.equal(djangoLoaders(settingsProject(defaults('True'), { ...django('3.2'), ...APP })).loader, 'django.template.loaders.filesystem.Loader');
    assert.equal(djangoLoaders(settingsProject(defaults('False'), { ...django('3.2'), ...APP })).loader, 'django.template.loaders.cached.Loader');
  });

  test('an explicit OPTIONS["debug"] = True: the fix removes it so it follows DEBUG', () => {
    const settings = `${defaults('False').replace('"APP_DIRS": True}', '"APP_DIRS": True, "OPTIONS": {"debug": True}}')}`;
    const root = settingsProject(settings, { ...django('3.2'), ...APP });
    assert.equal(djangoLoaders(root).loader, 'django.template.loaders.filesystem.Loader');
    fixAndRecheck(root, 'DR202');
    assert.equal(read(root, 'mysite/settings.py'), settings.replace('"OPTIONS": {"debug": True}', '"OPTIONS": {}'));
    assert.equal(djangoLoaders(root).loader, 'django.template.loaders.cached.Loader');
  });
});

describe('DR203 APP_DIRS together with loaders', () => {
  const both = EXPLICIT.replace('"DIRS": [],\n', '"DIRS": [],\n        "APP_DIRS": True,\n').replace(
    '                "django.template.loaders.app_directories.Loader",\n',
    '',
  );

  test('an error on every version; Django 3.2 reports it as templates.E001', () => {
    for (const version of ['3.2', '5.1']) {
      const [finding] = findingsOf(analyzeOne(settingsProject(both, django(version))), 'DR203');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.djangoId, 'templates.E001');
      assert.match(finding.message, version === '3.2' ? /templates\.E001/ : /refuses to start/);
    }
    const root = settingsProject(both, {
      ...django('3.2'),
      ...APP,
      'manage.py': 'import sys\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n',
    });
    const run = runWithSettings(
      root,
      'mysite.settings',
      'import sys\nsys.argv = ["manage.py", "check"]\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n',
    );
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /\(templates\.E001\)/);
  });

  test('the fix drops APP_DIRS and adds the app directories loader, so app templates still load', () => {
    const root = settingsProject(both, { ...django('3.2'), ...APP });
    fixAndRecheck(root, 'DR203');
    assert.equal(read(root, 'mysite/settings.py'), EXPLICIT);
    assert.equal(djangoLoaders(root).rendered, 'hello from shop');
  });

  test('the silenced Django id silences it too', () => {
    const analysis = analyzeOne(settingsProject(`${both}SILENCED_SYSTEM_CHECKS = ["templates.E001"]\n`, django('3.2')));
    assert.deepEqual(loaderCodes(analysis), ['DR201']);
    assert.equal(analysis.suppressed.filter((s) => s.finding.code === 'DR203').length, 1);
  });
});
