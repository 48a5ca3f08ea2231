// caches.E001 (every supported version, on every `manage.py check`): CACHES must have a "default" alias, which
// sessions, the cache middleware and `django.core.cache.cache` use; Django stops management commands without it.
import { alternatives } from '../../python/values';
import { locationFor } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { djangoIdApplies } from '../djangoIds';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { isOpen, relatedFor } from './settingRule';

const NO_DEFAULT_CACHE = defineCode({
  code: 'DR965',
  area: 'security',
  title: 'CACHES without a "default" alias',
  severity: 'error',
  djangoId: 'caches.E001',
});

export function checkDefaultCache(context: RuleContext, view: SettingsView): void {
  if (!djangoIdApplies('caches.E001', view.version) || !view.has('CACHES')) return;
  const setting = view.get('CACHES');
  let undecided = false;
  for (const caches of alternatives(setting.value)) {
    if (caches.kind !== 'dict' || caches.partial) {
      undecided ||= caches.kind === 'unknown' ? isOpen(caches) : caches.kind === 'dict';
      continue;
    }
    if (caches.entries.some(({ key }) => key.kind === 'str' && key.value === 'default')) continue;
    if (caches.entries.some(({ key }) => key.kind !== 'str')) {
      undecided = true;
      continue;
    }
    const location = locationFor(view, setting, caches);
    const aliases = caches.entries.map(({ key }) => (key.kind === 'str' ? `"${key.value}"` : '?'));
    const message = `CACHES has no "default" alias${aliases.length ? ` (only ${aliases.join(', ')})` : ''}: Django stops every management command with caches.E001, and cached sessions and the cache framework use "default". Name the main cache "default".`;
    context.report(makeFinding(NO_DEFAULT_CACHE, location, message, { related: relatedFor(view, setting, location) }));
  }
  if (undecided) context.unknown(NO_DEFAULT_CACHE.code, 'CACHES is computed in a way that cannot be checked statically');
}
