// The dotted names Django's deploy checks look for. Membership is exact-string, as in Django: a subclass, an
// alias or an AppConfig path ("django.contrib.sessions.apps.SessionsConfig") does not count.
export const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';
export const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';
const COMMON_MIDDLEWARE = 'django.middleware.common.CommonMiddleware';
export const CSRF_MIDDLEWARE = 'django.middleware.csrf.CsrfViewMiddleware';
const AUTHENTICATION_MIDDLEWARE = 'django.contrib.auth.middleware.AuthenticationMiddleware';
const MESSAGE_MIDDLEWARE = 'django.contrib.messages.middleware.MessageMiddleware';
export const XFRAME_MIDDLEWARE = 'django.middleware.clickjacking.XFrameOptionsMiddleware';
export const SESSIONS_APP = 'django.contrib.sessions';

/** The order `startproject` writes MIDDLEWARE in; a missing entry goes back to its place in it. */
export const STARTPROJECT_MIDDLEWARE_ORDER = [
  SECURITY_MIDDLEWARE,
  SESSION_MIDDLEWARE,
  COMMON_MIDDLEWARE,
  CSRF_MIDDLEWARE,
  AUTHENTICATION_MIDDLEWARE,
  MESSAGE_MIDDLEWARE,
  XFRAME_MIDDLEWARE,
] as const;

/** Short class name for messages: "SecurityMiddleware". */
export function shortName(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}
