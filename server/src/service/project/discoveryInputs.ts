// Which file changes can change what discovery found: a new or removed file, or a file whose content discovery
// reads (entry points, configuration, requirements, supervisor files, the deployment).
import * as path from 'node:path';
import { relativePath } from '../paths';
import { SKIPPED_DIRS } from './walk';

/** Files the deployment is read from (deploy/read.ts); a change can change the settings module production uses. */
const DEPLOYMENT = /^((docker|container)file.*|.*\.(docker|container)file|procfile.*|app\.json|.*\.(ya?ml|service|sh|j2|env)|\.env.*|gunicorn.*|run|type)$/i;

const REQUIREMENTS = /^(requirements.*\.(txt|in)|pyproject\.toml|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|setup\.cfg)$/i;

/**
 * Files whose content feeds discovery itself: which settings module is the default (manage.py, wsgi.py,
 * asgi.py), the configuration (pyproject.toml), the Django version (requirements), supervisor files, and the
 * deployment (Dockerfile, compose, Procfile, units, entrypoint scripts, env files).
 */
export function feedsDiscovery(file: string): boolean {
  const name = path.basename(file);
  if (name === 'manage.py' || name === 'wsgi.py' || name === 'asgi.py') return true;
  if (REQUIREMENTS.test(name) || (path.basename(path.dirname(file)) === 'requirements' && /\.(txt|in)$/.test(name))) return true;
  if (DEPLOYMENT.test(name) || /(^|[\\/])env\.d[\\/]/.test(file)) return true;
  return name.endsWith('.conf') || name.endsWith('.ini');
}

/** A change needs a new discovery when it adds or removes a file (folder listings change) or feeds discovery. */
export function changeNeedsRediscovery(file: string, addedOrRemoved: boolean): boolean {
  return addedOrRemoved || feedsDiscovery(file);
}

/** Files inside dependency, build and virtualenv folders (below the workspace folder `root`) never matter. */
export function isIgnoredPath(file: string, root: string): boolean {
  return relativePath(root, file)
    .split(path.sep)
    .some((segment) => SKIPPED_DIRS.has(segment));
}
