// Supervisor passes every value it reads through Python's `value % expansions`. This scanner follows
// PyUnicode_Format closely enough to say which `%(name)s` references a value makes and which `%` signs
// Python would refuse, with their offsets in the value.

export interface Expansion {
  start: number;
  end: number;
  name: string;
  conversion: string;
}

interface FormatProblem {
  start: number;
  end: number;
  /** `numeric`: a number conversion (`%(name)d`) of a text value; fixed by `s`. Others are fixed by `%%`. */
  kind: 'stray' | 'numeric';
  /** Why Python refuses it, in words a user can act on. */
  message: string;
  /** Python accepts it (a lone `%s` formats the whole expansion dictionary), but it is still a mistake. */
  accepted: boolean;
}

interface FormatScan {
  expansions: Expansion[];
  problems: FormatProblem[];
}

const FLAGS = '-+ #0';
const CONVERSIONS = 'diouxXeEfFgGcrsa';
const NUMERIC = 'diouxXeEfFgG';
/** Expansion names whose value is a number; the others are strings. */
const NUMERIC_NAMES = new Set(['process_num', 'numprocs']);

export function scanFormat(value: string): FormatScan {
  const expansions: Expansion[] = [];
  const problems: FormatProblem[] = [];
  const unnamed: FormatProblem[] = [];
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('%', i);
    if (start === -1) break;
    let j = start + 1;
    if (value[j] === '%') {
      i = j + 1;
      continue;
    }
    let name: string | null = null;
    if (value[j] === '(') {
      let depth = 1;
      let k = j + 1;
      while (k < value.length && depth > 0) {
        if (value[k] === '(') depth++;
        else if (value[k] === ')') depth--;
        k++;
      }
      if (depth > 0) {
        problems.push(stray(start, value.length, `'%(' is never closed. Write %(name)s, or %% for a literal %.`));
        break;
      }
      name = value.slice(j + 1, k - 1);
      j = k;
    }
    while (j < value.length && FLAGS.includes(value[j])) j++;
    const starAt = j;
    while (j < value.length && (/[0-9*]/.test(value[j]) || value[j] === '.')) j++;
    while (j < value.length && 'hlL'.includes(value[j])) j++;
    const conversion = value[j];
    const end = Math.min(j + 1, value.length);
    if (conversion === undefined) {
      problems.push(stray(start, end, `the '%' at the end is incomplete. Write %% for a literal %.`));
      break;
    }
    if (value.slice(starAt, j).includes('*')) {
      problems.push(stray(start, end, `'*' widths cannot be used here. Write %% for a literal %.`));
    } else if (conversion === '%' && name !== null) {
      // `%(x)%` prints a '%' without looking the name up.
    } else if (!CONVERSIONS.includes(conversion)) {
      problems.push(
        stray(start, end, `unsupported format character '${conversion}' after '%'. Write %% for a literal % (for example date +%%Y or celery -n worker.%%h).`),
      );
    } else if (name === null) {
      unnamed.push(stray(start, end, `'%${conversion}' without a (name) formats the whole expansion table. Write %% for a literal %, or %(name)s.`));
    } else {
      expansions.push({ start, end, name, conversion });
      if (NUMERIC.includes(conversion) && !NUMERIC_NAMES.has(name)) {
        problems.push({ ...stray(start, end, `%(${name})${conversion} needs a number, but ${name} is text. Write %(${name})s.`), kind: 'numeric' });
      }
    }
    i = end;
  }
  // Python accepts exactly one unnamed %s/%r/%a when nothing else is formatted, and refuses any other mix.
  if (unnamed.length === 1 && expansions.length === 0 && 'sra'.includes(value[unnamed[0].end - 1])) {
    problems.push({ ...unnamed[0], accepted: true });
  } else {
    problems.push(...unnamed);
  }
  problems.sort((a, b) => a.start - b.start);
  return { expansions, problems };
}

function stray(start: number, end: number, message: string): FormatProblem {
  return { start, end, kind: 'stray', message, accepted: false };
}

/** The value after a first expansion pass, with names kept as written: `%%` becomes `%`. */
export function unescapePercent(value: string): string {
  return value.replace(/%%/g, '%');
}
