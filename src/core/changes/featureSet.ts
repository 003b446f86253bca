/**
 * The features of a change (issue #16): Kamei et al.'s just-in-time set (TSE 2013) and Change Risk's
 * own. Names, groups and transforms live here; `features.ts` computes them over a history.
 */

export const KAMEI_FEATURES = ['ns', 'nd', 'nf', 'entropy', 'la', 'ld', 'lt', 'fix', 'ndev', 'age', 'nuc', 'exp', 'rexp', 'sexp'] as const;
export const OWN_FEATURES = ['linesAdded', 'linesDeleted', 'priorFixes', 'recentFixLines', 'recentFixes', 'incidentFiles', 'legacyFiles', 'missingPartners', 'missingTests'] as const;
export const FEATURES = [...KAMEI_FEATURES, ...OWN_FEATURES] as const;
export type FeatureId = (typeof FEATURES)[number];
export const FEATURE_COUNT = FEATURES.length;
export const FEATURE_INDEX = Object.fromEntries(FEATURES.map((id, k) => [id, k])) as Record<FeatureId, number>;

/**
 * What each feature measures, over the change's rated files (the roles in `risk.roles`: source code
 * by default). Counts and sizes are skewed (a few changes touch hundreds of files): the model sees
 * them as log(1 + x); `fix` is 0 or 1 and `entropy` lies in [0, 1], so they are left as they are.
 */
export const FEATURE_DESCRIPTIONS: Record<FeatureId, string> = {
  ns: 'subsystems (top-level folders) touched',
  nd: 'folders touched',
  nf: 'files touched',
  entropy: 'how evenly the changed lines spread over the files (Shannon entropy / log2 of the files, 0–1)',
  la: 'lines added / lines in the touched files before (Kamei: relative churn; LT 0 counts as 1)',
  ld: 'lines deleted / lines in the touched files before',
  lt: 'lines in the touched files before the change, per file',
  fix: 'the change is a fix (by the history rules)',
  ndev: 'people who changed the touched files before',
  age: 'mean days since the touched files last changed',
  nuc: 'distinct earlier changes to the touched files',
  exp: "the author's earlier changes",
  rexp: "the author's earlier changes, a change n calendar years back weighing 1/(n + 1)",
  sexp: "the author's earlier changes in the touched subsystems (summed over them)",
  linesAdded: 'lines added',
  linesDeleted: 'lines deleted',
  priorFixes: 'distinct fixes to the touched files in the year before',
  recentFixLines: 'lines changed that a fix or revert wrote in the 180 days before',
  recentFixes: 'distinct fixes or reverts in the 180 days before whose lines it changes',
  incidentFiles: 'touched files linked to an incident before the change',
  legacyFiles: 'touched files in declared legacy areas, or detected legacy at the time',
  missingPartners: 'files that usually change with the touched ones (≥ half of their focused commits) left out',
  missingTests: 'source files with behaviour changed without a change to their tests',
};

const UNTRANSFORMED = new Set<FeatureId>(['fix', 'entropy']);

/** The value the model sees: log(1 + x) for the skewed counts and sizes. */
export function transformed(id: FeatureId, value: number): number {
  return UNTRANSFORMED.has(id) ? value : Math.log1p(Math.max(0, value));
}
