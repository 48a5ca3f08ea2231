// security.W009: SECRET_KEY must be long, varied, not Django's generated placeholder, and not a fallback
// that production can end up using.
import { alternatives, type Value } from '../../python/values';
import { pythonString } from '../../python/strings';
import { setSettingChange } from '../../fixes/settingsEdits';
import { conditional } from '../../fixes/pythonLayout';
import { productionSwitch } from '../../fixes/productionSwitch';
import { envApiOf, envVariableOf, fallbackNote, judgeSetting, servesDevelopment } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { within, type Fix, type Location } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { reportUndecided } from './settingRule';

const INSECURE_SECRET_KEY = defineCode({
  code: 'DR909',
  area: 'security',
  title: 'Insecure SECRET_KEY',
  severity: 'warning',
  djangoId: 'security.W009',
  fixable: true,
  settings: ['SECRET_KEY'],
});

const INSECURE_PREFIX = 'django-insecure-';

/** Why a key fails Django's own test, or undefined when it passes. */
export function secretKeyWeakness(key: string, version: { major: number; minor: number }): string | undefined {
  if (key.length === 0) return 'is empty';
  const prefixChecked = version.major > 3 || (version.major === 3 && version.minor >= 2);
  if (prefixChecked && key.startsWith(INSECURE_PREFIX)) return `starts with "${INSECURE_PREFIX}", the placeholder startproject generates`;
  if ([...key].length < 50) return `is only ${[...key].length} characters long (at least 50 needed)`;
  if (new Set(key).size < 5) return `uses only ${new Set(key).size} distinct characters (at least 5 needed)`;
  return undefined;
}

function weakness(value: Value, view: SettingsView): string | undefined {
  if (value.kind === 'none') return 'is None';
  if (value.kind === 'str') return secretKeyWeakness(value.value, view.version);
  if (value.kind === 'bytes') return 'is bytes, which the check cannot read';
  return undefined;
}

export function checkSecretKey(context: RuleContext, view: SettingsView): void {
  const setting = view.get('SECRET_KEY');
  if (!setting.binding && view.isOpen) {
    context.unknown(INSECURE_SECRET_KEY.code, 'SECRET_KEY may come from a module that cannot be read');
    return;
  }
  if (!setting.binding) {
    context.report(
      makeFinding(INSECURE_SECRET_KEY, view.anchor(), 'SECRET_KEY is not set; Django refuses to start without it. Read it from an environment variable.', {
        related: view.moduleChain(),
        fix: secretKeyFix(view, undefined, undefined),
      }),
    );
    return;
  }
  const { offenders, unknown } = judgeSetting(view, setting, (value) =>
    value.kind === 'str' || value.kind === 'none' || value.kind === 'bytes' ? weakness(value, view) !== undefined : undefined,
  );
  for (const offender of offenders) {
    const reason = weakness(offender.value, view)!;
    const fallback = fallbackNote(offender.value);
    const message = fallback
      ? `SECRET_KEY ${reason}${fallback}. Production must not fall back to a known key: read $${offender.value.env!.name} without a default.`
      : `SECRET_KEY ${reason}. Generate a new random key and read it from an environment variable instead of committing it.`;
    context.report(
      makeFinding(INSECURE_SECRET_KEY, offender.location, message, {
        related: view.chainTo(offender.location),
        fix: secretKeyFix(view, setting.value, offender.location),
      }),
    );
  }
  if (!offenders.length) reportUndecided(context, INSECURE_SECRET_KEY.code, 'SECRET_KEY', unknown);
}

/** The module's own way to read a variable that production must set: `os.environ["K"]`, `env.str("K")`, `config("K")`. */
export function requiredRead(api: string | undefined, variable: string): { text: string; imports: string[] } {
  const name = pythonString(variable);
  if (api === 'env' || api?.startsWith('env.')) return { text: `${api}(${name})`, imports: [] };
  if (api === 'config') return { text: `config(${name})`, imports: [] };
  return { text: `os.environ[${name}]`, imports: ['os'] };
}

/**
 * SECRET_KEY from an environment variable production must set (the one finding that may require a variable, so
 * the title says so). A module that also serves development keeps a throwaway key there, through its switch;
 * `keepKey` keeps the current (weak) key as that key, which must not happen when the current key is a real secret.
 * None where a variable only decided which branch set the key: the project's own switch chooses it.
 */
export function secretKeyFix(view: SettingsView, current: Value | undefined, at: Location | undefined, keepKey = true): Fix | null {
  const offending = current && at ? alternatives(current).find((value) => value.loc && within(value.loc, at)) : undefined;
  if (current && alternatives(current).some((value) => value.env?.decided)) return null;
  const setting = view.get('SECRET_KEY');
  const variable = (current && envVariableOf({ name: 'SECRET_KEY', value: current, binding: undefined, isDefault: false })) ?? 'DJANGO_SECRET_KEY';
  const read = requiredRead(envApiOf(view, setting), variable);
  const title = `Read SECRET_KEY from $${variable}${servesDevelopment(view) ? ' outside development' : ''} (production must then set $${variable})`;
  if (!servesDevelopment(view)) return { title, changes: [setSettingChange(view, 'SECRET_KEY', read.text, { imports: read.imports, at })] };
  const weak = (offending ? [offending] : current ? alternatives(current) : []).find(
    (v): v is Value & { kind: 'str' } => v.kind === 'str' && v.value.length > 0,
  );
  const devKey = pythonString(keepKey && weak ? weak.value : `${INSECURE_PREFIX}development-only-key`);
  const statement = setting.binding?.statement.file === view.file ? setting.binding.statement : undefined;
  const production = productionSwitch(view, statement);
  return {
    title,
    changes: [
      setSettingChange(view, 'SECRET_KEY', conditional(read.text, production.inProduction, devKey), { imports: [...read.imports, ...production.imports], at }),
    ],
  };
}
