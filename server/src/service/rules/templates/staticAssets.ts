// Creating the stylesheet and script a base template links to: in the project's own static folder (the first
// STATICFILES_DIRS entry inside the project), else in static/ beside manage.py, which is then added to
// STATICFILES_DIRS so that {% static %} finds the files.
import * as path from 'node:path';
import { flat, list } from '../../fixes/pythonLayout';
import { insertListItemChange, literalOf, setSettingChange } from '../../fixes/settingsEdits';
import { exists } from '../../fileSystem';
import { alternatives } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import type { FileChange } from '../../types';
import { isInside, pathOfValue, pathSource } from '../projectPaths';
import type { RuleContext } from '../rule';

export interface StaticAsset {
  /** Path below the static folder, as {% static %} names it: `css/site.css`. */
  name: string;
  content: string;
}

function listedStaticDir(view: SettingsView, root: string): string | undefined {
  for (const value of alternatives(view.value('STATICFILES_DIRS'))) {
    if (value.kind !== 'list' && value.kind !== 'tuple') continue;
    for (const item of value.items) {
      // A (prefix, folder) pair serves its files under the prefix; plain folders only.
      const dir = pathOfValue(item, root);
      if (dir && isInside(dir, root)) return dir;
    }
  }
  return undefined;
}

function staticFoldersEntry(view: SettingsView, dir: string): FileChange | undefined {
  const setting = view.get('STATICFILES_DIRS');
  if (!setting.binding) {
    const { source, imports } = pathSource(view, view.file, dir);
    // The project's own static folder, for development as much as production: beside STATIC_URL, not in the deployment group.
    return setSettingChange(view, 'STATICFILES_DIRS', list([source]), { imports, after: 'STATIC_URL' });
  }
  const literal = literalOf(view, setting.value);
  if (!literal && setting.value.kind !== 'list') return undefined;
  const { source, imports } = pathSource(view, literal?.parsed.file ?? view.file, dir);
  return insertListItemChange(view, 'STATICFILES_DIRS', [], flat(source), 'end', { imports });
}

/** Changes that create the assets that are missing, plus the STATICFILES_DIRS entry their folder needs. */
export function staticAssetChanges(context: RuleContext, assets: StaticAsset[]): FileChange[] {
  const { project, settings, fs } = context;
  const listed = settings && listedStaticDir(settings, project.root);
  let dir = listed ?? path.join(project.root, 'static');
  const staticRoot = settings && alternatives(settings.value('STATIC_ROOT')).map((value) => pathOfValue(value, project.root));
  // collectstatic writes into STATIC_ROOT; source files must live elsewhere.
  if (!listed && staticRoot?.includes(dir)) dir = path.join(project.root, 'assets');
  const changes: FileChange[] = assets
    .map((asset) => ({ kind: 'create' as const, file: path.join(dir, ...asset.name.split('/')), content: asset.content }))
    .filter((change) => !exists(fs, change.file));
  const entry = !listed && settings ? staticFoldersEntry(settings, dir) : undefined;
  if (entry) changes.push(entry);
  return changes;
}
