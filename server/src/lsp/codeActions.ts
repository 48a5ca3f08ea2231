// Code actions from the diagnostics the client sends back: each finding's quick fix and "ignore" comment come
// ready-made in `diagnostic.data`; "fix all" is planned on demand (or on resolve, when the client can).
// Each edit is offered in the form the client can apply: versioned `documentChanges`, plain `changes` for text
// edits when it has no `documentChanges`, and for an edit that creates files without `documentChanges` (Neovim
// 0.7) a command the server carries out with `workspace/applyEdit`; never an action that would do nothing.
import type { CodeAction, CodeActionParams, Command, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, FIX_ALL_KIND, type PlannedEdit, SERVER_COMMANDS, type WorkspaceEditData } from '../protocol';

const QUICK_FIX = 'quickfix';

/** What the client can apply, from its capabilities. */
export interface EditSupport {
  /** `workspace.workspaceEdit.documentChanges`: versioned edits. */
  documentChanges: boolean;
  /** `workspace.workspaceEdit.resourceOperations` includes `create`. */
  createFiles: boolean;
  /** `workspace.applyEdit`: the server may ask the client to apply an edit. */
  applyEdit: boolean;
}

export interface CodeActionContext {
  /** The client resolves code actions lazily (`codeAction/resolve` with `edit`). */
  canResolve: boolean;
  edits: EditSupport;
  /** Whether the project of the file has something to fix, from the last analysis (cheap). */
  hasFixes(uri: string): boolean;
  planFixAll(uri: string): PlannedEdit | undefined;
}

interface FixAllData {
  fixAllUri: string;
}

/** The argument of `SERVER_COMMANDS.applyEdit`: an edit the server hands back through `workspace/applyEdit`. */
export interface ApplyEditArgs {
  label: string;
  edit: WorkspaceEditData;
}

/** Whether fix-all may plan fixes that create files for this client. */
export function canCreateFiles(support: EditSupport): boolean {
  return support.createFiles && (support.documentChanges || support.applyEdit);
}

function kindWanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

export function codeActions(params: CodeActionParams, context: CodeActionContext): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (kindWanted(QUICK_FIX, only)) actions.push(...quickFixes(params.context.diagnostics, context.edits));
  const uri = params.textDocument.uri;
  if (only && kindWanted(FIX_ALL_KIND, only)) {
    const plan = context.planFixAll(uri);
    const offered = plan && offer(plan, context.edits);
    if (plan && offered) actions.push({ title: plan.title, kind: FIX_ALL_KIND, ...offered });
  } else if (!only && context.canResolve && context.hasFixes(uri)) {
    // Planning re-analyses the project after every fix: only done when the user picks the action.
    actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAllUri: uri } satisfies FixAllData });
  }
  return actions;
}

const FIX_ALL_TITLE = 'Fix all Django Ready findings in this project';

export function resolveCodeAction(action: CodeAction, context: CodeActionContext): CodeAction {
  const data = action.data as Partial<FixAllData> | undefined;
  if (action.kind !== FIX_ALL_KIND || typeof data?.fixAllUri !== 'string') return action;
  const plan = context.planFixAll(data.fixAllUri);
  const offered = plan && offer(plan, context.edits);
  // Nothing left to apply: the server's fix-all command says so, rather than an action that silently does nothing.
  return offered
    ? { ...action, ...offered }
    : { ...action, command: { title: action.title, command: SERVER_COMMANDS.fixAll, arguments: [{ uri: data.fixAllUri }] } };
}

function quickFixes(diagnostics: readonly Diagnostic[], support: EditSupport): CodeAction[] {
  const fixes: CodeAction[] = [];
  const ignores: CodeAction[] = [];
  const seen = new Map<string, CodeAction>();
  const add = (list: CodeAction[], planned: PlannedEdit | null, diagnostic: Diagnostic, preferred: boolean): void => {
    const offered = planned && offer(planned, support);
    if (!planned || !offered) return;
    // Several findings can share one fix (one setting, two offending branches): offer it once.
    const key = `${planned.title}\u0000${JSON.stringify(planned.edit)}`;
    const existing = seen.get(key);
    if (existing) {
      existing.diagnostics!.push(diagnostic);
      return;
    }
    const action: CodeAction = { title: planned.title, kind: QUICK_FIX, diagnostics: [diagnostic], ...offered, ...(preferred ? { isPreferred: true } : {}) };
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

/** How a planned edit reaches this client: as the action's edit, as a command, or (undefined) not at all. */
function offer(planned: PlannedEdit, support: EditSupport): { edit: WorkspaceEdit } | { command: Command } | undefined {
  const createsFiles = planned.edit.documentChanges.some((change) => 'kind' in change);
  if (!createsFiles) return { edit: clientEdit(planned.edit, support.documentChanges) };
  if (!support.createFiles) return undefined;
  if (support.documentChanges) return { edit: planned.edit };
  if (!support.applyEdit) return undefined;
  const args: ApplyEditArgs = { label: planned.title, edit: planned.edit };
  return { command: { title: planned.title, command: SERVER_COMMANDS.applyEdit, arguments: [args] } };
}

/** A text-only edit in the form the client accepts: versioned `documentChanges`, or plain `changes`. */
export function clientEdit(edit: WorkspaceEditData, documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) return edit;
  const changes: NonNullable<WorkspaceEdit['changes']> = {};
  for (const change of edit.documentChanges) if (!('kind' in change)) (changes[change.textDocument.uri] ??= []).push(...change.edits);
  return { changes };
}
