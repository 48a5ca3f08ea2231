// The table of every diagnostic code Django Ready can emit. A code is stable forever once released:
// never reuse or renumber one. Blocks: DR0xx settings model, DR1xx db-connections, DR2xx template-loader,
// DR3xx session-cache, DR4xx apps-libs-layout, DR5xx templates-location, DR6xx html5-base,
// DR7xx process-supervisor (DR70x expected processes, DR71x-DR79x supervisor file validation),
// DR8xx static-files and error-reporting, DR9xx security (DR9NN mirrors Django's security.WNN/ENN).
import { type AreaId, compareText, type Severity } from './types';

export interface RuleMeta {
  code: string;
  area: AreaId;
  /** Short imperative-free name of the problem, used in docs and the checklist. */
  title: string;
  severity: Severity;
  djangoId: string | null;
  fixable: boolean;
  /**
   * For a fixable code, every setting its fixes may change: the fix-safety referee (test/django/fix-safety.test.ts)
   * imports the production settings before and after each fix and fails on any other setting that changed. Empty
   * for fixes that only create or edit other files (templates, supervisor programs).
   */
  settings: readonly string[];
  /** Settings whose lists or dicts a fix may shorten on purpose (a wildcard host, a weak fallback key). */
  drops: readonly string[];
}

const DOCS_BASE = 'https://github.com/django-ready/django-ready/blob/main/docs/rules/';

export function docsUrl(code: string): string {
  return `${DOCS_BASE}${code}.md`;
}

const rules = new Map<string, RuleMeta>();

type CodeDeclaration = Omit<RuleMeta, 'djangoId' | 'fixable' | 'settings' | 'drops'> &
  Partial<Pick<RuleMeta, 'djangoId' | 'drops'>> &
  ({ fixable?: false } | { fixable: true; settings: readonly string[] });

/**
 * Registers a code's metadata; called once per code at module load. Duplicate codes are a programming error, and
 * so is a fixable code that does not say which settings its fixes change.
 */
export function defineCode(meta: CodeDeclaration): RuleMeta {
  if (rules.has(meta.code)) throw new Error(`duplicate rule code ${meta.code}`);
  const full: RuleMeta = { djangoId: null, fixable: false, settings: [], drops: [], ...meta };
  rules.set(full.code, full);
  return full;
}

export function ruleMeta(code: string): RuleMeta | undefined {
  return rules.get(code);
}

export function allRuleMetas(): RuleMeta[] {
  return [...rules.values()].sort((a, b) => compareText(a.code, b.code));
}
