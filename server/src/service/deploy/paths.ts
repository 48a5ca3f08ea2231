// Finds the repository file a deployment command names: a relative path from the file that names it or the
// build context, an absolute path inside an image traced back through COPY/ADD, or, failing both, the
// repository file whose path ends the same way (`/srv/app/docker/entrypoint.sh` is `docker/entrypoint.sh`).
import * as path from 'node:path';
import { relativePath } from '../paths';
import { isFile, type FileSystem } from '../fileSystem';
import type { DockerCopy } from './readers/dockerfile';

export interface PathContext {
  /** Folder of the file whose command names the path. */
  dir: string;
  /** The image's build context, when the command runs in an image built here. */
  context?: string;
  copies?: DockerCopy[];
  workdir?: string;
}

export class PathResolver {
  private readonly byBase = new Map<string, string[]>();

  constructor(
    private readonly fs: FileSystem,
    private readonly roots: string[],
    /** Every file worth finding by name (scripts and configs discovery listed). */
    index: string[],
  ) {
    for (const file of index) {
      const base = path.basename(file);
      this.byBase.set(base, [...(this.byBase.get(base) ?? []), file]);
    }
  }

  resolve(ref: string, context: PathContext): string | undefined {
    if (!ref || ref.includes('$') || ref.length > 1024) return this.bySuffix(ref.replace(/^.*\$\{?\w+\}?\/?/, ''), context);
    const candidates: string[] = [];
    if (!ref.startsWith('/')) {
      candidates.push(path.resolve(context.dir, ref));
      if (context.context) {
        candidates.push(path.resolve(context.context, ref));
        if (context.workdir) candidates.push(...this.throughCopies(path.posix.join(context.workdir, ref), context));
      }
      for (const root of this.roots) candidates.push(path.resolve(root, ref));
    } else {
      candidates.push(...this.throughCopies(ref, context));
    }
    const found = candidates.find((candidate) => this.inside(candidate) && isFile(this.fs, candidate));
    return found ?? this.bySuffix(ref, context);
  }

  private inside(file: string): boolean {
    return this.roots.some((root) => {
      const relative = relativePath(root, file);
      return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
    });
  }

  /** Where `ref` inside the image came from, by the COPY/ADD instructions that put files there (latest first). */
  private throughCopies(ref: string, context: PathContext): string[] {
    if (!context.copies || !context.context) return [];
    const found: string[] = [];
    for (const copy of [...context.copies].reverse()) {
      if (copy.fromStage) continue;
      const destination = copy.destination;
      const intoFolder = destination.endsWith('/') || copy.sources.length > 1 || copy.sources.some((source) => /[*?[]/.test(source));
      for (const source of copy.sources) {
        const sourcePath = path.resolve(context.context, source.replace(/^\.\/?$/, '.'));
        const sourceIsFolder = source === '.' || source.endsWith('/') || (!/\.[A-Za-z0-9]+$|\*/.test(path.basename(source)) && !isFile(this.fs, sourcePath));
        const destinationFolder = destination.replace(/\/$/, '');
        if (sourceIsFolder && (ref === destinationFolder || ref.startsWith(`${destinationFolder}/`) || destinationFolder === '')) {
          found.push(path.join(sourcePath, ref.slice(destinationFolder.length)));
        } else if (!sourceIsFolder && intoFolder && path.posix.dirname(ref) === destinationFolder) {
          found.push(path.join(path.dirname(sourcePath), path.posix.basename(ref)));
        } else if (!sourceIsFolder && !intoFolder && ref === destination) {
          found.push(sourcePath);
        }
      }
    }
    return found;
  }

  /** The indexed file sharing the longest path suffix with `ref` (at least its name); nearest to the caller on a tie. */
  private bySuffix(ref: string, context: PathContext): string | undefined {
    const parts = ref.split('/').filter((part) => part && part !== '.');
    const base = parts[parts.length - 1];
    // `/entrypoint` is often `entrypoint.sh` copied or linked without its extension.
    const candidates = base ? (this.byBase.get(base) ?? (base.includes('.') ? undefined : this.byBase.get(`${base}.sh`))) : undefined;
    if (!candidates?.length) return undefined;
    const score = (file: string): number => {
      const fileParts = file.split(path.sep);
      let n = 0;
      while (n < parts.length && n < fileParts.length && parts[parts.length - 1 - n] === fileParts[fileParts.length - 1 - n]) n++;
      return n;
    };
    const distance = (file: string): number => relativePath(context.dir, file).split(path.sep).length;
    return [...candidates].sort((a, b) => score(b) - score(a) || distance(a) - distance(b))[0];
  }
}
