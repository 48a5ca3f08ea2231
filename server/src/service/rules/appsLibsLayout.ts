import type { Checker } from './rule';

export const appsLibsLayoutChecker: Checker = {
  area: 'apps-libs-layout',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
