import type { Checker } from './rule';

export const html5BaseChecker: Checker = {
  area: 'html5-base',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
