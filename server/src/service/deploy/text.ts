// Small helpers the readers share: positions in a file's text, and YAML nodes read with their positions
// (with the `yaml` package: it keeps offsets for every node, resolves anchors and merge keys, and recovers
// from errors, which a hand-written reader would not).
import type { Document, Node, YAMLMap } from 'yaml';
import { LineIndex } from '../python/lineIndex';
import { parseBlockYaml, YAML_OPTIONS } from './blockYaml';
import type { Location } from '../types';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/** The `yaml` package, loaded the first time a YAML file is read: a project without one never pays for it. */
function yaml(): YamlModule {
  return (yamlModule ??= require('yaml') as YamlModule);
}

export const isMap = (node: unknown): node is YAMLMap => yaml().isMap(node);
export const isSeq = (node: unknown): node is import('yaml').YAMLSeq => yaml().isSeq(node);
const isScalar = (node: unknown): node is import('yaml').Scalar => yaml().isScalar(node);
const isAlias = (node: unknown): node is import('yaml').Alias => yaml().isAlias(node);
const isPair = (node: unknown): node is import('yaml').Pair => yaml().isPair(node);

export class FileText {
  readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  at(start: number, end = start): Location {
    return { file: this.file, range: this.lines.range(start, end) };
  }

  /** The whole of one line (0-based). */
  line(line: number): Location {
    return this.at(this.lines.lineStart(line), this.lines.lineEnd(line));
  }
}

interface YamlFile {
  text: FileText;
  documents: Document.Parsed[];
  /** The first error, when the text is not valid YAML. */
  error?: { message: string; location: Location };
}

/** Parses every document of a YAML file; never throws. */
export function parseYaml(text: FileText, source = text.text): YamlFile {
  try {
    // Most compose files and manifests are plain block YAML, which blockYaml.ts reads without the package's
    // parser (the same nodes, in a fraction of the time of a cold process); anything else goes to the package.
    const plain = parseBlockYaml(yaml(), source);
    if (plain) return { text, documents: plain };
    const documents = yaml().parseAllDocuments(source, YAML_OPTIONS);
    const list = Array.isArray(documents) ? documents : [];
    const firstError = list.flatMap((doc) => doc.errors)[0];
    return {
      text,
      documents: list,
      error: firstError ? { message: firstError.message.split('\n')[0], location: text.at(firstError.pos[0], firstError.pos[1]) } : undefined,
    };
  } catch (error) {
    return { text, documents: [], error: { message: (error as Error).message, location: text.at(0) } };
  }
}

/** Follows an alias to the node it names. */
function deref(doc: Document.Parsed, node: unknown): Node | undefined {
  if (isAlias(node)) {
    try {
      return node.resolve(doc) as Node | undefined;
    } catch {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

/** The pairs of a map with merge keys (`<<: *base`) applied: later and own keys win. */
export function mapEntries(doc: Document.Parsed, node: unknown, depth = 0): Map<string, { key: Node; value: Node | undefined }> {
  const entries = new Map<string, { key: Node; value: Node | undefined }>();
  const map = deref(doc, node);
  // Merge keys can form a cycle (`&a {<<: *a}`); a few levels are all real files use.
  if (!isMap(map) || depth > 8) return entries;
  const own: [string, { key: Node; value: Node | undefined }][] = [];
  for (const pair of (map as YAMLMap).items) {
    if (!isPair(pair)) continue;
    const key = pair.key as Node;
    // With `merge: true` the parser gives a merge key the symbol `<<`.
    const name = isScalar(key) ? (typeof key.value === 'symbol' ? '<<' : String(key.value)) : undefined;
    if (name === '<<') {
      const sources = deref(doc, pair.value);
      const list = isSeq(sources) ? sources.items : [sources];
      // Earlier sources win over later ones in a merge list.
      for (const source of [...list].reverse()) for (const [k, v] of mapEntries(doc, source, depth + 1)) entries.set(k, v);
      continue;
    }
    if (name !== undefined) own.push([name, { key, value: deref(doc, pair.value) }]);
  }
  for (const [name, entry] of own) entries.set(name, entry);
  return entries;
}

export function mapGet(doc: Document.Parsed, node: unknown, key: string): Node | undefined {
  return mapEntries(doc, node).get(key)?.value;
}

/** A scalar's value as text (numbers and booleans as YAML wrote them). */
export function scalarText(doc: Document.Parsed, node: unknown): string | undefined {
  const value = deref(doc, node);
  if (!isScalar(value) || value.value === null || value.value === undefined) return undefined;
  return typeof value.value === 'string' ? value.value : String(value.source ?? value.value);
}

export function seqItems(doc: Document.Parsed, node: unknown): Node[] {
  const value = deref(doc, node);
  return isSeq(value) ? value.items.map((item) => deref(doc, item)).filter((item): item is Node => !!item) : [];
}

/** A list of strings (`[a, b]`), or undefined when the node is something else. */
export function stringList(doc: Document.Parsed, node: unknown): string[] | undefined {
  const value = deref(doc, node);
  if (!isSeq(value)) return undefined;
  const items = value.items.map((item) => scalarText(doc, item));
  return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
}

export function nodeLocation(text: FileText, node: Node | undefined): Location {
  return node?.range ? text.at(node.range[0], node.range[1]) : text.at(0);
}

/**
 * Helm templates are YAML with `{{ ... }}` actions. Actions alone on their lines become blank lines and
 * inline ones become placeholders of the same length, so the rest parses as YAML and every offset still
 * points into the real file.
 */
export function maskTemplateActions(source: string): string {
  return source.replace(/\{\{[\s\S]*?\}\}/g, (action, offset: number) => {
    const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
    const afterEnd = source.indexOf('\n', offset + action.length);
    const before = source.slice(lineStart, offset);
    const after = source.slice(offset + action.length, afterEnd === -1 ? source.length : afterEnd);
    const alone = before.trim() === '' && (after.trim() === '' || /^\s*\{\{/.test(after));
    return action.replace(/[^\n]/g, alone ? ' ' : 'x');
  });
}

/** Jinja templates (`.j2`): statements and comments become blank, expressions placeholders of the same length. */
export function maskJinja(source: string): string {
  return source
    .replace(/\{[%#][\s\S]*?[%#]\}/g, (tag) => tag.replace(/[^\n]/g, ' '))
    .replace(/\{\{[\s\S]*?\}\}/g, (expression) => expression.replace(/[^\n]/g, 'x'));
}
