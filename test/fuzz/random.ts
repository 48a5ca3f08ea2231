// A small seeded PRNG (sfc32) for the fuzz tests: the same seed replays the same edits, so a failure prints
// its seed and can be reproduced with DJANGO_READY_FUZZ_SEED. No dependency: the fuzzers drive a server and
// a CLI over whole edit sequences, where fast-check's shrinking would cost more than it saves.

/** Edits per target in the default run; DJANGO_READY_FUZZ_ITERATIONS raises it for a longer run. */
export function fuzzIterations(defaultIterations: number): number {
  const requested = Number(process.env.DJANGO_READY_FUZZ_ITERATIONS);
  return Number.isInteger(requested) && requested > 0 ? requested : defaultIterations;
}

/** The run's base seed: DJANGO_READY_FUZZ_SEED when set, else a fixed one so the default run is repeatable. */
export function fuzzSeed(): number {
  const requested = Number(process.env.DJANGO_READY_FUZZ_SEED);
  return Number.isInteger(requested) ? requested >>> 0 : 0x5eed_d1a6;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A derived generator, so each target's sequence stays the same when other targets change. */
  fork(label: string): Random {
    let hash = this.seed ^ 0x811c9dc5;
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    return new Random(hash >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: ArrayLike<T>): T {
    return items[this.int(items.length)];
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    let roll = this.next() * choices.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1][1];
  }
}
