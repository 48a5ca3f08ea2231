// Fixes for the session-cache rules: cached_db sessions, and a Redis cache read from $REDIS_URL for the alias
// sessions use (Django's own RedisCache on 4.0+, django-redis before), with its package added to the
// requirements. The cache is production's only: a module that also serves development gets it behind its switch,
// so `runserver` needs no Redis; $REDIS_URL is optional everywhere (a local Redis when it is unset).
import { assignment, dict, type PyExpr } from '../fixes/pythonLayout';
import { productionSwitch } from '../fixes/productionSwitch';
import { addRequirementChange } from '../fixes/requirements';
import { insertAfterStatementChange, insertStatementsChange, literalOf, layoutEdit, ensureImportEdit, topLevelStatement } from '../fixes/settingsEdits';
import { mergeChanges } from '../fixes/textEdits';
import { versionAtLeast } from '../project/dependencies';
import type { FileSystem } from '../fileSystem';
import { pythonString } from '../python/strings';
import type { Value } from '../python/values';
import { servesDevelopment, type Offender } from '../settings/judge';
import type { SettingsView } from '../settings/settingsView';
import type { FileChange, Fix, TextEdit } from '../types';
import { productionValueFix } from './security/productionValues';
import { subscriptPath, writtenEntry } from './settingsEntries';

export const CACHED_DB_ENGINE = 'django.contrib.sessions.backends.cached_db';

function redisBackend(view: SettingsView): string {
  return versionAtLeast(view.version, 4, 0) ? 'django.core.cache.backends.redis.RedisCache' : 'django_redis.cache.RedisCache';
}

function redisCache(view: SettingsView): PyExpr {
  return dict([
    ['"BACKEND"', pythonString(redisBackend(view))],
    ['"LOCATION"', 'os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")'],
  ]);
}

/** Lines that run only in production: as they are in a production-only module, else under the module's switch. */
function productionOnly(view: SettingsView, lines: string[], at: Parameters<typeof productionSwitch>[1]): { lines: string[]; imports: string[] } {
  if (!servesDevelopment(view)) return { lines, imports: [] };
  const { inProduction, imports } = productionSwitch(view, at);
  return { lines: [`if ${inProduction}:`, ...lines.map((line) => `    ${line}`)], imports };
}

/** Changes that make CACHES[alias] a Redis cache for production, in the production module. */
function redisCacheChanges(view: SettingsView, caches: Value | undefined, alias: string): FileChange[] {
  const setting = view.get('CACHES');
  const indent = servesDevelopment(view) ? '    ' : '';
  if (!setting.binding) {
    const whole = dict(
      alias === 'default'
        ? [['"default"', redisCache(view)]]
        : [
            ['"default"', redisCache(view)],
            [pythonString(alias), redisCache(view)],
          ],
    );
    const block = productionOnly(
      view,
      assignment(indent, 'CACHES', whole).map((line) => line.slice(indent.length)),
      undefined,
    );
    return [insertStatementsChange(view, block.lines, ['os', ...block.imports])];
  }
  const literal = caches && literalOf(view, caches);
  const entry = caches && writtenEntry(view, caches, alias);
  // A production-only module has the cache written in place; any other gets an override after CACHES.
  if (!servesDevelopment(view) && literal?.node.type === 'dictionary' && literal.parsed.file === view.file && entry) {
    const edits: TextEdit[] = [layoutEdit(literal.parsed, entry.location.range, redisCache(view))];
    const imported = ensureImportEdit(literal.parsed, 'os');
    return [{ kind: 'edit', file: view.file, edits: imported ? [...edits, imported] : edits }];
  }
  const statement = setting.binding.statement.file === view.file ? setting.binding.statement : undefined;
  const block = productionOnly(
    view,
    assignment(indent, subscriptPath('CACHES', [alias]), redisCache(view)).map((line) => line.slice(indent.length)),
    statement,
  );
  const after =
    statement && topLevelStatement(view.parsed, statement) ? insertAfterStatementChange(view, statement, block.lines, ['os', ...block.imports]) : undefined;
  return [after ?? insertStatementsChange(view, block.lines, ['os', ...block.imports])];
}

/** The Redis package the cache backend needs, for the requirements. */
function redisRequirement(view: SettingsView): { names: string[]; line: string } {
  return versionAtLeast(view.version, 4, 0) ? { names: ['redis', 'django-redis'], line: 'redis>=4.0' } : { names: ['django-redis'], line: 'django-redis>=5.0' };
}

function withRequirement(view: SettingsView, fs: FileSystem, title: string, changes: FileChange[]): Fix {
  const requirement = redisRequirement(view);
  const added = addRequirementChange(view.project, fs, requirement);
  const package_ = requirement.line.split(/[<>=]/)[0];
  const note = added.change ? `, adds ${package_} to ${added.file}` : added.missing ? `; add ${package_} to your requirements` : '';
  const where = servesDevelopment(view) ? ' in production' : '';
  return { title: `${title}${where}${note}`, changes: mergeChanges([...changes, ...(added.change ? [added.change] : [])]) };
}

export function redisCacheFix(view: SettingsView, fs: FileSystem, caches: Value | undefined, alias: string): Fix {
  const library = versionAtLeast(view.version, 4, 0) ? '' : ' (django-redis)';
  return withRequirement(view, fs, `Keep sessions in a Redis cache from $REDIS_URL${library}`, redisCacheChanges(view, caches, alias));
}

/** SESSION_ENGINE = cached_db (where the engine is an environment fallback, the fallback), plus a Redis cache when the session cache is not shared. */
export function cachedDbFix(
  view: SettingsView,
  fs: FileSystem,
  offender: Offender | undefined,
  cache: { caches: Value | undefined; alias: string } | undefined,
): Fix | null {
  const setting = view.get('SESSION_ENGINE');
  const engine = pythonString(CACHED_DB_ENGINE);
  const engineFix = offender
    ? productionValueFix(view, setting, offender, () => ({ text: engine, imports: [] }))
    : productionValueFix(view, setting, { value: setting.value, location: view.anchor() }, () => ({ text: engine, imports: [] }));
  if (!engineFix) return null;
  if (!cache) return { title: 'Use cached_db sessions', changes: engineFix.changes };
  return withRequirement(view, fs, 'Use cached_db sessions in a Redis cache from $REDIS_URL', [
    ...engineFix.changes,
    ...redisCacheChanges(view, cache.caches, cache.alias),
  ]);
}
