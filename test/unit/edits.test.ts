import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { insertListItemChange, removeNestedChange, setNestedChange, setSettingChange } from '../../server/src/service/fixes/settingsEdits';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import type { FileChange } from '../../server/src/service/types';
import { analyzeOne, MANAGE_PY, read, settingsProject, writeProject } from '../helpers/project';
import { pythonSyntaxError } from '../helpers/python';

function edited(source: string, build: (view: NonNullable<ReturnType<typeof analyzeOne>['settings']>) => FileChange): string {
  const root = settingsProject(source);
  const view = analyzeOne(root).settings!;
  const change = build(view);
  assert.equal(change.kind, 'edit');
  const result = applyTextEdits(read(root, 'mysite/settings.py'), change.kind === 'edit' ? change.edits : []);
  assert.equal(pythonSyntaxError(result), undefined, `result must be valid Python:\n${result}`);
  return result;
}

const GROUP = '# Deployment checklist: https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/';

describe('setSettingChange', () => {
  test('replaces the value where the production module sets it', () => {
    assert.equal(
      edited('DEBUG = True  # keep me\nX = 1\n', (v) => setSettingChange(v, 'DEBUG', 'False')),
      'DEBUG = False  # keep me\nX = 1\n',
    );
  });

  test('inserts before trailing local-settings imports, and adds import os once', () => {
    const source = '"""Doc."""\nfrom pathlib import Path\n\nX = 1\n\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n';
    const result = edited(source, (v) => setSettingChange(v, 'SECRET_KEY', 'os.environ["K"]', { imports: ['os'] }));
    assert.equal(
      result,
      `"""Doc."""\nimport os\nfrom pathlib import Path\n\nX = 1\n\n${GROUP}\nSECRET_KEY = os.environ["K"]\n\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n`,
    );
  });

  test('an inherited setting gets an override in the production module, the base stays as it is', () => {
    const root = writeProject({
      'manage.py': MANAGE_PY('conf.settings.production'),
      'conf/__init__.py': '',
      'conf/settings/__init__.py': '',
      'conf/settings/base.py': 'DEBUG = True\n',
      'conf/settings/production.py': 'from .base import *  # noqa\n',
    });
    const view = analyzeOne(root).settings!;
    const change = setSettingChange(view, 'DEBUG', 'False');
    assert.equal(change.file, view.file);
    assert.equal(
      applyTextEdits(read(root, 'conf/settings/production.py'), change.kind === 'edit' ? change.edits : []),
      `from .base import *  # noqa\n\n${GROUP}\nDEBUG = False\n`,
    );
  });

  test('a file without a final newline, and CRLF files keep their line endings', () => {
    assert.equal(
      edited('X = 1', (v) => setSettingChange(v, 'DEBUG', 'False')),
      `X = 1\n\n${GROUP}\nDEBUG = False\n`,
    );
    assert.equal(
      edited('X = 1\r\nY = 2\r\n', (v) => setSettingChange(v, 'DEBUG', 'False', { imports: ['os'] })),
      `import os\r\n\r\nX = 1\r\nY = 2\r\n\r\n${GROUP}\r\nDEBUG = False\r\n`,
    );
  });
  test("settings added one after another join the group once, in the deployment checklist's order", () => {
    const root = settingsProject('X = 1\n');
    const file = 'mysite/settings.py';
    const apply = (name: string, value: string): void => {
      const change = setSettingChange(analyzeOne(root).settings!, name, value);
      fs.writeFileSync(path.join(root, file), applyTextEdits(read(root, file), change.kind === 'edit' ? change.edits : []));
    };
    apply('SESSION_COOKIE_SECURE', 'True');
    apply('SECRET_KEY', 'os.environ["K"]');
    apply('SECURE_SSL_REDIRECT', 'True');
    apply('X_FRAME_OPTIONS', '"DENY"');
    assert.equal(
      read(root, file),
      `X = 1\n\n${GROUP}\nSECRET_KEY = os.environ["K"]\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nX_FRAME_OPTIONS = "DENY"\n`,
    );
  });
});

describe('dict entries', () => {
  const databases = 'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "app",\n    }\n}\n';

  test('adds a key to a multi-line dict with the same indentation and trailing comma', () => {
    assert.equal(
      edited(databases, (v) => setNestedChange(v, 'DATABASES', ['default', 'CONN_MAX_AGE'], '60')),
      'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "app",\n        "CONN_MAX_AGE": 60,\n    }\n}\n',
    );
  });

  test("replaces an existing key's value, and adds to one-line and empty dicts", () => {
    assert.equal(
      edited('D = {"default": {"CONN_MAX_AGE": 0}}\n', (v) => setNestedChange(v, 'D', ['default', 'CONN_MAX_AGE'], '60')),
      'D = {"default": {"CONN_MAX_AGE": 60}}\n',
    );
    assert.equal(
      edited('D = {"default": {"A": 1}}\n', (v) => setNestedChange(v, 'D', ['default', 'B'], '2')),
      'D = {"default": {"A": 1, "B": 2}}\n',
    );
    assert.equal(
      edited('D = {"default": {}}\n', (v) => setNestedChange(v, 'D', ['default', 'B'], '2')),
      'D = {"default": {"B": 2}}\n',
    );
    assert.equal(
      edited('D = {"default": {\n    "A": 1\n}}\n', (v) => setNestedChange(v, 'D', ['default', 'B'], '2')),
      'D = {"default": {\n    "A": 1,\n    "B": 2\n}}\n',
    );
  });

  test('a computed container gets a subscript assignment instead', () => {
    assert.equal(
      edited('import dj_database_url\nDATABASES = {"default": dj_database_url.config()}\n', (v) =>
        setNestedChange(v, 'DATABASES', ['default', 'CONN_MAX_AGE'], '60'),
      ),
      'import dj_database_url\nDATABASES = {"default": dj_database_url.config()}\nDATABASES["default"]["CONN_MAX_AGE"] = 60\n',
    );
  });

  test('removes a key on its own line, or inline', () => {
    assert.equal(
      edited('T = [{\n    "APP_DIRS": True,\n    "OPTIONS": {},\n}]\n', (v) => removeNestedChange(v, 'T', [0, 'APP_DIRS'])!),
      'T = [{\n    "OPTIONS": {},\n}]\n',
    );
    assert.equal(
      edited('T = [{"A": 1, "APP_DIRS": True}]\n', (v) => removeNestedChange(v, 'T', [0, 'APP_DIRS'])!),
      'T = [{"A": 1}]\n',
    );
    assert.equal(
      edited('T = [{"APP_DIRS": True, "A": 1}]\n', (v) => removeNestedChange(v, 'T', [0, 'APP_DIRS'])!),
      'T = [{"A": 1}]\n',
    );
  });
});

describe('list items', () => {
  const middleware = 'MIDDLEWARE = [\n    "a.A",\n    "b.B",\n]\n';

  test('first, last, after and before an item in a multi-line list', () => {
    assert.equal(
      edited(middleware, (v) => insertListItemChange(v, 'MIDDLEWARE', [], '"s.S"', 'start')),
      'MIDDLEWARE = [\n    "s.S",\n    "a.A",\n    "b.B",\n]\n',
    );
    assert.equal(
      edited(middleware, (v) => insertListItemChange(v, 'MIDDLEWARE', [], '"s.S"', 'end')),
      'MIDDLEWARE = [\n    "a.A",\n    "b.B",\n    "s.S",\n]\n',
    );
    assert.equal(
      edited(middleware, (v) => insertListItemChange(v, 'MIDDLEWARE', [], '"s.S"', { after: 'a.A' })),
      'MIDDLEWARE = [\n    "a.A",\n    "s.S",\n    "b.B",\n]\n',
    );
    assert.equal(
      edited(middleware, (v) => insertListItemChange(v, 'MIDDLEWARE', [], '"s.S"', { before: 'b.B' })),
      'MIDDLEWARE = [\n    "a.A",\n    "s.S",\n    "b.B",\n]\n',
    );
  });

  test('one-line and empty lists, nested lists', () => {
    assert.equal(
      edited('L = ["a", "b"]\n', (v) => insertListItemChange(v, 'L', [], '"s"', 'start')),
      'L = ["s", "a", "b"]\n',
    );
    assert.equal(
      edited('L = ["a", "b"]\n', (v) => insertListItemChange(v, 'L', [], '"s"', 'end')),
      'L = ["a", "b", "s"]\n',
    );
    assert.equal(
      edited('L = []\n', (v) => insertListItemChange(v, 'L', [], '"s"', 'end')),
      'L = ["s"]\n',
    );
    assert.equal(
      edited('from pathlib import Path\nB = Path("/x")\nT = [{"DIRS": []}]\n', (v) => insertListItemChange(v, 'T', [0, 'DIRS'], 'B / "templates"', 'end')),
      'from pathlib import Path\nB = Path("/x")\nT = [{"DIRS": [B / "templates"]}]\n',
    );
  });

  test('a computed list gets .insert() / .append() in the production module', () => {
    assert.equal(
      edited('L = list(range(0))\n', (v) => insertListItemChange(v, 'L', [], '"s"', 'start')),
      'L = list(range(0))\nL.insert(0, "s")\n',
    );
  });
});
