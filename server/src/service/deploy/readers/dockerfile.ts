// Dockerfile: build stages (`FROM x AS name`, stages built on earlier ones), and per stage what a container
// of it runs (ENTRYPOINT and CMD, exec or shell form, inherited from the stage it builds on), its ENV, USER,
// WORKDIR and what COPY/ADD put where (to find the scripts and configs the commands name).
import { posixSplit } from '../../supervisor/shlex';
import type { Location } from '../../types';
import type { EnvAssignment } from '../model';
import { FileText } from '../text';

interface DockerCommand {
  argv: string[];
  /** Shell form: `argv` is `/bin/sh -c <text>`. */
  shell: boolean;
  location: Location;
}

export interface DockerCopy {
  sources: string[];
  destination: string;
  /** `--from=stage`: copied from another stage or image, not from the build context. */
  fromStage?: string;
}

export interface DockerStage {
  /** `AS name`, lowercased as Docker does; undefined for an unnamed stage. */
  name: string | undefined;
  index: number;
  /** The image or earlier stage it starts from. */
  base: string;
  location: Location;
  entrypoint?: DockerCommand;
  cmd?: DockerCommand;
  env: EnvAssignment[];
  workdir?: string;
  user?: string;
  copies: DockerCopy[];
}

export interface Dockerfile {
  file: string;
  stages: DockerStage[];
  problem?: { message: string; location: Location };
}

interface Instruction {
  keyword: string;
  args: string;
  start: number;
  end: number;
}

function instructions(text: string): Instruction[] {
  const escapeChar = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 200)) ? '`' : '\\';
  const result: Instruction[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let current: Instruction | undefined;
  for (const rawLine of lines) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    if (current) {
      // Comment lines inside a continued instruction are dropped, as Docker does.
      if (/^\s*#/.test(line)) continue;
      const continued = line.trimEnd().endsWith(escapeChar);
      current.args += ` ${continued ? line.trimEnd().slice(0, -1) : line}`;
      current.end = lineStart + line.length;
      if (!continued) {
        result.push(current);
        current = undefined;
      }
      continue;
    }
    const match = /^\s*([A-Za-z]+)(\s+|$)(.*)$/.exec(line);
    if (!match || /^\s*#/.test(line)) continue;
    const rest = match[3];
    const continued = rest.trimEnd().endsWith(escapeChar);
    const instruction = {
      keyword: match[1].toUpperCase(),
      args: continued ? rest.trimEnd().slice(0, -1) : rest,
      start: lineStart + line.indexOf(match[1]),
      end: lineStart + line.length,
    };
    if (continued) current = instruction;
    else result.push(instruction);
  }
  if (current) result.push(current);
  return result;
}

function command(args: string, location: Location): DockerCommand | undefined {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return { argv: parsed, shell: false, location };
    } catch {
      // Not valid JSON: Docker then runs the text with a shell, as below.
    }
  }
  return trimmed ? { argv: ['/bin/sh', '-c', trimmed], shell: true, location } : undefined;
}

/** `ENV A=1 B="two words"`, or the old `ENV A one value`. */
function envPairs(args: string): [string, string][] {
  const trimmed = args.trim();
  const legacy = /^([A-Za-z_][A-Za-z0-9_.-]*)\s+([^=\s][\s\S]*)$/.exec(trimmed);
  if (legacy && !/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(trimmed)) return [[legacy[1], legacy[2].trim()]];
  const pairs: [string, string][] = [];
  for (const token of posixSplit(trimmed.replace(/\$/g, '\u0000')).tokens) {
    const value = token.value.replace(/\u0000/g, '$');
    const eq = value.indexOf('=');
    if (eq > 0) pairs.push([value.slice(0, eq), value.slice(eq + 1)]);
  }
  return pairs;
}

function flagsAndWords(args: string): { flags: Map<string, string>; words: string[] } {
  const flags = new Map<string, string>();
  const words: string[] = [];
  const trimmed = args.trim();
  const list: string[] = trimmed.startsWith('[')
    ? (safeJsonList(trimmed) ?? posixSplit(trimmed).tokens.map((t) => t.value))
    : posixSplit(trimmed).tokens.map((t) => t.value);
  for (const word of list) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (flag && !words.length) flags.set(flag[1], flag[2] ?? '');
    else words.push(word);
  }
  return { flags, words };
}

function safeJsonList(text: string): string[] | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function readDockerfile(file: string, source: string): Dockerfile {
  const text = new FileText(file, source);
  const stages: DockerStage[] = [];
  const args = new Map<string, string>();
  for (const instruction of instructions(source)) {
    const location = text.at(instruction.start, instruction.end);
    if (instruction.keyword === 'FROM') {
      const words = instruction.args
        .trim()
        .split(/\s+/)
        .filter((word) => !word.startsWith('--'));
      const asIndex = words.findIndex((word) => word.toLowerCase() === 'as');
      const base = (words[0] ?? '').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => args.get(name) ?? whole);
      stages.push({ name: asIndex !== -1 ? words[asIndex + 1]?.toLowerCase() : undefined, index: stages.length, base, location, env: [], copies: [] });
      continue;
    }
    if (instruction.keyword === 'ARG' && !stages.length) {
      const [name, value] = instruction.args.trim().split('=');
      if (name && value !== undefined) args.set(name.trim(), value.trim().replace(/^"|"$/g, ''));
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    switch (instruction.keyword) {
      case 'CMD':
        stage.cmd = command(instruction.args, location);
        break;
      case 'ENTRYPOINT':
        // A new ENTRYPOINT drops the CMD inherited from the base image (effectiveCommand stops there).
        stage.entrypoint = command(instruction.args, location);
        break;
      case 'ENV':
        for (const [name, value] of envPairs(instruction.args)) stage.env.push({ name, value, location, source: `${shortName(file)} ENV` });
        break;
      case 'WORKDIR':
        stage.workdir = joinPath(stage.workdir ?? '/', instruction.args.trim().replace(/^"|"$/g, ''));
        break;
      case 'USER':
        stage.user = instruction.args.trim();
        break;
      case 'COPY':
      case 'ADD': {
        const { flags, words } = flagsAndWords(instruction.args);
        if (words.length < 2) break;
        stage.copies.push({ sources: words.slice(0, -1), destination: joinPath(stage.workdir ?? '/', words[words.length - 1]), fromStage: flags.get('from') });
        break;
      }
    }
  }
  return {
    file,
    stages,
    problem: stages.length ? undefined : { message: 'No FROM instruction: this is not a Dockerfile Docker can build.', location: text.at(0) },
  };
}

function shortName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** `WORKDIR`-relative paths, as Docker joins them. */
export function joinPath(base: string, next: string): string {
  if (next.startsWith('/')) return normalise(next);
  return normalise(`${base.replace(/\/$/, '')}/${next}`);
}

function normalise(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}${p.endsWith('/') && parts.length ? '/' : ''}`;
}

/** The stage and the stages it builds on, nearest first. */
export function stageLineage(dockerfile: Dockerfile, stage: DockerStage): DockerStage[] {
  const lineage: DockerStage[] = [];
  let current: DockerStage | undefined = stage;
  while (current && !lineage.includes(current)) {
    lineage.push(current);
    const base = current.base.toLowerCase();
    current = dockerfile.stages
      .slice(0, current.index)
      .reverse()
      .find((candidate) => candidate.name === base);
  }
  return lineage;
}

/** What a container of the stage runs by default, following the stages it builds on; undefined when the base image decides. */
export function effectiveCommand(dockerfile: Dockerfile, stage: DockerStage): { entrypoint?: DockerCommand; cmd?: DockerCommand } {
  let entrypoint: DockerCommand | undefined;
  let cmd: DockerCommand | undefined;
  let entrypointSet = false;
  for (const current of stageLineage(dockerfile, stage)) {
    if (!entrypointSet && current.entrypoint) {
      entrypoint = current.entrypoint;
      entrypointSet = true;
      cmd ??= current.cmd;
      break;
    }
    cmd ??= current.cmd;
  }
  return { entrypoint, cmd };
}

/** Environment of the stage: ENV of the stages it builds on first. */
export function effectiveEnv(dockerfile: Dockerfile, stage: DockerStage): EnvAssignment[] {
  return stageLineage(dockerfile, stage)
    .reverse()
    .flatMap((s) => s.env);
}

export function effectiveUser(dockerfile: Dockerfile, stage: DockerStage): string | undefined {
  return stageLineage(dockerfile, stage).find((s) => s.user)?.user;
}

export function effectiveWorkdir(dockerfile: Dockerfile, stage: DockerStage): string | undefined {
  return stageLineage(dockerfile, stage).find((s) => s.workdir)?.workdir;
}
