// security.E101 and E102 (Django 3.2+, checks that run on every `manage.py check`): CSRF_FAILURE_VIEW must import,
// and the view must accept `(request, reason=...)`. Django resolves it with django.urls.get_callable: a dotted path
// without a dot, or a module whose parent package cannot be imported, raises ImportError (E102); a missing module
// inside an importable package, or a missing function, raises ViewDoesNotExist, which the check does not catch, so
// every management command that runs the checks stops (DR933). Judged statically for views in the project's own
// modules; a view in an installed library is not followed.
import * as path from 'node:path';
import { FileReadError, isFile } from '../../fileSystem';
import { type PyNode, textOf, type LoweredStatement } from '../../python/syntax';
import { alternatives, type Value } from '../../python/values';
import { locationFor } from '../../settings/judge';
import type { SettingsView } from '../../settings/settingsView';
import { djangoIdApplies } from '../djangoIds';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { isOpen, relatedFor } from './settingRule';

const CSRF_VIEW_SIGNATURE = defineCode({
  code: 'DR931',
  area: 'security',
  title: 'CSRF_FAILURE_VIEW does not take (request, reason)',
  severity: 'error',
  djangoId: 'security.E101',
});

const CSRF_VIEW_NOT_IMPORTABLE = defineCode({
  code: 'DR932',
  area: 'security',
  title: 'CSRF_FAILURE_VIEW cannot be imported',
  severity: 'error',
  djangoId: 'security.E102',
});

const CSRF_VIEW_MISSING = defineCode({
  code: 'DR933',
  area: 'security',
  title: 'CSRF_FAILURE_VIEW names a view that does not exist',
  severity: 'error',
});

const DJANGO_DEFAULT = 'django.views.csrf.csrf_failure';
/** Decorators that keep the view's signature (functools.wraps), so inspect.signature() sees the function's own. */
const SIGNATURE_KEEPING =
  /^(?:[\w.]*\.)?(requires_csrf_token|csrf_exempt|csrf_protect|ensure_csrf_cookie|never_cache|require_GET|require_POST|require_safe|require_http_methods\(.*\)|xframe_options_\w+)$/s;

type Verdict =
  | { kind: 'ok' }
  | { kind: 'unknown'; reason: string }
  | { kind: 'not-importable'; why: string }
  | { kind: 'missing'; why: string }
  | { kind: 'signature'; why: string };

export function checkCsrfFailureView(context: RuleContext, view: SettingsView): void {
  if (!djangoIdApplies('security.E102', view.version)) return;
  const setting = view.get('CSRF_FAILURE_VIEW');
  if (setting.isDefault) return;
  for (const value of alternatives(setting.value)) {
    const verdict = judge(context, value);
    const location = locationFor(view, setting, value);
    const related = relatedFor(view, setting, location);
    const shown = value.kind === 'str' ? `"${value.value}"` : 'CSRF_FAILURE_VIEW';
    const series = `${view.version.major}.${view.version.minor}`;
    switch (verdict.kind) {
      case 'ok':
        break;
      case 'unknown':
        context.unknown(CSRF_VIEW_NOT_IMPORTABLE.code, verdict.reason);
        break;
      case 'not-importable':
        context.report(
          makeFinding(
            CSRF_VIEW_NOT_IMPORTABLE,
            location,
            `CSRF_FAILURE_VIEW ${shown} cannot be imported: ${verdict.why}. Every request that fails the CSRF check then ends in a server error, and manage.py check stops with security.E102; point it at a view that exists, or remove the setting to use Django's.`,
            { related },
          ),
        );
        break;
      case 'missing':
        context.report(
          makeFinding(
            CSRF_VIEW_MISSING,
            location,
            `Django ${series} refuses to start management commands: CSRF_FAILURE_VIEW ${shown} names ${verdict.why}, so the system checks stop with ViewDoesNotExist (migrate, runserver and check fail) and a request that fails the CSRF check ends in a server error. Point it at a view that exists, or remove the setting to use Django's.`,
            { related },
          ),
        );
        break;
      case 'signature':
        context.report(
          makeFinding(
            CSRF_VIEW_SIGNATURE,
            location,
            `CSRF_FAILURE_VIEW ${shown} ${verdict.why}; Django calls it as view(request, reason=...), so a request that fails the CSRF check ends in a server error (security.E101). Give it the signature (request, reason="").`,
            { related },
          ),
        );
        break;
    }
  }
}

function judge(context: RuleContext, value: Value): Verdict {
  if (value.kind === 'unknown')
    return isOpen(value) ? { kind: 'unknown', reason: 'CSRF_FAILURE_VIEW is computed in a way that cannot be checked statically' } : { kind: 'ok' };
  if (value.kind !== 'str') return { kind: 'unknown', reason: 'CSRF_FAILURE_VIEW is not a dotted path' };
  const dotted = value.value;
  if (dotted === DJANGO_DEFAULT) return { kind: 'ok' };
  const cut = dotted.lastIndexOf('.');
  if (cut < 0) return { kind: 'not-importable', why: 'the path must be fully qualified (module.view)' };
  const moduleName = dotted.slice(0, cut);
  const viewName = dotted.slice(cut + 1);
  const roots = context.project.pythonRoots;
  const parts = moduleName.split('.');
  if (!parts.every((part) => /^[A-Za-z_]\w*$/.test(part))) return { kind: 'not-importable', why: `"${moduleName}" is not a module name` };
  if (!isProjectPackage(context, roots, parts[0])) return { kind: 'unknown', reason: `CSRF_FAILURE_VIEW is in ${parts[0]}, which is not part of the project` };
  const file = resolveModule(context, roots, parts);
  if (!file) {
    const parent = parts.slice(0, -1);
    if (parent.length && resolveModule(context, roots, parent))
      return { kind: 'missing', why: `the module ${moduleName}, which does not exist in ${parent.join('.')}` };
    return { kind: 'not-importable', why: `no module ${moduleName} in the project` };
  }
  return judgeView(context, file, moduleName, viewName);
}

function isProjectPackage(context: RuleContext, roots: readonly string[], top: string): boolean {
  return roots.some((root) => isFile(context.fs, path.join(root, top, '__init__.py')) || isFile(context.fs, path.join(root, `${top}.py`)));
}

function resolveModule(context: RuleContext, roots: readonly string[], parts: string[]): string | undefined {
  for (const root of roots) {
    const base = path.join(root, ...parts);
    if (isFile(context.fs, `${base}.py`)) return `${base}.py`;
    if (isFile(context.fs, path.join(base, '__init__.py'))) return path.join(base, '__init__.py');
  }
  return undefined;
}

function judgeView(context: RuleContext, file: string, moduleName: string, viewName: string): Verdict {
  const content = context.fs.readText(file);
  if (content instanceof FileReadError) return { kind: 'unknown', reason: `${file} cannot be read` };
  // Views modules run to thousands of lines: parse only the top-level statements that may bind the name.
  const excerpt = statementsMentioning(content.text, viewName);
  const { module, failure } = context.parseCache.get(`${file}#statements binding ${viewName}`, excerpt, content.version);
  if (failure || module.errors.length) return { kind: 'unknown', reason: `${moduleName} cannot be read around ${viewName}` };
  let definition: { statement: LoweredStatement; node: PyNode; decorators: string[] } | undefined;
  for (const statement of module.statements) {
    const binds = bindsName(statement, viewName);
    if (binds === 'other' || binds === 'dynamic') return { kind: 'unknown', reason: `${moduleName}.${viewName} is not a plain function` };
    if (binds) definition = { statement, ...binds };
  }
  if (!definition) return { kind: 'missing', why: `${viewName}, which ${moduleName} does not define` };
  if (definition.decorators.some((decorator) => !SIGNATURE_KEEPING.test(decorator)))
    return { kind: 'unknown', reason: `${moduleName}.${viewName} has a decorator that may change its signature` };
  const problem = signatureProblem(definition.statement, definition.node);
  return problem ? { kind: 'signature', why: problem } : { kind: 'ok' };
}

/**
 * The module's top-level statements (a line at column 0 and its indented continuation, with the decorators above
 * it) whose text mentions `name`, a star import or `__getattr__`: everything that can bind the name. Lines are
 * joined with "\n".
 *
 * Views modules run to thousands of lines, so the text is never walked line by line or character by character in
 * script: regular expressions find the few hundred lines that start at column 0, and count the brackets between
 * two of them. A line at column 0 continues the statement above while a bracket is open, or after a decorator.
 */
function statementsMentioning(text: string, name: string): string {
  const mentions = new RegExp(`\\b${name}\\b|import\\s+\\*|__getattr__`);
  const kept: string[] = [];
  let statementStart = 0;
  let segmentStart = 0;
  let open = 0;
  const flush = (end: number): void => {
    const statement = text.slice(statementStart, end);
    if (mentions.test(statement)) kept.push(statement.replace(CRLF, '\n'));
  };
  for (const { index: at } of text.matchAll(COLUMN_ZERO_LINE)) {
    if (at === 0) continue;
    open = Math.max(0, open + bracketBalance(text.slice(segmentStart, at)));
    segmentStart = at;
    const previousLine = at < 2 ? 0 : text.lastIndexOf('\n', at - 2) + 1;
    if (open === 0 && text.charCodeAt(previousLine) !== AT_SIGN) {
      flush(text.charCodeAt(at - 2) === CARRIAGE_RETURN ? at - 2 : at - 1);
      statementStart = at;
    }
  }
  flush(text.length);
  return `${kept.join('\n')}\n`;
}

/** A line (after "\n" or at the start) whose first character may start a statement. */
const COLUMN_ZERO_LINE = /(?<![^\n])[^\s#)\]}]/g;
/** A comment: from a `#` to the end of its line, when nothing but the line break follows (what `/#.*$/` finds per line). */
const COMMENT = /#[^\r\n\u2028\u2029]*(?=\r?\n|$)/g;
const OPENING = /[([{]/g;
const CLOSING = /[)\]}]/g;
const CRLF = /\r\n/g;
const AT_SIGN = 0x40;
const CARRIAGE_RETURN = 0x0d;

/** Opening brackets less closing ones outside comments. */
function bracketBalance(code: string): number {
  const uncommented = code.includes('#') ? code.replace(COMMENT, '') : code;
  return (uncommented.match(OPENING)?.length ?? 0) - (uncommented.match(CLOSING)?.length ?? 0);
}

/** How a top-level statement binds `name`: a plain def (with its decorators), another binding, something we cannot follow, or not at all. */
function bindsName(statement: LoweredStatement, name: string): { node: PyNode; decorators: string[] } | 'other' | 'dynamic' | undefined {
  const node = statement.node;
  const text = statement.text;
  if (node.type === 'function_definition' || node.type === 'decorated_definition') {
    const definition = node.type === 'decorated_definition' ? node.children.find((c) => c.field === 'definition') : node;
    if (!definition || identifierOf(statement, definition) !== name) return undefined;
    if (definition.type !== 'function_definition') return 'other';
    const decorators =
      node.type === 'decorated_definition'
        ? node.children.filter((c) => c.type === 'decorator').map((c) => textOf(statement, c).replace(/^@\s*/, '').trim())
        : [];
    return { node: definition, decorators };
  }
  if (node.type === 'class_definition') return identifierOf(statement, node) === name ? 'other' : undefined;
  if (node.type === 'import_from_statement' && /\bimport\s+\*/.test(text)) return 'dynamic';
  // Any other statement that mentions the name as a word may bind it (assignment, import, loop, global).
  if (new RegExp(`\\b${name}\\b`).test(text) && /^(import|from|[\w\s,.[\]()*]+=(?!=)|for |if |try|with |global )/.test(text)) return 'other';
  if (/\b__getattr__\b/.test(text)) return 'dynamic';
  return undefined;
}

function identifierOf(statement: LoweredStatement, node: PyNode): string | undefined {
  const name = node.children.find((c) => c.field === 'name');
  return name ? textOf(statement, name) : undefined;
}

interface Parameter {
  name: string;
  kind: 'positional-only' | 'positional' | 'var-positional' | 'keyword-only' | 'var-keyword';
  hasDefault: boolean;
}

/** What `inspect.signature(view).bind(None, reason=None)` would say, or undefined when it binds. */
function signatureProblem(statement: LoweredStatement, definition: PyNode): string | undefined {
  const parameters = parametersOf(statement, definition);
  const bound = new Set<string>();
  const positional = parameters.filter((p) => p.kind === 'positional-only' || p.kind === 'positional');
  if (positional.length) bound.add(positional[0].name);
  else if (!parameters.some((p) => p.kind === 'var-positional')) return 'takes no positional argument for the request';
  const reason = parameters.find((p) => p.name === 'reason' && (p.kind === 'positional' || p.kind === 'keyword-only'));
  if (reason && bound.has('reason')) return 'takes reason as its first argument, where the request goes';
  if (reason) bound.add('reason');
  else if (!parameters.some((p) => p.kind === 'var-keyword')) return 'has no reason parameter';
  const missing = parameters.filter(
    (p) => !p.hasDefault && !bound.has(p.name) && (p.kind === 'positional-only' || p.kind === 'positional' || p.kind === 'keyword-only'),
  );
  if (missing.length) return `also requires ${missing.map((p) => p.name).join(', ')}`;
  return undefined;
}

function parametersOf(statement: LoweredStatement, definition: PyNode): Parameter[] {
  const list = definition.children.find((c) => c.field === 'parameters');
  const out: Parameter[] = [];
  if (!list) return out;
  let keywordOnly = false;
  const items = list.children.filter((c) => c.named);
  const slash = items.findIndex((c) => c.type === 'positional_separator');
  items.forEach((item, index) => {
    const nameOf = (node: PyNode): string => textOf(statement, node.children.find((c) => c.type === 'identifier') ?? node);
    switch (item.type) {
      case 'positional_separator':
        return;
      case 'keyword_separator':
        keywordOnly = true;
        return;
      case 'list_splat_pattern':
        keywordOnly = true;
        out.push({ name: nameOf(item), kind: 'var-positional', hasDefault: true });
        return;
      case 'dictionary_splat_pattern':
        out.push({ name: nameOf(item), kind: 'var-keyword', hasDefault: true });
        return;
      default: {
        const hasDefault = item.type === 'default_parameter' || item.type === 'typed_default_parameter';
        const name = item.type === 'identifier' ? textOf(statement, item) : nameOf(item);
        const kind = keywordOnly ? 'keyword-only' : index < slash ? 'positional-only' : 'positional';
        out.push({ name, kind, hasDefault });
      }
    }
  });
  return out;
}
