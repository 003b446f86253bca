/**
 * Recency weights shared by the per-file numbers: a fix halves every year, a commit every three.
 */

export const SECONDS_PER_MONTH = 30.44 * 24 * 3600;
const SECONDS_PER_YEAR = 365.25 * 24 * 3600;
export const FIX_HALF_LIFE_YEARS = 1;
export const COMMIT_HALF_LIFE_YEARS = 3;

const ONE_YEAR_HALF_LIFE_RATE_PER_SECOND = Math.LN2 / SECONDS_PER_YEAR;

/**
 * A weight halving every `halfLifeYears` of `ageSeconds` (1 for a commit from now or the future).
 * Written with `Math.exp`, which costs V8 a third of `0.5 ** x`: every start computes it twice per commit.
 */
export function decayed(ageSeconds: number, halfLifeYears: number): number {
  return Math.exp((-Math.max(0, ageSeconds) * ONE_YEAR_HALF_LIFE_RATE_PER_SECOND) / halfLifeYears);
}
