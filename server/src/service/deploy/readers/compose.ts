// Compose files (docker-compose.yml, compose.yaml and overrides): per service what it runs (`command`,
// `entrypoint`, or its image's default), how it is restarted (`restart`, `deploy.restart_policy`), its
// environment (`environment`, `env_file`) and where its image comes from (`build` or `image`).
import type { Document, Node } from 'yaml';
import { posixSplit } from '../../supervisor/shlex';
import type { Location } from '../../types';
import type { EnvAssignment } from '../model';
import { FileText, isMap, isSeq, mapEntries, mapGet, nodeLocation, parseYaml, scalarText, seqItems, stringList } from '../text';

interface ComposeCommand {
  argv: string[];
  location: Location;
}

export interface ComposeService {
  name: string;
  location: Location;
  /** Offset of the service's key, for edits. */
  keyOffset: number;
  command?: ComposeCommand;
  entrypoint?: ComposeCommand;
  environment: EnvAssignment[];
  /** Variables passed through from the host without a value (`- SECRET`). */
  passthrough: string[];
  envFiles: { path: string; required: boolean; location: Location }[];
  restart?: { value: string; location: Location };
  restartPolicy?: { condition: string; location: Location };
  build?: { context: string; dockerfile?: string; target?: string; location: Location };
  image?: string;
  /** Host paths mounted into the container. */
  bindSources: string[];
  profiles: string[];
  user?: string;
  workingDir?: string;
}

interface ComposeFile {
  file: string;
  services: ComposeService[];
  problem?: { message: string; location: Location };
}

/** Compose interpolates `${X:-default}` and `$X` from the shell and the `.env` beside the file; `$$` is a `$`. */
function interpolate(value: string, vars: ReadonlyMap<string, string>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, operator?: string, word?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare!;
      const known = vars.get(name);
      if (operator === ':-' || operator === '-') return known !== undefined && !(operator === ':-' && known === '') ? known : interpolate(word ?? '', vars);
      if (operator === ':+' || operator === '+') return known ? interpolate(word ?? '', vars) : '';
      return known ?? whole;
    },
  );
}

function commandOf(doc: Document.Parsed, text: FileText, node: Node | undefined, vars: ReadonlyMap<string, string>): ComposeCommand | undefined {
  if (!node) return undefined;
  const list = stringList(doc, node);
  if (list) return { argv: list.map((item) => interpolate(item, vars)), location: nodeLocation(text, node) };
  const single = scalarText(doc, node);
  if (single === undefined) return undefined;
  // A string is split like a shell would split words, without running a shell.
  return { argv: posixSplit(interpolate(single, vars)).tokens.map((token) => token.value), location: nodeLocation(text, node) };
}

function environmentOf(
  doc: Document.Parsed,
  text: FileText,
  node: Node | undefined,
  vars: ReadonlyMap<string, string>,
  source: string,
): { env: EnvAssignment[]; passthrough: string[] } {
  const env: EnvAssignment[] = [];
  const passthrough: string[] = [];
  if (isSeq(node)) {
    for (const item of seqItems(doc, node)) {
      const entry = scalarText(doc, item);
      if (entry === undefined) continue;
      const eq = entry.indexOf('=');
      if (eq === -1) passthrough.push(entry.trim());
      else env.push({ name: entry.slice(0, eq).trim(), value: interpolate(entry.slice(eq + 1), vars), location: nodeLocation(text, item), source });
    }
  } else if (isMap(node)) {
    for (const [name, { key, value }] of mapEntries(doc, node)) {
      const raw = scalarText(doc, value);
      if (raw === undefined) passthrough.push(name);
      else env.push({ name, value: interpolate(raw, vars), location: nodeLocation(text, key), source });
    }
  }
  return { env, passthrough };
}

function envFilesOf(doc: Document.Parsed, text: FileText, node: Node | undefined): ComposeService['envFiles'] {
  if (!node) return [];
  const items = isSeq(node) ? seqItems(doc, node) : [node];
  return items.flatMap((item) => {
    const plain = scalarText(doc, item);
    if (plain !== undefined) return [{ path: plain, required: true, location: nodeLocation(text, item) }];
    const path = scalarText(doc, mapGet(doc, item, 'path'));
    return path ? [{ path, required: scalarText(doc, mapGet(doc, item, 'required')) !== 'false', location: nodeLocation(text, item) }] : [];
  });
}

function bindSourcesOf(doc: Document.Parsed, node: Node | undefined, vars: ReadonlyMap<string, string>): string[] {
  const sources: string[] = [];
  for (const item of seqItems(doc, node)) {
    const short = scalarText(doc, item);
    if (short !== undefined) {
      const source = interpolate(short, vars).split(':')[0];
      if (/^[.~/$]/.test(source)) sources.push(source);
      continue;
    }
    if (scalarText(doc, mapGet(doc, item, 'type')) === 'bind') {
      const source = scalarText(doc, mapGet(doc, item, 'source'));
      if (source) sources.push(interpolate(source, vars));
    }
  }
  return sources;
}

export function isComposeText(text: string): boolean {
  return /^services\s*:/m.test(text);
}

export function readCompose(file: string, source: string, vars: ReadonlyMap<string, string> = new Map()): ComposeFile {
  const text = new FileText(file, source);
  const yaml = parseYaml(text);
  const services: ComposeService[] = [];
  const shortName = file.slice(file.lastIndexOf('/') + 1);
  for (const doc of yaml.documents) {
    const servicesNode = mapGet(doc, doc.contents, 'services');
    for (const [name, { key, value }] of mapEntries(doc, servicesNode)) {
      if (!isMap(value)) continue;
      const entries = mapEntries(doc, value);
      const get = (k: string): Node | undefined => entries.get(k)?.value;
      const where = `${shortName} service ${name}`;
      const { env, passthrough } = environmentOf(doc, text, get('environment'), vars, where);
      const restart = scalarText(doc, get('restart'));
      const policy = mapGet(doc, mapGet(doc, get('deploy'), 'restart_policy'), 'condition');
      const deployNode = mapGet(doc, get('deploy'), 'restart_policy');
      const buildNode = get('build');
      let build: ComposeService['build'];
      if (buildNode) {
        const context = scalarText(doc, buildNode) ?? scalarText(doc, mapGet(doc, buildNode, 'context')) ?? '.';
        build = {
          context: interpolate(context, vars),
          dockerfile: mapGet(doc, buildNode, 'dockerfile') ? interpolate(scalarText(doc, mapGet(doc, buildNode, 'dockerfile')) ?? '', vars) : undefined,
          target: scalarText(doc, mapGet(doc, buildNode, 'target')),
          location: nodeLocation(text, buildNode),
        };
      }
      services.push({
        name,
        location: nodeLocation(text, key),
        keyOffset: key.range?.[0] ?? 0,
        command: commandOf(doc, text, get('command'), vars),
        entrypoint: commandOf(doc, text, get('entrypoint'), vars),
        environment: env,
        passthrough,
        envFiles: envFilesOf(doc, text, get('env_file')),
        restart: restart !== undefined ? { value: restart, location: nodeLocation(text, get('restart')) } : undefined,
        restartPolicy: deployNode ? { condition: scalarText(doc, policy) ?? 'any', location: nodeLocation(text, deployNode) } : undefined,
        build,
        image: scalarText(doc, get('image')) !== undefined ? interpolate(scalarText(doc, get('image'))!, vars) : undefined,
        bindSources: bindSourcesOf(doc, get('volumes'), vars),
        profiles: stringList(doc, get('profiles')) ?? [],
        user: scalarText(doc, get('user')),
        workingDir: scalarText(doc, get('working_dir')),
      });
    }
  }
  return {
    file,
    services,
    problem: yaml.error ? { message: `Not valid YAML: ${yaml.error.message}`, location: yaml.error.location } : undefined,
  };
}
