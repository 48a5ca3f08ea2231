// What the Django Ready client and server say to each other beyond standard LSP: the readiness checklist,
// the shape of `Diagnostic.data`, command ids and the settings section. Imported by both sides, so it holds
// only types and plain constants (no LSP library at runtime).
import type { AreaStatus, Range, Severity } from './service/types';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'django-ready';

/** Code action kind of "apply every Django Ready fix" (for `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.djangoReady';

/** Request: no params, answers `ChecklistResult`. */
export const CHECKLIST_REQUEST = 'djangoReady/checklist';
/** Notification from the server after every re-analysis: the client asks for the checklist again. */
export const CHECKLIST_CHANGED = 'djangoReady/checklistChanged';

/** Commands the server executes (`workspace/executeCommand`); the argument is `ProjectCommandArgs`. */
export const SERVER_COMMANDS = {
  fixAll: 'djangoReady.fixAll',
  generateSupervisorConfigs: 'djangoReady.generateSupervisorConfigs',
  /** Applies a fix that creates files for a client without `documentChanges`; the argument is `{ label, edit }`. */
  applyEdit: 'djangoReady.applyEdit',
} as const;

export interface ProjectCommandArgs {
  /** Root (manage.py folder) of the project, or any file URI inside it. */
  uri: string;
}

export interface CommandResult {
  applied: boolean;
  /** What happened, in one sentence the client may show. */
  message: string;
}

/** The `djangoReady` settings section, as `workspace/configuration` returns it per workspace folder. */
export interface DjangoReadySettings {
  enable?: boolean;
  settingsModule?: string;
  rules?: Record<string, string>;
  layout?: { appsPackage?: string; libsPackage?: string };
  supervisor?: { directory?: string };
  trace?: { server?: 'off' | 'messages' | 'verbose' };
}

export const SETTINGS_SECTION = 'djangoReady';

/** A versioned edit a code action can apply as is: LSP `WorkspaceEdit` with `documentChanges`. */
export interface PlannedEdit {
  title: string;
  edit: WorkspaceEditData;
}

export interface DiagnosticData {
  djangoId: string | null;
  area: string;
  /** The finding's quick fix, ready to apply; null when it has none (or it would leave the project). */
  fix: PlannedEdit | null;
  /** Inserts a `django-ready: ignore[CODE]` comment; null where the file has no comment syntax we know. */
  ignore: PlannedEdit | null;
}

/** Title of the "ignore" code action, shared so the client can find it among the actions at a range. */
export function ignoreActionTitle(code: string): string {
  return `Ignore ${code} here (add a django-ready: ignore comment)`;
}

// The subset of LSP's WorkspaceEdit the server produces, spelled out so the client needs no server library.
interface TextEditData {
  range: Range;
  newText: string;
}

export interface TextDocumentEditData {
  textDocument: { uri: string; version: number | null };
  edits: TextEditData[];
}

interface CreateFileData {
  kind: 'create';
  uri: string;
  options?: { overwrite?: boolean; ignoreIfExists?: boolean };
}

export interface WorkspaceEditData {
  documentChanges: (TextDocumentEditData | CreateFileData)[];
}

interface LocationData {
  uri: string;
  range: Range;
}

export interface ChecklistFinding {
  code: string;
  /** The rule's short title from the registry. */
  title: string;
  message: string;
  severity: Severity;
  djangoId: string | null;
  location: LocationData;
  /** Title of the quick fix (matches the code action's title), or null. */
  fixTitle: string | null;
  docsUrl: string;
}

export interface ChecklistArea {
  id: string;
  title: string;
  status: AreaStatus;
  reason: string;
  findings: ChecklistFinding[];
}

/** A process production runs, as the deployment files say: what runs it and what supervises it. */
export interface ChecklistProcess {
  /** `web`, `worker`, `beat` (joined with `+` for a worker with -B). */
  role: string;
  /** `gunicorn (WSGI, 5 worker processes)`. */
  program: string;
  /** `docker-compose.yml (web)`. */
  startedBy: string;
  /** `Docker Compose (restart: unless-stopped)`. */
  supervisor: string;
  /** True when that restarts it, false when nothing does, null when it is decided outside the repository. */
  restarts: boolean | null;
  /** Where it is started. */
  location: LocationData;
  /** How the command was followed, step by step. */
  chain: { text: string; location: LocationData }[];
}

interface ChecklistSettingsModule {
  name: string;
  uri: string;
  role: string;
}

export interface ChecklistProject {
  name: string;
  rootUri: string;
  /** The workspace folder the project was found in. */
  folderUri: string;
  /** Dotted name of the module judged as production, or null when none was found. */
  productionSettings: string | null;
  productionReason: string;
  settingsModules: ChecklistSettingsModule[];
  areas: ChecklistArea[];
  /** Production processes read from the deployment, shown under the process area. */
  processes: ChecklistProcess[];
  score: { passed: number; total: number };
  /** Why the project could not be analysed (an internal error), or null. */
  problem: string | null;
}

export interface ChecklistResult {
  projects: ChecklistProject[];
}

/**
 * Request: the effective settings of one settings module as a read-only document (`SettingsDocumentParams`),
 * answers `SettingsDocument`, or null when the project has no readable production settings.
 */
export const SETTINGS_DOCUMENT_REQUEST = 'djangoReady/settingsDocument';

export interface SettingsDocumentParams {
  /** The project's root URI (or any file URI inside it). */
  uri: string;
  /** Dotted module name; the production module when absent. */
  module?: string;
}

export interface SettingsDocument {
  module: string;
  /** Its role: production, development, base or other. */
  role: string;
  /** Python-like text: every setting with where it was set. */
  text: string;
}

/** Request: no params, answers `ServerStats`: what the server spent its time and memory on, for `npm run bench`. */
export const STATS_REQUEST = 'djangoReady/stats';

export interface ServerStats {
  /** The last didChange events: milliseconds to update the buffer and edit its parse tree. */
  changes: { uri: string; version: number; ms: number }[];
  /**
   * The last analyses: milliseconds to evaluate, check, build and publish diagnostics (wall clock, and the CPU
   * time the process used meanwhile, which leaves out time other processes took); open versions read.
   */
  analyses: { project: string; ms: number; cpuMs: number; versions: Record<string, number> }[];
  memory: { rss: number; heapUsed: number; maxRss: number };
  /** The parses the server keeps: of open documents (version `open:N`) and of files analyses read from disk. */
  parsed: { file: string; version: string; statements: number }[];
}
