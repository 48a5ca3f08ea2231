// session-cache: where sessions live. Database sessions work but cost a query per request; cache-backed
// sessions (`cache`, `cached_db`) are only right on a cache every worker and host shares (Memcached, Redis, or
// the database cache), never on a per-process LocMemCache, a DummyCache, a per-host file cache, or an alias
// CACHES does not define. Only judged when the project uses sessions at all.
import { alternatives, containsString, dictGet, type Value } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import { displayPath, programName, webWorkers } from '../deploy/describe';
import type { Location, Severity } from '../types';
import { writtenAt } from './projectPaths';
import { makeFinding } from '../finding';
import { defineCode } from '../codes';
import type { Checker, RuleContext } from './rule';
import { chainOf, writtenEntry } from './settingsEntries';
import { cachedDbFix, CACHED_DB_ENGINE, redisCacheFix } from './sessionCacheFixes';

const DATABASE_SESSIONS = defineCode({
  code: 'DR301',
  area: 'session-cache',
  title: 'Sessions stored in the database only',
  severity: 'info',
  fixable: true,
  settings: ['SESSION_ENGINE', 'CACHES'],
});

const SESSIONS_IN_PRIVATE_CACHE = defineCode({
  code: 'DR302',
  area: 'session-cache',
  title: 'Sessions in a cache the workers do not share',
  severity: 'warning',
  fixable: true,
  settings: ['SESSION_ENGINE', 'CACHES'],
});

const SESSIONS_IN_FILE_CACHE = defineCode({
  code: 'DR303',
  area: 'session-cache',
  title: 'Sessions in a file-based cache',
  severity: 'info',
  fixable: true,
  settings: ['SESSION_ENGINE', 'CACHES'],
});

const CACHE_ONLY_SESSIONS = defineCode({
  code: 'DR304',
  area: 'session-cache',
  title: 'Sessions kept only in the cache',
  severity: 'info',
  fixable: true,
  settings: ['SESSION_ENGINE', 'CACHES'],
});

const ALL_CODES = [DATABASE_SESSIONS, SESSIONS_IN_PRIVATE_CACHE, SESSIONS_IN_FILE_CACHE, CACHE_ONLY_SESSIONS];

const DB_ENGINE = 'django.contrib.sessions.backends.db';
const CACHE_ENGINE = 'django.contrib.sessions.backends.cache';
const SESSION_APPS = ['django.contrib.sessions', 'django.contrib.sessions.apps.SessionsConfig'];
const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';

const SHARED_BACKEND_PREFIXES = [
  'django.core.cache.backends.memcached.',
  'django.core.cache.backends.redis.',
  'django.core.cache.backends.db.',
  'django_redis.',
  'redis_cache.',
];

type CacheKind = 'shared' | 'local' | 'dummy' | 'file' | 'missing' | 'unknown';

function cacheKind(backend: Value | undefined): CacheKind {
  if (backend?.kind !== 'str') return 'unknown';
  if (SHARED_BACKEND_PREFIXES.some((prefix) => backend.value.startsWith(prefix))) return 'shared';
  if (backend.value === 'django.core.cache.backends.locmem.LocMemCache') return 'local';
  if (backend.value === 'django.core.cache.backends.dummy.DummyCache') return 'dummy';
  if (backend.value === 'django.core.cache.backends.filebased.FileBasedCache') return 'file';
  return 'unknown';
}

/** True, false, or undefined when the app list or middleware cannot be read. */
function usesSessions(view: SettingsView): boolean | undefined {
  const verdicts = [
    ...SESSION_APPS.map((app) => containsString(view.value('INSTALLED_APPS'), app)),
    containsString(view.value('MIDDLEWARE'), SESSION_MIDDLEWARE),
  ];
  if (verdicts.includes(true)) return true;
  return verdicts.includes(undefined) ? undefined : false;
}

interface SessionCache {
  kind: CacheKind;
  alias: string;
  /** The CACHES alternative judged (undefined when CACHES is Django's default). */
  caches: Value | undefined;
  location: Location;
}

/** The cache alias sessions use, in each possible CACHES. */
function sessionCaches(context: RuleContext, view: SettingsView, alias: string): SessionCache[] {
  const setting = view.get('CACHES');
  const fallback = setting.binding ? setting.binding.statement : view.locationOf('SESSION_ENGINE');
  const found: SessionCache[] = [];
  for (const caches of alternatives(setting.value)) {
    if (caches.kind !== 'dict') {
      if (!caches.env?.required) context.unknown(SESSIONS_IN_PRIVATE_CACHE.code, 'CACHES cannot be read statically.');
      continue;
    }
    const entry = dictGet(caches, alias);
    const written = writtenEntry(view, caches, alias);
    const judged = setting.binding ? caches : undefined;
    if (!entry) {
      found.push({ kind: 'missing', alias, caches: judged, location: writtenAt(view, caches, fallback) });
      continue;
    }
    for (const config of alternatives(entry)) {
      const location = written?.location ?? writtenAt(view, config, fallback);
      found.push({ kind: config.kind === 'dict' ? cacheKind(dictGet(config, 'BACKEND')) : 'unknown', alias, caches: judged, location });
    }
  }
  return found;
}

function cacheMessage(cache: SessionCache, engine: string, defaultCaches: boolean): string {
  const where = `CACHES["${cache.alias}"]`;
  const cacheOnly = engine === CACHE_ENGINE;
  switch (cache.kind) {
    case 'missing':
      return `Sessions use the cache alias "${cache.alias}" (SESSION_CACHE_ALIAS), which CACHES does not define: every request that touches the session fails. Define that cache, or point SESSION_CACHE_ALIAS at one that exists.`;
    case 'dummy':
      return cacheOnly
        ? `Sessions are kept in ${where}, a DummyCache that stores nothing: every user is logged out after each request. Use a shared cache such as Redis or Memcached.`
        : `Sessions are cached in ${where}, a DummyCache that stores nothing, so every request still reads the session from the database. Use a shared cache such as Redis or Memcached.`;
    case 'file':
      return cacheOnly
        ? `Sessions are kept in ${where}, a FileBasedCache on one host's disk: fine on a single server, but users are logged out when another host serves them. Use Redis or Memcached once there is more than one host.`
        : `Sessions are cached in ${where}, a FileBasedCache on one host's disk: with several hosts, a host can serve a session that was changed or ended on another. Use Redis or Memcached once there is more than one host.`;
    default: {
      const what = defaultCaches ? "CACHES is not set, so sessions go to Django's default LocMemCache" : `Sessions are kept in ${where}, a LocMemCache`;
      return cacheOnly
        ? `${what}, private to each worker process: a user whose next request reaches another worker is logged out. Use a shared cache such as Redis or Memcached.`
        : `${what}, private to each worker process: a worker can serve a stale copy of a session another worker changed or ended (a logout is not seen everywhere). Use a shared cache such as Redis or Memcached.`;
    }
  }
}

function checkSessionCache(context: RuleContext, view: SettingsView, engine: string): void {
  const aliasSetting = view.get('SESSION_CACHE_ALIAS');
  for (const aliasValue of alternatives(aliasSetting.value)) {
    if (aliasValue.kind !== 'str') {
      if (!aliasValue.env?.required) context.unknown(SESSIONS_IN_PRIVATE_CACHE.code, 'SESSION_CACHE_ALIAS cannot be read statically.');
      continue;
    }
    const caches = sessionCaches(context, view, aliasValue.value);
    // The alias and CACHES are often set on the same branch: it is missing only if no way of reading CACHES has it.
    const everywhereMissing = caches.every((cache) => cache.kind === 'missing');
    const reported = new Set<string>();
    for (const cache of caches) {
      if (cache.kind === 'shared' || (cache.kind === 'missing' && !everywhereMissing)) continue;
      if (cache.kind === 'unknown') {
        context.unknown(SESSIONS_IN_PRIVATE_CACHE.code, `The backend of CACHES["${cache.alias}"] is not one Django Ready knows to be shared or private.`);
        continue;
      }
      const meta = cache.kind === 'file' ? SESSIONS_IN_FILE_CACHE : SESSIONS_IN_PRIVATE_CACHE;
      const workers = cache.kind === 'local' ? workersNote(context) : undefined;
      const message = cacheMessage(cache, engine, !view.get('CACHES').binding) + (workers?.note ?? '');
      if (reported.has(message)) continue;
      reported.add(message);
      const fix = redisCacheFix(view, context.fs, cache.caches, cache.alias);
      context.report(
        makeFinding(meta, cache.location, message, { ...chainOf(view, cache.location), fix, severity: cache.kind === 'missing' ? 'error' : workers?.severity }),
      );
    }
  }
}

/**
 * How many processes serve requests in production, when the deployment says: more than one makes a private
 * cache certainly wrong; exactly one makes it a risk for the day a second worker or host is added.
 */
function workersNote(context: RuleContext): { note: string; severity?: Severity } | undefined {
  const workers = webWorkers(context.project.deployment);
  if (!workers) return undefined;
  const where = displayPath(context.project.root, context.project.scanRoot, workers.process.location.file);
  const server = programName(workers.process.program);
  if (workers.count > 1) {
    const exact = workers.process.program.workers?.count !== undefined;
    return { note: ` Production runs ${exact ? '' : 'at least '}${workers.count} ${server} worker processes (${workers.source}; ${where}), so this happens.` };
  }
  return {
    note: ` Production runs one ${server} process (${workers.source}; ${where}), so today only a second replica or host would split sessions.`,
    severity: 'info',
  };
}

/** The session cache to add with cached_db sessions, when the current one is not shared. */
function cacheToAdd(context: RuleContext, view: SettingsView): { caches: Value | undefined; alias: string } | undefined {
  const alias = view.value('SESSION_CACHE_ALIAS');
  if (alias.kind !== 'str') return undefined;
  const caches = sessionCaches(context, view, alias.value);
  const notShared = caches.find((cache) => cache.kind !== 'shared' && cache.kind !== 'unknown');
  return notShared && { caches: notShared.caches, alias: alias.value };
}

function checkEngine(context: RuleContext, view: SettingsView): void {
  const setting = view.get('SESSION_ENGINE');
  for (const value of alternatives(setting.value)) {
    if (value.kind !== 'str') {
      if (!value.env?.required) for (const meta of ALL_CODES) context.unknown(meta.code, 'SESSION_ENGINE cannot be read statically.');
      continue;
    }
    const location = setting.binding ? writtenAt(view, value, setting.binding.statement) : view.anchor();
    const at = setting.binding ? location : undefined;
    if (value.value === DB_ENGINE) {
      const message =
        'Sessions are read from the database on every request that uses them. Use cached_db sessions (SESSION_ENGINE = "django.contrib.sessions.backends.cached_db") on a shared cache, and clear expired sessions regularly (manage.py clearsessions).';
      context.report(
        makeFinding(DATABASE_SESSIONS, location, message, {
          ...chainOf(view, location),
          fix: cachedDbFix(view, context.fs, at ? { value, location } : undefined, cacheToAdd(context, view)),
        }),
      );
    } else if (value.value === CACHE_ENGINE || value.value === CACHED_DB_ENGINE) {
      if (value.value === CACHE_ENGINE) {
        const message =
          'Sessions live only in the cache: a cache restart, or eviction when it fills up, logs users out. Use cached_db sessions, which write through to the database.';
        context.report(
          makeFinding(CACHE_ONLY_SESSIONS, location, message, {
            ...chainOf(view, location),
            fix: cachedDbFix(view, context.fs, at ? { value, location } : undefined, undefined),
          }),
        );
      }
      checkSessionCache(context, view, value.value);
    }
  }
}

export const sessionCacheChecker: Checker = {
  area: 'session-cache',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    const used = usesSessions(view);
    if (used === false) return;
    if (used === undefined) {
      for (const meta of ALL_CODES) context.unknown(meta.code, 'Whether the project uses sessions (INSTALLED_APPS, MIDDLEWARE) cannot be read statically.');
      return;
    }
    checkEngine(context, view);
  },
};
