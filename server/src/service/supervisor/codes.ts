// Diagnostic codes for supervisor files. DR71x: the file's syntax and `%` expansions; DR72x: values
// supervisord refuses at start (it exits with status 2); DR73x-DR74x: mistakes it accepts silently;
// DR75x: checks against the Django project. Gaps are left for later codes; never renumber.
import { defineCode } from '../codes';
import type { Severity } from '../types';

const area = 'process-supervisor' as const;
// Their fixes edit supervisor files only: no setting changes.
const code = (code: string, severity: Severity, title: string, fixable = false) =>
  defineCode(fixable ? { code, area, severity, title, fixable, settings: [] } : { code, area, severity, title });

export const CODES = {
  noSeparator: code('DR710', 'error', 'Line is not a section, a key or a comment'),
  noSection: code('DR711', 'error', 'Text before the first section'),
  byteOrderMark: code('DR712', 'error', 'Byte order mark at the start of the file', true),
  strayPercent: code('DR715', 'error', 'Unescaped % in a value', true),
  unknownExpansion: code('DR716', 'error', 'Unknown %(name)s expansion', true),

  missingRequired: code('DR720', 'error', 'Required key or section missing'),
  invalidValue: code('DR721', 'error', 'Value supervisord cannot read', true),
  processNumMissing: code('DR722', 'error', 'numprocs above 1 without %(process_num) in process_name', true),
  stopWithoutKill: code('DR723', 'error', 'stopasgroup=true with killasgroup=false', true),
  invalidName: code('DR724', 'error', 'Invalid program, group or process name'),
  unknownGroupMember: code('DR725', 'error', 'Group lists a program that does not exist', true),
  listenerRedirectsStderr: code('DR726', 'error', 'Event listener with redirect_stderr=true', true),
  incompleteAuth: code('DR727', 'error', 'Username without password, or password without username'),

  unknownKey: code('DR730', 'warning', 'Unknown key', true),
  unknownSection: code('DR731', 'warning', 'Unknown section', true),
  duplicateProgram: code('DR732', 'warning', 'Program defined more than once'),
  mainSectionInInclude: code('DR733', 'warning', 'Main configuration section in an included file'),
  commentCutsValue: code('DR734', 'warning', 'Inline comment cuts a command or environment value'),
  unquotedEnvironment: code('DR735', 'warning', 'Unquoted environment value', true),
  unavailableEnv: code('DR736', 'warning', '%(ENV_X)s not set when systemd starts supervisord'),
  zeroProcesses: code('DR737', 'warning', 'numprocs=0 starts no process', true),
  duplicateBeat: code('DR738', 'warning', 'More than one celery beat scheduler', true),
  sharedLogFile: code('DR739', 'warning', 'Rotating log file shared by two writers'),
  daemonizes: code('DR740', 'warning', 'Server told to daemonize under supervisor', true),
  shortStopWait: code('DR741', 'warning', "stopwaitsecs not above gunicorn's graceful timeout", true),
  ignoredStderrLog: code('DR742', 'info', 'stderr_logfile ignored because of redirect_stderr=true', true),
  duplicateKey: code('DR743', 'warning', 'Key set twice in one section'),
  openRpcServer: code('DR744', 'warning', 'XML-RPC server on every interface without a password'),
  runserver: code('DR745', 'warning', 'Django development server run by supervisor'),

  settingsMissing: code('DR750', 'warning', 'DJANGO_SETTINGS_MODULE names a module that does not exist', true),
  settingsDevelopment: code('DR751', 'warning', 'DJANGO_SETTINGS_MODULE names a development settings module', true),
  wrongServerTarget: code('DR752', 'warning', "Server target is not the project's WSGI or ASGI application", true),
  celeryAppMissing: code('DR753', 'warning', 'Celery app given with -A does not exist', true),
};
