// The supervisor config generator, looked up by name: processSupervisor.ts exports `supervisorConfigsFix`
// once the generator is wired into the rules; until then the command reports that nothing is available.
import * as processSupervisor from '../service/rules/processSupervisor';
import type { FileSystem } from '../service/project/fileSystem';
import type { DjangoProject } from '../service/project/model';
import type { SettingsView } from '../service/settings/settingsView';
import type { Fix } from '../service/types';

export type SupervisorConfigsFix = (project: DjangoProject, settings: SettingsView | undefined, fs: FileSystem) => Fix | null | undefined;

export function supervisorConfigsGenerator(): SupervisorConfigsFix | undefined {
  const candidate = (processSupervisor as Record<string, unknown>)['supervisorConfigsFix'];
  return typeof candidate === 'function' ? (candidate as SupervisorConfigsFix) : undefined;
}
