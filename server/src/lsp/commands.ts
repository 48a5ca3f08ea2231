// `workspace/executeCommand` for one project: fix everything, or generate the supervisor configs. Both end in a
// `workspace/applyEdit` the user can undo.
import { type CommandResult, type PlannedEdit, SERVER_COMMANDS, type WorkspaceEditData } from '../protocol';
import { unsafeFixReason } from '../service/fixes/safety';
import { supervisorConfigsFix } from '../service/rules/processSupervisor';
import type { FileSystem } from '../service/project/fileSystem';
import type { ProjectState } from './session';
import { type EditTargets, fixWorkspaceEdit } from './workspaceEdits';

export interface CommandDependencies {
  fs: FileSystem;
  targets: EditTargets;
  planFixAll(state: ProjectState): PlannedEdit | undefined;
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
  return { applied, message: applied ? `${plan.title}: done.` : `${plan.title}: the editor did not apply the changes.` };
}

async function generateSupervisorConfigs(state: ProjectState, dependencies: CommandDependencies): Promise<CommandResult> {
  const fix = supervisorConfigsFix(state.project, state.analysis?.settings, dependencies.fs);
  if (!fix || !fix.changes.length) return { applied: false, message: `Nothing to generate for ${state.project.name}: its supervisor configs already cover its processes.` };
  const unsafe = unsafeFixReason(dependencies.fs, fix, state.project.root);
  if (unsafe) return { applied: false, message: `Supervisor configs were not generated: ${unsafe}.` };
  const applied = await dependencies.applyEdit(fix.title, fixWorkspaceEdit(fix, dependencies.targets));
  return { applied, message: applied ? `${fix.title}: done.` : `${fix.title}: the editor did not apply the changes.` };
}
