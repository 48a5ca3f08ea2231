// security.W001-W003: the middleware every other header check depends on, matched by exact dotted path.
import { changeSettingChange, insertListItemChange, literalOf, setSettingChange } from '../../fixes/settingsEdits';
import { decodeStringLiteral, pythonString } from '../../python/strings';
import { containsString, stringItems, type Value } from '../../python/values';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode, type RuleMeta } from '../../codes';
import type { RuleContext } from '../rule';
import { CSRF_MIDDLEWARE, SECURITY_MIDDLEWARE, shortName, STARTPROJECT_MIDDLEWARE_ORDER, XFRAME_MIDDLEWARE } from './names';
import { relatedFor } from './settingRule';

const SECURITY_MIDDLEWARE_MISSING = defineCode({
  code: 'DR901',
  area: 'security',
  title: 'SecurityMiddleware missing from MIDDLEWARE',
  severity: 'warning',
  djangoId: 'security.W001',
  fixable: true,
  settings: ['MIDDLEWARE'],
});

const XFRAME_MIDDLEWARE_MISSING = defineCode({
  code: 'DR902',
  area: 'security',
  title: 'XFrameOptionsMiddleware missing from MIDDLEWARE',
  severity: 'warning',
  djangoId: 'security.W002',
  fixable: true,
  settings: ['MIDDLEWARE'],
});

const CSRF_MIDDLEWARE_MISSING = defineCode({
  code: 'DR903',
  area: 'security',
  title: 'CsrfViewMiddleware missing from MIDDLEWARE',
  severity: 'warning',
  djangoId: 'security.W003',
  fixable: true,
  settings: ['MIDDLEWARE'],
});

const REQUIRED: { meta: RuleMeta; item: string; why: string }[] = [
  {
    meta: SECURITY_MIDDLEWARE_MISSING,
    item: SECURITY_MIDDLEWARE,
    why: 'Without it Django ignores SECURE_SSL_REDIRECT, HSTS, nosniff and the referrer policy.',
  },
  { meta: XFRAME_MIDDLEWARE_MISSING, item: XFRAME_MIDDLEWARE, why: 'Without it any site can frame your pages (clickjacking).' },
  { meta: CSRF_MIDDLEWARE_MISSING, item: CSRF_MIDDLEWARE, why: 'Without it forms are open to cross-site request forgery unless every view is decorated.' },
];

export function checkMiddleware(context: RuleContext, view: SettingsView): void {
  const setting = view.get('MIDDLEWARE');
  const location = setting.binding?.statement ?? view.anchor();
  for (const { meta, item, why } of REQUIRED) {
    const present = containsString(setting.value, item);
    if (present === true) continue;
    if (present === undefined) {
      context.unknown(meta.code, `MIDDLEWARE cannot be read completely, so whether it has ${shortName(item)} is unknown`);
      continue;
    }
    const message = `MIDDLEWARE does not include "${item}". ${why} Add it${item === SECURITY_MIDDLEWARE ? ' as the first entry' : ''}.`;
    context.report(makeFinding(meta, location, message, { related: relatedFor(view, setting, location), fix: addMiddlewareFix(view, setting, item) }));
  }
}

/** Puts `item` back where startproject has it: into the list literal when nothing changes it later, else a statement. */
function addMiddlewareFix(view: SettingsView, setting: Setting, item: string): Fix | null {
  const title = `Add ${shortName(item)} to MIDDLEWARE`;
  const quoted = pythonString(item);
  if (setting.isDefault) return { title, changes: [setSettingChange(view, 'MIDDLEWARE', `[${quoted}]`)] };
  const value = setting.value;
  if (value.kind !== 'list' && value.kind !== 'tuple') return null;
  if (literalIsCurrent(view, value)) {
    return { title, changes: [insertListItemChange(view, 'MIDDLEWARE', [], quoted, placeFor(stringItems(value).items, item))] };
  }
  // Changed after it was written (`+=`, `.remove()`) or computed: a statement that runs last.
  const first = item === SECURITY_MIDDLEWARE;
  const statement =
    value.kind === 'tuple'
      ? first
        ? `MIDDLEWARE = [${quoted}, *MIDDLEWARE]`
        : `MIDDLEWARE = [*MIDDLEWARE, ${quoted}]`
      : first
        ? `MIDDLEWARE.insert(0, ${quoted})`
        : `MIDDLEWARE.append(${quoted})`;
  return { title, changes: [changeSettingChange(view, 'MIDDLEWARE', [statement])] };
}

/** True when the list literal MIDDLEWARE is written as still holds exactly what production sees (nothing changed it later). */
function literalIsCurrent(view: SettingsView, value: Value): boolean {
  const literal = literalOf(view, value);
  if (!literal) return false;
  const written = literal.node.children
    .filter((node) => node.named && node.type !== 'comment')
    .map((node) => (node.type === 'string' ? decodeStringLiteral(literal.stmt.text.slice(node.start, node.end))?.value : undefined));
  const { items, complete } = stringItems(value);
  return complete && written.length === items.length && written.every((item, index) => item === items[index]);
}

function placeFor(present: string[], item: string): 'start' | 'end' | { after: string } | { before: string } {
  if (item === SECURITY_MIDDLEWARE) return 'start';
  const order: readonly string[] = STARTPROJECT_MIDDLEWARE_ORDER;
  const index = order.indexOf(item);
  for (let i = index - 1; i >= 0; i--) if (present.includes(order[i])) return { after: order[i] };
  for (let i = index + 1; i < order.length; i++) if (present.includes(order[i])) return { before: order[i] };
  return 'end';
}
