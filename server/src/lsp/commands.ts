// `workspace/executeCommand` for one project: fix everything, or generate the supervisor configs. Both end in a
// `workspace/applyEdit` the user can undo.
import { type CommandResult, type PlannedEdit, SERVER_COMMANDS, type WorkspaceEditData } from '../protocol';
import type { ProjectState } from './session';
import { editedUris, type EditTargets, fixWorkspaceEdit } from './workspaceEdits';
import { supervisorConfigsFix, unsafeFixReason, type FileSystem } from '../service/index';

interface CommandDependencies {
  fs: FileSystem;
  targets: EditTargets;
  planFixAll(state: ProjectState): (PlannedEdit & { fixes: number }) | undefined;
  applyEdit(label: string, edit: WorkspaceEditData): Promise<boolean>;
}

export async function runProjectCommand(command: string, state: ProjectState, dependencies: CommandDependencies): Promise<CommandResult> {
  switch (command) {
    case SERVER_COMMANDS.fixAll:
      return fixAll(state, dependencies);
    case SERVER_COMMANDS.generateSupervisorConfigs:
      return generateSupervisorConfigs(state, dependencies);
    default:
      return { applied: false, message: `Unknown command ${command}.` };
  }
}

async function fixAll(state: ProjectState, dependencies: CommandDependencies): Promise<CommandResult> {
  const plan = dependencies.planFixAll(state);
  if (!plan) return { applied: false, message: `Nothing to fix automatically in ${state.project.name}.` };
  const applied = await dependencies.applyEdit(plan.title, plan.edit);
  const changed = editedUris(plan.edit).length;
  const fixes = `${plan.fixes} fix${plan.fixes === 1 ? '' : 'es'}`;
  const files = `${changed} file${changed === 1 ? '' : 's'}`;
  return applied
    ? { applied, message: `Applied ${fixes} in ${state.project.name} (${files} changed).` }
    : { applied, message: `The editor did not apply the ${fixes} for ${state.project.name}.` };
}

async function generateSupervisorConfigs(state: ProjectState, dependencies: CommandDependencies): Promise<CommandResult> {
  const fix = supervisorConfigsFix(state.project, state.analysis?.settings, dependencies.fs);
  if (!fix?.changes.length)
    return { applied: false, message: `Nothing to generate for ${state.project.name}: its supervisor configs already cover its processes.` };
  const unsafe = unsafeFixReason(dependencies.fs, fix, state.project.root);
  if (unsafe) return { applied: false, message: `Supervisor configs were not generated: ${unsafe}.` };
  const edit = fixWorkspaceEdit(fix, dependencies.targets);
  const applied = await dependencies.applyEdit(fix.title, edit);
  return { applied, message: applied ? `${fix.title}: done.` : `${fix.title}: the editor did not apply the changes.` };
}
