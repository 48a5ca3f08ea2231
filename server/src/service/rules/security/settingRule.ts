// The shape most deploy checks share: Django's preconditions (gates), then a test of one setting's value,
// reported on the statement that set it, or on the production module's anchor when it is unset.
import { alternatives, describe as describeValue, type Value } from '../../python/values';
import { fallbackNote, judgeSetting, type Offender } from '../../settings/judge';
import type { Setting, SettingsView } from '../../settings/settingsView';
import type { Fix, Location, RelatedInfo } from '../../types';
import { makeFinding } from '../../finding';
import type { RuleMeta } from '../../codes';
import type { RuleContext } from '../rule';
import { type Gate, isNotTrue } from './predicates';
import { constantFix } from './productionValues';

interface SettingRule {
  meta: RuleMeta;
  setting: string;
  /** Django's preconditions: the check runs only when all hold. */
  gates?: Gate[];
  fails(value: Value): boolean | undefined;
  /** What is wrong, e.g. "SECURE_HSTS_SECONDS is 0"; `verb` is "can be" when only some branches fail. */
  problem?(value: Value, verb: string): string;
  /** What to do, one sentence without its final period. */
  advice: string;
  fix?(offender: Offender, setting: Setting): Fix | null;
}

export function runSettingRule(context: RuleContext, view: SettingsView, rule: SettingRule): void {
  const gates = rule.gates ?? [];
  if (gates.some((gate) => gate.holds === false)) return;
  const setting = view.get(rule.setting);
  const { offenders, unknown } = judgeSetting(view, setting, rule.fails);
  const undecidedGates = gates.filter((gate) => gate.holds === undefined);
  if (undecidedGates.length) {
    if (offenders.length || unknown.some(isOpen)) {
      const conditions = undecidedGates.map((gate) => gate.describe).join(' and ');
      context.unknown(rule.meta.code, `${rule.setting} matters only if ${conditions}, which cannot be decided statically`);
    }
    return;
  }
  const verb = offenders.length > 1 || setting.value.kind === 'union' ? 'can be' : 'is';
  for (const offender of offenders) {
    const problem = setting.isDefault
      ? `${rule.setting} is not set, so Django's default ${describeValue(offender.value)} applies`
      : rule.problem
        ? rule.problem(offender.value, verb)
        : `${rule.setting} ${verb} ${describeValue(offender.value)}`;
    context.report(
      makeFinding(rule.meta, offender.location, `${problem}${fallbackNote(offender.value)}. ${rule.advice}.`, {
        related: relatedFor(view, setting, offender.location),
        fix: rule.fix?.(offender, setting) ?? null,
      }),
    );
  }
  if (!offenders.length) reportUndecided(context, rule.meta.code, rule.setting, unknown);
}

/** The common case of a flag Django wants to be `True` itself (`is True`, so `1` fails); the fix writes True. */
export function runMustBeTrue(
  context: RuleContext,
  view: SettingsView,
  meta: RuleMeta,
  setting: string,
  gates: Gate[],
  advice: string,
  options: { after?: string } = {},
): void {
  runSettingRule(context, view, {
    meta,
    setting,
    gates,
    fails: isNotTrue,
    advice,
    fix: (offender, found) => constantFix(view, found, offender, 'True', options),
  });
}

/** An unknown value that is not a required environment variable (those are trusted, and listed by DR957). */
export function isOpen(value: Value): boolean {
  return !value.env?.required;
}

export function reportUndecided(context: RuleContext, code: string, setting: string, unknown: Value[]): void {
  if (unknown.some(isOpen)) context.unknown(code, `${setting} is computed in a way that cannot be checked statically`);
}

/** How production reaches the location: the module chain for an unset setting, the import path for an inherited one. */
export function relatedFor(view: SettingsView, setting: Setting, location: Location): RelatedInfo[] {
  return setting.isDefault ? view.moduleChain() : view.chainTo(location);
}

interface ListEntry {
  /** The list or tuple alternative that holds the entry. */
  list: Value;
  index: number;
  entry: Value & { kind: 'str' };
}

/** The string entries of every list or tuple a setting can be; `undecided` when some entry cannot be seen. */
export function stringEntries(value: Value): { entries: ListEntry[]; undecided: boolean } {
  const entries: ListEntry[] = [];
  let undecided = false;
  for (const list of alternatives(value)) {
    if (list.kind !== 'list' && list.kind !== 'tuple') {
      undecided ||= list.kind === 'unknown' && isOpen(list);
      continue;
    }
    undecided ||= !!list.partial;
    list.items.forEach((entry, index) => {
      if (entry.kind === 'str') entries.push({ list, index, entry });
      else undecided ||= entry.kind === 'unknown' && isOpen(entry);
    });
  }
  return { entries, undecided };
}
