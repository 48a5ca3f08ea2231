// Section-level checks: unknown or misplaced sections, programs defined twice, required keys, names,
// group members and the XML-RPC servers' authentication.
import * as path from 'node:path';
import type { Range } from '../types';
import { CODES } from './codes';
import { hasProgramSections, isMainFile, isMainFileName, lookup, type MergedSection, type Placed, type SourceFile } from './config';
import { related, skipsPerProcessKeys, type CheckContext } from './context';
import { replaceRange, singleFileFix } from './edits';
import { rangeInValue, type IniSection } from './ini';
import { pyStrip } from './pyText';
import { classifySection, isProgramKind, NAMED_PREFIXES, PLAIN_SECTIONS, REQUIRED_KEYS } from './schema';
import { closest } from './suggest';
import { invalidNameMessage } from './valueTypes';

export function checkSections(ctx: CheckContext): void {
  const { config } = ctx;
  for (const file of config.files) {
    for (const section of file.doc.sections) checkSectionName(ctx, file, section);
    checkPlacement(ctx, file);
  }
  for (const merged of config.sections) {
    checkDuplicates(ctx, merged);
    checkRequired(ctx, merged);
    checkGroup(ctx, merged);
    checkServer(ctx, merged);
  }
  checkMainSection(ctx);
}

function checkSectionName(ctx: CheckContext, file: SourceFile, section: IniSection): void {
  const info = classifySection(section.name);
  if (!info) {
    reportUnknownSection(ctx, file, section);
    return;
  }
  if (!(isProgramKind(info.kind) || info.kind === 'group') || info.label === null) return;
  const message = invalidNameMessage('name', info.label);
  if (message) ctx.report(CODES.invalidName, file, section.nameRange, message);
}

function reportUnknownSection(ctx: CheckContext, file: SourceFile, section: IniSection): void {
  const { name, nameRange } = section;
  const colon = name.indexOf(':');
  const head = colon === -1 ? name : name.slice(0, colon);
  const candidates: readonly string[] = colon === -1 ? PLAIN_SECTIONS : NAMED_PREFIXES;
  const suggestion = candidates.find((c) => c === head.toLowerCase()) ?? closest(head, candidates);
  const ignored = `supervisord ignores [${name}] and everything in it`;
  if (colon === -1 && (NAMED_PREFIXES as readonly string[]).includes(name.toLowerCase())) {
    ctx.report(CODES.unknownSection, file, nameRange, `${ignored}: a [${name.toLowerCase()}] section needs a name. Write [${name.toLowerCase()}:name].`);
    return;
  }
  if (!suggestion) {
    ctx.report(CODES.unknownSection, file, nameRange, `${ignored}: it is not a supervisor section. Remove it, or use [program:name] for a process.`);
    return;
  }
  const caseOnly = suggestion === head.toLowerCase();
  const range: Range = { start: nameRange.start, end: { line: nameRange.start.line, character: nameRange.start.character + head.length } };
  ctx.report(
    CODES.unknownSection,
    file,
    nameRange,
    `${ignored}${caseOnly ? ' (section names are case-sensitive)' : ''}. Write [${suggestion}${name.slice(head.length)}].`,
    { fix: singleFileFix(`Rename to [${suggestion}${name.slice(head.length)}]`, file, [replaceRange(range, suggestion)]) },
  );
}

const MAIN_ONLY = ['supervisord', 'include', 'unix_http_server', 'inet_http_server'];

/** conf.d fragments are merged into the main file, so these sections there override or duplicate the host's own. */
function checkPlacement(ctx: CheckContext, file: SourceFile): void {
  if (isMainFile(file) || !hasProgramSections(file)) return;
  for (const section of file.doc.sections) {
    const kind = classifySection(section.name)?.kind;
    if (!kind || !MAIN_ONLY.includes(kind)) continue;
    const effect =
      kind === 'include'
        ? 'supervisord ignores [include] in an included file (includes are not recursive)'
        : `when this file is included from /etc/supervisor/supervisord.conf, its [${section.name}] merges into the main one and silently overrides the host's settings`;
    ctx.report(
      CODES.mainSectionInInclude,
      file,
      section.nameRange,
      `${path.basename(file.path)} holds programs, so it is meant for conf.d: ${effect}. Keep only [program:...] and [group:...] sections here and put [${section.name}] in supervisord.conf.`,
    );
  }
}

function checkDuplicates(ctx: CheckContext, merged: MergedSection): void {
  const kind = merged.info?.kind;
  if (merged.occurrences.length < 2 || !(isProgramKind(kind) || kind === 'group')) return;
  const [first, ...others] = merged.occurrences;
  for (const other of others) {
    const where = other.file === first.file ? `line ${first.section.headerRange.start.line + 1}` : path.basename(first.file.path);
    ctx.report(
      CODES.duplicateProgram,
      other.file,
      other.section.nameRange,
      `[${merged.name}] is already defined in ${where}. supervisord merges both silently, and for each key the definition read last wins. Keep a single definition.`,
      { related: [related(first, first.section.nameRange, `first definition of [${merged.name}]`)] },
    );
  }
}

function checkRequired(ctx: CheckContext, merged: MergedSection): void {
  const kind = merged.info?.kind;
  if (!kind) return;
  const anchor = merged.occurrences[merged.occurrences.length - 1];
  for (const key of REQUIRED_KEYS[kind] ?? []) {
    if (key === 'command' && skipsPerProcessKeys(ctx.config, merged)) continue;
    // supervisord handles [include] before reading included files, so one inside them is never looked at.
    if (kind === 'include' && !merged.occurrences.some((o) => isMainFile(o.file))) continue;
    const placed = lookup(ctx.config, merged, key);
    // `events=` and `socket=` count as missing; an empty `command=` only fails when the process is spawned.
    const empty = placed && (key === 'events' || key === 'socket') && pyStrip(placed.entry.value.replace(/,/g, '')) === '';
    if (placed && !empty) continue;
    ctx.report(CODES.missingRequired, anchor.file, anchor.section.nameRange, `${requiredMessage(merged.name, key)} Add a ${key}= line.`);
  }
}

function requiredMessage(section: string, key: string): string {
  switch (key) {
    case 'command':
      return `supervisord refuses to start: program section ${section} does not specify a command.`;
    case 'events':
    case 'socket':
      return `supervisord refuses to start: [${section}] section requires a "${key}" line.`;
    case 'files':
      return 'supervisord refuses to start: .ini file has [include] section, but no files setting.';
    case 'port':
    case 'file':
      return `supervisord refuses to start: section [${section}] has no ${key} value.`;
    default:
      return `supervisord refuses to start: section [${section}] does not specify a ${key}.`;
  }
}

function checkMainSection(ctx: CheckContext): void {
  const main = ctx.config.files.find((f) => isMainFileName(f.path));
  if (!main || ctx.config.sections.some((s) => s.name === 'supervisord')) return;
  ctx.report(
    CODES.missingRequired,
    main,
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    'supervisord refuses to start: .ini file does not include supervisord section. Add a [supervisord] section (with logfile, pidfile and childlogdir).',
  );
}

function checkGroup(ctx: CheckContext, merged: MergedSection): void {
  if (merged.info?.kind !== 'group') return;
  const placed = lookup(ctx.config, merged, 'programs');
  if (!placed || placed.entry.value === '') return;
  const known = (prefix: string) => new Set(ctx.config.sections.filter((s) => s.name.startsWith(prefix)).map((s) => s.name.slice(prefix.length)));
  const programs = known('program:');
  const fcgi = known('fcgi-program:');
  let offset = 0;
  for (const part of placed.entry.value.split(',')) {
    const name = pyStrip(part);
    const start = offset + part.indexOf(name);
    offset += part.length + 1;
    if (programs.has(name) && fcgi.has(name)) {
      ctx.report(
        CODES.unknownGroupMember,
        placed.file,
        rangeOf(placed, start, name),
        `supervisord refuses to start: [${merged.name}] name ${name} is ambiguous (exists as program and fcgi-program). Rename one of them.`,
      );
    } else if (!programs.has(name) && !fcgi.has(name)) {
      const suggestion = closest(name, [...programs, ...fcgi]);
      ctx.report(
        CODES.unknownGroupMember,
        placed.file,
        rangeOf(placed, start, name),
        `supervisord refuses to start: [${merged.name}] names unknown program or fcgi-program '${name}'. ${suggestion ? `Did you mean '${suggestion}'?` : 'List only programs defined in [program:...] sections.'}`,
        suggestion ? { fix: singleFileFix(`Change to ${suggestion}`, placed.file, [replaceRange(rangeOf(placed, start, name), suggestion)]) } : {},
      );
    }
  }
}

function rangeOf(placed: Placed, start: number, text: string): Range {
  return rangeInValue(placed.entry, start, start + text.length);
}

function checkServer(ctx: CheckContext, merged: MergedSection): void {
  const kind = merged.info?.kind;
  if (kind !== 'unix_http_server' && kind !== 'inet_http_server') return;
  const username = lookup(ctx.config, merged, 'username');
  const password = lookup(ctx.config, merged, 'password');
  if (!!username !== !!password) {
    const present = (username ?? password)!;
    ctx.report(
      CODES.incompleteAuth,
      present.file,
      present.entry.keyRange,
      `supervisord refuses to start: section [${merged.name}] contains incomplete authentication. Set both username and password, or neither.`,
    );
  }
  const port = lookup(ctx.config, merged, 'port');
  if (kind !== 'inet_http_server' || !port || username) return;
  const host = port.entry.value.includes(':') ? port.entry.value.slice(0, port.entry.value.lastIndexOf(':')) : '';
  if (['', '*', '0.0.0.0', '::', '[::]'].includes(host.trim())) {
    ctx.report(
      CODES.openRpcServer,
      port.file,
      port.entry.valueRange,
      `[${merged.name}] listens on every network interface without a username and password, so anyone who can reach port ${port.entry.value.slice(port.entry.value.lastIndexOf(':') + 1)} can stop or start your processes. Bind it to 127.0.0.1, or set username and password (or use [unix_http_server]).`,
    );
  }
}
