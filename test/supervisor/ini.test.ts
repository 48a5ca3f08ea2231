// The INI reader: one test per parsing rule, then a differential test against Python's configparser set
// up exactly as supervisor sets it up, on generated files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseIni, positionInValue, type IniDocument } from '../../server/src/service/supervisor/ini';
import { SYSTEM_PYTHON } from '../helpers/paths';

function sectionNames(doc: IniDocument): string[] {
  return doc.sections.map((s) => s.name);
}

function entry(doc: IniDocument, section: string, key: string) {
  const found = doc.sections
    .filter((s) => s.name === section)
    .flatMap((s) => s.entries)
    .filter((e) => e.key === key)
    .pop();
  assert.ok(found, `[${section}] ${key} not found`);
  return found;
}

test('section names are case-sensitive and kept as written', () => {
  const doc = parseIni('[Program:web]\n[program:web]\n');
  assert.deepEqual(sectionNames(doc), ['Program:web', 'program:web']);
  assert.deepEqual(doc.sections[0].nameRange, { start: { line: 0, character: 1 }, end: { line: 0, character: 12 } });
  assert.deepEqual(doc.sections[0].headerRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } });
});

test('a header ends at the last ] and ignores what follows it', () => {
  const doc = parseIni('  [a]b] trailing\n');
  assert.deepEqual(sectionNames(doc), ['a]b']);
  assert.equal(doc.sections[0].nameRange.start.character, 3);
});

test('keys are lowercased; = and : both separate, the first one wins', () => {
  const doc = parseIni('[s]\nAutoStart = FALSE\ncommand: /bin/x --a=b\nurl=http://h:1\n');
  const keys = doc.sections[0].entries.map((e) => [e.key, e.rawKey, e.separator, e.value]);
  assert.deepEqual(keys, [
    ['autostart', 'AutoStart', '=', 'FALSE'],
    ['command', 'command', ':', '/bin/x --a=b'],
    ['url', 'url', '=', 'http://h:1'],
  ]);
  const autostart = entry(doc, 's', 'autostart');
  assert.deepEqual(autostart.keyRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  assert.deepEqual(autostart.valueRange, { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } });
});

test('full-line comments start with ; or #, also when indented', () => {
  const doc = parseIni('; a\n# b\n[s]\n   ; c\nk=v\n');
  assert.deepEqual(
    doc.comments.map((c) => [c.line, c.inline]),
    [
      [0, false],
      [1, false],
      [3, false],
    ],
  );
  assert.deepEqual(
    doc.sections[0].entries.map((e) => e.value),
    ['v'],
  );
});

test('inline comments need whitespace before them; a;b and a#b stay in the value', () => {
  const doc = parseIni('[s]\na=5 ; note\nb=5;x\nc=a#b\nd=x\t# tab\ne="q ; cut"\n');
  assert.deepEqual(
    doc.sections[0].entries.map((e) => [e.key, e.value]),
    [
      ['a', '5'],
      ['b', '5;x'],
      ['c', 'a#b'],
      ['d', 'x'],
      ['e', '"q'],
    ],
  );
  assert.deepEqual(
    entry(doc, 's', 'a').cutComments.map((c) => c.text),
    ['; note'],
  );
});

test('configparser looks only at the n-th occurrence of each prefix per round', () => {
  // Round 1 sees ';' at 1 (no space before) and '#' at 2 (no space before); round 2 sees only '#' at 5.
  const doc = parseIni('[s]\nk=a;#b #c ;d\n');
  assert.equal(entry(doc, 's', 'k').value, 'a;#b');
});

test('indented lines continue the value, joined with newlines; comment lines inside are skipped', () => {
  const text = '[s]\ncommand=/bin/app\n    --one   ; first\n    ; a whole comment line\n\n    --two\nnext=1\n';
  const doc = parseIni(text);
  const command = entry(doc, 's', 'command');
  assert.equal(command.value, '/bin/app\n--one\n\n--two');
  assert.deepEqual(
    command.segments.map((s) => [s.line, s.start, s.text]),
    [
      [1, 8, '/bin/app'],
      [2, 4, '--one'],
      [4, 0, ''],
      [5, 4, '--two'],
    ],
  );
  assert.deepEqual(command.valueRange, { start: { line: 1, character: 8 }, end: { line: 5, character: 9 } });
  assert.deepEqual(positionInValue(command, command.value.indexOf('--two') + 2), { line: 5, character: 6 });
  assert.equal(entry(doc, 's', 'next').value, '1');
});

test('trailing blank lines are not part of a value, and a line must be deeper than its key to continue it', () => {
  const doc = parseIni('[s]\n  a=1\n  b=2\n\n\n   c\n');
  assert.equal(entry(doc, 's', 'a').value, '1');
  assert.equal(entry(doc, 's', 'b').value, '2\n\n\nc');
  const flat = parseIni('[s]\na=1\n\nb=2\n\n');
  assert.equal(entry(flat, 's', 'a').value, '1');
  assert.equal(entry(flat, 's', 'b').value, '2');
});

test('an indented header right after a key is part of that value', () => {
  const doc = parseIni('[s]\nk=v\n  [program:x]\n');
  assert.deepEqual(sectionNames(doc), ['s']);
  assert.equal(entry(doc, 's', 'k').value, 'v\n[program:x]');
});

test('the same section twice keeps both occurrences, each with its own entries and positions', () => {
  const doc = parseIni('[a]\nk=1\n[b]\n[a]\nk=2\n');
  assert.deepEqual(sectionNames(doc), ['a', 'b', 'a']);
  assert.equal(doc.sections[2].entries[0].value, '2');
  assert.equal(doc.sections[2].nameRange.start.line, 3);
});

test('a line without separator is a problem, and the previous key may still continue after it', () => {
  const doc = parseIni('[s]\nk=v\nautostart\n  more\n');
  assert.deepEqual(
    doc.problems.map((p) => [p.kind, p.range.start.line]),
    [['no-separator', 2]],
  );
  assert.equal(entry(doc, 's', 'k').value, 'v\nmore');
});

test('text before the first section is one problem; comments and blanks there are fine', () => {
  const doc = parseIni('; ok\n\nk=v\nother\n[s]\n');
  assert.deepEqual(
    doc.problems.map((p) => [p.kind, p.range.start.line]),
    [['no-section', 2]],
  );
  assert.deepEqual(sectionNames(doc), ['s']);
});

test('= with no key is a problem', () => {
  const doc = parseIni('[s]\n= v\n');
  assert.deepEqual(
    doc.problems.map((p) => p.kind),
    ['empty-key'],
  );
  assert.deepEqual(doc.sections[0].entries, []);
});

test('a byte order mark is reported, and the rest still parses with unchanged positions', () => {
  const doc = parseIni('\ufeff[program:x]\ncommand=y\n');
  assert.deepEqual(
    doc.problems.map((p) => p.kind),
    ['byte-order-mark'],
  );
  assert.deepEqual(sectionNames(doc), ['program:x']);
  assert.equal(doc.sections[0].nameRange.start.character, 2);
});

test('positions count UTF-16 code units and CRLF files keep their line breaks', () => {
  const doc = parseIni('[s]\r\nk=é😀 x\r\nm=1\r\n');
  const k = entry(doc, 's', 'k');
  assert.deepEqual(k.valueRange, { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } });
  assert.equal(doc.eol, '\r\n');
  assert.deepEqual(doc.lineLengths, [3, 7, 3, 0]);
});

test('Python whitespace: \\x1c counts as space around values, \\ufeff inside a line does not', () => {
  const doc = parseIni('[s]\nk=\x1cv\x1c\nm=\ufeffv\n');
  assert.equal(entry(doc, 's', 'k').value, 'v');
  assert.equal(entry(doc, 's', 'm').value, '\ufeffv');
});

// ---- differential test against configparser ----

const PY_CONFIGPARSER = `
import configparser, json, sys, tempfile, os
out = []
with tempfile.TemporaryDirectory() as d:
    for i, text in enumerate(json.load(sys.stdin)):
        path = os.path.join(d, str(i))
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(text)
        p = configparser.RawConfigParser(inline_comment_prefixes=(';', '#'), strict=False)
        error = None
        try:
            with open(path, encoding='utf-8') as f:
                p.read_file(f)
        except configparser.MissingSectionHeaderError as e:
            error = ['no-section', e.lineno]
        except configparser.ParsingError as e:
            error = ['parsing', [n for n, _ in e.errors]]
        sections = [[name, {k: v for k, v in p._sections[name].items() if k != ''}] for name in p._sections]
        out.append({'error': error, 'sections': sections, 'defaults': {k: v for k, v in p._defaults.items() if k != ''}})
print(json.dumps(out))
`;

interface PyResult {
  error: ['no-section', number] | ['parsing', number[]] | null;
  sections: [string, Record<string, string>][];
  defaults: Record<string, string>;
}

function ours(text: string): PyResult {
  const doc = parseIni(text);
  const first = doc.problems[0];
  if (first && (first.kind === 'no-section' || first.kind === 'byte-order-mark')) {
    return { error: ['no-section', first.range.start.line + 1], sections: [], defaults: {} };
  }
  const merged = new Map<string, Record<string, string>>();
  const defaults: Record<string, string> = {};
  for (const section of doc.sections) {
    const target = section.name === 'DEFAULT' ? defaults : (merged.get(section.name) ?? {});
    if (section.name !== 'DEFAULT') merged.set(section.name, target);
    for (const e of section.entries) target[e.key] = e.value;
  }
  const parsing = doc.problems.map((p) => p.range.start.line + 1);
  return { error: parsing.length ? ['parsing', parsing] : null, sections: [...merged], defaults };
}

const FRAGMENTS = ['[', ']', '=', ':', ';', '#', ' ', ' ', '\t', 'a', 'B', 'k', 'program', '%', '"', 'x y', '\x1c', 'é', '😀', 'DEFAULT'];
const line = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('[s]', '[a:b]', '[DEFAULT]', '[ s ]', '[]')).map(([i, h]) => i + h) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', ' ', '    '),
        fc.constantFrom('k', 'Key', 'a b', ''),
        fc.constantFrom('=', ':', ' = ', ' : '),
        fc.constantFrom('v', 'v ; c', 'v;c', 'x # y', '', ' a=b:c '),
      )
      .map((p) => p.join('')),
  },
);
const file = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

test('agrees with configparser (as supervisor configures it) on generated files', {
  skip: spawnSync(SYSTEM_PYTHON, ['-c', '0']).status !== 0 && 'no /usr/bin/python3',
}, () => {
  const seed = 20261124;
  const texts = fc.sample(file, { numRuns: 1500, seed });
  texts.push('[s]\nk=v\n', '\ufeff[s]\n', '[s]\n= v\nk=1\n  = cont\n', '[s]\rk=1\r  two\r');
  const run = spawnSync(SYSTEM_PYTHON, ['-c', PY_CONFIGPARSER], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  const expected = JSON.parse(run.stdout) as PyResult[];
  texts.forEach((text, i) => {
    assert.deepEqual(ours(text), expected[i], `seed ${seed}, case ${i}: ${JSON.stringify(text)}`);
  });
});
