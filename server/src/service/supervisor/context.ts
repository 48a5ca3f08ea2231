// What every check receives: one merged configuration, the optional project facts, and a way to report.
import { makeFinding, type FindingOptions } from '../finding';
import type { RuleMeta } from '../codes';
import type { Finding, Range, RelatedInfo } from '../types';
import { lookup, type Configuration, type MergedSection, type Placed, type SourceFile } from './config';
import { isProgramKind } from './schema';
import { parsePyInt } from './valueTypes';

export type SettingsRole = 'production' | 'development' | 'base';

/** Facts about the Django project that the caller discovered; every field may be empty when unknown. */
export interface SupervisorProjectContext {
  /** Folder of manage.py, relative to the workspace root ('' when it is the root). */
  projectRoot: string;
  /** Settings modules that exist, as dotted paths (`config.settings.production`), with their role. */
  settingsModules: { module: string; role: SettingsRole }[];
  /** WSGI_APPLICATION as written in settings (`config.wsgi.application`), or null when unknown. */
  wsgiApplication: string | null;
  /** ASGI_APPLICATION as written in settings (`config.asgi.application`), or null when unknown. */
  asgiApplication: string | null;
  /** Modules that define a Celery app (`config.celery_app`, `proj.celery`). */
  celeryApps: string[];
}

export interface CheckContext {
  config: Configuration;
  project: SupervisorProjectContext | undefined;
  report(meta: RuleMeta, file: SourceFile, range: Range, message: string, options?: FindingOptions): void;
}

export function createContext(config: Configuration, project: SupervisorProjectContext | undefined, findings: Finding[]): CheckContext {
  return {
    config,
    project,
    report(meta, file, range, message, options) {
      findings.push(makeFinding(meta, { file: file.path, range }, message, options));
    },
  };
}

export function related(placed: { file: SourceFile }, range: Range, message: string): RelatedInfo {
  return { location: { file: placed.file.path, range }, message };
}

export interface ProgramView {
  section: MergedSection;
  /** The name after `program:` (or fcgi-program:, eventlistener:). */
  name: string;
  get(key: string): Placed | undefined;
  /** Where to report problems of the whole section, and where new keys go: its last header. */
  anchor: { file: SourceFile; range: Range };
}

export function programs(config: Configuration): ProgramView[] {
  return config.sections.filter((s) => isProgramKind(s.info?.kind)).map((section) => sectionView(config, section));
}

/** How many processes the section starts (numprocs, default 1), or null when numprocs is not a number. */
export function processCount(program: ProgramView): number | null {
  const numprocs = program.get('numprocs');
  return numprocs ? parsePyInt(numprocs.entry.value) : 1;
}

/** With numprocs=0 supervisord never runs its per-process loop, so it never reads (or rejects) the keys read
 * there, `command` included. */
export function skipsPerProcessKeys(config: Configuration, section: MergedSection): boolean {
  return isProgramKind(section.info?.kind) && processCount(sectionView(config, section)) === 0;
}

function sectionView(config: Configuration, section: MergedSection): ProgramView {
  const last = section.occurrences[section.occurrences.length - 1];
  return {
    section,
    name: section.info?.label ?? section.name,
    get: (key) => lookup(config, section, key),
    anchor: { file: last.file, range: last.section.headerRange },
  };
}
