// The fix for SQLite in production: PostgreSQL for production, configured from optional $DJANGO_DB_* variables
// (a database named after the project on this host's socket when they are unset, so no variable becomes
// required), with persistent connections from the start and the driver added to the requirements. A module that
// also serves development keeps SQLite there: the server database sits behind the module's switch. None where the
// project already chooses its database itself (from the environment, a URL, or branches of its own).
import { dict, type PyExpr } from '../fixes/pythonLayout';
import { assignment } from '../fixes/pythonLayout';
import { productionSwitch } from '../fixes/productionSwitch';
import { addRequirementChange } from '../fixes/requirements';
import { ensureImportEdit, insertAfterStatementChange, insertStatementsChange, layoutEdit, topLevelStatement } from '../fixes/settingsEdits';
import { mergeChanges } from '../fixes/textEdits';
import { hasDependency, versionAtLeast } from '../project/dependencies';
import type { FileSystem } from '../fileSystem';
import { pythonString } from '../python/strings';
import { alternatives, type Value } from '../python/values';
import { servesDevelopment } from '../settings/judge';
import type { SettingsView } from '../settings/settingsView';
import type { FileChange, Fix } from '../types';
import { CONN_MAX_AGE_SECONDS, type DatabaseAlias } from './dbAliases';
import { subscriptPath } from './settingsEntries';

/** True when any part of a value comes from the environment: the project configures it there already. */
function readsEnvironment(value: Value): boolean {
  if (value.env) return true;
  if (value.kind === 'dict') return value.entries.some((entry) => readsEnvironment(entry.value));
  if (value.kind === 'union') return value.options.some(readsEnvironment);
  return false;
}

function databaseName(view: SettingsView): string {
  return (
    view.project.name
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'django'
  );
}

function postgresql(view: SettingsView): PyExpr {
  const name = databaseName(view);
  const variable = (suffix: string, fallback: string): string => `os.environ.get("DJANGO_DB_${suffix}", ${pythonString(fallback)})`;
  const pairs: [PyExpr, PyExpr][] = [
    ['"ENGINE"', '"django.db.backends.postgresql"'],
    ['"NAME"', variable('NAME', name)],
    ['"USER"', variable('USER', name)],
    ['"PASSWORD"', variable('PASSWORD', '')],
    ['"HOST"', variable('HOST', '')],
    ['"PORT"', variable('PORT', '')],
    ['"CONN_MAX_AGE"', CONN_MAX_AGE_SECONDS],
  ];
  if (versionAtLeast(view.version, 4, 1)) pairs.push(['"CONN_HEALTH_CHECKS"', 'True']);
  return dict(pairs);
}

function driver(view: SettingsView): { names: string[]; line: string } {
  const names = ['psycopg', 'psycopg-binary', 'psycopg2', 'psycopg2-binary'];
  return versionAtLeast(view.version, 4, 2) ? { names, line: 'psycopg[binary]>=3.1.8' } : { names, line: 'psycopg2-binary>=2.8.4' };
}

export function sqliteFix(view: SettingsView, fs: FileSystem, alias: DatabaseAlias): Fix | null {
  const databases = view.get('DATABASES');
  if (alias.oneOfSeveral || alternatives(databases.value).length > 1 || readsEnvironment(databases.value)) return null;
  if (hasDependency(view.project.dependencies, 'dj-database-url', 'django-environ')) return null;
  const statement = databases.binding?.statement;
  const inProduction = statement?.file === view.file && topLevelStatement(view.parsed, statement);
  const development = servesDevelopment(view);
  const changes: FileChange[] = [];
  const literal = alias.config.loc;
  if (!development && inProduction && literal?.file === view.file && alias.written) {
    changes.push({ kind: 'edit', file: view.file, edits: [layoutEdit(view.parsed, alias.written.location.range, postgresql(view))] });
    const imported = ensureImportEdit(view.parsed, 'os');
    if (imported) changes.push({ kind: 'edit', file: view.file, edits: [imported] });
  } else {
    const indent = development ? '    ' : '';
    const lines = assignment(indent, subscriptPath('DATABASES', [alias.alias]), postgresql(view));
    const production = productionSwitch(view, inProduction ? statement : undefined);
    const block = development ? [`if ${production.inProduction}:`, ...lines] : lines;
    const imports = ['os', ...(development ? production.imports : [])];
    changes.push((inProduction && insertAfterStatementChange(view, statement!, block, imports)) || insertStatementsChange(view, block, imports));
  }
  const requirement = driver(view);
  const added = addRequirementChange(view.project, fs, requirement);
  if (added.change) changes.push(added.change);
  const package_ = requirement.line.split(/[[<>=]/)[0];
  const note = added.change ? `; adds ${package_} to ${added.file}` : added.missing ? `; add ${package_} to your requirements` : '';
  return {
    title: `Use PostgreSQL${development ? ' in production' : ''} (database ${databaseName(view)} on this host unless $DJANGO_DB_* say otherwise${note})`,
    changes: mergeChanges(changes),
  };
}
