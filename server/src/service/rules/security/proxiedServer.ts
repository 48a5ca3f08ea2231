// Whether the project's own supervisor files show the app server behind a reverse proxy: gunicorn, uvicorn or
// daphne listening only on loopback or a unix socket cannot be reached by browsers directly, so something in
// front of it terminates HTTPS.
import * as path from 'node:path';
import { readTextOrUndefined, type FileSystem } from '../../fileSystem';
import type { DjangoProject } from '../../project/model';
import { parseIni } from '../../supervisor';
import { productionProcesses } from '../../deploy/model';
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

/** A proxy in front of Django that the repository shows, and the header it sets to say a request came over HTTPS. */
export interface ProxyHeader {
  /** The header as request.META names it, and the value it has for HTTPS. */
  header: string;
  value: string;
  /** What shows it, for the fix's title: "the nginx configuration deploy/nginx.conf", "the platform (Procfile)". */
  shownBy: string;
}

/** Folders where projects keep web-server configuration, and the file names it has there. */
const PROXY_FOLDERS = ['', 'nginx', 'deploy', 'deploy/nginx', 'deployment', 'docker', 'docker/nginx', 'conf', 'config', 'etc', 'etc/nginx', 'compose'];
const PROXY_FILE = /(^nginx.*|\.conf|\.nginx|\.vhost|^Caddyfile.*)$/i;
const MAX_PROXY_FILE = 256 * 1024;

/** Lines that make a proxy overwrite X-Forwarded-Proto with the scheme the client used (so clients cannot forge it). */
const SETS_FORWARDED_PROTO = [
  /^\s*proxy_set_header\s+X-Forwarded-Proto\s+(\$scheme|https)\s*;/im,
  /^\s*uwsgi_param\s+HTTP_X_FORWARDED_PROTO\s+(\$scheme|https)\s*;/im,
  /^\s*RequestHeader\s+set\s+X-Forwarded-Proto\s+"?https"?/im,
  /^\s*reverse_proxy\b/im,
];

/**
 * The proxy header production can trust, when the repository shows a proxy that sets it: a web-server
 * configuration (nginx, Apache, Caddy) that overwrites X-Forwarded-Proto, or a platform whose router does
 * (a production Procfile or app.json: Heroku and the platforms that copy it). Undefined otherwise: a server on
 * loopback says something is in front, not which header it sets.
 */
export function findProxyHeader(project: DjangoProject, fs: FileSystem): ProxyHeader | undefined {
  const forwardedProto = { header: 'HTTP_X_FORWARDED_PROTO', value: 'https' };
  for (const folder of PROXY_FOLDERS) {
    const dir = path.join(project.scanRoot, folder);
    for (const entry of fs.readDir(dir) ?? []) {
      if (entry.kind !== 'file' || !PROXY_FILE.test(entry.name)) continue;
      const file = path.join(dir, entry.name);
      if ((fs.stat(file)?.size ?? 0) > MAX_PROXY_FILE) continue;
      const text = readTextOrUndefined(fs, file);
      if (text && SETS_FORWARDED_PROTO.some((pattern) => pattern.test(text))) {
        return { ...forwardedProto, shownBy: `the proxy configuration ${path.relative(project.scanRoot, file)}` };
      }
    }
  }
  const platform = project.deployment.files.find((file) => file.purpose.production && (file.format === 'procfile' || file.format === 'app.json'));
  if (platform && productionProcesses(project.deployment).some((process) => process.roles.includes('web'))) {
    return { ...forwardedProto, shownBy: `the platform's router (${path.basename(platform.file)})` };
  }
  return undefined;
}
