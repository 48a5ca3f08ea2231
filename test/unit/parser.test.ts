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
