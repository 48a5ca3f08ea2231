// Apache with mod_wsgi: `WSGIDaemonProcess name processes=N threads=M ...` runs Django in daemon processes
// that Apache itself starts and restarts; `WSGIScriptAlias` names the WSGI script.
import type { Location } from '../../types';
import { FileText } from '../text';

interface WsgiDaemon {
  name: string;
  processes: number | undefined;
  threads: number | undefined;
  user?: string;
  location: Location;
}

interface ApacheConfig {
  daemons: WsgiDaemon[];
  scriptAliases: { url: string; script: string; location: Location }[];
}

export function isApacheWsgiText(text: string): boolean {
  return /^\s*(WSGIScriptAlias|WSGIDaemonProcess)\s/im.test(text);
}

export function readApache(file: string, source: string): ApacheConfig {
  const text = new FileText(file, source);
  const daemons: WsgiDaemon[] = [];
  const scriptAliases: ApacheConfig['scriptAliases'] = [];
  source.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line.startsWith('#')) return;
    const daemon = /^WSGIDaemonProcess\s+(\S+)(.*)$/i.exec(line);
    if (daemon) {
      const options = new Map<string, string>();
      for (const match of daemon[2].matchAll(/([A-Za-z-]+)=('[^']*'|"[^"]*"|\S+)/g)) options.set(match[1].toLowerCase(), match[2].replace(/^['"]|['"]$/g, ''));
      const number = (key: string): number | undefined => (options.has(key) && /^\d+$/.test(options.get(key)!) ? Number(options.get(key)) : undefined);
      // mod_wsgi: one process unless processes= says otherwise.
      daemons.push({
        name: daemon[1],
        processes: options.has('processes') ? number('processes') : 1,
        threads: options.has('threads') ? number('threads') : 15,
        user: options.get('user'),
        location: text.line(index),
      });
    }
    const alias = /^WSGIScriptAlias\s+(\S+)\s+(\S+)/i.exec(line);
    if (alias) scriptAliases.push({ url: alias[1], script: alias[2].replace(/^["']|["']$/g, ''), location: text.line(index) });
  });
  return { daemons, scriptAliases };
}
