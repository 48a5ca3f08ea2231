// The environment manifest: each variable the production settings read, and where the deployment provides it
// (a service's environment or env_file, Dockerfile ENV, a unit's Environment=, a supervisor program's
// environment=, app.json, an env template, chart values). A required variable nothing provides is a finding
// only when the deployment's environment is closed: every process that loads the settings gets its variables
// from files in the repository.
import type { EnvRead } from '../python/evalContext';
import type { Location } from '../types';
import { type Deployment, productionProcesses } from './model';

interface ProvidedBy {
  source: string;
  location: Location;
  /** A placeholder in a template (`.env.example`) rather than a value production gets. */
  template: boolean;
}

type ProvisionStatus = 'provided' | 'missing' | 'unknown';

interface ManifestEntry {
  read: EnvRead;
  status: ProvisionStatus;
  providedBy: ProvidedBy[];
}

interface EnvironmentManifest {
  entries: ManifestEntry[];
  /** True when every production process gets its whole environment from files in the repository. */
  closed: boolean;
  /** Why it is not closed, for messages. */
  openReason: string | undefined;
}

export function environmentManifest(reads: readonly EnvRead[], deployment: Deployment): EnvironmentManifest {
  const processes = productionProcesses(deployment);
  const provided = new Map<string, ProvidedBy[]>();
  const add = (name: string, entry: ProvidedBy): void => {
    const list = provided.get(name) ?? [];
    // An env file a service reads is also an env file on its own: one entry per line.
    if (!list.some((other) => other.location.file === entry.location.file && other.location.range.start.line === entry.location.range.start.line))
      list.push(entry);
    provided.set(name, list);
  };
  for (const process of processes)
    for (const assignment of process.environment)
      add(assignment.name, { source: assignment.source, location: assignment.location, template: !!assignment.template });
  for (const assignment of deployment.environment)
    add(assignment.name, { source: assignment.source, location: assignment.location, template: !!assignment.template });
  const open = processes.find((process) => process.environmentOpen);
  const closed = processes.length > 0 && !open;
  const openReason = !processes.length ? 'no production deployment file starts the project' : open?.environmentOpenReason;
  return {
    entries: reads.map((read) => {
      const by = provided.get(read.name) ?? [];
      return { read, providedBy: by, status: by.length ? 'provided' : closed ? 'missing' : 'unknown' };
    }),
    closed,
    openReason,
  };
}
