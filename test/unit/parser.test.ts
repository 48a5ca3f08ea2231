import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../../server/src/service/python/parser';
import { lowerTree } from '../../server/src/service/python/syntax';

test('positions are UTF-16 code units, as LSP expects', () => {
  const source = 'X = "é€😀"\nDEBUG = True\n';
  const tree = parsePython(source);
  const module = lowerTree(tree, source);
  assert.equal(module.statements.length, 2);
  assert.equal(module.statements[1].base, source.indexOf('DEBUG'));
  assert.equal(module.statements[1].text, 'DEBUG = True');
});

test('f-strings are told from other strings alike in files with and without syntax errors', () => {
  const strings = ['"a"', "'a'", '"""a"""', 'f"{x}"', 'F"{x}"', "rf'{x}'", 'fR"{x}"', 'Rb"a"', 'b"a"', 'u"a"', "f'''{x}'''", '"f"', "r'f'"];
  const source = strings.map((text, i) => `S${i} = ${text}\n`).join('');
  // A syntax error at the end makes the lowering read prefixes through the tree instead of the text.
  const broken = `${source}def (:\n`;
  const lowered = (text: string) =>
    lowerTree(parsePython(text), text)
      .statements.filter((statement) => statement.text.startsWith('S'))
      .map((statement) => JSON.stringify(statement.node));
  const clean = lowered(source);
  assert.deepEqual(lowered(broken), clean);
  // Only the f-strings keep their inner structure (the interpolations).
  assert.deepEqual(
    clean.map((node) => node.includes('"interpolation"')),
    strings.map((text) => /^[a-z]*f/i.test(text)),
  );
});
