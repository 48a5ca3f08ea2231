// Entry point of the supervisor validator: parse the files, group them into the configurations supervisord
// would read, and run every check on each. Pure: the caller passes the text of every file.
import { comparePositions, compareText, type Finding } from '../types';
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

const CHECKS: ((ctx: CheckContext) => void)[] = [checkSyntax, checkSections, checkKeys, checkPrograms, checkEnvironment, checkServers, checkProject];

/** A [DEFAULT] value is judged for every section that reads it; report each problem once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const { start, end } = f.location.range;
    const key = `${f.code}|${f.location.file}|${start.line}:${start.character}-${end.line}:${end.character}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

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
  return dedupe(findings).sort(
    (a, b) =>
      (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
      comparePositions(a.location.range.start, b.location.range.start) ||
      compareText(a.code, b.code),
  );
}
