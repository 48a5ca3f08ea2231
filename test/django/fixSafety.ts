// The fix-safety referee: applies a project's fixes one at a time, as `check --fix` does, on a copy, and imports
// the production settings with real Django before and after each (test/django/settings_snapshot.py, which stubs
// third-party packages that are not installed). A fix fails the referee when it changes a setting its code does
// not declare (service/codes.ts `settings`), when a list or dict loses entries its code may not drop, or when the
// settings imported before it and no longer do (except for a variable its title says production must now set).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFix } from '../../server/src/host/fixWriter';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { productionProcesses } from '../../server/src/service/deploy/model';
import { brokenModuleReason, fixAttemptKey, nextUntriedFix } from '../../server/src/service/fixes/batch';
import { unsafeFixReason } from '../../server/src/service/fixes/safety';
import { LanguageService } from '../../server/src/service/index';
import { ruleMeta } from '../../server/src/service/codes';
import type { Fix } from '../../server/src/service/types';
import { REPO_ROOT, SYSTEM_PYTHON } from '../helpers/paths';

const SNAPSHOT_SCRIPT = path.join(REPO_ROOT, 'test', 'django', 'settings_snapshot.py');
const STRONG_KEY = 'n8#Qv2$Lr5!Tz9@Wx3^Yk7&Pm1*Hs6(Dc4)Gf0_Jb-Ua+Eo=Ri';

/** Every setting as settings_snapshot.py prints it: canonical JSON per name. */
export type Snapshot = { ok: true; settings: Record<string, unknown> } | { ok: false; error: string };

/** The interpreters with a Django, oldest first: Debian's 3.2, then the series scripts/django-referees.sh unpacked. */
export function djangoPythons(): { series: string; python: string }[] {
  const tools = process.env.DJANGO_REFEREES_DIR ?? path.join(REPO_ROOT, '.tools');
  const unpacked = ['4.2', '5.2', '6.1'].map((series) => ({ series, python: path.join(tools, `django-${series}`, 'bin', 'python') }));
  return [{ series: '3.2', python: SYSTEM_PYTHON }, ...unpacked].filter((candidate) => fs.existsSync(candidate.python));
}

/** A referee: a Python with a Django, and whether every third-party package is stubbed (DJANGO_READY_STUB_ALL). */
interface Referee {
  series: string;
  python: string;
  stubAll: boolean;
}

/**
 * The referees to try, most faithful first: each Django with the packages installed beside it, then the unpacked
 * ones (whose Django sits in a tree of its own) with every other package stubbed, for projects whose settings need
 * a package version this machine does not have.
 */
function referees(): Referee[] {
  const pythons = djangoPythons();
  return [
    ...pythons.map((python) => ({ ...python, stubAll: false })),
    ...pythons.filter((python) => python.series !== '3.2').map((python) => ({ ...python, stubAll: true })),
  ];
}

export function snapshotSettings(python: string, roots: string[], module: string, env: Record<string, string>): Snapshot {
  const result = spawnSync(python, [SNAPSHOT_SCRIPT, ...roots], {
    cwd: roots[0],
    env: { PATH: '/usr/bin:/bin', HOME: roots[0], LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', ...env, DJANGO_SETTINGS_MODULE: module },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  const last = (result.stdout ?? '').trimEnd().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as Snapshot;
  } catch {
    return { ok: false, error: result.error?.message ?? `no answer (exit ${result.status}): ${(result.stderr ?? '').trim().split('\n').pop()}` };
  }
}

/** A value for a variable the settings read without a default, shaped after its name so casts and parsers accept it. */
export function placeholderFor(name: string): string {
  if (/DATABASE_URL|DB_URL/.test(name)) return 'postgres://app:secret@localhost:5432/app';
  if (/REDIS|CACHE.*URL|BROKER|CELERY.*URL/.test(name)) return 'redis://localhost:6379/0';
  if (/URL$/.test(name)) return 'https://example.com';
  if (/HOSTS?$|DOMAINS?$/.test(name)) return 'example.com';
  if (/PORT$/.test(name)) return '5432';
  if (/DEBUG/.test(name)) return 'False';
  if (/KEY|SECRET|TOKEN|PASSWORD/.test(name)) return STRONG_KEY;
  if (/EMAIL/.test(name)) return 'admin@example.com';
  return '1';
}

/** "production must then set $X": the variables a committed-secret fix may newly require. */
export function variablesTheTitleRequires(fix: Fix): string[] {
  return [...fix.title.matchAll(/production must (?:then )?set \$([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]);
}

export interface FixVerdict {
  code: string;
  title: string;
  /** Settings whose value changed (added, removed or different). */
  changed: string[];
  /** Changed settings the code does not declare, and that do not read a declared one either. */
  unconcerned: string[];
  /** Changed settings the code does not declare whose statement reads one it does (`X = not DEBUG`). */
  derived: string[];
  /** `SETTING: entry` for entries of lists and dicts that disappeared. */
  lost: string[];
  /** The import error after the fix, when the settings imported before it. */
  broke?: string;
}

export interface ProjectVerdict {
  name: string;
  /** The Django series that imported the settings (with every third-party package stubbed or not), or why none could. */
  imported: { series: string; stubAll: boolean } | { error: string };
  fixes: FixVerdict[];
  /** Fixes not applied, with the reason (a syntax error in the module, a change outside the project). */
  skipped: string[];
  /** How the Python files the fixes edited are laid out, before and after every fix. */
  layout: LayoutVerdict[];
}

export interface LayoutVerdict {
  file: string;
  /** Lines the fixes wrote that are longer than 99 characters. */
  longLines: string[];
  /** Whether Black (line length 99) leaves the file as it is, before the fixes and after; undefined when not run. */
  blackBefore?: boolean;
  blackAfter?: boolean;
}

/** Entries inside lists, tuples, sets and dicts (dict keys, scalar items), at any depth, as a multiset. */
function entriesOf(value: unknown, into: Map<string, number> = new Map()): Map<string, number> {
  if (!value || typeof value !== 'object') return into;
  const record = value as Record<string, unknown>;
  const add = (key: string): void => void into.set(key, (into.get(key) ?? 0) + 1);
  if (Array.isArray(record.dict)) {
    for (const [key, item] of record.dict as [unknown, unknown][]) {
      add(`key ${JSON.stringify(key)}`);
      entriesOf(item, into);
    }
  }
  for (const kind of ['list', 'tuple', 'set']) {
    if (!Array.isArray(record[kind])) continue;
    for (const item of record[kind] as unknown[]) {
      if (item && typeof item === 'object' && !('path' in item) && !('stub' in item)) entriesOf(item, into);
      else add(JSON.stringify(item));
    }
  }
  return into;
}

function lostEntries(before: unknown, after: unknown): string[] {
  const left = entriesOf(after);
  const lost: string[] = [];
  for (const [entry, count] of entriesOf(before)) {
    const missing = count - (left.get(entry) ?? 0);
    for (let i = 0; i < missing; i++) lost.push(entry);
  }
  return lost;
}

/** The text of the top-level statement that sets `name` in production, for telling derived changes apart. */
function statementText(analysis: ProjectAnalysis, name: string): string {
  const binding = analysis.evaluation?.settings.get(name);
  const module = binding && analysis.evaluation?.modules.find((candidate) => candidate.ref.file === binding.statement.file);
  const parsed = module?.parsed;
  if (!binding || !parsed) return '';
  const start = parsed.lines.offset(binding.statement.range.start);
  const statement = parsed.module.statements.find((candidate) => candidate.base <= start && start < candidate.base + candidate.text.length);
  return statement?.text ?? '';
}

export function judgeFix(
  code: string,
  title: string,
  before: Record<string, unknown>,
  after: Snapshot,
  analysisAfter: ProjectAnalysis | undefined,
): FixVerdict {
  const meta = ruleMeta(code);
  const declared = new Set(meta?.settings ?? []);
  const drops = new Set(meta?.drops ?? []);
  const verdict: FixVerdict = { code, title, changed: [], unconcerned: [], derived: [], lost: [] };
  if (!after.ok) {
    verdict.broke = after.error;
    return verdict;
  }
  const names = [...new Set([...Object.keys(before), ...Object.keys(after.settings)])].sort();
  for (const name of names) {
    if (JSON.stringify(before[name]) === JSON.stringify(after.settings[name])) continue;
    verdict.changed.push(name);
    if (!declared.has(name)) {
      const text = analysisAfter ? statementText(analysisAfter, name) : '';
      const reads = [...declared].some((setting) => new RegExp(`\\b${setting}\\b`).test(text));
      (reads ? verdict.derived : verdict.unconcerned).push(name);
    }
    if (name in before && name in after.settings && !drops.has(name)) {
      for (const entry of lostEntries(before[name], after.settings[name])) verdict.lost.push(`${name}: ${entry}`);
    }
  }
  return verdict;
}

/** The problems of a verdict, as the test reports them. */
export function problemsOf(verdict: FixVerdict): string[] {
  const where = `${verdict.code} "${verdict.title}"`;
  return [
    ...(verdict.broke ? [`${where} broke the import: ${verdict.broke}`] : []),
    ...verdict.unconcerned.map((name) => `${where} changed ${name}, which its code does not declare`),
    ...verdict.lost.map((entry) => `${where} lost ${entry}`),
  ];
}

function analyse(root: string, scanRoot: string): ProjectAnalysis | undefined {
  const service = new LanguageService(new NodeFileSystem());
  const project = service.discover([scanRoot]).projects.find((candidate) => candidate.root === root);
  return project && service.analyze(project);
}

/** The folder `module` is imported from (a module production finds through its image's PYTHONPATH has its own). */
function importRootOf(file: string, module: string): string {
  const tail = path.join(...module.split('.'));
  const withoutExtension = file.replace(/(\/__init__)?\.py$/, '');
  return withoutExtension.endsWith(tail) ? withoutExtension.slice(0, withoutExtension.length - tail.length).replace(/\/$/, '') || '/' : path.dirname(file);
}

/** Files a fix touches, with their content before it (undefined: created), so a fix that broke can be undone. */
function backup(fix: Fix): Map<string, string | undefined> {
  const saved = new Map<string, string | undefined>();
  for (const change of fix.changes)
    if (!saved.has(change.file)) saved.set(change.file, fs.existsSync(change.file) ? fs.readFileSync(change.file, 'utf8') : undefined);
  return saved;
}

function restore(saved: Map<string, string | undefined>): void {
  for (const [file, content] of saved) {
    if (content === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, content);
  }
}

/**
 * Runs the referee over every project found in `scanRoot` (a throwaway copy: its files are rewritten). The
 * settings are imported by the oldest Django that can; a project none can import is reported, not judged.
 */
export function refereeFolder(name: string, scanRoot: string): ProjectVerdict[] {
  const projects = new LanguageService(new NodeFileSystem()).discover([scanRoot]).projects;
  return projects.map((project) =>
    refereeProject(projects.length > 1 ? `${name} (${path.relative(scanRoot, project.root) || '.'})` : name, project.root, scanRoot),
  );
}

function refereeProject(name: string, root: string, scanRoot: string): ProjectVerdict {
  let analysis = analyse(root, scanRoot);
  const verdict: ProjectVerdict = { name, imported: { error: 'no production settings module' }, fixes: [], skipped: [], layout: [] };
  const module = analysis?.settings?.moduleName;
  if (!analysis || !module) return verdict;
  const roots = [...new Set([root, ...analysis.project.pythonRoots, importRootOf(analysis.settings!.file, module)])];
  // What the production processes get, as written in the deployment; placeholders for the rest the settings require.
  let env: Record<string, string> = {};
  for (const process of productionProcesses(analysis.project.deployment)) {
    for (const assignment of process.environment)
      if (assignment.value !== undefined && !assignment.template && !assignment.value.includes('$')) env[assignment.name] = assignment.value;
  }
  for (const read of analysis.environment) if (read.required && !(read.name in env)) env[read.name] = placeholderFor(read.name);
  let python: string | undefined;
  let before: Record<string, unknown> | undefined;
  const errors: string[] = [];
  for (const candidate of referees()) {
    const refereeEnv: Record<string, string> = candidate.stubAll ? { DJANGO_READY_STUB_ALL: '1' } : {};
    const snapshot = snapshotSettings(candidate.python, roots, module, { ...env, ...refereeEnv });
    if (snapshot.ok) {
      python = candidate.python;
      before = snapshot.settings;
      env = { ...env, ...refereeEnv };
      verdict.imported = { series: candidate.series, stubAll: candidate.stubAll };
      break;
    }
    errors.push(`Django ${candidate.series}${candidate.stubAll ? ' (all stubbed)' : ''}: ${snapshot.error}`);
  }
  if (!python || !before) {
    verdict.imported = { error: [...new Set(errors.map((error) => error.replace(/^Django [^:]*: /, '')))].join('; ') };
    return verdict;
  }
  const originals = new Map<string, string | undefined>();
  const tried = new Set<string>();
  for (let round = 0; analysis && round < 100; round++) {
    const next = nextUntriedFix([analysis], tried);
    if (!next) break;
    tried.add(fixAttemptKey(next.finding, next.fix));
    const blocked = unsafeFixReason(new NodeFileSystem(), next.fix, root) ?? brokenModuleReason(analysis, next.fix);
    if (blocked) {
      verdict.skipped.push(`${next.finding.code}: ${blocked}`);
      continue;
    }
    const saved = backup(next.fix);
    for (const [file, content] of saved) if (!originals.has(file)) originals.set(file, content);
    writeFix(next.fix, root);
    const required = Object.fromEntries(variablesTheTitleRequires(next.fix).map((variable) => [variable, placeholderFor(variable)]));
    const after = snapshotSettings(python, roots, module, { ...env, ...required });
    const analysisAfter = analyse(root, scanRoot);
    const fixVerdict = judgeFix(next.finding.code, next.fix.title, before, after, analysisAfter);
    verdict.fixes.push(fixVerdict);
    if (after.ok) {
      before = after.settings;
      env = { ...env, ...required };
      analysis = analysisAfter;
    } else {
      // Undo it, so the fixes after it are judged on settings that import.
      restore(saved);
      analysis = analyse(root, scanRoot);
    }
  }
  verdict.layout = [...originals].filter(([file]) => file.endsWith('.py')).map(([file, original]) => judgeLayout(root, file, original));
  return verdict;
}

const LINE_LENGTH = 99;

/** Whether Black at line length 99 leaves `text` as it is; undefined when Black is not installed. */
function blackLeavesAlone(text: string): boolean | undefined {
  const run = spawnSync('black', ['--quiet', '--check', '--line-length', String(LINE_LENGTH), '-'], { input: text, encoding: 'utf8', timeout: 60_000 });
  if (run.error || (run.status !== 0 && run.status !== 1)) return undefined;
  return run.status === 0;
}

function judgeLayout(root: string, file: string, original: string | undefined): LayoutVerdict {
  const text = fs.readFileSync(file, 'utf8');
  const before = new Set((original ?? '').split(/\r?\n/));
  const longLines = text.split(/\r?\n/).filter((line) => line.length > LINE_LENGTH && !before.has(line));
  const verdict: LayoutVerdict = { file: path.relative(root, file), longLines };
  if (original !== undefined) {
    verdict.blackBefore = blackLeavesAlone(original);
    verdict.blackAfter = blackLeavesAlone(text);
  }
  return verdict;
}

/** The layout problems of a project: long lines the fixes wrote, and a file Black left alone that it would now change. */
export function layoutProblems(project: ProjectVerdict): string[] {
  return project.layout.flatMap((file) => [
    ...file.longLines.map((line) => `${file.file}: a fix wrote ${line.length} characters: ${line.trim()}`),
    ...(file.blackBefore === true && file.blackAfter === false ? [`${file.file}: Black left it alone before the fixes and would reformat it after`] : []),
  ]);
}

/** The referee's table, as markdown: one row per fix, and one per project that could not be imported. */
export function verdictTable(verdicts: readonly ProjectVerdict[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Fix safety',
    '',
    'Each fix `check --fix` applies, in order, on a copy; the production settings imported with real Django before and',
    'after it (third-party packages that are not installed stubbed; "all stubbed": every package but Django). Written',
    'by test/django/fix-safety.test.ts.',
    '',
    '| Project | Imported | Fix | Settings changed | Broke | Lost |',
    '|---|---|---|---|---|---|',
  ];
  for (const project of verdicts) {
    const imported =
      'series' in project.imported ? `Django ${project.imported.series}${project.imported.stubAll ? ' (all stubbed)' : ''}` : `no: ${project.imported.error}`;
    if (!project.fixes.length) lines.push(`| ${cell(project.name)} | ${cell(imported)} | (none) | | | |`);
    for (const fix of project.fixes) {
      const changed = [
        ...fix.changed.map((name) =>
          fix.unconcerned.includes(name) ? `**${name}** (not declared)` : fix.derived.includes(name) ? `${name} (reads a declared setting)` : name,
        ),
      ];
      lines.push(
        `| ${cell(project.name)} | ${cell(imported)} | ${cell(`${fix.code} ${fix.title}`)} | ${cell(changed.join(', ') || '-')} | ${cell(fix.broke ?? 'no')} | ${cell(fix.lost.join(', ') || '-')} |`,
      );
    }
  }
  lines.push(
    '',
    '## Layout of the edited Python files',
    '',
    'Lines the fixes wrote past 99 characters, and Black (line length 99) before and after the fixes.',
    '',
  );
  lines.push('| Project | File | Lines past 99 | Black before | Black after |', '|---|---|---|---|---|');
  const black = (value: boolean | undefined): string => (value === undefined ? 'not run' : value ? 'unchanged' : 'would reformat');
  for (const project of verdicts) {
    for (const file of project.layout)
      lines.push(`| ${cell(project.name)} | ${cell(file.file)} | ${file.longLines.length} | ${black(file.blackBefore)} | ${black(file.blackAfter)} |`);
  }
  return `${lines.join('\n')}\n`;
}
