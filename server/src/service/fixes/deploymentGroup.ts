// The deployment group: the settings fixes add to a production module, together under one short comment, in the
// order Django's deployment checklist gives them (critical settings, environment-specific ones, HTTPS,
// performance, error reporting; then the headers `check --deploy` adds).
const CHECKLIST_ORDER = [
  'SECRET_KEY',
  'DEBUG',
  'ALLOWED_HOSTS',
  'CSRF_TRUSTED_ORIGINS',
  'CACHES',
  'DATABASES',
  'EMAIL_BACKEND',
  'STATIC_ROOT',
  'STATIC_URL',
  'STATICFILES_DIRS',
  'MEDIA_ROOT',
  'MEDIA_URL',
  'SECURE_PROXY_SSL_HEADER',
  'SECURE_SSL_REDIRECT',
  'CSRF_COOKIE_SECURE',
  'SESSION_COOKIE_SECURE',
  'SESSION_COOKIE_HTTPONLY',
  'SECURE_HSTS_SECONDS',
  'SECURE_HSTS_INCLUDE_SUBDOMAINS',
  'SECURE_HSTS_PRELOAD',
  'SECURE_CONTENT_TYPE_NOSNIFF',
  'SECURE_REFERRER_POLICY',
  'SECURE_CROSS_ORIGIN_OPENER_POLICY',
  'X_FRAME_OPTIONS',
  'MIDDLEWARE',
  'SESSION_ENGINE',
  'TEMPLATES',
  'LOGGING',
  'ADMINS',
  'MANAGERS',
];

export const GROUP_HEADER = /^# Deployment checklist: https:\/\/docs\.djangoproject\.com\//;

export function groupHeader(version: { major: number; minor: number }): string {
  return `# Deployment checklist: https://docs.djangoproject.com/en/${version.major}.${version.minor}/howto/deployment/checklist/`;
}

/** The setting a statement (or the first statement of an `if` block) assigns, as written at its start. */
export function assignedName(text: string): string | undefined {
  return /^(?:#[^\n]*\n)*(?:if [^\n]*:\s*\n\s+)?([A-Z][A-Z0-9_]*)\s*(?:\[[^\]]*\]\s*)*(?:=|\+=|\.)/.exec(text)?.[1];
}

/** A setting's place in the checklist order; settings it does not list come last. */
export function rank(name: string | undefined): number {
  const index = name ? CHECKLIST_ORDER.indexOf(name) : -1;
  return index < 0 ? CHECKLIST_ORDER.length : index;
}

/** The statements of an inserted text: each starts on an unindented line that is not a closing bracket. */
function blocksOf(lines: string[]): string[][] {
  const blocks: string[][] = [];
  let pendingComments: string[] = [];
  for (const line of lines) {
    if (/^#/.test(line)) pendingComments.push(line);
    else if (/^[^\s)\]}]/.test(line) || !blocks.length) {
      blocks.push([...pendingComments, line]);
      pendingComments = [];
    } else blocks[blocks.length - 1].push(line);
  }
  if (pendingComments.length) blocks.push(pendingComments);
  return blocks;
}

/**
 * Two insertions of one fix at the same place of a module (two settings it adds), as one: when both would start
 * the deployment group, it is started once, and the statements follow the checklist order. Undefined when the
 * texts are not both group insertions.
 */
export function joinGroupInsertions(first: string, second: string, eol: string): string | undefined {
  const parse = (text: string): { blank: boolean; header?: string; lines: string[] } | undefined => {
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] !== '') return undefined;
    lines.pop();
    const blank = lines[0] === '';
    if (blank) lines.shift();
    const header = lines[0] && GROUP_HEADER.test(lines[0]) ? lines.shift() : undefined;
    return lines.length && assignedName(lines.join('\n')) ? { blank, header, lines } : undefined;
  };
  const a = parse(first);
  const b = parse(second);
  if (!a || !b || !!a.header !== !!b.header || a.blank !== b.blank) return undefined;
  const blocks = [...blocksOf(a.lines), ...blocksOf(b.lines)].sort((x, y) => rank(assignedName(x.join('\n'))) - rank(assignedName(y.join('\n'))));
  return [...(a.blank ? [''] : []), ...(a.header ? [a.header] : []), ...blocks.flat(), ''].join(eol);
}

/**
 * How soon a fix applies when fixes run one after another. Fixes that say which processes production runs
 * (supervisor programs) come first: other fixes depend on it (an HTTPS redirect behind the proxy a server on
 * loopback implies). Then settings in checklist order, so DEBUG is environment-driven before the fixes that reuse
 * it as their switch; fixes that change no setting last.
 */
export function fixOrder(meta: { area: string; settings: readonly string[] } | undefined): number {
  if (meta?.area === 'process-supervisor') return -1;
  const settings = meta?.settings ?? [];
  return settings.length ? Math.min(...settings.map(rank)) : CHECKLIST_ORDER.length + 1;
}
