// What kind of pages the project serves, for the areas that only matter to sites with HTML pages: whether the root
// URLconf renders its own error pages (handler404 / handler500), and whether the project is an API that answers
// JSON (an API framework installed and no page templates of its own) and so needs no base layout or error pages.
import * as path from 'node:path';
import { relativePath } from '../../paths';
import { isFile, readTextOrUndefined, type FileSystem } from '../../fileSystem';
import type { DjangoProject } from '../../project/model';
import { containsString, type Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import { listFiles, parentTemplate } from './templateFiles';

const API_APPS = ['rest_framework', 'ninja', 'graphene_django', 'strawberry.django', 'tastypie'];
/** Template folders that hold no pages of the site: admin overrides, API browsers and renders, e-mails. */
const NON_PAGE_FOLDERS = /^(admin|registration|rest_framework|drf_spectacular|drf-yasg|api|e?-?mails?|emails?|notifications?|.*_email)$/i;

/** Layouts of the admin and of API browsers are theirs, not the site's. */
export const PACKAGE_LAYOUTS = /^(admin|registration|rest_framework|drf_spectacular|debug_toolbar)\//;

/** The file of a dotted module name under the project's import roots. */
function moduleFile(project: DjangoProject, fs: FileSystem, name: string): string | undefined {
  if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
  for (const root of project.pythonRoots) {
    const base = path.join(root, ...name.split('.'));
    if (isFile(fs, `${base}.py`)) return `${base}.py`;
    if (isFile(fs, path.join(base, '__init__.py'))) return path.join(base, '__init__.py');
  }
  return undefined;
}

/** Error codes the root URLconf handles with its own view (`handler404 = ...`, `from x import handler500`). */
export function customErrorHandlers(view: SettingsView, project: DjangoProject, fs: FileSystem): Set<string> {
  const handled = new Set<string>();
  const urlconf = view.value('ROOT_URLCONF');
  const file = urlconf.kind === 'str' ? moduleFile(project, fs, urlconf.value) : undefined;
  const text = file ? readTextOrUndefined(fs, file) : undefined;
  for (const match of (text ?? '').matchAll(/^(?:handler(\d{3})\s*[:=]|from\s+\S+\s+import\s+([^\n]*))/gm)) {
    if (match[1]) handled.add(match[1]);
    else for (const imported of match[2].matchAll(/\bhandler(\d{3})\b/g)) handled.add(imported[1]);
  }
  return handled;
}

/**
 * True when the project is an API: an API framework is installed and none of its templates is a page; undefined
 * when INSTALLED_APPS cannot be read.
 */
export function isApiOnly(view: SettingsView | undefined, project: DjangoProject, fs: FileSystem): boolean | undefined {
  const apps: Value | undefined = view?.value('INSTALLED_APPS');
  if (!apps) return false;
  const installed = API_APPS.map((app) => containsString(apps, app));
  if (!installed.includes(true)) return installed.includes(undefined) ? undefined : false;
  for (const dir of project.templateDirs) {
    for (const file of listFiles(fs, dir)) {
      const relative = relativePath(dir, file).split(path.sep);
      if (!/\.(html?|jinja2?|j2)$/.test(file)) continue;
      if (relative.length > 1 && NON_PAGE_FOLDERS.test(relative[0])) continue;
      // A template extending the API browser's or the admin's layout is part of those, not a page of the site.
      const parent = parentTemplate(fs, file);
      if (parent && PACKAGE_LAYOUTS.test(parent)) continue;
      return false;
    }
  }
  return true;
}
