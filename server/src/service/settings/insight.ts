// "See production from any settings file": what the last analysis knows about one setting (its effective value
// in production, the modules that set it on the way, the environment it reads, the findings it takes part in),
// which settings a module sets differently from production, and the effective settings of a module as text.
// Everything here reads the analysis' evaluation; nothing evaluates the production module again.
import * as path from 'node:path';
import { relativePath } from '../paths';
import type { ProjectAnalysis } from '../analyze';
import type { EvaluationResult } from '../python/evaluator';
import type { EnvRead, ModuleResult } from '../python/evalContext';
import type { Binding, Value } from '../python/values';
import type { DjangoProject } from '../project/model';
import { comparePositions, within, compareText, type Finding, type Location } from '../types';
import { djangoDefault, defaultSettingNames } from './defaults';
import { pythonText } from './pythonText';
import { SettingsView } from './settingsView';

/** Django reads only upper-case module attributes as settings. */
export const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;

interface SettingSource {
  /** Dotted name of the module whose statement set it. */
  module: string;
  /** The statement. */
  location: Location;
  value: Value;
}

export interface SettingInsight {
  name: string;
  /** Dotted name of the production settings module. */
  productionModule: string;
  /** What production ends with (Django's default when nothing sets it). */
  value: Value;
  isDefault: boolean;
  /** The modules that set it on production's way, in the order Python runs them: the last one wins. */
  chain: SettingSource[];
  /** Environment variables the winning statements read. */
  environment: EnvRead[];
  /** Findings about it: on a statement of the chain, or naming it. */
  findings: Finding[];
}

/** The modules production loads through star imports (its own settings), production first. */
function productionModules(evaluation: EvaluationResult): ModuleResult[] {
  const byFile = new Map(evaluation.modules.map((module) => [module.ref.file, module]));
  const order: ModuleResult[] = [evaluation.module];
  for (let i = 0; i < order.length; i++) {
    for (const edge of order[i].imports) {
      const target = edge.star ? byFile.get(edge.target.file) : undefined;
      if (target && !order.includes(target)) order.push(target);
    }
  }
  return order;
}

const sameStatement = (a: Location, b: Location): boolean => within(a, b) && within(b, a);

export function settingInsight(analysis: ProjectAnalysis, name: string): SettingInsight | undefined {
  const view = analysis.settings;
  if (!view || !analysis.evaluation || !SETTING_NAME.test(name)) return undefined;
  const setting = view.get(name);
  const chain: SettingSource[] = [];
  // Imported modules run before the rest of the module that imports them.
  for (const module of productionModules(analysis.evaluation).reverse()) {
    const binding = module.namespace.get(name);
    if (!binding || binding.statement.file !== module.ref.file) continue;
    chain.push({ module: module.ref.name, location: binding.statement, value: binding.value });
  }
  const winner = setting.binding;
  if (winner) {
    const index = chain.findIndex((source) => sameStatement(source.location, winner.statement));
    const [last] =
      index >= 0
        ? chain.splice(index, 1)
        : [{ module: moduleNameOf(analysis.evaluation, winner.statement.file), location: winner.statement, value: winner.value }];
    chain.push(last);
  }
  const statements = chain.map((source) => source.location);
  const mentions = new RegExp(`\\b${name}\\b`);
  return {
    name,
    productionModule: view.moduleName,
    value: setting.value,
    isDefault: setting.isDefault,
    chain,
    environment: analysis.environment.filter((read) => statements.some((statement) => within(read.location, statement))),
    findings: analysis.findings.filter(
      (finding) =>
        [finding.location, ...finding.related.map((related) => related.location)].some((location) =>
          statements.some((statement) => within(location, statement)),
        ) || mentions.test(finding.message),
    ),
  };
}

function moduleNameOf(evaluation: EvaluationResult, file: string): string {
  return evaluation.modules.find((module) => module.ref.file === file)?.ref.name ?? path.basename(file, '.py');
}

/** A setting a module sets to something other than what production ends with. */
interface ProductionDifference {
  name: string;
  /** The statement in the module. */
  location: Location;
  here: Value;
  production: SettingInsight;
}

/**
 * The settings `module` (any settings module but production's own) sets to a value production does not end with:
 * overridden later on production's way, or, in a module production never loads, different from production's.
 */
export function differencesFromProduction(analysis: ProjectAnalysis, module: ModuleResult): ProductionDifference[] {
  const production = analysis.settings;
  if (!production || module.ref.file === production.file) return [];
  const differences: ProductionDifference[] = [];
  for (const [name, binding] of module.namespace) {
    if (!SETTING_NAME.test(name) || binding.statement.file !== module.ref.file) continue;
    const winner = production.get(name).binding;
    if (winner && sameStatement(winner.statement, binding.statement)) continue;
    const insight = settingInsight(analysis, name);
    if (!insight || sameText(insight.value, binding)) continue;
    differences.push({ name, location: binding.statement, here: binding.value, production: insight });
  }
  return differences.sort((a, b) => comparePositions(a.location.range.start, b.location.range.start));
}

function sameText(value: Value, binding: Binding): boolean {
  return pythonText(value) === pythonText(binding.value);
}

/** The module an evaluation ran, found among the production evaluation's modules (or undefined). */
export function evaluatedModule(evaluation: EvaluationResult | undefined, file: string): ModuleResult | undefined {
  return evaluation?.modules.find((module) => module.ref.file === file && module.parsed);
}

/** The file where production's value of a setting comes from, for "→ False in production.py". */
export function winningFile(insight: SettingInsight): string | undefined {
  return insight.chain.at(-1)?.location.file;
}

/**
 * The effective settings of an evaluated module as a read-only Python-like document: every setting it ends with,
 * with the module and line that set it and the environment variables it reads, then Django's defaults for the
 * settings nothing sets.
 */
export function effectiveSettingsText(project: DjangoProject, evaluation: EvaluationResult, role: string): string {
  const view = new SettingsView(project, evaluation);
  const relative = (file: string): string => relativePath(project.root, file).split(path.sep).join('/');
  const version = `${project.djangoVersion.major}.${project.djangoVersion.minor}`;
  const lines = [
    `# Effective settings of ${view.moduleName} (${role}) in ${project.name}, as Django Ready reads them without`,
    '# running them: each value with the module and line that set it. A value read from the environment shows what',
    "# the settings give when the variable is unset; a setting nothing sets has Django's default. Read-only; it",
    '# follows your edits.',
    '',
  ];
  // One alphabetical list, Django's defaults among the rest, so that two modules' documents line up in a diff.
  const set = [...view.production.namespace.keys()].filter((name) => SETTING_NAME.test(name));
  const defaults = defaultSettingNames().filter((name) => !view.production.namespace.has(name) && djangoDefault(name, view.version));
  const defaultNote = `Django ${version}'s default${view.isOpen ? ', unless code Django Ready cannot follow sets it' : ''}`;
  for (const name of [...set, ...defaults].sort(compareText)) {
    const setting = view.get(name);
    if (!setting.binding) {
      lines.push(`${name} = ${pythonText(setting.value)}  # ${defaultNote}`);
      continue;
    }
    const statement = setting.binding.statement;
    const reads = evaluation.envReads.filter((read) => within(read.location, statement));
    const source = `${relative(statement.file)}:${statement.range.start.line + 1}`;
    lines.push(`${name} = ${pythonText(setting.value)}  # ${[source, ...reads.map(envNote)].join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function envNote(read: EnvRead): string {
  return read.required ? `$${read.name} (required)` : `$${read.name} if set (${read.via})`;
}
