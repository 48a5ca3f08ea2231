// Fuzzing through the language server: every fixture settings module and supervisor file gets a few hundred
// random edits as incremental `didChange` events, as VS Code sends them while someone types. The server must
// not crash, log an internal error, or take longer than RESPONSE_LIMIT_MS to answer a request; after the last
// edit it must publish diagnostics for the last version, equal to what a fresh analysis of the final text finds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { firstLineOf } from '../../server/src/lsp/diagnostics';
import { CHECKLIST_REQUEST, FIX_ALL_KIND } from '../../server/src/protocol';
import { LanguageService } from '../../server/src/service/index';
import { OverlayFileSystem } from '../../server/src/service/project/overlayFileSystem';
import { LineIndex } from '../../server/src/service/python/lineIndex';
import { settingsProject } from '../helpers/project';
import { fuzzWorkspaces, languageIdOf, type Workspace } from './corpus';
import { editEvents } from './edits';
import { outsideFolder, plantHostileShapes } from './hostile';
import { fuzzIterations, fuzzSeed, Random } from './random';
import { ServerProcess, uriOf } from './serverProcess';

/** Generous for a loaded 2-core machine: the parse budget alone is 3 s. */
const RESPONSE_LIMIT_MS = 15_000;
const EDITS_PER_FILE = fuzzIterations(100);
/** Supervisor fixtures are many and small: a third as many edits each keeps the default run short. */
const editsFor = (file: string): number => (file.endsWith('.py') ? EDITS_PER_FILE : Math.ceil(EDITS_PER_FILE / 3));
const seed = fuzzSeed();

interface Trail {
  file: string;
  kinds: string[];
}

function describeTrail(workspace: Workspace, trail: Trail): string {
  return `seed ${seed} (DJANGO_READY_FUZZ_SEED=${seed}), ${workspace.name}, ${path.relative(workspace.root, trail.file)}, after ${trail.kinds.length} edits; last: ${trail.kinds.slice(-12).join(' ')}`;
}

/** A request an editor sends while typing: quick fixes at a spot, fix-all now and then, or the checklist. */
async function probe(server: ServerProcess, file: string, text: string, random: Random): Promise<void> {
  const lines = text.split('\n').length;
  const line = random.int(lines);
  const range = { start: { line, character: 0 }, end: { line, character: random.int(40) } };
  const diagnostics: Diagnostic[] = server.diagnostics(file);
  const kind = random.weighted<'quickfix' | 'fixAll' | 'checklist'>([
    [6, 'quickfix'],
    [1, 'fixAll'],
    [3, 'checklist'],
  ]);
  if (kind === 'checklist') {
    await server.request(CHECKLIST_REQUEST, null, RESPONSE_LIMIT_MS);
    return;
  }
  const only = kind === 'fixAll' ? [FIX_ALL_KIND] : undefined;
  const actions = await server.request<CodeAction[]>(
    'textDocument/codeAction',
    { textDocument: { uri: uriOf(file) }, range, context: { diagnostics, only } },
    RESPONSE_LIMIT_MS,
  );
  assert.ok(Array.isArray(actions), 'code actions are a list');
}

type Summary = string[];

function summarise(diagnostics: readonly { code?: unknown; range: Diagnostic['range']; message: unknown }[]): Summary {
  return diagnostics
    .map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.message)}`)
    .sort();
}

/** What a fresh service (no incremental parse, no caches) reports on `file` when it holds `text`. */
function freshDiagnostics(root: string, file: string, text: string): Summary {
  const service = new LanguageService(new OverlayFileSystem(new NodeFileSystem(), new Map([[file, { text, version: 'fresh' }]])));
  const findings = service.discover([root]).projects.flatMap((project) => service.analyze(project).findings);
  // As the server draws them: a multi-line statement's squiggle on its first line.
  const lines = LineIndex.of(text);
  return summarise(
    findings.filter((finding) => finding.location.file === file).map((finding) => ({ ...finding, range: firstLineOf(finding.location.range, lines) })),
  );
}

async function assertAgreesWithFresh(server: ServerProcess, workspace: Workspace, file: string, text: string, when: string): Promise<void> {
  await server.request(CHECKLIST_REQUEST, null, RESPONSE_LIMIT_MS);
  await server.waitUntil(`diagnostics for the version ${when}`, () => server.upToDate(file), RESPONSE_LIMIT_MS);
  assert.deepEqual(
    summarise(server.diagnostics(file)),
    freshDiagnostics(workspace.root, file, text),
    `the server agrees with a fresh analysis of the text ${when}`,
  );
}

async function fuzzDocument(server: ServerProcess, workspace: Workspace, file: string, random: Random): Promise<void> {
  const original = fs.readFileSync(file, 'utf8');
  const probes = random.fork('probes');
  const trail: Trail = { file, kinds: [] };
  let text = original;
  try {
    await server.open(file, text, languageIdOf(file));
    for (const event of editEvents(random, original, editsFor(file))) {
      trail.kinds.push(...event.kinds);
      text = event.text;
      await server.change(file, event.changes);
      if (probes.chance(1 / 20)) await probe(server, file, text, probes);
      // Now and then mid-way too: the incremental result must equal a fresh analysis after any edit.
      if (probes.chance(1 / 25)) await assertAgreesWithFresh(server, workspace, file, text, `after edit ${trail.kinds.length}`);
      if (server.death) throw new Error(server.death);
    }
    await assertAgreesWithFresh(server, workspace, file, text, 'after the last edit');
    assert.deepEqual(server.errors, [], 'no internal errors logged');
    await server.close(file);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${describeTrail(workspace, trail)}`, { cause: error });
  }
}

describe(`LSP fuzz (seed ${seed}, ${EDITS_PER_FILE} edits per file)`, () => {
  const random = new Random(seed);
  const outside = outsideFolder();
  for (const workspace of fuzzWorkspaces()) {
    test(`${workspace.name}: ${workspace.targets.length} files`, async () => {
      // Links out of the project and FIFOs beside the edited files.
      plantHostileShapes(random.fork(`${workspace.name} hostile shapes`), workspace.root, workspace.targets, outside);
      const server = await ServerProcess.start([workspace.root]);
      let exitCode: number | null;
      try {
        await server.request(CHECKLIST_REQUEST, null, RESPONSE_LIMIT_MS);
        for (const file of workspace.targets) await fuzzDocument(server, workspace, file, random.fork(path.relative(workspace.root, file)));
      } finally {
        exitCode = await server.stop();
      }
      assert.equal(exitCode, 0, server.death ?? 'the server exits cleanly');
    });
  }
});

test('an edit that changes no diagnostic still gets diagnostics for its version', async () => {
  const root = settingsProject('import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDEBUG = True\n');
  const file = path.join(root, 'mysite', 'settings.py');
  const server = await ServerProcess.start([root]);
  try {
    await server.open(file, fs.readFileSync(file, 'utf8'), 'python');
    await server.waitUntil('diagnostics for version 1', () => server.published.get(uriOf(file))?.version === 1);
    const before = summarise(server.diagnostics(file));
    await server.change(file, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# a comment\n' }]);
    await server.waitUntil('diagnostics for version 2', () => server.published.get(uriOf(file))?.version === 2);
    assert.deepEqual(summarise(server.diagnostics(file)), before);
  } finally {
    await server.stop();
  }
});
