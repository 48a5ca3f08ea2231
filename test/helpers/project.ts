// Helpers to build throwaway Django projects on disk and run the real service over them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { writeFix } from '../../server/src/host/fixWriter';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import type { ConfigOverrides } from '../../server/src/service/project/config';
import { LanguageService } from '../../server/src/service/index';
import type { Finding, Fix } from '../../server/src/service/types';
import { FIXTURES } from './paths';
import { pythonSyntaxError } from './python';

const created: string[] = [];

function removeCreated(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// Registered when this module loads, so at the top level of the test file: the hook runs once every test of the
// file has ended (inside a test it would run after that test only, and leave every later folder behind). The exit
// hook catches a file that ends without reaching it (a crash, process.exit).
after(removeCreated);
process.once('exit', removeCreated);

/** Writes `files` (relative path -> content) into a new temporary folder, removed when the test file ends. */
export function writeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  created.push(dir);
  return dir;
}

/** A copy of the project under test/fixtures/projects/<name> in a new temporary folder, with `extra` files on top. */
export function fixtureProject(name: string, extra: Record<string, string> = {}): string {
  const source = path.join(FIXTURES, 'projects', name);
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(source, file)] = fs.readFileSync(file, 'utf8');
  }
  return writeProject({ ...files, ...extra });
}

export const MANAGE_PY = (settings: string): string =>
  `import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${settings}")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n`;

/** A one-settings-file project: manage.py + mysite/settings.py with the given text (+ extra files). */
export function settingsProject(settings: string, extra: Record<string, string> = {}): string {
  return writeProject({ 'manage.py': MANAGE_PY('mysite.settings'), 'mysite/__init__.py': '', 'mysite/settings.py': settings, ...extra });
}

/** A settings package: manage.py + conf/settings/base.py and conf/settings/production.py (the one production loads). */
export function splitSettingsProject(base: string, production: string, extra: Record<string, string> = {}): string {
  return writeProject({
    'manage.py': MANAGE_PY('conf.settings.production'),
    'conf/__init__.py': '',
    'conf/settings/__init__.py': '',
    'conf/settings/base.py': base,
    'conf/settings/production.py': production,
    ...extra,
  });
}

export function analyze(root: string, overrides?: ConfigOverrides): ProjectAnalysis[] {
  const service = new LanguageService(new NodeFileSystem());
  const discovery = service.discover([root], { overrides });
  return discovery.projects.map((project) => service.analyze(project));
}

export function analyzeOne(root: string, overrides?: ConfigOverrides): ProjectAnalysis {
  const analyses = analyze(root, overrides);
  if (analyses.length !== 1) throw new Error(`expected one project under ${root}, found ${analyses.length}`);
  return analyses[0];
}

export function codes(analysis: ProjectAnalysis): string[] {
  return analysis.findings.map((finding) => finding.code).sort();
}

export function findingsOf(analysis: ProjectAnalysis, code: string): Finding[] {
  return analysis.findings.filter((finding) => finding.code === code);
}

/**
 * Applies a fix to the files on disk (creating new files, never overwriting), as the CLI does, confined to the
 * temporary project (made by writeProject) that holds its first file.
 */
export function applyFix(fix: Fix): void {
  const file = fix.changes[0]?.file;
  const root = created.find((dir) => file !== undefined && path.relative(dir, file).split(path.sep)[0] !== '..');
  if (!root) throw new Error(`${file} is in no project this test made`);
  writeFix(fix, root);
}

export function read(root: string, relative: string): string {
  return fs.readFileSync(path.join(root, relative), 'utf8');
}

/**
 * Applies the fixes of findings with the given codes one at a time, re-analysing after each (as the CLI's --fix
 * does), until none is left; returns the fixes applied, in order.
 */
export function applyFixesFor(root: string, fixCodes: string[], overrides?: ConfigOverrides): Fix[] {
  const applied: Fix[] = [];
  for (let round = 0; round < 50; round++) {
    const finding = analyzeOne(root, overrides).findings.find((f) => f.fix && fixCodes.includes(f.code));
    if (!finding) return applied;
    applyFix(finding.fix!);
    applied.push(finding.fix!);
  }
  throw new Error(`fixes for ${fixCodes.join(', ')} never settle under ${root}`);
}

/**
 * Applies the fix of the first finding with `code`, checks that every edited Python file still parses with the
 * real interpreter, and that re-analysis reports that finding no more and offers the same fix nowhere. Returns
 * the analysis after the fix.
 */
export function fixAndRecheck(root: string, code: string, overrides?: ConfigOverrides): ProjectAnalysis {
  const before = findingsOf(analyzeOne(root, overrides), code);
  const fixed = before[0];
  if (!fixed?.fix) throw new Error(`expected a fixable ${code}, found ${before.length ? 'one without a fix' : 'none'}`);
  applyFix(fixed.fix);
  for (const change of fixed.fix.changes) {
    if (!change.file.endsWith('.py')) continue;
    const error = pythonSyntaxError(fs.readFileSync(change.file, 'utf8'));
    if (error) throw new Error(`${change.file} no longer parses after the ${code} fix: ${error}`);
  }
  const after = analyzeOne(root, overrides);
  const left = findingsOf(after, code);
  const again = left.find((finding) => finding.message === fixed.message || JSON.stringify(finding.fix) === JSON.stringify(fixed.fix));
  if (again || left.length >= before.length) throw new Error(`${code} is still reported after its fix: ${(again ?? left[0]).message}`);
  return after;
}
