// What TEMPLATES says about template folders: each backend's DIRS entries, where each points on disk and
// where it is written, and which of them are project-level folders rather than folders inside an app.
import * as path from 'node:path';
import { relativePath } from '../../paths';
import { isDirectory, type FileSystem } from '../../fileSystem';
import type { DjangoProject } from '../../project/model';
import { alternatives, dictGet, type Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import type { Location } from '../../types';
import { isInside, pathOfValue, writtenAt } from '../projectPaths';

export const DJANGO_BACKEND = 'django.template.backends.django.DjangoTemplates';

interface DirsEntry {
  value: Value;
  /** Absolute folder, when the value is known. */
  dir: string | undefined;
  location: Location;
  /** Inside a local app's folder (then it is not a project-level folder). */
  inApp: boolean;
  /** Undefined when the folder lies outside the project, where the engine cannot look. */
  exists: boolean | undefined;
}

export interface TemplateBackend {
  index: number;
  isDjango: boolean;
  /** False when the backend's dict has no DIRS key. */
  hasDirs: boolean;
  entries: DirsEntry[];
  /** False when some entries cannot be known (a computed list, or an item from code we cannot follow). */
  complete: boolean;
}

interface TemplatesSetting {
  /** Undefined when TEMPLATES itself cannot be read statically. */
  backends: TemplateBackend[] | undefined;
}

function sequenceOf(value: Value | undefined): { items: Value[]; complete: boolean } | undefined {
  if (!value) return undefined;
  const options = alternatives(value);
  if (options.length !== 1) return undefined;
  const only = options[0];
  return only.kind === 'list' || only.kind === 'tuple' ? { items: only.items, complete: !only.partial } : undefined;
}

export function readTemplates(view: SettingsView, project: DjangoProject, fs: FileSystem): TemplatesSetting {
  const templates = sequenceOf(view.value('TEMPLATES'));
  if (!templates?.complete) return { backends: undefined };
  const fallback = view.locationOf('TEMPLATES');
  const backends: TemplateBackend[] = [];
  templates.items.forEach((item, index) => {
    if (item.kind !== 'dict') return;
    const backend = dictGet(item, 'BACKEND');
    const dirsValue = dictGet(item, 'DIRS');
    const dirs = sequenceOf(dirsValue);
    const entries: DirsEntry[] = [];
    for (const entry of dirs?.items ?? []) {
      for (const option of alternatives(entry)) {
        const dir = locateFolder(option, project, fs);
        entries.push({
          value: option,
          dir,
          location: writtenAt(view, option, fallback),
          inApp: !!dir && project.apps.some((app) => isInside(dir, app.dir)),
          exists: !dir ? false : isDirectory(fs, dir) ? true : isInside(dir, project.scanRoot) ? false : undefined,
        });
      }
    }
    backends.push({
      index,
      isDjango: backend?.kind === 'str' && backend.value === DJANGO_BACKEND,
      hasDirs: dirsValue !== undefined,
      entries,
      complete: (dirsValue === undefined || (!!dirs && dirs.complete)) && entries.every((e) => e.dir !== undefined),
    });
  });
  return { backends };
}

/**
 * Where a DIRS entry points. A folder missing beside manage.py counts as found when the same path exists below a
 * folder the project's modules are imported from (`src/`): a src/ layout is installed or copied next to
 * manage.py in production, and a relative entry depends on the server's working directory anyway.
 */
function locateFolder(value: Value, project: DjangoProject, fs: FileSystem): string | undefined {
  const dir = pathOfValue(value, project.root);
  if (!dir || isDirectory(fs, dir) || !isInside(dir, project.root)) return dir;
  const relative = relativePath(project.root, dir);
  return project.pythonRoots.map((root) => path.join(root, relative)).find((candidate) => isDirectory(fs, candidate)) ?? dir;
}

/** The template folders DIRS lists that exist, in the order Django searches them: the project's own folders. */
export function projectTemplateDirs(setting: TemplatesSetting): string[] {
  const dirs: string[] = [];
  for (const backend of setting.backends ?? []) {
    for (const entry of backend.entries) if (entry.dir && entry.exists && !dirs.includes(entry.dir)) dirs.push(entry.dir);
  }
  return dirs;
}
