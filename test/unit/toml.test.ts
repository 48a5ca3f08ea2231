// parseToml keeps its last parse (configuration and dependencies both read pyproject.toml): the same text gives the
// same answer, an invalid one throws every time, and another text is parsed afresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseToml } from '../../server/src/service/project/toml';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test('the last parse is reused for the same text only, errors included', () => {
  const first = parseToml('[project]\nname = "a"\n');
  assert.deepEqual(plain(first), { project: { name: 'a' } });
  assert.equal(parseToml('[project]\nname = "a"\n'), first);
  assert.deepEqual(plain(parseToml('[project]\nname = "b"\n')), { project: { name: 'b' } });
  for (let i = 0; i < 2; i++) assert.throws(() => parseToml('[project\nname = '), /.+/);
  assert.deepEqual(plain(parseToml('[project]\nname = "a"\n')), { project: { name: 'a' } });
});
