// "Fix all" for one project, planned in memory: apply one fix, re-analyse the result, pick the next fix, until
// none is left. Every fix therefore sees the text the previous ones produced, and nothing touches the disk;
// the caller turns the per-file outcomes into one workspace edit.
import { brokenModuleReason, fixAttemptKey, nextUntriedFix } from '../service/fixes/batch';
import { unsafeFixReason } from '../service/fixes/safety';
import { applyTextEdits, changesByFile } from '../service/fixes/textEdits';
import { LanguageService } from '../service/index';
import type { ConfigOverrides } from '../service/project/config';
import { exists, FileReadError, type FileSystem } from '../service/project/fileSystem';
import type { DjangoProject } from '../service/project/model';
import { OverlayFileSystem, type OverlayText } from '../service/project/overlayFileSystem';
import type { Fix } from '../service/types';
import type { FileOutcome } from './workspaceEdits';
import { changeNeedsRediscovery } from './watchers';

const MAX_ROUNDS = 100;

export interface FixAllPlan {
  outcomes: FileOutcome[];
  applied: string[];
  skipped: string[];
}

export interface FixAllInput {
  /** What the editor sees now (open buffers over disk). */
  fs: FileSystem;
  project: DjangoProject;
  overrides: ConfigOverrides;
  /** False for an editor that cannot create files: fixes that would are skipped. */
  createFiles?: boolean;
}

export function planFixAll({ fs, project: initial, overrides, createFiles = true }: FixAllInput): FixAllPlan {
  const planned = new Map<string, OverlayText>();
  const originals = new Map<string, string | undefined>();
  const scratch = new OverlayFileSystem(fs, planned);
  const service = new LanguageService(scratch);
  let project: DjangoProject | undefined = initial;
  const tried = new Set<string>();
  const applied: string[] = [];
  const skipped: string[] = [];
  for (let round = 0; project && round < MAX_ROUNDS; round++) {
    const next = nextUntriedFix([service.analyze(project)], tried);
    if (!next) break;
    tried.add(fixAttemptKey(next.finding, next.fix));
    const blocked =
      (!createFiles && next.fix.changes.some((change) => change.kind === 'create') ? 'it creates a file, which this editor cannot do' : undefined) ??
      unsafeFixReason(scratch, next.fix, project.root) ??
      brokenModuleReason(next.analysis, next.fix);
    if (blocked) {
      skipped.push(`${next.finding.code}: ${blocked}`);
      continue;
    }
    const result = applyInMemory(scratch, planned, originals, next.fix, round);
    if (typeof result === 'string') {
      skipped.push(`${next.finding.code}: ${result}`);
      continue;
    }
    applied.push(next.fix.title);
    if (result.some((file) => changeNeedsRediscovery(file, originals.get(file) === undefined))) {
      project = service.discover([project.scanRoot], { overrides }).projects.find((candidate) => candidate.root === initial.root);
    }
  }
  const outcomes = [...originals].map(([file, before]) => ({ file, before, after: planned.get(file)!.text }));
  return { outcomes: outcomes.filter((outcome) => outcome.before !== outcome.after), applied, skipped };
}

/** Applies a fix to the planned texts; returns the files it changed, or why it could not be applied. */
function applyInMemory(fs: FileSystem, planned: Map<string, OverlayText>, originals: Map<string, string | undefined>, fix: Fix, round: number): string[] | string {
  const updates = new Map<string, string>();
  for (const [file, changes] of changesByFile(fix.changes)) {
    const created = changes.find((change) => change.kind === 'create');
    if (created?.kind === 'create') {
      // Never overwrite: a file that already exists keeps its content.
      if (!exists(fs, file)) updates.set(file, created.content);
      continue;
    }
    const current = fs.readText(file);
    if (current instanceof FileReadError) return `${file} cannot be read`;
    if (current.invalidUtf8) return `${file} is not valid UTF-8`;
    try {
      updates.set(file, applyTextEdits(current.text, changes.flatMap((change) => (change.kind === 'edit' ? change.edits : []))));
    } catch (error) {
      return (error as Error).message;
    }
  }
  for (const [file, text] of updates) {
    if (!originals.has(file)) {
      const before = fs.readText(file);
      originals.set(file, before instanceof FileReadError ? undefined : before.text);
    }
    planned.set(file, { text, version: `planned:${round}` });
  }
  return [...updates.keys()];
}
