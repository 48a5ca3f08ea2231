// Values written out in full, the way Python's repr() would show them, for the effective-settings document.
// (values.ts's describe() stays short for messages; this one hides nothing it knows.)
import { describe, type Value } from '../python/values';

const WIDTH = 100;

function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return escaped.includes("'") && !escaped.includes('"') ? `"${escaped}"` : `'${escaped.replace(/'/g, "\\'")}'`;
}

/** A value as Python source-like text; `indent` is the column nested lines start at. */
export function pythonText(value: Value, indent = 0): string {
  switch (value.kind) {
    case 'str':
      return quote(value.value);
    case 'bytes':
      return `b${quote(value.value)}`;
    case 'int':
    case 'float':
      return String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'path':
      return `Path(${quote(value.value)})`;
    case 'list':
    case 'tuple':
    case 'set': {
      const [open, close] = value.kind === 'list' ? ['[', ']'] : value.kind === 'tuple' ? ['(', ')'] : ['{', '}'];
      if (value.kind === 'set' && !value.items.length && !value.partial) return 'set()';
      const items = value.items.map((item) => pythonText(item, indent + 4));
      if (value.partial) items.push('...');
      const trailing = value.kind === 'tuple' && value.items.length === 1 && !value.partial ? ',' : '';
      return wrap(open, items, trailing + close, indent);
    }
    case 'dict': {
      const entries = value.entries.map((entry) => `${pythonText(entry.key, indent + 4)}: ${pythonText(entry.value, indent + 4)}`);
      if (value.partial) entries.push('...');
      return wrap('{', entries, '}', indent);
    }
    case 'union':
      return value.options.map((option) => pythonText(option, indent)).join(' or ');
    case 'unknown':
      return value.env ? `<$${value.env.name}>` : `<unknown: ${value.reason}>`;
    case 'module':
    case 'builtin':
    case 'function':
    case 'class':
    case 'object':
      return describe(value);
  }
}

/** One line when it fits, else one item per line. */
function wrap(open: string, items: string[], close: string, indent: number): string {
  const flat = `${open}${items.join(', ')}${close}`;
  if (!items.length || (indent + flat.length <= WIDTH && !flat.includes('\n'))) return flat;
  const pad = ' '.repeat(indent + 4);
  return `${open}\n${items.map((item) => `${pad}${item},`).join('\n')}\n${' '.repeat(indent)}${close}`;
}
