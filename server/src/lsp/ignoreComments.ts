// The "ignore this finding" edit: a `django-ready: ignore[CODE] reason` marker in the comment syntax of the
// file, where analyze.ts's ignoredCodesAt looks for it (the finding's line, or a comment line right above).
import * as path from 'node:path';
import type { TextEdit } from '../service/types';
import type { LineIndex } from '../service/index';

interface CommentStyle {
  open: string;
  close: string;
  /** Own line above the finding (safe for line-oriented syntaxes), or the end of the finding's line. */
  placement: 'above' | 'end';
}

const HASH: CommentStyle = { open: '#', close: '', placement: 'above' };
const INI: CommentStyle = { open: ';', close: '', placement: 'above' };
// `{# #}` renders to nothing wherever it stands, and on the same line it cannot push a doctype down.
const TEMPLATE: CommentStyle = { open: '{#', close: ' #}', placement: 'end' };

const TEMPLATE_EXTENSIONS = new Set(['.html', '.htm', '.jinja', '.jinja2', '.j2', '.djhtml', '.xml']);
const HASH_EXTENSIONS = new Set(['.py', '.pyi', '.toml', '.cfg', '.txt', '.in']);

/** Placeholder the user overwrites with the reason the finding does not apply. */
const REASON_PLACEHOLDER = 'reason';

const MARKER_WITH_CODES = /django-ready:\s*ignore\[([^\]]*)\]/;

function commentStyle(file: string, languageId?: string): CommentStyle | undefined {
  const extension = path.extname(file).toLowerCase();
  const inTemplates = file.split(path.sep).includes('templates');
  if (TEMPLATE_EXTENSIONS.has(extension) || (inTemplates && extension !== '.py')) return TEMPLATE;
  if (languageId === 'supervisor' || extension === '.conf' || extension === '.ini') return INI;
  if (HASH_EXTENSIONS.has(extension) || path.basename(file) === 'Pipfile') return HASH;
  return undefined;
}

/** The edit that silences `code` at `line`, or undefined for files without a comment syntax we know. */
export function ignoreEdit(file: string, lines: LineIndex, line: number, code: string, languageId?: string): TextEdit | undefined {
  const style = commentStyle(file, languageId);
  if (!style) return undefined;
  const extended = extendExistingMarker(lines, line, code, style);
  if (extended) return extended;
  const marker = `${style.open} django-ready: ignore[${code}] ${REASON_PLACEHOLDER}${style.close}`;
  if (style.placement === 'end') {
    const end = lines.position(lines.lineEnd(line));
    const spacing = lines.lineText(line).trim() ? ' ' : '';
    return { range: { start: end, end }, newText: `${spacing}${marker}` };
  }
  const start = { line, character: 0 };
  const indentation = /^[ \t]*/.exec(lines.lineText(line))![0];
  return { range: { start, end: start }, newText: `${indentation}${marker}${lines.eol}` };
}

/** Adds the code to a marker that already lists codes on the line, or alone on the comment line above. */
function extendExistingMarker(lines: LineIndex, line: number, code: string, style: CommentStyle): TextEdit | undefined {
  const candidates = [line];
  if (
    line > 0 &&
    lines
      .lineText(line - 1)
      .trim()
      .startsWith(style.open)
  )
    candidates.push(line - 1);
  for (const candidate of candidates) {
    const text = lines.lineText(candidate);
    const match = MARKER_WITH_CODES.exec(text);
    if (!match) continue;
    const closing = { line: candidate, character: match.index + match[0].length - 1 };
    const separator = match[1].trim() ? ',' : '';
    return { range: { start: closing, end: closing }, newText: `${separator}${code}` };
  }
  return undefined;
}
