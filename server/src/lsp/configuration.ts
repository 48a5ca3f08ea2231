// The editor's `djangoReady` settings of one workspace folder, turned into what the service understands.
// Empty values mean "not set here", so `[tool.django-ready]` in pyproject.toml still applies.
import type { DjangoReadySettings } from '../protocol';
import type { Severity } from '../service/types';
import type { ConfigOverrides } from '../service/index';

export interface FolderSettings {
  enabled: boolean;
  overrides: ConfigOverrides;
}

export const DEFAULT_FOLDER_SETTINGS: FolderSettings = { enabled: true, overrides: {} };

const RULE_LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function folderSettings(raw: DjangoReadySettings | null | undefined): FolderSettings {
  if (!raw || typeof raw !== 'object') return DEFAULT_FOLDER_SETTINGS;
  const overrides: ConfigOverrides = {};
  const settingsModule = text(raw.settingsModule);
  if (settingsModule) overrides.settingsModule = settingsModule;
  const appsPackage = text(raw.layout?.appsPackage);
  if (appsPackage) overrides.appsPackage = appsPackage;
  const libsPackage = text(raw.layout?.libsPackage);
  if (libsPackage) overrides.libsPackage = libsPackage;
  const supervisorDirectory = text(raw.supervisor?.directory);
  if (supervisorDirectory) overrides.supervisorDirectory = supervisorDirectory;
  const rules: Record<string, Severity | 'off'> = {};
  for (const [code, level] of Object.entries(raw.rules ?? {})) {
    if (typeof level === 'string' && RULE_LEVELS.has(level)) rules[code.trim().toUpperCase()] = level as Severity | 'off';
  }
  if (Object.keys(rules).length) overrides.rules = rules;
  return { enabled: raw.enable !== false, overrides };
}

export function sameSettings(a: FolderSettings, b: FolderSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
