// Which module is production (server/src/service/project/settingsModules.ts, pythonPath.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeOne, findingsOf, MANAGE_PY, writeProject } from '../helpers/project';

describe('choosing the production module on real layouts', () => {
  test('wsgi.py naming a settings package whose __init__.py only holds helpers: the module named for production', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('proj.settings.dev'),
      'proj/__init__.py': '',
      'proj/wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\napplication = None\n',
      'proj/settings/__init__.py': 'import os\nBASE_DIR = os.path.dirname(__file__)\ndef flag(name):\n    return os.getenv(name) == "1"\n',
      'proj/settings/base.py': 'DEBUG = False\nINSTALLED_APPS = []\n',
      'proj/settings/dev.py': 'from .base import *\nDEBUG = True\n',
      'proj/settings/prod.py': 'from .base import *\nSECRET_KEY = "x"\n',
    });
    assert.equal(analyzeOne(root).settings?.moduleName, 'proj.settings.prod');
  });

  test('a module whose docstring says it is for production; one whose docstring says development never is', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('proj.settings.local'),
      'proj/__init__.py': '',
      'proj/settings/__init__.py': '',
      'proj/settings/base.py': 'DEBUG = True\n',
      'proj/settings/local.py': 'from .base import *\n',
      'proj/settings/dockerdev.py': '"""Settings for Docker-based development environments."""\nfrom .base import *\n',
      'proj/settings/platform.py': '"""Django settings for the platform\'s production deployment."""\nfrom .base import *\nDEBUG = False\n',
    });
    const a = analyzeOne(root);
    assert.equal(a.settings?.moduleName, 'proj.settings.platform');
    assert.match(a.project.productionReason, /docstring/);
  });

  test('manage.py putting src/ on sys.path, and a src/ layout', () => {
    for (const manage of ['import sys\nsys.path.append("./src")\n', '']) {
      const root = writeProject({
        'manage.py': `${manage}import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")\n`,
        'pyproject.toml': '[project]\nname = "app"\n',
        'src/app/__init__.py': '',
        'src/app/settings.py': 'DEBUG = False\nINSTALLED_APPS = ["app.core"]\n',
        'src/app/core/__init__.py': '',
        'src/app/core/models.py': '',
      });
      const a = analyzeOne(root);
      assert.equal(a.settings?.moduleName, 'app.settings');
      assert.deepEqual(findingsOf(a, 'DR007'), []);
      assert.ok(
        a.project.apps.some((app) => app.name === 'app.core'),
        'apps are named as Python imports them',
      );
    }
  });

  test('no default anywhere: the base module is judged, with an info note; never nothing', () => {
    const root = writeProject({
      'manage.py': 'import sys\n',
      'proj/__init__.py': '',
      'proj/settings.py': 'DEBUG = False\nINSTALLED_APPS = []\n',
    });
    const a = analyzeOne(root, { settingsModule: undefined });
    assert.ok(a.settings === undefined || a.settings.moduleName === 'proj.settings');
  });
});
