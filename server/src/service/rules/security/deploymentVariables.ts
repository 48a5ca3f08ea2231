// Where the project's deployment files set an environment variable: Dockerfile ENV, compose `environment:`,
// systemd Environment=, supervisor environment=, and Procfile `NAME=value command`. A small, self-contained reader
// for the few rules that need one variable (async.E001); files named for development, local use or tests are not
// production and are skipped.
// TODO(deploy): once service/deploy/ models production's processes and environment, read the variable from there.
import * as path from 'node:path';
import { relativePath } from '../../paths';
import { FileReadError, type FileSystem } from '../../fileSystem';
import type { DjangoProject } from '../../project/model';
import { SKIPPED_DIRS } from '../../project/walk';
import type { Location } from '../../types';

interface VariableSetting {
  file: string;
  /** The value as the process sees it; undefined when it comes from elsewhere (`${X}`, a pass-through). */
  value: string | undefined;
  location: Location;
  /** "Dockerfile", "compose file", "systemd unit", "supervisor program", "Procfile". */
  source: string;
}

const MAX_DEPTH = 3;
const MAX_ENTRIES = 2000;
/** Folders deployment files live in; the scan enters only these (it runs on every analysis, so it stays small). */
const DEPLOY_DIRS =
  /^(deploy|deployment|deployments|docker|dockerfiles|compose|systemd|etc|ops|infra|infrastructure|config|conf|server|servers|provision|provisioning|ansible|k8s|kubernetes|helm|heroku|supervisor|services?)$/i;
const DEVELOPMENT = /(^|[._-])(dev|develop|development|local|test|tests|testing|ci)([._-]|$)/i;

type Format = 'dockerfile' | 'compose' | 'systemd' | 'supervisor' | 'procfile';

function formatOf(name: string): Format | undefined {
  if (/^(Dockerfile|Containerfile)(\..+)?$|\.(dockerfile|containerfile)$/i.test(name)) return 'dockerfile';
  if (/^(docker-)?compose([.-][\w-]+)*\.ya?ml$/i.test(name)) return 'compose';
  if (/\.service$/.test(name)) return 'systemd';
  if (name === 'Procfile') return 'procfile';
  return undefined;
}

const SOURCE: Record<Format, string> = {
  dockerfile: 'Dockerfile',
  compose: 'compose file',
  systemd: 'systemd unit',
  supervisor: 'supervisor program',
  procfile: 'Procfile',
};

/** Every place a production deployment file of the project sets `name`. */
export function deploymentSettings(fs: FileSystem, project: DjangoProject, name: string): VariableSetting[] {
  const files = new Map<string, Format>();
  for (const file of project.supervisorFiles) files.set(file, 'supervisor');
  let budget = MAX_ENTRIES;
  const visit = (dir: string, depth: number, root: string): void => {
    const entries = fs.readDir(dir);
    if (!entries) return;
    for (const entry of entries) {
      if (--budget < 0) return;
      const full = path.join(dir, entry.name);
      if (entry.kind === 'directory') {
        if (depth < MAX_DEPTH && DEPLOY_DIRS.test(entry.name) && !SKIPPED_DIRS.has(entry.name) && !DEVELOPMENT.test(entry.name)) visit(full, depth + 1, root);
        continue;
      }
      const format = formatOf(entry.name);
      if (format && !files.has(full) && !isDevelopmentPath(relativePath(root, full))) files.set(full, format);
    }
  };
  for (const root of new Set([project.root, project.scanRoot])) visit(root, 0, root);
  const found: VariableSetting[] = [];
  for (const [file, format] of files) {
    if (format === 'supervisor' && isDevelopmentPath(path.basename(file))) continue;
    const content = fs.readText(file);
    if (content instanceof FileReadError || !content.text.includes(name)) continue;
    for (const hit of READERS[format](content.text, name)) {
      found.push({
        file,
        value: hit.value,
        source: SOURCE[format],
        location: { file, range: { start: { line: hit.line, character: hit.column }, end: { line: hit.line, character: hit.column + hit.length } } },
      });
    }
  }
  return found;
}

function isDevelopmentPath(relative: string): boolean {
  return relative.split(/[\\/]/).some((part) => DEVELOPMENT.test(part));
}

interface Hit {
  line: number;
  column: number;
  length: number;
  value: string | undefined;
}

const escapeRegExp = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `NAME=value` tokens on the lines `accept` keeps, with shell-like quotes removed. */
function assignments(text: string, name: string, accept: (line: string) => boolean): Hit[] {
  const hits: Hit[] = [];
  const pattern = new RegExp(`(?<![\\w-])${escapeRegExp(name)}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s,"']*)`, 'g');
  text.split(/\r?\n/).forEach((line, index) => {
    if (!accept(line)) return;
    for (const match of line.matchAll(pattern)) {
      hits.push({ line: index, column: match.index!, length: match[0].length, value: literal(match[1]) });
    }
  });
  return hits;
}

/** A value without variables: quotes removed; undefined when it refers to another variable. */
function literal(raw: string): string | undefined {
  const unquoted = /^(["'])(.*)\1$/.exec(raw)?.[2] ?? raw;
  return /\$/.test(unquoted) ? undefined : unquoted;
}

const READERS: Record<Format, (text: string, name: string) => Hit[]> = {
  dockerfile: (text, name) => {
    // ENV NAME=value (and continuation lines of an ENV instruction); the legacy `ENV NAME value` form too.
    const hits: Hit[] = [];
    let inEnv = false;
    text.split(/\r?\n/).forEach((line, index) => {
      const starts = /^\s*ENV\s/i.test(line);
      if (starts || inEnv) {
        const legacy = new RegExp(`^\\s*ENV\\s+${escapeRegExp(name)}\\s+(?!=)(.*)$`, 'i').exec(line);
        if (legacy) hits.push({ line: index, column: line.indexOf(name), length: line.length - line.indexOf(name), value: literal(legacy[1].trim()) });
        else hits.push(...assignments(line, name, () => true).map((hit) => ({ ...hit, line: index })));
      }
      inEnv = (starts || inEnv) && /\\\s*$/.test(line);
    });
    return hits;
  },
  compose: (text, name) => {
    const hits: Hit[] = [];
    const listItem = new RegExp(`^(\\s*-\\s*)(["']?)${escapeRegExp(name)}(=(.*?))?\\2\\s*(#.*)?$`);
    const mapItem = new RegExp(`^(\\s*)${escapeRegExp(name)}\\s*:\\s*(.*?)\\s*(#.*)?$`);
    text.split(/\r?\n/).forEach((line, index) => {
      const item = listItem.exec(line);
      if (item) {
        // `- NAME` without a value passes the host's variable through: its value is not in the file.
        hits.push({
          line: index,
          column: item[1].length,
          length: line.trimEnd().length - item[1].length,
          value: item[3] === undefined ? undefined : literal(item[4]),
        });
        return;
      }
      const entry = mapItem.exec(line);
      if (entry) {
        const raw = entry[2];
        hits.push({
          line: index,
          column: entry[1].length,
          length: line.trimEnd().length - entry[1].length,
          value: raw === '' || raw === '~' || raw === 'null' ? '' : literal(raw),
        });
      }
    });
    return hits;
  },
  systemd: (text, name) => assignments(text, name, (line) => /^\s*Environment\s*=/.test(line)),
  supervisor: (text, name) => assignments(text, name, (line) => /^\s*environment\s*=/.test(line) || /^\s+\S/.test(line)),
  procfile: (text, name) => assignments(text, name, (line) => /^[\w-]+\s*:/.test(line)),
};
