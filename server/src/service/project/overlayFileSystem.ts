// A FileSystem where some files have text that is not (or not yet) on disk: open editor buffers in the
// server, or the planned results of fixes. Overlay texts win over the base; files and folders that exist only
// in the overlay are listed as if they were on disk.
import * as path from 'node:path';
import type { DirEntry, FileReadError, FileStat, FileSystem, FileText } from '../fileSystem';

export interface OverlayText {
  text: string;
  /** Identity of this text (e.g. `open:7` for document version 7); must differ from the base's versions. */
  version: string;
}

export class OverlayFileSystem implements FileSystem {
  constructor(
    private readonly base: FileSystem,
    /** Absolute path -> text. Read on every call, so the owner may change it between calls. */
    private readonly overlay: ReadonlyMap<string, OverlayText>,
  ) {}

  readText(file: string): FileText | FileReadError {
    const overlaid = this.overlay.get(file);
    if (overlaid) return { text: overlaid.text, invalidUtf8: false, version: overlaid.version };
    return this.base.readText(file);
  }

  readDir(dir: string): DirEntry[] | undefined {
    const listed = this.base.readDir(dir);
    const extra = this.overlayChildren(dir);
    if (!listed && extra.size === 0) return undefined;
    const entries = listed ? [...listed] : [];
    const names = new Set(entries.map((entry) => entry.name));
    for (const [name, kind] of extra) if (!names.has(name)) entries.push({ name, kind });
    return entries;
  }

  stat(file: string): FileStat | undefined {
    const overlaid = this.overlay.get(file);
    if (overlaid) return { kind: 'file', size: overlaid.text.length };
    return this.base.stat(file) ?? (this.holdsOverlaidFiles(file) ? { kind: 'directory', size: 0 } : undefined);
  }

  realPath(file: string): string | undefined {
    return this.base.realPath(file) ?? (this.overlay.has(file) || this.holdsOverlaidFiles(file) ? file : undefined);
  }

  /** Names directly inside `dir` that the overlay contributes, as files or as folders leading to files. */
  private overlayChildren(dir: string): Map<string, 'file' | 'directory'> {
    const children = new Map<string, 'file' | 'directory'>();
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const file of this.overlay.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [first, ...rest] = file.slice(prefix.length).split(path.sep);
      if (first && !children.has(first)) children.set(first, rest.length ? 'directory' : 'file');
    }
    return children;
  }

  private holdsOverlaidFiles(dir: string): boolean {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const file of this.overlay.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }
}
