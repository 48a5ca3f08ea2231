// One project, end to end: evaluate the production settings, run every checker, apply the user's
// suppressions (config, SILENCED_SYSTEM_CHECKS, `# django-ready: ignore[CODE]` comments), and sum the
// findings up as a checklist with a score.
import type { EvaluationCheckpoints } from './python/checkpoints';
import { evaluateSettingsModule, type EvaluationResult } from './python/evaluator';
import type { EnvRead } from './python/evalContext';
import { LineIndex } from './python/lineIndex';
import { ModuleResolver } from './python/modules';
import type { ParseCache } from './python/parseCache';
import { stringItems } from './python/values';
import { FileReadError, type FileSystem } from './fileSystem';
import type { DjangoProject, SettingsModuleInfo } from './project/model';
import { declaredVersion } from './project/dependencies';
import { globFiles } from './project/glob';
import { MemoFileSystem } from './project/memoFileSystem';
import { isDevelopmentModuleName, roleOf } from './project/settingsModules';
import { CHECKERS } from './rules';
import { allRuleMetas, type RuleMeta } from './codes';
import { AREA_TITLES, type RuleContext } from './rules/rule';
import { SettingsView } from './settings/settingsView';
import { AREAS, type AreaId, type AreaStatus, compareText, type Finding, SEVERITY_RANK } from './types';

type CheckStatus = AreaStatus;

export interface CheckResult {
  code: string;
  djangoId: string | null;
  status: CheckStatus;
}

export interface AreaResult {
  area: AreaId;
  title: string;
  status: AreaStatus;
  /** One line that says why. */
  reason: string;
  /** Codes with findings in this area. */
  codes: string[];
  checks: CheckResult[];
}

interface SuppressedFinding {
  finding: Finding;
  by: 'comment' | 'silenced' | 'config';
}

export interface ProjectAnalysis {
  project: DjangoProject;
  evaluation: EvaluationResult | undefined;
  settings: SettingsView | undefined;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  checklist: AreaResult[];
  score: { passed: number; total: number };
  environment: EnvRead[];
}

/** Areas that make up the readiness score (the settings area is a precondition, not a checklist item). */
const SCORED_AREAS: readonly AreaId[] = AREAS.filter((area) => area !== 'settings');

/** `checkpoints` (kept by the caller for this project between analyses) make re-analysis after an edit incremental. */
export function analyzeProject(project: DjangoProject, disk: FileSystem, parseCache: ParseCache, checkpoints?: EvaluationCheckpoints): ProjectAnalysis {
  // Rules read the same folders and files; within one analysis they cannot change.
  const fs = new MemoFileSystem(disk);
  const evaluation = project.production ? evaluate(project, fs, parseCache, checkpoints) : undefined;
  const settings = evaluation?.module.parsed && !evaluation.module.parsed.failure ? new SettingsView(project, evaluation) : undefined;
  const raw: Finding[] = [];
  const unknowns = new Map<string, string>();
  const skippedAreas = new Set<AreaId>();
  const context: RuleContext = {
    project,
    settings,
    evaluation,
    fs,
    parseCache,
    report: (finding) => raw.push(finding),
    unknown: (code, reason) => {
      if (!unknowns.has(code)) unknowns.set(code, reason);
    },
  };
  for (const checker of CHECKERS) {
    if (checker.needsSettings && !settings) {
      skippedAreas.add(checker.area);
      continue;
    }
    try {
      checker.run(context);
    } catch (error) {
      // One broken rule must not hide every other finding; say which area could not be checked.
      skippedAreas.add(checker.area);
      unknowns.set(`area:${checker.area}`, `internal error while checking: ${(error as Error).message}`);
    }
  }
  const silenced = settings ? new Set(stringItems(settings.value('SILENCED_SYSTEM_CHECKS')).items) : new Set<string>();
  const { findings, suppressed } = applySuppressions(raw, project, silenced, fs);
  const checklist = buildChecklist(project, findings, unknowns, skippedAreas, silenced, !!settings);
  const scored = checklist.filter((area) => SCORED_AREAS.includes(area.area) && area.status !== 'off');
  return {
    project,
    evaluation,
    settings,
    findings,
    suppressed,
    checklist,
    score: { passed: scored.filter((area) => area.status === 'pass').length, total: scored.length },
    environment: evaluation ? dedupeEnv(evaluation.envReads) : [],
  };
}

function evaluate(
  project: DjangoProject,
  fs: FileSystem,
  parseCache: ParseCache,
  checkpoints: EvaluationCheckpoints | undefined,
): EvaluationResult | undefined {
  return evaluateSettings(project, project.production!, fs, parseCache, checkpoints);
}

/** Evaluates one settings module of the project as production would load it (any module: also development ones). */
export function evaluateSettings(
  project: DjangoProject,
  module: SettingsModuleInfo,
  fs: FileSystem,
  parseCache: ParseCache,
  checkpoints?: EvaluationCheckpoints,
): EvaluationResult {
  const resolver = new ModuleResolver(fs, project.pythonRoots, parseCache);
  // A module production finds through its image's PYTHONPATH (deploy/) keeps the name it is imported by.
  const onPythonPath = !resolver.resolve(module.name) && project.deployment.settingsModules.some((setting) => setting.file === module.file);
  const ref = (onPythonPath ? undefined : resolver.moduleNameOf(module.file)) ?? {
    name: module.name,
    file: module.file,
    isPackage: module.file.endsWith('__init__.py'),
  };
  const kind = (file: string): 'file' | 'dir' | undefined => {
    const stat = fs.stat(file);
    return stat?.kind === 'file' ? 'file' : stat?.kind === 'directory' ? 'dir' : undefined;
  };
  return evaluateSettingsModule(
    resolver,
    ref,
    {
      isDevelopmentModule: isDevelopmentModuleName,
      libraryVersion: (name) => declaredVersion(project.dependencies, name),
      django: project.djangoVersion,
      configuration: project.configuration?.name,
      chooseConfiguration: (names) => names.find((name) => roleOf(name) === 'production') ?? (names.length === 1 ? names[0] : undefined),
      projectRoots: [project.root, project.scanRoot, ...project.pythonRoots],
      fileExists: kind,
      glob: (pattern) => globFiles(fs, pattern),
    },
    checkpoints,
  );
}

function dedupeEnv(reads: EnvRead[]): EnvRead[] {
  const seen = new Set<string>();
  return reads.filter((read) => {
    const key = `${read.name}|${read.location.file}|${read.location.range.start.line}|${read.location.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const IGNORE_COMMENT = /django-ready:\s*ignore(?:\[([^\]]*)\])?/;

/** Codes a `django-ready: ignore[...]` marker on this line (or alone on the line above) silences; `*` for all. */
export function ignoredCodesAt(lines: LineIndex, line: number): Set<string> | undefined {
  const codes = new Set<string>();
  let found = false;
  const collect = (text: string): void => {
    const match = IGNORE_COMMENT.exec(text);
    if (!match) return;
    found = true;
    if (match[1] === undefined) codes.add('*');
    else for (const code of match[1].split(',')) if (code.trim()) codes.add(code.trim().toUpperCase());
  };
  collect(lines.lineText(line));
  if (line > 0) {
    const above = lines.lineText(line - 1).trim();
    if (/^(#|;|\{#|<!--)/.test(above)) collect(above);
  }
  return found ? codes : undefined;
}

function applySuppressions(
  raw: Finding[],
  project: DjangoProject,
  silenced: Set<string>,
  fs: FileSystem,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const lineIndexes = new Map<string, LineIndex | undefined>();
  const linesOf = (file: string): LineIndex | undefined => {
    if (!lineIndexes.has(file)) {
      const content = fs.readText(file);
      lineIndexes.set(file, content instanceof FileReadError ? undefined : LineIndex.of(content.text));
    }
    return lineIndexes.get(file);
  };
  for (const finding of raw) {
    const override = project.config.rules[finding.code];
    if (override === 'off') {
      suppressed.push({ finding, by: 'config' });
      continue;
    }
    if (finding.djangoId && silenced.has(finding.djangoId)) {
      suppressed.push({ finding, by: 'silenced' });
      continue;
    }
    const lines = linesOf(finding.location.file);
    const ignored = lines ? ignoredCodesAt(lines, finding.location.range.start.line) : undefined;
    if (ignored && (ignored.has('*') || ignored.has(finding.code) || (finding.djangoId && ignored.has(finding.djangoId.toUpperCase())))) {
      suppressed.push({ finding, by: 'comment' });
      continue;
    }
    findings.push(override ? { ...finding, severity: override } : finding);
  }
  findings.sort(compareFindings);
  return { findings, suppressed };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.range.start.line - b.location.range.start.line ||
    a.location.range.start.character - b.location.range.start.character ||
    compareText(a.code, b.code)
  );
}

function buildChecklist(
  project: DjangoProject,
  findings: Finding[],
  unknowns: Map<string, string>,
  skippedAreas: Set<AreaId>,
  silenced: Set<string>,
  hasSettings: boolean,
): AreaResult[] {
  const metas = allRuleMetas();
  return AREAS.map((area) => {
    const areaMetas = metas.filter((meta) => meta.area === area);
    const areaFindings = findings.filter((finding) => finding.area === area);
    const checks = areaMetas.map((meta) => checkStatus(meta, project, areaFindings, unknowns, skippedAreas, silenced));
    const codes = [...new Set(areaFindings.map((finding) => finding.code))].sort();
    const worst = areaFindings.reduce((max, finding) => Math.max(max, SEVERITY_RANK[finding.severity]), -1);
    let status: AreaStatus;
    let reason: string;
    if (areaMetas.length === 0) {
      status = 'unknown';
      reason = 'Not checked yet.';
    } else if (checks.every((check) => check.status === 'off')) {
      status = 'off';
      reason = 'All checks in this area are turned off.';
    } else if (worst >= SEVERITY_RANK.warning) {
      status = 'fail';
      reason = summarise(areaFindings);
    } else if (worst >= SEVERITY_RANK.info) {
      status = 'warn';
      reason = summarise(areaFindings);
    } else if (skippedAreas.has(area)) {
      status = 'unknown';
      reason = unknowns.get(`area:${area}`) ?? (hasSettings ? 'Could not be checked.' : 'The production settings could not be read.');
    } else if (checks.some((check) => check.status === 'unknown')) {
      status = 'unknown';
      reason = [...unknowns.entries()].find(([code]) => areaMetas.some((meta) => meta.code === code))?.[1] ?? 'Could not be decided statically.';
    } else {
      status = 'pass';
      const off = checks.filter((check) => check.status === 'off').length;
      reason = `All checks pass${off ? ` (${off} turned off)` : ''}.`;
    }
    return { area, title: AREA_TITLES[area], status, reason, codes, checks };
  });
}

function checkStatus(
  meta: RuleMeta,
  project: DjangoProject,
  findings: Finding[],
  unknowns: Map<string, string>,
  skippedAreas: Set<AreaId>,
  silenced: Set<string>,
): CheckResult {
  let status: CheckStatus;
  const own = findings.filter((finding) => finding.code === meta.code);
  if (project.config.rules[meta.code] === 'off' || (meta.djangoId && silenced.has(meta.djangoId))) status = 'off';
  else if (own.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK.warning)) status = 'fail';
  else if (own.length) status = 'warn';
  else if (unknowns.has(meta.code) || skippedAreas.has(meta.area)) status = 'unknown';
  else status = 'pass';
  return { code: meta.code, djangoId: meta.djangoId, status };
}

function summarise(findings: Finding[]): string {
  const first = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
  const text = first.message.split(/(?<=\.)\s/)[0];
  return findings.length > 1 ? `${text} (+${findings.length - 1} more)` : text;
}
