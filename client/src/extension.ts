// Django Ready for VS Code: starts the language server, shows the readiness checklist in its own view and
// the score in the status bar, and offers the commands that act on findings and projects.
import { commands, type ExtensionContext, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECKLIST_CHANGED, type ChecklistResult } from '../../server/src/protocol';
import { ChecklistStore } from './checklistStore';
import { applyFindingFix, ignoreFinding, showFindingDocs } from './findingActions';
import { createLanguageClient } from './languageClient';
import { pickFinding, pickProject } from './projectPicker';
import { ReadinessTreeProvider } from './readinessTree';
import { chooseSettingsModule } from './settingsModuleChooser';
import { compareWithProduction, SETTINGS_SCHEME, SettingsDocuments, showProductionSettings } from './settingsDocuments';
import { ReadinessStatusBar } from './statusBar';

const VIEW_ID = 'djangoReady.readiness';
const STATE_CONTEXT = 'djangoReady.state';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Django Ready', { log: true });
  context.subscriptions.push(output);
  const languageClient = createLanguageClient(context, output, () => store);
  const store = new ChecklistStore(languageClient);
  client = languageClient;
  const logError = (error: unknown): void => output.error(`Django Ready: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  const tree = new ReadinessTreeProvider(store);
  const view = window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ReadinessStatusBar(store, 'djangoReady.showReadiness');
  const updateState = (): Thenable<unknown> => commands.executeCommand('setContext', STATE_CONTEXT, store.state);
  context.subscriptions.push(
    store,
    tree,
    view,
    statusBar,
    store.onDidChange(() => void updateState()),
  );
  void updateState();

  const settingsDocuments = new SettingsDocuments(languageClient);
  context.subscriptions.push(settingsDocuments, workspace.registerTextDocumentContentProvider(SETTINGS_SCHEME, settingsDocuments));

  const refresh = (): Promise<ChecklistResult> => store.refresh();
  context.subscriptions.push(
    commands.registerCommand('djangoReady.refresh', refresh),
    commands.registerCommand('djangoReady.showReadiness', () => commands.executeCommand(`${VIEW_ID}.focus`)),
    commands.registerCommand('djangoReady.showOutput', () => output.show()),
    commands.registerCommand('djangoReady.applyFix', async (node?: unknown) => {
      const finding = await pickFinding(store, node, true);
      return finding ? applyFindingFix(finding) : false;
    }),
    commands.registerCommand('djangoReady.ignoreFinding', async (node?: unknown) => {
      const finding = await pickFinding(store, node, false);
      return finding ? ignoreFinding(finding) : false;
    }),
    commands.registerCommand('djangoReady.showDocs', async (node?: unknown) => {
      const finding = await pickFinding(store, node, false);
      if (finding) await showFindingDocs(finding);
    }),
    commands.registerCommand('djangoReady.chooseSettingsModule', async (node?: unknown) => {
      const project = await pickProject(store, node);
      return project ? chooseSettingsModule(project) : false;
    }),
    commands.registerCommand('djangoReady.showProductionSettings', async (node?: unknown) => {
      const project = await pickProject(store, node);
      if (project) await showProductionSettings(project);
    }),
    commands.registerCommand('djangoReady.compareSettings', async (node?: unknown) => {
      const project = await pickProject(store, node);
      if (project) await compareWithProduction(project);
    }),
    // For the extension's own tests: the checklist exactly as the tree view gets it.
    commands.registerCommand('djangoReady.internal.checklist', refresh),
  );

  languageClient.onNotification(CHECKLIST_CHANGED, () => {
    store.refreshSoon(logError);
    settingsDocuments.refresh();
  });
  await languageClient.start();
  await store.refresh().catch(logError);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
