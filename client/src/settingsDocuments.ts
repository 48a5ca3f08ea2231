// The effective settings of a module as read-only virtual documents (`django-ready:` URIs answered by the server),
// opened by "Show Production Settings" and compared side by side by "Compare Settings with Production".
import { commands, type Disposable, EventEmitter, type TextDocumentContentProvider, Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type ChecklistProject, SETTINGS_DOCUMENT_REQUEST, type SettingsDocument, type SettingsDocumentParams } from '../../server/src/protocol';

export const SETTINGS_SCHEME = 'django-ready';

/** `django-ready:/<project>/<module> (effective).py?<project root URI>#<module>`: the path names the tab (and the language). */
export function settingsUri(project: ChecklistProject, module: string): Uri {
  return Uri.from({ scheme: SETTINGS_SCHEME, path: `/${project.name}/${module} (effective).py`, query: project.rootUri, fragment: module });
}

export class SettingsDocuments implements TextDocumentContentProvider, Disposable {
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: Uri): Promise<string> {
    const params: SettingsDocumentParams = { uri: uri.query, module: uri.fragment || undefined };
    const document = await this.client.sendRequest<SettingsDocument | null>(SETTINGS_DOCUMENT_REQUEST, params);
    return document?.text ?? `# The settings of ${uri.fragment} cannot be read now: see the Readiness view or the Django Ready output.\n`;
  }

  /** The server analysed again: every open settings document asks for its text again. */
  refresh(): void {
    for (const document of workspace.textDocuments) if (document.uri.scheme === SETTINGS_SCHEME) this.changed.fire(document.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function showProductionSettings(project: ChecklistProject): Promise<void> {
  if (!project.productionSettings) {
    void window.showWarningMessage(`No production settings module found in ${project.name}: ${project.productionReason}`);
    return;
  }
  const document = await workspace.openTextDocument(settingsUri(project, project.productionSettings));
  await window.showTextDocument(document, { preview: false });
}

/** Picks a module (a development one first in the list) and shows it next to production's effective settings. */
export async function compareWithProduction(project: ChecklistProject): Promise<void> {
  const production = project.productionSettings;
  const others = project.settingsModules.filter((module) => module.name !== production);
  if (!production || !others.length) {
    void window.showInformationMessage(`${project.name} has no other settings module to compare with production.`);
    return;
  }
  const rank = (role: string): number => (role === 'development' ? 0 : role === 'base' ? 1 : 2);
  const picked = await window.showQuickPick(
    [...others].sort((a, b) => rank(a.role) - rank(b.role)).map((module) => ({ label: module.name, description: module.role, module })),
    { placeHolder: `Compare which settings module of ${project.name} with production (${production})?` },
  );
  if (!picked) return;
  await commands.executeCommand(
    'vscode.diff',
    settingsUri(project, picked.module.name),
    settingsUri(project, production),
    `${shortName(picked.module.name)} ↔ ${shortName(production)} (effective settings)`,
    { preview: false },
  );
}

function shortName(module: string): string {
  return module.split('.').pop() ?? module;
}
