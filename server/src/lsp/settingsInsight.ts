// Production, seen from any settings module: hover on a setting name, inlay hints where production ends with
// another value, and the effective settings of a module as a document. All of it reads the project's last
// analysis; a module production does not load (development) is evaluated once per analysis, for the hints, the
// hover and the comparison with production.
import * as path from 'node:path';
import type { Hover, InlayHint, MarkupContent, Position } from 'vscode-languageserver';
import type { SettingsDocument } from '../protocol';
import {
  type ProjectAnalysis,
  SETTING_NAME,
  describe,
  differencesFromProduction,
  effectiveSettingsText,
  envNote,
  evaluatedModule,
  pythonText,
  ruleMeta,
  settingInsight,
  winningFile,
  type EvaluationResult,
  type ModuleResult,
  type ParsedFile,
  type PyNode,
  type SettingInsight,
  type SettingsModuleInfo,
} from '../service/index';
import type { ProjectState, Session } from './session';

export class SettingsInsights {
  /** Evaluations of modules production does not load, per analysis (a new analysis starts afresh). */
  private readonly others = new WeakMap<ProjectAnalysis, Map<string, EvaluationResult>>();

  constructor(
    private readonly session: Session,
    private readonly uriOf: (file: string) => string,
  ) {}

  /** The settings module `file` of the project, evaluated (from the analysis when production loads it). */
  moduleOf(state: ProjectState, file: string): ModuleResult | undefined {
    const analysis = state.analysis;
    if (!analysis?.settings) return undefined;
    const loaded = evaluatedModule(analysis.evaluation, file);
    if (loaded) return loaded;
    const info = state.project.settingsModules.find((module) => module.file === file);
    return info && this.evaluation(analysis, state, info).module;
  }

  private evaluation(analysis: ProjectAnalysis, state: ProjectState, info: SettingsModuleInfo): EvaluationResult {
    let cache = this.others.get(analysis);
    if (!cache) this.others.set(analysis, (cache = new Map()));
    let evaluation = cache.get(info.file);
    if (!evaluation) cache.set(info.file, (evaluation = this.session.service.evaluateModule(state.project, info)));
    return evaluation;
  }

  hover(state: ProjectState, file: string, position: Position): Hover | undefined {
    const module = this.moduleOf(state, file);
    const name = module?.parsed && settingNameAt(module.parsed, position);
    const insight = name && settingInsight(state.analysis!, name.text);
    if (!name || !insight) return undefined;
    const loaded = !!evaluatedModule(state.analysis!.evaluation, file);
    return { contents: this.hoverText(insight, loaded), range: module.parsed!.lines.range(name.start, name.end) };
  }

  private hoverText(insight: SettingInsight, loaded: boolean): MarkupContent {
    const link = (location: { file: string; range: { start: { line: number } } }): string =>
      `[${path.basename(location.file)}:${location.range.start.line + 1}](${this.uriOf(location.file)}#L${location.range.start.line + 1})`;
    const lines = [`**${insight.name}** in production (\`${insight.productionModule}\`): ${code(pythonText(insight.value))}`];
    if (!loaded) lines.push('', '_Production does not load this module._');
    if (insight.chain.length) {
      lines.push('', 'Set by, in the order Python runs them (the last one wins):');
      for (const [index, source] of insight.chain.entries())
        lines.push(`${index + 1}. ${link(source.location)} \`${source.module}\`: ${code(describe(source.value))}`);
    } else {
      lines.push(
        '',
        insight.isDefault && insight.value.kind !== 'unknown'
          ? "Not set anywhere production loads: Django's default applies."
          : 'Not set anywhere production loads.',
      );
    }
    for (const read of insight.environment) {
      const unset = read.required
        ? 'production must set it (a missing variable stops Django from starting)'
        : `unset, it gives ${code(read.default ? describe(read.default) : 'None')}`;
      lines.push('', `Reads the environment variable \`${read.name}\` (\`${read.via}\`, ${link(read.location)}): ${unset}.`);
    }
    if (insight.findings.length) {
      lines.push('', 'Findings:');
      for (const finding of insight.findings)
        lines.push(`- ${finding.severity} **${finding.code}** ${ruleMeta(finding.code)?.title ?? ''}: ${firstSentence(finding.message)}`);
    }
    return { kind: 'markdown', value: lines.join('\n') };
  }

  inlayHints(state: ProjectState, file: string): InlayHint[] {
    const analysis = state.analysis;
    const module = this.moduleOf(state, file);
    if (!analysis || !module) return [];
    return differencesFromProduction(analysis, module).map((difference) => {
      const where = winningFile(difference.production);
      const value = difference.production.value;
      const label =
        value.kind === 'unknown' && !value.env ? '→ not set in production' : hintLabel(value, where ? ` in ${path.basename(where)}` : ' (Django default)');
      const tooltip = [
        `In production (${difference.production.productionModule}) ${difference.name} is ${pythonText(value)}.`,
        ...difference.production.environment.map(envNote),
      ].join(' ');
      return { position: difference.location.range.end, label, paddingLeft: true, tooltip };
    });
  }

  /** The effective settings of a module (production's when `moduleName` is not given), or undefined. */
  document(state: ProjectState, moduleName: string | undefined): SettingsDocument | undefined {
    const analysis = state.analysis;
    const production = state.project.production;
    if (!analysis?.evaluation || !production) return undefined;
    if (!moduleName || moduleName === production.name) {
      return { module: production.name, role: 'production', text: effectiveSettingsText(state.project, analysis.evaluation, 'production') };
    }
    const info = state.project.settingsModules.find((module) => module.name === moduleName);
    if (!info) return undefined;
    return { module: info.name, role: info.role, text: effectiveSettingsText(state.project, this.evaluation(analysis, state, info), info.role) };
  }
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.length > 200 ? `${text.slice(0, 197)}...` : text}${fence}`;
}

/** VS Code cuts inlay hints after 43 characters (editor.inlayHints.maximumLength): the value gives way, not the file. */
const HINT_LENGTH = 43;

function hintLabel(value: Parameters<typeof describe>[0], suffix: string): string {
  const room = HINT_LENGTH - '→ '.length - suffix.length;
  const text = describe(value);
  return `→ ${text.length > room ? `${text.slice(0, room - 1)}…` : text}${suffix}`;
}

function firstSentence(message: string): string {
  return message.split(/(?<=\.)\s/)[0];
}

/** The setting name (an upper-case identifier, not an attribute or keyword) at `position`, with its offsets. */
function settingNameAt(parsed: ParsedFile, position: Position): { text: string; start: number; end: number } | undefined {
  const offset = parsed.lines.offset(position);
  const statement = parsed.module.statements.find((stmt) => stmt.base <= offset && offset <= stmt.base + stmt.text.length);
  if (!statement) return undefined;
  const relative = offset - statement.base;
  let node: PyNode | undefined = statement.node;
  let parent: PyNode | undefined;
  for (;;) {
    const inside: PyNode | undefined = node.children.find((child) => child.named && child.start <= relative && relative <= child.end);
    if (!inside) break;
    parent = node;
    node = inside;
  }
  if (
    node.type !== 'identifier' ||
    (parent?.type === 'attribute' && node.field === 'attribute') ||
    (parent?.type === 'keyword_argument' && node.field === 'name')
  )
    return undefined;
  const text = statement.text.slice(node.start, node.end);
  return SETTING_NAME.test(text) ? { text, start: statement.base + node.start, end: statement.base + node.end } : undefined;
}
