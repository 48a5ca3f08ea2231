// Hostile shapes planted into the fuzzers' workspaces, the ones that found bugs before: links that lead out of
// the project (to a folder whose content must never change, to /proc, to /dev, dangling where fixes create
// files), FIFOs where files are read, and a project of values that share their parts and a 1,000-module
// star-import chain. The edited fixture files themselves stay regular files, so the fuzzers' own writes never
// follow a link.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selfSharingModule, starImportChain } from '../helpers/hostile';
import { MANAGE_PY, writeProject } from '../helpers/project';
import type { Random } from './random';

export interface HostileSetup {
  /** A folder outside every workspace that links point into: its content must never change. */
  outside: string;
  /** An extra workspace of hostile projects (self-sharing values, a long import chain). */
  root: string;
}

/** A folder outside every workspace for links to point into. */
export function outsideFolder(): string {
  return writeProject({
    'settings.py': 'SECRET_KEY = "django-insecure-outside"\nDEBUG = True\n',
    'web.conf': '[program:web]\ncommand=/bin/true\n',
    'templates/base.html': '<p>outside</p>\n',
  });
}

export function hostileSetup(): HostileSetup {
  const outside = outsideFolder();
  const files: Record<string, string> = {
    'shared/manage.py': MANAGE_PY('mysite.settings'),
    'shared/mysite/__init__.py': '',
    'shared/mysite/settings.py': selfSharingModule(40),
    'chain/manage.py': MANAGE_PY('mysite.settings'),
  };
  for (const [file, text] of Object.entries(starImportChain(1000))) files[`chain/${file}`] = text;
  return { outside, root: writeProject(files) };
}

function tryLink(target: string, link: string): void {
  try {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(target, link);
  } catch {
    // Something is there already: this shape is skipped here.
  }
}

function tryFifo(file: string): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  spawnSync('mkfifo', [file]);
}

/** Plants some of the shapes into a workspace, beside the files the fuzzers edit. */
export function plantHostileShapes(random: Random, root: string, targets: readonly string[], outside: string): void {
  const settingsDirs = [...new Set(targets.filter((file) => file.endsWith('.py')).map((file) => path.dirname(file)))];
  for (const dir of settingsDirs) {
    if (random.chance(0.5)) tryLink(path.join(outside, 'settings.py'), path.join(dir, 'settings_outside.py'));
    if (random.chance(0.5)) tryLink('/proc/self/pagemap', path.join(dir, 'settings_pagemap.py'));
  }
  if (random.chance(0.5)) tryLink(outside, path.join(root, 'linked_templates', 'templates'));
  if (random.chance(0.5)) tryLink(path.join(outside, 'templates'), path.join(root, 'templates', 'linked'));
  if (random.chance(0.5)) tryLink(path.join(outside, 'web.conf'), path.join(root, 'deploy', 'linked.conf'));
  if (random.chance(0.5)) tryLink('/dev/zero', path.join(root, 'requirements-zero.txt'));
  if (random.chance(0.5)) tryLink(path.join(outside, 'made-through-a-link.css'), path.join(root, 'static', 'css', 'site.css'));
  if (random.chance(0.5)) tryLink(path.join(outside, 'made-through-a-link.py'), path.join(root, 'apps', '__init__.py'));
  if (random.chance(0.5)) tryFifo(path.join(root, 'templates', 'fifo.html'));
  if (random.chance(0.5)) tryFifo(path.join(root, 'deploy', 'fifo.conf'));
}

/** Every file below `dir` (links not followed) with its content, to tell that nothing there changed. */
export function snapshotFolder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = entry.isFile() ? fs.readFileSync(file, 'base64') : entry.isDirectory() ? '<dir>' : '<other>';
  }
  return files;
}
