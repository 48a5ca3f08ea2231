// Picking fixes when they are applied one after another with a re-analysis in between (the CLI's --fix, the
// editor's fix-all): every finding's fix is tried once, and never on a Python module Python cannot parse.
import type { ProjectAnalysis } from '../analyze';
import { ruleMeta } from '../codes';
import type { Finding, Fix } from '../types';
import { fixOrder } from './deploymentGroup';

/**
 * Identity of one attempt. Positions are left out on purpose: a fix that did not make its finding go away
 * comes back with shifted ranges after its own edit, and must not be applied again and again.
 */
export function fixAttemptKey(finding: Finding, fix: Fix): string {
  return `${finding.code}|${finding.location.file}|${finding.message}|${fix.title}`;
}

export interface NextFix {
  finding: Finding;
  fix: Fix;
  analysis: ProjectAnalysis;
}

/**
 * The next fix not tried yet among the findings `accept` lets through: of a project's findings, the one that comes
 * first in fixOrder (supervisor programs, then settings in deployment-checklist order), then in the order of the
 * findings.
 */
export function nextUntriedFix(
  analyses: readonly ProjectAnalysis[],
  tried: ReadonlySet<string>,
  accept: (finding: Finding, analysis: ProjectAnalysis) => boolean = () => true,
): NextFix | undefined {
  for (const analysis of analyses) {
    let best: NextFix | undefined;
    let bestOrder = Number.POSITIVE_INFINITY;
    for (const finding of analysis.findings) {
      if (!finding.fix || !accept(finding, analysis) || tried.has(fixAttemptKey(finding, finding.fix))) continue;
      const order = fixOrder(ruleMeta(finding.code));
      if (order < bestOrder) {
        best = { finding, fix: finding.fix, analysis };
        bestOrder = order;
      }
    }
    if (best) return best;
  }
  return undefined;
}

/**
 * Why a fix must wait: it edits a settings module with a syntax error, where an inserted statement can land
 * inside the broken part and never take effect. Undefined when nothing stands in the way.
 */
export function brokenModuleReason(analysis: ProjectAnalysis, fix: Fix): string | undefined {
  for (const module of analysis.evaluation?.modules ?? []) {
    const parsed = module.parsed;
    if (!parsed || (!parsed.failure && parsed.module.errors.length === 0)) continue;
    if (fix.changes.some((change) => change.kind === 'edit' && change.file === parsed.file)) return `${parsed.file} has a syntax error; fix that first`;
  }
  return undefined;
}
