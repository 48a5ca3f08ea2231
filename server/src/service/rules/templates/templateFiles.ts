// Listing the files of template folders, bounded so a huge folder cannot stall the editor.
import * as path from 'node:path';
import type { FileSystem } from '../../project/fileSystem';

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

