// django-configurations: settings kept in classes (server/src/service/python/classes.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toPlain } from '../../server/src/service/python/values';
import { analyzeOne, findingsOf, writeProject } from '../helpers/project';

const SETTINGS = `import os
from configurations import Configuration, values

class Base(Configuration):
    DEBUG = False
    SECRET_KEY = values.SecretValue()
    ALLOWED_HOSTS = values.ListValue([])
    MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]
    TIME_ZONE = values.Value("UTC", environ_name="TZ", environ_prefix=None)

class Development(Base):
    DEBUG = True

class Production(Base):
    SESSION_COOKIE_SECURE = values.BooleanValue(True)
    CSRF_COOKIE_SECURE = True
`;

function project(wsgiConfiguration: string): string {
  return writeProject({
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\nos.environ.setdefault("DJANGO_CONFIGURATION", "Development")\n',
    'site/__init__.py': '',
    'site/settings.py': SETTINGS,
    'site/wsgi.py': `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\nos.environ.setdefault("DJANGO_CONFIGURATION", "${wsgiConfiguration}")\nfrom configurations.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n`,
  });
}

describe('django-configurations', () => {
  test('the class production uses: inherited values, environment names and prefixes', () => {
    const a = analyzeOne(project('Production'));
    const v = a.settings!;
    assert.deepEqual(
      ['DEBUG', 'ALLOWED_HOSTS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'TIME_ZONE'].map((n) => toPlain(v.value(n))),
      [false, [], true, true, 'UTC'],
    );
    assert.equal(v.value('SECRET_KEY').kind, 'unknown');
    const names = a.environment.map((read) => `${read.name}:${read.required}`).sort();
    assert.deepEqual(names, ['DJANGO_ALLOWED_HOSTS:false', 'DJANGO_SECRET_KEY:true', 'DJANGO_SESSION_COOKIE_SECURE:false', 'TZ:false']);
    assert.deepEqual(findingsOf(a, 'DR918'), []);
    assert.equal(findingsOf(a, 'DR920')[0]?.location.range.start.line, 6, 'reported at the class attribute');
  });

  test('a development class named by wsgi.py is not production: the class named Production is', () => {
    const a = analyzeOne(project('Development'));
    assert.equal(toPlain(a.settings!.value('DEBUG')), false);
    assert.deepEqual(findingsOf(a, 'DR918'), []);
  });
});
