// The security area: every `manage.py check --deploy` id a settings file can show (DR9NN mirrors security.WNN/ENN),
// judged for the detected Django version, plus our own checks (DR95x, DR960 for caches.W003).
import type { Checker } from '../rule';
import { checkAllowedHosts } from './allowedHosts';
import { checkCommittedSecretKey } from './committedSecretKey';
import { checkCookies } from './cookies';
import { checkCsrfTrustedOrigins } from './csrfTrustedOrigins';
import { checkDebug } from './debug';
import { checkFileCache } from './fileCache';
import { checkHeaders } from './headers';
import { checkHsts } from './hsts';
import { checkHttps } from './https';
import { checkMiddleware } from './middleware';
import { checkPropagateExceptions } from './propagateExceptions';
import { checkRequiredVariables } from './requiredVariables';
import { checkSecretKey } from './secretKey';
import { checkSecretKeyFallbacks } from './secretKeyFallbacks';

const CHECKS = [
  checkSecretKey,
  checkCommittedSecretKey,
  checkSecretKeyFallbacks,
  checkDebug,
  checkPropagateExceptions,
  checkAllowedHosts,
  checkMiddleware,
  checkHttps,
  checkHsts,
  checkHeaders,
  checkCookies,
  checkCsrfTrustedOrigins,
  checkFileCache,
  checkRequiredVariables,
];

export const securityChecker: Checker = {
  area: 'security',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    for (const check of CHECKS) check(context, view);
  },
};
