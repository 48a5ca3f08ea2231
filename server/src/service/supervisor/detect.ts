// Which files are supervisor configurations: supervisord.conf itself, or a .conf/.ini file with a section
// only supervisor uses. Prefixes are matched without regard to case so that [Program:x] still counts
// (and then gets its own diagnostic).
import * as path from 'node:path';

const SUPERVISOR_SECTION =
  /^[ \t]*\[(?:(?:program|fcgi-program|eventlistener|group|rpcinterface):[^\]\r\n]*|supervisord|supervisorctl|unix_http_server|inet_http_server)\]/im;
const MAX_SCAN = 256 * 1024;

export function isSupervisorFile(filePath: string, text: string): boolean {
  const name = path.basename(filePath);
  if (name === 'supervisord.conf') return true;
  if (!/\.(conf|ini)$/i.test(name)) return false;
  return SUPERVISOR_SECTION.test(text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text);
}
