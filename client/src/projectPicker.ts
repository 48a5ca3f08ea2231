// Which project or finding a command is about: the tree node it was invoked on, else the active editor's
// project (or the only one), else the user's choice.
import { window } from 'vscode';
import type { ChecklistFinding, ChecklistProject } from '../../server/src/protocol';
import type { ChecklistStore } from './checklistStore';
import type { ReadinessNode } from './readinessTree';

function isNode(value: unknown): value is ReadinessNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'project' in value;
}

export function activeProject(store: ChecklistStore): ChecklistProject | undefined {
  const editor = window.activeTextEditor;
  const fromEditor = editor && store.projectOf(editor.document.uri);
  return fromEditor ?? (store.projects.length === 1 ? store.projects[0] : undefined);
}

export async function pickProject(store: ChecklistStore, argument: unknown): Promise<ChecklistProject | undefined> {
  if (isNode(argument)) return argument.project;
  const active = activeProject(store);
  if (active) return active;
  if (!store.projects.length) {
    void window.showInformationMessage('No Django project (manage.py) found in this workspace.');
    return undefined;
  }
  const picked = await window.showQuickPick(
    store.projects.map((project) => ({
      label: project.name,
      description: `${project.productionSettings ?? ''} · ${project.score.passed}/${project.score.total}`,
      project,
    })),
    { placeHolder: 'Which Django project?' },
  );
  return picked?.project;
}

/** The finding of a tree node, or one picked from the project's findings (optionally only fixable ones). */
export async function pickFinding(store: ChecklistStore, argument: unknown, onlyFixable: boolean): Promise<ChecklistFinding | undefined> {
  if (isNode(argument) && argument.kind === 'finding') return argument.finding;
  const project = await pickProject(store, argument);
  if (!project) return undefined;
  const findings = project.areas.flatMap((area) => area.findings).filter((finding) => !onlyFixable || finding.fixTitle);
  if (!findings.length) {
    void window.showInformationMessage(`No ${onlyFixable ? 'fixable ' : ''}findings in ${project.name}.`);
    return undefined;
  }
  const picked = await window.showQuickPick(
    findings.map((finding) => ({ label: finding.code, description: finding.fixTitle ?? finding.title, detail: finding.message, finding })),
    { placeHolder: onlyFixable ? 'Apply which fix?' : 'Which finding?', matchOnDetail: true },
  );
  return picked?.finding;
}
