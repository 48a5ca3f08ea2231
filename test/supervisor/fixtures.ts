// Loads the supervisor fixtures and their annotations. A fixture is a .conf file, or a folder of files
// read together. Annotations are comments at the top of a file:
//   ; expect: DR735 DR736      the codes the validator must report for this file (or `none`)
//   ; supervisord: <text>      supervisord refuses the fixture, and its error contains <text>
//   ; context: project         validate with PROJECT_CONTEXT
// A `<name>.fixed` file next to `<name>.conf` is the text after applying every fix to it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../helpers/paths';
import type { SupervisorProjectContext } from '../../server/src/service/supervisor/validate';

export const SUPERVISOR_FIXTURES = path.join(FIXTURES, 'supervisor');

export const PROJECT_CONTEXT: SupervisorProjectContext = {
  projectRoot: 'src',
  settingsModules: [
    { module: 'config.settings.base', role: 'base' },
    { module: 'config.settings.local', role: 'development' },
    { module: 'config.settings.production', role: 'production' },
  ],
  wsgiApplication: 'config.wsgi.application',
  asgiApplication: 'config.asgi.application',
  celeryApps: ['config.celery_app'],
};

export interface FixtureFile {
  path: string;
  text: string;
  expect: string[];
  fixed: string | null;
}

export interface Fixture {
  name: string;
  files: FixtureFile[];
  supervisordError: string | null;
  context: SupervisorProjectContext | undefined;
}

function annotation(text: string, name: string): string | null {
  const match = new RegExp(`^\\ufeff?;\\s*${name}:\\s*(.*)$`, 'm').exec(text);
  return match ? match[1].trim() : null;
}

function readFile(file: string): FixtureFile {
  const text = fs.readFileSync(file, 'utf8');
  const codes = annotation(text, 'expect');
  if (codes === null) throw new Error(`${file} has no '; expect:' line`);
  const fixedPath = file.replace(/\.conf$/, '.fixed');
  return {
    path: file,
    text,
    expect: codes === 'none' ? [] : codes.split(/\s+/).sort(),
    fixed: fs.existsSync(fixedPath) ? fs.readFileSync(fixedPath, 'utf8') : null,
  };
}

function confFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? confFiles(path.join(dir, e.name)) : e.name.endsWith('.conf') ? [path.join(dir, e.name)] : []))
    .sort();
}

export function loadFixtures(group: 'valid' | 'rejected' | 'silent' | 'project'): Fixture[] {
  const dir = path.join(SUPERVISOR_FIXTURES, group);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() || e.name.endsWith('.conf'))
    .map((e) => {
      const full = path.join(dir, e.name);
      const files = (e.isDirectory() ? confFiles(full) : [full]).map(readFile);
      const all = files.map((f) => f.text).join('\n');
      return {
        name: `${group}/${e.name}`,
        files,
        supervisordError: annotation(all, 'supervisord'),
        context: annotation(all, 'context') === 'project' ? PROJECT_CONTEXT : undefined,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
