// Key-level checks: keys supervisord never reads (DR730), keys written twice (DR743), values it cannot
// convert (DR721), and `%` expansions it refuses or that will not exist under systemd (DR715, DR716, DR736).
import { CODES } from './codes';
import * as path from 'node:path';
import { lookup, sectionsReadBySupervisord, type Configuration, type MergedSection, type Placed, type SourceFile } from './config';
import { skipsPerProcessKeys, type CheckContext } from './context';
import { replaceRange, replaceInValue, insertInValue, replaceValue, singleFileFix } from './edits';
import { environmentKeys } from './environment';
import { scanFormat, unescapePercent, type Expansion } from './expansion';
import { rangeInValue, type IniEntry, type IniSection } from './ini';
import { classifySection, keySpec, sectionKindsReading, SECTION_KEYS, EVENT_TYPES, type KeySpec, type SectionKind } from './schema';
import { closest } from './suggest';
import { checkSocket, checkValue, invalidNameMessage } from './valueTypes';

export function checkKeys(ctx: CheckContext): void {
  for (const file of ctx.config.files) {
    for (const section of file.doc.sections) {
      checkUnknownKeys(ctx, file, section);
      checkRepeatedKeys(ctx, file, section);
    }
  }
  for (const merged of sectionsReadBySupervisord(ctx.config)) {
    const kind = merged.info?.kind;
    if (!kind || kind === 'supervisorctl') continue;
    const skipLoop = skipsPerProcessKeys(ctx.config, merged);
    // [DEFAULT] keys are read by every section that reads that key, as if written there.
    for (const [key, placed] of new Map([...ctx.config.defaults, ...merged.values])) {
      const spec = keySpec(kind, key);
      if (!spec) continue;
      const read: ReadValue = { merged, kind, key, spec, placed };
      // process_name is checked before the per-process loop, as written (only %(here)s already replaced).
      if (spec.type === 'name') checkName(ctx, read);
      if (skipLoop && spec.phase === 'loop') continue;
      if (checkExpansions(ctx, read) && !placed.entry.value.includes('%(')) checkType(ctx, read);
    }
  }
}

function checkName({ report }: CheckContext, { key, placed }: ReadValue): void {
  const invalid = invalidNameMessage(key, placed.entry.value.replace(/%\(here\)s/g, path.dirname(placed.file.path)));
  if (invalid) report(CODES.invalidName, placed.file, placed.entry.valueRange, invalid);
}

// Suggestions cost an edit distance per known key; a machine-made file with thousands of unknown keys
// still gets its findings, just without suggestions past this many.
const MAX_SUGGESTIONS_PER_SECTION = 200;

function checkUnknownKeys(ctx: CheckContext, file: SourceFile, section: IniSection): void {
  const kind = classifySection(section.name)?.kind;
  if (!kind || kind === 'rpcinterface' || kind === 'ctlplugin') return;
  const known = kind === 'DEFAULT' ? Object.values(SECTION_KEYS).flatMap((keys) => Object.keys(keys)) : Object.keys(SECTION_KEYS[kind]);
  let suggestions = 0;
  for (const entry of section.entries) {
    if (kind === 'DEFAULT' ? sectionKindsReading(entry.key).length > 0 : keySpec(kind, entry.key)) continue;
    const elsewhere = sectionKindsReading(entry.key);
    const ignored = `supervisord ignores '${entry.rawKey}' in [${section.name}]`;
    // A real key in the wrong kind of section is no typo: say where it belongs instead of suggesting a look-alike.
    const suggestion = elsewhere.length === 0 && suggestions++ < MAX_SUGGESTIONS_PER_SECTION ? closest(entry.key, known) : null;
    if (kind === 'eventlistener' && entry.key === 'stdout_capture_maxbytes') {
      ctx.report(
        CODES.unknownKey,
        file,
        entry.keyRange,
        `'${entry.rawKey}' has no effect in [${section.name}]: an event listener's stdout carries the listener protocol, so capture mode does not apply. Remove it.`,
      );
    } else if (elsewhere.length > 0) {
      const where = elsewhere.map((k) => (k === 'supervisord' || k === 'include' || k.endsWith('server') ? `[${k}]` : `[${k}:x]`)).join(' or ');
      ctx.report(CODES.unknownKey, file, entry.keyRange, `${ignored}: it is read only in ${where}. Move it there or remove it.`);
    } else if (suggestion) {
      ctx.report(CODES.unknownKey, file, entry.keyRange, `${ignored}, so its default applies. Did you mean '${suggestion}'?`, {
        fix: singleFileFix(`Rename to ${suggestion}`, file, [replaceRange(entry.keyRange, suggestion)]),
      });
    } else {
      ctx.report(
        CODES.unknownKey,
        file,
        entry.keyRange,
        `${ignored}: it is not a supervisor setting. Remove it, or check the spelling against the supervisor documentation.`,
      );
    }
  }
}

function checkRepeatedKeys(ctx: CheckContext, file: SourceFile, section: IniSection): void {
  const last = new Map<string, IniEntry>();
  for (const entry of [...section.entries].reverse()) {
    const later = last.get(entry.key);
    if (later) {
      ctx.report(
        CODES.duplicateKey,
        file,
        entry.keyRange,
        `'${entry.key}' is set again on line ${later.range.start.line + 1}, and supervisord uses only that later value, so this line has no effect. Remove one of the two.`,
        { related: [{ location: { file: file.path, range: later.keyRange }, message: 'the value supervisord uses' }] },
      );
    } else {
      last.set(entry.key, entry);
    }
  }
}

/** Names every key may use, beyond ENV_*: see ReadPhase in schema.ts. */
function availableNames(kind: SectionKind, spec: KeySpec): string[] {
  if (kind === 'include') return ['here', 'host_node_name'];
  if (kind !== 'program' && kind !== 'fcgi-program' && kind !== 'eventlistener') return ['here'];
  if (spec.phase === 'outer') return ['here'];
  const names = ['here', 'program_name', 'group_name', 'host_node_name'];
  return spec.phase === 'loop' ? [...names, 'process_num', 'numprocs'] : names;
}

// These values are %-expanded twice in 4.2.5, so a literal % must be written %%%%.
const EXPANDED_TWICE: Partial<Record<SectionKind, string[]>> = {
  supervisord: ['environment'],
  program: ['stdout_logfile', 'stderr_logfile'],
  'fcgi-program': ['stdout_logfile', 'stderr_logfile'],
  eventlistener: ['stdout_logfile', 'stderr_logfile'],
};

interface ReadValue {
  merged: MergedSection;
  kind: SectionKind;
  key: string;
  spec: KeySpec;
  placed: Placed;
}

/** Reports the `%` problems of a value; true when supervisord can expand it. */
function checkExpansions(ctx: CheckContext, read: ReadValue): boolean {
  const { kind, key, spec, placed } = read;
  const { entry, file } = placed;
  const scan = scanFormat(entry.value);
  let ok = true;
  for (const problem of scan.problems) {
    ok = ok && problem.accepted;
    const fix =
      problem.kind === 'numeric'
        ? singleFileFix('Use %(name)s', file, [replaceInValue(entry, problem.end - 1, problem.end, 's')])
        : singleFileFix('Escape the % as %%', file, [insertInValue(entry, problem.start, '%')]);
    ctx.report(CODES.strayPercent, file, rangeInValue(entry, problem.start, problem.end), `${key}: ${problem.message}`, {
      fix,
      ...(problem.accepted ? { severity: 'warning' as const } : {}),
    });
  }
  if (scan.problems.length === 0 && EXPANDED_TWICE[kind]?.includes(key)) {
    const second = scanFormat(unescapePercent(entry.value));
    if (second.problems.some((p) => !p.accepted)) {
      ok = false;
      const edits = [...entry.value.matchAll(/%%/g)].map((m) => insertInValue(entry, m.index!, '%%'));
      ctx.report(
        CODES.strayPercent,
        file,
        entry.valueRange,
        `supervisord 4.2.5 expands ${key} twice, so '%%' becomes a lone '%' on the second pass and is refused. Write %%%% for a literal %.`,
        { fix: singleFileFix('Write %%%% for each literal %', file, edits) },
      );
    }
  }
  const names = availableNames(kind, spec);
  for (const expansion of scan.expansions) {
    if (expansion.name.startsWith('ENV_')) {
      checkEnvAvailable(ctx, read, expansion);
      continue;
    }
    if (names.includes(expansion.name)) continue;
    ok = false;
    const suggestion = closest(expansion.name, names);
    const nameStart = expansion.start + 2;
    ctx.report(
      CODES.unknownExpansion,
      file,
      rangeInValue(entry, expansion.start, expansion.end),
      `supervisord refuses to start: %(${expansion.name})s cannot be expanded in ${key}. Available here: ${names.join(', ')} and ENV_<variable>.${suggestion ? ` Did you mean %(${suggestion})s?` : ''}`,
      suggestion
        ? { fix: singleFileFix(`Change to %(${suggestion})s`, file, [replaceInValue(entry, nameStart, nameStart + expansion.name.length, suggestion)]) }
        : {},
    );
  }
  return ok;
}

const SYSTEMD_ENV = ['PATH', 'LANG'];

function checkEnvAvailable(ctx: CheckContext, read: ReadValue, expansion: Expansion): void {
  const { merged, kind, key, spec, placed } = read;
  const variable = expansion.name.slice(4);
  // [supervisord] environment= is expanded before its own entries exist.
  const global = kind === 'supervisord' && key === 'environment' ? new Set<string>() : globalEnvironment(ctx.config);
  if (SYSTEMD_ENV.includes(variable) || global.has(variable)) return;
  // Keys read per process also see the program's own environment= entries (but environment itself does not).
  const ownEnvironment = spec.phase === 'loop' && key !== 'environment' && kind !== 'group';
  if (ownEnvironment && environmentKeys(lookup(ctx.config, merged, 'environment')?.entry.value ?? '').has(variable)) return;
  ctx.report(
    CODES.unavailableEnv,
    placed.file,
    rangeInValue(placed.entry, expansion.start, expansion.end),
    `%(ENV_${variable})s is read from supervisord's own environment. Started by systemd (Debian's supervisor.service), supervisord has only PATH and LANG, so it would refuse to start with "cannot be expanded". Set ${variable} in [supervisord] environment=, or write the value itself.`,
  );
}

function globalEnvironment(config: Configuration): Set<string> {
  const section = config.sections.find((s) => s.name === 'supervisord');
  return environmentKeys((section ? lookup(config, section, 'environment') : config.defaults.get('environment'))?.entry.value ?? '');
}

function checkType(ctx: CheckContext, { merged, key, spec, placed }: ReadValue): void {
  const { entry, file } = placed;
  const value = unescapePercent(entry.value);
  let message: string | null;
  if (spec.type === 'name') return;
  if (spec.type === 'socket') message = checkSocket(value) ?? socketOwnerProblem(ctx.config, merged, value);
  else message = checkValue(spec.type, value);
  if (!message) return;
  const replacement = obviousReplacement(spec, key, value);
  ctx.report(CODES.invalidValue, file, entry.valueRange, `supervisord refuses to start: ${key}: ${message}`, {
    fix: replacement === null ? null : singleFileFix(`Change to ${replacement}`, file, [replaceValue(entry, replacement)]),
  });
}

function socketOwnerProblem(config: Configuration, merged: MergedSection, socket: string): string | null {
  if (socket.startsWith('unix://')) return null;
  const unixOnly = ['socket_owner', 'socket_mode'].filter((k) => lookup(config, merged, k));
  return unixOnly.length
    ? `${unixOnly.join(' and ')} only apply to a unix:// socket. Remove ${unixOnly.length > 1 ? 'them' : 'it'}, or use a unix:///path socket.`
    : null;
}

const OBVIOUS: Record<string, Record<string, string>> = {
  loglevel: { warning: 'warn', err: 'error', crit: 'critical', fatal: 'critical' },
  autorestart: { always: 'true', never: 'false', 'on-failure': 'unexpected', on_failure: 'unexpected' },
  boolean: { enabled: 'true', enable: 'true', disabled: 'false', disable: 'false', y: 'true', n: 'false', t: 'true', f: 'false' },
};

/** A replacement when the intent is plain, e.g. loglevel=warning, 50M, startsecs=10s, TREM. */
function obviousReplacement(spec: KeySpec, key: string, value: string): string | null {
  const lower = value.toLowerCase().trim();
  const mapped = OBVIOUS[spec.type]?.[lower];
  if (mapped) return mapped;
  if (spec.type === 'byteSize' && /^\d+\s*[kmg]$/i.test(lower)) return `${value.trim()}B`;
  if (spec.type === 'integer' && key.endsWith('secs')) return /^(\d+)\s*(s|sec|secs|seconds)$/.exec(lower)?.[1] ?? null;
  if (spec.type === 'signal') return closest(lower.replace(/^sig/, ''), ['TERM', 'INT', 'QUIT', 'HUP', 'KILL', 'USR1', 'USR2']);
  if (spec.type === 'events' && !value.includes(',')) return closest(value.trim(), EVENT_TYPES);
  return null;
}
