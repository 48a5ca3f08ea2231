// One pass over a folder tree that collects every file discovery cares about. Skips dependency and build
// folders and virtualenvs, follows symlinked folders at most once (loops end there), and records folders it
// could not read instead of failing.
import * as path from 'node:path';
import type { DirEntry, FileSystem } from '../fileSystem';
import { entryPath } from '../paths';

export const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'build',
  'dist',
  'site-packages',
  '.eggs',
  'htmlcov',
  '.idea',
  '.cache',
  'bower_components',
  '.direnv',
]);

const REQUIREMENT_FILE = /^(requirements.*\.(txt|in)|pyproject\.toml|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|setup\.cfg)$/i;

// Dockerfile*, Containerfile, *.dockerfile, Procfile*, app.json, systemd units, YAML (compose, Kubernetes, Helm,
// uWSGI), gunicorn configs, env files (.env, .env.example, prod.env, env.example), Jinja-templated configs.
const DEPLOY_FILE =
  /^((docker|container)file([._-].*)?|.*\.(docker|container)file|procfile([._-].*)?|app\.json|.*\.service|.*\.ya?ml|gunicorn([._-].*)?\.(py|conf)|gunicorn\.conf|\.env([._-].*)?|.*\.env|env\.(example|sample|dist)|.*\.(conf|ini)\.j2)$/i;
const SCRIPT_FILE = /^[^.]+$|\.(sh|bash)$/;
const NOT_SCRIPTS = new Set([
  'Makefile',
  'LICENSE',
  'LICENCE',
  'README',
  'AUTHORS',
  'CHANGELOG',
  'NOTICE',
  'COPYING',
  'Dockerfile',
  'Procfile',
  'Jenkinsfile',
  'Vagrantfile',
  'Gemfile',
  'CODEOWNERS',
  'VERSION',
  'MANIFEST',
  'Containerfile',
  'CONTRIBUTORS',
]);

export interface WalkResult {
  managePys: string[];
  /** Folders containing apps.py or models.py / models/ (Django app candidates), with what they contain. */
  appDirs: Map<string, { hasAppsPy: boolean; hasModels: boolean }>;
  /** Folders holding __init__.py. */
  packageDirs: Set<string>;
  /** wsgi.py and asgi.py files. */
  entryModules: string[];
  /** Folders named templates/ (Django's) or jinja2/ (Django's Jinja2 backend), outside Helm charts. */
  templateDirs: string[];
  templatetagsDirs: string[];
  /** *.conf and *.ini files: supervisor candidates (their content decides). */
  configFiles: string[];
  /** Files that may describe how production runs (Dockerfile, compose, Procfile, units, manifests, env files). */
  deployFiles: string[];
  /** Shell scripts and extension-less files, so deployment commands that name one can be followed. */
  scriptFiles: string[];
  requirementFiles: string[];
  /** Folders that could not be listed. */
  unreadable: string[];
  visitedFiles: number;
  truncated: boolean;
}

interface WalkLimits {
  maxFiles: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: WalkLimits = { maxFiles: 200_000, maxDepth: 40 };

function isVirtualenv(entries: DirEntry[]): boolean {
  return entries.some((entry) => entry.name === 'pyvenv.cfg');
}

export function walkTree(fs: FileSystem, root: string, limits: WalkLimits = DEFAULT_LIMITS): WalkResult {
  const result: WalkResult = {
    managePys: [],
    appDirs: new Map(),
    packageDirs: new Set(),
    entryModules: [],
    templateDirs: [],
    templatetagsDirs: [],
    configFiles: [],
    deployFiles: [],
    scriptFiles: [],
    requirementFiles: [],
    unreadable: [],
    visitedFiles: 0,
    truncated: false,
  };
  const visitedReal = new Set<string>();
  // Helm charts keep their manifests in templates/: not Django templates.
  const chartDirs = new Set<string>();
  const realRoot = fs.realPath(root) ?? root;
  // `real` is known for a folder listed as a folder (not a link) in a folder whose real path is known.
  const stack: { dir: string; depth: number; real?: string }[] = [{ dir: root, depth: 0 }];
  // Symlinked folders wait until the real tree is done, so a folder is reached by its real path when it has one.
  const deferred: { dir: string; depth: number }[] = [];
  while (stack.length || deferred.length) {
    const next: { dir: string; depth: number; real?: string } = stack.length ? stack.pop()! : deferred.shift()!;
    const { dir, depth } = next;
    const knownReal = next.real ?? fs.realPath(dir);
    const real = knownReal ?? dir;
    if (visitedReal.has(real)) continue;
    // Never leave the folder being searched through a symlink.
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) continue;
    visitedReal.add(real);
    const entries = fs.readDir(dir);
    if (!entries) {
      result.unreadable.push(dir);
      continue;
    }
    if (depth > 0 && isVirtualenv(entries)) continue;
    const base = path.basename(dir);
    const parentBase = path.basename(path.dirname(dir));
    if (entries.some((entry) => entry.name === 'Chart.yaml')) chartDirs.add(dir);
    if ((base === 'templates' || base === 'jinja2') && !chartDirs.has(path.dirname(dir))) result.templateDirs.push(dir);
    let hasInit = false;
    let hasAppsPy = false;
    let hasModels = false;
    for (const entry of entries) {
      let kind = entry.kind;
      const full = entryPath(dir, entry.name);
      const isLink = kind === 'symlink';
      if (isLink) kind = fs.stat(full)?.kind ?? 'other';
      if (kind === 'directory') {
        if (SKIPPED_DIRS.has(entry.name) || entry.name.endsWith('.egg-info')) continue;
        if (entry.name === 'models') hasModels = true;
        if (depth + 1 > limits.maxDepth) {
          result.truncated = true;
          continue;
        }
        if (isLink) deferred.push({ dir: full, depth: depth + 1 });
        else stack.push({ dir: full, depth: depth + 1, real: knownReal === undefined ? undefined : entryPath(knownReal, entry.name) });
        continue;
      }
      if (kind !== 'file') continue;
      if (++result.visitedFiles > limits.maxFiles) {
        result.truncated = true;
        stack.length = 0;
        deferred.length = 0;
        break;
      }
      const name = entry.name;
      if (SCRIPT_FILE.test(name) && !NOT_SCRIPTS.has(name)) result.scriptFiles.push(full);
      if (name === '__init__.py') hasInit = true;
      else if (name === 'manage.py') result.managePys.push(full);
      else if (name === 'apps.py') hasAppsPy = true;
      else if (name === 'models.py') hasModels = true;
      else if (name === 'wsgi.py' || name === 'asgi.py') result.entryModules.push(full);
      else if (name.endsWith('.conf') || name.endsWith('.ini')) result.configFiles.push(full);
      else if (DEPLOY_FILE.test(name) || base === 'env.d' || parentBase === 'env.d' || (name === 'run' && /^(s6-rc\.d|services\.d)$/.test(parentBase)))
        result.deployFiles.push(full);
      else if (REQUIREMENT_FILE.test(name) || (base === 'requirements' && /\.(txt|in)$/.test(name))) result.requirementFiles.push(full);
    }
    if (hasInit) {
      result.packageDirs.add(dir);
      if (base === 'templatetags') result.templatetagsDirs.push(dir);
    }
    if (hasAppsPy || (hasModels && hasInit)) result.appDirs.set(dir, { hasAppsPy, hasModels });
  }
  result.requirementFiles.sort();
  result.configFiles.sort();
  result.deployFiles.sort();
  result.scriptFiles.sort();
  result.managePys.sort();
  return result;
}
