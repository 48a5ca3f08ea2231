// Entry point of the supervisor validator: parse the files, group them into the configurations supervisord
// would read, and run every check on each. Pure: the caller passes the text of every file.
import { comparePositions, type Finding } from '../types';
import { checkEnvironment } from './checkEnvironment';
import { checkKeys } from './checkKeys';
import { checkPrograms } from './checkPrograms';
import { checkProject } from './checkProject';
import { checkSections } from './checkSections';
import { checkServers } from './checkServers';
import { checkSyntax } from './checkSyntax';
import { buildConfigurations, readSource } from './config';
import { createContext, type CheckContext, type SupervisorProjectContext } from './context';

export type { SupervisorProjectContext } from './context';

const CHECKS: ((ctx: CheckContext) => void)[] = [
  checkSyntax,
  checkSections,
  checkKeys,
  checkPrograms,
  checkEnvironment,
  checkServers,
  checkProject,
];

export interface SupervisorFileInput {
  /** Absolute path; findings point at it as given. */
  path: string;
  text: string;
}

export function validateSupervisorFiles(files: SupervisorFileInput[], context?: SupervisorProjectContext): Finding[] {
  const findings: Finding[] = [];
  for (const config of buildConfigurations(files.map(readSource))) {
    const ctx = createContext(config, context, findings);
    for (const check of CHECKS) check(ctx);
  }
  return findings.sort(
    (a, b) =>
      (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
      comparePositions(a.location.range.start, b.location.range.start) ||
      a.code.localeCompare(b.code),
  );
}
