// Django 6.1 deprecates the EMAIL_* connection settings in favour of MAILERS (removed in 7.0; DEPRECATED_EMAIL_SETTINGS
// in django/conf/__init__.py). The fix writes the same configuration as MAILERS["default"]: BACKEND, and the OPTIONS
// the backend's __init__ accepts (an option the backend does not take is an error in a mailer, so only the SMTP and
// file backends get options; the others never read them).
import { mergeChanges } from '../../fixes/textEdits';
import { alternatives } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import type { Fix, TextEdit } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { DEVELOPMENT_MAIL_BACKENDS } from '../security/mailers';
import { deleteEdit, mentionedInOtherSettings, plainStatement, type PlainStatement, replaceEdit, usedElsewhere } from './statements';
import { series } from './words';

export const DEPRECATED_EMAIL_SETTINGS = [
  'EMAIL_BACKEND',
  'EMAIL_FILE_PATH',
  'EMAIL_HOST',
  'EMAIL_HOST_PASSWORD',
  'EMAIL_HOST_USER',
  'EMAIL_PORT',
  'EMAIL_SSL_CERTFILE',
  'EMAIL_SSL_KEYFILE',
  'EMAIL_TIMEOUT',
  'EMAIL_USE_SSL',
  'EMAIL_USE_TLS',
];

const EMAIL_SETTINGS_DEPRECATED = defineCode({
  code: 'DR023',
  area: 'settings',
  title: 'EMAIL_* settings deprecated in favour of MAILERS',
  severity: 'info',
  fixable: true,
  settings: [...DEPRECATED_EMAIL_SETTINGS, 'MAILERS'],
});

const SMTP = 'django.core.mail.backends.smtp.EmailBackend';
const FILE = 'django.core.mail.backends.filebased.EmailBackend';

/** The OPTIONS key each backend takes for a deprecated setting. */
const OPTIONS: Record<string, Record<string, string>> = {
  [SMTP]: {
    EMAIL_HOST: 'host',
    EMAIL_PORT: 'port',
    EMAIL_HOST_USER: 'username',
    EMAIL_HOST_PASSWORD: 'password',
    EMAIL_USE_TLS: 'use_tls',
    EMAIL_USE_SSL: 'use_ssl',
    EMAIL_TIMEOUT: 'timeout',
    EMAIL_SSL_KEYFILE: 'ssl_keyfile',
    EMAIL_SSL_CERTFILE: 'ssl_certfile',
  },
  [FILE]: { EMAIL_FILE_PATH: 'file_path' },
};

export function checkEmailSettings(context: RuleContext, view: SettingsView): void {
  if (view.version.major < 6 || (view.version.major === 6 && view.version.minor < 1) || view.has('MAILERS')) return;
  const set = DEPRECATED_EMAIL_SETTINGS.filter((name) => view.has(name));
  if (!set.length) return;
  const first = view.get(set[0]);
  const location = first.binding?.statement ?? view.anchor();
  const message =
    `Django ${series(view)} deprecates ${set.join(', ')} (removed in Django 7.0, which also has no default mailer): ` +
    'configure email as MAILERS = {"default": {"BACKEND": ..., "OPTIONS": {...}}} instead.';
  context.report(makeFinding(EMAIL_SETTINGS_DEPRECATED, location, message, { fix: mailersFix(context, view, set) }));
}

/** MAILERS["default"] in place of the last EMAIL_* statement, the others removed; null when that is not clear. */
function mailersFix(context: RuleContext, view: SettingsView, names: string[]): Fix | null {
  const statements: PlainStatement[] = [];
  for (const name of names) {
    const statement = plainStatement(view, view.get(name));
    if (!statement || usedElsewhere(view, statement)) return null;
    statements.push(statement);
  }
  const file = statements[0].file;
  if (statements.some((statement) => statement.file !== file)) return null;
  if (mentionedInOtherSettings(context.fs, context.project, [...DEPRECATED_EMAIL_SETTINGS, 'MAILERS'], [file])) return null;
  const backendValues = view.has('EMAIL_BACKEND') ? alternatives(view.value('EMAIL_BACKEND')) : [{ kind: 'str' as const, value: SMTP }];
  const backend = backendValues.length === 1 && backendValues[0].kind === 'str' ? backendValues[0].value : undefined;
  if (!backend) return null;
  const accepted = OPTIONS[backend] ?? {};
  // In the order the settings were written.
  const options = [...statements].sort((a, b) => a.lineStart - b.lineStart).filter((statement) => statement.name !== 'EMAIL_BACKEND');
  // A third-party backend may read EMAIL_* itself; what it takes as options is unknown.
  if (!(backend in OPTIONS) && !(backend in DEVELOPMENT_MAIL_BACKENDS) && options.length) return null;
  const source = (name: string): string => statements.find((statement) => statement.name === name)!.valueSource.trim();
  const optionLines = options
    .filter((statement) => accepted[statement.name])
    .map((statement) => `            ${JSON.stringify(accepted[statement.name])}: ${source(statement.name)},`);
  const lines = [
    'MAILERS = {',
    '    "default": {',
    `        "BACKEND": ${view.has('EMAIL_BACKEND') ? source('EMAIL_BACKEND') : JSON.stringify(SMTP)},`,
    ...(optionLines.length ? ['        "OPTIONS": {', ...optionLines, '        },'] : []),
    '    },',
    '}',
  ];
  if (lines.some((line) => line.length > 99)) return null;
  const ordered = [...statements].sort((a, b) => a.lineStart - b.lineStart);
  const last = ordered[ordered.length - 1];
  const edits: TextEdit[] = ordered.map((statement) => (statement === last ? replaceEdit(statement, lines) : deleteEdit(statement)));
  return {
    title: `Move ${names.length > 1 ? 'the EMAIL_* settings' : names[0]} into MAILERS["default"]`,
    changes: mergeChanges([{ kind: 'edit', file, edits }]),
  };
}
