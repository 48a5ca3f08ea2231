// Groups a project's supervisor files into the configurations supervisord would actually read, and merges
// each one the way configparser does: sections with the same name merge, the file read last wins a key.
// A main file (supervisord.conf) reads first and pulls in the files its [include] globs reach; the other
// files are conf.d fragments, and the fragments of one folder are read together in sorted order.
import * as path from 'node:path';
import { parseIni, type IniDocument, type IniEntry, type IniSection } from './ini';
import { classifySection, isProgramKind, type SectionInfo } from './schema';
import { pyStrip } from './pyText';

export interface SourceFile {
  path: string;
  text: string;
  doc: IniDocument;
}

export interface Placed {
  file: SourceFile;
  entry: IniEntry;
  section: IniSection;
}

interface SectionOccurrence {
  file: SourceFile;
  section: IniSection;
}

export interface MergedSection {
  name: string;
  info: SectionInfo | null;
  occurrences: SectionOccurrence[];
  /** The entry supervisord reads for each key: the last one written. */
  values: Map<string, Placed>;
}

export interface Configuration {
  files: SourceFile[];
  /** In order of first appearance, as configparser lists them; [DEFAULT] is not among them. */
  sections: MergedSection[];
  /** [DEFAULT] keys, which every section inherits. */
  defaults: Map<string, Placed>;
}

export function readSource(file: { path: string; text: string }): SourceFile {
  return { path: file.path, text: file.text, doc: parseIni(file.text) };
}

export function isMainFileName(filePath: string): boolean {
  return path.basename(filePath) === 'supervisord.conf';
}

export function hasProgramSections(file: SourceFile): boolean {
  return file.doc.sections.some((s) => isProgramKind(classifySection(s.name)?.kind));
}

/** A main configuration (supervisord.conf, or a complete one outside conf.d/) as opposed to a conf.d fragment. */
export function isMainFile(file: SourceFile): boolean {
  if (isMainFileName(file.path)) return true;
  if (path.basename(path.dirname(file.path)) === 'conf.d') return false;
  const names = file.doc.sections.map((s) => s.name);
  return names.includes('supervisord') && (names.includes('rpcinterface:supervisor') || !hasProgramSections(file));
}

export function buildConfigurations(files: SourceFile[]): Configuration[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const claimed = new Set<SourceFile>();
  const groups: SourceFile[][] = [];
  for (const main of sorted.filter(isMainFile)) {
    if (claimed.has(main)) continue;
    claimed.add(main);
    const group = [main];
    for (const pattern of includePatterns(main)) {
      const matches = sorted.filter((f) => !claimed.has(f) && globMatch(pattern, f.path));
      for (const match of matches) claimed.add(match);
      group.push(...matches);
    }
    groups.push(group);
  }
  const byFolder = new Map<string, SourceFile[]>();
  for (const file of sorted.filter((f) => !claimed.has(f))) {
    const folder = path.dirname(file.path);
    const group = byFolder.get(folder);
    if (group) group.push(file);
    else byFolder.set(folder, [file]);
  }
  groups.push(...byFolder.values());
  return groups.map(mergeFiles);
}

function includePatterns(main: SourceFile): string[] {
  const entry = main.doc.sections
    .filter((s) => s.name === 'include')
    .flatMap((s) => s.entries)
    .filter((e) => e.key === 'files')
    .pop();
  if (!entry) return [];
  const here = path.dirname(main.path);
  return pyStrip(entry.value.replace(/%\(here\)s/g, here))
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => path.resolve(here, p));
}

/** Python's glob: * and ? stay within one path part, and a wildcard never matches a name starting with a dot. */
function globMatch(pattern: string, filePath: string): boolean {
  if (path.basename(filePath).startsWith('.') && !path.basename(pattern).startsWith('.')) return false;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[' && pattern.indexOf(']', i + 2) !== -1) {
      const close = pattern.indexOf(']', i + 2);
      const body = pattern
        .slice(i + 1, close)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = close;
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`).test(filePath);
  } catch {
    return false;
  }
}

function mergeFiles(files: SourceFile[]): Configuration {
  const byName = new Map<string, MergedSection>();
  const defaults = new Map<string, Placed>();
  for (const file of files) {
    for (const section of file.doc.sections) {
      const target = section.name === 'DEFAULT' ? defaults : sectionFor(byName, section.name).values;
      if (section.name !== 'DEFAULT') byName.get(section.name)!.occurrences.push({ file, section });
      for (const entry of section.entries) target.set(entry.key, { file, entry, section });
    }
  }
  return { files, sections: [...byName.values()], defaults };
}

function sectionFor(byName: Map<string, MergedSection>, name: string): MergedSection {
  let merged = byName.get(name);
  if (!merged) {
    merged = { name, info: classifySection(name), occurrences: [], values: new Map() };
    byName.set(name, merged);
  }
  return merged;
}

/** What supervisord reads for a key: the section's own value, else [DEFAULT]'s. */
export function lookup(config: Configuration, section: MergedSection, key: string): Placed | undefined {
  return section.values.get(key) ?? config.defaults.get(key);
}

/** The configuration's sections, plus the host's [supervisord] when only conf.d files are given: it always
 * exists, and it reads [DEFAULT] keys too. */
export function sectionsReadBySupervisord(config: Configuration): MergedSection[] {
  if (config.defaults.size === 0 || config.sections.some((s) => s.name === 'supervisord')) return config.sections;
  return [...config.sections, { name: 'supervisord', info: { kind: 'supervisord', label: null }, occurrences: [], values: new Map() }];
}
