// Project configuration: `[tool.django-ready]` in pyproject.toml, overridden by what the caller passes
// (CLI flags or editor settings). The same keys serve the CLI and the editor.
import * as path from 'node:path';
import { parseToml, tomlAt } from './toml';
import type { Location, Severity } from '../types';
import { type FileSystem, readTextOrUndefined } from '../fileSystem';
import { DEFAULT_CONFIG, type ProjectConfig } from './model';

/** Settings a caller can impose on top of pyproject.toml; absent keys keep the project's own. */
export interface ConfigOverrides {
  settingsModule?: string;
  rules?: Record<string, Severity | 'off'>;
  appsPackage?: string;
  libsPackage?: string;
  supervisorDirectory?: string;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

interface ConfigResult {
  config: ProjectConfig;
  errors: { message: string; location: Location }[];
}

/** Finds the nearest pyproject.toml from `projectRoot` up to `scanRoot`, reading its `[tool.django-ready]`. */
export function loadProjectConfig(fs: FileSystem, projectRoot: string, scanRoot: string, overrides: ConfigOverrides = {}): ConfigResult {
  const config: ProjectConfig = { ...DEFAULT_CONFIG, rules: {}, sources: [] };
  const errors: ConfigResult['errors'] = [];
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'pyproject.toml');
    const text = readTextOrUndefined(fs, file);
    if (text !== undefined) {
      applyPyproject(text, file, config, errors);
      break;
    }
    if (dir === scanRoot || path.dirname(dir) === dir || !dir.startsWith(scanRoot)) break;
  }
  if (overrides.settingsModule) config.settingsModule = overrides.settingsModule;
  if (overrides.appsPackage) config.appsPackage = overrides.appsPackage;
  if (overrides.libsPackage) config.libsPackage = overrides.libsPackage;
  if (overrides.supervisorDirectory) config.supervisorDirectory = overrides.supervisorDirectory;
  if (overrides.rules) config.rules = { ...config.rules, ...overrides.rules };
  if (Object.values(overrides).some((value) => value !== undefined)) config.sources.push('settings');
  return { config, errors };
}

function applyPyproject(text: string, file: string, config: ProjectConfig, errors: ConfigResult['errors']): void {
  const where: Location = { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  let data: Record<string, unknown>;
  try {
    data = parseToml(text);
  } catch (error) {
    const line = typeof (error as { line?: number }).line === 'number' ? (error as { line: number }).line - 1 : 0;
    errors.push({
      message: `pyproject.toml is not valid TOML, so [tool.django-ready] was ignored: ${(error as Error).message.split('\n')[0]}`,
      location: { file, range: { start: { line, character: 0 }, end: { line, character: 0 } } },
    });
    return;
  }
  const found = tomlAt(data, 'tool', 'django-ready');
  if (!found || typeof found !== 'object' || Array.isArray(found)) return;
  const section = found as Record<string, unknown>;
  config.sources.push(file);
  const str = (key: string): string | undefined => {
    const value = section[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim()) return value.trim();
    errors.push({ message: `[tool.django-ready] ${key} must be a non-empty string.`, location: where });
    return undefined;
  };
  config.settingsModule = str('settings-module') ?? config.settingsModule;
  config.appsPackage = str('apps-package') ?? config.appsPackage;
  config.libsPackage = str('libs-package') ?? config.libsPackage;
  config.supervisorDirectory = str('supervisor-directory') ?? config.supervisorDirectory;
  const rules = section.rules;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
      errors.push({ message: '[tool.django-ready] rules must be a table of CODE = "error" | "warning" | "info" | "hint" | "off".', location: where });
      return;
    }
    for (const [code, severity] of Object.entries(rules)) {
      if (typeof severity === 'string' && SEVERITIES.has(severity)) config.rules[code.toUpperCase()] = severity as Severity | 'off';
      else errors.push({ message: `[tool.django-ready.rules] ${code} must be one of error, warning, info, hint, off.`, location: where });
    }
  }
}
