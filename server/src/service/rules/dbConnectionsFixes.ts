// The fix for SQLite in production: a database server configured from the environment, written in the style
// the project already uses (dj-database-url, django-environ, or plain os.environ), with persistent connections
// from the start. Where the same file also serves development, SQLite stays behind an explicit DJANGO_DEBUG=1.
import { declaredVersion, hasDependency, versionAtLeast } from '../project/dependencies';
import { ensureImportEdit, insertStatementsChange } from '../fixes/settingsEdits';
import { mergeChanges } from '../fixes/textEdits';
import { servesDevelopment } from '../settings/judge';
import type { SettingsView } from '../settings/settingsView';
import type { FileChange, Fix, Location, TextEdit } from '../types';
import { CONN_MAX_AGE_SECONDS, isDictLiteral, type DatabaseAlias } from './dbAliases';
import { indentAt, subscriptPath, within } from './settingsEntries';

/** The condition under which a file that serves both keeps its development-only values. */
export const DEVELOPMENT_SWITCH = 'os.environ.get("DJANGO_DEBUG", "") == "1"';

type Style = { kind: 'dj-database-url' } | { kind: 'environ'; env: string } | { kind: 'environment' };

function databaseStyle(view: SettingsView): Style {
  const usesDjDatabaseUrl = view.envReads.some((read) => read.via.startsWith('dj_database_url')) || hasDependency(view.project.dependencies, 'dj-database-url');
  if (usesDjDatabaseUrl) return { kind: 'dj-database-url' };
  for (const [name, binding] of view.production.namespace) {
    if (binding.value.kind === 'object' && binding.value.type === 'environ.Env') return { kind: 'environ', env: name };
  }
  return { kind: 'environment' };
}

interface Source {
  text: string;
  imports: string[];
  title: string;
}

/** The server database entry, its lines indented for a dict whose closing brace sits at `indent`. */
function serverDatabase(view: SettingsView, style: Style, indent: string, eol: string): Source {
  const healthChecks = versionAtLeast(view.version, 4, 1);
  if (style.kind === 'dj-database-url') {
    const library = declaredVersion(view.project.dependencies, 'dj-database-url');
    const libraryChecks = healthChecks && (!library || versionAtLeast(library, 1, 1));
    const checks = libraryChecks ? ', conn_health_checks=True' : '';
    return { text: `dj_database_url.config(conn_max_age=${CONN_MAX_AGE_SECONDS}${checks})`, imports: ['dj_database_url'], title: 'Read the database from $DATABASE_URL' };
  }
  const extra: Array<[string, string]> = [['CONN_MAX_AGE', CONN_MAX_AGE_SECONDS]];
  if (healthChecks) extra.push(['CONN_HEALTH_CHECKS', 'True']);
  if (style.kind === 'environ') {
    const pairs = extra.map(([key, value]) => `, "${key}": ${value}`).join('');
    return { text: `{**${style.env}.db("DATABASE_URL")${pairs}}`, imports: [], title: 'Read the database from $DATABASE_URL' };
  }
  const entries: Array<[string, string]> = [
    ['ENGINE', '"django.db.backends.postgresql"'],
    ['NAME', 'os.environ["DJANGO_DB_NAME"]'],
    ['USER', 'os.environ["DJANGO_DB_USER"]'],
    ['PASSWORD', 'os.environ["DJANGO_DB_PASSWORD"]'],
    ['HOST', 'os.environ.get("DJANGO_DB_HOST", "localhost")'],
    ['PORT', 'os.environ.get("DJANGO_DB_PORT", "5432")'],
    ...extra,
  ];
  const body = entries.map(([key, value]) => `${indent}    "${key}": ${value},${eol}`).join('');
  return { text: `{${eol}${body}${indent}}`, imports: ['os'], title: 'Use PostgreSQL configured from $DJANGO_DB_* variables' };
}

/** The expression of the SQLite configuration in the production module, when a fix can edit it in place. */
function editableExpression(view: SettingsView, alias: DatabaseAlias): { location: Location; type: string } | undefined {
  const loc = alias.config.loc;
  if (loc?.file === view.file && isDictLiteral(view, alias.config)) return { location: loc, type: 'dictionary' };
  const written = alias.written;
  if (written && !alias.oneOfSeveral && written.location.file === view.file && (!loc || within(loc, written.location))) return written;
  return undefined;
}

export function sqliteFix(view: SettingsView, alias: DatabaseAlias): Fix {
  const parsed = view.parsed;
  const eol = parsed.lines.eol;
  const style = databaseStyle(view);
  const development = servesDevelopment(view);
  const expression = editableExpression(view, alias);
  const changes: FileChange[] = [];
  let source: Source;
  if (expression) {
    const startIndent = indentAt(view, expression.location);
    const endIndent = indentAt(view, { file: view.file, range: { start: expression.location.range.end, end: expression.location.range.end } });
    if (!development) {
      source = serverDatabase(view, style, startIndent, eol);
      changes.push({ kind: 'edit', file: view.file, edits: [{ range: expression.location.range, newText: source.text }] });
    } else {
      source = serverDatabase(view, style, endIndent, eol);
      const needsParentheses = expression.type === 'conditional_expression' || expression.type === 'lambda';
      const edits: TextEdit[] = [{ range: { start: expression.location.range.end, end: expression.location.range.end }, newText: `${needsParentheses ? ')' : ''} if ${DEVELOPMENT_SWITCH} else ${source.text}` }];
      if (needsParentheses) edits.push({ range: { start: expression.location.range.start, end: expression.location.range.start }, newText: '(' });
      changes.push({ kind: 'edit', file: view.file, edits });
    }
  } else {
    const indent = development ? '    ' : '';
    source = serverDatabase(view, style, indent, eol);
    const assignment = `${indent}${subscriptPath('DATABASES', [alias.alias])} = ${source.text}`;
    const lines = development ? [`if not ${DEVELOPMENT_SWITCH}:`, assignment] : [assignment];
    changes.push(insertStatementsChange(view, lines));
  }
  const imports = development ? [...new Set(['os', ...source.imports])] : source.imports;
  const importEdits = imports.map((module) => ensureImportEdit(parsed, module)).filter((edit): edit is TextEdit => !!edit);
  if (importEdits.length) changes.push({ kind: 'edit', file: view.file, edits: importEdits });
  const title = development ? `${source.title} (SQLite only with DJANGO_DEBUG=1)` : source.title;
  return { title, changes: mergeChanges(changes) };
}
