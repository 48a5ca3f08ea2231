// security.W025 (Django 4.1+): every old key in SECRET_KEY_FALLBACKS still verifies signatures, so each one must
// pass the same test as SECRET_KEY. Django reports one warning per failing index.
import { locationOfNode, removeElementEdit } from '../../fixes/literalEdits';
import { literalOf } from '../../fixes/settingsEdits';
import { versionAtLeast } from '../../project/dependencies';
import type { Value } from '../../python/values';
import { fallbackNote, locationFor } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { comparePositions, type Fix, type Location } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { secretKeyWeakness } from './secretKey';
import { relatedFor, stringEntries } from './settingRule';

const WEAK_FALLBACK_KEY = defineCode({
  code: 'DR925',
  area: 'security',
  title: 'Weak key in SECRET_KEY_FALLBACKS',
  severity: 'warning',
  djangoId: 'security.W025',
  fixable: true,
  settings: ['SECRET_KEY_FALLBACKS'],
  drops: ['SECRET_KEY_FALLBACKS'],
});

export function checkSecretKeyFallbacks(context: RuleContext, view: SettingsView): void {
  if (!versionAtLeast(view.version, 4, 1)) return;
  const setting = view.get('SECRET_KEY_FALLBACKS');
  const { entries, undecided } = stringEntries(setting.value);
  for (const { list, index, entry } of entries) {
    const reason = secretKeyWeakness(entry.value, view.version);
    if (!reason) continue;
    const location = locationFor(view, setting, entry);
    const message =
      `SECRET_KEY_FALLBACKS[${index}] ${reason}${fallbackNote(entry.env ? entry : list)}. ` +
      'Signatures made with any fallback are still accepted, so a guessable one lets anyone forge sessions and reset links; remove it.';
    context.report(
      makeFinding(WEAK_FALLBACK_KEY, location, message, { related: relatedFor(view, setting, location), fix: removeKeyFix(view, list, entry, index) }),
    );
  }
  if (undecided) context.unknown(WEAK_FALLBACK_KEY.code, 'SECRET_KEY_FALLBACKS is computed in a way that cannot be checked statically');
}

/** Removes the key from the list literal it is written in; no fix when the list is computed. */
function removeKeyFix(view: SettingsView, keys: Value, key: Value, index: number): Fix | null {
  const literal = literalOf(view, keys);
  if (!literal || !key.loc) return null;
  const element = literal.node.children.find((node) => node.named && sameRange(locationOfNode(literal, node), key.loc!));
  if (!element) return null;
  return {
    title: `Remove SECRET_KEY_FALLBACKS[${index}]`,
    changes: [{ kind: 'edit', file: literal.parsed.file, edits: [removeElementEdit(literal, element)] }],
  };
}

function sameRange(a: Location, b: Location): boolean {
  return a.file === b.file && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;
}
