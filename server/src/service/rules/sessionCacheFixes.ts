// Fixes for the session-cache rules: cached_db sessions, and a Redis cache read from $REDIS_URL for the alias
// sessions use (Django's own RedisCache on 4.0+, django-redis before). A production-only module requires the
// variable; a file that also serves development falls back to a local Redis.
import { insertStatementsChange, literalOf, setSettingChange } from '../fixes/settingsEdits';
import { mergeChanges } from '../fixes/textEdits';
import { versionAtLeast } from '../project/dependencies';
import { servesDevelopment } from '../settings/judge';
import type { SettingsView } from '../settings/settingsView';
import type { FileChange, Fix, Location } from '../types';
import { indentAt, setKeysChanges, subscriptPath, writtenEntry } from './settingsEntries';
import type { Value } from '../python/values';

export const CACHED_DB_ENGINE = 'django.contrib.sessions.backends.cached_db';

function redisBackend(view: SettingsView): string {
  return versionAtLeast(view.version, 4, 0) ? 'django.core.cache.backends.redis.RedisCache' : 'django_redis.cache.RedisCache';
}

/** The Redis cache entry: on several lines indented for a closing brace at `indent`, or on one line. */
function redisCache(view: SettingsView, layout: { indent: string } | 'one-line'): string {
  const location = servesDevelopment(view) ? 'os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")' : 'os.environ["REDIS_URL"]';
  const pairs = [`"BACKEND": "${redisBackend(view)}"`, `"LOCATION": ${location}`];
  if (layout === 'one-line') return `{${pairs.join(', ')}}`;
  const eol = view.parsed.lines.eol;
  return `{${eol}${pairs.map((pair) => `${layout.indent}    ${pair},${eol}`).join('')}${layout.indent}}`;
}

/** Changes that make CACHES[alias] a Redis cache, in the production module. */
function redisCacheChanges(view: SettingsView, caches: Value | undefined, alias: string): FileChange[] {
  const eol = view.parsed.lines.eol;
  if (!view.get('CACHES').binding) {
    const aliases = alias === 'default' ? ['default'] : ['default', alias];
    const body = aliases.map((name) => `    "${name}": ${redisCache(view, { indent: '    ' })},${eol}`).join('');
    return [setSettingChange(view, 'CACHES', `{${eol}${body}}`, { imports: ['os'] })];
  }
  const literal = caches && literalOf(view, caches);
  if (caches && literal?.node.type === 'dictionary' && literal.parsed.file === view.file) {
    const existing = writtenEntry(view, caches, alias);
    const multiline = existing && existing.location.range.start.line !== existing.location.range.end.line;
    const source = redisCache(view, multiline ? { indent: indentAt(view, existing.pairLocation) } : 'one-line');
    return setKeysChanges(view, { value: caches, name: 'CACHES', keys: [] }, [[alias, source]], ['os']);
  }
  return [insertStatementsChange(view, [`${subscriptPath('CACHES', [alias])} = ${redisCache(view, { indent: '' })}`], ['os'])];
}

export function redisCacheFix(view: SettingsView, caches: Value | undefined, alias: string): Fix {
  const library = versionAtLeast(view.version, 4, 0) ? '' : ' (django-redis)';
  return { title: `Keep sessions in a Redis cache from $REDIS_URL${library}`, changes: mergeChanges(redisCacheChanges(view, caches, alias)) };
}

/** SESSION_ENGINE = cached_db, plus a Redis cache when the session cache is not shared. */
export function cachedDbFix(view: SettingsView, at: Location | undefined, cache: { caches: Value | undefined; alias: string } | undefined): Fix {
  const engine = setSettingChange(view, 'SESSION_ENGINE', `"${CACHED_DB_ENGINE}"`, { at });
  if (!cache) return { title: 'Use cached_db sessions', changes: [engine] };
  return { title: 'Use cached_db sessions in a Redis cache from $REDIS_URL', changes: mergeChanges([engine, ...redisCacheChanges(view, cache.caches, cache.alias)]) };
}
