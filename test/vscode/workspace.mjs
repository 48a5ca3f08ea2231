// The workspace the VS Code API suite opens: a throwaway Django project in which only the rules the suite is
// about are on (every other code is turned off in .vscode/settings.json, so new rules never change its results).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes the workspace into a new temp dir and returns its path. @param {string} repo the repository (with build/) */
export function writeWorkspace(repo) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-vscode-'));
  const require = createRequire(import.meta.url);
  // The service's facade registers every rule as it loads.
  const { allRuleMetas } = require(path.join(repo, 'build/server/src/service/index.js'));
  const kept = new Set(['DR909', 'DR918', 'DR721']);
  const metas = /** @type {{ code: string }[]} */ (allRuleMetas());
  const rules = Object.fromEntries(metas.filter((meta) => !kept.has(meta.code)).map((meta) => [meta.code, 'off']));
  const files = {
    'manage.py':
      'import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n',
    'mysite/__init__.py': '',
    'mysite/settings.py': 'import os\n\nSECRET_KEY = "django-insecure-abc"\nDEBUG = True\n',
    'mysite/settings_staging.py': 'from .settings import *  # noqa\n\nDEBUG = False\n',
    'deploy/supervisord.conf': '[program:web]\ncommand=/srv/venv/bin/gunicorn mysite.wsgi:application\nautorestart=maybe\n',
    '.vscode/settings.json': JSON.stringify({ 'djangoReady.rules': rules, 'djangoReady.trace.server': 'messages' }, null, 2),
  };
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  return dir;
}
