// The value conversions of supervisor/datatypes.py, as predicates. Each returns null when supervisord
// accepts the (already %-expanded) value, or a message that quotes supervisord's own error and says what to
// write instead. Host-dependent types (user names, existing directories) are not judged here.
import { EVENT_TYPES, type ValueType } from './schema';
import { pyStrip } from './pyText';

/** Python's int(): optional sign, ASCII digits with single underscores between them, surrounding spaces. */
export function parsePyInt(text: string, base: 10 | 8 = 10): number | null {
  const digits = base === 10 ? '[0-9]' : '[0-7]';
  const prefix = base === 8 ? '(?:0[oO]_?)?' : '';
  const pattern = new RegExp(`^[+-]?${prefix}${digits}(?:_?${digits})*$`);
  const stripped = pyStrip(text);
  if (!pattern.test(stripped)) return null;
  const sign = stripped.startsWith('-') ? -1 : 1;
  const body = stripped
    .replace(/^[+-]/, '')
    .replace(/^0[oO]/, '')
    .replace(/_/g, '');
  return sign * parseInt(body, base);
}

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

export function parseBoolean(value: string): boolean | null {
  const lower = value.toLowerCase();
  if (TRUTHY.includes(lower)) return true;
  if (FALSY.includes(lower)) return false;
  return null;
}

export function parseByteSize(value: string): number | null {
  const lower = value.toLowerCase();
  const multipliers: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
  const suffix = lower.slice(-2);
  if (Object.hasOwn(multipliers, suffix)) {
    const n = parsePyInt(lower.slice(0, -2));
    return n === null ? null : n * multipliers[suffix];
  }
  return parsePyInt(lower);
}

// Linux signal numbers supervisord accepts: every `SIG*` attribute of Python's signal module, which also
// counts SIG_DFL/SIG_IGN/SIG_BLOCK/SIG_UNBLOCK/SIG_SETMASK (0, 1, 2).
const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  POLL: 29,
  IO: 29,
  PWR: 30,
  SYS: 31,
  RTMIN: 34,
  RTMAX: 64,
  _DFL: 0,
  _IGN: 1,
  _BLOCK: 0,
  _UNBLOCK: 1,
  _SETMASK: 2,
};
// Only numbers that some attribute names: 35-63 are valid real-time signals but are refused.
const SIGNAL_NUMBERS = new Set(Object.values(SIGNALS));

function parseSignal(value: string): number | null {
  const number = parsePyInt(value);
  if (number !== null) return SIGNAL_NUMBERS.has(number) ? number : null;
  let name = pyStrip(value).toUpperCase();
  if (name.startsWith('SIG')) name = name.slice(3);
  return Object.hasOwn(SIGNALS, name) ? SIGNALS[name] : null;
}

const LOG_LEVELS = ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'];

const quote = (value: string) => `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;

/** Checks a value of one of the simple types; environment, name and socket values have their own modules. */
export function checkValue(type: ValueType, value: string): string | null {
  switch (type) {
    case 'boolean':
      return parseBoolean(value) === null ? `not a valid boolean value: ${quote(value)}. Write true or false (yes/no, on/off and 1/0 also work).` : null;
    case 'integer':
      return parsePyInt(value) === null ? `invalid literal for int(): ${quote(value)}. Write a whole number.` : null;
    case 'bufferSize':
    case 'backlog': {
      const n = parsePyInt(value);
      if (n === null) return `invalid literal for int(): ${quote(value)}. Write a whole number.`;
      const max = type === 'backlog' ? 65535 : Infinity;
      return n < 1 || n > max ? `${n} is out of range. Write a number from 1${max === Infinity ? ' up' : ` to ${max}`}.` : null;
    }
    case 'byteSize':
      return parseByteSize(value) === null
        ? `invalid byte size ${quote(value)}. Write a whole number of bytes, optionally followed by KB, MB or GB (for example 50MB), or 0 to turn rotation off.`
        : null;
    case 'octal':
      return parsePyInt(value, 8) === null ? `${value} can not be converted to an octal type. Write an octal number such as 022 or 0o022.` : null;
    case 'signal':
      return parseSignal(value) === null
        ? `value ${quote(value)} is not a valid signal name. Write a signal such as TERM, INT, QUIT, HUP, KILL, USR1 or USR2.`
        : null;
    case 'exitcodes':
      return checkExitCodes(value);
    case 'autorestart':
      return parseBoolean(value) === null && value.toLowerCase() !== 'unexpected'
        ? `invalid 'autorestart' value ${quote(value.toLowerCase())}. Write true, false or unexpected.`
        : null;
    case 'loglevel':
      return LOG_LEVELS.includes(value.toLowerCase())
        ? null
        : `bad logging level name ${quote(value)}. Write one of ${LOG_LEVELS.join(', ')}${value.toLowerCase() === 'warning' ? ' (warn, not warning)' : ''}.`;
    case 'inetAddress':
      return checkInetAddress(value);
    case 'events':
      return checkEvents(value);
    default:
      return null;
  }
}

function checkExitCodes(value: string): string | null {
  if (value === '') return null;
  const bad = value.split(',').find((part) => {
    const n = parsePyInt(part);
    return n === null || n < 0 || n > 255;
  });
  return bad === undefined ? null : `not a valid list of exit codes: ${quote(value)}. Write numbers from 0 to 255 separated by commas, such as 0,2.`;
}

function checkInetAddress(value: string): string | null {
  const colon = value.lastIndexOf(':');
  const port = colon === -1 ? value : value.slice(colon + 1);
  if (colon !== -1 && port === '') return `no port number specified in ${quote(value)}. Write host:port, such as 127.0.0.1:9001.`;
  const n = parsePyInt(port);
  return n === null || n < 1 || n > 65535 ? `not a valid port number: ${quote(port)}. Write host:port with a port from 1 to 65535.` : null;
}

function eventNames(value: string): string[] {
  return value === '' ? [] : value.split(',').map((name) => pyStrip(name));
}

function checkEvents(value: string): string | null {
  const unknown = eventNames(value).find((name) => !EVENT_TYPES.includes(name.toUpperCase()));
  return unknown === undefined ? null : `Unknown event type ${unknown.toUpperCase()}. Use event names such as PROCESS_STATE, PROCESS_STATE_EXITED or TICK_60.`;
}

/** supervisor's process_or_group_name(): why supervisord refuses the name, or null. */
export function invalidNameMessage(what: string, name: string): string | null {
  const stripped = pyStrip(name);
  const bad = [' ', ':', '/'].find((ch) => stripped.includes(ch));
  if (bad === undefined) return null;
  return `supervisord refuses the ${what} '${stripped}' because it contains ${bad === ' ' ? 'a space' : `'${bad}'`} (Invalid name). Use letters, digits, '-', '_' or '.' only.`;
}

/** fcgi-program `socket`: unix:///absolute/path or tcp://host:port. */
export function checkSocket(value: string): string | null {
  if (value.startsWith('unix://')) {
    return value.slice(7).startsWith('/') ? null : `Unix socket path ${value.slice(7)} is not an absolute path. Write unix:///absolute/path.sock.`;
  }
  return /^tcp:\/\/[^\s:]+:\d+$/.test(value) ? null : `Bad socket format ${value}. Write tcp://host:port or unix:///absolute/path.sock.`;
}
