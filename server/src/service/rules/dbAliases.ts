// Reading the production DATABASES for the db-connections rules: each alias's possible configurations, its
// engine family, and where it is written (the alias's dict literal, the call that builds it, or the statement).
import { findLiteral } from '../fixes/literalEdits';
import { alternatives, dictGet, type Value } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import type { Location } from '../types';
import { writtenAt } from './projectPaths';
import { chainFile, writtenEntry, type DictTarget, type WrittenEntry } from './settingsEntries';

export type Engine = 'sqlite' | 'postgresql' | 'oracle' | 'server' | 'none' | 'unknown';

const SQLITE_ENGINES = ['django.db.backends.sqlite3', 'django.contrib.gis.db.backends.spatialite'];
const POSTGRESQL_ENGINES = ['django.db.backends.postgresql', 'django.db.backends.postgresql_psycopg2', 'django.contrib.gis.db.backends.postgis'];
const ORACLE_ENGINES = ['django.db.backends.oracle', 'django.contrib.gis.db.backends.oracle'];

/** What CONN_MAX_AGE becomes in a fix: long enough to serve many requests, short enough to recycle. */
export const CONN_MAX_AGE_SECONDS = '60';

function engineOf(value: Value | undefined): Engine {
  if (value?.kind !== 'str') return 'unknown';
  if (value.value === '' || value.value === 'django.db.backends.dummy') return 'none';
  if (SQLITE_ENGINES.includes(value.value)) return 'sqlite';
  if (POSTGRESQL_ENGINES.includes(value.value)) return 'postgresql';
  if (ORACLE_ENGINES.includes(value.value)) return 'oracle';
  return 'server';
}

/** One possible configuration of one alias. */
export interface DatabaseAlias {
  alias: string;
  config: Value & { kind: 'dict' };
  engine: Engine;
  /** Where findings about the alias go. */
  location: Location;
  /** The `"alias": ...` pair of a DATABASES literal, when production's value comes from it. */
  written: WrittenEntry | undefined;
  /** True when the alias has other possible values (set on branches we cannot decide). */
  oneOfSeveral: boolean;
  target: DictTarget;
}

/** Every alias configuration production may use; `unknown` hears about the parts that cannot be read. */
export function databaseAliases(view: SettingsView, unknown: (reason: string) => void): DatabaseAlias[] {
  const statement = view.locationOf('DATABASES');
  const found: DatabaseAlias[] = [];
  for (const databases of alternatives(view.value('DATABASES'))) {
    if (databases.kind !== 'dict') {
      if (!databases.env?.required) unknown('DATABASES is computed in a way that cannot be read statically.');
      continue;
    }
    const named = databases.entries.filter((entry) => entry.key.kind === 'str');
    if (databases.partial && !named.length) unknown('DATABASES is built from values that cannot be read statically.');
    for (const entry of named) {
      const alias = (entry.key as Value & { kind: 'str' }).value;
      const options = alternatives(entry.value);
      const written = writtenEntry(view, databases, alias);
      for (const config of options) {
        if (config.kind !== 'dict') {
          if (!config.env?.required) unknown(`DATABASES["${alias}"] cannot be read statically.`);
          continue;
        }
        found.push({
          alias,
          config,
          engine: engineOf(dictGet(config, 'ENGINE')),
          location: aliasLocation(view, config, written, statement),
          written,
          oneOfSeveral: options.length > 1,
          target: { value: config, name: 'DATABASES', keys: [alias] },
        });
      }
    }
  }
  return found;
}

/** True when `value` was written as a dict literal in a module production loads. */
export function isDictLiteral(view: SettingsView, value: Value): boolean {
  const parsed = value.loc && chainFile(view, value.loc.file);
  return !!parsed && findLiteral(parsed, value.loc!)?.node.type === 'dictionary';
}

function aliasLocation(view: SettingsView, config: Value, written: WrittenEntry | undefined, statement: Location): Location {
  if (isDictLiteral(view, config)) return config.loc!;
  return written?.location ?? writtenAt(view, config, statement);
}
