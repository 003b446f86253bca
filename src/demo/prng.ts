/**
 * A tiny seeded PRNG (mulberry32) so generated repositories are byte-for-byte reproducible.
 * Never use Math.random in the generators.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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
