// Decodes Python string literal source text (`r"..."`, `'''...'''`, `b'\x00'`) into its value.

interface StringLiteral {
  prefix: string;
  quote: string;
  body: string;
  value: string;
  isBytes: boolean;
  isRaw: boolean;
  isFormat: boolean;
}

const PREFIX = /^[rRbBuUfF]{0,2}/;

function splitStringLiteral(source: string): { prefix: string; quote: string; body: string } | undefined {
  const prefix = PREFIX.exec(source)![0];
  const rest = source.slice(prefix.length);
  const quote = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  if (quote !== '"' && quote !== "'" && quote !== '"""' && quote !== "'''") return undefined;
  // A literal cut short while typing has no closing quote; take what is there.
  const closed = rest.length >= quote.length * 2 && rest.endsWith(quote);
  const body = rest.slice(quote.length, closed ? rest.length - quote.length : rest.length);
  return { prefix, quote, body };
}

/** Literals decoded lately: a settings module's literals are decoded again on every keystroke. */
const decoded = new Map<string, Readonly<StringLiteral> | undefined>();
const DECODED_KEPT = 8192;
const DECODED_MAX_LENGTH = 4096;

export function decodeStringLiteral(source: string): Readonly<StringLiteral> | undefined {
  if (source.length > DECODED_MAX_LENGTH) return decode(source);
  let literal = decoded.get(source);
  if (literal === undefined && !decoded.has(source)) {
    literal = decode(source);
    if (decoded.size >= DECODED_KEPT) decoded.clear();
    decoded.set(source, literal);
  }
  return literal;
}

function decode(source: string): StringLiteral | undefined {
  const parts = splitStringLiteral(source);
  if (!parts) return undefined;
  const lower = parts.prefix.toLowerCase();
  const isRaw = lower.includes('r');
  const isBytes = lower.includes('b');
  const isFormat = lower.includes('f');
  const value = isRaw ? parts.body : unescapeBody(parts.body, isBytes);
  // Built field by field: object spread is a slow path in V8 and this runs for every string literal.
  return { prefix: parts.prefix, quote: parts.quote, body: parts.body, value, isBytes, isRaw, isFormat };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function unescapeBody(body: string, isBytes: boolean): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === '\n') continue;
    if (next === '\r') {
      if (body[i + 1] === '\n') i++;
      continue;
    }
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      continue;
    }
    if (next >= '0' && next <= '7') {
      let digits = next;
      while (digits.length < 3 && body[i + 1] >= '0' && body[i + 1] <= '7') digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8));
      continue;
    }
    const hexLength = next === 'x' ? 2 : !isBytes && next === 'u' ? 4 : !isBytes && next === 'U' ? 8 : 0;
    if (hexLength) {
      const hex = body.slice(i + 1, i + 1 + hexLength);
      if (hex.length === hexLength && /^[0-9a-fA-F]+$/.test(hex)) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += hexLength;
        continue;
      }
    }
    // Unknown escapes keep their backslash, as Python does.
    out += `\\${next}`;
  }
  return out;
}

// Written as \uXXXX: lone surrogates, line and paragraph separators, the BOM, zero-width and bidi controls.
const ESCAPED_AS_U = /[\ud800-\udfff\u2028\u2029\ufeff\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Python source for a string value, double-quoted, for inserting into settings files. Anything that is not
 * plain printable text is escaped: control characters (NUL would make the module unloadable), lone surrogates
 * (not encodable as UTF-8), and invisible or line-breaking code points that would mislead a reader.
 */
export function pythonString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (ch.length === 1 && ESCAPED_AS_U.test(ch)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
