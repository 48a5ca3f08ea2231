// Findings as LSP diagnostics, grouped by the file they point at, each carrying in `data` the edits its code
// actions apply, so answering a code action needs no server state.
import type { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, ignoreActionTitle, type PlannedEdit } from '../protocol';
import { type ProjectAnalysis, FileReadError, LineIndex, docsUrl, unsafeChangeReason, unsafeFixReason, type FileStat, type FileSystem } from '../service/index';
import type { Finding, Fix, Severity } from '../service/types';
import { ignoreEdit } from './ignoreComments';
import { type EditTargets, fixWorkspaceEdit, singleFileEdit } from './workspaceEdits';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, info: 3, hint: 4 };

interface DiagnosticContext extends EditTargets {
  fs: FileSystem;
  languageIdOf(file: string): string | undefined;
}

/** Every finding of the analysis as a diagnostic, keyed by the URI of its file. */
export function diagnosticsByUri(analysis: ProjectAnalysis, context: DiagnosticContext): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  // Every fix's safety check asks about the same few folders: ask the disk once per run.
  const quick = { ...context, fs: memoizedPaths(context.fs) };
  const lines = lineIndexes(context.fs);
  for (const finding of analysis.findings) {
    const uri = context.uriOf(finding.location.file);
    const list = byUri.get(uri) ?? [];
    list.push(toDiagnostic(finding, analysis.project.root, quick, lines));
    byUri.set(uri, list);
  }
  return byUri;
}

/** `stat` and `realPath` answered once per path. */
function memoizedPaths(fs: FileSystem): FileSystem {
  const stats = new Map<string, FileStat | undefined>();
  const realPaths = new Map<string, string | undefined>();
  const once = <T>(cache: Map<string, T>, key: string, compute: () => T): T => {
    if (!cache.has(key)) cache.set(key, compute());
    return cache.get(key) as T;
  };
  return {
    readText: (file) => fs.readText(file),
    readDir: (dir) => fs.readDir(dir),
    stat: (file) => once(stats, file, () => fs.stat(file)),
    realPath: (file) => once(realPaths, file, () => fs.realPath(file)),
  };
}

function toDiagnostic(finding: Finding, root: string, context: DiagnosticContext, lines: (file: string) => LineIndex | undefined): Diagnostic {
  const data: DiagnosticData = {
    djangoId: finding.djangoId,
    area: finding.area,
    fix: plannedFix(finding, root, context),
    ignore: plannedIgnore(finding, root, context, lines),
  };
  return {
    range: firstLineOf(finding.location.range, lines(finding.location.file)),
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    codeDescription: { href: docsUrl(finding.code) },
    message: finding.message,
    relatedInformation: finding.related.map((related) => ({
      location: { uri: context.uriOf(related.location.file), range: related.location.range },
      message: related.message,
    })),
    data,
  };
}

/**
 * A multi-line statement's squiggle underlines its first line only: the whole of a 40-line MIDDLEWARE list drawn
 * wavy hides the code it is about, and a quick fix asked for on that line still finds the finding.
 */
export function firstLineOf(range: Range, lines: LineIndex | undefined): Range {
  if (range.end.line === range.start.line || !lines) return range;
  const end = lines.lineEnd(range.start.line) - lines.lineStart(range.start.line);
  return { start: range.start, end: { line: range.start.line, character: Math.max(end, range.start.character) } };
}

/** The finding's fix when it may be offered: one that would leave the project (or edit a missing file) never is. */
export function offeredFix(finding: Finding, root: string, fs: FileSystem): Fix | null {
  return finding.fix && !unsafeFixReason(fs, finding.fix, root) ? finding.fix : null;
}

function plannedFix(finding: Finding, root: string, context: DiagnosticContext): PlannedEdit | null {
  const fix = offeredFix(finding, root, context.fs);
  return fix && { title: fix.title, edit: fixWorkspaceEdit(fix, context) };
}

/** The "ignore" comment, under the same rule as every fix: only in a file whose real path is inside the project. */
function plannedIgnore(finding: Finding, root: string, context: DiagnosticContext, lines: (file: string) => LineIndex | undefined): PlannedEdit | null {
  const file = finding.location.file;
  if (unsafeChangeReason(context.fs, { kind: 'edit', file, edits: [] }, root)) return null;
  const index = lines(file);
  const edit = index && ignoreEdit(file, index, finding.location.range.start.line, finding.code, context.languageIdOf(file));
  return edit ? { title: ignoreActionTitle(finding.code), edit: singleFileEdit(context, file, edit) } : null;
}

function lineIndexes(fs: FileSystem): (file: string) => LineIndex | undefined {
  const cache = new Map<string, LineIndex | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      const content = fs.readText(file);
      cache.set(file, content instanceof FileReadError ? undefined : LineIndex.of(content.text));
    }
    return cache.get(file);
  };
}

/**
 * Sends `textDocument/publishDiagnostics`: a file's diagnostics are the union of what every project says
 * about it, and a file a project no longer reports on is cleared. Unchanged files are not re-sent, except an
 * open document whose version moved on: its diagnostics carry the version every project analysed.
 */
export class DiagnosticsPublisher {
  private readonly byUri = new Map<string, Map<string, { diagnostics: Diagnostic[]; version: number | undefined }>>();
  private readonly owned = new Map<string, Set<string>>();
  private readonly lastSent = new Map<string, string>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[], version: number | undefined) => void) {}

  /** `versions`: for open documents, the version the owner's analysis read. */
  update(owner: string, next: ReadonlyMap<string, Diagnostic[]>, versions: ReadonlyMap<string, number> = new Map()): void {
    const previous = this.owned.get(owner) ?? new Set<string>();
    for (const uri of previous) if (!next.has(uri)) this.byUri.get(uri)?.delete(owner);
    for (const [uri, diagnostics] of next) {
      const owners = this.byUri.get(uri) ?? new Map();
      owners.set(owner, { diagnostics, version: versions.get(uri) });
      this.byUri.set(uri, owners);
    }
    this.owned.set(owner, new Set(next.keys()));
    for (const uri of new Set([...previous, ...next.keys()])) this.publish(uri);
  }

  clear(owner: string): void {
    this.update(owner, new Map());
    this.owned.delete(owner);
  }

  /** URIs that currently have diagnostics from `owner`. */
  urisOf(owner: string): ReadonlySet<string> {
    return this.owned.get(owner) ?? new Set();
  }

  private publish(uri: string): void {
    const owners = this.byUri.get(uri);
    const entries = owners ? [...owners.values()] : [];
    const diagnostics = entries.flatMap((entry) => entry.diagnostics);
    // Every owner must have read a version for the union to be "for" one: the oldest of them.
    const versions = entries.map((entry) => entry.version);
    const version = versions.length && versions.every((v) => v !== undefined) ? Math.min(...(versions as number[])) : undefined;
    if (owners && owners.size === 0) this.byUri.delete(uri);
    const serialized = JSON.stringify([version, diagnostics]);
    if (this.lastSent.get(uri) === serialized) return;
    if (diagnostics.length || version !== undefined) this.lastSent.set(uri, serialized);
    else this.lastSent.delete(uri);
    this.send(uri, diagnostics, version);
  }
}
