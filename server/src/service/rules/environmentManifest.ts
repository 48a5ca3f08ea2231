// A variable the production settings require (read without a default, so the import fails without it) that the
// deployment does not provide, judged only where the deployment's environment is closed (deploy/environment.ts).
import { displayPath } from '../deploy/describe';
import { environmentManifest } from '../deploy/environment';
import { productionProcesses } from '../deploy/model';
import { makeFinding } from '../finding';
import { defineCode } from '../codes';
import type { Checker } from './rule';

const VARIABLE_NOT_PROVIDED = defineCode({
  code: 'DR024',
  area: 'settings',
  title: 'Required environment variable the deployment does not provide',
  severity: 'warning',
});

export const environmentManifestChecker: Checker = {
  area: 'settings',
  needsSettings: true,
  run(context) {
    const { project, evaluation } = context;
    if (!evaluation) return;
    const manifest = environmentManifest(evaluation.envReads, project.deployment);
    const seen = new Set<string>();
    for (const entry of manifest.entries) {
      // Where the deployment's environment is open, `django-ready env` lists the variable as unknown; no finding.
      if (!entry.read.required || entry.status !== 'missing' || seen.has(entry.read.name)) continue;
      seen.add(entry.read.name);
      const web = productionProcesses(project.deployment).find((process) => process.roles.includes('web')) ?? productionProcesses(project.deployment)[0];
      const where = displayPath(project.root, project.scanRoot, web.location.file);
      const read = entry.read.via === 'os.environ[]' ? `os.environ["${entry.read.name}"]` : `${entry.read.via}("${entry.read.name}")`;
      const message = `The settings need $${entry.read.name} (${read} has no default, so importing them fails without it), but no production process gets it: ${where} (${web.name}) does not set it, nor does any env file it reads. Add it to that environment (or an env_file / EnvironmentFile kept out of the repository).`;
      context.report(
        makeFinding(VARIABLE_NOT_PROVIDED, entry.read.location, message, {
          related: [{ location: web.location, message: `${web.name} starts ${web.program.program} here` }],
        }),
      );
    }
  },
};
