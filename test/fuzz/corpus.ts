// What the fuzzers and the fix-soundness tests run over: a throwaway copy of every fixture project
// (test/fixtures/**, examples/mysite), and a host project holding every supervisor fixture file, with the files
// to edit in each: its settings modules and supervisor files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { LanguageService } from '../../server/src/service/index';
import { FIXTURES, REPO_ROOT } from '../helpers/paths';
import { writeProject } from '../helpers/project';

export interface Workspace {
  /** Short label for test names and failure messages. */
  name: string;
  /** A fresh copy, removed when the test file ends. */
  root: string;
  /** Settings modules and supervisor files of the projects in it. */
  targets: string[];
}

/** Folders holding fixture projects (each holds one or more manage.py). */
export const FIXTURE_PROJECTS: readonly string[] = [
  path.join(REPO_ROOT, 'examples', 'mysite'),
  ...fs.readdirSync(path.join(FIXTURES, 'projects')).map((name) => path.join(FIXTURES, 'projects', name)),
  path.join(FIXTURES, 'discovery', 'monorepo'),
  path.join(FIXTURES, 'supervisor', 'django-site'),
];

const SUPERVISOR_GROUPS = ['valid', 'silent', 'rejected', 'project'];

/** Every file under `dir` as relative path -> text. */
export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
  }
  return files;
}

export function label(source: string): string {
  return path.relative(REPO_ROOT, source);
}

/** A fresh copy of one fixture project folder, `extra` files on top. */
export function copyFixture(source: string, extra: Record<string, string> = {}): string {
  return writeProject({ ...readTree(source), ...extra });
}

/** Settings modules and supervisor files of every project under `root`. */
export function targetsOf(root: string): string[] {
  const service = new LanguageService(new NodeFileSystem());
  const files = new Set<string>();
  for (const project of service.discover([root]).projects) {
    for (const module of project.settingsModules) files.add(module.file);
    for (const file of project.supervisorFiles) files.add(file);
  }
  return [...files].sort();
}

/** A project (a copy of the startproject fixture) holding every supervisor fixture under deploy/supervisor/. */
export function supervisorHost(): { root: string; confs: string[] } {
  const files: Record<string, string> = {};
  for (const group of SUPERVISOR_GROUPS) {
    for (const [relative, text] of Object.entries(readTree(path.join(FIXTURES, 'supervisor', group)))) {
      if (relative.endsWith('.conf')) files[path.join('deploy', 'supervisor', group, relative)] = text;
    }
  }
  const root = copyFixture(path.join(FIXTURES, 'projects', 'startproject'), files);
  return { root, confs: Object.keys(files).map((relative) => path.join(root, relative)) };
}

export const SUPERVISOR_HOST_NAME = 'test/fixtures/supervisor (in a project)';

/** One workspace per fixture project folder, plus one holding every supervisor fixture in a project. */
export function fuzzWorkspaces(): Workspace[] {
  const workspaces = FIXTURE_PROJECTS.map((source) => {
    const root = copyFixture(source);
    return { name: label(source), root, targets: targetsOf(root) };
  });
  const host = supervisorHost();
  workspaces.push({ name: SUPERVISOR_HOST_NAME, root: host.root, targets: [...new Set([...targetsOf(host.root), ...host.confs])].sort() });
  return workspaces;
}

export function languageIdOf(file: string): string {
  return file.endsWith('.py') ? 'python' : 'supervisor';
}
