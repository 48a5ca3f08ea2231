// One project's analysis as the readiness checklist the client's tree view shows.
import type { ChecklistFinding, ChecklistProcess, ChecklistProject } from '../protocol';
import {
  type ProjectAnalysis,
  displayPath,
  docsUrl,
  productionProcesses,
  programSummary,
  ruleMeta,
  supervisionSummary,
  type DjangoProject,
  type FileSystem,
} from '../service/index';
import type { Finding } from '../service/types';
import { offeredFix } from './diagnostics';

interface ChecklistInput {
  project: DjangoProject;
  analysis: ProjectAnalysis | undefined;
  /** Why the project could not be analysed, when it could not. */
  problem: string | undefined;
  folderUri: string;
  uriOf(file: string): string;
  fs: FileSystem;
}

export function checklistProject({ project, analysis, problem, folderUri, uriOf, fs }: ChecklistInput): ChecklistProject {
  const toFinding = (finding: Finding): ChecklistFinding => ({
    code: finding.code,
    title: ruleMeta(finding.code)?.title ?? finding.code,
    message: finding.message,
    severity: finding.severity,
    djangoId: finding.djangoId,
    location: { uri: uriOf(finding.location.file), range: finding.location.range },
    fixTitle: offeredFix(finding, project.root, fs)?.title ?? null,
    docsUrl: docsUrl(finding.code),
  });
  return {
    name: project.name,
    rootUri: uriOf(project.root),
    folderUri,
    productionSettings: project.production?.name ?? null,
    productionReason: project.productionReason,
    settingsModules: project.settingsModules.map((module) => ({ name: module.name, uri: uriOf(module.file), role: module.role })),
    areas: (analysis?.checklist ?? []).map((area) => ({
      id: area.area,
      title: area.title,
      status: area.status,
      reason: area.reason,
      findings: analysis!.findings.filter((finding) => finding.area === area.area).map(toFinding),
    })),
    processes: productionProcesses(project.deployment).map(
      (process): ChecklistProcess => ({
        role: process.roles.join('+'),
        program: programSummary(process.program),
        startedBy: `${displayPath(project.root, project.scanRoot, process.location.file)} (${process.name})`,
        supervisor: supervisionSummary(process.supervision),
        restarts: process.supervision.restarts ?? null,
        location: { uri: uriOf(process.location.file), range: process.location.range },
        chain: process.chain.map((step) => ({ text: step.text, location: { uri: uriOf(step.location.file), range: step.location.range } })),
      }),
    ),
    score: analysis?.score ?? { passed: 0, total: 0 },
    problem: problem ?? null,
  };
}
