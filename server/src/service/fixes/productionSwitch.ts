// How a fix tells production from development in a settings module that serves both. The module's own DEBUG is
// the switch wherever it is already false in production and bound before the fix's text runs (`not DEBUG`, as a
// Django developer writes it); otherwise one explicit variable, DJANGO_DEBUG=1, that production never sets.
import { truthy } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import { comparePositions, type Location } from '../types';

export const DEVELOPMENT_VARIABLE = 'DJANGO_DEBUG';

export interface ProductionSwitch {
  /** True in production: `not DEBUG`, or `os.environ.get("DJANGO_DEBUG", "") != "1"`. */
  inProduction: string;
  /** True in development: `DEBUG`, or `os.environ.get("DJANGO_DEBUG", "") == "1"`. */
  inDevelopment: string;
  imports: string[];
  /** True when the switch is the module's own DEBUG. */
  viaDebug: boolean;
}

export const EXPLICIT_SWITCH: ProductionSwitch = {
  inProduction: `os.environ.get("${DEVELOPMENT_VARIABLE}", "") != "1"`,
  inDevelopment: `os.environ.get("${DEVELOPMENT_VARIABLE}", "") == "1"`,
  imports: ['os'],
  viaDebug: false,
};

const DEBUG_SWITCH: ProductionSwitch = { inProduction: 'not DEBUG', inDevelopment: 'DEBUG', imports: [], viaDebug: true };

/**
 * The switch for text written at `at` (a place in a module of the production chain), or in the production
 * module's deployment group at its end when `at` is undefined.
 */
export function productionSwitch(view: SettingsView, at?: Location): ProductionSwitch {
  return debugUsableAt(view, at) ? DEBUG_SWITCH : EXPLICIT_SWITCH;
}

function debugUsableAt(view: SettingsView, at: Location | undefined): boolean {
  const debug = view.get('DEBUG');
  const bound = debug.binding?.statement;
  if (!bound || truthy(debug.value) !== false) return false;
  const target = at ?? { file: view.file, range: view.parsed.lines.range(view.parsed.text.length, view.parsed.text.length) };
  // Production's DEBUG is bound in the module itself, before the text; or in a module it imports first.
  if (bound.file === target.file) return comparePositions(bound.range.end, target.range.start) <= 0;
  return target.file === view.file;
}
