// What supervisord 4.2.5 reads from each section (supervisor/options.py): the keys, their value types, and
// which `%(name)s` expansions each key sees. Keys that are not listed here are never read, so they are
// ignored without a word; that is why a misspelt key silently falls back to its default.

export type SectionKind =
  | 'supervisord'
  | 'program'
  | 'fcgi-program'
  | 'eventlistener'
  | 'group'
  | 'include'
  | 'unix_http_server'
  | 'inet_http_server'
  | 'supervisorctl'
  | 'rpcinterface'
  | 'ctlplugin'
  | 'DEFAULT';

export type ValueType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'byteSize'
  | 'octal'
  | 'signal'
  | 'exitcodes'
  | 'autorestart'
  | 'logfile'
  | 'loglevel'
  | 'name'
  | 'environment'
  | 'inetAddress'
  | 'events'
  | 'socket'
  | 'backlog'
  | 'bufferSize';

/**
 * When a program-like key is read decides which expansions it may use:
 * - `outer`: read while building the group, before the program's names exist (here and ENV_ only);
 * - `before`: read once per section, before the per-process loop (adds program_name, group_name, host_node_name);
 * - `loop`: read per process (adds process_num and numprocs, and ENV_ from the program's own environment
 *   except in `environment` itself).
 */
export type ReadPhase = 'outer' | 'before' | 'loop';

export interface KeySpec {
  type: ValueType;
  phase?: ReadPhase;
}

export const NAMED_PREFIXES = ['program', 'fcgi-program', 'eventlistener', 'group', 'rpcinterface', 'ctlplugin'] as const;
export const PLAIN_SECTIONS = ['supervisord', 'supervisorctl', 'include', 'unix_http_server', 'inet_http_server'] as const;

const before = (type: ValueType): KeySpec => ({ type, phase: 'before' });
const loop = (type: ValueType): KeySpec => ({ type, phase: 'loop' });
const outer = (type: ValueType): KeySpec => ({ type, phase: 'outer' });

function logKeys(stream: 'stdout' | 'stderr'): Record<string, KeySpec> {
  return {
    [`${stream}_logfile`]: loop('logfile'),
    [`${stream}_logfile_maxbytes`]: loop('byteSize'),
    [`${stream}_logfile_backups`]: loop('integer'),
    [`${stream}_capture_maxbytes`]: before('byteSize'),
    [`${stream}_events_enabled`]: before('boolean'),
    [`${stream}_syslog`]: loop('boolean'),
  };
}

const PROGRAM_KEYS: Record<string, KeySpec> = {
  command: loop('string'),
  process_name: loop('name'),
  numprocs: before('integer'),
  numprocs_start: before('integer'),
  // Read first while building the group, where only here and ENV_ exist.
  priority: outer('integer'),
  autostart: before('boolean'),
  startsecs: before('integer'),
  startretries: before('integer'),
  autorestart: before('autorestart'),
  exitcodes: before('exitcodes'),
  stopsignal: before('signal'),
  stopwaitsecs: before('integer'),
  stopasgroup: before('boolean'),
  killasgroup: before('boolean'),
  user: before('string'),
  redirect_stderr: before('boolean'),
  ...logKeys('stdout'),
  ...logKeys('stderr'),
  environment: loop('environment'),
  directory: loop('string'),
  umask: before('octal'),
  serverurl: before('string'),
};

const EVENTLISTENER_KEYS: Record<string, KeySpec> = {
  ...Object.fromEntries(Object.entries(PROGRAM_KEYS).filter(([key]) => key !== 'stdout_capture_maxbytes')),
  events: outer('events'),
  buffer_size: outer('bufferSize'),
  result_handler: outer('string'),
  redirect_stderr: outer('boolean'),
};

const FCGI_KEYS: Record<string, KeySpec> = {
  ...PROGRAM_KEYS,
  user: outer('string'),
  socket: before('socket'),
  socket_backlog: outer('backlog'),
  socket_owner: outer('string'),
  socket_mode: outer('octal'),
};

const plain = (entries: Record<string, ValueType>): Record<string, KeySpec> =>
  Object.fromEntries(Object.entries(entries).map(([key, type]) => [key, { type }]));

const SUPERVISORD_KEYS = plain({
  logfile: 'string',
  logfile_maxbytes: 'byteSize',
  logfile_backups: 'integer',
  loglevel: 'loglevel',
  pidfile: 'string',
  umask: 'octal',
  nodaemon: 'boolean',
  silent: 'boolean',
  minfds: 'integer',
  minprocs: 'integer',
  nocleanup: 'boolean',
  childlogdir: 'string',
  user: 'string',
  directory: 'string',
  strip_ansi: 'boolean',
  environment: 'environment',
  identifier: 'string',
});

const SERVER_AUTH = { username: 'string', password: 'string' } as const;

export const SECTION_KEYS: Record<Exclude<SectionKind, 'rpcinterface' | 'ctlplugin' | 'DEFAULT'>, Record<string, KeySpec>> = {
  supervisord: SUPERVISORD_KEYS,
  program: PROGRAM_KEYS,
  'fcgi-program': FCGI_KEYS,
  eventlistener: EVENTLISTENER_KEYS,
  group: plain({ programs: 'string', priority: 'integer' }),
  include: plain({ files: 'string' }),
  unix_http_server: plain({ file: 'string', chmod: 'octal', chown: 'string', ...SERVER_AUTH }),
  inet_http_server: plain({ port: 'inetAddress', ...SERVER_AUTH }),
  supervisorctl: plain({ serverurl: 'string', prompt: 'string', history_file: 'string', ...SERVER_AUTH }),
};

/** The keys each section cannot do without, with the section supervisord names in its error. */
export const REQUIRED_KEYS: Partial<Record<SectionKind, string[]>> = {
  program: ['command'],
  'fcgi-program': ['command', 'socket'],
  eventlistener: ['command', 'events'],
  include: ['files'],
  unix_http_server: ['file'],
  inet_http_server: ['port'],
  rpcinterface: ['supervisor.rpcinterface_factory'],
  ctlplugin: ['supervisor.ctl_factory'],
};

/** Event type names of supervisor.events.EventTypes in 4.2.5. */
export const EVENT_TYPES = [
  'EVENT',
  'PROCESS_STATE',
  'PROCESS_STATE_STARTING',
  'PROCESS_STATE_RUNNING',
  'PROCESS_STATE_BACKOFF',
  'PROCESS_STATE_STOPPING',
  'PROCESS_STATE_EXITED',
  'PROCESS_STATE_STOPPED',
  'PROCESS_STATE_FATAL',
  'PROCESS_STATE_UNKNOWN',
  'PROCESS_LOG',
  'PROCESS_LOG_STDOUT',
  'PROCESS_LOG_STDERR',
  'PROCESS_COMMUNICATION',
  'PROCESS_COMMUNICATION_STDOUT',
  'PROCESS_COMMUNICATION_STDERR',
  'PROCESS_GROUP',
  'PROCESS_GROUP_ADDED',
  'PROCESS_GROUP_REMOVED',
  'REMOTE_COMMUNICATION',
  'SUPERVISOR_STATE_CHANGE',
  'SUPERVISOR_STATE_CHANGE_RUNNING',
  'SUPERVISOR_STATE_CHANGE_STOPPING',
  'TICK',
  'TICK_5',
  'TICK_60',
  'TICK_3600',
];

export interface SectionInfo {
  kind: SectionKind;
  /** The part after the first ':' for named sections, else null. */
  label: string | null;
}

/** How supervisord classifies a section name; null when it ignores the section. */
export function classifySection(name: string): SectionInfo | null {
  if (name === 'DEFAULT') return { kind: 'DEFAULT', label: null };
  if ((['supervisord', 'supervisorctl', 'include'] as string[]).includes(name)) return { kind: name as SectionKind, label: null };
  // Quirk of options.py: anything that merely starts with these names defines a server.
  for (const server of ['unix_http_server', 'inet_http_server'] as const) {
    if (name.startsWith(server)) return { kind: server, label: name.includes(':') ? name.slice(name.indexOf(':') + 1) : null };
  }
  const colon = name.indexOf(':');
  if (colon === -1) return null;
  const prefix = name.slice(0, colon);
  if ((NAMED_PREFIXES as readonly string[]).includes(prefix)) return { kind: prefix as SectionKind, label: name.slice(colon + 1) };
  return null;
}

export function isProgramKind(kind: SectionKind | undefined): kind is 'program' | 'fcgi-program' | 'eventlistener' {
  return kind === 'program' || kind === 'fcgi-program' || kind === 'eventlistener';
}

/** The spec of a key in a section kind; undefined when supervisord does not read it there. */
export function keySpec(kind: SectionKind, key: string): KeySpec | undefined {
  if (kind === 'rpcinterface' || kind === 'ctlplugin') return { type: 'string' };
  if (kind === 'DEFAULT') return undefined;
  return Object.hasOwn(SECTION_KEYS[kind], key) ? SECTION_KEYS[kind][key] : undefined;
}

/** Every key some section reads, for [DEFAULT] (whose keys reach every section) and suggestions. */
export function sectionKindsReading(key: string): SectionKind[] {
  return (Object.keys(SECTION_KEYS) as (keyof typeof SECTION_KEYS)[]).filter((kind) => Object.hasOwn(SECTION_KEYS[kind], key));
}
