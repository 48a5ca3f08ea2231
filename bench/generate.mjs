// Generators for benchmark inputs: realistic settings modules of a given size and a large monorepo.
import * as fs from 'node:fs';
import * as path from 'node:path';

const BLOCKS = [
  (i) => [`# --- section ${i} ---`, `FEATURE_${i}_ENABLED = os.environ.get("FEATURE_${i}", "false").lower() == "true"`],
  (i) => [`TIMEOUT_${i} = int(os.getenv("TIMEOUT_${i}", "30"))`, `NAME_${i} = "service-${i}"`],
  (i) => [`SERVICE_${i} = {`, `    "url": os.environ.get("SERVICE_${i}_URL", "http://localhost:${8000 + (i % 1000)}"),`, `    "retries": 3,`, `    "backoff": [1, 2, 4],`, `    "enabled": True,`, `}`],
  (i) => [`APPS_${i} = [`, `    "django.contrib.admin",`, `    "django.contrib.auth",`, `    "app_${i}.apps.App${i}Config",`, `]`],
  (i) => [`if DEBUG:`, `    LOG_LEVEL_${i} = "DEBUG"`, `else:`, `    LOG_LEVEL_${i} = "INFO"`],
  (i) => [`PATH_${i} = BASE_DIR / "data" / "${i}"`, `MEDIA_${i} = os.path.join(str(BASE_DIR), "media", "${i}")`],
  (i) => [`CACHE_${i} = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://cache:6379/{${i} % 16}"}`],
];

const HEADER = [
  '"""Generated settings module for benchmarks."""',
  'import os',
  'from pathlib import Path',
  '',
  'BASE_DIR = Path(__file__).resolve().parent.parent',
  'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
  'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
  'ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "example.com").split(",")',
  'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]',
  'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]',
  'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "CONN_MAX_AGE": 60}}',
  '',
];

/** A settings module of exactly `lines` lines. */
export function settingsModule(lines) {
  const out = [...HEADER];
  for (let i = 0; out.length < lines; i++) out.push(...BLOCKS[i % BLOCKS.length](i), '');
  return out.slice(0, lines).join('\n') + '\n';
}

export function writeSettingsProject(root, lines) {
  fs.mkdirSync(path.join(root, 'site'), { recursive: true });
  fs.writeFileSync(path.join(root, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n');
  fs.writeFileSync(path.join(root, 'site', '__init__.py'), '');
  fs.writeFileSync(path.join(root, 'site', 'settings.py'), settingsModule(lines));
}

/** A split-settings chain of four modules (base <- common <- shared <- production). */
export function writeSplitChain(root, linesPerModule) {
  const dir = path.join(root, 'conf', 'settings');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(root, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf.settings.production")\n');
  fs.writeFileSync(path.join(root, 'conf', '__init__.py'), '');
  fs.writeFileSync(path.join(dir, '__init__.py'), '');
  fs.writeFileSync(path.join(dir, 'base.py'), settingsModule(linesPerModule));
  fs.writeFileSync(path.join(dir, 'common.py'), 'from .base import *  # noqa\n' + settingsModule(linesPerModule).split('\n').slice(4).join('\n'));
  fs.writeFileSync(path.join(dir, 'shared.py'), 'from .common import *  # noqa\n' + settingsModule(linesPerModule).split('\n').slice(4).join('\n'));
  fs.writeFileSync(path.join(dir, 'production.py'), 'from .shared import *  # noqa\nimport os\nDEBUG = False\n' + settingsModule(linesPerModule).split('\n').slice(4).join('\n'));
}

/**
 * A monorepo of about `files` files: several Django projects with apps and templates, plus decoys discovery
 * must skip (node_modules, virtualenvs, .git, build output) holding most of the files.
 */
export function writeMonorepo(root, files = 5000) {
  let count = 0;
  const write = (relative, content = '') => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    count++;
  };
  const projects = 8;
  for (let p = 0; p < projects; p++) {
    const base = `services/svc${p}`;
    write(`${base}/manage.py`, `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "svc${p}.settings")\n`);
    write(`${base}/svc${p}/__init__.py`);
    write(`${base}/svc${p}/settings.py`, settingsModule(200));
    write(`${base}/svc${p}/wsgi.py`, `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "svc${p}.settings")\napplication = None\n`);
    write(`${base}/requirements.txt`, 'Django==5.1.4\ncelery==5.4.0\n');
    for (let a = 0; a < 10; a++) {
      for (const name of ['__init__.py', 'apps.py', 'models.py', 'views.py', 'admin.py', 'urls.py', 'tests.py']) write(`${base}/apps/app${a}/${name}`, `# ${name}\n`);
      for (let t = 0; t < 5; t++) write(`${base}/apps/app${a}/templates/app${a}/page${t}.html`, '{% extends "base.html" %}\n');
    }
  }
  const decoyRoots = ['node_modules', 'frontend/node_modules', '.venv/lib/python3.11/site-packages', 'envs/ci/lib', '.git/objects', 'services/svc0/build/lib'];
  fs.mkdirSync(path.join(root, 'envs/ci'), { recursive: true });
  fs.writeFileSync(path.join(root, 'envs/ci/pyvenv.cfg'), 'home = /usr/bin\n');
  let i = 0;
  while (count < files) {
    const decoy = decoyRoots[i % decoyRoots.length];
    write(`${decoy}/pkg${Math.floor(i / 50)}/file${i}.${i % 3 === 0 ? 'py' : 'js'}`, i % 97 === 0 ? 'manage.py decoy\n' : '');
    if (i % 211 === 0) write(`${decoy}/pkg${Math.floor(i / 50)}/manage.py`, '# decoy\n');
    i++;
  }
  return count;
}
