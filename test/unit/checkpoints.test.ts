// Incremental re-evaluation (server/src/service/python/checkpoints.ts) must be invisible: after any edit,
// resuming from a saved state gives exactly what evaluating from scratch gives. Checked over seeded random
// edit sequences on a split-settings project, comparing every value (with its location), every problem,
// every environment read and every finding against a fresh service.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import type { ProjectAnalysis } from '../../server/src/service/analyze';
import { LanguageService } from '../../server/src/service/index';
import { EvaluationCheckpoints } from '../../server/src/service/python/checkpoints';
import { evaluateSettingsModule } from '../../server/src/service/python/evaluator';
import { ModuleResolver } from '../../server/src/service/python/modules';
import { ParseCache } from '../../server/src/service/python/parseCache';
import { OverlayFileSystem, type OverlayText } from '../../server/src/service/project/overlayFileSystem';
import { minimalChange } from '../fuzz/edits';
import { fuzzIterations, fuzzSeed, Random } from '../fuzz/random';
import { splitSettingsProject } from '../helpers/project';

/** Top-level statements of the kinds settings modules use, including the ones that share state between statements. */
const STATEMENTS: readonly ((i: number) => string)[] = [
  (i) => `NAME_${i} = "value-${i}"`,
  (i) => `TIMEOUT_${i} = int(os.environ.get("TIMEOUT_${i}", "30"))`,
  () => `DEBUG = os.environ.get("DJANGO_DEBUG") == "1"`,
  () => `DEBUG = True`,
  (i) => `INSTALLED_APPS.append("app_${i}")`,
  (i) => `INSTALLED_APPS += ["more_${i}"]`,
  () => `ALIAS = INSTALLED_APPS`,
  (i) => `ALIAS.append("via_alias_${i}")`,
  (i) => `DATABASES["default"]["CONN_MAX_AGE"] = ${i}`,
  () => `DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}`,
  (i) => `if DEBUG:\n    LEVEL_${i % 5} = "DEBUG"\nelse:\n    LEVEL_${i % 5} = "INFO"`,
  (i) => `try:\n    from .local import *  # noqa\nexcept ImportError:\n    LOCAL_${i} = False`,
  () => `SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure")`,
  () => `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]`,
  (i) => `for n in range(2):\n    PORTS_${i % 3} = n`,
  () => `del ALIAS`,
  () => `import conf.settings.base as base_settings`,
  () => `FROM_BASE = base_settings.BASE_ONLY`,
  () => `from .base import *  # noqa`,
  () => `SESSION_ENGINE = "django.contrib.sessions.backends.cache"`,
  () => `CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}`,
  (i) => `MIDDLEWARE.insert(0, "x.Middleware${i}")`,
  () => `SECURE_SSL_REDIRECT = not DEBUG`,
  // The module importing itself: the import hands out the namespace still being filled.
  () => `import conf.settings.production as itself`,
  () => `SEEN_BY_ITSELF = itself.DEBUG`,
  () => `X_FRAME_OPTIONS = "DENY" if DEBUG else "SAMEORIGIN"`,
];

const BASE = (tag: number): string =>
  [
    'import os',
    'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions"]',
    'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]',
    'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"}}',
    `BASE_ONLY = ${tag}`,
    '',
  ].join('\n');

/** The production module: a star import of base, then `chunks` (one top-level statement each). */
const production = (chunks: readonly string[]): string => ['from .base import *  # noqa', 'import os', ...chunks, ''].join('\n');

/** Everything an analysis reports that incremental evaluation could get wrong, as plain data. */
function observable(analysis: ProjectAnalysis): unknown {
  const evaluation = analysis.evaluation;
  // Through JSON, as every face sees it: locations the evaluator made serialise as the plain locations they stand for.
  return plainData({
    namespace: evaluation ? [...evaluation.module.namespace].map(([name, binding]) => [name, plainBinding(binding)]) : null,
    open: evaluation?.module.open,
    imports: evaluation?.module.imports.map((edge) => ({ ...edge, target: edge.target.file })),
    modules: evaluation?.modules.map((module) => module.ref.file),
    problems: evaluation?.problems,
    envReads: evaluation?.envReads,
    findings: analysis.findings.map((finding) => ({ code: finding.code, message: finding.message, location: finding.location })),
    checklist: analysis.checklist,
  });
}

function plainData(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function plainBinding(binding: unknown): unknown {
  // Module values hold other modules' namespaces (Maps); list their names, which is what can differ.
  return JSON.parse(JSON.stringify(binding, (_key, value: unknown) => (value instanceof Map ? [...value.keys()] : value)));
}

describe('incremental evaluation', () => {
  test('resuming from saved states gives what a fresh evaluation gives, over random edits', () => {
    const random = new Random(fuzzSeed()).fork('incremental-evaluation');
    const root = splitSettingsProject(BASE(0), production([]));
    const productionFile = path.join(root, 'conf', 'settings', 'production.py');
    const baseFile = path.join(root, 'conf', 'settings', 'base.py');
    const overlay = new Map<string, OverlayText>();
    const fs = new OverlayFileSystem(new NodeFileSystem(), overlay);
    const service = new LanguageService(fs);
    const [project] = service.discover([root]).projects;
    assert.ok(project?.production, 'the production module is found');

    let chunks: string[] = Array.from({ length: 120 }, (_, i) => STATEMENTS[i % STATEMENTS.length](i));
    let version = 0;
    let resumed = 0;
    const steps = fuzzIterations(150);
    for (let step = 0; step < steps; step++) {
      const at = random.int(chunks.length + 1);
      const edit = random.weighted([
        [5, 'insert'],
        [3, 'delete'],
        [3, 'replace'],
        [2, 'half-typed'],
        [1, 'edit-base'],
        [1, 'append'],
      ] as const);
      const fresh = STATEMENTS[random.int(STATEMENTS.length)](random.int(1000));
      if (edit === 'insert') chunks.splice(at, 0, fresh);
      else if (edit === 'delete') chunks.splice(Math.min(at, chunks.length - 1), 1);
      else if (edit === 'replace') chunks[Math.min(at, chunks.length - 1)] = fresh;
      else if (edit === 'half-typed') chunks.splice(at, 0, fresh.slice(0, random.between(1, fresh.length - 1)));
      else if (edit === 'append') chunks.push(fresh);
      else overlay.set(baseFile, { text: BASE(step), version: `open:${++version}` });
      // Half-typed statements stay for a few steps at most, as while typing.
      if (edit !== 'half-typed' && random.chance(0.5)) chunks = chunks.filter(isComplete);
      // As the server does: the editor's change goes to the parse cache, which then re-parses only around it.
      const previousText = overlay.get(productionFile)?.text ?? production([]);
      const text = production(chunks);
      service.parseCache.recordChanges(productionFile, [minimalChange(previousText, text)], text);
      overlay.set(productionFile, { text, version: `open:${++version}` });

      const incremental = service.analyze(project);
      const fromScratch = new LanguageService(fs).analyze(project);
      assert.deepEqual(observable(incremental), observable(fromScratch), `step ${step} (${edit} at ${at}, seed ${random.seed})`);
      resumed += service.lastResumedAt(project) > 0 ? 1 : 0;
    }
    // Most edits land below a saved state; if none resumed, the test proved nothing.
    assert.ok(resumed > steps / 10, `only ${resumed} of ${steps} evaluations resumed from a saved state`);
    assert.ok(service.parseCache.parses.window > steps / 4, `only ${service.parseCache.parses.window} of ${steps} parses were windows`);
  });

  test('an edit near the end resumes near the end; an edit above every saved state starts over', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `NAME_${i} = "value-${i}"`);
    const root = splitSettingsProject(BASE(0), production(lines));
    const productionFile = path.join(root, 'conf', 'settings', 'production.py');
    const overlay = new Map<string, OverlayText>();
    const fs = new OverlayFileSystem(new NodeFileSystem(), overlay);
    const resolver = new ModuleResolver(fs, [root], new ParseCache());
    const ref = resolver.moduleNameOf(productionFile)!;
    const options = { isDevelopmentModule: () => false, libraryVersion: () => undefined, django: { major: 5, minor: 2 } };
    const checkpoints = new EvaluationCheckpoints();
    evaluateSettingsModule(resolver, ref, options, checkpoints);
    assert.equal(checkpoints.resumedAt, 0, 'the first evaluation starts at the top');
    assert.ok(checkpoints.size > 5, `states were saved (${checkpoints.size})`);

    overlay.set(productionFile, { text: production([...lines.slice(0, 190), 'DEBUG = True', ...lines.slice(190)]), version: 'open:1' });
    const late = evaluateSettingsModule(resolver, ref, options, checkpoints);
    assert.ok(checkpoints.resumedAt > 150, `resumed after ${checkpoints.resumedAt} statements`);
    assert.equal(late.module.namespace.get('DEBUG')?.value.kind, 'bool');
    assert.equal(late.module.namespace.get('NAME_0')?.value.kind, 'str', 'names bound before the saved state are there');
    assert.equal(late.module.namespace.get('INSTALLED_APPS')?.value.kind, 'list', 'names star-imported before the saved state are there');
    assert.deepEqual(
      late.modules.map((module) => path.basename(module.ref.file)),
      ['production.py', 'base.py'],
    );

    overlay.set(productionFile, { text: production(['DEBUG = True', ...lines]), version: 'open:2' });
    evaluateSettingsModule(resolver, ref, options, checkpoints);
    assert.equal(checkpoints.resumedAt, 0, 'an edit at the top invalidates every saved state');

    // Once the module has handed out its own unfinished namespace, later states are not saved.
    const selfImport = [...lines.slice(0, 100), 'import conf.settings.production as itself', ...lines.slice(100)];
    overlay.set(productionFile, { text: production(selfImport), version: 'open:3' });
    evaluateSettingsModule(resolver, ref, options, checkpoints);
    overlay.set(productionFile, { text: production([...selfImport, 'DEBUG = True']), version: 'open:4' });
    evaluateSettingsModule(resolver, ref, options, checkpoints);
    assert.ok(checkpoints.resumedAt > 0 && checkpoints.resumedAt <= 103, `resumed after ${checkpoints.resumedAt} statements, before the self-import`);
  });
});

/** Whether a chunk is a whole statement from STATEMENTS (not a half-typed prefix of one). */
function isComplete(chunk: string): boolean {
  return STATEMENTS.some((make) => {
    const sample = make(0);
    const shape = new RegExp(`^${sample.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/0/g, '\\d+')}$`);
    return shape.test(chunk);
  });
}
