// Kubernetes manifests and Helm chart templates: the containers of Deployments, StatefulSets, DaemonSets
// (restarted by Kubernetes), Pods (by their restartPolicy), Jobs and CronJobs (run to completion). Helm actions
// are masked so the templates parse; a `command`/`args` a template takes from `.Values` is read from the
// chart's values.yaml.
import type { Document, Node } from 'yaml';
import type { Location } from '../../types';
import type { EnvAssignment } from '../model';
import { ValuesOutline } from './valuesOutline';
import { FileText, mapEntries, mapGet, maskTemplateActions, nodeLocation, parseYaml, scalarText, seqItems, stringList } from '../text';

interface KubeContainer {
  /** `Deployment web`, `CronJob cleanup`, ... */
  workload: string;
  kind: string;
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env: EnvAssignment[];
  /** Set when variables come from Secrets, ConfigMaps or templates the repository does not spell out. */
  envOpen: boolean;
  location: Location;
  restarts: boolean | undefined;
  /** Runs to completion (a Job), not for as long as the app runs. */
  oneOff: boolean;
}

interface KubeFile {
  file: string;
  containers: KubeContainer[];
  problem?: { message: string; location: Location };
}

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig', 'Rollout']);
const ONE_OFF = new Set(['Job', 'CronJob']);

export function isKubernetesText(text: string): boolean {
  return (
    /^\s*kind\s*:\s*(Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Pod|DeploymentConfig|Rollout)\b/m.test(text) &&
    /^\s*apiVersion\s*:/m.test(text) &&
    /^\s*containers\s*:/m.test(text)
  );
}

/** A value of the chart's values.yaml by dotted path: a list of strings, or a string. */
export type ValuesLookup = (path: string) => string[] | string | undefined;

export function valuesLookup(file: string, source: string): ValuesLookup {
  // Read on the first lookup (most templates never ask), and then only the block the path names when its outline
  // is clear: a values file runs to thousands of lines.
  let outline: ValuesOutline | undefined;
  let whole: Document.Parsed | undefined | null = null;
  const lookUp = (doc: Document.Parsed, keys: string[]): string[] | string | undefined => {
    let node: unknown = doc.contents;
    for (const key of keys) node = mapGet(doc, node, key);
    return stringList(doc, node) ?? scalarText(doc, node);
  };
  // The chart's templates ask for the same paths (`image.repository` in every Deployment).
  const answers = new Map<string, string[] | string | undefined>();
  const answer = (dotted: string): string[] | string | undefined => {
    const keys = dotted.split('.');
    const found = (outline ??= new ValuesOutline(source)).find(dotted);
    if (found.kind === 'absent') return undefined;
    if (found.kind === 'block') {
      const block = parseYaml(new FileText(file, source.slice(found.start, found.end)));
      if (!block.error && block.documents.length === 1) return lookUp(block.documents[0], keys.slice(-1));
    }
    if (whole === null) whole = parseYaml(new FileText(file, source)).documents[0];
    return whole ? lookUp(whole, keys) : undefined;
  };
  return (dotted) => {
    if (!answers.has(dotted)) answers.set(dotted, answer(dotted));
    const found = answers.get(dotted);
    return Array.isArray(found) ? [...found] : found;
  };
}

function podSpec(doc: Document.Parsed, root: unknown, kind: string): Node | undefined {
  if (kind === 'Pod') return mapGet(doc, root, 'spec');
  if (kind === 'CronJob') return mapGet(doc, mapGet(doc, mapGet(doc, mapGet(doc, mapGet(doc, root, 'spec'), 'jobTemplate'), 'spec'), 'template'), 'spec');
  return mapGet(doc, mapGet(doc, mapGet(doc, root, 'spec'), 'template'), 'spec');
}

export function readKubernetes(file: string, source: string, values?: ValuesLookup): KubeFile {
  const helm = /\{\{/.test(source);
  const text = new FileText(file, source);
  const yaml = parseYaml(text, helm ? maskTemplateActions(source) : source);
  const containers: KubeContainer[] = [];
  for (const doc of yaml.documents) {
    const kind = scalarText(doc, mapGet(doc, doc.contents, 'kind'));
    if (!kind || (!LONG_RUNNING.has(kind) && !ONE_OFF.has(kind) && kind !== 'Pod')) continue;
    const metadataName = scalarText(doc, mapGet(doc, mapGet(doc, doc.contents, 'metadata'), 'name'));
    // Masked template actions leave runs of x: `{{ include "x.fullname" . }}-worker` reads as `worker`.
    const cleanName = metadataName?.replace(/x{4,}/g, '').replace(/^[-_.]+|[-_.]+$/g, '');
    const workload = `${kind}${cleanName ? ` ${cleanName}` : ''}`;
    const spec = podSpec(doc, doc.contents, kind);
    const policy = scalarText(doc, mapGet(doc, spec, 'restartPolicy')) ?? 'Always';
    for (const container of seqItems(doc, mapGet(doc, spec, 'containers'))) {
      const entries = mapEntries(doc, container);
      const original = container.range ? source.slice(container.range[0], container.range[2]) : '';
      const fromValues = (key: 'command' | 'args'): string[] | undefined => {
        const literal = stringList(doc, entries.get(key)?.value);
        if (literal?.length) return literal;
        const reference = new RegExp(`\\.Values\\.([\\w.]+?)\\.${key}\\b`).exec(original);
        const found = reference && values?.(`${reference[1]}.${key}`);
        return Array.isArray(found) && found.length ? found : undefined;
      };
      const env: EnvAssignment[] = [];
      let envOpen = entries.has('envFrom') || /\{\{[^}]*(env|Env)/.test(original);
      for (const item of seqItems(doc, entries.get('env')?.value)) {
        const name = scalarText(doc, mapGet(doc, item, 'name'));
        if (!name || /^x+$/.test(name)) continue;
        const value = scalarText(doc, mapGet(doc, item, 'value'));
        const fromSecret = mapGet(doc, item, 'valueFrom');
        env.push({
          name,
          value: fromSecret ? undefined : value,
          location: nodeLocation(text, item),
          source: `${file.slice(file.lastIndexOf('/') + 1)} ${workload} env${fromSecret ? ' (from a Secret or ConfigMap)' : ''}`,
        });
      }
      if (!entries.get('env')?.value && /\benv\s*:/.test(original)) envOpen = true;
      const name = scalarText(doc, entries.get('name')?.value) ?? 'container';
      containers.push({
        workload,
        kind,
        name: /^x+$/.test(name) ? 'container' : name,
        // As written, template included: `{{ template "x.nginx.image" . }}` still says what it is.
        image: imageText(source, entries.get('image')?.value, values) ?? scalarText(doc, entries.get('image')?.value),
        command: fromValues('command'),
        args: fromValues('args'),
        env,
        envOpen,
        location: nodeLocation(text, entries.get('name')?.key ?? container),
        restarts: ONE_OFF.has(kind) ? false : kind === 'Pod' ? policy !== 'Never' : true,
        oneOff: ONE_OFF.has(kind) || (kind === 'Pod' && policy === 'Never'),
      });
    }
  }
  return { file, containers, problem: yaml.error && !helm ? { message: `Not valid YAML: ${yaml.error.message}`, location: yaml.error.location } : undefined };
}

/** The image as written, with `.Values.x` references replaced by the chart's values where they are strings. */
function imageText(source: string, node: Node | undefined, values: ValuesLookup | undefined): string | undefined {
  let text = node?.range ? source.slice(node.range[0], node.range[1]).trim() : undefined;
  // `{{- $image := .Values.x.image }}` earlier in the template: show what `$image` stands for.
  text = text?.replace(
    /\$([A-Za-z_]\w*)/g,
    (whole, name: string) => new RegExp(`\\{\\{-?\\s*\\$${name}\\s*:?=\\s*([^}]*?)\\s*-?\\}\\}`).exec(source)?.[1] ?? whole,
  );
  return text?.replace(/\.Values\.([\w.]+)/g, (whole, dotted: string) => {
    const value = values?.(dotted);
    return typeof value === 'string' ? ` ${value} ` : whole;
  });
}
