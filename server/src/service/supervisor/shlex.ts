// Two of Python's shlex modes, with offsets: the POSIX split supervisord uses to run `command`, and the
// legacy (non-POSIX) lexer its dict_of_key_value_pairs() uses for `environment` in 4.2.5.

export interface Token {
  /** The token as shlex returns it. */
  value: string;
  /** Offsets of the token's text in the input. */
  start: number;
  end: number;
}

interface LexResult {
  tokens: Token[];
  /** shlex's ValueError, if it raised one. */
  error: string | null;
}

const SHLEX_SPACE = ' \t\r\n';
/** Characters a POSIX shlex word takes as they are. */
const PLAIN_RUN = /[^ \t\r\n'"\\]+/y;

/** shlex.split(text): how supervisord turns `command` into argv. */
export function posixSplit(text: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && SHLEX_SPACE.includes(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    while (i < text.length && !SHLEX_SPACE.includes(text[i])) {
      const ch = text[i];
      if (ch === '\\') {
        if (i + 1 >= text.length) return { tokens, error: 'No escaped character' };
        value += text[i + 1];
        i += 2;
      } else if (ch === "'" || ch === '"') {
        const close = findClosingQuote(text, i);
        if (close === -1) return { tokens, error: 'No closing quotation' };
        value += unquote(text.slice(i + 1, close), ch);
        i = close + 1;
      } else {
        PLAIN_RUN.lastIndex = i;
        PLAIN_RUN.exec(text);
        value += text.slice(i, PLAIN_RUN.lastIndex);
        i = PLAIN_RUN.lastIndex;
      }
    }
    tokens.push({ value, start, end: i });
  }
  return { tokens, error: null };
}

function findClosingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function unquote(inner: string, quote: string): string {
  return quote === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner;
}

// dict_of_key_value_pairs() adds these to shlex's legacy word characters.
const ENV_WORDCHARS = /[A-Za-z0-9_/.+\-():]/;
/** A run of word characters, or quotes, which legacy mode keeps inside a word. */
const ENV_WORD_RUN = /[A-Za-z0-9_/.+\-():'"]*/y;
/** The first character that ends an unquoted value. */
export const ENV_NON_WORD = /[^A-Za-z0-9_/.+\-():]/;

function isEnvWordChar(ch: string): boolean {
  return ENV_WORDCHARS.test(ch);
}

/** list(shlex.shlex(text)) with wordchars += '/.+-():' and '#' as a comment start. */
export function legacyEnvTokens(text: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  const skipComment = () => {
    while (i < text.length && text[i] !== '\n') i++;
    i++;
  };
  while (i < text.length) {
    const ch = text[i];
    if (SHLEX_SPACE.includes(ch)) {
      i++;
    } else if (ch === '#') {
      skipComment();
    } else if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close === -1) return { tokens, error: 'No closing quotation' };
      tokens.push({ value: text.slice(i, close + 1), start: i, end: close + 1 });
      i = close + 1;
    } else if (isEnvWordChar(ch)) {
      // A word; legacy mode keeps quote characters inside it and skips a '#' comment without ending it.
      const start = i;
      let value = '';
      let end = i;
      while (i < text.length) {
        if (text[i] === '#') {
          skipComment();
          continue;
        }
        ENV_WORD_RUN.lastIndex = i;
        ENV_WORD_RUN.exec(text);
        if (ENV_WORD_RUN.lastIndex === i) break;
        value += text.slice(i, ENV_WORD_RUN.lastIndex);
        i = end = ENV_WORD_RUN.lastIndex;
      }
      tokens.push({ value, start, end });
    } else {
      tokens.push({ value: ch, start: i, end: i + 1 });
      i++;
    }
  }
  return { tokens, error: null };
}
