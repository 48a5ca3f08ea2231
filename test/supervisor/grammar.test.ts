// The TextMate grammar and language configuration. vscode-textmate and vscode-oniguruma are not installed,
// so this checks the JSON shape, compiles every regex as a JavaScript RegExp (the grammar avoids
// Oniguruma-only syntax on purpose; any that appears is listed and skipped), and runs the rules through a
// small tokenizer that follows TextMate's rules for match, begin/end, include, captures and contentName
// (earliest match wins, the end pattern wins a tie). It is a stand-in for the real engine, not a copy of it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

interface Capture {
  name?: string;
}
interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  contentName?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
  patterns?: Rule[];
  comment?: string;
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const grammarPath = path.join(REPO_ROOT, 'syntaxes', 'supervisor.tmLanguage.json');
const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as Grammar;

const ONIGURUMA_ONLY = [/\\[GAzZhH]/, /\(\?[imx-]+[:)]/, /\(\?>/, /[*+?}]\+/, /\\p\{/];

function* rules(list: Rule[]): Generator<Rule> {
  for (const rule of list) {
    yield rule;
    if (rule.patterns) yield* rules(rule.patterns);
  }
}

function allRules(): Rule[] {
  return [...rules(grammar.patterns), ...Object.values(grammar.repository).flatMap((r) => [...rules([r])])];
}

test('grammar: valid JSON with the expected top-level shape', () => {
  assert.equal(grammar.scopeName, 'source.supervisor');
  assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0);
  assert.equal(typeof grammar.repository, 'object');
  for (const rule of allRules()) {
    if (rule.include) {
      assert.ok(rule.include.startsWith('#') && rule.include.slice(1) in grammar.repository, `unknown include ${rule.include}`);
      continue;
    }
    const kinds = [rule.match !== undefined, rule.begin !== undefined, rule.patterns !== undefined && rule.begin === undefined];
    assert.equal(kinds.filter(Boolean).length, 1, `a rule must be exactly one of match, begin/end, patterns: ${JSON.stringify(rule).slice(0, 120)}`);
    if (rule.begin !== undefined) assert.equal(typeof rule.end, 'string', 'begin without end');
    for (const caps of [rule.captures, rule.beginCaptures, rule.endCaptures]) {
      for (const key of Object.keys(caps ?? {})) assert.match(key, /^\d+$/);
    }
    for (const name of [rule.name, rule.contentName, ...Object.values({ ...rule.captures, ...rule.beginCaptures, ...rule.endCaptures }).map((c) => c.name)]) {
      if (name !== undefined) assert.match(name, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.supervisor( [a-z0-9.-]+)*$/, `scope ${name}`);
    }
  }
});

test('grammar: every regex compiles as a JavaScript RegExp, and captures exist', () => {
  const skipped: string[] = [];
  for (const rule of allRules()) {
    for (const [field, source] of [
      ['match', rule.match],
      ['begin', rule.begin],
      ['end', rule.end],
    ] as const) {
      if (source === undefined) continue;
      if (ONIGURUMA_ONLY.some((re) => re.test(source))) {
        skipped.push(source);
        continue;
      }
      const regex = new RegExp(source);
      const groups = new RegExp(`${source}|`).exec('')!.length - 1;
      const caps = field === 'match' ? rule.captures : field === 'begin' ? rule.beginCaptures : rule.endCaptures;
      for (const key of Object.keys(caps ?? {})) assert.ok(Number(key) <= groups, `capture ${key} of /${regex.source}/ does not exist`);
    }
  }
  // Fallback note: these would need vscode-oniguruma to check; the grammar currently has none.
  assert.deepEqual(skipped, []);
});

// ---- a small TextMate tokenizer, enough for this grammar ----

interface Token {
  text: string;
  scopes: string[];
}
interface Frame {
  rule: Rule;
  scopes: string[];
}

function resolve(rule: Rule): Rule[] {
  if (rule.include) return resolve(grammar.repository[rule.include.slice(1)]);
  if (rule.match !== undefined || rule.begin !== undefined) return [rule];
  return (rule.patterns ?? []).flatMap(resolve);
}

function exec(source: string, line: string, from: number): RegExpExecArray | null {
  const regex = new RegExp(source, 'dg');
  regex.lastIndex = from;
  return regex.exec(line);
}

function tokenize(text: string): Token[][] {
  const stack: Frame[] = [{ rule: { patterns: grammar.patterns }, scopes: ['source.supervisor'] }];
  return text.split('\n').map((line) => {
    const scopes: string[][] = Array.from({ length: line.length }, () => []);
    const paint = (start: number, end: number, names: string[]) => {
      for (let i = start; i < end; i++) scopes[i] = names;
    };
    const paintCaptures = (m: RegExpExecArray, base: string[], caps: Record<string, Capture> | undefined) => {
      for (const [key, cap] of Object.entries(caps ?? {})) {
        const span = m.indices?.[Number(key)];
        if (span && cap.name) paint(span[0], span[1], [...base, cap.name]);
      }
    };
    let pos = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const frame = stack[stack.length - 1];
      const content = frame.rule.contentName ? [...frame.scopes, frame.rule.contentName] : frame.scopes;
      let best: { m: RegExpExecArray; rule: Rule | null } | null = null;
      if (frame.rule.end !== undefined) {
        const m = exec(frame.rule.end, line, pos);
        if (m) best = { m, rule: null };
      }
      for (const rule of (frame.rule.patterns ?? []).flatMap(resolve)) {
        const m = exec((rule.match ?? rule.begin)!, line, pos);
        if (m && (!best || m.index < best.m.index)) best = { m, rule };
      }
      // A zero-width match rule would never advance; treat it as no match.
      if (!best || (best.m[0] === '' && best.rule?.match !== undefined)) {
        paint(pos, line.length, content);
        break;
      }
      const { m, rule } = best;
      paint(pos, m.index, content);
      const end = m.index + m[0].length;
      if (rule === null) {
        paint(m.index, end, frame.scopes);
        paintCaptures(m, frame.scopes, frame.rule.endCaptures);
        stack.pop();
      } else if (rule.match !== undefined) {
        const base = rule.name ? [...content, rule.name] : content;
        paint(m.index, end, base);
        paintCaptures(m, base, rule.captures);
      } else {
        const base = rule.name ? [...content, rule.name] : content;
        paint(m.index, end, base);
        paintCaptures(m, base, rule.beginCaptures);
        stack.push({ rule, scopes: base });
      }
      // After a zero-width end the parent's rules continue at the same place.
      pos = end;
      if (pos >= line.length) break;
    }
    const tokens: Token[] = [];
    scopes.forEach((s, i) => {
      const last = tokens[tokens.length - 1];
      if (last && last.scopes === s) last.text += line[i];
      else tokens.push({ text: line[i], scopes: s });
    });
    return tokens;
  });
}

/** The scopes of each character of `needle`, at its first occurrence on the 0-based line. */
function spanScopes(lines: Token[][], line: number, needle: string): string[][] {
  const text = lines[line].map((t) => t.text).join('');
  const at = text.indexOf(needle);
  assert.ok(at !== -1, `'${needle}' not on line ${line}: ${text}`);
  return lines[line].flatMap((t) => [...t.text].map(() => t.scopes)).slice(at, at + needle.length);
}

const hasScope = (scopes: string[], scope: string) => scopes.some((s) => s.startsWith(scope));
/** Every character of `needle` carries a scope starting with `scope`. */
const spanHas = (lines: Token[][], line: number, needle: string, scope: string) => spanScopes(lines, line, needle).every((s) => hasScope(s, scope));
/** No character of `needle` carries such a scope. */
const spanNone = (lines: Token[][], line: number, needle: string, scope: string) => spanScopes(lines, line, needle).every((s) => !hasScope(s, scope));

test('tokens: sections with prefix and name scoped apart; wrong-case prefixes are not programs', () => {
  const lines = tokenize('[program:web]\n[supervisord]\n[Program:x] ; note');
  assert.ok(spanHas(lines, 0, 'program', 'storage.type.section'));
  assert.ok(spanHas(lines, 0, 'web', 'entity.name.section.supervisor'));
  assert.ok(spanHas(lines, 1, 'supervisord', 'storage.type.section'));
  assert.ok(spanHas(lines, 2, 'Program:x', 'entity.name.section.unknown'));
  assert.ok(spanHas(lines, 2, '; note', 'comment.line'));
});

test('tokens: comments, and inline comments only after whitespace', () => {
  const lines = tokenize('; full\n   # indented\n[program:a]\ncommand=/bin/echo a;b c#d ; cut here');
  assert.ok(spanHas(lines, 0, '; full', 'comment.line.semicolon'));
  assert.ok(spanHas(lines, 1, '# indented', 'comment.line.number-sign'));
  assert.ok(spanNone(lines, 3, 'a;b', 'comment'));
  assert.ok(spanNone(lines, 3, 'c#d', 'comment'));
  assert.ok(spanHas(lines, 3, '; cut here', 'comment.line.inline'));
  assert.ok(spanHas(lines, 3, 'command', 'variable.other.key'));
});

test('tokens: %(name)s expansions, ENV_ expansions, %% escapes and stray %', () => {
  const lines = tokenize('[program:a]\ncommand=/bin/x %(program_name)s %(ENV_HOME)s 50%% +%Y');
  assert.ok(spanHas(lines, 1, 'program_name', 'variable.other.expansion'));
  assert.ok(spanHas(lines, 1, 'ENV_HOME', 'variable.other.environment'));
  assert.ok(spanHas(lines, 1, '%%', 'constant.character.escape'));
  const stray = lines[1].find((t) => t.text === '%' && t.scopes.some((s) => s.startsWith('invalid.illegal.percent')));
  assert.ok(stray, JSON.stringify(lines[1]));
});

test('tokens: continuation lines stay in the value until the next unindented line', () => {
  const lines = tokenize('[program:a]\ncommand=/bin/gunicorn app:wsgi\n    --workers 5 ; (2 x cores) + 1\n\n    --bind x\nautostart=true');
  assert.ok(spanHas(lines, 2, '--workers 5', 'string.unquoted.value'));
  assert.ok(spanHas(lines, 2, '; (2 x cores)', 'comment.line.inline'));
  assert.ok(spanHas(lines, 4, '--bind', 'string.unquoted.value'));
  assert.ok(spanHas(lines, 5, 'autostart', 'variable.other.key'));
  assert.ok(spanHas(lines, 5, 'true', 'constant.language.boolean'));
});

test('tokens: constants for booleans, numbers and byte sizes, signals and log keywords', () => {
  const lines = tokenize('[program:a]\nAutoStart = FALSE\nstdout_logfile_maxbytes=50MB ; rotate\nstopsignal=TERM\nstderr_logfile=NONE\nnumprocs=4');
  assert.ok(spanHas(lines, 1, 'FALSE', 'constant.language.boolean'));
  assert.ok(spanHas(lines, 2, '50MB', 'constant.numeric'));
  assert.ok(spanHas(lines, 2, '; rotate', 'comment'));
  assert.ok(spanHas(lines, 3, 'TERM', 'constant.language.signal'));
  assert.ok(spanHas(lines, 4, 'NONE', 'constant.language.logfile'));
  assert.ok(spanHas(lines, 5, '4', 'constant.numeric'));
});

test('tokens: environment names, quoted values, and a quote cut by a comment', () => {
  const lines = tokenize('[program:a]\nenvironment=DJANGO_SETTINGS_MODULE="config.settings",\n    SECRET="abc ;def"');
  assert.ok(spanHas(lines, 1, 'DJANGO_SETTINGS_MODULE', 'variable.other.environment.name'));
  assert.ok(spanHas(lines, 1, 'config.settings', 'string.quoted.double'));
  assert.ok(spanHas(lines, 2, 'SECRET', 'variable.other.environment.name'));
  assert.ok(spanHas(lines, 2, 'abc', 'string.quoted.double'));
  assert.ok(spanHas(lines, 2, ';def"', 'comment.line.inline'));
});

test('tokens: an unindented line without = or : is marked invalid', () => {
  const lines = tokenize('[program:a]\nautostart\ncommand=x');
  assert.ok(spanHas(lines, 1, 'autostart', 'invalid.illegal.no-separator'));
});

test('language configuration: ; comments, brackets and auto-closing pairs', () => {
  const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'syntaxes', 'supervisor.language-configuration.json'), 'utf8'));
  assert.deepEqual(config.comments, { lineComment: ';' });
  assert.deepEqual(config.brackets, [
    ['[', ']'],
    ['(', ')'],
  ]);
  assert.deepEqual(
    config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close),
    ['[]', '()', '""'],
  );
  for (const source of [config.wordPattern, config.folding.markers.start, config.folding.markers.end]) assert.doesNotThrow(() => new RegExp(source));
  assert.ok(new RegExp(config.wordPattern).exec('stdout_logfile=/var/log/x.log')?.[0] === 'stdout_logfile');
});
