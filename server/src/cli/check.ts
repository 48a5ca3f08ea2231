// `django-ready check`: discover, analyse, optionally fix, report, and choose the exit status.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFix } from '../host/fixWriter';
import { NodeFileSystem } from '../host/nodeFileSystem';
import { DiskSyntaxStore } from '../host/syntaxStore';
import { LanguageService, MemoFileSystem, allRuleMetas, isInside, minimalEdit, type ConfigOverrides, type ProjectAnalysis } from '../service/index';
import { type FileChange, type Finding, SEVERITY_RANK } from '../service/types';
import type { CheckArgs } from './args';
import { printable } from './formats/printable';
import { buildReport, relativePath } from './report';

export interface CliIO {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

/** Findings kept by --select / --ignore: code prefixes (DR9), exact codes, area ids, or Django ids. */
function findingFilter(select: string[], ignore: string[]): (finding: Finding) => boolean {
  const matches = (finding: Finding, pattern: string): boolean => {
    const p = pattern.trim();
    return finding.code.startsWith(p.toUpperCase()) || finding.area === p.toLowerCase() || (finding.djangoId ?? '').toLowerCase() === p.toLowerCase();
  };
  return (finding) => (select.length === 0 || select.some((p) => matches(finding, p))) && !ignore.some((p) => matches(finding, p));
}

/**
 * The --select / --ignore patterns that name nothing Django Ready knows: no code starts with them and they are
 * no area id or Django check id. A typo there would otherwise make a CI gate silently green.
 */
function unknownPatterns(patterns: string[]): string[] {
  const metas = allRuleMetas();
  return patterns.filter((pattern) => {
    const p = pattern.trim();
    return !metas.some(
      (meta) => meta.code.startsWith(p.toUpperCase()) || meta.area === p.toLowerCase() || (meta.djangoId ?? '').toLowerCase() === p.toLowerCase(),
    );
  });
}

export function runCheck(args: CheckArgs, io: CliIO): number {
  const roots = [...new Set(args.paths.map((p) => path.resolve(io.cwd, p)))];
  for (const root of roots) {
    if (!fs.existsSync(root)) {
      io.stderr(`django-ready: ${root} does not exist\n`);
      return 2;
    }
  }
  for (const option of ['select', 'ignore'] as const) {
    const unknown = unknownPatterns(args[option]);
    if (!unknown.length) continue;
    io.stderr(
      `django-ready: --${option} ${unknown.map((p) => `"${p}"`).join(', ')} ${unknown.length === 1 ? 'matches' : 'match'} no code, code prefix, area or Django check id (e.g. DR918, DR9, security, security.W018; docs/rules lists every code)\n`,
    );
    return 2;
  }
  const overrides = args.settings ? { settingsModule: args.settings } : undefined;
  const keep = findingFilter(args.select, args.ignore);
  // One service for the whole run: after a fix, files it did not touch keep their parse. Discovery and analysis
  // read the same folders and files, from a disk that does not change until fixes are written.
  const disk = new MemoFileSystem(new NodeFileSystem());
  const service = new LanguageService(disk, { syntaxStore: args.cache ? DiskSyntaxStore.open() : undefined });
  // One project that cannot be analysed (a bug, a stack too small for it) must not hide every other project.
  const failures = new Map<string, string>();
  const analyse = (scanRoots: string[]): ProjectAnalysis[] =>
    service.discover(scanRoots, { overrides }).projects.flatMap((project) => {
      try {
        const analysis = service.analyze(project);
        failures.delete(project.root);
        return [analysis];
      } catch (error) {
        failures.set(project.root, (error as Error).message);
        return [];
      }
    });
  let analyses = analyse(roots);
  if (analyses.length === 0 && failures.size === 0) {
    io.stderr(
      `django-ready: no Django project found (no manage.py) under ${roots.join(', ')}; skipped node_modules, virtualenvs, .git, build and dist folders.\n`,
    );
    return 2;
  }
  if (args.fix) {
    const result = applyFixes(service, analyses, keep, roots, analyse, overrides, () => disk.forget());
    analyses = result.analyses;
    if (args.format === 'text' || args.format === 'github') {
      io.stderr(
        `${printable(`Applied ${result.applied} fix${result.applied === 1 ? '' : 'es'}${result.skipped.length ? `; skipped ${result.skipped.length}: ${result.skipped.join('; ')}` : ''}.`)}\n`,
      );
    }
  }
  const report = buildReport(analyses, io.cwd, keep);
  switch (args.format) {
    case 'json':
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      break;
    case 'sarif': {
      // Loaded only when asked for, so the default path stays lean.
      const { renderSarif } = require('./formats/sarif') as typeof import('./formats/sarif');
      io.stdout(renderSarif(report, pathToFileURL(io.cwd).href));
      break;
    }
    case 'github': {
      const { renderGithub } = require('./formats/github') as typeof import('./formats/github');
      io.stdout(renderGithub(report));
      break;
    }
    default: {
      const { renderText } = require('./formats/text') as typeof import('./formats/text');
      const color = args.color ?? (io.isTTY && !process.env.NO_COLOR);
      io.stdout(renderText(report, color));
    }
  }
  for (const [root, message] of failures)
    io.stderr(
      `${printable(`django-ready: internal error while analysing ${relativePath(io.cwd, root) || '.'}: ${message}; the other projects are reported.`)}\n`,
    );
  if (failures.size) return 2;
  if (args.failLevel === 'never') return 0;
  const threshold = SEVERITY_RANK[args.failLevel];
  const failing = report.projects.some((project) => project.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold));
  return failing ? 1 : 0;
}

interface FixOutcome {
  analyses: ProjectAnalysis[];
  applied: number;
  skipped: string[];
}

/**
 * The service plans each project's fixes in memory (the same plan the editor's fix-all sends); the CLI writes
 * the outcome through its host, which never follows links or overwrites, then analyses again what changed.
 */
function applyFixes(
  service: LanguageService,
  initial: ProjectAnalysis[],
  keep: (finding: Finding) => boolean,
  roots: string[],
  analyse: (scanRoots: string[]) => ProjectAnalysis[],
  overrides: ConfigOverrides | undefined,
  written: () => void,
): FixOutcome {
  let applied = 0;
  const skipped: string[] = [];
  const touched = new Set<string>();
  for (const analysis of initial) {
    const plan = service.planFixes(analysis.project, { accept: keep, analysis, overrides, budgetMs: Infinity });
    skipped.push(...plan.skipped);
    if (!plan.outcomes.length) continue;
    const changes: FileChange[] = plan.outcomes.map((outcome) =>
      outcome.before === undefined
        ? { kind: 'create', file: outcome.file, content: outcome.after }
        : { kind: 'edit', file: outcome.file, edits: [minimalEdit(outcome.before, outcome.after)!] },
    );
    try {
      writeFix({ title: `Fix ${analysis.project.name}`, changes }, analysis.project.root);
      applied += plan.applied.length;
      for (const root of roots) if (plan.outcomes.some((outcome) => isInside(outcome.file, root))) touched.add(root);
    } catch (error) {
      skipped.push(`${analysis.project.name}: ${(error as Error).message}`);
    } finally {
      // Even a write that failed half-way may have changed files the next plan reads.
      written();
    }
  }
  // Only the folders searched that hold a changed file can see a difference.
  const analyses = roots.flatMap((root) => (touched.has(root) ? analyse([root]) : initial.filter((other) => other.project.scanRoot === root)));
  return { analyses, applied, skipped };
}
