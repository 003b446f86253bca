/**
 * A tiny seeded PRNG (mulberry32) so generated repositories are byte-for-byte reproducible.
 * Never use Math.random in the generators.
 */
import { mulberry32 } from '../core/prng';

export class Prng {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index in [0, n) with P(i) ∝ 1/(i+1): a cheap Zipf-like (s = 1) skew towards small indices. */
  zipfIndex(n: number): number {
    const i = Math.floor(Math.exp(this.next() * Math.log(n + 1))) - 1;
    return Math.min(Math.max(i, 0), n - 1);
  }
}
