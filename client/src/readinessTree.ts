// The "Readiness" view: a node per project (score as description), per checklist area (status icon and the
// one-line reason) and per finding (opens the file at its range; fix, docs and ignore actions).
import * as path from 'node:path';
import { EventEmitter, MarkdownString, Range, ThemeColor, ThemeIcon, TreeItem, TreeItemCollapsibleState, Uri, type TreeDataProvider } from 'vscode';
import type { ChecklistArea, ChecklistFinding, ChecklistProcess, ChecklistProject } from '../../server/src/protocol';
import type { AreaStatus, Severity } from '../../server/src/service/types';
import type { ChecklistStore } from './checklistStore';

export type ReadinessNode =
  | { kind: 'project'; project: ChecklistProject }
  | { kind: 'area'; project: ChecklistProject; area: ChecklistArea }
  | { kind: 'finding'; project: ChecklistProject; finding: ChecklistFinding }
  | { kind: 'process'; project: ChecklistProject; process: ChecklistProcess };

const PROCESS_AREA = 'process-supervisor';

const STATUS_ICONS: Record<AreaStatus, { icon: string; color: string; label: string }> = {
  pass: { icon: 'pass', color: 'testing.iconPassed', label: 'passes' },
  fail: { icon: 'error', color: 'problemsErrorIcon.foreground', label: 'fails' },
  warn: { icon: 'warning', color: 'problemsWarningIcon.foreground', label: 'has warnings' },
  unknown: { icon: 'question', color: 'problemsInfoIcon.foreground', label: 'could not be decided' },
  off: { icon: 'circle-slash', color: 'disabledForeground', label: 'is turned off' },
};

export function scoreText(project: ChecklistProject): string {
  return `${project.score.passed}/${project.score.total}`;
}

export class ReadinessTreeProvider implements TreeDataProvider<ReadinessNode> {
  private readonly changed = new EventEmitter<ReadinessNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: ChecklistStore) {
    store.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: ReadinessNode): ReadinessNode[] {
    if (!node) return this.store.projects.map((project) => ({ kind: 'project', project }));
    if (node.kind === 'project') return node.project.areas.map((area) => ({ kind: 'area', project: node.project, area }));
    if (node.kind === 'area') {
      // Under the process area: what runs each process and what supervises it, then the findings.
      const processes: ReadinessNode[] =
        node.area.id === PROCESS_AREA ? (node.project.processes ?? []).map((process) => ({ kind: 'process', project: node.project, process })) : [];
      return [...processes, ...node.area.findings.map((finding): ReadinessNode => ({ kind: 'finding', project: node.project, finding }))];
    }
    return [];
  }

  getTreeItem(node: ReadinessNode): TreeItem {
    switch (node.kind) {
      case 'project':
        return projectItem(node.project);
      case 'area':
        return areaItem(node.area, node.area.id === PROCESS_AREA ? (node.project.processes ?? []).length : 0);
      case 'process':
        return processItem(node.process);
      case 'finding':
        return findingItem(node.finding);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function projectItem(project: ChecklistProject): TreeItem {
  const item = new TreeItem(project.name, TreeItemCollapsibleState.Expanded);
  item.id = `project:${project.rootUri}`;
  item.description = `${project.productionSettings ?? 'no production settings'} · ${scoreText(project)}`;
  item.tooltip = new MarkdownString(
    [
      `**${project.name}**: ${scoreText(project)} checklist items pass`,
      '',
      project.productionReason,
      ...(project.problem ? ['', `⚠ ${project.problem}`] : []),
    ].join('\n'),
  );
  item.iconPath = new ThemeIcon(project.problem ? 'warning' : 'checklist');
  item.contextValue = 'project';
  return item;
}

function areaItem(area: ChecklistArea, processes: number): TreeItem {
  const status = STATUS_ICONS[area.status];
  const item = new TreeItem(
    area.title,
    area.findings.length ? TreeItemCollapsibleState.Expanded : processes ? TreeItemCollapsibleState.Collapsed : TreeItemCollapsibleState.None,
  );
  item.description = area.reason;
  item.tooltip = `${area.title} ${status.label}: ${area.reason}`;
  item.iconPath = areaIcon(area);
  item.contextValue = `area.${area.status}`;
  return item;
}

/** An area with findings wears its worst finding's severity (an area of warnings is not shown as an error). */
export function areaIcon(area: ChecklistArea): ThemeIcon {
  const worst = worstSeverity(area.findings);
  if (worst) return severityIcon(worst);
  const status = STATUS_ICONS[area.status];
  return new ThemeIcon(status.icon, new ThemeColor(status.color));
}

const SEVERITY_ORDER: readonly Severity[] = ['hint', 'info', 'warning', 'error'];

export function worstSeverity(findings: readonly ChecklistFinding[]): Severity | undefined {
  return findings.reduce<Severity | undefined>(
    (worst, finding) => (!worst || SEVERITY_ORDER.indexOf(finding.severity) > SEVERITY_ORDER.indexOf(worst) ? finding.severity : worst),
    undefined,
  );
}

function severityIcon(severity: Severity): ThemeIcon {
  if (severity === 'error') return new ThemeIcon('error', new ThemeColor('problemsErrorIcon.foreground'));
  if (severity === 'warning') return new ThemeIcon('warning', new ThemeColor('problemsWarningIcon.foreground'));
  return new ThemeIcon('info', new ThemeColor('problemsInfoIcon.foreground'));
}

function findingItem(finding: ChecklistFinding): TreeItem {
  const uri = Uri.parse(finding.location.uri);
  const { start, end } = finding.location.range;
  // The rule's short title names the row; the message, which says what to do, is the tooltip.
  const item = new TreeItem(finding.title, TreeItemCollapsibleState.None);
  item.description = `${finding.code} · ${path.basename(uri.fsPath)}:${start.line + 1}`;
  item.tooltip = new MarkdownString(
    [
      `**${finding.code}**: ${finding.title}${finding.djangoId ? ` (\`${finding.djangoId}\`)` : ''}`,
      '',
      finding.message,
      ...(finding.fixTitle ? ['', `Fix: ${finding.fixTitle}`] : []),
    ].join('\n'),
  );
  item.iconPath = severityIcon(finding.severity);
  item.command = { title: 'Open', command: 'vscode.open', arguments: [uri, { selection: new Range(start.line, start.character, end.line, end.character) }] };
  item.contextValue = finding.fixTitle ? 'finding.fixable' : 'finding';
  return item;
}

function processItem(process: ChecklistProcess): TreeItem {
  const item = new TreeItem(`${process.role}: ${process.program}`, TreeItemCollapsibleState.None);
  const restarts = process.restarts === true ? 'restarted by' : process.restarts === false ? 'not restarted:' : 'restarts decided where it runs:';
  item.description = `${process.startedBy} · ${restarts} ${process.supervisor}`;
  item.tooltip = new MarkdownString(
    [
      `**${process.role}**: ${process.program}`,
      '',
      `Started by ${process.startedBy}; ${restarts} ${process.supervisor}.`,
      '',
      ...process.chain.map((step, index) => `${index + 1}. ${step.text}`),
    ].join('\n'),
  );
  item.iconPath = new ThemeIcon(process.restarts === true ? 'sync' : process.restarts === false ? 'debug-stop' : 'question');
  const { start, end } = process.location.range;
  item.command = {
    title: 'Open',
    command: 'vscode.open',
    arguments: [Uri.parse(process.location.uri), { selection: new Range(start.line, start.character, end.line, end.character) }],
  };
  item.contextValue = 'process';
  return item;
}
