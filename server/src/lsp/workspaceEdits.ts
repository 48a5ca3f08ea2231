// Builds the versioned workspace edits code actions and commands hand to the client: one TextDocumentEdit per
// file (with the open document's version, null for closed files), and for a new file a CreateFile that fails
// when the file exists followed by the insertion of its content.
import type { TextDocumentEditData, WorkspaceEditData } from '../protocol';
import type { Fix, TextEdit } from '../service/types';
import { diffEdits } from './lineDiff';
import { changesByFile } from '../service/index';

export interface EditTargets {
  uriOf(file: string): string;
  /** Version of the open document the edits were computed against, or null when it is not open. */
  versionOf(file: string): number | null;
}

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function fixWorkspaceEdit(fix: Fix, targets: EditTargets): WorkspaceEditData {
  const documentChanges: WorkspaceEditData['documentChanges'] = [];
  for (const [file, changes] of changesByFile(fix.changes)) {
    const created = changes.find((change) => change.kind === 'create');
    if (created?.kind === 'create') {
      documentChanges.push(...createFileChanges(targets.uriOf(file), created.content));
      continue;
    }
    const edits = changes.flatMap((change) => (change.kind === 'edit' ? change.edits : []));
    documentChanges.push(textDocumentEdit(targets, file, edits));
  }
  return { documentChanges };
}

/** Per-file results of several fixes: `before` undefined means the file is new. */
export interface FileOutcome {
  file: string;
  before: string | undefined;
  after: string;
}

export function outcomesWorkspaceEdit(outcomes: readonly FileOutcome[], targets: EditTargets): WorkspaceEditData {
  const documentChanges: WorkspaceEditData['documentChanges'] = [];
  for (const outcome of outcomes) {
    if (outcome.before === undefined) documentChanges.push(...createFileChanges(targets.uriOf(outcome.file), outcome.after));
    else if (outcome.before !== outcome.after) documentChanges.push(textDocumentEdit(targets, outcome.file, diffEdits(outcome.before, outcome.after)));
  }
  return { documentChanges };
}

export function singleFileEdit(targets: EditTargets, file: string, edit: TextEdit): WorkspaceEditData {
  return { documentChanges: [textDocumentEdit(targets, file, [edit])] };
}

function textDocumentEdit(targets: EditTargets, file: string, edits: TextEdit[]): TextDocumentEditData {
  return { textDocument: { uri: targets.uriOf(file), version: targets.versionOf(file) }, edits };
}

function createFileChanges(uri: string, content: string): WorkspaceEditData['documentChanges'] {
  // A file that appeared since the edit was planned makes the editor refuse the whole edit: skipping only the
  // creation (ignoreIfExists) would insert the new content into that file.
  const create = { kind: 'create' as const, uri, options: { overwrite: false, ignoreIfExists: false } };
  if (!content) return [create];
  return [create, { textDocument: { uri, version: null }, edits: [{ range: FILE_START, newText: content }] }];
}

/** The URIs a workspace edit touches, for messages and tests. */
export function editedUris(edit: WorkspaceEditData): string[] {
  return [...new Set(edit.documentChanges.map((change) => ('kind' in change ? change.uri : change.textDocument.uri)))];
}
