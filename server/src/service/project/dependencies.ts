// Reads the project's declared Python dependencies (requirements files, pyproject.toml, Pipfile, lock files)
// and the Django version they pin. Lock files win over ranges: they say what is actually installed.
import * as path from 'node:path';
import { relativePath } from '../paths';
import { parseToml, tomlAt, tomlEntries } from './toml';
import { type FileSystem, readTextOrUndefined } from '../fileSystem';
import type { Dependency, DjangoVersion } from './model';

/** The Django LTS release current at the time of writing; assumed when nothing pins a version. */
const CURRENT_LTS = { major: 5, minor: 2 };

export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[_.]+/g, '-');
}

interface LockedVersion {
  version: string;
  file: string;
}

interface DependencyInfo {
  dependencies: Dependency[];
  locked: Map<string, LockedVersion>;
}

/** Requirement files and dependency groups for development, tests, docs, linting or a test matrix. */
const DEVELOPMENT_PART = /(^|[-_/.])(dev|devel|develop|development|test|tests|testing|docs?|lint|linting|ci|tox|local|typing|django\d+)([-_/.]|$)/i;

export function isDevelopmentRequirement(file: string): boolean {
  return DEVELOPMENT_PART.test(file.replace(/\.(txt|in)$/, ''));
}

const REQUIREMENT_LINE = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#]*)/;

export function readDependencies(fs: FileSystem, files: string[], relativeTo: string): DependencyInfo {
  const dependencies: Dependency[] = [];
  const locked = new Map<string, LockedVersion>();
  for (const file of files) {
    const text = readTextOrUndefined(fs, file);
    if (text === undefined) continue;
    const name = path.basename(file);
    const shown = relativePath(relativeTo, file).split(path.sep).join('/');
    try {
      if (name === 'pyproject.toml') readPyproject(text, shown, dependencies);
      else if (name === 'Pipfile') readPipfile(text, shown, dependencies);
      else if (name === 'poetry.lock' || name === 'uv.lock') readTomlLock(text, shown, locked);
      else if (name === 'Pipfile.lock') readPipfileLock(text, shown, locked);
      else if (name.endsWith('.txt') || name.endsWith('.in')) readRequirements(text, shown, dependencies, isDevelopmentRequirement(shown));
    } catch {
      // A half-edited TOML file is normal while typing; it simply contributes nothing.
    }
  }
  // Locked versions say what is installed; they come first so version lookups prefer them.
  const lockedDependencies = [...locked].map(([name, lock]) => ({ name, spec: `==${lock.version}`, file: lock.file }));
  return { dependencies: [...lockedDependencies, ...dependencies], locked };
}

function readRequirements(text: string, file: string, out: Dependency[], development: boolean): void {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) continue;
    const match = REQUIREMENT_LINE.exec(line);
    if (match) out.push({ name: normaliseName(match[1]), spec: match[3].trim(), file, ...(development ? { development } : {}) });
  }
}

function readPep508List(items: unknown, file: string, out: Dependency[], development = false): void {
  if (!Array.isArray(items)) return;
  for (const item of items) {
    if (typeof item !== 'string') continue;
    const match = REQUIREMENT_LINE.exec(item);
    if (match) out.push({ name: normaliseName(match[1]), spec: match[3].trim(), file, ...(development ? { development } : {}) });
  }
}

function readPoetryTable(table: unknown, file: string, out: Dependency[]): void {
  if (!table || typeof table !== 'object') return;
  for (const [name, value] of Object.entries(table as Record<string, unknown>)) {
    if (name.toLowerCase() === 'python') continue;
    const spec =
      typeof value === 'string' ? value : typeof value === 'object' && value && 'version' in value ? String((value as { version: unknown }).version) : '';
    out.push({ name: normaliseName(name), spec, file });
  }
}

function readPyproject(text: string, file: string, out: Dependency[]): void {
  const data = parseToml(text);
  readPep508List(tomlAt(data, 'project', 'dependencies'), file, out);
  for (const [name, group] of tomlEntries(tomlAt(data, 'project', 'optional-dependencies'))) readPep508List(group, file, out, DEVELOPMENT_PART.test(name));
  for (const [name, group] of tomlEntries(data['dependency-groups'])) readPep508List(group, file, out, DEVELOPMENT_PART.test(name));
  readPoetryTable(tomlAt(data, 'tool', 'poetry', 'dependencies'), file, out);
  for (const [, group] of tomlEntries(tomlAt(data, 'tool', 'poetry', 'group'))) readPoetryTable(tomlAt(group, 'dependencies'), file, out);
}

function readPipfile(text: string, file: string, out: Dependency[]): void {
  readPoetryTable(parseToml(text).packages, file, out);
}

/**
 * uv.lock and poetry.lock list `[[package]]` tables that start with `name = "..."` and `version = "..."`. Lock files
 * run to megabytes, and only those two keys matter here, so they are read line by line instead of parsed whole.
 */
function readTomlLock(text: string, file: string, locked: Map<string, LockedVersion>): void {
  const pattern = /^\[\[package\]\]\s*\r?\nname\s*=\s*"([^"]+)"\s*\r?\nversion\s*=\s*"([^"]+)"/gm;
  for (const match of text.matchAll(pattern)) locked.set(normaliseName(match[1]), { version: match[2], file });
}

function readPipfileLock(text: string, file: string, locked: Map<string, LockedVersion>): void {
  const data = JSON.parse(text) as Record<string, Record<string, { version?: string }>>;
  for (const section of ['default', 'develop']) {
    for (const [name, info] of Object.entries(data[section] ?? {})) {
      const version = info?.version?.replace(/^==/, '');
      if (version && !locked.has(normaliseName(name))) locked.set(normaliseName(name), { version, file });
    }
  }
}

function majorMinor(version: string): { major: number; minor: number } | undefined {
  const match = /(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0) };
}

/** The version a spec pins, or the lower bound of its range. */
export function versionFromSpec(spec: string): { major: number; minor: number; exact: boolean } | undefined {
  const clean = spec.replace(/\s+/g, '');
  if (!clean || clean === '*') return undefined;
  for (const part of clean.split(',')) {
    const match = /^(===|==|~=|\^|~|>=|>)?v?(\d+(?:\.\d+)*)(\.\*)?$/.exec(part);
    if (!match) continue;
    const op = match[1] ?? '==';
    const version = majorMinor(match[2]);
    if (!version) continue;
    if (op === '>') continue;
    const exact = (op === '==' || op === '===') && !match[3] && match[2].split('.').length >= 2;
    return { ...version, exact };
  }
  return undefined;
}

export function detectDjangoVersion(info: DependencyInfo): DjangoVersion {
  const lock = info.locked.get('django');
  if (lock) {
    const version = majorMinor(lock.version);
    if (version) return { ...version, source: lock.file, exact: true };
  }
  // An exact pin beats a range; what the server installs beats requirements for development, tests or docs.
  const declared = info.dependencies
    .filter((dependency) => dependency.name === 'django')
    .map((dependency) => ({ dependency, version: versionFromSpec(dependency.spec) }))
    .filter((entry): entry is { dependency: Dependency; version: NonNullable<ReturnType<typeof versionFromSpec>> } => !!entry.version);
  const rank = (entry: (typeof declared)[number]): number => (entry.dependency.development ? 2 : 0) + (entry.version.exact ? 0 : 1);
  const best = declared.sort((a, b) => rank(a) - rank(b))[0];
  if (best) return { major: best.version.major, minor: best.version.minor, source: best.dependency.file, exact: best.version.exact };
  return { ...CURRENT_LTS, source: 'default', exact: false };
}

/** The version a project declares for a distribution (pin or lower bound), if it declares one. */
export function declaredVersion(dependencies: Dependency[], name: string): { major: number; minor: number } | undefined {
  const wanted = normaliseName(name);
  for (const dependency of [...dependencies].sort((a, b) => Number(!!a.development) - Number(!!b.development))) {
    if (dependency.name !== wanted) continue;
    const version = versionFromSpec(dependency.spec);
    if (version) return { major: version.major, minor: version.minor };
  }
  return undefined;
}

export function versionAtLeast(version: { major: number; minor: number }, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

export function hasDependency(dependencies: Dependency[], ...names: string[]): boolean {
  const wanted = names.map(normaliseName);
  // What the server installs: requirements for development, tests or docs do not say how production runs.
  return dependencies.some((dependency) => !dependency.development && wanted.includes(dependency.name));
}
