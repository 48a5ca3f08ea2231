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

const APP_MODELS = (i) => `from django.db import models


class Category${i}(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Item${i}(models.Model):
    category = models.ForeignKey(Category${i}, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["title"])]


class Review${i}(models.Model):
    item = models.ForeignKey(Item${i}, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField()
    text = models.TextField()
`;

/**
 * A Django project that Django 3.2 can import and check: a 1,000-line settings module (the generator's blocks
 * plus real INSTALLED_APPS, MIDDLEWARE, TEMPLATES, URLs), `apps` local apps with models, admin, views, URLs
 * and templates. Needs DJANGO_SECRET_KEY in the environment, as its settings require it.
 */
export function writeDjangoProject(root, { apps = 24, settingsLines = 1000 } = {}) {
  const write = (relative, content = '') => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  const appNames = Array.from({ length: apps }, (_, i) => `app${i}`);
  write('manage.py', 'import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bigsite.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n');
  write('requirements.txt', 'Django==3.2.25\npsycopg2==2.9.9\n');
  write('bigsite/__init__.py');
  write('bigsite/wsgi.py', 'import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "bigsite.settings")\napplication = get_wsgi_application()\n');
  write('bigsite/urls.py', ['from django.contrib import admin', 'from django.urls import include, path', '', 'urlpatterns = [', '    path("admin/", admin.site.urls),', ...appNames.map((name) => `    path("${name}/", include("apps.${name}.urls")),`), ']', ''].join('\n'));
  const django = [
    '',
    'INSTALLED_APPS = [',
    ...['admin', 'auth', 'contenttypes', 'sessions', 'messages', 'staticfiles'].map((name) => `    "django.contrib.${name}",`),
    ...appNames.map((name) => `    "apps.${name}",`),
    ']',
    'MIDDLEWARE = [',
    ...['middleware.security.SecurityMiddleware', 'contrib.sessions.middleware.SessionMiddleware', 'middleware.common.CommonMiddleware', 'middleware.csrf.CsrfViewMiddleware', 'contrib.auth.middleware.AuthenticationMiddleware', 'contrib.messages.middleware.MessageMiddleware', 'middleware.clickjacking.XFrameOptionsMiddleware'].map((name) => `    "django.${name}",`),
    ']',
    'ROOT_URLCONF = "bigsite.urls"',
    'WSGI_APPLICATION = "bigsite.wsgi.application"',
    'TEMPLATES = [',
    '    {',
    '        "BACKEND": "django.template.backends.django.DjangoTemplates",',
    '        "DIRS": [BASE_DIR / "templates"],',
    '        "APP_DIRS": True,',
    '        "OPTIONS": {"context_processors": ["django.template.context_processors.request", "django.contrib.auth.context_processors.auth", "django.contrib.messages.context_processors.messages"]},',
    '    },',
    ']',
    'STATIC_URL = "/static/"',
    'STATIC_ROOT = BASE_DIR / "staticfiles"',
    'DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"',
    '',
  ];
  write('bigsite/settings.py', settingsModule(settingsLines - django.length) + django.join('\n'));
  write('templates/base.html', '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head><body>{% block content %}{% endblock %}</body></html>\n');
  write('apps/__init__.py');
  for (const name of appNames) {
    const i = name.slice(3);
    const className = `App${i}Config`;
    write(`apps/${name}/__init__.py`);
    write(`apps/${name}/apps.py`, `from django.apps import AppConfig\n\n\nclass ${className}(AppConfig):\n    default_auto_field = "django.db.models.BigAutoField"\n    name = "apps.${name}"\n    label = "${name}"\n`);
    write(`apps/${name}/models.py`, APP_MODELS(i));
    write(`apps/${name}/admin.py`, `from django.contrib import admin\n\nfrom .models import Category${i}, Item${i}, Review${i}\n\n\n@admin.register(Item${i})\nclass Item${i}Admin(admin.ModelAdmin):\n    list_display = ["title", "category", "price", "created"]\n    list_filter = ["category"]\n    search_fields = ["title", "body"]\n\n\nadmin.site.register(Category${i})\nadmin.site.register(Review${i})\n`);
    write(`apps/${name}/views.py`, `from django.shortcuts import render\n\nfrom .models import Item${i}\n\n\ndef index(request):\n    return render(request, "${name}/index.html", {"items": Item${i}.objects.all()[:20]})\n`);
    write(`apps/${name}/urls.py`, `from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("", views.index, name="${name}-index")]\n`);
    write(`apps/${name}/migrations/__init__.py`);
    write(`apps/${name}/templates/${name}/index.html`, '{% extends "base.html" %}\n{% block content %}{% for item in items %}<p>{{ item.title }}</p>{% endfor %}{% endblock %}\n');
  }
}

/** A mid-size project for cold start: the Django-importable project above, with a supervisor program. */
export function writeMidsizeProject(root) {
  writeDjangoProject(root, { apps: 12, settingsLines: 1000 });
  fs.mkdirSync(path.join(root, 'deploy', 'supervisor'), { recursive: true });
  fs.writeFileSync(path.join(root, 'deploy', 'supervisor', 'bigsite-web.conf'), '[program:bigsite-web]\ncommand=/srv/bigsite/venv/bin/gunicorn bigsite.wsgi:application --bind 127.0.0.1:8000 --workers 5\ndirectory=/srv/bigsite/src\nuser=bigsite\nautostart=true\nautorestart=true\nstopwaitsecs=35\nstopasgroup=true\nkillasgroup=true\nredirect_stderr=true\nstdout_logfile=/var/log/bigsite/web.log\n');
}

/**
 * The Django-importable project above, deployed with containers the way real ones are: a Dockerfile, a compose file
 * with a web server, a worker and their services, and a Helm chart whose templates take the image and commands from
 * values.yaml. The deployment readers parse all of its YAML.
 */
export function writeContainerProject(root) {
  writeDjangoProject(root);
  const write = (relative, content) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  write('Dockerfile', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nENV DJANGO_SETTINGS_MODULE=bigsite.settings\nCMD ["gunicorn", "bigsite.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]\n');
  const service = (name, command, extra = []) => [
    `  ${name}:`,
    '    build: .',
    `    command: ${command}`,
    '    restart: unless-stopped',
    '    environment:',
    '      - DJANGO_SETTINGS_MODULE=bigsite.settings',
    '      - DATABASE_URL=postgres://app:app@db:5432/app',
    '      - REDIS_URL=redis://redis:6379/0',
    '    depends_on: [db, redis]',
    ...extra,
  ];
  write(
    'docker-compose.yml',
    [
      '# Production-like stack.',
      'services:',
      ...service('web', '["gunicorn", "bigsite.wsgi:application", "--bind", "0.0.0.0:8000"]', ['    ports:', '      - "8000:8000"', '    healthcheck:', '      test: ["CMD", "curl", "-f", "http://localhost:8000/"]', '      interval: 30s']),
      '',
      ...service('worker', 'celery -A bigsite worker --loglevel info'),
      '',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_DB: app',
      '      POSTGRES_USER: app',
      '      POSTGRES_PASSWORD: app',
      '    volumes:',
      '      - db-data:/var/lib/postgresql/data',
      '  redis:',
      '    image: redis:7',
      'volumes:',
      '  db-data:',
      '',
    ].join('\n'),
  );
  write('chart/Chart.yaml', 'apiVersion: v2\nname: bigsite\nversion: 0.1.0\n');
  const commands = { web: ['gunicorn', 'bigsite.wsgi:application', '--bind', '0.0.0.0:8000'], worker: ['celery', '-A', 'bigsite', 'worker'], beat: ['celery', '-A', 'bigsite', 'beat'], flower: ['celery', '-A', 'bigsite', 'flower'] };
  write('chart/values.yaml', ['image:', '  repository: example/bigsite', '  tag: "1.0"', ...Object.entries(commands).flatMap(([name, argv]) => [`${name}:`, '  replicas: 2', '  command:', ...argv.map((arg) => `    - ${arg}`)]), ''].join('\n'));
  for (const name of Object.keys(commands)) {
    write(
      `chart/templates/${name}-deployment.yaml`,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: {{ include "bigsite.fullname" . }}-${name}`,
        '  labels:',
        '    {{- include "bigsite.labels" . | nindent 4 }}',
        'spec:',
        `  replicas: {{ .Values.${name}.replicas }}`,
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: ${name}`,
        '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        `          command: {{ toYaml .Values.${name}.command | nindent 12 }}`,
        '          env:',
        '            - name: DJANGO_SETTINGS_MODULE',
        '              value: bigsite.settings',
        '            - name: SECRET_KEY',
        '              valueFrom:',
        '                secretKeyRef:',
        '                  name: bigsite',
        '                  key: secret-key',
        '          resources: {}',
        '',
      ].join('\n'),
    );
  }
}
