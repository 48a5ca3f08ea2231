// Version-dependent behaviour from the reference's facts (django-checks.md §1, §4, §5, §7), for the versions the
// parity suite cannot run (only Django 3.2 is installed here).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import '../../server/src/service/rules/index';
import { allRuleMetas } from '../../server/src/service/codes';
import { FLAGS_AS_ONE, STRONG_KEY, settings } from '../django/scenarios';
import { analyzeOne, findingsOf, settingsProject } from '../helpers/project';

type Changes = Record<string, string | null>;

function analyse(version: string | undefined, changes: Changes): ProjectAnalysis {
  return analyzeOne(settingsProject(settings(changes), version ? { 'requirements.txt': `Django==${version}\n` } : {}));
}

/** The Django ids we report, as `check --deploy` would list them (W025 once per index). */
function djangoIds(analysis: ProjectAnalysis): string[] {
  return analysis.findings
    .filter((finding) => finding.djangoId?.startsWith('security.'))
    .map((finding) => finding.djangoId!)
    .sort();
}

const STARTPROJECT: Changes = {
  SECRET_KEY: JSON.stringify(`django-insecure-${STRONG_KEY}`),
  DEBUG: 'True',
  ALLOWED_HOSTS: '[]',
  SECURE_HSTS_SECONDS: null,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: null,
  SECURE_HSTS_PRELOAD: null,
  SECURE_SSL_REDIRECT: null,
  SESSION_COOKIE_SECURE: null,
  CSRF_COOKIE_SECURE: null,
};

describe('ids by Django version', () => {
  test('startproject settings give the same seven ids on every version', () => {
    for (const version of ['3.2.25', '4.0.10', '4.2.16', '5.0.9', '5.2.1', undefined]) {
      assert.deepEqual(
        djangoIds(analyse(version, STARTPROJECT)),
        ['security.W004', 'security.W008', 'security.W009', 'security.W012', 'security.W016', 'security.W018', 'security.W020'],
        `Django ${version ?? 'unpinned'}`,
      );
    }
  });

  test('cookie flags: truthy is enough up to 4.0, only True itself from 4.1 (the current LTS when unpinned)', () => {
    const loose = ['security.W005', 'security.W006', 'security.W008', 'security.W021'];
    const strict = ['security.W005', 'security.W006', 'security.W008', 'security.W012', 'security.W015', 'security.W016', 'security.W021'];
    assert.deepEqual(djangoIds(analyse('3.2.25', FLAGS_AS_ONE)), loose);
    assert.deepEqual(djangoIds(analyse('4.0.10', FLAGS_AS_ONE)), loose);
    assert.deepEqual(djangoIds(analyse('4.1.13', FLAGS_AS_ONE)), strict);
    assert.deepEqual(djangoIds(analyse('5.2.1', FLAGS_AS_ONE)), strict);
    assert.deepEqual(djangoIds(analyse(undefined, FLAGS_AS_ONE)), strict);
    assert.match(
      findingsOf(analyse('4.2.16', FLAGS_AS_ONE), 'DR912')[0].message,
      /SESSION_COOKIE_SECURE is 1, not True \(Django 4\.1\+ accepts only True itself\)/,
    );
  });

  test('SECRET_KEY_FALLBACKS: one W025 per weak index from 4.1, nothing before', () => {
    const changes = { SECRET_KEY_FALLBACKS: `[${JSON.stringify(STRONG_KEY)}, "short", ${JSON.stringify(`django-insecure-${STRONG_KEY}`)}]` };
    const modern = analyse('4.2.16', changes);
    assert.deepEqual(djangoIds(modern), ['security.W025', 'security.W025']);
    assert.deepEqual(
      findingsOf(modern, 'DR925').map((finding) => finding.message.split(' ')[0]),
      ['SECRET_KEY_FALLBACKS[1]', 'SECRET_KEY_FALLBACKS[2]'],
    );
    assert.deepEqual(djangoIds(analyse('4.0.10', changes)), []);
    assert.deepEqual(djangoIds(analyse('3.2.25', changes)), []);
  });

  test('SECURE_CROSS_ORIGIN_OPENER_POLICY: E024 from 4.0 for an unknown policy, never for None', () => {
    assert.deepEqual(djangoIds(analyse('3.2.25', { SECURE_CROSS_ORIGIN_OPENER_POLICY: '"bogus"' })), []);
    assert.deepEqual(djangoIds(analyse('4.0.10', { SECURE_CROSS_ORIGIN_OPENER_POLICY: '"bogus"' })), ['security.E024']);
    assert.equal(findingsOf(analyse('4.2.16', { SECURE_CROSS_ORIGIN_OPENER_POLICY: '"bogus"' }), 'DR924')[0].severity, 'error');
    assert.deepEqual(djangoIds(analyse('4.2.16', { SECURE_CROSS_ORIGIN_OPENER_POLICY: 'None' })), []);
    assert.deepEqual(djangoIds(analyse('4.2.16', { SECURE_CROSS_ORIGIN_OPENER_POLICY: '"same-origin-allow-popups"' })), []);
  });

  test('defaults that changed: nosniff and X_FRAME_OPTIONS in 3.0, the referrer policy in 3.0 and 3.1', () => {
    assert.deepEqual(djangoIds(analyse('2.2.28', {})), ['security.W006', 'security.W019']);
    assert.deepEqual(djangoIds(analyse('3.0.14', {})), ['security.W022']);
    assert.deepEqual(djangoIds(analyse('3.1.14', {})), []);
    assert.deepEqual(djangoIds(analyse('3.1.14', { SECURE_REFERRER_POLICY: 'None' })), ['security.W022']);
  });

  test('the django-insecure- prefix is tested from 3.2 on', () => {
    const prefixed = { SECRET_KEY: JSON.stringify(`django-insecure-${STRONG_KEY}`) };
    assert.deepEqual(djangoIds(analyse('3.1.14', prefixed)), []);
    assert.deepEqual(djangoIds(analyse('3.2.25', prefixed)), ['security.W009']);
  });

  test('an empty SECRET_KEY is W009 on every version', () => {
    assert.deepEqual(djangoIds(analyse('4.2.16', { SECRET_KEY: '""' })), ['security.W009']);
    assert.deepEqual(djangoIds(analyse('5.2.1', { SECRET_KEY: null })), ['security.W009']);
  });

  test('CSRF_TRUSTED_ORIGINS need a scheme from 4.0 on (4_0.E001)', () => {
    const changes = { CSRF_TRUSTED_ORIGINS: '["example.com", "https://ok.example.com"]' };
    assert.deepEqual(findingsOf(analyse('3.2.25', changes), 'DR955'), []);
    const modern = findingsOf(analyse('4.0.10', changes), 'DR955');
    assert.equal(modern.length, 1);
    assert.equal(modern[0].djangoId, '4_0.E001');
    assert.match(modern[0].message, /"example\.com" has no scheme.*"https:\/\/example\.com"/);
  });

  test('file caches: caches.W003 from 3.2 on', () => {
    const changes = { CACHES: '{"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "tmp"}}' };
    assert.deepEqual(findingsOf(analyse('3.1.14', changes), 'DR960'), []);
    assert.equal(findingsOf(analyse('3.2.25', changes), 'DR960').length, 1);
  });

  test('W007 and W017 no longer exist, so no code reports them', () => {
    assert.deepEqual(
      allRuleMetas().filter((meta) => meta.djangoId === 'security.W007' || meta.djangoId === 'security.W017'),
      [],
    );
    assert.deepEqual(
      djangoIds(
        analyse('2.2.28', {
          SECURE_BROWSER_XSS_FILTER: 'False',
          CSRF_COOKIE_HTTPONLY: 'False',
          SECURE_CONTENT_TYPE_NOSNIFF: 'True',
          X_FRAME_OPTIONS: '"DENY"',
        }),
      ),
      [],
    );
  });

  test('every deploy id a settings file can show has exactly one code, DR9NN for security.WNN/ENN', () => {
    const ids = [
      'W001',
      'W002',
      'W003',
      'W004',
      'W005',
      'W006',
      'W008',
      'W009',
      'W010',
      'W011',
      'W012',
      'W013',
      'W014',
      'W015',
      'W016',
      'W018',
      'W019',
      'W020',
      'W021',
      'W022',
      'E023',
      'E024',
      'W025',
    ];
    for (const id of ids) {
      const metas = allRuleMetas().filter((meta) => meta.djangoId === `security.${id}`);
      assert.equal(metas.length, 1, id);
      assert.equal(metas[0].code, `DR9${id.slice(2)}`);
      assert.equal(metas[0].severity, id.startsWith('E') ? 'error' : 'warning');
    }
    assert.equal(allRuleMetas().find((meta) => meta.djangoId === 'caches.W003')?.code, 'DR960');
  });
});
