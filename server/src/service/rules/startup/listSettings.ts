// Settings Django requires to be a list or a tuple (django/conf/__init__.py, Settings.__init__: `tuple_settings`),
// or it raises ImproperlyConfigured before anything runs: INSTALLED_APPS, TEMPLATE_DIRS and LOCALE_PATHS in every
// supported series, ALLOWED_HOSTS since 4.0 (django/django#14149), SECRET_KEY_FALLBACKS since it exists (4.1).
import { versionAtLeast } from '../../project/dependencies';
import { decodeStringLiteral, pythonString } from '../../python/strings';
import { alternatives, type Value } from '../../python/values';
import { fallbackNote, locationFor } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { relatedFor } from '../security/settingRule';
import { plainStatement } from './statements';
import { refusesToStart } from './words';

export const LIST_SETTINGS: { name: string; since: [number, number] }[] = [
  { name: 'INSTALLED_APPS', since: [3, 2] },
  { name: 'TEMPLATE_DIRS', since: [3, 2] },
  { name: 'LOCALE_PATHS', since: [3, 2] },
  { name: 'ALLOWED_HOSTS', since: [4, 0] },
  { name: 'SECRET_KEY_FALLBACKS', since: [4, 1] },
];

const NOT_A_LIST = defineCode({
  code: 'DR020',
  area: 'settings',
  title: 'Setting that must be a list or a tuple',
  severity: 'error',
  fixable: true,
  settings: LIST_SETTINGS.map((setting) => setting.name),
});

const KIND_WORDS: Partial<Record<Value['kind'], string>> = {
  str: 'a string',
  bytes: 'bytes',
  int: 'a number',
  float: 'a number',
  bool: 'a boolean',
  none: 'None',
  set: 'a set',
  dict: 'a dict',
  path: 'a path',
};

export function checkListSettings(context: RuleContext, view: SettingsView): void {
  for (const { name, since } of LIST_SETTINGS) {
    if (!versionAtLeast(view.version, since[0], since[1]) || !view.has(name)) continue;
    const setting = view.get(name);
    for (const value of alternatives(setting.value)) {
      const kind = KIND_WORDS[value.kind];
      if (!kind) continue;
      const location = locationFor(view, setting, value);
      const hint = name === 'ALLOWED_HOSTS' && value.kind === 'str' ? ' (split a comma-separated variable with .split(","))' : '';
      const message = `${refusesToStart(view)}: ${name} must be a list or a tuple, and it ${alternatives(setting.value).length > 1 ? 'can be' : 'is'} ${kind}${fallbackNote(value)}. Make it a list${hint}.`;
      context.report(makeFinding(NOT_A_LIST, location, message, { related: relatedFor(view, setting, location), fix: listFix(view, setting, value) }));
    }
  }
}

/** A literal string becomes a one-item list (hosts split on commas), a set literal a list; an env fallback for hosts is split. */
function listFix(view: SettingsView, setting: Setting, value: Value): Fix | null {
  const statement = plainStatement(view, setting);
  if (!statement || alternatives(setting.value).length > 1) return null;
  const source = statement.valueSource.trim();
  const edit = (newText: string): Fix => ({
    title: `Write ${setting.name} = ${newText.length > 60 ? `${newText.slice(0, 57)}...` : newText}`,
    changes: [{ kind: 'edit', file: statement.file, edits: [{ range: setting.binding!.valueRange!.range, newText }] }],
  });
  if (value.kind === 'str' && !value.env && decodeStringLiteral(source)) {
    const items = setting.name === 'ALLOWED_HOSTS' ? value.value.split(/[\s,]+/).filter(Boolean) : [value.value];
    return edit(`[${items.map(pythonString).join(', ')}]`);
  }
  if (value.kind === 'str' && value.env && setting.name === 'ALLOWED_HOSTS') {
    return edit(/^[\w.]+\(.*\)$/s.test(source) ? `${source}.split(",")` : `(${source}).split(",")`);
  }
  if (value.kind === 'set' && source.startsWith('{') && source.endsWith('}')) return edit(`[${source.slice(1, -1)}]`);
  return null;
}
