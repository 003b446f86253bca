/** The project's seeded PRNG (mulberry32), so every generated history is the same on every run. */
export { mulberry32 as prng } from '../../src/core/prng';
