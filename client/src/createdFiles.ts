// The server creates a file as a CreateFile followed by the insertion of its content. Applied that way, VS Code
// holds the new file as an unsaved document and soon opens an editor for it; a fix-all that creates four files
// would open four tabs. Taken apart here, the new files are created with their content in one step instead.
import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageclient/node';

export interface CreatedFile {
  uri: string;
  content: string;
  /** The CreateFile's own options (the server's never overwrite, and fail when the file exists). */
  overwrite: boolean;
  ignoreIfExists: boolean;
}

/**
 * Splits the files an edit creates, with their content, from the rest of the edit. A created file whose content
 * edits are anything but one insertion at the start stays in the rest, applied as the server sent it.
 */
export function splitCreatedFiles(edit: WorkspaceEdit): { created: CreatedFile[]; rest: WorkspaceEdit } {
  const changes = edit.documentChanges ?? [];
  const created: CreatedFile[] = [];
  const taken = new Set<object>();
  changes.forEach((change, index) => {
    if (!('kind' in change) || change.kind !== 'create') return;
    const edits = changes.slice(index + 1).filter((later): later is TextDocumentEdit => 'textDocument' in later && later.textDocument.uri === change.uri);
    const content = insertionAtStart(edits);
    if (content === undefined) return;
    created.push({ uri: change.uri, content, overwrite: change.options?.overwrite ?? false, ignoreIfExists: change.options?.ignoreIfExists ?? false });
    taken.add(change);
    for (const later of edits) taken.add(later);
  });
  if (!created.length) return { created, rest: edit };
  return { created, rest: { ...edit, documentChanges: changes.filter((change) => !taken.has(change)) } };
}

/** The text of edits that only insert at the very start of an empty new file; undefined for anything else. */
function insertionAtStart(edits: readonly TextDocumentEdit[]): string | undefined {
  const all = edits.flatMap((edit) => edit.edits);
  if (all.length > 1) return undefined;
  if (!all.length) return '';
  const [only] = all;
  if (!('newText' in only)) return undefined;
  const { start, end } = only.range;
  return start.line === 0 && start.character === 0 && end.line === 0 && end.character === 0 ? only.newText : undefined;
}
