// Finds the Celery apps the project's own modules create, whatever they are called: `app = Celery(...)`,
// `celery_app = celery.Celery(...)`, an alias (`celery_class = Celery`), a subclass (`class App(Celery)`), or a
// factory function that returns one (`app = make_celery()`), in modules named like an app's home or named by
// `celery -A` in the deployment. `celery -A` names the module.
import { FileReadError, type FileSystem } from '../fileSystem';
import { entryPath } from '../paths';
import type { ModuleResolver } from '../python/modules';
import type { ParsedFile } from '../python/parseCache';
import { child, namedChildren, type LoweredStatement, type PyNode } from '../python/syntax';
import type { Location } from '../types';
import { textOf } from './pyLiterals';

export interface CeleryApp {
  /** Module to give `celery -A` (`proj.celery`). */
  module: string;
  /** The module attribute that holds the app. */
  attribute: string;
  location: Location;
  /** The module sets a beat schedule (`beat_schedule`, `add_periodic_task`). */
  beatSchedule: boolean;
}

const MAX_FILES = 400;
const IMPORTS_CELERY = /^\s*(from\s+celery\s+import\b[^\n]*\bCelery\b|import\s+celery\b)/m;
const MAX_DEPTH = 2;

/** Where projects put their Celery app; reading every module of a large project on each discovery costs too much. */
const LIKELY_NAME = /celery|^(app|tasks|worker|workers|queue|jobs|background)\.py$/i;

/**
 * Python files of the project's top-level packages, at most two folders deep, named like a Celery app's home, and
 * the top-level packages' own `__init__.py` (`celery -A proj` looks there). The `__init__.py` of every app and
 * sub-package below would be a hundred reads on a large project for an app nobody puts there.
 */
function candidateFiles(fs: FileSystem, packages: string[]): string[] {
  const files: string[] = [];
  const visit = (dir: string, depth: number): void => {
    for (const entry of fs.readDir(dir) ?? []) {
      if (files.length >= MAX_FILES) return;
      const full = entryPath(dir, entry.name);
      if (entry.kind === 'file' && (LIKELY_NAME.test(entry.name) || (depth === 0 && entry.name === '__init__.py'))) files.push(full);
      else if (entry.kind === 'directory' && depth < MAX_DEPTH && !/^(tests?|migrations|node_modules|__pycache__|static|templates|locale)$/.test(entry.name))
        visit(full, depth + 1);
    }
  };
  for (const dir of packages) visit(dir, 0);
  return files;
}

function* walkNodes(node: PyNode): Generator<PyNode> {
  const stack = [node];
  while (stack.length) {
    const current = stack.pop()!;
    yield current;
    for (const c of current.children) stack.push(c);
  }
}

/** The Celery apps one parsed module defines. */
function celeryAppsIn(parsed: ParsedFile, module: string): CeleryApp[] {
  const constructors = new Set<string>();
  const factories = new Set<string>();
  const apps: CeleryApp[] = [];
  const beatSchedule = /\bbeat_schedule\b|\badd_periodic_task\b|\bcrontab\s*\(/.test(parsed.text);
  const isConstructor = (stmt: LoweredStatement, call: PyNode): boolean => {
    const fn = child(call, 'function');
    const name = fn ? textOf(stmt, fn).replace(/\s+/g, '') : '';
    return constructors.has(name) || name === 'celery.Celery' || factories.has(name);
  };
  for (const stmt of parsed.module.statements) {
    const node = stmt.node;
    if (node.type === 'import_from_statement' && /^from\s+celery\s+import\b/.test(stmt.text)) {
      for (const match of stmt.text.matchAll(/\bCelery\b(?:\s+as\s+(\w+))?/g)) constructors.add(match[1] ?? 'Celery');
      continue;
    }
    if (node.type === 'class_definition') {
      const bases = child(node, 'superclasses');
      if (bases && namedChildren(bases).some((base) => constructors.has(textOf(stmt, base)) || textOf(stmt, base) === 'celery.Celery')) {
        const name = child(node, 'name');
        if (name) constructors.add(textOf(stmt, name));
      }
      continue;
    }
    if (node.type === 'function_definition' || node.type === 'decorated_definition') {
      const fn = node.type === 'decorated_definition' ? child(node, 'definition') : node;
      const name = fn && child(fn, 'name');
      if (!fn || !name) continue;
      const creates = [...walkNodes(fn)].some((inner) => inner.type === 'call' && isConstructor(stmt, inner));
      if (creates && [...walkNodes(fn)].some((inner) => inner.type === 'return_statement')) factories.add(textOf(stmt, name));
      continue;
    }
    const assignment = node.type === 'expression_statement' ? namedChildren(node)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = child(assignment, 'left');
    const right = child(assignment, 'right');
    if (left?.type !== 'identifier' || !right) continue;
    const name = textOf(stmt, left);
    const rightText = textOf(stmt, right);
    if (right.type === 'identifier' || right.type === 'attribute') {
      // `celery_class = Celery`: an alias of the class.
      if (constructors.has(rightText) || rightText === 'celery.Celery') constructors.add(name);
      continue;
    }
    if (right.type === 'call' && isConstructor(stmt, right)) {
      apps.push({ module, attribute: name, location: { file: parsed.file, range: parsed.lines.range(stmt.base, stmt.base + stmt.text.length) }, beatSchedule });
    }
  }
  return apps;
}

/**
 * Celery apps in modules named like an app's home, and in the modules `celery -A` names in the deployment (`-A
 * proj.taskqueue` is read whatever its name; `-A proj` looks in proj and proj.celery, as celery does).
 */
export function findCeleryApps(fs: FileSystem, resolver: ModuleResolver, packages: string[], named: string[] = []): CeleryApp[] {
  const found: CeleryApp[] = [];
  const files = new Set(candidateFiles(fs, packages));
  for (const name of named) {
    const module = name.split(':')[0];
    for (const candidate of [module, `${module}.celery`]) {
      const ref = resolver.resolve(candidate);
      if (ref) files.add(ref.file);
    }
  }
  for (const file of files) {
    const content = fs.readText(file);
    // A module that creates an app imports celery; most files that mention it only use an app.
    if (content instanceof FileReadError || !IMPORTS_CELERY.test(content.text)) continue;
    const ref = resolver.moduleNameOf(file);
    const parsed = resolver.read(file);
    if (!ref || parsed instanceof FileReadError) continue;
    found.push(...celeryAppsIn(parsed, ref.name.replace(/\.__init__$/, '')));
  }
  // Modules named like the app (`celery.py`, `celery_app.py`) first: they are what `-A package` finds.
  return found.sort((a, b) => rank(a.module) - rank(b.module) || a.module.length - b.module.length);
}

function rank(module: string): number {
  const last = module.split('.').pop()!;
  return last === 'celery' ? 0 : last === 'celery_app' ? 1 : 2;
}
