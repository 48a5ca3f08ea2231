// The status-bar score of the active editor's project (or the only project); a click opens the checklist.
import { StatusBarAlignment, window, type Disposable, type StatusBarItem } from 'vscode';
import type { ChecklistStore } from './checklistStore';
import { activeProject } from './projectPicker';
import { scoreText } from './readinessTree';

export class ReadinessStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly store: ChecklistStore,
    showCommand: string,
  ) {
    this.item = window.createStatusBarItem('djangoReady.score', StatusBarAlignment.Left, 10);
    this.item.name = 'Django Ready';
    this.item.command = showCommand;
    this.subscriptions = [store.onDidChange(() => this.update()), window.onDidChangeActiveTextEditor(() => this.update())];
    this.update();
  }

  private update(): void {
    const project = activeProject(this.store);
    if (!project) {
      this.item.hide();
      return;
    }
    this.item.text = `$(checklist) Django Ready ${scoreText(project)}`;
    this.item.tooltip = `Django Ready: ${project.name} passes ${scoreText(project)} production-readiness checks. Click to open the checklist.`;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
