import type { Checker } from './rule';

export const templatesLocationChecker: Checker = {
  area: 'templates-location',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
