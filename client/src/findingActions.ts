// Acting on a finding from the tree or the palette goes through the server's code actions at the finding's
// range (the same edits the lightbulb offers), so the client keeps no map of fixes.
import { type CodeAction, CodeActionKind, type Command, commands, env, Range, Uri, window, workspace, type Diagnostic } from 'vscode';
import { type ChecklistFinding, DIAGNOSTIC_SOURCE, ignoreActionTitle } from '../../server/src/protocol';

function diagnosticCode(diagnostic: Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

async function quickFixesAt(finding: ChecklistFinding): Promise<CodeAction[]> {
  const uri = Uri.parse(finding.location.uri);
  // The code action command answers only for a loaded document ("Illegal argument" otherwise), and a finding
  // picked in the tree is often in a file no editor has open.
  await workspace.openTextDocument(uri);
  const { start, end } = finding.location.range;
  const range = new Range(start.line, start.character, end.line, end.character);
  const actions = await commands.executeCommand<(CodeAction | Command)[]>('vscode.executeCodeActionProvider', uri, range, CodeActionKind.QuickFix.value);
  // Plain commands have a string `command`; code actions carry an edit (and maybe a command object).
  return (actions ?? []).filter((action): action is CodeAction => typeof action.command !== 'string');
}

/** Titles already name the finding; the diagnostics, where VS Code passes them through, must agree. */
function isFor(action: CodeAction, title: string, finding: ChecklistFinding): boolean {
  if (action.title !== title) return false;
  const diagnostics = action.diagnostics ?? [];
  return !diagnostics.length || diagnostics.some((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && diagnosticCode(diagnostic) === finding.code);
}

async function applyAction(action: CodeAction | undefined, missing: string): Promise<boolean> {
  if (!action?.edit) {
    void window.showWarningMessage(missing);
    return false;
  }
  const applied = await workspace.applyEdit(action.edit);
  if (!applied) void window.showWarningMessage(`"${action.title}" could not be applied; the file may have changed. Try again.`);
  return applied;
}

export async function applyFindingFix(finding: ChecklistFinding): Promise<boolean> {
  if (!finding.fixTitle) {
    void window.showInformationMessage(`${finding.code} has no automatic fix. See its docs for what to do.`);
    return false;
  }
  const fixTitle = finding.fixTitle;
  const action = (await quickFixesAt(finding)).find((candidate) => isFor(candidate, fixTitle, finding));
  return applyAction(action, `The fix for ${finding.code} is no longer offered at that place; the checklist is refreshing.`);
}

export async function ignoreFinding(finding: ChecklistFinding): Promise<boolean> {
  const action = (await quickFixesAt(finding)).find((candidate) => isFor(candidate, ignoreActionTitle(finding.code), finding));
  return applyAction(action, `${finding.code} cannot be ignored with a comment in that file.`);
}

export async function showFindingDocs(finding: ChecklistFinding): Promise<void> {
  await env.openExternal(Uri.parse(finding.docsUrl));
}
