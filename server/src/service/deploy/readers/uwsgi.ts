// uWSGI configuration, ini (`[uwsgi]` section) or YAML (`uwsgi:` mapping): the application it loads
// (`module`, `wsgi`, `wsgi-file`, `mount`), how many worker processes (`processes`/`workers`), `master`,
// and the environment it sets (`env = NAME=value`, repeatable).
import type { Location } from '../../types';
import type { EnvAssignment, WorkerCount } from '../model';
import { FileText, mapEntries, parseYaml, scalarText, seqItems, nodeLocation } from '../text';

interface UwsgiConfig {
  file: string;
  /** Every option, in order (options repeat). */
  options: { key: string; value: string; location: Location }[];
  app?: string;
  workers?: WorkerCount;
  master: boolean;
  env: EnvAssignment[];
  problem?: { message: string; location: Location };
}

export function isUwsgiIniText(text: string): boolean {
  return /^\s*\[uwsgi\]\s*$/m.test(text);
}

export function isUwsgiYamlText(text: string): boolean {
  return /^uwsgi\s*:\s*$/m.test(text);
}

const APP_KEYS = ['module', 'wsgi', 'mount', 'wsgi-file', 'file', 'callable'];

function summarise(file: string, options: UwsgiConfig['options'], problem?: UwsgiConfig['problem']): UwsgiConfig {
  const value = (...keys: string[]): { value: string; location: Location } | undefined => [...options].reverse().find((option) => keys.includes(option.key));
  const short = file.slice(file.lastIndexOf('/') + 1);
  const processes = value('processes', 'workers', 'p');
  let workers: WorkerCount | undefined;
  if (processes) {
    const number = /^\s*(\d+)\s*$/.exec(processes.value);
    workers = { count: number ? Number(number[1]) : undefined, source: `processes = ${processes.value} in ${short}` };
  } else {
    workers = { count: 1, source: `${short} sets no processes (uWSGI's default is 1)` };
  }
  // `mount = /=proj.wsgi:application` mounts the application at a URL prefix.
  const appValue = APP_KEYS.map((key) => value(key)).find(Boolean)?.value;
  const app = appValue?.includes('=') ? appValue.slice(appValue.lastIndexOf('=') + 1) : appValue;
  const env = options
    .filter((option) => option.key === 'env' && option.value.includes('='))
    .map((option) => ({
      name: option.value.slice(0, option.value.indexOf('=')).trim(),
      value: option.value.slice(option.value.indexOf('=') + 1).trim(),
      location: option.location,
      source: `${short} env`,
    }));
  const master = value('master', 'M');
  return { file, options, app, workers, master: !!master && !/^(false|0|no|off)$/i.test(master.value), env, problem };
}

/** uWSGI's ini reader: `key = value` lines under `[uwsgi]`; `;` and `#` start comments only at the start of a line. */
export function readUwsgiIni(file: string, source: string, section = 'uwsgi'): UwsgiConfig {
  const text = new FileText(file, source);
  const options: UwsgiConfig['options'] = [];
  let current = '';
  let sawSection = false;
  source.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = header[1].trim();
      sawSection ||= current === section;
      return;
    }
    if (current !== section) return;
    const eq = line.indexOf('=');
    // A bare `key` is a flag; uWSGI stores it with an empty value (and treats that as on).
    const key = (eq === -1 ? line : line.slice(0, eq)).trim();
    const value = eq === -1 ? '' : line.slice(eq + 1).trim();
    options.push({ key, value, location: text.line(index) });
  });
  return summarise(file, options, sawSection ? undefined : { message: `No [${section}] section: uWSGI reads nothing from this file.`, location: text.at(0) });
}

export function readUwsgiYaml(file: string, source: string): UwsgiConfig {
  const text = new FileText(file, source);
  const yaml = parseYaml(text);
  const options: UwsgiConfig['options'] = [];
  for (const doc of yaml.documents) {
    for (const [key, { value }] of mapEntries(doc, mapEntries(doc, doc.contents).get('uwsgi')?.value)) {
      const list = seqItems(doc, value);
      for (const item of list.length ? list : [value]) {
        const scalar = scalarText(doc, item);
        if (scalar !== undefined) options.push({ key, value: scalar, location: nodeLocation(text, item) });
      }
    }
  }
  return summarise(file, options, yaml.error ? { message: `Not valid YAML: ${yaml.error.message}`, location: yaml.error.location } : undefined);
}
