import type { Checker } from './rule';

export const dbConnectionsChecker: Checker = {
  area: 'db-connections',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
