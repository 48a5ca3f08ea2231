import type { Checker } from './rule';

export const sessionCacheChecker: Checker = {
  area: 'session-cache',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
