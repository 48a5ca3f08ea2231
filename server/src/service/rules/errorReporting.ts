import type { Checker } from './rule';

export const errorReportingChecker: Checker = {
  area: 'error-reporting',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
