// Whether the project's own supervisor files show the app server behind a reverse proxy: gunicorn, uvicorn or
// daphne listening only on loopback or a unix socket cannot be reached by browsers directly, so something in
// front of it terminates HTTPS.
import * as path from 'node:path';
import { readTextOrUndefined, type FileSystem } from '../../fileSystem';
import type { DjangoProject } from '../../project/model';
import { parseIni } from '../../supervisor';
import { analyzeCommand, type CommandInfo } from '../../supervisor/command';
import type { Location } from '../../types';

interface ProxiedServer {
  server: string;
  /** Where it listens, as written (or the server's default). */
  bind: string;
  /** The `command=` value in the supervisor file. */
  location: Location;
}

const PROGRAM_SECTION = /^(program|fcgi-program):/;

/** Listen options per server: an address option, a unix-socket option, and the address used when neither is given. */
const LISTEN: Record<string, { address: string[]; socket: string[]; fallback: string }> = {
  gunicorn: { address: ['--bind', '-b'], socket: [], fallback: '127.0.0.1:8000' },
  uvicorn: { address: ['--host'], socket: ['--uds', '--fd'], fallback: '127.0.0.1' },
  daphne: { address: ['--bind', '-b'], socket: ['--unix-socket', '-u', '--fd'], fallback: '127.0.0.1' },
};

export function findProxiedServer(project: DjangoProject, fs: FileSystem): ProxiedServer | undefined {
  for (const file of project.supervisorFiles) {
    const text = readTextOrUndefined(fs, file);
    if (text === undefined) continue;
    for (const section of parseIni(text).sections) {
      if (!PROGRAM_SECTION.test(section.name)) continue;
      const command = section.entries.filter((entry) => entry.key === 'command').pop();
      if (!command) continue;
      const info = analyzeCommand(command.value);
      const bind = LISTEN[info.kind] && internalBind(info);
      if (bind) return { server: info.kind, bind, location: { file, range: command.valueRange } };
    }
  }
  return undefined;
}

/** The first place the server listens that only a local proxy can reach, or undefined when it is exposed. */
function internalBind(info: CommandInfo): string | undefined {
  const listen = LISTEN[info.kind];
  const socket = info.options.find((option) => listen.socket.includes(option.name));
  if (socket) return `${socket.name} ${socket.value?.text ?? ''}`.trim();
  const addresses = info.options.filter((option) => listen.address.includes(option.name)).map((option) => option.value?.text ?? '');
  if (!addresses.length) return listen.fallback;
  return addresses.every(isInternalAddress) ? addresses[0] : undefined;
}

function isInternalAddress(address: string): boolean {
  if (address.startsWith('unix:') || address.startsWith('fd://') || address.startsWith('/')) return true;
  const bracketed = /^\[([^\]]*)\]/.exec(address);
  const host = bracketed ? bracketed[1] : address.split(':').length > 2 ? address : address.replace(/:\d*$/, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function describeServer(server: ProxiedServer): string {
  return `${server.server} listens on ${server.bind} (${path.basename(server.location.file)})`;
}
