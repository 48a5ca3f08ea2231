// Every security fix, applied to a small project: the whole resulting text, valid Python, and re-analysis no
// longer reports the finding (so the fix is not offered again). A single settings.py also serves development;
// conf/settings/production.py is production-only.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeOne, applyFix, findingsOf, MANAGE_PY, read, writeProject } from '../helpers/project';
import { pythonSyntaxError } from '../helpers/python';

const SEC = '"django.middleware.security.SecurityMiddleware"';
const MW = `MIDDLEWARE = [${SEC}]\n`;
const SETTINGS = 'mysite/settings.py';
const PRODUCTION = 'conf/settings/production.py';
const BASE = 'conf/settings/base.py';
/** The comment that starts the group of settings fixes add to a module, after a blank line. */
const GROUP = '\n# Deployment checklist: https://docs.djangoproject.com/en/3.2/howto/deployment/checklist/\n';

interface FixCase {
  name: string;
  code: string;
  /** A single settings.py (serves development too), or files of a conf/settings package with production.py. */
  files: string | { base: string; production: string };
  version?: string;
  /** Expected whole text of each edited file. */
  expected: Record<string, string>;
  /** The fix's title, when it matters (a variable production must then set). */
  title?: RegExp;
  /** The finding may stay (production must still set a variable), but without a fix to offer again. */
  stays?: true;
}

function project(files: FixCase['files'], version = '3.2.25'): string {
  const requirements = { 'requirements.txt': `Django==${version}\n` };
  if (typeof files === 'string')
    return writeProject({ 'manage.py': MANAGE_PY('mysite.settings'), 'mysite/__init__.py': '', [SETTINGS]: files, ...requirements });
  return writeProject({
    'manage.py': MANAGE_PY('conf.settings.production'),
    'conf/__init__.py': '',
    'conf/settings/__init__.py': '',
    [BASE]: files.base,
    [PRODUCTION]: files.production,
    ...requirements,
  });
}

const CASES: FixCase[] = [
  {
    name: 'SecurityMiddleware goes first in the list literal',
    code: 'DR901',
    files: 'MIDDLEWARE = [\n    "django.contrib.sessions.middleware.SessionMiddleware",\n]\n',
    expected: { [SETTINGS]: `MIDDLEWARE = [\n    ${SEC},\n    "django.contrib.sessions.middleware.SessionMiddleware",\n]\n` },
  },
  {
    name: 'SecurityMiddleware: an unset MIDDLEWARE gets a list',
    code: 'DR901',
    files: 'DEBUG = False\n',
    expected: { [SETTINGS]: `DEBUG = False\n${GROUP}MIDDLEWARE = [${SEC}]\n` },
  },
  {
    name: 'SecurityMiddleware removed later in production: a statement that runs last',
    code: 'DR901',
    files: { base: `MIDDLEWARE = [${SEC}, "a.B"]\n`, production: `from .base import *  # noqa\n\nMIDDLEWARE.remove(${SEC})\n` },
    expected: {
      [PRODUCTION]: `from .base import *  # noqa\n\nMIDDLEWARE.remove(${SEC})\nMIDDLEWARE.insert(0, ${SEC})\n`,
      [BASE]: `MIDDLEWARE = [${SEC}, "a.B"]\n`,
    },
  },
  {
    name: 'XFrameOptionsMiddleware goes after MessageMiddleware',
    code: 'DR902',
    files: `MIDDLEWARE = [${SEC}, "django.contrib.messages.middleware.MessageMiddleware", "x.Last"]\n`,
    // The one-line list would pass 99 characters: laid out as Black lays it out.
    expected: {
      [SETTINGS]: `MIDDLEWARE = [\n    ${SEC},\n    "django.contrib.messages.middleware.MessageMiddleware",\n    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n    "x.Last",\n]\n`,
    },
  },
  {
    name: 'CsrfViewMiddleware goes after CommonMiddleware',
    code: 'DR903',
    files: `MIDDLEWARE = [\n    ${SEC},\n    "django.middleware.common.CommonMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware",\n]\n`,
    expected: {
      [SETTINGS]: `MIDDLEWARE = [\n    ${SEC},\n    "django.middleware.common.CommonMiddleware",\n    "django.middleware.csrf.CsrfViewMiddleware",\n    "django.contrib.auth.middleware.AuthenticationMiddleware",\n]\n`,
    },
  },
  {
    name: 'HSTS starts at an hour, with a comment on raising it, subdomains included, no preload',
    code: 'DR904',
    files: MW,
    expected: {
      [SETTINGS]: `${MW}${GROUP}# Raise to 31536000 (one year) once HTTPS works on every page and subdomain.\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\n`,
    },
  },
  {
    name: 'HSTS 0 is replaced where it is written, subdomains next to it',
    code: 'DR904',
    files: `${MW}SECURE_HSTS_SECONDS = 0  # TODO\nX_FRAME_OPTIONS = "DENY"\n`,
    expected: { [SETTINGS]: `${MW}SECURE_HSTS_SECONDS = 3600  # TODO\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nX_FRAME_OPTIONS = "DENY"\n` },
  },
  {
    name: 'HSTS subdomains set to True itself',
    code: 'DR905',
    files: `${MW}SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = 1\nSECURE_HSTS_PRELOAD = True\n`,
    expected: { [SETTINGS]: `${MW}SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n` },
  },
  {
    name: 'HSTS preload added',
    code: 'DR921',
    files: `${MW}SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\n`,
    expected: { [SETTINGS]: `${MW}SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n` },
  },
  {
    name: 'nosniff back to True',
    code: 'DR906',
    files: `${MW}SECURE_CONTENT_TYPE_NOSNIFF = False\n`,
    expected: { [SETTINGS]: `${MW}SECURE_CONTENT_TYPE_NOSNIFF = True\n` },
  },
  {
    name: 'SSL redirect in a settings file that serves development: the DJANGO_DEBUG switch',
    code: 'DR908',
    files: MW,
    expected: { [SETTINGS]: `import os\n\n${MW}${GROUP}SECURE_SSL_REDIRECT = os.environ.get("DJANGO_DEBUG", "") != "1"\n` },
  },
  {
    name: 'SSL redirect where DEBUG is already off in production: not DEBUG',
    code: 'DR908',
    files: `import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n${MW}SECURE_SSL_REDIRECT = False\n`,
    expected: { [SETTINGS]: `import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n${MW}SECURE_SSL_REDIRECT = not DEBUG\n` },
  },
  {
    name: 'SSL redirect in a production-only module: True, base untouched',
    code: 'DR908',
    files: { base: `${MW}SECURE_SSL_REDIRECT = False\n`, production: 'from .base import *  # noqa\n' },
    expected: { [PRODUCTION]: `from .base import *  # noqa\n${GROUP}SECURE_SSL_REDIRECT = True\n`, [BASE]: `${MW}SECURE_SSL_REDIRECT = False\n` },
  },
  {
    name: 'session cookie secure (app only)',
    code: 'DR910',
    files: 'DEBUG = False\nINSTALLED_APPS = ["django.contrib.sessions"]\n',
    expected: { [SETTINGS]: `DEBUG = False\nINSTALLED_APPS = ["django.contrib.sessions"]\n${GROUP}SESSION_COOKIE_SECURE = not DEBUG\n` },
  },
  {
    name: 'session cookie secure (middleware only)',
    code: 'DR911',
    files: { base: 'MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\n', production: 'from .base import *  # noqa\n' },
    expected: { [PRODUCTION]: `from .base import *  # noqa\n${GROUP}SESSION_COOKIE_SECURE = True\n` },
  },
  {
    name: 'session cookie secure (both)',
    code: 'DR912',
    files:
      'INSTALLED_APPS = ["django.contrib.sessions"]\nMIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\nSESSION_COOKIE_SECURE = False\n',
    expected: {
      [SETTINGS]:
        'import os\n\nINSTALLED_APPS = ["django.contrib.sessions"]\nMIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\nSESSION_COOKIE_SECURE = os.environ.get("DJANGO_DEBUG", "") != "1"\n',
    },
  },
  {
    name: 'session cookie HttpOnly (app only)',
    code: 'DR913',
    files: 'INSTALLED_APPS = ["django.contrib.sessions"]\nSESSION_COOKIE_HTTPONLY = False\n',
    expected: { [SETTINGS]: 'INSTALLED_APPS = ["django.contrib.sessions"]\nSESSION_COOKIE_HTTPONLY = True\n' },
  },
  {
    name: 'session cookie HttpOnly (middleware only)',
    code: 'DR914',
    files: 'MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\nSESSION_COOKIE_HTTPONLY = 0\n',
    expected: { [SETTINGS]: 'MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\nSESSION_COOKIE_HTTPONLY = True\n' },
  },
  {
    name: 'session cookie HttpOnly (both)',
    code: 'DR915',
    files:
      'INSTALLED_APPS = ["django.contrib.sessions"]\nMIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\nSESSION_COOKIE_HTTPONLY = None\n',
    expected: {
      [SETTINGS]:
        'INSTALLED_APPS = ["django.contrib.sessions"]\nMIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]\nSESSION_COOKIE_HTTPONLY = True\n',
    },
  },
  {
    name: 'CSRF cookie secure',
    code: 'DR916',
    files: {
      base: 'MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]\nCSRF_COOKIE_SECURE = False\n',
      production: 'from .base import *  # noqa\n\ntry:\n    from .local import *  # noqa\nexcept ImportError:\n    pass\n',
    },
    expected: {
      [PRODUCTION]: `from .base import *  # noqa\n${GROUP}CSRF_COOKIE_SECURE = True\n\ntry:\n    from .local import *  # noqa\nexcept ImportError:\n    pass\n`,
    },
  },
  {
    name: 'weak SECRET_KEY in a production module: required variable',
    code: 'DR909',
    files: { base: 'SECRET_KEY = "django-insecure-abc"\n', production: 'from .base import *  # noqa\n' },
    expected: { [PRODUCTION]: `import os\n\nfrom .base import *  # noqa\n${GROUP}SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n` },
    title: /production must then set \$DJANGO_SECRET_KEY/,
  },
  {
    name: 'weak SECRET_KEY in a shared settings file: development key only behind DJANGO_DEBUG=1, wrapped as Black does',
    code: 'DR909',
    files: 'SECRET_KEY = "django-insecure-abc"\n',
    expected: {
      [SETTINGS]:
        'import os\n\nSECRET_KEY = (\n    os.environ["DJANGO_SECRET_KEY"]\n    if os.environ.get("DJANGO_DEBUG", "") != "1"\n    else "django-insecure-abc"\n)\n',
    },
    title: /^Read SECRET_KEY from \$DJANGO_SECRET_KEY outside development \(production must then set \$DJANGO_SECRET_KEY\)$/,
  },
  {
    name: 'committed strong key: the development fallback is a placeholder, never the committed key',
    code: 'DR953',
    files: `SECRET_KEY = "${'k'.repeat(45)}abcde"\n`,
    expected: {
      [SETTINGS]:
        'import os\n\nSECRET_KEY = (\n    os.environ["DJANGO_SECRET_KEY"]\n    if os.environ.get("DJANGO_DEBUG", "") != "1"\n    else "django-insecure-development-only-key"\n)\n',
    },
  },
  {
    name: 'committed strong key as an environment fallback keeps its variable',
    code: 'DR953',
    files: { base: '', production: `import os\nSECRET_KEY = os.environ.get("APP_KEY", "${'k'.repeat(45)}abcde")\n` },
    expected: { [PRODUCTION]: 'import os\nSECRET_KEY = os.environ["APP_KEY"]\n' },
  },
  {
    name: 'DEBUG in a shared settings file reads the switch',
    code: 'DR918',
    files: 'DEBUG = True\n',
    expected: { [SETTINGS]: 'import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n' },
  },
  {
    name: 'DEBUG_PROPAGATE_EXCEPTIONS off',
    code: 'DR954',
    files: 'DEBUG_PROPAGATE_EXCEPTIONS = True\n',
    expected: { [SETTINGS]: 'DEBUG_PROPAGATE_EXCEPTIONS = False\n' },
  },
  {
    name: 'X_FRAME_OPTIONS DENY',
    code: 'DR919',
    files: 'MIDDLEWARE = ["django.middleware.clickjacking.XFrameOptionsMiddleware"]\nX_FRAME_OPTIONS = "SAMEORIGIN"\n',
    expected: { [SETTINGS]: 'MIDDLEWARE = ["django.middleware.clickjacking.XFrameOptionsMiddleware"]\nX_FRAME_OPTIONS = "DENY"\n' },
  },
  {
    name: 'empty ALLOWED_HOSTS: read from a variable, empty when it is unset as it is now (no variable becomes required)',
    code: 'DR920',
    files: 'ALLOWED_HOSTS = []\n',
    expected: { [SETTINGS]: 'import os\n\nALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "").split()\n' },
    stays: true,
  },
  {
    name: 'empty ALLOWED_HOSTS in a django-environ module: env.list with an empty default',
    code: 'DR920',
    files: { base: '', production: 'import environ\n\nenv = environ.Env()\nALLOWED_HOSTS = []\n' },
    expected: { [PRODUCTION]: 'import environ\n\nenv = environ.Env()\nALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])\n' },
    stays: true,
  },
  {
    name: 'referrer policy None',
    code: 'DR922',
    files: `${MW}SECURE_REFERRER_POLICY = None\n`,
    expected: { [SETTINGS]: `${MW}SECURE_REFERRER_POLICY = "same-origin"\n` },
  },
  {
    name: 'invalid referrer policy keeps the valid ones',
    code: 'DR923',
    files: `${MW}SECURE_REFERRER_POLICY = ["same-origin", "bogus", "origin"]\n`,
    expected: { [SETTINGS]: `${MW}SECURE_REFERRER_POLICY = "same-origin, origin"\n` },
  },
  {
    name: 'invalid cross-origin opener policy (4.0+)',
    code: 'DR924',
    version: '4.2.16',
    files: `${MW}SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-site"\n`,
    expected: { [SETTINGS]: `${MW}SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"\n` },
  },
  {
    name: 'weak fallback key removed (4.1+)',
    code: 'DR925',
    version: '4.2.16',
    files: `SECRET_KEY_FALLBACKS = [\n    "short",\n    "${'k'.repeat(45)}abcde",\n]\n`,
    expected: { [SETTINGS]: `SECRET_KEY_FALLBACKS = [\n    "${'k'.repeat(45)}abcde",\n]\n` },
  },
  {
    name: 'proxy header spelled as on the wire',
    code: 'DR951',
    files: 'SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "HTTPS")\n',
    expected: { [SETTINGS]: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n' },
  },
  {
    name: 'trusted origin without a scheme (4.0+); the old subdomain form',
    code: 'DR955',
    version: '4.2.16',
    files: 'CSRF_TRUSTED_ORIGINS = [".example.com", "https://ok.example.org"]\n',
    expected: { [SETTINGS]: 'CSRF_TRUSTED_ORIGINS = ["https://*.example.com", "https://ok.example.org"]\n' },
  },
  {
    name: 'relative file cache location under BASE_DIR',
    code: 'DR960',
    files:
      'from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "var/cache"}}\n',
    expected: {
      [SETTINGS]:
        'from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": BASE_DIR / "var/cache"}}\n',
    },
  },
];

describe('security fixes', () => {
  for (const fixCase of CASES) {
    test(`${fixCase.code}: ${fixCase.name}`, () => {
      const root = project(fixCase.files, fixCase.version);
      const finding = findingsOf(analyzeOne(root), fixCase.code)[0];
      assert.ok(finding?.fix, `${fixCase.code} is reported with a fix`);
      if (fixCase.title) assert.match(finding.fix.title, fixCase.title);
      applyFix(finding.fix);
      for (const [file, text] of Object.entries(fixCase.expected)) {
        assert.equal(read(root, file), text, file);
        assert.equal(pythonSyntaxError(text), undefined);
        // What a fix writes fits in 99 characters, unless it edits inside a line that was already longer.
        const before = typeof fixCase.files === 'string' ? fixCase.files : file === PRODUCTION ? fixCase.files.production : fixCase.files.base;
        const longBefore = before.split('\n').some((line) => line.length > 99);
        for (const line of text.split('\n').filter((line) => !before.split('\n').includes(line)))
          assert.ok(line.length <= 99 || longBefore, `${line.length} characters: ${line}`);
      }
      const left = findingsOf(analyzeOne(root), fixCase.code);
      if (fixCase.stays)
        assert.deepEqual(
          left.map((after) => after.fix),
          left.map(() => null),
          'what stays has no fix to offer again',
        );
      else assert.deepEqual(left, [], 'the fix removes its own finding, so it is not offered again');
    });
  }

  test('no fix where the value already comes from the environment or only the project knows it', () => {
    const environ = project({ base: '', production: 'import environ\n\nenv = environ.Env()\nALLOWED_HOSTS = env.list("HOSTS", default=[])\n' });
    const [empty] = findingsOf(analyzeOne(environ), 'DR920');
    assert.match(empty.message, /fallback used when \$HOSTS is unset/);
    assert.equal(empty.fix, null, 'production must set $HOSTS: a fix could only make it required');
    const [wildcard] = findingsOf(analyzeOne(project({ base: '', production: 'ALLOWED_HOSTS = ["*"]\n' })), 'DR950');
    assert.equal(wildcard.fix, null, '"*" is what lets production answer today');
  });

  const BEHIND_SOCKET = { 'deploy/supervisor/web.conf': '[program:web]\ncommand=gunicorn mysite.wsgi -b unix:/run/web.sock\n' };
  const NGINX = {
    'deploy/nginx.conf':
      'server {\n    location / {\n        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://unix:/run/web.sock;\n    }\n}\n',
  };

  function proxied(settings: string, files: Record<string, string>): string {
    return writeProject({ 'manage.py': MANAGE_PY('mysite.settings'), 'mysite/__init__.py': '', [SETTINGS]: settings, ...files });
  }

  test('an HTTPS redirect behind a proxy nobody shows: no fix (it would redirect forever), and the advice says why', () => {
    const root = proxied(MW, BEHIND_SOCKET);
    const [finding] = findingsOf(analyzeOne(root), 'DR908');
    assert.equal(finding.fix, null);
    assert.match(finding.message, /gunicorn listens on unix:\/run\/web\.sock \(web\.conf\), so a proxy in front terminates HTTPS: redirect to HTTPS there/);
    const looping = proxied(`${MW}SECURE_SSL_REDIRECT = True\n`, BEHIND_SOCKET);
    const [loop] = findingsOf(analyzeOne(looping), 'DR952');
    assert.match(loop.message, /gunicorn listens on unix:\/run\/web\.sock \(web\.conf\)/);
    assert.equal(loop.fix, null, 'trusting a header no proxy is shown to set would let any client claim HTTPS');
  });

  test('behind the nginx configuration that sets X-Forwarded-Proto: the redirect comes with the header, in one fix', () => {
    const root = proxied(MW, { ...BEHIND_SOCKET, ...NGINX });
    const [finding] = findingsOf(analyzeOne(root), 'DR908');
    assert.equal(
      finding.fix?.title,
      'Turn SECURE_SSL_REDIRECT on outside development (DJANGO_DEBUG=1), trusting HTTP_X_FORWARDED_PROTO from the proxy configuration deploy/nginx.conf',
    );
    applyFix(finding.fix);
    assert.equal(
      read(root, SETTINGS),
      `import os\n\n${MW}${GROUP.replace('3.2', '5.2')}# Set by the proxy configuration deploy/nginx.conf.\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\nSECURE_SSL_REDIRECT = os.environ.get("DJANGO_DEBUG", "") != "1"\n`,
    );
    const after = analyzeOne(root);
    assert.deepEqual([...findingsOf(after, 'DR908'), ...findingsOf(after, 'DR952')], []);
  });

  test('the proxy header fix for an HTTPS redirect already on, behind the nginx configuration', () => {
    const root = proxied(`${MW}SECURE_SSL_REDIRECT = True\n`, { ...BEHIND_SOCKET, ...NGINX });
    const finding = findingsOf(analyzeOne(root), 'DR952')[0];
    assert.equal(finding.fix?.title, 'Trust HTTP_X_FORWARDED_PROTO from the proxy configuration deploy/nginx.conf');
    applyFix(finding.fix!);
    assert.equal(
      read(root, SETTINGS),
      `${MW}SECURE_SSL_REDIRECT = True\n${GROUP.replace('3.2', '5.2')}# Set by the proxy configuration deploy/nginx.conf.\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n`,
    );
    assert.deepEqual(findingsOf(analyzeOne(root), 'DR952'), []);
  });
});

describe('fixes follow the project: its switch, the module the value came from, never a development module', () => {
  test("a variable that chooses the branch (the project's own switch) decides: no fix goes ahead of it", () => {
    const root = project('import os\n\nif os.environ.get("APP_ENV") == "production":\n    DEBUG = False\nelse:\n    DEBUG = True\n');
    const [finding] = findingsOf(analyzeOne(root), 'DR918');
    assert.match(finding.message, /\$APP_ENV/);
    assert.equal(finding.fix, null);
  });

  test('a fallback in a base module production inherits is edited there, keeping the variable, and stays off in development', () => {
    const base = `import os\n\n${MW}SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", False)\n`;
    const root = project({ base, production: 'from .base import *  # noqa\n' });
    const [finding] = findingsOf(analyzeOne(root), 'DR908');
    assert.equal(finding.fix?.title, 'Default SECURE_SSL_REDIRECT to on outside development (DJANGO_DEBUG=1) when $SSL_REDIRECT is unset');
    applyFix(finding.fix);
    assert.equal(read(root, BASE), base.replace('"SSL_REDIRECT", False)', '"SSL_REDIRECT", os.environ.get("DJANGO_DEBUG", "") != "1")'));
    assert.equal(read(root, PRODUCTION), 'from .base import *  # noqa\n');
  });

  test('a fallback in a development module production imports is never edited', () => {
    const root = project({ base: 'DEBUG = False\n', production: 'from .base import *  # noqa\nfrom .local import *  # noqa\n' });
    fs.writeFileSync(path.join(root, 'conf/settings/local.py'), 'import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", True)\n');
    const [finding] = findingsOf(analyzeOne(root), 'DR918');
    assert.match(finding.location.file, /local\.py$/);
    assert.equal(finding.fix, null, "local.py is the developer's own module");
    // The same fallback in base.py becomes False, where the variable still turns it on.
    const shared = project({ base: 'import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", True)\n', production: 'from .base import *  # noqa\n' });
    const [inBase] = findingsOf(analyzeOne(shared), 'DR918');
    assert.equal(inBase.fix?.title, 'Default DEBUG to False when $DJANGO_DEBUG is unset');
    applyFix(inBase.fix);
    assert.equal(read(shared, BASE), 'import os\n\nDEBUG = os.environ.get("DJANGO_DEBUG", False)\n');
  });
});
