// The last readiness checklist the server sent, shared by the tree view, the status bar and the commands.
// Refreshed when the server says it changed, with a short delay so a burst of re-analyses costs one request.
import * as path from 'node:path';
import { EventEmitter, Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECKLIST_REQUEST, type ChecklistProject, type ChecklistResult } from '../../server/src/protocol';

const REFRESH_DELAY_MS = 100;

export type ChecklistState = 'loading' | 'ready' | 'empty';

export class ChecklistStore {
  private result: ChecklistResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  get projects(): ChecklistProject[] {
    return this.result?.projects ?? [];
  }

  get state(): ChecklistState {
    if (!this.result) return 'loading';
    return this.result.projects.length ? 'ready' : 'empty';
  }

  /** Asks the server for the checklist now. */
  async refresh(): Promise<ChecklistResult> {
    const result = await this.client.sendRequest<ChecklistResult>(CHECKLIST_REQUEST);
    this.result = result;
    this.changed.fire();
    return result;
  }

  refreshSoon(onError: (error: unknown) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh().catch(onError);
    }, REFRESH_DELAY_MS);
  }

  /** The innermost project whose folder holds the file. */
  projectOf(uri: Uri): ChecklistProject | undefined {
    const file = uri.fsPath;
    return this.projects
      .filter((project) => {
        const relative = path.relative(Uri.parse(project.rootUri).fsPath, file);
        return !relative.startsWith('..') && !path.isAbsolute(relative);
      })
      .sort((a, b) => b.rootUri.length - a.rootUri.length)[0];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
