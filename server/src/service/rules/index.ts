// Every checklist area's checker, in checklist order. Importing this module registers all rule codes.
import type { Checker } from './rule';
import { securityChecker } from './security';
import { settingsModelChecker } from './settingsModel';

export const CHECKERS: readonly Checker[] = [settingsModelChecker, securityChecker];
