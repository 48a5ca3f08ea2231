// s6-overlay services: `s6-rc.d/<name>/run` with `type` longrun (v3) or `services.d/<name>/run` (v2). s6 runs
// each longrun's run script and restarts it when it exits; oneshots run once.
import * as path from 'node:path';

interface S6Service {
  name: string;
  runFile: string;
  longrun: boolean;
}

/** The s6 service a `run` file belongs to, or undefined when the file is not one. */
export function s6ServiceOf(runFile: string, typeText: string | undefined): S6Service | undefined {
  if (path.basename(runFile) !== 'run') return undefined;
  const serviceDir = path.dirname(runFile);
  const parent = path.basename(path.dirname(serviceDir));
  if (parent !== 's6-rc.d' && parent !== 'services.d') return undefined;
  const type = typeText?.trim();
  if (parent === 's6-rc.d' && type !== 'longrun' && type !== 'oneshot') return undefined;
  return { name: path.basename(serviceDir), runFile, longrun: parent === 'services.d' || type === 'longrun' };
}
