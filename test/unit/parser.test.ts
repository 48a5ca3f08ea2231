import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../../server/src/service/python/parser';
import { readFileSync } from 'node:fs';
import { FIELDLESS_NODE_TYPES, LEAF_NODE_TYPES, lowerTree } from '../../server/src/service/python/syntax';

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

test('the node types lowering treats as leaves or as fieldless are so in the grammar it loads', () => {
  // node-types.json of the tree-sitter-python that package.json pins: lowering skips the addon for these.
  const types = JSON.parse(readFileSync(require.resolve('tree-sitter-python/src/node-types.json'), 'utf8')) as {
    type: string;
    named: boolean;
    fields?: Record<string, unknown>;
    children?: unknown;
    subtypes?: unknown;
  }[];
  const byName = new Map(types.filter((type) => type.named).map((type) => [type.type, type]));
  for (const name of LEAF_NODE_TYPES) {
    const type = byName.get(name);
    assert.ok(type && !type.children && !type.subtypes && Object.keys(type.fields ?? {}).length === 0, `${name} has no children`);
  }
  for (const name of FIELDLESS_NODE_TYPES) {
    const type = byName.get(name);
    assert.ok(type && !type.subtypes && Object.keys(type.fields ?? {}).length === 0, `${name} has no fields`);
  }
});
