// Listing the files of template folders, bounded so a huge folder cannot stall the editor, and finding a template
// by name the way Django's loaders do.
import * as path from 'node:path';
import { FileReadError, type FileSystem, type FileText } from '../../fileSystem';
import { entryPath } from '../../paths';
import { extendsTag } from './html5Scanner';

const MAX_FILES = 5000;
const MAX_DEPTH = 12;

/** Files below `dir` (sorted, hidden folders skipped) that `accept` takes, at most `limit` of them. */
export function listFiles(fs: FileSystem, dir: string, accept: (name: string) => boolean = () => true, limit = MAX_FILES): string[] {
  const found: string[] = [];
  const visit = (current: string, depth: number): void => {
    const entries = [...(fs.readDir(current) ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (found.length >= limit) return;
      const full = entryPath(current, entry.name);
      const kind = entry.kind === 'symlink' ? fs.stat(full)?.kind : entry.kind;
      if (kind === 'directory' && !entry.name.startsWith('.') && depth < MAX_DEPTH) visit(full, depth + 1);
      else if (kind === 'file' && accept(entry.name)) found.push(full);
    }
  };
  visit(dir, 0);
  return found;
}

export function isHtmlTemplate(name: string): boolean {
  return /\.html?$/i.test(name);
}

/**
 * The file a template name loads from `dir`, as Django's filesystem and app loaders find it (safe_join): a name
 * that leaves the folder (`../../etc/passwd`, `/etc/passwd`) is never found there.
 */
export function templateFile(dir: string, name: string): string | undefined {
  const base = path.resolve(dir);
  const file = path.resolve(base, name);
  return file.startsWith(base + path.sep) ? file : undefined;
}

/**
 * The name `{% extends %}` or `{% include %}` asks for from the template named `from`: `./x` and `../x` are
 * relative to it (Django 1.10+), and a relative name that climbs above the folder's top is an error in Django,
 * so it names nothing (undefined).
 */
export function templateNameFrom(name: string, from: string | undefined): string | undefined {
  if (!name.startsWith('./') && !name.startsWith('../')) return name;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname((from ?? '').replace(/^\/+/, '')), name));
  return joined.startsWith('../') || joined === '..' || joined === from ? undefined : joined;
}

/** Parents by file content: a content object never changes, and several rules ask about the same templates. */
const parents = new WeakMap<FileText, string | undefined>();

/** The template `file` extends as written (`{% extends "base.html" %}`), when it names one with a string. */
export function parentTemplate(fs: FileSystem, file: string): string | undefined {
  const content = fs.readText(file);
  if (content instanceof FileReadError) return undefined;
  if (!parents.has(content)) parents.set(content, extendsTag(content.text));
  return parents.get(content);
}
