// Shapes of hostile input that found bugs, shared by the targeted tests and the fuzzers.

/**
 * A settings module whose values share their parts: each line doubles the number of paths through the value
 * (`X = [X, X]`), then the value lands in settings rules read, in comparisons, membership tests, unions and
 * environment reads. A walk without a visited set takes 2^depth steps. Ends with `DEBUG = True`.
 */
export function selfSharingModule(depth: number): string {
  const lines = ['import os', 'X = [os.environ["SHARED_A"], "*"]', 'D = {"a": os.environ["SHARED_B"]}'];
  for (let i = 0; i < depth; i++) lines.push('X = [X, X]', 'D = {"a": D, "b": D}');
  lines.push(
    'L = [1]',
    'L.append(L)',
    'L.extend([L, L])',
    'L = [*L, *L]',
    'M = {**D, **D}',
    'M["self"] = M',
    'ALLOWED_HOSTS = X',
    'CSRF_TRUSTED_ORIGINS = X',
    'MIDDLEWARE = X',
    'INSTALLED_APPS = L',
    'CACHES = {"default": D}',
    'DATABASES = {"default": M}',
    'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": D, "DIRS": X}]',
    'LOGGING = M',
    'SAME = X == [X[0], X[1]]',
    'IN = X in [L, X]',
    'KEYED = {X[0][0][0]: 1}',
    'if os.environ.get("SHARED_C"):',
    '    EITHER = X',
    'else:',
    '    EITHER = [X, X]',
    'SECURE_PROXY_SSL_HEADER = EITHER',
    'DEBUG = True',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * A project whose settings star-import a chain of `length` modules (`from .m1 import *`, each importing the next),
 * the last one setting SECRET_KEY; the settings module sets DEBUG = True after the import. Relative paths -> text.
 */
export function starImportChain(length: number): Record<string, string> {
  const files: Record<string, string> = {
    'mysite/__init__.py': '',
    'mysite/settings.py': 'from .m1 import *\nDEBUG = True\n',
  };
  for (let i = 1; i < length; i++) files[`mysite/m${i}.py`] = `from .m${i + 1} import *\nX${i} = ${i}\n`;
  files[`mysite/m${length}.py`] = 'SECRET_KEY = "deep"\n';
  return files;
}
