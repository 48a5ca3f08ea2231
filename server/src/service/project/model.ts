import type { CeleryApp } from '../deploy/celeryApps';
import type { Deployment } from '../deploy/model';
import type { Location, Severity } from '../types';

export type SettingsRole = 'production' | 'development' | 'base' | 'other';

export interface SettingsModuleInfo {
  /** Dotted module name, e.g. `config.settings.production`. */
  name: string;
  file: string;
  role: SettingsRole;
}

export interface DjangoVersion {
  major: number;
  minor: number;
  /** Where it was read: a relative file path, or `default` when nothing pins it (then the current LTS). */
  source: string;
  /** False when only a range was found and its lower bound is used. */
  exact: boolean;
}

export interface Dependency {
  /** Normalised distribution name: lowercase, `_` and `.` as `-`. */
  name: string;
  spec: string;
  file: string;
  /** Declared for development, tests, docs or a test matrix: not what the server runs. */
  development?: boolean;
}

export interface LocalApp {
  /** Dotted name as it would appear in INSTALLED_APPS. */
  name: string;
  dir: string;
  hasAppsPy: boolean;
  hasModels: boolean;
}

export interface PythonPackage {
  name: string;
  dir: string;
}

export interface ProjectConfig {
  settingsModule?: string;
  /** Per-code severity overrides; `off` disables a code. */
  rules: Record<string, Severity | 'off'>;
  appsPackage: string;
  libsPackage: string;
  supervisorDirectory: string;
  /** Where the configuration came from, for messages. */
  sources: string[];
}

export const DEFAULT_CONFIG: ProjectConfig = {
  rules: {},
  appsPackage: 'apps',
  libsPackage: 'libs',
  supervisorDirectory: 'deploy/supervisor',
  sources: [],
};

export interface DiscoveryProblem {
  kind: 'unreadable-dir' | 'settings-not-found' | 'config-error' | 'limit';
  message: string;
  location: Location;
}

export interface DjangoProject {
  /** Folder that holds manage.py. */
  root: string;
  managePy: string;
  /** The folder discovery was asked to search (workspace folder or CLI path) that contains this project. */
  scanRoot: string;
  /** Short name of the project: its settings package's top-level package, else the folder name. */
  name: string;
  /** sys.path entries the project's modules resolve against. */
  pythonRoots: string[];
  settingsModules: SettingsModuleInfo[];
  production: SettingsModuleInfo | undefined;
  /** One sentence on why that module was taken as production. */
  productionReason: string;
  /** True when no module is meant for production and another one is judged in its place. */
  productionGuessed: boolean;
  /** Modules named by `DJANGO_SETTINGS_MODULE` defaults in manage.py / wsgi.py / asgi.py. */
  entryPoints: { file: string; settingsModule: string; configuration?: string; kind: 'manage' | 'wsgi' | 'asgi' }[];
  /** What the production choice read from settings modules' content (see settingsModules.contentSignature). */
  contentSignature: string;
  /** The django-configurations class production uses, and why it was chosen. */
  configuration?: { name: string; reason: string };
  djangoVersion: DjangoVersion;
  dependencies: Dependency[];
  apps: LocalApp[];
  /** Top-level Python packages in the project root that are not Django apps (library candidates). */
  packages: PythonPackage[];
  templateDirs: string[];
  templatetagsPackages: string[];
  supervisorFiles: string[];
  /** How production runs, read from the project's deployment files (deploy/). */
  deployment: Deployment;
  /** Celery apps the project's modules create. */
  celeryApps: CeleryApp[];
  config: ProjectConfig;
  problems: DiscoveryProblem[];
}
