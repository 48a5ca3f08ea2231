// The CLI's report in the JSON contract's shape; the text, SARIF and GitHub outputs are rendered from it.
import * as path from 'node:path';
import type { AreaId, AreaStatus, Finding, Range, Severity } from '../service/types';
import { TOOL_NAME, toolVersion } from '../version';
import { environmentManifest, relativePath as relativeTo, toPlain, type DeployedProcess, type ProjectAnalysis } from '../service/index';

interface ReportFinding {
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
  environment: ReportVariable[];
  /** Every process the deployment files start, production first. */
  processes: ReportProcess[];
  checklist: {
    area: AreaId;
    title: string;
    status: AreaStatus;
    reason: string;
    codes: string[];
    checks: { code: string; djangoId: string | null; status: AreaStatus }[];
  }[];
  score: { passed: number; total: number };
  findings: ReportFinding[];
}

export interface ReportVariable {
  name: string;
  required: boolean;
  default: unknown;
  file: string;
  line: number;
  /** `provided` by the deployment, `missing` from a deployment whose environment is all in the repository, else `unknown`. */
  status: 'provided' | 'missing' | 'unknown';
  providedBy: { source: string; file: string; line: number; template: boolean }[];
}

interface ReportProcess {
  name: string;
  roles: string[];
  program: string;
  interface: 'wsgi' | 'asgi' | null;
  app: string | null;
  workers: { count: number | null; source: string } | null;
  command: string[];
  production: boolean;
  /** Why not production, when it is not. */
  purpose: string | null;
  startedBy: { file: string; line: number; chain: { file: string; line: number; text: string }[] };
  supervisor: { by: string; restarts: boolean | null; detail: string; file: string; line: number };
}

export interface Report {
  tool: { name: string; version: string };
  projects: ReportProject[];
}

/** A path relative to `from`, with `/` separators ("." for the same folder). */
export function relativePath(from: string, to: string): string {
  const relative = relativeTo(from, to);
  return (relative || '.').split(path.sep).join('/');
}

function toReportFinding(finding: Finding, root: string): ReportFinding {
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
        environment: environmentManifest(analysis.environment, project.deployment).entries.map(({ read, status, providedBy }) => ({
          name: read.name,
          required: read.required,
          default: read.default === undefined ? null : toPlain(read.default),
          file: relativePath(root, read.location.file),
          line: read.location.range.start.line,
          status,
          providedBy: providedBy.map((by) => ({
            source: by.source,
            file: relativePath(root, by.location.file),
            line: by.location.range.start.line,
            template: by.template,
          })),
        })),
        processes: project.deployment.processes.map((process) => toReportProcess(process, root)),
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

function toReportProcess(process: DeployedProcess, root: string): ReportProcess {
  const at = (location: { file: string; range: Range }) => ({ file: relativePath(root, location.file), line: location.range.start.line });
  return {
    name: process.name,
    roles: process.roles,
    program: process.program.program,
    interface: process.program.interface ?? null,
    app: process.program.app ?? null,
    workers: process.program.workers ? { count: process.program.workers.count ?? null, source: process.program.workers.source } : null,
    command: process.command,
    production: process.purpose.production,
    purpose: process.purpose.production ? null : process.purpose.reason,
    startedBy: { ...at(process.location), chain: process.chain.map((step) => ({ ...at(step.location), text: step.text })) },
    supervisor: {
      by: process.supervision.by,
      restarts: process.supervision.restarts ?? null,
      detail: process.supervision.detail,
      ...at(process.supervision.location),
    },
  };
}
