// Which settings modules a project has, and which one production loads. Names decide roles
// (production/prod/live/deploy vs local/dev/test/ci); an explicit choice (CLI, editor, pyproject) wins, then
// DJANGO_SETTINGS_MODULE as the deployment sets it, then what wsgi.py/asgi.py select (their setdefault only
// applies when the environment does not set it).
import * as path from 'node:path';
import type { DeploymentSetting } from '../deploy/model';
import type { ModuleResolver } from '../python/modules';
import type { ParsedFile } from '../python/parseCache';
import { FileReadError } from '../fileSystem';
import type { DjangoProject, SettingsModuleInfo, SettingsRole } from './model';
import type { FileSystem } from '../fileSystem';
import { compareText } from '../types';

const PRODUCTION_NAMES = ['production', 'prod', 'prd', 'live', 'deploy', 'deployment'];
const DEVELOPMENT_NAMES = ['local', 'dev', 'development', 'develop', 'test', 'tests', 'testing', 'ci', 'debug', 'local_settings', 'test_settings'];
const BASE_NAMES = ['base', 'common', 'default', 'defaults', 'shared', 'settings', 'global', 'core'];

/** Role implied by a module's last name segment: `settings_prod` and `prod_settings` read as `prod`. */
export function roleOf(moduleName: string): SettingsRole {
  const last = moduleName.split('.').pop()!.toLowerCase();
  const stripped = last.replace(/^settings[_-]?|[_-]?settings$/g, '') || last;
  if (PRODUCTION_NAMES.includes(stripped)) return 'production';
  if (DEVELOPMENT_NAMES.includes(stripped) || DEVELOPMENT_NAMES.includes(last)) return 'development';
  if (BASE_NAMES.includes(stripped) || BASE_NAMES.includes(last)) return 'base';
  return 'other';
}

export function isDevelopmentModuleName(moduleName: string): boolean {
  return roleOf(moduleName) === 'development';
}

/**
 * The role a module's docstring gives it when its name does not (`cabotage.py`: "Settings for the cabotage
 * production deployment"; `dockerdev.py`: "Settings for Docker-based development environments").
 */
function docstringRole(parsed: ParsedFile): SettingsRole | undefined {
  const first = parsed.module.statements[0];
  const node = first?.node.type === 'expression_statement' ? first.node.children[0] : undefined;
  if (!node || (node.type !== 'string' && node.type !== 'concatenated_string')) return undefined;
  const sentence = first.text
    .replace(/^[rRuU]?("""|'''|"|')/, '')
    .split(/\.\s|\n\s*\n/)[0]
    .toLowerCase();
  if (/\b(develop(ment|er)?|dev|local|testing|tests?|ci|debug)\b/.test(sentence)) return 'development';
  if (/\b(production|prod|live)\b/.test(sentence)) return 'production';
  return undefined;
}

const CORE_SETTINGS = new Set([
  'INSTALLED_APPS',
  'MIDDLEWARE',
  'ROOT_URLCONF',
  'DATABASES',
  'SECRET_KEY',
  'TEMPLATES',
  'DEBUG',
  'ALLOWED_HOSTS',
  'STATIC_URL',
  'WSGI_APPLICATION',
]);

/**
 * Whether a module sets Django settings at all: assigns one of the core settings, star-imports, pulls files in
 * (split-settings include, exec, globals().update) or defines a settings class. A settings package's empty
 * `__init__.py`, or one that only holds helpers, is not what production loads even when wsgi.py names it.
 */
function definesSettings(parsed: ParsedFile): boolean {
  return parsed.module.statements.some((stmt) => {
    const text = stmt.text;
    if (/^from\s+\S+\s+import\s+\*/.test(text) || /^class\s/.test(text) || /^(include|exec)\s*\(/.test(text) || /\bglobals\(\)\.update\(/.test(text))
      return true;
    const match = /^([A-Z][A-Z0-9_]*)\s*(\+?=|:)/.exec(text);
    return !!match && CORE_SETTINGS.has(match[1]);
  });
}

/** Settings modules beside the default one: the rest of a `settings` package, or `settings_*.py` siblings. */
export function findSettingsModules(fs: FileSystem, resolver: ModuleResolver, defaults: string[]): SettingsModuleInfo[] {
  const found = new Map<string, SettingsModuleInfo>();
  const add = (name: string, file: string): void => {
    if (!found.has(file)) found.set(file, { name, file, role: moduleRole(resolver, name, file) });
  };
  for (const moduleName of defaults) {
    const ref = resolver.resolve(moduleName);
    if (!ref) continue;
    add(ref.name, ref.file);
    const packageDir = ref.isPackage ? path.dirname(ref.file) : path.dirname(ref.file);
    const packageName = ref.isPackage ? ref.name : ref.name.split('.').slice(0, -1).join('.');
    const lastPackageSegment = packageName.split('.').pop() ?? '';
    const inSettingsPackage = ref.isPackage || /settings/i.test(lastPackageSegment);
    for (const entry of fs.readDir(packageDir) ?? []) {
      if (entry.kind !== 'file' || !entry.name.endsWith('.py') || entry.name === '__init__.py') continue;
      const stem = entry.name.slice(0, -3);
      if (!/^[A-Za-z_]\w*$/.test(stem)) continue;
      if (inSettingsPackage || /settings/i.test(stem)) add(packageName ? `${packageName}.${stem}` : stem, path.join(packageDir, entry.name));
    }
  }
  return [...found.values()].sort((a, b) => compareText(a.name, b.name));
}

/**
 * What the choice of production read from the modules' content (docstring roles, whether a module sets settings),
 * so a server can tell when an edit changed it and discovery must run again.
 */
export function contentSignature(resolver: ModuleResolver, modules: readonly { name: string; file: string }[]): string {
  return modules
    .map((module) => {
      const parsed = resolver.read(module.file);
      return `${module.file}:${moduleRole(resolver, module.name, module.file)}:${!(parsed instanceof FileReadError) && definesSettings(parsed)}`;
    })
    .join('|');
}

/** A module's role from its name, or from its docstring when the name says nothing. */
function moduleRole(resolver: ModuleResolver, name: string, file: string): SettingsRole {
  const role = roleOf(name);
  if (role !== 'other' && role !== 'base') return role;
  const parsed = resolver.read(file);
  return (!(parsed instanceof FileReadError) && docstringRole(parsed)) || role;
}

const PRODUCTION_PREFERENCE = ['production', 'prod', 'prd', 'live', 'deploy', 'deployment'];

interface ProductionChoice {
  module: SettingsModuleInfo | undefined;
  reason: string;
  /** Set when a configured module does not exist. */
  configuredMissing?: string;
  /** True when no module is meant for production and a base or default module is judged in its place. */
  guessed?: boolean;
}

export function chooseProduction(
  resolver: ModuleResolver,
  modules: SettingsModuleInfo[],
  entryPoints: DjangoProject['entryPoints'],
  configured: string | undefined,
  configuredFrom: string,
  /** DJANGO_SETTINGS_MODULE as the deployment sets it (Dockerfile ENV, compose, units, env files), preferred first. */
  deployed: readonly DeploymentSetting[] = [],
): ProductionChoice {
  if (configured) {
    const known = modules.find((module) => module.name === configured);
    if (known) return { module: { ...known, role: 'production' }, reason: `${configured} is set as the production settings module in ${configuredFrom}.` };
    const ref = resolver.resolve(configured);
    if (ref)
      return {
        module: { name: ref.name, file: ref.file, role: 'production' },
        reason: `${configured} is set as the production settings module in ${configuredFrom}.`,
      };
    return { module: undefined, reason: `${configured} (set in ${configuredFrom}) does not exist.`, configuredMissing: configured };
  }
  for (const setting of deployed) {
    const known = modules.find((module) => module.name === setting.value);
    const ref = known ?? resolver.resolve(setting.value) ?? (setting.file ? { name: setting.value, file: setting.file } : undefined);
    if (ref && roleOf(ref.name) !== 'development') {
      return {
        module: { name: ref.name, file: ref.file, role: 'production' },
        reason: `${setting.value} is DJANGO_SETTINGS_MODULE in ${setting.source}, which is how production runs.`,
      };
    }
  }
  const setsSettings = (module: SettingsModuleInfo): boolean => {
    const parsed = resolver.read(module.file);
    return !(parsed instanceof FileReadError) && definesSettings(parsed);
  };
  for (const kind of ['wsgi', 'asgi'] as const) {
    for (const entry of entryPoints.filter((e) => e.kind === kind)) {
      const module = modules.find((m) => m.name === entry.settingsModule);
      if (module && module.role !== 'development' && setsSettings(module)) {
        return { module, reason: `${path.basename(entry.file)} selects ${module.name}, which the production server loads.` };
      }
    }
  }
  const production = modules.filter((m) => m.role === 'production').sort((a, b) => rank(a.name) - rank(b.name));
  if (production.length) {
    const chosen = production[0];
    const why = roleOf(chosen.name) === 'production' ? 'is named as a production module' : 'is the production settings, as its docstring says';
    return { module: chosen, reason: `${chosen.name} ${why}.` };
  }
  const manage = entryPoints.find((e) => e.kind === 'manage');
  const managed = manage && modules.find((m) => m.name === manage.settingsModule);
  if (managed && managed.role !== 'development' && setsSettings(managed))
    return { module: managed, reason: `manage.py selects ${managed.name} and no other module is named for production.` };
  const base =
    modules.find((m) => m.role === 'base' && setsSettings(m)) ??
    modules.find((m) => m.role !== 'development' && setsSettings(m)) ??
    modules.find((m) => m.role === 'base');
  if (base) return { module: base, reason: `No production settings module found; judging ${base.name}, which production would build on.`, guessed: true };
  const fallback = managed ?? modules.find(setsSettings) ?? modules[0];
  return fallback
    ? { module: fallback, reason: `No production settings module found; judging ${fallback.name}, the only settings found.`, guessed: true }
    : { module: undefined, reason: 'No settings module found.' };
}

function rank(name: string): number {
  const last = name
    .split('.')
    .pop()!
    .toLowerCase()
    .replace(/^settings[_-]?|[_-]?settings$/g, '');
  const index = PRODUCTION_PREFERENCE.indexOf(last);
  return index < 0 ? PRODUCTION_PREFERENCE.length : index;
}
