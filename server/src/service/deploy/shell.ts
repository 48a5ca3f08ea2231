// Just enough of the POSIX shell to see what an entrypoint script runs: words with quotes and parameter
// expansion, command separators, `exec`, background `&`, `if` and `case` branches, variable assignments and
// `export`. Anything else (functions, loops, redirections, here-documents) is skipped, never run.

interface ShellWord {
  /** As written, quotes included. */
  raw: string;
  start: number;
  end: number;
}

export interface ShellCommand {
  words: ShellWord[];
  /** Offsets of the whole command in the script. */
  start: number;
  end: number;
  /** Ended by `&`. */
  background: boolean;
  /** The `case` and `if` branches it sits in, outermost first; empty at top level. */
  branches: ShellBranch[];
}

type ShellBranch =
  /** `patterns` lists every pattern of that `case`, in order (shared by its branches). */
  { kind: 'case'; id: number; subject: string; pattern: string; patterns: string[] } | { kind: 'if' | 'else' | 'loop' };

type Token = { kind: 'word'; word: ShellWord } | { kind: 'op'; op: string; start: number; end: number };

const OPERATORS = [';;', '&&', '||', ';', '&', '|', '(', ')', '\n'];

/** Splits a script into words and operators; comments and line continuations disappear. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
    } else if (ch === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (ch === '<' || ch === '>') {
      // A redirection and its target are not part of the command.
      const start = i;
      while (i < n && /[<>&0-9-]/.test(text[i])) i++;
      const heredoc = text.slice(start, i).startsWith('<<');
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      const target = readWord(text, i);
      i = target.end;
      if (heredoc) i = skipHeredoc(text, i, target.raw.replace(/['"\\-]/g, ''));
    } else {
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
      if (op) {
        tokens.push({ kind: 'op', op, start: i, end: i + op.length });
        i += op.length;
      } else {
        const word = readWord(text, i);
        if (word.end === i) i++;
        else tokens.push({ kind: 'word', word });
        i = word.end;
      }
    }
  }
  return tokens;
}

function skipHeredoc(text: string, from: number, delimiter: string): number {
  let lineStart = text.indexOf('\n', from);
  while (lineStart !== -1) {
    const lineEnd = text.indexOf('\n', lineStart + 1);
    const line = text.slice(lineStart + 1, lineEnd === -1 ? text.length : lineEnd);
    if (line.trim() === delimiter) return lineEnd === -1 ? text.length : lineEnd;
    lineStart = lineEnd;
  }
  return text.length;
}

/** One word from `start`: quotes, `$( )` and backquotes are kept whole. */
function readWord(text: string, start: number): ShellWord {
  let i = start;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    // `NAME=(a b)`: a bash array assignment is one word.
    if (ch === '(' && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(text.slice(start, i))) {
      i = closingParen(text, i + 1);
      continue;
    }
    if (' \t\r\n;&|()<>'.includes(ch)) break;
    if (ch === '\\') i += 2;
    else if (ch === "'") i = closing(text, i + 1, "'");
    else if (ch === '"') i = closingDouble(text, i + 1);
    else if (ch === '`') i = closing(text, i + 1, '`');
    else if (ch === '$' && text[i + 1] === '(') i = closingParen(text, i + 2);
    else if (ch === '$' && text[i + 1] === '{') i = closing(text, i + 2, '}');
    else i++;
  }
  return { raw: text.slice(start, Math.min(i, n)), start, end: Math.min(i, n) };
}

function closing(text: string, from: number, quote: string): number {
  const end = text.indexOf(quote, from);
  return end === -1 ? text.length : end + 1;
}

function closingDouble(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

const MAX_BRANCH_DEPTH = 64;

const KEYWORDS_BEFORE_COMMAND = new Set(['then', 'else', 'do', '{', '!', 'time']);

/** The script's simple commands in order, each with the branches it sits in. */
export function parseShell(text: string): ShellCommand[] {
  const tokens = tokenize(text);
  const commands: ShellCommand[] = [];
  const branches: ShellBranch[] = [];
  /** Per open `case`/`if`, how many entries it pushed on `branches`. */
  const open: { kind: 'case' | 'if'; pushed: number; expectPattern: boolean; id: number; subject: string; patterns: string[] }[] = [];
  let cases = 0;
  let functionDepth = 0;
  let current: ShellWord[] = [];
  const flush = (background: boolean): void => {
    if (!current.length) return;
    if (functionDepth === 0)
      commands.push({ words: current, start: current[0].start, end: current[current.length - 1].end, background, branches: [...branches] });
    current = [];
  };
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    const top = open[open.length - 1];
    if (token.kind === 'op') {
      if (top?.kind === 'case' && top.expectPattern && (token.op === '|' || token.op === '\n')) {
        // `a | b)`: alternatives of one pattern, not a pipe.
        if (token.op === '|') current.push({ raw: '|', start: token.start, end: token.end });
      } else if (token.op === ';;' && top?.kind === 'case') {
        flush(false);
        branches.length -= top.pushed;
        top.pushed = 0;
        top.expectPattern = true;
      } else if (token.op === ')' && top?.kind === 'case' && top.expectPattern) {
        // `pattern)`: the words collected so far are the pattern.
        const pattern = current
          .map((w) => w.raw)
          .join(' ')
          .replace(/^\(/, '');
        current = [];
        top.patterns.push(pattern);
        branches.push({ kind: 'case', id: top.id, subject: top.subject, pattern, patterns: top.patterns });
        top.pushed = 1;
        top.expectPattern = false;
      } else if (token.op === '(' && top?.kind === 'case' && top.expectPattern && !current.length) {
        // `(pattern)` form.
      } else if (
        token.op === '(' &&
        current.length === 1 &&
        /^[A-Za-z_][\w:.-]*$/.test(current[0].raw) &&
        tokens[t + 1]?.kind === 'op' &&
        (tokens[t + 1] as { op: string }).op === ')'
      ) {
        // `name() {`: a function definition; its body is not run here.
        current = [];
        functionDepth++;
        t++;
        if (tokens[t + 1]?.kind === 'word' && (tokens[t + 1] as { word: ShellWord }).word.raw === '{') t++;
      } else {
        flush(token.op === '&');
      }
      continue;
    }
    const raw = token.word.raw;
    if (current.length === 0) {
      if (functionDepth > 0) {
        if (raw === '}') functionDepth--;
        else if (raw === '{') functionDepth++;
        // Skip the body word by word; commands inside are not collected.
        if (raw !== '}') current = [];
        continue;
      }
      if (raw === 'function' && tokens[t + 1]?.kind === 'word') {
        functionDepth++;
        t++;
        while (tokens[t + 1] && !(tokens[t + 1].kind === 'word' && (tokens[t + 1] as { word: ShellWord }).word.raw === '{')) t++;
        t++;
        continue;
      }
      if (raw === 'case') {
        // `case WORD in`
        const subject = tokens[t + 1]?.kind === 'word' ? (tokens[t + 1] as { word: ShellWord }).word.raw : '';
        open.push({ kind: 'case', pushed: 0, expectPattern: true, id: cases++, subject, patterns: [] });
        t += 2;
        while (tokens[t + 1]?.kind === 'op' && (tokens[t + 1] as { op: string }).op === '\n') t++;
        continue;
      }
      if (raw === 'esac' && top?.kind === 'case') {
        branches.length -= top.pushed;
        open.pop();
        continue;
      }
      if (raw === 'if' || raw === 'while' || raw === 'until' || raw === 'for') {
        // Past a nesting no real script reaches, branches stop being recorded (each command copies them).
        const record = branches.length < MAX_BRANCH_DEPTH;
        open.push({ kind: 'if', pushed: record ? 1 : 0, expectPattern: false, id: -1, subject: '', patterns: [] });
        if (record) branches.push({ kind: raw === 'if' ? 'if' : 'loop' });
        if (raw === 'for') while (tokens[t + 1] && tokens[t + 1].kind === 'word') t++;
        continue;
      }
      if (raw === 'elif') continue;
      if ((raw === 'fi' || raw === 'done') && top?.kind === 'if') {
        branches.length -= top.pushed;
        open.pop();
        continue;
      }
      if (raw === 'else' && top?.kind === 'if') {
        if (top.pushed) branches[branches.length - 1] = { kind: 'else' };
        continue;
      }
      if (KEYWORDS_BEFORE_COMMAND.has(raw) || raw === '}') continue;
    }
    current.push(token.word);
  }
  flush(false);
  return commands;
}

interface ExpandContext {
  /** Variables the script (or its environment) sets. */
  vars: Map<string, string>;
  /** `$1`, `$2`, ... and `$@`; undefined when the script's arguments are unknown. */
  args: string[] | undefined;
}

const PARAMETER = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*|[0-9@*#])(?:(:?[-=+?])((?:[^}]|\}(?!$))*?))?\}|([A-Za-z_][A-Za-z0-9_]*|[0-9@*#]))/;

/**
 * The fields a word expands to: quotes removed, known parameters replaced. An unknown parameter stays as
 * written (`$PORT`), so a reader can still see it; `"$@"` gives one field per argument.
 */
export function expandWord(raw: string, context: ExpandContext): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  const lookup = (name: string): string | string[] | undefined => {
    if (name === '@' || name === '*') return context.args;
    if (/^[0-9]$/.test(name)) return name === '0' ? undefined : (context.args?.[Number(name) - 1] ?? (context.args ? '' : undefined));
    if (name === '#') return context.args ? String(context.args.length) : undefined;
    return context.vars.get(name);
  };
  const expandAt = (text: string, i: number): { value: string | string[]; length: number } | undefined => {
    const match = PARAMETER.exec(text.slice(i));
    if (!match) return undefined;
    const name = match[1] ?? match[4];
    const value = lookup(name);
    const operator = match[2];
    const word = match[3] ?? '';
    const known = value !== undefined;
    const empty = !known || value === '' || (Array.isArray(value) && value.length === 0);
    let result: string | string[];
    if (operator === ':-' || operator === '-' || operator === ':=' || operator === '=') {
      // Unknown to us means unset as far as the repository shows: the default is what production gets.
      result = !known || (operator.startsWith(':') && empty) ? expandWord(word, context).join(' ') : value!;
    } else if (operator === ':+' || operator === '+') {
      result = known && !(operator === ':+' && empty) ? expandWord(word, context).join(' ') : '';
    } else {
      result = known ? value! : match[0];
    }
    return { value: result, length: match[0].length };
  };
  let i = 0;
  let sawQuotes = false;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '\\' && !quoted) {
      field += raw[i + 1] ?? '';
      i += 2;
    } else if (ch === "'" && !quoted) {
      const end = raw.indexOf("'", i + 1);
      field += raw.slice(i + 1, end === -1 ? raw.length : end);
      sawQuotes = true;
      i = end === -1 ? raw.length : end + 1;
    } else if (ch === '"') {
      quoted = !quoted;
      sawQuotes = true;
      i++;
    } else if (ch === '\\' && quoted) {
      const next = raw[i + 1];
      field += next !== undefined && '$`"\\'.includes(next) ? next : ch + (next ?? '');
      i += 2;
    } else if (ch === '$') {
      const expansion = expandAt(raw, i);
      if (!expansion) {
        field += ch;
        i++;
        continue;
      }
      if (Array.isArray(expansion.value)) {
        // "$@": each argument is its own field.
        const [first, ...rest] = expansion.value;
        if (first === undefined) {
          i += expansion.length;
          continue;
        }
        field += first;
        for (const arg of rest) {
          fields.push(field);
          field = arg;
        }
        sawQuotes = true;
      } else if (quoted) {
        field += expansion.value;
      } else {
        // Unquoted: the value is split on blanks.
        const parts = expansion.value.split(/[ \t\n]+/);
        field += parts[0];
        for (const part of parts.slice(1)) {
          if (field) fields.push(field);
          field = part;
        }
      }
      i += expansion.length;
    } else {
      field += ch;
      i++;
    }
  }
  if (field || sawQuotes) fields.push(field);
  return fields;
}

/** Words of a command, expanded; assignments in front of it are returned apart. */
export function expandCommand(command: ShellCommand, context: ExpandContext): { assignments: [string, string][]; argv: string[] } {
  const assignments: [string, string][] = [];
  let i = 0;
  for (; i < command.words.length; i++) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(command.words[i].raw);
    if (!match) break;
    assignments.push([match[1], expandWord(command.words[i].raw.slice(match[0].length), context).join(' ')]);
  }
  const argv = command.words.slice(i).flatMap((word) => expandWord(word.raw, context));
  return { assignments, argv };
}

/** Whether a `case` pattern (`"a" | b*`) matches a word, as the shell's pattern matching would. */
export function casePatternMatches(pattern: string, word: string): boolean {
  return pattern.split('|').some((alternative) => {
    const glob = alternative.trim().replace(/^(["'])(.*)\1$/, '$2');
    const regex = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    return regex.test(word);
  });
}
