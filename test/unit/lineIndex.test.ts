// A lone CR ends a line for Python (and for LSP positions); the engine reads such a module as Python does, at the
// same offsets, and an editor turning CRs into CRLFs (or back) one keystroke at a time sees what a fresh parse sees.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/service/python/lineIndex';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { analyzeOne, codes, findingsOf, settingsProject } from '../helpers/project';
import { runWithSettings } from '../helpers/python';

const CR_MODULE = 'import os\rX = 1\rif X:\r    DEBUG = True\rSECRET_KEY = "django-insecure-abc"\r';

describe('lone CR line endings', () => {
  test('the module reads as Python reads it: no syntax error, DEBUG is True, findings on the right lines', () => {
    const root = settingsProject(CR_MODULE);
    const python = runWithSettings(root, 'mysite.settings', 'from django.conf import settings\nprint(settings.DEBUG)');
    assert.equal(python.stdout.trim(), 'True', python.stderr);
    const analysis = analyzeOne(root);
    assert.ok(!codes(analysis).includes('DR001'), `no syntax error (got ${codes(analysis).join(' ')})`);
    assert.equal(analysis.settings!.value('DEBUG').kind, 'bool');
    assert.deepEqual(
      findingsOf(analysis, 'DR918').map((finding) => finding.location.range.start),
      [{ line: 3, character: 4 }],
    );
  });

  test('edits that make a CR lone or not, one keystroke at a time, parse as a fresh parse does', () => {
    const cache = new ParseCache();
    const file = '/virtual/settings.py';
    let text = 'A = 1\r\nB = 2\r\nC = 3\r\n';
    cache.get(file, text, 'v0');
    const edits = [
      { start: 6, end: 7, text: '' }, // B's CRLF loses its LF: a lone CR
      { start: 6, end: 6, text: '\n' }, // and gets it back
      { start: 13, end: 13, text: 'D = 4\r' }, // a new line ending in a lone CR
      { start: 0, end: 0, text: 'if A:\r    ' }, // a block written with lone CRs
    ];
    for (const [step, edit] of edits.entries()) {
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      const incremental = cache.applyChanges(file, [edit], text, `v${step + 1}`);
      const fresh = new ParseCache().get(file, text, 'fresh');
      assert.equal(JSON.stringify(incremental.module), JSON.stringify(fresh.module), `step ${step + 1}`);
      assert.deepEqual(fresh.module.errors, [], `step ${step + 1} has no syntax error`);
    }
  });
});

test('positions asked in any order are the ones a fresh index gives (the last line found is only a hint)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', 'é', '😀'), { maxLength: 30 }),
      fc.array(fc.nat(80), { maxLength: 20 }),
      (pieces, offsets) => {
        const text = pieces.join('');
        const index = new LineIndex(text);
        for (const offset of offsets) assert.deepEqual(index.position(offset), new LineIndex(text).position(offset));
      },
    ),
    { numRuns: 2000 },
  );
});
