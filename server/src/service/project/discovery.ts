// Finds every Django project (a manage.py) under the given folders and builds its model: settings modules and
// which one is production, Django version, local apps, template folders, templatetags, supervisor files.
import * as path from 'node:path';
import { findCeleryApps } from '../deploy/celeryApps';
import type { Deployment, DeploymentSetting } from '../deploy/model';
import { readDeployment } from '../deploy/read';
import { configurationDefault, settingsModuleDefault } from '../python/entryPoints';
import { ModuleResolver } from '../python/modules';
import type { ParseCache } from '../python/parseCache';
import { isSupervisorFile } from '../supervisor';
import { type ConfigOverrides, loadProjectConfig } from './config';
import { detectDjangoVersion, readDependencies } from './dependencies';
import { FileReadError, type FileSystem, readTextOrUndefined } from '../fileSystem';
import type { DiscoveryProblem, DjangoProject, LocalApp, PythonPackage } from './model';
import { pythonRoots } from './pythonPath';
import { chooseProduction, contentSignature, findSettingsModules, roleOf } from './settingsModules';
import { walkTree, type WalkResult } from './walk';
import { compareText } from '../types';
import { isInside, relativePath } from '../paths';

interface DiscoveryOptions {
  overrides?: ConfigOverrides;
}

export interface DiscoveryResult {
  projects: DjangoProject[];
  /** Folders that were searched, for "no project found" messages. */
  searched: string[];
  /** Folders that could not be read anywhere in the search. */
  unreadable: string[];
}

const GENERIC_NAMES = new Set(['src', 'app', 'apps', 'backend', 'django', 'web', 'server', 'project', 'code', 'config', 'site', 'www', '']);

export function discoverProjects(fs: FileSystem, parseCache: ParseCache, scanRoots: string[], options: DiscoveryOptions = {}): DiscoveryResult {
  const projects: DjangoProject[] = [];
  const unreadable: string[] = [];
  for (const scanRoot of scanRoots) {
    const walk = walkTree(fs, scanRoot);
    unreadable.push(...walk.unreadable);
    const roots = walk.managePys.map((file) => path.dirname(file));
    for (const managePy of walk.managePys) {
      projects.push(buildProject(fs, parseCache, scanRoot, managePy, roots, walk, options));
    }
  }
  return { projects, searched: scanRoots, unreadable };
}

function buildProject(
  fs: FileSystem,
  parseCache: ParseCache,
  scanRoot: string,
  managePy: string,
  allRoots: string[],
  walk: WalkResult,
  options: DiscoveryOptions,
): DjangoProject {
  const root = path.dirname(managePy);
  // A path belongs to the innermost project whose folder contains it.
  const owner = (p: string): string | undefined => allRoots.filter((r) => isInside(p, r)).sort((a, b) => b.length - a.length)[0];
  const owned = (p: string): boolean => owner(p) === root;
  const problems: DiscoveryProblem[] = walk.unreadable.filter(owned).map((dir) => ({
    kind: 'unreadable-dir',
    message: `Cannot read folder ${relativePath(root, dir) || '.'}; files in it were not checked.`,
    location: fileStart(dir),
  }));
  if (walk.truncated) {
    problems.push({
      kind: 'limit',
      message: 'The folder tree is too large or too deep; discovery stopped early and some files were not checked.',
      location: fileStart(managePy),
    });
  }

  const resolver = new ModuleResolver(fs, pythonRoots(fs, parseCache, managePy, scanRoot), parseCache);
  const configResult = loadProjectConfig(fs, root, scanRoot, options.overrides);
  for (const error of configResult.errors) problems.push({ kind: 'config-error', message: error.message, location: error.location });
  const config = configResult.config;

  const entryPoints: DjangoProject['entryPoints'] = [];
  const readDefault = (file: string, kind: 'manage' | 'wsgi' | 'asgi'): void => {
    const parsed = resolver.read(file);
    if (parsed instanceof FileReadError) return;
    const settingsModule = settingsModuleDefault(parsed);
    const configuration = configurationDefault(parsed);
    if (settingsModule) entryPoints.push({ file, settingsModule, kind, ...(configuration ? { configuration } : {}) });
  };
  readDefault(managePy, 'manage');
  for (const file of walk.entryModules.filter(owned)) readDefault(file, path.basename(file) === 'wsgi.py' ? 'wsgi' : 'asgi');

  // Files outside every project's folder (a root Dockerfile beside src/backend/manage.py) belong to the only project there.
  const ownedOrShared = (file: string): boolean => owned(file) || (!owner(file) && allRoots.filter((r) => isInside(r, scanRoot)).length === 1);
  const supervisorFiles = walk.configFiles.filter(ownedOrShared).filter((file) => {
    const text = readTextOrUndefined(fs, file);
    return text !== undefined && isSupervisorFile(file, text);
  });
  const deployment = readDeployment({
    fs,
    parseCache,
    root,
    scanRoot,
    candidates: [...walk.configFiles, ...walk.deployFiles].filter(ownedOrShared),
    scripts: walk.scriptFiles.filter(ownedOrShared),
    supervisorFiles,
    projectWords: projectWords(root, scanRoot, walk.packageDirs),
  });

  const defaults = [
    ...new Set([
      ...entryPoints.map((e) => e.settingsModule),
      ...(config.settingsModule ? [config.settingsModule] : []),
      ...deployment.settingsModules.map((s) => s.value),
    ]),
  ];
  const settingsModules = findSettingsModules(fs, resolver, defaults);
  const configuredFrom = config.sources.includes('settings') && options.overrides?.settingsModule ? 'your settings' : 'pyproject.toml [tool.django-ready]';
  const choice = chooseProduction(resolver, settingsModules, entryPoints, config.settingsModule, configuredFrom, deployment.settingsModules);
  if (choice.configuredMissing) {
    problems.push({
      kind: 'settings-not-found',
      message: `Settings module ${choice.configuredMissing} does not exist under ${root}. Check the module name (dotted, relative to the manage.py folder).`,
      location: fileStart(managePy),
    });
  } else if (!choice.module) {
    const irregular = entryPoints.length ? irregularModuleFile(fs, resolver.roots, entryPoints[0].settingsModule) : undefined;
    const notFound = irregular
      ? `The settings module ${entryPoints[0].settingsModule} (${relativePath(root, irregular)}) is not a regular file inside the project (a link that leads outside it, or a special file), so it is not read.`
      : `Cannot find the settings module ${entryPoints[0]?.settingsModule} that ${path.basename(entryPoints[0]?.file ?? '')} names.`;
    problems.push({
      kind: 'settings-not-found',
      message: entryPoints.length
        ? notFound
        : 'manage.py does not name a settings module (os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)); set one, or choose it with --settings or [tool.django-ready] settings-module.',
      location: fileStart(entryPoints[0]?.file ?? managePy),
    });
  }

  const requirementFiles = walk.requirementFiles.filter((file) => owned(file) || (isInside(root, path.dirname(file)) && !owner(file)));
  const dependencyInfo = readDependencies(fs, requirementFiles, root);

  const apps: LocalApp[] = [];
  for (const [dir, info] of walk.appDirs) {
    if (!owned(dir)) continue;
    const ref = resolver.moduleNameOf(path.join(dir, '__init__.py'));
    const name = ref?.name ?? relativePath(root, dir).split(path.sep).join('.');
    if (!name || name.startsWith('.')) continue;
    apps.push({ name, dir, ...info });
  }
  apps.sort((a, b) => compareText(a.name, b.name));

  const packages: PythonPackage[] = [...walk.packageDirs]
    .filter((dir) => path.dirname(dir) === root && owned(dir))
    .map((dir) => ({ name: path.basename(dir), dir }))
    .sort((a, b) => compareText(a.name, b.name));

  const settingsPackage = (choice.module?.name ?? defaults[0] ?? '').split('.')[0];
  const name =
    [path.basename(root), settingsPackage, path.basename(scanRoot)].find((n) => n && !GENERIC_NAMES.has(n.toLowerCase())) ?? (path.basename(root) || 'django');

  const project: DjangoProject = {
    root,
    managePy,
    scanRoot,
    name: name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-'),
    pythonRoots: resolver.roots.slice(),
    settingsModules:
      choice.module && !settingsModules.some((m) => m.file === choice.module!.file)
        ? [...settingsModules, choice.module]
        : settingsModules.map((m) => (m.file === choice.module?.file ? { ...m, role: 'production' as const } : m)),
    production: choice.module ? { ...choice.module, role: 'production' } : undefined,
    productionReason: choice.reason,
    productionGuessed: !!choice.guessed,
    entryPoints,
    configuration: chooseConfiguration(entryPoints, deployment.configuration),
    contentSignature: '',
    djangoVersion: detectDjangoVersion(dependencyInfo),
    dependencies: dependencyInfo.dependencies,
    apps,
    packages,
    templateDirs: walk.templateDirs.filter(owned).sort(),
    templatetagsPackages: walk.templatetagsDirs.filter(owned).sort(),
    supervisorFiles,
    deployment,
    celeryApps: findCeleryApps(
      fs,
      resolver,
      packages.map((p) => p.dir),
      celeryAppsNamed(deployment),
    ),
    config,
    problems,
  };
  project.contentSignature = contentSignature(resolver, project.settingsModules);
  return project;
}

/**
 * The django-configurations class production uses: DJANGO_CONFIGURATION as the deployment sets it, else what the
 * production server selects (wsgi.py / asgi.py first), unless it is named for development.
 */
function chooseConfiguration(entryPoints: DjangoProject['entryPoints'], deployed: DeploymentSetting | undefined): DjangoProject['configuration'] {
  if (deployed && roleOf(deployed.value) !== 'development')
    return { name: deployed.value, reason: `${deployed.source} sets DJANGO_CONFIGURATION to ${deployed.value}.` };
  for (const kind of ['wsgi', 'asgi', 'manage'] as const) {
    const entry = entryPoints.find((e) => e.kind === kind && e.configuration);
    if (entry?.configuration && roleOf(entry.configuration) !== 'development') {
      return { name: entry.configuration, reason: `${path.basename(entry.file)} sets DJANGO_CONFIGURATION to ${entry.configuration}.` };
    }
  }
  return undefined;
}

/** The modules `celery -A` names in the deployment's commands. */
function celeryAppsNamed(deployment: Deployment): string[] {
  const programs = [...deployment.processes.map((process) => process.program), ...deployment.unlaunched.map((entry) => entry.program)];
  return [...new Set(programs.filter((program) => program.program === 'celery' && program.app).map((program) => program.app!))];
}

/** Names an image of this project may carry: the project's folder, the folder searched, its top-level packages. */
function projectWords(root: string, scanRoot: string, packageDirs: Set<string>): string[] {
  const packages = [...packageDirs].filter((dir) => path.dirname(dir) === root).map((dir) => path.basename(dir));
  const names = [path.basename(root), path.basename(scanRoot), ...packages].filter((name) => !GENERIC_NAMES.has(name.toLowerCase()));
  return [...new Set(names.flatMap((name) => [name.toLowerCase(), ...name.toLowerCase().split(/[^a-z0-9]+/)]))].filter(
    (word) => word.length > 1 && !GENERIC_NAMES.has(word),
  );
}

function fileStart(file: string): { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } } {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

/** The file a module name would load that exists but cannot be read as one (outside the project, a FIFO, a device). */
function irregularModuleFile(fs: FileSystem, roots: readonly string[], name: string): string | undefined {
  if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
  const parts = name.split('.');
  for (const root of roots) {
    for (const candidate of [`${path.join(root, ...parts)}.py`, path.join(root, ...parts, '__init__.py')]) {
      if (fs.stat(candidate)?.kind === 'other') return candidate;
    }
  }
  return undefined;
}
