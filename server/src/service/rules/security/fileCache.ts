// caches.W003 (Django 3.2+, a check that runs on every `manage.py check`): a FileBasedCache LOCATION must be
// absolute, or the cache lands wherever the process happens to start. The backend is matched by its exact path,
// so a subclass is not recognised here (Django's isinstance test would catch it).
import { setNestedChange, literalOf } from '../../fixes/settingsEdits';
import { versionAtLeast } from '../../project/dependencies';
import { pythonString } from '../../python/strings';
import { alternatives, dictGet, type Value } from '../../python/values';
import { locationFor } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { comparePositions, type Fix } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { relatedFor } from './settingRule';

const RELATIVE_FILE_CACHE = defineCode({
  code: 'DR960',
  area: 'security',
  title: 'File-based cache with a relative LOCATION',
  severity: 'warning',
  djangoId: 'caches.W003',
  fixable: true,
  settings: ['CACHES'],
});

export const FILE_BASED_CACHE = 'django.core.cache.backends.filebased.FileBasedCache';

export function checkFileCache(context: RuleContext, view: SettingsView): void {
  if (!versionAtLeast(view.version, 3, 2)) return;
  const setting = view.get('CACHES');
  for (const caches of alternatives(setting.value)) {
    if (caches.kind !== 'dict') continue;
    for (const { key, value: cache } of caches.entries) {
      if (key.kind !== 'str' || cache.kind !== 'dict') continue;
      const backend = dictGet(cache, 'BACKEND');
      const location = dictGet(cache, 'LOCATION');
      if (backend?.kind !== 'str' || backend.value !== FILE_BASED_CACHE || !location) continue;
      if ((location.kind !== 'str' && location.kind !== 'path') || isAbsolute(location.value)) continue;
      const at = locationFor(view, setting, location);
      const message = `CACHES["${key.value}"]["LOCATION"] is the relative path "${location.value}", so the cache lands wherever the server process starts. Use an absolute path.`;
      context.report(
        makeFinding(RELATIVE_FILE_CACHE, at, message, {
          related: relatedFor(view, setting, at),
          fix: absoluteLocationFix(view, key.value, cache, location.value),
        }),
      );
    }
  }
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

/** `BASE_DIR / "cache"` where BASE_DIR is known in the module that gets the edit; no fix otherwise. */
function absoluteLocationFix(view: SettingsView, alias: string, cache: Value, relative: string): Fix | null {
  const base = view.get('BASE_DIR');
  if (!base.binding || (base.value.kind !== 'path' && base.value.kind !== 'str')) return null;
  const editedFile = literalOf(view, cache)?.parsed.file ?? view.file;
  if (editedFile !== view.file && base.binding.statement.file !== editedFile) return null;
  const definedAfter = base.binding.statement.file === editedFile && cache.loc && comparePositions(base.binding.statement.range.end, cache.loc.range.start) > 0;
  if (definedAfter) return null;
  const source = base.value.kind === 'path' ? `BASE_DIR / ${pythonString(relative)}` : `os.path.join(BASE_DIR, ${pythonString(relative)})`;
  const imports = base.value.kind === 'path' ? [] : ['os'];
  return { title: `Set the "${alias}" cache LOCATION to ${source}`, changes: [setNestedChange(view, 'CACHES', [alias, 'LOCATION'], source, { imports })] };
}
