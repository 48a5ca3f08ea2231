// Moving DEFAULT_FILE_STORAGE / STATICFILES_STORAGE into STORAGES (Django 4.2+): one fix for the 4.2-5.0 conflict
// (both forms set: ImproperlyConfigured) and for 5.1+, where the old settings are silently ignored.
import { literalOf, setNestedChange } from '../../fixes/settingsEdits';
import { mergeChanges } from '../../fixes/textEdits';
import { dictGet } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import type { FileChange, Fix, TextEdit } from '../../types';
import type { RuleContext } from '../rule';
import { deleteEdit, mentionedInOtherSettings, plainStatement, type PlainStatement, replaceEdit, usedElsewhere } from './statements';

const LEGACY_STORAGES: Readonly<Record<string, { alias: string; defaultBackend: string }>> = {
  DEFAULT_FILE_STORAGE: { alias: 'default', defaultBackend: 'django.core.files.storage.FileSystemStorage' },
  STATICFILES_STORAGE: { alias: 'staticfiles', defaultBackend: 'django.contrib.staticfiles.storage.StaticFilesStorage' },
};

/**
 * The fix, or null when it is not clear: `ignoredByDjango` (5.1+) means the old settings have no effect, so an old
 * one whose alias STORAGES already configures can simply go; in the 4.2-5.0 conflict the two must agree for that.
 */
export function storagesFix(context: RuleContext, view: SettingsView, ignoredByDjango: boolean): Fix | null {
  const legacy: PlainStatement[] = [];
  for (const name of Object.keys(LEGACY_STORAGES)) {
    if (!view.has(name)) continue;
    const statement = plainStatement(view, view.get(name));
    if (!statement || usedElsewhere(view, statement)) return null;
    legacy.push(statement);
  }
  if (!legacy.length) return null;
  const edited = [
    ...new Set([...legacy.map((statement) => statement.file), ...(view.get('STORAGES').binding ? [view.get('STORAGES').binding!.statement.file] : [])]),
  ];
  if (mentionedInOtherSettings(context.fs, context.project, ['STORAGES', ...Object.keys(LEGACY_STORAGES)], edited)) return null;
  const names = legacy.map((statement) => statement.name).join(' and ');
  if (!view.has('STORAGES')) {
    const backend = (name: string): string =>
      legacy.find((statement) => statement.name === name)?.valueSource.trim() ?? JSON.stringify(LEGACY_STORAGES[name].defaultBackend);
    const lines = [
      'STORAGES = {',
      ...Object.entries(LEGACY_STORAGES).map(([name, { alias }]) => `    ${JSON.stringify(alias)}: {"BACKEND": ${backend(name)}},`),
      '}',
    ];
    // STORAGES takes the place of the last old setting, so every name its values use is already bound there.
    const last = legacy[legacy.length - 1];
    const edits = new Map<string, TextEdit[]>();
    for (const statement of legacy) {
      const edit = statement === last ? replaceEdit(statement, lines) : deleteEdit(statement);
      edits.set(statement.file, [...(edits.get(statement.file) ?? []), edit]);
    }
    return { title: `Move ${names} into STORAGES`, changes: mergeChanges([...edits].map(([file, list]): FileChange => ({ kind: 'edit', file, edits: list }))) };
  }
  const storages = view.value('STORAGES');
  if (storages.kind !== 'dict' || storages.partial || !literalOf(view, storages)) return null;
  const changes: FileChange[] = [];
  let added = 0;
  for (const statement of legacy) {
    const { alias } = LEGACY_STORAGES[statement.name];
    const configured = dictGet(storages, alias);
    const old = view.value(statement.name);
    if (!configured) {
      if (++added > 1) return null;
      changes.push(setNestedChange(view, 'STORAGES', [alias], `{"BACKEND": ${statement.valueSource.trim()}}`));
    } else if (!ignoredByDjango) {
      const backend = configured.kind === 'dict' ? dictGet(configured, 'BACKEND') : undefined;
      if (backend?.kind !== 'str' || old.kind !== 'str' || backend.value !== old.value) return null;
    }
    changes.push({ kind: 'edit', file: statement.file, edits: [deleteEdit(statement)] });
  }
  return {
    title: added ? `Move ${names} into STORAGES` : `Remove ${names} (STORAGES already configures ${legacy.length > 1 ? 'them' : 'it'})`,
    changes: mergeChanges(changes),
  };
}
