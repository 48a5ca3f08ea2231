// Values a fix or a generator copies from the project (settings, file names, existing configuration) into text
// that another program reads: supervisor programs, systemd units, shell command lines, Python. Each value is
// checked against what it claims to be (a dotted path, a module name, a host:port), or quoted for the format;
// a value that is neither gets no fix. A WSGI_APPLICATION holding a newline and a `[program:x]` section must
// never become a program supervisord runs.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Python's hard keywords: `import.wsgi` is no module path Python can import.
const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** An ASCII Python identifier that is not a keyword (`config`, `celery_app`). */
export function isPythonIdentifier(text: string): boolean {
  return IDENTIFIER.test(text) && !PYTHON_KEYWORDS.has(text);
}

/** A dotted Python path (`config.settings.production`, `config.wsgi.application`): identifiers joined by dots. */
export function isDottedPath(text: string): boolean {
  return text.length > 0 && text.length <= 1000 && text.split('.').every(isPythonIdentifier);
}

/** A module name as `celery -A`, `DJANGO_SETTINGS_MODULE` or an import takes it. */
export const isModuleName = isDottedPath;

/** What gunicorn, uvicorn or daphne serve: `module.path:attribute`, or a dotted path. */
export function isApplicationTarget(text: string): boolean {
  const colon = text.indexOf(':');
  return colon === -1 ? isDottedPath(text) : isDottedPath(text.slice(0, colon)) && isDottedPath(text.slice(colon + 1));
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

/** `host:port` with a host name, an IPv4 address or a bracketed IPv6 address, and a port from 1 to 65535. */
export function isHostPort(text: string): boolean {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return false;
  const host = text.slice(0, colon);
  const port = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return false;
  return IPV4.test(host) || IPV6.test(host) || HOSTNAME.test(host);
}

/** An absolute path made of characters no format here treats specially (letters, digits, `/._-+@`). */
export function isPlainAbsolutePath(text: string): boolean {
  return /^\/[A-Za-z0-9/._+@-]*$/.test(text) && !text.split('/').includes('..');
}

/** A shell word for a POSIX shell command line: single quotes around anything but plain characters. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/**
 * One word of a supervisor `command=` (or any value supervisord reads): shlex-quoted, `%` doubled for its
 * %-expansion, and never a newline (a continuation line or a new section), a NUL, or a comment (`;` or `#`
 * after a blank). Undefined when the text cannot be written as one word.
 */
export function supervisorWord(text: string): string | undefined {
  if (text === '' || /[\x00-\x1f\x7f]/.test(text)) return undefined;
  const quoted = /^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'"'"'`)}'`;
  const escaped = quoted.replace(/%/g, '%%');
  return /\s[;#]/.test(escaped) ? undefined : escaped;
}

/**
 * One value of a supervisor `environment=` (KEY=value pairs): double-quoted, `%` doubled. supervisord splits the
 * pairs with a non-POSIX shlex and strips quotes off each value, so a `"` (which no escape can carry) or a quote at
 * either end cannot be written, nor a control character (a NUL cannot be in an environment, a line break ends
 * the value) or a `;` or `#` after a blank (its parser cuts the line there, quotes or not): undefined then.
 */
export function supervisorEnvironmentValue(text: string): string | undefined {
  if (/[\x00-\x1f\x7f-\x9f"]/.test(text) || /\s[;#]/.test(text) || /^'|'$/.test(text)) return undefined;
  return `"${text.replace(/%/g, '%%')}"`;
}

/**
 * One word of a systemd unit's command line (ExecStart= and friends), per systemd.syntax(7) and
 * systemd.service(5): double-quoted with C-style escapes, `%` doubled (specifiers), `$` doubled (variables).
 * Undefined for text with a NUL.
 */
export function systemdWord(text: string): string | undefined {
  if (text.includes('\0')) return undefined;
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/%/g, '%%')
    .replace(/\$/g, '$$$$');
  return `"${escaped}"`;
}
