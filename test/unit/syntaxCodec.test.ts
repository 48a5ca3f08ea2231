// The syntax store (python/syntaxCodec.ts, python/syntaxStore.ts, host/syntaxStore.ts) keeps lowered modules between
// runs. What it gives back must be what parsing the same text gives, and nothing for any other text or for damaged
// bytes: a wrong tree would be a wrong analysis nobody could see.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { parsePython } from '../../server/src/service/python/parser';
import { lowerTree, type LoweredModule } from '../../server/src/service/python/syntax';
import { decodeLoweredModule, encodeLoweredModule } from '../../server/src/service/python/syntaxCodec';
import type { SyntaxStore } from '../../server/src/service/python/syntaxStore';
import { FIXTURE_PROJECTS } from '../fuzz/corpus';

const SOURCES: Record<string, string> = {
  settings: 'import os\nDEBUG = os.environ.get("DEBUG") == "1"\nALLOWED_HOSTS = [h for h in os.getenv("HOSTS", "").split(",") if h]\n',
  'f-strings and bytes': 'NAME = "x"\nURL = f"https://{NAME}.example.com/{1 + 2!r:>4}"\nRAW = rb"\\d+"\n',
  'a syntax error': 'DEBUG = (\nSECRET_KEY = "x"\ndef broken(:\n    pass\n',
  'CRLF line ends': 'A = 1\r\nif A:\r\n    B = [1,\r\n         2]\r\n',
  'text outside ASCII': '# café\nTITLE = "Ünïcødé ✓ 🐍"\nnaïve = TITLE\n',
  'nesting deeper than lowering goes': `X = ${'['.repeat(450)}${']'.repeat(450)}\n`,
  'classes and functions': 'class Base:\n    """Doc."""\n    X: int = 1\n\n@decorator(1)\ndef f(a, /, b=2, *c, d, **e):\n    return lambda x: x\n',
  'an empty file': '',
};

function lowered(source: string): LoweredModule {
  return lowerTree(parsePython(source), source);
}

/** Plain data, so two modules compare by what they hold (shared token nodes and all). */
function plain(module: LoweredModule): unknown {
  return JSON.parse(JSON.stringify(module));
}

describe('the lowered-syntax codec', () => {
  test('gives back what lowering gives, for every kind of source and every fixture Python file', () => {
    const fixtures = FIXTURE_PROJECTS.flatMap((project) =>
      fs
        .readdirSync(project, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.py'))
        .map((name) => path.join(project, name)),
    );
    assert.ok(fixtures.length > 20, `fixture Python files: ${fixtures.length}`);
    const sources = [...Object.entries(SOURCES), ...fixtures.map((file) => [file, fs.readFileSync(file, 'utf8')] as const)];
    for (const [name, source] of sources) {
      const module = lowered(source);
      const bytes = encodeLoweredModule(source, module);
      assert.ok(bytes, name);
      const decoded = decodeLoweredModule(bytes, source);
      assert.ok(decoded, name);
      assert.deepEqual(plain(decoded), plain(module), name);
    }
    assert.ok(lowered(SOURCES['a syntax error']).errors.length > 0, 'the syntax errors are carried too');
  });

  test('node type names come back as the strings lowering uses, and tokens shared per type and field', () => {
    const source = 'A = 1 + 2 + 3\n';
    const decoded = decodeLoweredModule(encodeLoweredModule(source, lowered(source))!, source)!;
    const sum = decoded.statements[0].node.children[0].children.find((c) => c.field === 'right')!;
    assert.equal(sum.type, 'binary_operator');
    const operators = [sum.children.find((c) => c.field === 'operator'), sum.children[0].children.find((c) => c.field === 'operator')];
    assert.equal(operators[0]?.type, '+');
    assert.equal(operators[0], operators[1], 'one shared node for the two `+` tokens');
  });

  test('is used only for exactly the text it was made from', () => {
    const source = SOURCES.settings;
    const bytes = encodeLoweredModule(source, lowered(source))!;
    for (const other of [source.replace('DEBUG', 'DEBUX'), `${source} `, source.slice(0, -1), source.replace('"1"', '"2"')]) {
      assert.equal(decodeLoweredModule(bytes, other), undefined, JSON.stringify(other));
    }
  });

  test('damaged bytes give nothing: every byte changed, and every length cut short', () => {
    const source = 'DEBUG = False\nX = [1, "a"]\n';
    const bytes = encodeLoweredModule(source, lowered(source))!;
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] ^= 0x5a;
      assert.equal(decodeLoweredModule(damaged, source), undefined, `byte ${i} of ${bytes.length}`);
    }
    for (let length = 0; length < bytes.length; length++) assert.equal(decodeLoweredModule(bytes.subarray(0, length), source), undefined, `length ${length}`);
    assert.equal(decodeLoweredModule(new TextEncoder().encode('not a syntax entry at all, but long enough'), source), undefined);
  });

  test('reads bytes at any offset of their buffer (a small file read into a shared pool)', () => {
    const source = SOURCES.settings;
    const bytes = encodeLoweredModule(source, lowered(source))!;
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    assert.deepEqual(plain(decodeLoweredModule(shifted.subarray(3), source)!), plain(lowered(source)));
  });
});

class MemoryStore implements SyntaxStore {
  readonly entries = new Map<string, Uint8Array>();
  read(file: string): Uint8Array | undefined {
    return this.entries.get(file);
  }
  write(file: string, bytes: Uint8Array): void {
    this.entries.set(file, bytes);
  }
}

describe('the parse cache with a syntax store', () => {
  const file = '/project/mysite/settings.py';
  const source = SOURCES.settings;

  test('a second run reads the module from the store instead of parsing, and gets the same module', () => {
    const store = new MemoryStore();
    const first = new ParseCache(store);
    const parsed = first.get(file, source, 'v1');
    assert.deepEqual(first.parses, { whole: 1, window: 0, stored: 0 });
    assert.equal(store.entries.size, 1);
    const second = new ParseCache(store);
    const again = second.get(file, source, 'v1');
    assert.deepEqual(second.parses, { whole: 0, window: 0, stored: 1 });
    assert.deepEqual(plain(again.module), plain(parsed.module));
  });

  test('a file whose text changed is parsed afresh, and its entry replaced', () => {
    const store = new MemoryStore();
    new ParseCache(store).get(file, source, 'v1');
    const changed = source.replace('== "1"', '== "yes"');
    const cache = new ParseCache(store);
    const parsed = cache.get(file, changed, 'v2');
    assert.deepEqual(cache.parses, { whole: 1, window: 0, stored: 0 });
    assert.match(JSON.stringify(parsed.module.statements.map((s) => s.text)), /yes/);
    const third = new ParseCache(store);
    third.get(file, changed, 'v2');
    assert.deepEqual(third.parses, { whole: 0, window: 0, stored: 1 });
  });

  test('a store that fails or holds garbage costs only the parse', () => {
    const failing: SyntaxStore = {
      read: () => {
        throw new Error('disk on fire');
      },
      write: () => {
        throw new Error('disk on fire');
      },
    };
    const garbage: SyntaxStore = { read: () => new Uint8Array(64).fill(7), write: () => undefined };
    const reference = plain(new ParseCache().get(file, source, 'v1').module);
    for (const store of [failing, garbage]) {
      const cache = new ParseCache(store);
      assert.deepEqual(plain(cache.get(file, source, 'v1').module), reference);
      assert.deepEqual(cache.parses, { whole: 1, window: 0, stored: 0 });
    }
  });

  test('editor edits after a stored read still re-parse correctly', () => {
    const store = new MemoryStore();
    new ParseCache(store).get(file, source, 'v1');
    const cache = new ParseCache(store);
    cache.get(file, source, 'v1');
    const at = source.indexOf('"1"');
    const edited = `${source.slice(0, at)}"on"${source.slice(at + 3)}`;
    const parsed = cache.applyChanges(file, [{ start: at, end: at + 3, text: '"on"' }], edited, 'v2');
    assert.deepEqual(plain(parsed.module), plain(new ParseCache().get(file, edited, 'v2').module));
  });
});
