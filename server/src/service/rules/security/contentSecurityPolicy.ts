// Django's Content Security Policy settings (6.0+): security.E026 (SECURE_CSP / SECURE_CSP_REPORT_ONLY must be a
// dict or None) and security.W027 (6.1+: a policy with CSP.NONCE under ContentSecurityPolicyMiddleware, but no
// template backend has the csp context processor, so templates never get the nonce). Neither is a deploy check.
import { insertListItemChange, valueAt } from '../../fixes/settingsEdits';
import { pythonString } from '../../python/strings';
import { alternatives, containsString, dictGet, type Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import type { Fix, Location } from '../../types';
import { djangoIdApplies } from '../djangoIds';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { setSettingFix } from './productionValues';
import { isOpen, relatedFor, runSettingRule } from './settingRule';

const CSP_NOT_A_DICT = defineCode({
  code: 'DR926',
  area: 'security',
  title: 'Content Security Policy setting that is not a dict',
  severity: 'error',
  djangoId: 'security.E026',
  fixable: true,
  settings: ['SECURE_CSP', 'SECURE_CSP_REPORT_ONLY'],
});

const CSP_NONCE_WITHOUT_CONTEXT_PROCESSOR = defineCode({
  code: 'DR927',
  area: 'security',
  title: 'CSP nonce without the csp context processor',
  severity: 'warning',
  djangoId: 'security.W027',
  fixable: true,
  settings: ['TEMPLATES'],
});

export const CSP_MIDDLEWARE = 'django.middleware.csp.ContentSecurityPolicyMiddleware';
export const CSP_CONTEXT_PROCESSOR = 'django.template.context_processors.csp';
/** django.utils.csp.CSP.NONCE: the placeholder the middleware replaces with the request's nonce. */
export const NONCE_SENTINEL = '<CSP_NONCE_SENTINEL>';
const POLICY_SETTINGS = ['SECURE_CSP', 'SECURE_CSP_REPORT_ONLY'];

export function checkContentSecurityPolicy(context: RuleContext, view: SettingsView): void {
  if (djangoIdApplies('security.E026', view.version)) {
    for (const setting of POLICY_SETTINGS) {
      if (!view.has(setting)) continue;
      runSettingRule(context, view, {
        meta: CSP_NOT_A_DICT,
        setting,
        fails: (value) => !(value.kind === 'none' || value.kind === 'dict'),
        problem: (value, verb) => `${setting} ${verb} ${value.kind === 'str' ? 'a string' : `a ${value.kind}`}, not a dict`,
        advice:
          'Django 6 reads a policy as a dict of directives to lists of sources, and every management command stops with security.E026 until it is one, e.g. {"default-src": [CSP.SELF]}',
        fix: (offender) => (offender.value.kind === 'str' ? dictFix(view, setting, offender.value.value, offender.location) : null),
      });
    }
  }
  if (djangoIdApplies('security.W027', view.version)) checkNonce(context, view);
}

/** "default-src 'self'; img-src *" as the dict Django 6 expects; a directive without sources is True. */
export function policyDict(header: string): string | undefined {
  const directives = header
    .split(';')
    .map((part) => part.trim().split(/\s+/).filter(Boolean))
    .filter((tokens) => tokens.length);
  if (!directives.length || directives.some(([name]) => !/^[a-z][a-z-]*$/i.test(name))) return undefined;
  const entries = directives.map(
    ([name, ...sources]) => `${pythonString(name.toLowerCase())}: ${sources.length ? `[${sources.map(pythonString).join(', ')}]` : 'True'}`,
  );
  return `{${entries.join(', ')}}`;
}

function dictFix(view: SettingsView, setting: string, header: string, at: Location): Fix | null {
  const dict = policyDict(header);
  return dict ? setSettingFix(view, setting, dict, { at, title: `Write ${setting} as a dict of directives` }) : null;
}

function checkNonce(context: RuleContext, view: SettingsView): void {
  const middleware = containsString(view.value('MIDDLEWARE'), CSP_MIDDLEWARE);
  if (middleware === false) return;
  const nonce = POLICY_SETTINGS.map((setting) => usesNonce(view, view.value(setting)));
  const anyNonce = nonce.includes(true) ? true : nonce.includes(undefined) ? undefined : false;
  if (anyNonce === false) return;
  const processor = contextProcessorConfigured(view.value('TEMPLATES'));
  if (processor === true) return;
  if (middleware === undefined || anyNonce === undefined || processor === undefined) {
    context.unknown(
      CSP_NONCE_WITHOUT_CONTEXT_PROCESSOR.code,
      'MIDDLEWARE, the CSP settings or TEMPLATES are computed in a way that cannot be checked statically',
    );
    return;
  }
  const setting = view.get(POLICY_SETTINGS[nonce.indexOf(true)]);
  const location = setting.binding?.statement ?? view.anchor();
  const message =
    `${setting.name} uses CSP.NONCE and ContentSecurityPolicyMiddleware is on, but no template backend has the "${CSP_CONTEXT_PROCESSOR}" context processor: ` +
    'the nonce is sent in the header but never reaches the templates, so nonce-protected scripts are blocked. Add the context processor to your template backend.';
  context.report(
    makeFinding(CSP_NONCE_WITHOUT_CONTEXT_PROCESSOR, location, message, { related: relatedFor(view, setting, location), fix: contextProcessorFix(view) }),
  );
}

/** Whether a policy dict has CSP.NONCE among some directive's sources (as Django tests: equal, or `in` the value). */
function usesNonce(view: SettingsView, policy: Value): boolean | undefined {
  const verdicts = alternatives(policy).map((option): boolean | undefined => {
    if (option.kind !== 'dict') return option.kind === 'unknown' && isOpen(option) ? undefined : false;
    let undecided = !!option.partial;
    for (const { value } of option.entries) {
      // Django tests `value == CSP.NONCE or CSP.NONCE in value`: an item of a list, or a part of a string.
      const isList = value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set';
      const sources = isList ? value.items : [value];
      for (const source of sources) {
        const verdict = isList && source.kind === 'str' ? source.value === NONCE_SENTINEL : isNonce(view, source);
        if (verdict) return true;
        undecided ||= verdict === undefined;
      }
      undecided ||= (value.kind === 'list' || value.kind === 'tuple' || value.kind === 'set') && !!value.partial;
    }
    return undecided ? undefined : false;
  });
  return verdicts.includes(true) ? true : verdicts.includes(undefined) ? undefined : false;
}

/**
 * CSP.NONCE itself, or a string holding its placeholder. The evaluator does not model django.utils.csp, so
 * `CSP.NONCE` arrives as an unknown value; its source text says what it is.
 */
function isNonce(view: SettingsView, value: Value): boolean | undefined {
  if (value.kind === 'str') return value.value.includes(NONCE_SENTINEL);
  if (value.kind !== 'unknown') return false;
  const text = value.loc ? sourceText(view, value.loc) : undefined;
  if (text && /^(?:[\w.]*\.)?CSP\.NONCE$/.test(text.trim())) return true;
  if (text && /^(?:[\w.]*\.)?CSP\.[A-Z_]+$/.test(text.trim())) return false;
  return isOpen(value) ? undefined : false;
}

function sourceText(view: SettingsView, loc: Location): string | undefined {
  const parsed = view.evaluation.modules.find((module) => module.ref.file === loc.file)?.parsed;
  return parsed ? parsed.text.slice(parsed.lines.offset(loc.range.start), parsed.lines.offset(loc.range.end)) : undefined;
}

/** Django's test: some TEMPLATES entry is a dict whose OPTIONS["context_processors"] contains the csp processor. */
function contextProcessorConfigured(templates: Value): boolean | undefined {
  const verdicts = alternatives(templates).map((option): boolean | undefined => {
    if (option.kind !== 'list' && option.kind !== 'tuple') return option.kind === 'unknown' && isOpen(option) ? undefined : false;
    let undecided = !!option.partial;
    for (const backend of option.items) {
      if (backend.kind !== 'dict') {
        undecided ||= backend.kind === 'unknown';
        continue;
      }
      const options = dictGet(backend, 'OPTIONS');
      if (!options) continue;
      if (options.kind !== 'dict') {
        undecided ||= options.kind === 'unknown';
        continue;
      }
      const processors = dictGet(options, 'context_processors');
      if (!processors) continue;
      const found = containsString(processors, CSP_CONTEXT_PROCESSOR);
      if (found) return true;
      undecided ||= found === undefined;
    }
    return undecided ? undefined : false;
  });
  return verdicts.includes(true) ? true : verdicts.includes(undefined) ? undefined : false;
}

/** Adds the processor to the first template backend's context_processors list, where that list exists. */
function contextProcessorFix(view: SettingsView): Fix | null {
  const processors = valueAt(view, 'TEMPLATES', [0, 'OPTIONS', 'context_processors']);
  if (!processors || (processors.kind !== 'list' && processors.kind !== 'tuple')) return null;
  return {
    title: `Add "${CSP_CONTEXT_PROCESSOR}" to TEMPLATES[0]["OPTIONS"]["context_processors"]`,
    changes: [insertListItemChange(view, 'TEMPLATES', [0, 'OPTIONS', 'context_processors'], pythonString(CSP_CONTEXT_PROCESSOR), 'end')],
  };
}
