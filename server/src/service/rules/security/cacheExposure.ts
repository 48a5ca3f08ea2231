// caches.W002 (Django 3.2+, deploy): a FileBasedCache directory that matches, sits inside, or contains MEDIA_ROOT,
// STATIC_ROOT or a STATICFILES_DIRS entry, where the web server publishes files (the cache's pickles become
// downloadable) and collectstatic or uploads can overwrite them. Django resolves both sides against the working
// directory (Path.resolve()); statically, two absolute paths or two relative ones compare, a mix does not. The
// backend is matched by its exact path, as for caches.W003.
import * as path from 'node:path';
import { alternatives, dictGet, truthy, type Value } from '../../python/values';
import { locationFor } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { djangoIdApplies } from '../djangoIds';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { FILE_BASED_CACHE } from './fileCache';
import { isOpen, relatedFor } from './settingRule';

const EXPOSED_FILE_CACHE = defineCode({
  code: 'DR961',
  area: 'security',
  title: 'File-based cache inside a published folder',
  severity: 'warning',
  djangoId: 'caches.W002',
});

const PUBLISHED = ['MEDIA_ROOT', 'STATIC_ROOT', 'STATICFILES_DIRS'] as const;

type Relation = 'matches' | 'is inside' | 'contains';

export function checkCacheExposure(context: RuleContext, view: SettingsView): void {
  if (!djangoIdApplies('caches.W002', view.version)) return;
  const caches = view.get('CACHES');
  const folders = PUBLISHED.map((name) => ({ name, paths: publishedPaths(view.value(name), name === 'STATICFILES_DIRS') }));
  let undecided = folders.some((folder) => folder.paths === undefined);
  for (const alternative of alternatives(caches.value)) {
    if (alternative.kind !== 'dict') {
      undecided ||= alternative.kind === 'unknown' && isOpen(alternative);
      continue;
    }
    for (const { key, value: cache } of alternative.entries) {
      if (key.kind !== 'str' || cache.kind !== 'dict') continue;
      const backend = dictGet(cache, 'BACKEND');
      if (backend?.kind !== 'str' || backend.value !== FILE_BASED_CACHE) {
        undecided ||= backend?.kind === 'unknown';
        continue;
      }
      const location = dictGet(cache, 'LOCATION');
      if (!location || (location.kind !== 'str' && location.kind !== 'path')) {
        undecided ||= location?.kind === 'unknown';
        continue;
      }
      for (const folder of folders) {
        for (const published of folder.paths ?? []) {
          const relation = relationOf(location.value, published);
          if (relation === undefined) undecided = true;
          if (!relation) continue;
          const at = locationFor(view, caches, location);
          const message =
            `The "${key.value}" cache's LOCATION "${location.value}" ${relation} ${folder.name} ("${published}"), which the web server publishes: ` +
            'cache files (pickled data) can be downloaded, and collected or uploaded files can overwrite them. Keep the cache in its own folder, outside every published one.';
          context.report(makeFinding(EXPOSED_FILE_CACHE, at, message, { related: relatedFor(view, caches, at) }));
          break;
        }
      }
    }
  }
  if (undecided) context.unknown(EXPOSED_FILE_CACHE.code, 'a file cache or a published folder is computed in a way that cannot be compared statically');
}

/** The folders a setting publishes (empty when it is falsy, as Django skips it), or undefined when unknown. */
function publishedPaths(value: Value, isList: boolean): string[] | undefined {
  if (value.kind === 'union') {
    const all = value.options.map((option) => publishedPaths(option, isList));
    return all.some((paths) => paths === undefined) ? undefined : [...new Set(all.flat() as string[])];
  }
  const verdict = truthy(value);
  if (verdict === false) return [];
  if (verdict === undefined) return isOpen(value) ? undefined : [];
  if (!isList) return value.kind === 'str' || value.kind === 'path' ? [value.value] : undefined;
  if ((value.kind !== 'list' && value.kind !== 'tuple') || value.partial) return undefined;
  const paths: string[] = [];
  for (const item of value.items) {
    // A (prefix, path) pair publishes its path.
    const folder = item.kind === 'tuple' || item.kind === 'list' ? item.items[1] : item;
    if (folder?.kind !== 'str' && folder?.kind !== 'path') return undefined;
    paths.push(folder.value);
  }
  return paths;
}

/** How a cache folder relates to a published one; null when apart, undefined when it depends on the working directory. */
function relationOf(cache: string, published: string): Relation | null | undefined {
  if (path.posix.isAbsolute(cache) !== path.posix.isAbsolute(published)) return undefined;
  const a = normal(cache);
  const b = normal(published);
  if (a === b) return 'matches';
  if (a.startsWith(`${b}/`) || b === '/') return 'is inside';
  if (b.startsWith(`${a}/`) || a === '/') return 'contains';
  return null;
}

function normal(folder: string): string {
  const normalised = path.posix.normalize(folder);
  return normalised.length > 1 ? normalised.replace(/\/+$/, '') : normalised;
}
