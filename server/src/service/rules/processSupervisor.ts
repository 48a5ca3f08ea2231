import type { Checker } from './rule';

export const processSupervisorChecker: Checker = {
  area: 'process-supervisor',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
