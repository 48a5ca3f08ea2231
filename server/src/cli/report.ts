// The CLI's report in the JSON contract's shape; the text, SARIF and GitHub outputs are rendered from it.
import * as path from 'node:path';
import type { ProjectAnalysis } from '../service/analyze';
import { toPlain } from '../service/python/values';
import type { AreaId, AreaStatus, Finding, Range, Severity } from '../service/types';
import { TOOL_NAME, toolVersion } from '../version';

export interface ReportFinding {
  code: string;
  djangoId: string | null;
  area: AreaId;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  fix: { title: string } | null;
}

export interface ReportProject {
  root: string;
  name: string;
  settingsModule: string | null;
  settingsReason: string;
  settingsFiles: string[];
  djangoVersion: string;
  djangoVersionSource: string;
  environment: { name: string; required: boolean; default: unknown; file: string; line: number }[];
  checklist: { area: AreaId; title: string; status: AreaStatus; reason: string; codes: string[]; checks: { code: string; djangoId: string | null; status: AreaStatus }[] }[];
  score: { passed: number; total: number };
  findings: ReportFinding[];
}

export interface Report {
  tool: { name: string; version: string };
  projects: ReportProject[];
}

/** A path relative to `from`, with `/` separators ("." for the same folder). */
export function relativePath(from: string, to: string): string {
  const relative = path.relative(from, to);
  return (relative || '.').split(path.sep).join('/');
}

export function toReportFinding(finding: Finding, root: string): ReportFinding {
  return {
    code: finding.code,
    djangoId: finding.djangoId,
    area: finding.area,
    severity: finding.severity,
    message: finding.message,
    file: relativePath(root, finding.location.file),
    range: finding.location.range,
    fix: finding.fix ? { title: finding.fix.title } : null,
  };
}

export function buildReport(analyses: ProjectAnalysis[], cwd: string, keep: (finding: Finding) => boolean): Report {
  return {
    tool: { name: TOOL_NAME, version: toolVersion() },
    projects: analyses.map((analysis) => {
      const { project } = analysis;
      const root = project.root;
      const findings = analysis.findings.filter(keep);
      return {
        root: relativePath(cwd, root),
        name: project.name,
        settingsModule: analysis.settings?.moduleName ?? project.production?.name ?? null,
        settingsReason: project.productionReason,
        settingsFiles: (analysis.evaluation?.modules ?? []).filter((m) => m.parsed).map((m) => relativePath(root, m.ref.file)),
        djangoVersion: `${project.djangoVersion.major}.${project.djangoVersion.minor}`,
        djangoVersionSource: project.djangoVersion.source,
        environment: analysis.environment.map((read) => ({
          name: read.name,
          required: read.required,
          default: read.default === undefined ? null : toPlain(read.default),
          file: relativePath(root, read.location.file),
          line: read.location.range.start.line,
        })),
        checklist: analysis.checklist.map((area) => ({
          area: area.area,
          title: area.title,
          status: area.status,
          reason: area.reason,
          codes: area.codes.filter((code) => findings.some((f) => f.code === code)),
          checks: area.checks,
        })),
        score: analysis.score,
        findings: findings.map((finding) => toReportFinding(finding, root)),
      };
    }),
  };
}
