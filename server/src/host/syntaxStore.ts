// The CLI's syntax store: the lowered syntax of each Python file it parsed, one file each, under
// `<temp>/django-ready-<uid>/syntax/<build>/` (cacheFolder.ts says who may use it). A run that finds a file's
// entry and the same text in it skips tree-sitter for that file; one that finds none, or another text, parses and
// writes the entry. `<build>` names this build of the tool, since what lowering produces changes with it; the
// folders of other builds are removed, but for the few written last. DJANGO_READY_NO_SYNTAX_CACHE=1, or `check --no-cache`, turns it off.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheFolder, keepNewest, shortHash } from '../cacheFolder';
import type { SyntaxStore } from '../service';
import { toolVersion } from '../version';

/** Folders of other builds kept beside this one's. */
const MAX_OTHER_BUILDS = 3;
/** Entries kept at most: beyond it, the least recently written go (a project has hundreds of Python files, not thousands parsed). */
const MAX_ENTRIES = 4000;

export class DiskSyntaxStore implements SyntaxStore {
  private tidied = false;

  private constructor(
    private readonly root: string,
    private readonly folder: string,
  ) {}

  /** The store, or undefined when it is turned off or its folder cannot be used. */
  static open(): DiskSyntaxStore | undefined {
    if (process.env.DJANGO_READY_NO_SYNTAX_CACHE) return undefined;
    try {
      const root = cacheFolder('syntax');
      if (!root) return undefined;
      const folder = path.join(root, buildName());
      fs.mkdirSync(folder, { mode: 0o700, recursive: true });
      return new DiskSyntaxStore(root, folder);
    } catch {
      return undefined;
    }
  }

  read(file: string): Uint8Array | undefined {
    try {
      return fs.readFileSync(this.entry(file));
    } catch {
      return undefined;
    }
  }

  write(file: string, bytes: Uint8Array): void {
    const target = this.entry(file);
    const temporary = `${target}.${process.pid}`;
    try {
      fs.writeFileSync(temporary, bytes, { mode: 0o600 });
      fs.renameSync(temporary, target);
    } catch {
      fs.rmSync(temporary, { force: true });
      return;
    }
    if (!this.tidied) {
      this.tidied = true;
      this.tidy();
    }
  }

  /** Two paths whose names collide share an entry: harmless, since an entry is used only for the very text it holds. */
  private entry(file: string): string {
    return path.join(this.folder, `${shortHash(file)}.bin`);
  }

  /** Once per run that writes: other builds' entries go (all but the latest few), and the oldest of this build's beyond MAX_ENTRIES. */
  private tidy(): void {
    try {
      // Folders of other builds: an older version, or another install used in turn with this one (the editor's and
      // a project's own); the most recently written few stay.
      const otherBuilds = fs.readdirSync(this.root).filter((name) => name !== path.basename(this.folder));
      keepNewest(
        otherBuilds.map((name) => path.join(this.root, name)),
        MAX_OTHER_BUILDS,
      );
      const entries = fs.readdirSync(this.folder);
      if (entries.length > MAX_ENTRIES)
        keepNewest(
          entries.map((name) => path.join(this.folder, name)),
          MAX_ENTRIES,
        );
    } catch {
      // Another run tidying at the same time, or a file we cannot remove: the next run tries again.
    }
  }
}

/** This build of the tool: its version and the file its code was loaded from (a rebuilt bundle is another build). */
function buildName(): string {
  const stat = fs.statSync(__filename);
  return shortHash([toolVersion(), __filename, stat.size, stat.mtimeMs].join('|'));
}
