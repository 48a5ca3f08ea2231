// Django 4.0 changed CSRF_TRUSTED_ORIGINS from host names to origins with a scheme; an old entry stops
// `manage.py check` with 4_0.E001 (a non-deploy check) and never matches a request's Origin header.
import { versionAtLeast } from '../../project/dependencies';
import { decodeStringLiteral, pythonString } from '../../python/strings';
import { alternatives, type Value } from '../../python/values';
import { locationFor } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix, Location } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { setSettingFix } from './productionValues';
import { relatedFor, stringEntries } from './settingRule';

const TRUSTED_ORIGIN_WITHOUT_SCHEME = defineCode({
  code: 'DR955',
  area: 'security',
  title: 'CSRF_TRUSTED_ORIGINS entry without a scheme',
  severity: 'error',
  djangoId: '4_0.E001',
  fixable: true,
  settings: ['CSRF_TRUSTED_ORIGINS'],
});

export function checkCsrfTrustedOrigins(context: RuleContext, view: SettingsView): void {
  if (!versionAtLeast(view.version, 4, 0)) return;
  const setting = view.get('CSRF_TRUSTED_ORIGINS');
  for (const value of alternatives(setting.value)) if (value.kind === 'str' && value.value) reportString(context, view, setting, value);
  for (const { entry: origin } of stringEntries(setting.value).entries) {
    if (origin.value.includes('://')) continue;
    const location = locationFor(view, setting, origin);
    const suggestion = withScheme(origin.value);
    const message =
      `CSRF_TRUSTED_ORIGINS entry "${origin.value}" has no scheme. Since Django 4.0 entries are origins such as "${suggestion}"; ` +
      'this one never matches a request, and manage.py commands stop with 4_0.E001.';
    context.report(
      makeFinding(TRUSTED_ORIGIN_WITHOUT_SCHEME, location, message, { related: relatedFor(view, setting, location), fix: schemeFix(view, origin, suggestion) }),
    );
  }
}

/**
 * A string instead of a list: Django iterates its characters, none of which holds "://", so 4_0.E001 fires (once per
 * character) and no origin is trusted. The fix makes it a list of origins, split on commas and spaces.
 */
function reportString(context: RuleContext, view: SettingsView, setting: Setting, value: Value & { kind: 'str' }): void {
  const location = locationFor(view, setting, value);
  const origins = value.value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((origin) => (origin.includes('://') ? origin : withScheme(origin)));
  const message =
    `CSRF_TRUSTED_ORIGINS is the string "${value.value}", not a list: Django reads it one character at a time, so no origin is trusted ` +
    'and manage.py commands stop with 4_0.E001. Make it a list of origins with a scheme.';
  const source = `[${origins.map(pythonString).join(', ')}]`;
  // Only a literal is rewritten; a fallback of an environment variable would lose the variable.
  const fix =
    origins.length && value.loc && !value.env
      ? setSettingFix(view, 'CSRF_TRUSTED_ORIGINS', source, { at: location, title: `Write CSRF_TRUSTED_ORIGINS = ${source}` })
      : null;
  context.report(makeFinding(TRUSTED_ORIGIN_WITHOUT_SCHEME, location, message, { related: relatedFor(view, setting, location), fix }));
}

/** "example.com" becomes "https://example.com"; the old subdomain form ".example.com" becomes "https://*.example.com". */
function withScheme(entry: string): string {
  return entry.startsWith('.') ? `https://*${entry}` : `https://${entry}`;
}

/** Rewrites the string literal the entry was written as; no fix when the entry is computed. */
function schemeFix(view: SettingsView, origin: Value & { kind: 'str' }, suggestion: string): Fix | null {
  const loc: Location | undefined = origin.loc;
  const parsed = loc && view.evaluation.modules.find((module) => module.ref.file === loc.file)?.parsed;
  if (!loc || !parsed) return null;
  const written = parsed.text.slice(parsed.lines.offset(loc.range.start), parsed.lines.offset(loc.range.end));
  if (decodeStringLiteral(written)?.value !== origin.value) return null;
  return { title: `Write "${suggestion}"`, changes: [{ kind: 'edit', file: loc.file, edits: [{ range: loc.range, newText: pythonString(suggestion) }] }] };
}
