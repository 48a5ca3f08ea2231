// "Choose production settings module": a quick pick of the project's settings modules, saved as
// `djangoReady.settingsModule` in the workspace folder's settings (the server re-analyses on the change).
import { ConfigurationTarget, Uri, window, workspace } from 'vscode';
import { SETTINGS_SECTION, type ChecklistProject } from '../../server/src/protocol';

const AUTOMATIC = '';

export async function chooseSettingsModule(project: ChecklistProject): Promise<boolean> {
  const items = [
    ...project.settingsModules.map((module) => ({
      label: module.name,
      description: `${module.role}${module.name === project.productionSettings ? ' · judged as production now' : ''}`,
      detail: Uri.parse(module.uri).fsPath,
      value: module.name,
    })),
    { label: 'Automatic', description: 'let Django Ready decide (wsgi.py, module names)', detail: undefined, value: AUTOMATIC },
  ];
  const picked = await window.showQuickPick(items, { placeHolder: `Production settings module of ${project.name}` });
  if (!picked) return false;
  const configuration = workspace.getConfiguration(SETTINGS_SECTION, Uri.parse(project.folderUri));
  await configuration.update('settingsModule', picked.value === AUTOMATIC ? undefined : picked.value, ConfigurationTarget.WorkspaceFolder);
  return true;
}
