// Which deployment files describe production. A file or a folder on its path named for development, tests
// or CI (`docker-compose.dev.yml`, `Ctl/local/`, `.devcontainer/`, `Procfile.dev`) does not; neither does a
// compose service that mounts the project's source, turns DEBUG on, builds a development stage, or runs
// runserver with no restart policy. Everything else, deployment examples included, counts as production.
import * as path from 'node:path';
import { relativePath } from '../paths';
import type { Purpose } from './model';

const DEVELOPMENT_WORDS = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'local',
  'test',
  'tests',
  'testing',
  'unittest',
  'unittests',
  'ci',
  'debug',
  'e2e',
  'devcontainer',
  'integration',
  'performance',
  'perf',
  'cicd',
  'tox',
  'lint',
  'build',
]);

export const PRODUCTION: Purpose = { production: true, reason: '' };

/** The development word in a name (split at `.`, `-`, `_`), if any; words of the project's own name do not count. */
function developmentWord(name: string, projectWords: ReadonlySet<string> = new Set()): string | undefined {
  return name
    .toLowerCase()
    .split(/[._-]+/)
    .find((word) => DEVELOPMENT_WORDS.has(word) && !projectWords.has(word));
}

/** Purpose from a file's path relative to the project's folder (and the folder searched). */
export function purposeOfPath(relative: string, projectWords: ReadonlySet<string> = new Set()): Purpose {
  const segments = relative.split(/[\\/]+/);
  for (const segment of segments) {
    const word = developmentWord(segment, projectWords);
    if (word) return { production: false, reason: `${segments.join('/')} is named for ${describeWord(word)}` };
  }
  return PRODUCTION;
}

function describeWord(word: string): string {
  if (word === 'build') return 'building the image';
  return ['dev', 'devel', 'develop', 'development', 'local', 'debug', 'devcontainer'].includes(word) ? 'development' : 'tests or CI';
}

const TRUE = /^(1|true|yes|on)$/i;

/** Signs that a compose service runs a developer's copy: source mounted in, DEBUG on, a dev build stage. */
export function composeServicePurpose(input: {
  composeDir: string;
  projectRoot: string;
  serviceName: string;
  bindSources: string[];
  debug: string | undefined;
  target: string | undefined;
  runsRunserver: boolean;
  restartPolicy: boolean;
}): Purpose {
  for (const source of input.bindSources) {
    const resolved = path.resolve(input.composeDir, source.replace(/^\$\{?PWD\}?/, '.'));
    const relative = relativePath(resolved, input.projectRoot);
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
      return { production: false, reason: `service ${input.serviceName} mounts the project's source (${source})` };
    }
  }
  if (input.debug !== undefined && TRUE.test(input.debug.trim()))
    return { production: false, reason: `service ${input.serviceName} sets DEBUG=${input.debug}` };
  const targetWord = input.target && developmentWord(input.target);
  if (targetWord) return { production: false, reason: `service ${input.serviceName} builds the ${input.target} stage` };
  const nameWord = developmentWord(input.serviceName);
  if (nameWord) return { production: false, reason: `service ${input.serviceName} is named for ${describeWord(nameWord)}` };
  if (input.runsRunserver && !input.restartPolicy) return { production: false, reason: `service ${input.serviceName} runs manage.py runserver` };
  return PRODUCTION;
}

/** What a file's opening comment says about itself: `for development`, `in your local environment`, `not intended for production`. */
const SAYS_DEVELOPMENT =
  /\b(not (intended|meant|suitable|ready|recommended) for production|do not use (it |this )?in production|(for|in) (your )?local (environment|development)|(designed|meant|intended|used) (to run |for )?(a )?(local |the )?development|development (environment|setup|only)|for (local )?testing only)\b/i;

/** Development, when the comment block a file opens with says so; production otherwise. */
export function purposeOfHeader(text: string, name: string): Purpose {
  const header: string[] = [];
  for (const line of text.split('\n', 40)) {
    const comment = /^\s*[#;](.*)$/.exec(line);
    if (comment) header.push(comment[1].trim());
    else if (line.trim() && header.length) break;
    else if (line.trim() && !/^\s*(---|%YAML)/.test(line)) break;
  }
  const match = SAYS_DEVELOPMENT.exec(header.join(' '));
  return match
    ? {
        production: false,
        reason: `${name} says it is ${match[0].toLowerCase().startsWith('not') || match[0].toLowerCase().startsWith('do not') ? match[0] : `for development ("${match[0]}")`}`,
      }
    : PRODUCTION;
}
