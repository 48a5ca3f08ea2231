// Heroku's app.json: the environment the app needs (`env`), its process types (`formation`), and
// `"stack": "container"` when the platform builds the Dockerfile and runs its command as the web process.
import type { Location } from '../../types';
import type { EnvAssignment } from '../model';
import { FileText } from '../text';

interface AppJson {
  env: EnvAssignment[];
  formation: string[];
  container: boolean;
  location: Location;
  problem?: { message: string; location: Location };
}

export function readAppJson(file: string, source: string): AppJson {
  const text = new FileText(file, source);
  const location = text.at(0);
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    return { env: [], formation: [], container: false, location, problem: { message: `Not valid JSON: ${(error as Error).message}`, location } };
  }
  const app = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const env: EnvAssignment[] = [];
  const envObject = app.env && typeof app.env === 'object' ? (app.env as Record<string, unknown>) : {};
  for (const [name, spec] of Object.entries(envObject)) {
    const offset = source.indexOf(`"${name}"`);
    const value =
      typeof spec === 'string'
        ? spec
        : spec && typeof spec === 'object' && typeof (spec as { value?: unknown }).value === 'string'
          ? (spec as { value: string }).value
          : undefined;
    env.push({
      name,
      value,
      location: text.at(Math.max(0, offset), Math.max(0, offset) + name.length + 2),
      source: 'app.json env (set on the platform)',
      template: value === undefined || undefined,
    });
  }
  const formation = app.formation && typeof app.formation === 'object' ? Object.keys(app.formation as object) : [];
  return { env, formation, container: app.stack === 'container', location };
}
