import type { EvaluationResult } from '../python/evaluator';
import type { FileSystem } from '../fileSystem';
import type { ParseCache } from '../python/parseCache';
import type { DjangoProject } from '../project/model';
import type { SettingsView } from '../settings/settingsView';
import type { AreaId, Finding } from '../types';

export interface RuleContext {
  project: DjangoProject;
  /** The evaluated production settings; undefined when no production module could be read. */
  settings: SettingsView | undefined;
  evaluation: EvaluationResult | undefined;
  fs: FileSystem;
  /** The analysis's parses: a rule that reads Python reads it through here. */
  parseCache: ParseCache;
  report(finding: Finding): void;
  /** Says a code could not be judged (e.g. its inputs come from a required environment variable). */
  unknown(code: string, reason: string): void;
}

/** One checklist area's rules: a function that reports findings for the codes it owns. */
export interface Checker {
  area: AreaId;
  /** Needs evaluated production settings; skipped (area unknown) when there are none. */
  needsSettings: boolean;
  run(context: RuleContext): void;
}

export const AREA_TITLES: Record<AreaId, string> = {
  settings: 'Settings can be read',
  'db-connections': 'Persistent database connections',
  'template-loader': 'Cached template loading',
  'session-cache': 'Sessions in a shared cache',
  'apps-libs-layout': 'Apps and libraries kept apart',
  'templates-location': 'Templates in one place',
  'html5-base': 'HTML5 base template',
  'process-supervisor': 'Processes under supervision',
  security: 'Security (manage.py check --deploy and beyond)',
  'static-files': 'Static files',
  'error-reporting': 'Error reporting',
};
