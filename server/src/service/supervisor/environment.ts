// `environment=KEY="value",...` two ways: as the user meant it (pairs split at commas outside quotes, with
// offsets, so fixes can quote a value) and as supervisord 4.2.5 reads it (dict_of_key_value_pairs over a
// legacy-mode shlex), which silently drops or cuts unquoted values.
import { pyStrip } from './pyText';
import { ENV_NON_WORD, legacyEnvTokens } from './shlex';

export interface EnvPair {
  key: string;
  keyStart: number;
  /** The value as written, quotes included; offsets are into the raw environment value. */
  raw: string;
  valueStart: number;
  valueEnd: number;
  /** The value without its surrounding quotes. */
  text: string;
  quoted: boolean;
}

export function splitEnvironment(raw: string): EnvPair[] {
  const pieces: { start: number; end: number }[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ',') {
      pieces.push({ start, end: i });
      start = i + 1;
    }
  }
  pieces.push({ start, end: raw.length });

  const pairs: EnvPair[] = [];
  for (const piece of pieces) {
    const text = raw.slice(piece.start, piece.end);
    const eq = text.indexOf('=');
    const previous = pairs[pairs.length - 1];
    if (eq === -1) {
      // `A=x,y` most likely means the value "x,y".
      if (previous && pyStrip(text) !== '') extendPair(previous, raw, piece.end);
      continue;
    }
    const keyText = text.slice(0, eq);
    const keyStart = piece.start + (keyText.length - keyText.trimStart().length);
    const valueStart = skipSpace(raw, piece.start + eq + 1, piece.end);
    const valueEnd = trimEnd(raw, valueStart, piece.end);
    pairs.push(makePair(pyStrip(keyText), keyStart, raw, valueStart, valueEnd));
  }
  return pairs;
}

function makePair(key: string, keyStart: number, raw: string, valueStart: number, valueEnd: number): EnvPair {
  const value = raw.slice(valueStart, valueEnd);
  const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0];
  return { key, keyStart, raw: value, valueStart, valueEnd, text: quoted ? value.slice(1, -1) : value, quoted };
}

function extendPair(pair: EnvPair, raw: string, end: number): void {
  Object.assign(pair, makePair(pair.key, pair.keyStart, raw, pair.valueStart, trimEnd(raw, pair.valueStart, end)));
}

function skipSpace(text: string, from: number, to: number): number {
  while (from < to && /\s/.test(text[from])) from++;
  return from;
}

function trimEnd(text: string, from: number, to: number): number {
  while (to > from && /\s/.test(text[to - 1])) to--;
  return to;
}

/** Why an unquoted value does not survive supervisord's lexer, or null if it does. */
export function unsafeUnquotedValue(pair: EnvPair): string | null {
  if (pair.quoted) return null;
  if (pair.raw === '') return 'it is empty, so supervisord takes the next token as its value';
  const ch = ENV_NON_WORD.exec(expandForLexing(pair.raw))?.[0];
  if (ch === undefined) return null;
  if (ch === ' ' || ch === '\t' || ch === '\n') return 'it contains whitespace, and supervisord keeps only the first word';
  return `it contains '${ch}', where supervisord's lexer cuts or rejects the value`;
}

interface EnvironmentReading {
  values: Map<string, string>;
  /** ValueError text when supervisord refuses the value at start. */
  error: string | null;
}

/** dict_of_key_value_pairs() of the %-expanded text. */
export function readEnvironment(expanded: string): EnvironmentReading {
  const values = new Map<string, string>();
  const { tokens, error } = legacyEnvTokens(expanded);
  if (error) return { values, error };
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, eq, value] = tokens.slice(i, i + 3);
    if (!value || eq.value !== '=') {
      return { values, error: 'Unexpected end of key/value pairs' };
    }
    values.set(key.value, value.value.replace(/^['"]+|['"]+$/g, ''));
  }
  return { values, error: null };
}

/** The text supervisord lexes, with every `%(name)s` standing in as a plain word. */
export function expandForLexing(raw: string): string {
  return raw.replace(/%\([^)]*\)[a-zA-Z]/g, 'x').replace(/%%/g, '%');
}

/** The variable names an environment value sets. */
export function environmentKeys(raw: string): Set<string> {
  return new Set(splitEnvironment(raw).map((pair) => pair.key));
}
