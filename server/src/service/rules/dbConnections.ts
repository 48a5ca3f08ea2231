// db-connections: every alias of the production DATABASES. SQLite where a database server belongs; persistent
// connections (CONN_MAX_AGE, checked before reuse with CONN_HEALTH_CHECKS on 4.1+); and Django's own connection
// pools (PostgreSQL on 5.1+, Oracle on 5.2+), which refuse persistent connections. Server-aware: when production
// serves Django over ASGI (deploy/), persistent connections leak and a pool is the advice instead.
import { displayPath, productionInterface, programName } from '../deploy/describe';
import type { DeployedProcess } from '../deploy/model';
import { versionAtLeast } from '../project/dependencies';
import { alternatives, describe, dictEntry, dictGet, truthy, type Value } from '../python/values';
import { fallbackNote } from '../settings/judge';
import type { FileChange, Fix } from '../types';
import type { SettingsView } from '../settings/settingsView';
import { mergeChanges } from '../fixes/textEdits';
import { CONN_MAX_AGE_SECONDS, databaseAliases, type DatabaseAlias, type Engine } from './dbAliases';
import { sqliteFix } from './dbConnectionsFixes';
import { writtenAt } from './projectPaths';
import { makeFinding } from '../finding';
import { defineCode } from '../codes';
import type { Checker, RuleContext } from './rule';
import { chainOf, plainLiteralAt, removeKeyChanges, setKeysChanges } from './settingsEntries';

const SQLITE_IN_PRODUCTION = defineCode({
  code: 'DR101',
  area: 'db-connections',
  title: 'SQLite database in production',
  severity: 'warning',
  fixable: true,
  settings: ['DATABASES'],
});

const CONNECTIONS_NOT_PERSISTENT = defineCode({
  code: 'DR102',
  area: 'db-connections',
  title: 'Database connections are not persistent',
  severity: 'warning',
  fixable: true,
  settings: ['DATABASES'],
});

const UNCHECKED_UNLIMITED_CONNECTIONS = defineCode({
  code: 'DR103',
  area: 'db-connections',
  title: 'Unlimited connection age without health checks',
  severity: 'info',
  fixable: true,
  settings: ['DATABASES'],
});

const POOL_WITH_PERSISTENT_CONNECTIONS = defineCode({
  code: 'DR104',
  area: 'db-connections',
  title: 'Connection pool combined with persistent connections',
  severity: 'error',
  fixable: true,
  settings: ['DATABASES'],
});

const POOL_NOT_SUPPORTED = defineCode({
  code: 'DR105',
  area: 'db-connections',
  title: 'Connection pool option on a Django version without pooling',
  severity: 'error',
});

const PERSISTENT_CONNECTIONS_UNDER_ASGI = defineCode({
  code: 'DR106',
  area: 'db-connections',
  title: 'Persistent database connections under ASGI',
  severity: 'warning',
  fixable: true,
  settings: ['DATABASES'],
});

const NO_POOL_UNDER_ASGI = defineCode({
  code: 'DR107',
  area: 'db-connections',
  title: 'No connection pool under ASGI',
  severity: 'info',
});

const IGNORED_CONN_MAX_AGE = defineCode({
  code: 'DR108',
  area: 'db-connections',
  title: 'CONN_MAX_AGE outside DATABASES',
  severity: 'warning',
});

const ALL_CODES = [
  SQLITE_IN_PRODUCTION,
  CONNECTIONS_NOT_PERSISTENT,
  UNCHECKED_UNLIMITED_CONNECTIONS,
  POOL_WITH_PERSISTENT_CONNECTIONS,
  POOL_NOT_SUPPORTED,
  PERSISTENT_CONNECTIONS_UNDER_ASGI,
  NO_POOL_UNDER_ASGI,
];

/** The environment variable an alias's engine depends on, when the whole entry comes from one. */
function engineVariable(alias: DatabaseAlias): string | undefined {
  return alias.config.env?.required ? alias.config.env.name : dictGet(alias.config, 'ENGINE')?.env?.name;
}

function checkSqlite(context: RuleContext, view: SettingsView, alias: DatabaseAlias): void {
  if (alias.engine === 'unknown') {
    const variable = engineVariable(alias);
    context.unknown(
      SQLITE_IN_PRODUCTION.code,
      variable
        ? `The engine of DATABASES["${alias.alias}"] comes from $${variable}; whether production uses SQLite depends on its value.`
        : `The engine of DATABASES["${alias.alias}"] cannot be read statically.`,
    );
    return;
  }
  if (alias.engine !== 'sqlite') return;
  const fallback = fallbackNote(alias.config);
  const message = fallback
    ? `DATABASES["${alias.alias}"] is SQLite${fallback}. Production should fail loudly without its database URL rather than fall back to a local file.`
    : `DATABASES["${alias.alias}"] uses SQLite in production: one writer at a time, and a file on one host. Use a database server such as PostgreSQL, configured from environment variables.`;
  context.report(makeFinding(SQLITE_IN_PRODUCTION, alias.location, message, { ...chainOf(view, alias.location), fix: sqliteFix(view, context.fs, alias) }));
}

type PoolState = 'pooled' | 'not-pooled' | 'unknown';

/** Whether `OPTIONS["pool"]` turns on a pool; a dict from a database URL without OPTIONS has none. */
function poolState(config: Value & { kind: 'dict' }): { state: PoolState; value: Value | undefined } {
  const options = dictEntry(config, 'OPTIONS')?.value;
  if (!options) return { state: 'not-pooled', value: undefined };
  const verdicts = new Set<PoolState>();
  let poolValue: Value | undefined;
  for (const option of alternatives(options)) {
    if (option.kind !== 'dict') {
      verdicts.add('unknown');
      continue;
    }
    const pool = dictGet(option, 'pool');
    poolValue ??= pool;
    const verdict = pool === undefined ? false : truthy(pool);
    verdicts.add(verdict === undefined ? 'unknown' : verdict ? 'pooled' : 'not-pooled');
  }
  return { state: verdicts.size === 1 ? [...verdicts][0] : 'unknown', value: poolValue };
}

function poolSupported(view: SettingsView, engine: Engine): boolean {
  return (engine === 'postgresql' && versionAtLeast(view.version, 5, 1)) || (engine === 'oracle' && versionAtLeast(view.version, 5, 2));
}

/** CONN_MAX_AGE as Django sees it: 0 when the key is absent from a fully known dict. */
function maxAgeOf(config: Value & { kind: 'dict' }): Value {
  return dictGet(config, 'CONN_MAX_AGE') ?? { kind: 'int', value: 0 };
}

/** Where production serves Django over ASGI, for messages: `uvicorn (Dockerfile)`. */
function asgiServer(context: RuleContext): DeployedProcess | undefined {
  const served = productionInterface(context.project.deployment);
  return served?.kind === 'asgi' ? served.process : undefined;
}

function describeServer(context: RuleContext, process: DeployedProcess): string {
  return `${programName(process.program)} in ${displayPath(context.project.root, context.project.scanRoot, process.location.file)}`;
}

/**
 * Under ASGI each request runs in its own thread, so persistent connections pile up instead of being reused
 * (Django's docs: disable them under ASGI); Django's pool is the way to reuse connections there.
 */
function checkAsgiConnections(context: RuleContext, view: SettingsView, alias: DatabaseAlias, server: DeployedProcess, pool: PoolState, maxAge: Value): void {
  const canPool = poolSupported(view, alias.engine);
  const poolAdvice = canPool
    ? ` Use Django's connection pool instead (OPTIONS["pool"] = True, with psycopg 3 and psycopg-pool).`
    : alias.engine === 'postgresql'
      ? ' Django 5.1+ offers a connection pool (OPTIONS["pool"] with psycopg 3) for reuse under ASGI.'
      : '';
  for (const age of alternatives(maxAge)) {
    const persistent = age.kind === 'none' || ((age.kind === 'int' || age.kind === 'float') && age.value !== 0);
    if (age.kind === 'unknown' && !age.env?.required) {
      context.unknown(PERSISTENT_CONNECTIONS_UNDER_ASGI.code, `CONN_MAX_AGE of DATABASES["${alias.alias}"] cannot be read statically.`);
      continue;
    }
    if (persistent) {
      const location = writtenAt(view, age, alias.location);
      const message = `Production serves Django over ASGI (${describeServer(context, server)}), where persistent connections are not reused but opened per request thread and left open until they expire, exhausting the database's connections; Django's documentation says to disable them under ASGI. Set CONN_MAX_AGE = 0 for DATABASES["${alias.alias}"] (now ${describe(age)}).${poolAdvice}`;
      const fix = {
        title: 'Close connections after each request (CONN_MAX_AGE = 0)',
        changes: mergeChanges(setKeysChanges(view, alias.target, [['CONN_MAX_AGE', '0']])),
      };
      context.report(makeFinding(PERSISTENT_CONNECTIONS_UNDER_ASGI, location, message, { ...chainOf(view, location), fix }));
    } else if (age.kind === 'int' && age.value === 0 && canPool && pool === 'not-pooled') {
      const message = `Production serves Django over ASGI (${describeServer(context, server)}) and DATABASES["${alias.alias}"] opens a new connection for every request. Django ${view.version.major}.${view.version.minor} can keep a pool instead: set OPTIONS["pool"] = True (psycopg 3 with psycopg-pool) and keep CONN_MAX_AGE = 0.`;
      context.report(makeFinding(NO_POOL_UNDER_ASGI, alias.location, message, chainOf(view, alias.location)));
    }
  }
}

/** `CONN_MAX_AGE = 60` at module level is not a setting Django reads: only the key inside each DATABASES entry is. */
function checkIgnoredConnMaxAge(context: RuleContext, view: SettingsView, aliases: DatabaseAlias[]): void {
  const setting = view.get('CONN_MAX_AGE');
  if (!setting.binding) return;
  const without = aliases.filter((alias) => alias.engine !== 'none' && dictGet(alias.config, 'CONN_MAX_AGE') === undefined);
  if (!without.length) return;
  const location = setting.binding.statement;
  const names = without.map((alias) => `DATABASES["${alias.alias}"]`).join(', ');
  const message = `CONN_MAX_AGE = ${describe(setting.value)} here is ignored: Django reads CONN_MAX_AGE only inside each DATABASES entry, and ${names} has none, so its connections still close after every request. Set it in DATABASES (for example DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE).`;
  context.report(makeFinding(IGNORED_CONN_MAX_AGE, location, message, chainOf(view, location)));
}

function checkConnections(context: RuleContext, view: SettingsView, alias: DatabaseAlias): void {
  if (alias.engine === 'none' || alias.engine === 'sqlite') return;
  const server = asgiServer(context);
  if (server) {
    const pool = poolState(alias.config);
    if (pool.state === 'pooled' && poolSupported(view, alias.engine)) {
      checkPoolWithPersistentConnections(context, view, alias, maxAgeOf(alias.config));
      return;
    }
    if (pool.state !== 'unknown') {
      checkAsgiConnections(context, view, alias, server, pool.state, maxAgeOf(alias.config));
      return;
    }
  }
  const pool = poolState(alias.config);
  const maxAge = maxAgeOf(alias.config);
  const canPool = poolSupported(view, alias.engine) || (alias.engine === 'unknown' && versionAtLeast(view.version, 5, 1));
  if (pool.state === 'pooled' && (alias.engine === 'postgresql' || alias.engine === 'oracle') && !canPool) {
    const location = pool.value ? writtenAt(view, pool.value, alias.location) : alias.location;
    const since = alias.engine === 'postgresql' ? '5.1' : '5.2';
    const message = `DATABASES["${alias.alias}"]["OPTIONS"]["pool"] needs Django ${since} or later; Django ${view.version.major}.${view.version.minor} passes it to the database driver, which rejects it when connecting. Remove it, or upgrade Django.`;
    context.report(makeFinding(POOL_NOT_SUPPORTED, location, message, chainOf(view, location)));
    return;
  }
  if (pool.state === 'pooled' && canPool) {
    checkPoolWithPersistentConnections(context, view, alias, maxAge);
    return;
  }
  if (pool.state === 'unknown' && canPool) {
    context.unknown(CONNECTIONS_NOT_PERSISTENT.code, `Whether DATABASES["${alias.alias}"] uses a connection pool cannot be read statically.`);
    return;
  }
  for (const age of alternatives(maxAge)) {
    if (age.kind === 'int' && age.value === 0) reportNotPersistent(context, view, alias, age);
    else if (age.kind === 'none') checkUnlimitedAge(context, view, alias, age);
    else if (age.kind === 'unknown' && !age.env?.required) {
      context.unknown(CONNECTIONS_NOT_PERSISTENT.code, `CONN_MAX_AGE of DATABASES["${alias.alias}"] cannot be read statically.`);
    }
  }
}

/**
 * CONN_MAX_AGE (when given) and, on Django 4.1+, health checks, set on the alias. Where the offending max-age is
 * one literal among branches (`0 if sqlite else 120`), only that literal changes; health checks computed by the
 * project are left alone.
 */
function persistentFix(view: SettingsView, alias: DatabaseAlias, title: string, maxAge?: string, offending?: Value): Fix {
  const entries: Array<[string, string]> = [];
  const changes: FileChange[] = [];
  const literal = offending && plainLiteralAt(view, offending);
  if (maxAge && literal) changes.push({ kind: 'edit', file: literal.file, edits: [{ range: literal.range, newText: maxAge }] });
  else if (maxAge) entries.push(['CONN_MAX_AGE', maxAge]);
  const checks = dictGet(alias.config, 'CONN_HEALTH_CHECKS');
  if (versionAtLeast(view.version, 4, 1) && (checks === undefined || truthy(checks) === false)) entries.push(['CONN_HEALTH_CHECKS', 'True']);
  return { title, changes: mergeChanges([...changes, ...(entries.length ? setKeysChanges(view, alias.target, entries) : [])]) };
}

function reportNotPersistent(context: RuleContext, view: SettingsView, alias: DatabaseAlias, age: Value): void {
  const checks = versionAtLeast(view.version, 4, 1) ? ' with CONN_HEALTH_CHECKS = True' : '';
  const pooling = poolSupported(view, alias.engine) ? ' (or a connection pool, OPTIONS["pool"], under ASGI)' : '';
  const fallback = fallbackNote(age);
  const message = `DATABASES["${alias.alias}"] opens a new database connection for every request (CONN_MAX_AGE is 0${fallback}). Set CONN_MAX_AGE to ${CONN_MAX_AGE_SECONDS}${checks} so each worker reuses its connection${pooling}.`;
  const fix = persistentFix(view, alias, `Keep connections open for ${CONN_MAX_AGE_SECONDS} seconds${checks}`, CONN_MAX_AGE_SECONDS, age);
  context.report(makeFinding(CONNECTIONS_NOT_PERSISTENT, alias.location, message, { ...chainOf(view, alias.location), fix }));
}

function checkUnlimitedAge(context: RuleContext, view: SettingsView, alias: DatabaseAlias, age: Value): void {
  const location = writtenAt(view, age, alias.location);
  if (versionAtLeast(view.version, 4, 1)) {
    const checks = dictGet(alias.config, 'CONN_HEALTH_CHECKS') ?? { kind: 'bool', value: false };
    const verdict = truthy(checks);
    if (verdict === true || (verdict === undefined && checks.env?.required)) return;
    if (verdict === undefined) {
      context.unknown(UNCHECKED_UNLIMITED_CONNECTIONS.code, `CONN_HEALTH_CHECKS of DATABASES["${alias.alias}"] cannot be read statically.`);
      return;
    }
    const message = `DATABASES["${alias.alias}"] keeps connections open forever (CONN_MAX_AGE = None) without checking them: after a database restart or a dropped connection, the next request on each worker fails. Set CONN_HEALTH_CHECKS = True.`;
    const fix = persistentFix(view, alias, 'Check connections before reuse (CONN_HEALTH_CHECKS = True)');
    context.report(makeFinding(UNCHECKED_UNLIMITED_CONNECTIONS, location, message, { ...chainOf(view, location), fix }));
    return;
  }
  const message = `DATABASES["${alias.alias}"] keeps connections open forever (CONN_MAX_AGE = None), and Django ${view.version.major}.${view.version.minor} cannot check them before reuse: after a database restart, the next request on each worker fails. Use a finite CONN_MAX_AGE such as ${CONN_MAX_AGE_SECONDS} (Django 4.1+ adds CONN_HEALTH_CHECKS).`;
  const fix = {
    title: `Recycle connections after ${CONN_MAX_AGE_SECONDS} seconds`,
    changes: mergeChanges(setKeysChanges(view, alias.target, [['CONN_MAX_AGE', CONN_MAX_AGE_SECONDS]])),
  };
  context.report(makeFinding(UNCHECKED_UNLIMITED_CONNECTIONS, location, message, { ...chainOf(view, location), fix }));
}

function checkPoolWithPersistentConnections(context: RuleContext, view: SettingsView, alias: DatabaseAlias, maxAge: Value): void {
  for (const age of alternatives(maxAge)) {
    const persistent = age.kind === 'none' || ((age.kind === 'int' || age.kind === 'float') && age.value !== 0);
    if (age.kind === 'unknown' && !age.env?.required) {
      context.unknown(POOL_WITH_PERSISTENT_CONNECTIONS.code, `CONN_MAX_AGE of the pooled DATABASES["${alias.alias}"] cannot be read statically.`);
    }
    if (!persistent) continue;
    const location = writtenAt(view, age, alias.location);
    const message = `DATABASES["${alias.alias}"] uses a connection pool and CONN_MAX_AGE = ${describe(age)}: Django refuses to connect ("Pooling doesn't support persistent connections"). Remove CONN_MAX_AGE; the pool keeps connections open.`;
    const fix = { title: 'Remove CONN_MAX_AGE (the pool keeps connections)', changes: mergeChanges(removeKeyChanges(view, alias.target, 'CONN_MAX_AGE', '0')) };
    context.report(makeFinding(POOL_WITH_PERSISTENT_CONNECTIONS, location, message, { ...chainOf(view, location), fix }));
  }
}

export const dbConnectionsChecker: Checker = {
  area: 'db-connections',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    const unknown = (reason: string): void => {
      for (const meta of ALL_CODES) context.unknown(meta.code, reason);
    };
    const aliases = databaseAliases(view, unknown);
    for (const alias of aliases) {
      checkSqlite(context, view, alias);
      checkConnections(context, view, alias);
    }
    checkIgnoredConnMaxAge(context, view, aliases);
  },
};
