// A FileSystem that remembers what it read, for as long as nothing changes: rules list the same template folders,
// stat the same paths and read the same files, and nothing changes while an analysis runs (nor, in the CLI,
// between discovery and analysis). Never keep one across changes: files change between analyses (the editor's
// buffers), and a CLI that writes fixes forgets what it read before it reads again.
import type { DirEntry, FileReadError, FileStat, FileSystem, FileText } from '../fileSystem';

export class MemoFileSystem implements FileSystem {
  private readonly texts = new Map<string, FileText | FileReadError>();
  private readonly dirs = new Map<string, DirEntry[] | undefined>();
  private readonly stats = new Map<string, FileStat | undefined>();
  private readonly realPaths = new Map<string, string | undefined>();

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

  realPath(path: string): string | undefined {
    return remembered(this.realPaths, path, () => this.base.realPath(path));
  }

  /** Drops everything remembered, after files changed. */
  forget(): void {
    for (const memo of [this.texts, this.dirs, this.stats, this.realPaths]) memo.clear();
  }
}

function remembered<T>(memo: Map<string, T | undefined>, key: string, read: () => T | undefined): T | undefined {
  if (memo.has(key)) return memo.get(key);
  const value = read();
  memo.set(key, value);
  return value;
}
