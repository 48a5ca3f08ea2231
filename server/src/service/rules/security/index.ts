import type { Checker } from '../rule';
import { checkDebug } from './debug';
import { checkSecretKey } from './secretKey';

export const securityChecker: Checker = {
  area: 'security',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    checkSecretKey(context, view);
    checkDebug(context, view);
  },
};
