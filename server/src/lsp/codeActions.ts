// Code actions from the diagnostics the client sends back: each finding's quick fix and "ignore" comment come
// ready-made in `diagnostic.data`; "fix all" is planned on demand (or on resolve, when the client can).
import type { CodeAction, CodeActionParams, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, FIX_ALL_KIND, type PlannedEdit, type WorkspaceEditData } from '../protocol';

const QUICK_FIX = 'quickfix';

export interface CodeActionContext {
  /** The client resolves code actions lazily (`codeAction/resolve` with `edit`). */
  canResolve: boolean;
  /** Whether the client applies `documentChanges` (versioned edits, file creation). */
  documentChanges: boolean;
  /** Whether the project of the file has something to fix, from the last analysis (cheap). */
  hasFixes(uri: string): boolean;
  planFixAll(uri: string): PlannedEdit | undefined;
}

export interface FixAllData {
  fixAllUri: string;
}

function kindWanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

export function codeActions(params: CodeActionParams, context: CodeActionContext): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (kindWanted(QUICK_FIX, only)) actions.push(...quickFixes(params.context.diagnostics, context.documentChanges));
  const uri = params.textDocument.uri;
  if (only && kindWanted(FIX_ALL_KIND, only)) {
    const plan = context.planFixAll(uri);
    const edit = plan && clientEdit(plan.edit, context.documentChanges);
    if (plan && edit) actions.push({ title: plan.title, kind: FIX_ALL_KIND, edit });
  } else if (!only && context.canResolve && context.hasFixes(uri)) {
    // Planning re-analyses the project after every fix: only done when the user picks the action.
    actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAllUri: uri } satisfies FixAllData });
  }
  return actions;
}

export const FIX_ALL_TITLE = 'Fix all Django Ready findings in this project';

export function resolveCodeAction(action: CodeAction, context: CodeActionContext): CodeAction {
  const data = action.data as Partial<FixAllData> | undefined;
  if (action.kind !== FIX_ALL_KIND || typeof data?.fixAllUri !== 'string') return action;
  const plan = context.planFixAll(data.fixAllUri);
  const edit = plan && clientEdit(plan.edit, context.documentChanges);
  return edit ? { ...action, edit } : action;
}

function quickFixes(diagnostics: readonly Diagnostic[], documentChanges: boolean): CodeAction[] {
  const fixes: CodeAction[] = [];
  const ignores: CodeAction[] = [];
  const seen = new Map<string, CodeAction>();
  const add = (list: CodeAction[], planned: PlannedEdit | null, diagnostic: Diagnostic, preferred: boolean): void => {
    const edit = planned && clientEdit(planned.edit, documentChanges);
    if (!planned || !edit) return;
    // Several findings can share one fix (one setting, two offending branches): offer it once.
    const key = `${planned.title}\u0000${JSON.stringify(edit)}`;
    const existing = seen.get(key);
    if (existing) {
      existing.diagnostics!.push(diagnostic);
      return;
    }
    const action: CodeAction = { title: planned.title, kind: QUICK_FIX, diagnostics: [diagnostic], edit, ...(preferred ? { isPreferred: true } : {}) };
    seen.set(key, action);
    list.push(action);
  };
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !diagnostic.data) continue;
    const data = diagnostic.data as DiagnosticData;
    add(fixes, data.fix, diagnostic, true);
    add(ignores, data.ignore, diagnostic, false);
  }
  return [...fixes, ...ignores];
}

/**
 * The edit in the form the client accepts: versioned `documentChanges`, or plain `changes` for clients
 * without them (then edits that create files cannot be offered).
 */
export function clientEdit(edit: WorkspaceEditData, documentChanges: boolean): WorkspaceEdit | undefined {
  if (documentChanges) return edit;
  const changes: NonNullable<WorkspaceEdit['changes']> = {};
  for (const change of edit.documentChanges) {
    if ('kind' in change) return undefined;
    (changes[change.textDocument.uri] ??= []).push(...change.edits);
  }
  return { changes };
}
