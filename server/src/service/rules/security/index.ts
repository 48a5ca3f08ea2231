// The security area: every `manage.py check --deploy` id a settings file can show (DR9NN mirrors security.WNN/ENN),
// judged for the detected Django version, plus our own checks (DR95x), and the caches, mail and async ids (DR96x).
import type { Checker } from '../rule';
import { checkAllowedHosts } from './allowedHosts';
import { checkAsyncUnsafe } from './asyncUnsafe';
import { checkCacheExposure } from './cacheExposure';
import { checkCommittedSecretKey } from './committedSecretKey';
import { checkContentSecurityPolicy } from './contentSecurityPolicy';
import { checkCookies } from './cookies';
import { checkCsrfFailureView } from './csrfFailureView';
import { checkCsrfTrustedOrigins } from './csrfTrustedOrigins';
import { checkDefaultCache } from './defaultCache';
import { checkDebug } from './debug';
import { checkFileCache } from './fileCache';
import { checkHashingAlgorithm } from './hashingAlgorithm';
import { checkHeaders } from './headers';
import { checkHsts } from './hsts';
import { checkHttps } from './https';
import { checkMailers } from './mailers';
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
  checkCsrfFailureView,
  checkHashingAlgorithm,
  checkContentSecurityPolicy,
  checkFileCache,
  checkCacheExposure,
  checkDefaultCache,
  checkMailers,
  checkAsyncUnsafe,
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
