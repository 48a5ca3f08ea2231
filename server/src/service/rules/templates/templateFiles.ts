// Listing the files of template folders, bounded so a huge folder cannot stall the editor.
import * as path from 'node:path';
import { FileReadError, type FileSystem, type FileText } from '../../project/fileSystem';
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
      const full = path.join(current, entry.name);
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


/** Parents by file content: a content object never changes, and several rules ask about the same templates. */
const parents = new WeakMap<FileText, string | undefined>();

/** The template `file` extends (`{% extends "base.html" %}`), when it names one with a string. */
export function parentTemplate(fs: FileSystem, file: string): string | undefined {
  const content = fs.readText(file);
  if (content instanceof FileReadError) return undefined;
  if (!parents.has(content)) parents.set(content, extendsTag(content.text));
  return parents.get(content);
}
