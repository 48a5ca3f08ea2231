// Reads the settings module a manage.py / wsgi.py / asgi.py selects by default:
// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")` or `os.environ["DJANGO_SETTINGS_MODULE"] = "..."`.
import type { ParsedFile } from './parseCache';
import { decodeStringLiteral } from './strings';
import { child, type LoweredStatement, type PyNode } from './syntax';

function* descendants(node: PyNode): Generator<PyNode> {
  const stack = [node];
  while (stack.length) {
    const current = stack.pop()!;
    yield current;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
  }
}

function stringValue(stmt: LoweredStatement, node: PyNode | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  return decodeStringLiteral(stmt.text.slice(node.start, node.end))?.value;
}

/** The module `DJANGO_SETTINGS_MODULE` defaults to in this file. */
export function settingsModuleDefault(parsed: ParsedFile): string | undefined {
  return environmentDefault(parsed, 'DJANGO_SETTINGS_MODULE');
}

/** The django-configurations class `DJANGO_CONFIGURATION` defaults to in this file. */
export function configurationDefault(parsed: ParsedFile): string | undefined {
  return environmentDefault(parsed, 'DJANGO_CONFIGURATION');
}

function environmentDefault(parsed: ParsedFile, variable: string): string | undefined {
  for (const stmt of parsed.module.statements) {
    for (const node of descendants(stmt.node)) {
      if (node.type === 'call') {
        const fn = child(node, 'function');
        const fnText = fn ? stmt.text.slice(fn.start, fn.end).replace(/\s+/g, '') : '';
        if (!fnText.endsWith('environ.setdefault')) continue;
        const args = child(node, 'arguments')?.children.filter((c) => c.named) ?? [];
        if (stringValue(stmt, args[0]) === variable) {
          const value = stringValue(stmt, args[1]);
          if (value) return value;
        }
      } else if (node.type === 'assignment') {
        const left = child(node, 'left');
        if (left?.type !== 'subscript') continue;
        const index = left.children.find((c) => c.field === 'subscript');
        if (stringValue(stmt, index) === variable) {
          const value = stringValue(stmt, child(node, 'right'));
          if (value) return value;
        }
      }
    }
  }
  return undefined;
}
