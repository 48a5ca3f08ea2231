// `django-ready supervisor generate`: one supervisor program file per long-running process of each project
// (web, celery worker, celery beat), filled from the project, never overwriting a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FixWriteError, writeFix } from '../host/fixWriter';
import { NodeFileSystem } from '../host/nodeFileSystem';
import { DiskSyntaxStore } from '../host/syntaxStore';
import { LanguageService, supervisorConfigsFix, unsafeFixReason } from '../service/index';
import type { Fix } from '../service/types';
import type { GenerateArgs } from './args';
import { printable } from './formats/printable';
import type { CliIO } from './check';
import { relativePath } from './report';

export function runGenerate(args: GenerateArgs, io: CliIO): number {
  const roots = args.paths.map((p) => path.resolve(io.cwd, p));
  const missingRoot = roots.find((root) => !fs.existsSync(root));
  if (missingRoot) {
    io.stderr(`django-ready: ${missingRoot} does not exist\n`);
    return 2;
  }
  const disk = new NodeFileSystem();
  const service = new LanguageService(disk, { syntaxStore: DiskSyntaxStore.open() });
  const projects = service.discover(roots, { overrides: args.settings ? { settingsModule: args.settings } : undefined }).projects;
  if (!projects.length) {
    io.stderr(`django-ready: no Django project found (no manage.py) under ${roots.join(', ')}\n`);
    return 2;
  }
  const out = args.out ? path.resolve(io.cwd, args.out) : undefined;
  let status = 0;
  for (const project of projects) {
    let settings;
    try {
      settings = service.analyze(project).settings;
    } catch (error) {
      io.stderr(`${printable(`${project.name}: internal error while analysing: ${(error as Error).message}; the other projects go on.`)}\n`);
      status = 2;
      continue;
    }
    const directory = out && projects.length > 1 ? path.join(out, project.name) : out;
    const fix = supervisorConfigsFix(project, settings, disk, { all: true, directory });
    if (!fix) {
      const reason = settings
        ? 'every file already exists, or the project does not name its WSGI/ASGI application'
        : 'its production settings could not be read';
      io.stderr(`${printable(`${project.name}: nothing generated (${reason}).`)}\n`);
      if (!settings) status = 1;
      continue;
    }
    // Inside the project the usual fix guard applies; an explicit --out is the operator's choice.
    const unsafe = out ? undefined : unsafeFixReason(disk, fix, project.root);
    if (unsafe) {
      io.stderr(`${printable(`${project.name}: not written: ${unsafe}`)}\n`);
      status = 1;
      continue;
    }
    const written = write(fix, directory ?? project.root, !!directory);
    if (written !== undefined) {
      io.stderr(`${printable(`${project.name}: not written: ${written}`)}\n`);
      status = 1;
      continue;
    }
    for (const change of fix.changes) io.stdout(`${printable(`wrote ${relativePath(io.cwd, change.file)}`)}\n`);
  }
  io.stdout('Copy the files to /etc/supervisor/conf.d/ on the server, then run: sudo supervisorctl reread && sudo supervisorctl update\n');
  return status;
}

/** Writes the files; an error a user can act on (permissions, a full disk, a file in the way) comes back as text. */
function write(fix: Fix, root: string, makeRoot: boolean): string | undefined {
  try {
    // An explicit --out folder is the operator's choice: it is made when missing, and the files stay inside it.
    if (makeRoot) fs.mkdirSync(root, { recursive: true });
    writeFix(fix, root);
    return undefined;
  } catch (error) {
    if (error instanceof FixWriteError) return error.message;
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return `cannot create ${root}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}`;
    throw error;
  }
}
