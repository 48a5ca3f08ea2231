// The `django-ready` executable: runs the CLI bundle (cli-main.js) through V8's code cache.
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runBundle } from './codeCache';

// A check is over in a few hundred milliseconds, and most of its code runs a handful of times. With V8's default
// budget, TurboFan starts optimizing functions (the YAML parser, the evaluator) that the run is done with by the
// time their optimized code is ready: on the corpus this cost 60 to 120 ms of CPU per run, a third of it, which a
// machine with another job on its second core pays in wall time. Eight times the budget keeps optimization for code that runs long (all twelve corpus projects in one
// process: same wall time, 1170 -> 750 ms of CPU). Set before the bundle compiles, so its code cache matches.
setFlagsFromString('--interrupt-budget=540672');
// V8 runs a regular expression's first match in its interpreter and compiles it to machine code on the second, so
// most of the run's several hundred expressions (rules, readers, the template scanner) are compiled twice. Compiling
// them once, straight to machine code, saves 2.5 to 5 ms of every check on the corpus (interleaved A/B).
setFlagsFromString('--no-regexp-tier-up');

// A cache per command line (and folder it runs in): see codeCache.ts.
runBundle(path.join(__dirname, 'cli-main.js'), JSON.stringify([process.cwd(), ...process.argv.slice(2)]));
