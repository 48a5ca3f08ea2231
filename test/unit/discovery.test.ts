import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { LanguageService } from '../../server/src/service/index';
import { detectDjangoVersion, readDependencies, versionFromSpec } from '../../server/src/service/project/dependencies';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { discoverProjects } from '../../server/src/service/project/discovery';
import type { DjangoProject } from '../../server/src/service/project/model';
import { roleOf } from '../../server/src/service/project/settingsModules';
import { FIXTURES } from '../helpers/paths';
import { analyzeOne, MANAGE_PY, writeProject } from '../helpers/project';

function discover(root: string, settingsModule?: string): DjangoProject[] {
  return discoverProjects(new NodeFileSystem(), new ParseCache(), [root], { overrides: settingsModule ? { settingsModule } : undefined }).projects;
}

describe('the monorepo fixture', () => {
  let root: string;
  before(() => {
    // A copy with the decoys git cannot hold: dependency folders, virtualenvs, build output, a symlink loop.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-monorepo-'));
    fs.cpSync(path.join(FIXTURES, 'discovery', 'monorepo'), root, { recursive: true });
    const decoys = [
      'node_modules/some-pkg/manage.py',
      '.venv/lib/python3.11/site-packages/django/conf/project_template/manage.py',
      'venv/manage.py',
      'envs/py311/lib/manage.py',
      'blog/build/lib/blog/manage.py',
      'blog/dist/manage.py',
      'blog/blog/__pycache__/manage.py',
      '.git/manage.py',
      '.tox/py311/manage.py',
      'pkg.egg-info/manage.py',
    ];
    for (const decoy of decoys) {
      fs.mkdirSync(path.join(root, path.dirname(decoy)), { recursive: true });
      fs.writeFileSync(path.join(root, decoy), 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decoy.settings")\n');
    }
    fs.writeFileSync(path.join(root, 'envs/py311/pyvenv.cfg'), 'home = /usr/bin\n');
    fs.symlinkSync(root, path.join(root, 'shop', 'loop'));
    fs.symlinkSync(path.join(root, 'blog'), path.join(root, 'blog-link'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('finds exactly the two projects, skipping decoys and following each symlinked folder once', () => {
    const projects = discover(root);
    assert.deepEqual(projects.map((p) => path.relative(root, p.root)).sort(), ['blog', 'shop']);
  });

  test("split settings: wsgi.py picks production over manage.py's local module", () => {
    const shop = discover(root).find((p) => p.root.endsWith('shop'))!;
    assert.equal(shop.production?.name, 'config.settings.production');
    assert.match(shop.productionReason, /wsgi\.py selects config\.settings\.production/);
    assert.deepEqual(
      shop.settingsModules.map((m) => [m.name, m.role]),
      [
        ['config.settings.base', 'base'],
        ['config.settings.local', 'development'],
        ['config.settings.production', 'production'],
        ['config.settings.test', 'development'],
      ],
    );
    assert.deepEqual(shop.entryPoints.map((e) => [path.basename(e.file), e.settingsModule]).sort(), [
      ['manage.py', 'config.settings.local'],
      ['wsgi.py', 'config.settings.production'],
    ]);
  });

  test('Django version, dependencies, apps, templates, templatetags and supervisor files', () => {
    const [blog, shop] = discover(root).sort((a, b) => a.root.localeCompare(b.root));
    assert.deepEqual(
      [shop.djangoVersion.major, shop.djangoVersion.minor, shop.djangoVersion.exact, shop.djangoVersion.source],
      [4, 2, false, 'requirements/base.txt'],
    );
    assert.deepEqual([blog.djangoVersion.major, blog.djangoVersion.minor, blog.djangoVersion.exact, blog.djangoVersion.source], [5, 1, true, 'poetry.lock']);
    assert.ok(shop.dependencies.some((d) => d.name === 'celery'));
    assert.deepEqual(
      shop.apps.map((a) => [a.name, a.hasAppsPy, a.hasModels]),
      [['shop.orders', true, true]],
    );
    assert.deepEqual(
      shop.templateDirs.map((d) => path.relative(shop.root, d)),
      ['shop/orders/templates', 'shop/templates'],
    );
    assert.deepEqual(
      shop.templatetagsPackages.map((d) => path.relative(shop.root, d)),
      ['shop/orders/templatetags'],
    );
    assert.deepEqual(
      shop.supervisorFiles.map((f) => path.relative(shop.root, f)),
      ['deploy/supervisor/shop-web.conf'],
    );
    assert.equal(blog.config.appsPackage, 'modules', '[tool.django-ready] is read from pyproject.toml');
    assert.equal(shop.name, 'shop');
  });

  test('the settings of both projects are evaluated independently', () => {
    const shop = analyzeOne(path.join(root, 'shop'));
    assert.deepEqual(
      shop.environment.map((e) => [e.name, e.required]),
      [
        ['DJANGO_SECRET_KEY', true],
        ['DJANGO_ALLOWED_HOSTS', false],
      ],
    );
    assert.deepEqual(
      shop.findings.map((f) => f.code).filter((c) => c === 'DR909' || c === 'DR918'),
      [],
    );
    const blog = analyzeOne(path.join(root, 'blog'));
    assert.deepEqual(
      blog.findings.map((f) => f.code).filter((c) => c === 'DR909' || c === 'DR918'),
      [],
    );
  });
});

describe('choosing the production module', () => {
  const splitProject = (modules: Record<string, string>, manage = 'conf.settings.dev'): string =>
    writeProject({
      'manage.py': MANAGE_PY(manage),
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      ...Object.fromEntries(Object.entries(modules).map(([name, text]) => [`conf/settings/${name}.py`, text])),
    });

  test('a module named for production wins when nothing else says', () => {
    const [project] = discover(splitProject({ base: 'X = 1\n', dev: 'from .base import *\n', prod: 'from .base import *\n' }));
    assert.equal(project.production?.name, 'conf.settings.prod');
    assert.equal(project.productionGuessed, false);
  });

  test('only development modules and a base: the base is judged, with an info finding', () => {
    const root = splitProject({ base: 'X = 1\n', dev: 'from .base import *\n' });
    const [project] = discover(root);
    assert.equal(project.production?.name, 'conf.settings.base');
    assert.equal(project.productionGuessed, true);
    assert.deepEqual(analyzeOne(root).findings.filter((f) => f.code === 'DR006').length, 1);
  });

  test('--settings / [tool.django-ready] settings-module override, and a missing module is reported', () => {
    const root = splitProject({ base: 'X = 1\n', dev: 'X = 2\n', staging: 'X = 3\n' });
    assert.equal(discover(root, 'conf.settings.staging')[0].production?.name, 'conf.settings.staging');
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.django-ready]\nsettings-module = "conf.settings.base"\n');
    assert.equal(discover(root)[0].production?.name, 'conf.settings.base');
    assert.equal(discover(root, 'conf.settings.staging')[0].production?.name, 'conf.settings.staging', 'the caller wins over pyproject');
    const missing = analyzeOne(root, { settingsModule: 'conf.settings.nope' });
    assert.equal(missing.settings, undefined);
    assert.deepEqual(
      missing.findings.filter((f) => f.area === 'settings').map((f) => f.code),
      ['DR007'],
    );
    assert.deepEqual(
      missing.checklist.filter((a) => a.area === 'security' || a.area === 'db-connections').map((a) => a.status),
      ['unknown', 'unknown'],
      'areas judged from settings cannot be judged',
    );
  });

  test('flat settings_<env>.py siblings of settings.py', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('site.settings'),
      'site/__init__.py': '',
      'site/settings.py': '',
      'site/settings_prod.py': 'from .settings import *\n',
      'site/local_settings.py': '',
      'site/urls.py': '',
    });
    const [project] = discover(root);
    assert.deepEqual(
      project.settingsModules.map((m) => m.name),
      ['site.local_settings', 'site.settings', 'site.settings_prod'],
    );
    assert.equal(project.production?.name, 'site.settings_prod');
  });

  test('roles from names', () => {
    assert.deepEqual(
      ['production', 'prod', 'live', 'deploy', 'settings_prod', 'local', 'dev', 'test', 'ci', 'local_settings', 'base', 'settings', 'staging'].map((n) =>
        roleOf(`x.${n}`),
      ),
      [
        'production',
        'production',
        'production',
        'production',
        'production',
        'development',
        'development',
        'development',
        'development',
        'development',
        'base',
        'base',
        'other',
      ],
    );
  });
});

describe('Django version specs', () => {
  test('pins, ranges, poetry carets and wildcards', () => {
    const cases: [string, [number, number, boolean] | undefined][] = [
      ['==4.2.7', [4, 2, true]],
      ['>=4.2,<5.0', [4, 2, false]],
      ['~=5.1.0', [5, 1, false]],
      ['^4.2', [4, 2, false]],
      ['4.2.*', [4, 2, false]],
      ['<5', undefined],
      ['*', undefined],
      ['', undefined],
    ];
    for (const [spec, expected] of cases) {
      const version = versionFromSpec(spec);
      assert.deepEqual(version ? [version.major, version.minor, version.exact] : undefined, expected, spec);
    }
  });

  test('uv.lock and Pipfile.lock give exact versions; nothing pinned means the current LTS', () => {
    const uv = writeProject({
      'manage.py': MANAGE_PY('a.settings'),
      'a/__init__.py': '',
      'a/settings.py': '',
      'uv.lock': 'version = 1\n[[package]]\nname = "Django"\nversion = "4.1.13"\n',
    });
    assert.deepEqual([discover(uv)[0].djangoVersion.major, discover(uv)[0].djangoVersion.minor], [4, 1]);
    const pipenv = writeProject({
      'manage.py': MANAGE_PY('a.settings'),
      'a/__init__.py': '',
      'a/settings.py': '',
      'Pipfile.lock': JSON.stringify({ default: { django: { version: '==3.2.25' } } }),
    });
    assert.equal(discover(pipenv)[0].djangoVersion.major, 3);
    const none = writeProject({ 'manage.py': MANAGE_PY('a.settings'), 'a/__init__.py': '', 'a/settings.py': '' });
    assert.deepEqual(discover(none)[0].djangoVersion, { major: 5, minor: 2, source: 'default', exact: false });
  });
});

describe('bad trees', () => {
  test('an unreadable folder is reported and the rest still discovered', { skip: process.getuid?.() === 0 ? 'root can read every folder' : false }, () => {
    const root = writeProject({ 'manage.py': MANAGE_PY('a.settings'), 'a/__init__.py': '', 'a/settings.py': '', 'secret/x.py': '' });
    fs.chmodSync(path.join(root, 'secret'), 0);
    try {
      const analysis = analyzeOne(root);
      assert.deepEqual(analysis.findings.filter((f) => f.code === 'DR008').length, 1);
    } finally {
      fs.chmodSync(path.join(root, 'secret'), 0o755);
    }
  });

  test('a folder the file system refuses to list is reported, even when running as root', () => {
    const root = writeProject({ 'manage.py': MANAGE_PY('a.settings'), 'a/__init__.py': '', 'a/settings.py': 'DEBUG = False\n', 'private/b/x.py': '' });
    const disk = new NodeFileSystem();
    const refusing = Object.assign(Object.create(disk) as NodeFileSystem, {
      readDir: (dir: string) => (dir.endsWith(`${path.sep}private`) ? undefined : disk.readDir(dir)),
    });
    const service = new LanguageService(refusing);
    const [project] = service.discover([root]).projects;
    const findings = service.analyze(project).findings.filter((f) => f.code === 'DR008');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /Cannot read folder private/);
  });

  test('a folder that cannot be listed (a file posing as a folder in the middle of a walk) does not stop discovery', () => {
    const root = writeProject({ 'manage.py': MANAGE_PY('a.settings'), 'a/__init__.py': '', 'a/settings.py': 'DEBUG = False\n' });
    fs.symlinkSync(path.join(root, 'does-not-exist'), path.join(root, 'dangling'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'self'));
    assert.equal(discover(root).length, 1);
  });
});

describe('Django version on real layouts', () => {
  test('an exact pin beats a range; development, test, docs and matrix requirement files do not decide', () => {
    const root = writeProject({
      'pyproject.toml':
        '[project]\nname = "x"\ndependencies = ["Django>=4.2,<6"]\n[project.optional-dependencies]\ntest = ["Django==6.1"]\ndeploy = ["Django==5.2.3"]\n',
      'requirements-dev.txt': 'Django==6.0\n',
      'docs/requirements.txt': 'Django<6\n',
      'requirements-django61.txt': 'django==6.1\n',
    });
    const files = ['pyproject.toml', 'requirements-dev.txt', 'docs/requirements.txt', 'requirements-django61.txt'].map((f) => path.join(root, f));
    const version = detectDjangoVersion(readDependencies(new NodeFileSystem(), files, root));
    assert.deepEqual([version.major, version.minor, version.exact, version.source], [5, 2, true, 'pyproject.toml']);
    const rangeOnly = detectDjangoVersion(
      readDependencies(new NodeFileSystem(), [path.join(root, 'docs/requirements.txt'), path.join(root, 'requirements-dev.txt')], root),
    );
    assert.deepEqual([rangeOnly.major, rangeOnly.minor], [6, 0], 'with nothing else, a development pin is still better than guessing');
  });
});
