// Re-parsing only the statements around an edit (server/src/service/python/statementWindow.ts) must give the
// module a whole-file parse gives: the same statements at the same offsets with the same lowered nodes, and
// the same syntax errors. Checked over seeded edit sequences on every fixture settings module and a generated
// 1,000-line one: mostly edits a person makes in valid code, plus the breaking ones the fuzzers use.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { LoweredModule } from '../../server/src/service/python/syntax';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { FIXTURE_PROJECTS } from '../fuzz/corpus';
import { applyChange, EditGenerator, minimalChange, type TextChange } from '../fuzz/edits';
import { fuzzIterations, fuzzSeed, Random } from '../fuzz/random';
import { REPO_ROOT } from '../helpers/paths';

const VALID_LINES = [
  'DEBUG = False',
  'ALLOWED_HOSTS = ["example.com"]',
  'X = {"a": [1, 2, (3, 4)], "b": f"{DEBUG}"}',
  'if DEBUG:\n    Y = 1\nelse:\n    Y = 2',
  'for n in range(3):\n    Z = n',
  'try:\n    from .local import *\nexcept ImportError:\n    pass',
  'def helper(x):\n    return x',
  '@decorator\ndef decorated():\n    pass',
  '# a comment',
  'S = """multi\nline"""',
  'A = 1; B = 2',
  'C = (1 +\n     2)',
  'D = 1 + \\\n    2',
  '',
];

/** An edit that keeps the module valid Python most of the time, as most keystrokes between two saves do. */
function validEdit(random: Random, text: string): TextChange {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const at = random.pick(lineStarts);
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  switch (random.int(6)) {
    case 0:
      return { kind: 'insert-line', start: at, end: at, text: `${random.pick(VALID_LINES)}\n` };
    case 1: {
      // Retype a number or a string's content where there is one.
      const match = /\d+|"[^"\n]*"/.exec(text.slice(at, lineEnd));
      if (!match) return { kind: 'append-comment', start: lineEnd, end: lineEnd, text: '  # note' };
      return {
        kind: 'retype',
        start: at + match.index,
        end: at + match.index + match[0].length,
        text: random.chance(0.5) ? String(random.int(1000)) : `"v${random.int(99)}"`,
      };
    }
    case 2:
      return { kind: 'append-comment', start: lineEnd, end: lineEnd, text: '  # note' };
    case 3:
      return { kind: 'delete-line', start: at, end: Math.min(text.length, lineEnd + 1), text: '' };
    case 4:
      return { kind: 'type-at-end', start: lineEnd, end: lineEnd, text: random.pick(['0', ' ', ', 1', ')', '  ']) };
    default:
      return { kind: 'blank-line', start: at, end: at, text: '\n' };
  }
}

function settingsFiles(): string[] {
  const files: string[] = [];
  for (const folder of FIXTURE_PROJECTS) {
    for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.py') && /settings/.test(path.join(entry.parentPath, entry.name)))
        files.push(path.join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

/** The module as plain data: offsets, texts and node trees; identity of shared nodes does not matter here. */
const plain = (module: LoweredModule): string => JSON.stringify(module);

/** The first statement (or the syntax errors) where two modules differ, small enough to read in a failure. */
function difference(actual: LoweredModule, expected: LoweredModule): { index: number; actual: unknown; expected: unknown } | undefined {
  const count = Math.max(actual.statements.length, expected.statements.length);
  for (let index = 0; index < count; index++) {
    const [a, b] = [actual.statements[index], expected.statements[index]];
    if (JSON.stringify(a) !== JSON.stringify(b)) return { index, actual: a && { base: a.base, text: a.text }, expected: b && { base: b.base, text: b.text } };
  }
  return plain(actual) === plain(expected) ? undefined : { index: -1, actual: actual.errors, expected: expected.errors };
}

async function generatedModule(): Promise<string> {
  const { settingsModule } = (await import(path.join(REPO_ROOT, 'bench', 'generate.mjs'))) as { settingsModule(lines: number): string };
  return settingsModule(1000);
}

describe('re-parsing the statements around an edit', () => {
  test('gives the module and syntax errors a whole-file parse gives, over random edits', async () => {
    const random = new Random(fuzzSeed()).fork('incremental-parse');
    const sources = settingsFiles().map((file) => ({ name: path.relative(REPO_ROOT, file), text: fs.readFileSync(file, 'utf8') }));
    sources.push({ name: 'bench/generate.mjs settingsModule(1000)', text: await generatedModule() });
    assert.ok(sources.length > 10, `found the fixture settings modules (${sources.length})`);
    const steps = fuzzIterations(40);
    const cache = new ParseCache();
    for (const source of sources) {
      const edits = new EditGenerator(random, source.text);
      const file = `/virtual/${source.name}`;
      let text = source.text;
      let lastClean = text;
      let broken = cache.get(file, text, 'v0').module.errors.length > 0;
      for (let step = 1; step <= steps; step++) {
        const burst: TextChange[] = [];
        if (broken && random.chance(0.5)) {
          // The person undoes back to the last text without a syntax error.
          burst.push({ ...minimalChange(text, lastClean), kind: 'undo' });
          text = lastClean;
        } else {
          for (let n = random.chance(0.1) ? 2 : 1; n > 0; n--) {
            const change = random.chance(0.9) ? validEdit(random, text) : edits.next(text);
            burst.push(change);
            text = applyChange(text, change);
          }
        }
        const incremental = cache.applyChanges(file, burst, text, `v${step}`);
        const whole = new ParseCache().get(file, text, 'whole');
        const where = `${source.name}, step ${step} (${burst.map((change) => change.kind).join(', ')}), seed ${random.seed}`;
        broken = whole.module.errors.length > 0 || whole.failure !== undefined;
        // Broken code too: tree-sitter's error recovery depends on the old tree, so the cache parses a module with
        // a syntax error again on its own, and the editor sees what a fresh analysis sees.
        if (whole.failure) assert.ok(incremental.failure, `${where}: the parse gave up on both`);
        else assert.deepEqual(difference(incremental.module, whole.module), undefined, where);
        if (!broken) lastClean = text;
      }
    }
    // Most edits here keep the code valid, so many re-parses should have been windows; else this proved little.
    const { window, whole } = cache.parses;
    assert.ok(window > (window + whole) / 4, `windows ${window}, whole files ${whole}`);
  });

  test('falls back to the whole file when an edit opens a string or a bracket that runs past the window', () => {
    const cache = new ParseCache();
    const lines = Array.from({ length: 50 }, (_, i) => `NAME_${i} = "value-${i}"`);
    let text = `${lines.join('\n')}\n`;
    cache.get('/f.py', text, 'v0');
    const at = text.indexOf('NAME_10');
    for (const [step, opening] of ['X = """', 'Y = [', 'Z = (1,'].entries()) {
      const change = { start: at, end: at, text: `${opening}\n` };
      text = applyChange(text, change);
      const before = cache.parses.whole;
      const parsed = cache.applyChanges('/f.py', [change], text, `v${step + 1}`);
      assert.equal(cache.parses.whole, before + 1, `${opening} parsed the whole file`);
      assert.equal(plain(parsed.module), plain(new ParseCache().get('/f.py', text, 'whole').module));
      assert.ok(parsed.module.errors.length > 0, `${opening} leaves a syntax error`);
    }
  });
});
