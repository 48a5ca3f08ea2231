// A FileSystem that remembers what it read, for as long as nothing changes: rules list the same template folders,
// stat the same paths and read the same files, and nothing changes while an analysis runs (nor, in the CLI,
// between discovery and analysis). Never keep one across changes: files change between analyses (the editor's
// buffers), and a CLI that writes fixes forgets what it read before it reads again.
import * as path from 'node:path';
import type { DirEntry, FileReadError, FileStat, FileSystem, FileText } from '../fileSystem';
import { entryPath, resolved } from '../paths';

export class MemoFileSystem implements FileSystem {
  private readonly texts = new Map<string, FileText | FileReadError>();
  private readonly dirs = new Map<string, DirEntry[] | undefined>();
  private readonly stats = new Map<string, FileStat | undefined>();
  private readonly realPaths = new Map<string, string | undefined>();
  /** Entry kinds by name, for listings asked about by name (real paths of folders). */
  private readonly kinds = new Map<string, Map<string, DirEntry['kind']>>();

  constructor(private readonly base: FileSystem) {}

  readText(path: string): FileText | FileReadError {
    let text = this.texts.get(path);
    if (!text) this.texts.set(path, (text = this.base.readText(path)));
    return text;
  }

  readDir(path: string): DirEntry[] | undefined {
    return remembered(this.dirs, path, () => this.base.readDir(path));
  }

  stat(path: string): FileStat | undefined {
    return remembered(this.stats, path, () => this.base.stat(path));
  }

  realPath(file: string): string | undefined {
    return remembered(this.realPaths, file, () => this.folderRealPath(file) ?? this.base.realPath(file));
  }

  /**
   * The real path of a folder that a listing already read shows as a folder (not a link): its parent's real path
   * and its name, without asking the disk (a walk lists every folder, and containment checks then ask the real
   * path of each).
   */
  private folderRealPath(file: string): string | undefined {
    if (resolved(file) !== file) return undefined;
    const parent = path.dirname(file);
    const entries = parent !== file ? this.dirs.get(parent) : undefined;
    if (!entries) return undefined;
    let kinds = this.kinds.get(parent);
    if (!kinds) this.kinds.set(parent, (kinds = new Map(entries.map((entry) => [entry.name, entry.kind]))));
    const name = path.basename(file);
    if (kinds.get(name) !== 'directory') return undefined;
    const parentReal = this.realPath(parent);
    return parentReal === undefined ? undefined : entryPath(parentReal, name);
  }

  /** Drops everything remembered, after files changed. */
  forget(): void {
    for (const memo of [this.texts, this.dirs, this.stats, this.realPaths, this.kinds]) memo.clear();
  }
}

function remembered<T>(memo: Map<string, T | undefined>, key: string, read: () => T | undefined): T | undefined {
  if (memo.has(key)) return memo.get(key);
  const value = read();
  memo.set(key, value);
  return value;
}
