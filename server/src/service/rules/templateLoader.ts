import type { Checker } from './rule';

export const templateLoaderChecker: Checker = {
  area: 'template-loader',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
