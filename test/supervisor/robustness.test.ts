// Bad input never throws: generated garbage, every fixture cut short at every line, replacement characters
// from undecodable bytes, and huge values all come back as findings with ranges inside the file and fixes
// whose edits apply.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyTextEdits } from '../../server/src/service/fixes/textEdits';
import { LineIndex } from '../../server/src/service/python/lineIndex';
import type { Finding } from '../../server/src/service/types';
import { isSupervisorFile } from '../../server/src/service/supervisor/detect';
import { validateSupervisorFiles } from '../../server/src/service/supervisor/validate';
import { loadFixtures, PROJECT_CONTEXT } from './fixtures';

function checkFindings(files: { path: string; text: string }[], findings: Finding[]): void {
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  for (const finding of findings) {
    const text = byPath.get(finding.location.file);
    assert.ok(text !== undefined, `finding for an unknown file ${finding.location.file}`);
    const lines = new LineIndex(text);
    const { start, end } = finding.location.range;
    assert.ok(start.line < lines.lineCount && end.line < lines.lineCount, `${finding.code} range outside the file`);
    assert.ok(lines.offset(start) <= lines.offset(end), `${finding.code} range ends before it starts`);
    assert.ok(finding.message.length > 0);
    for (const change of finding.fix?.changes ?? []) {
      assert.equal(change.kind, 'edit');
      if (change.kind === 'edit') applyTextEdits(byPath.get(change.file)!, change.edits);
    }
  }
}

function validateAndCheck(files: { path: string; text: string }[]): void {
  for (const context of [undefined, PROJECT_CONTEXT]) checkFindings(files, validateSupervisorFiles(files, context));
}

const PIECES = [
  '[program:web]',
  '[Program:x]',
  '[group:g]',
  '[eventlistener:e]',
  '[fcgi-program:f]',
  '[supervisord]',
  '[include]',
  '[inet_http_server]',
  '[DEFAULT]',
  'command=',
  'gunicorn app:wsgi -D',
  'celery -A x beat -B',
  'numprocs=',
  'process_name=',
  'environment=',
  'A="x',
  'B=y z',
  ',',
  '=',
  ':',
  ' ; ',
  ';',
  ' #',
  '#',
  '%',
  '%%',
  '%(',
  '%(program_name)s',
  '%(ENV_X)s',
  ')',
  '"',
  "'",
  '\\',
  ' ',
  '\t',
  '    ',
  '\n',
  '\n    ',
  '\r\n',
  '\ufffd',
  '\ufeff',
  '😀',
  'stopasgroup=true',
  'killasgroup=false',
  'redirect_stderr=true',
  'stderr_logfile=/x',
  'stdout_logfile=/x',
  'programs=',
  'events=',
  'port=',
  'username=',
  'files=',
  'DJANGO_SETTINGS_MODULE=',
  'manage.py runserver',
  '--graceful-timeout',
  'stopwaitsecs=',
  '0',
  '2',
  '-1',
  'true',
  'maybe',
];

test('generated garbage never throws, and every finding is well formed', () => {
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (texts) => {
      const files = texts.map((t, i) => ({ path: i === 0 ? '/x/supervisord.conf' : `/x/conf.d/f${i}.conf`, text: t }));
      validateAndCheck(files);
      for (const file of files) isSupervisorFile(file.path, file.text);
    }),
    { numRuns: 600, seed: 7 },
  );
});

test('every fixture cut off after every line, and in the middle of lines, never throws', () => {
  for (const group of ['valid', 'rejected', 'silent', 'project'] as const) {
    for (const fixture of loadFixtures(group)) {
      for (const file of fixture.files) {
        const cuts = new Set<number>();
        for (let i = 0; i <= file.text.length; i++) if (file.text[i] === '\n' || i % 7 === 0) cuts.add(i);
        for (const cut of cuts) validateAndCheck([{ path: file.path, text: file.text.slice(0, cut) }]);
      }
    }
  }
});

test('replacement characters from undecodable bytes are just text', () => {
  const text = Buffer.from([0x5b, 0x70, 0x72, 0x6f, 0x67, 0xff, 0x5d, 0x0a, 0x63, 0x6f, 0x6d, 0x6d, 0x61, 0x6e, 0x64, 0x3d, 0xc3, 0x28, 0x0a]).toString('utf8');
  assert.ok(text.includes('\ufffd'));
  validateAndCheck([{ path: '/x/conf.d/bad.conf', text }]);
  validateAndCheck([{ path: '/x/conf.d/bad.conf', text: `[program:w\ufffd]\ncommand=/bin/\ufffd\nenvironment=A=\ufffd\n` }]);
});

test('huge values, long continuations and many keys are handled', () => {
  const big = 'x'.repeat(2_000_000);
  const files = [
    { path: '/x/a.conf', text: `[program:a]\ncommand=/bin/echo ${big}\nenvironment=A="${big}",B=${big} ${big}\n` },
    { path: '/x/b.conf', text: `[program:b]\ncommand=/bin/cat\n${'    --flag ; note\n'.repeat(50_000)}` },
    { path: '/x/c.conf', text: `[program:c]\ncommand=%(${'('.repeat(100_000)}\n` },
    { path: '/x/d.conf', text: `[program:d]\ncommand=/bin/cat\n${Array.from({ length: 5000 }, (_, i) => `unknown_key_${i}=1`).join('\n')}\n` },
    { path: '/x/e.conf', text: `[program:e]\ncommand=sh -c "${'a ; '.repeat(20_000)}"\n` },
  ];
  for (const file of files) {
    const findings = validateSupervisorFiles([file]);
    checkFindings([file], findings);
  }
  const d = validateSupervisorFiles([files[3]]);
  assert.equal(d.filter((f) => f.code === 'DR730').length, 5000);
});
