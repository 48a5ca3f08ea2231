import type { Checker } from './rule';

export const staticFilesChecker: Checker = {
  area: 'static-files',
  needsSettings: true,
  run() {
    // Rules for this area are added in their own issue.
  },
};
