// Fuzzing through the CLI: the same random edits, written to the fixture copies on disk (U+FFFD becomes real
// invalid UTF-8 there), then `django-ready check` over all of them in one process, in every output format and
// with --fix now and then. Hostile shapes sit beside the edited files (links out of the projects, FIFOs, shared
// values, a long import chain): nothing outside the projects may change. The process must end with 0, 1 or 2,
// never print a stack trace or an internal error, and its JSON must parse.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI } from '../helpers/paths';
import { fuzzWorkspaces } from './corpus';
import { hostileSetup, plantHostileShapes, snapshotFolder } from './hostile';
import { type EditEvent, editEvents } from './edits';
import { fuzzIterations, fuzzSeed, Random } from './random';

const ROUNDS = fuzzIterations(6);
/** Edit events per file between two runs of the CLI. */
const EVENTS_PER_ROUND = 12;
const CLI_LIMIT_MS = 120_000;
const seed = fuzzSeed();

/** Bytes for a buffer text: each U+FFFD (a byte the editor could not decode) becomes an invalid UTF-8 sequence. */
function encodeForDisk(text: string, random: Random): Buffer {
  const INVALID = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xef, 0xbf, 0xbd]];
  const parts = text.split('\ufffd');
  const chunks: Buffer[] = [];
  parts.forEach((part, index) => {
    if (index > 0) chunks.push(Buffer.from(random.pick(INVALID)));
    chunks.push(Buffer.from(part, 'utf8'));
  });
  return Buffer.concat(chunks);
}

interface Run {
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Run {
  const result = spawnSync(process.execPath, [CLI, 'check', ...args], {
    encoding: 'utf8',
    timeout: CLI_LIMIT_MS,
    maxBuffer: 256 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { args, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Keeps the mutated projects of a failing round for a look, and says where they are. */
function keepForReplay(roots: string[], round: number): string {
  const kept = fs.mkdtempSync(path.join(os.tmpdir(), `django-ready-fuzz-cli-${seed}-${round}-`));
  // FIFOs cannot be copied; links are copied as links.
  const copyable = (file: string): boolean => !fs.lstatSync(file).isFIFO();
  for (const [index, root] of roots.entries()) fs.cpSync(root, path.join(kept, String(index)), { recursive: true, verbatimSymlinks: true, filter: copyable });
  return kept;
}

function assertSane(run: Run): void {
  assert.ok(run.status === 0 || run.status === 1 || run.status === 2, `exit status ${run.status} (0, 1 or 2 expected)`);
  assert.doesNotMatch(run.stderr, /^ {4}at /m, 'no stack trace');
  assert.doesNotMatch(run.stderr, /internal error/, 'no internal error');
  if (run.args.includes('json') && run.status !== 2) assert.doesNotThrow(() => JSON.parse(run.stdout), 'the JSON output parses');
}

describe(`CLI fuzz (seed ${seed}, ${ROUNDS} rounds)`, () => {
  test('random edits on disk, then check in every format and --fix', () => {
    const random = new Random(seed);
    const workspaces = fuzzWorkspaces();
    // Links out of the projects, FIFOs, shared values and a long import chain, beside the edited files.
    const hostile = hostileSetup();
    const planting = random.fork('hostile shapes');
    for (const workspace of workspaces) plantHostileShapes(planting, workspace.root, workspace.targets, hostile.outside);
    const outsideBefore = snapshotFolder(hostile.outside);
    const roots = [...workspaces.map((workspace) => workspace.root), hostile.root];
    const streams = new Map<string, Iterator<EditEvent>>();
    for (const workspace of workspaces) {
      for (const file of workspace.targets) {
        const fileRandom = random.fork(`${workspace.name}/${path.relative(workspace.root, file)}`);
        streams.set(file, editEvents(fileRandom, fs.readFileSync(file, 'utf8'), ROUNDS * EVENTS_PER_ROUND));
      }
    }
    const files = [...streams.keys()];
    for (let round = 0; round < ROUNDS; round++) {
      for (const file of files) {
        // Not every file every round, so some projects stay readable while others break.
        if (!random.chance(0.5)) continue;
        let last: EditEvent | undefined;
        for (let i = 0; i < EVENTS_PER_ROUND; i++) last = streams.get(file)!.next().value ?? last;
        if (last) fs.writeFileSync(file, encodeForDisk(last.text, random));
      }
      const format = random.pick(['json', 'json', 'text', 'sarif', 'github']);
      const args = [...roots, '--format', format, ...(random.chance(0.3) ? ['--fix'] : [])];
      const run = runCli(args);
      try {
        assertSane(run);
        assert.deepEqual(snapshotFolder(hostile.outside), outsideBefore, 'nothing outside the projects changed');
      } catch (error) {
        const where = `seed ${seed} (DJANGO_READY_FUZZ_SEED=${seed}), round ${round}, format ${format}${args.includes('--fix') ? ' --fix' : ''}; projects kept in ${keepForReplay(roots, round)}`;
        throw new Error(`${(error as Error).message}\n${where}\nstderr:\n${run.stderr.slice(0, 4000)}`, { cause: error });
      }
    }
  });
});
