/**
 * The bar's limit on the change-level risk (`qualityBar.rules[].maxChangeRisk`, issue #16) and the finding it makes.
 * The risk is one per change, so a rule's limit applies when any changed file matches the rule's selectors, and the
 * lowest limit among the applying rules counts. Pure, so the editor turns its own background assessment into the
 * same finding the CI check reports:
 *
 *   const limit = changeRiskLimit(qualityBarOf(engine), fileBars);
 *   const finding = changeRiskFinding(limit, await assessChangeRisk(engine, change), 'en');
 *
 * The default bar has no limit: the change risk never fails a check the team did not ask for.
 */
import type { ChangeRiskAssessment } from '../changes/changeRisk';
import { explainScore, percentText } from '../changes/explain';
import { compareText } from '../history/history';
import { skippedReason, unavailableReason, type ChangeRiskSkip } from '../impact/changeRiskText';
import { messages, type Lang } from '../impact/messages';
import type { CheckFinding } from './finding';
import type { FileBar, QualityBar } from './qualityBar';

export interface ChangeRiskLimit {
  /** The highest probability accepted (0..1]. */
  max: number;
  /** Labels of the applying rules that set this limit (the lowest one). */
  rules: string[];
  /** The changed files those rules apply to, sorted. */
  files: string[];
}

/** The limit in force for a change whose files have these bars; undefined when no applying rule sets one. */
export function changeRiskLimit(bar: QualityBar, files: readonly FileBar[]): ChangeRiskLimit | undefined {
  let limit: ChangeRiskLimit | undefined;
  for (const file of files) {
    for (const applied of file.rules) {
      const max = bar.rules[applied.index]?.maxChangeRisk;
      if (max === undefined || (limit && max > limit.max)) continue;
      if (!limit || max < limit.max) limit = { max, rules: [], files: [] };
      const label = file.defaults ? `${applied.label} (default)` : applied.label;
      if (!limit.rules.includes(label)) limit.rules.push(label);
      if (!limit.files.includes(file.path)) limit.files.push(file.path);
    }
  }
  limit?.rules.sort(compareText);
  limit?.files.sort(compareText);
  return limit;
}

/** The probability beside its limit: to a tenth of a percent when whole percents would show both the same ("20.4 %" over "20 %"). */
export function changeRiskPercent(probability: number, limit: ChangeRiskLimit): string {
  const text = percentText(probability);
  return text === percentText(limit.max) && probability !== limit.max ? `${(probability * 100).toFixed(1)} %` : text;
}

/** Whether the change is within the limit: undefined when it cannot tell (not assessed, or the history cannot teach the model). */
export function withinChangeRiskLimit(limit: ChangeRiskLimit, assessment: ChangeRiskAssessment | undefined): boolean | undefined {
  if (!assessment || assessment.status === 'unavailable') return undefined;
  return assessment.status === 'not-rated' || assessment.score.probability <= limit.max;
}

/**
 * The check's finding: an error when the change's risk is over the limit (with the probability, the limit, the
 * rules, the reasons and what to do), a warning when it could not be assessed, nothing when within the limit,
 * when nothing it rates changed, or when there is no limit.
 */
export function changeRiskFinding(limit: ChangeRiskLimit | undefined, assessment: ChangeRiskAssessment | undefined, lang: Lang, skipped?: ChangeRiskSkip): CheckFinding | undefined {
  if (!limit || withinChangeRiskLimit(limit, assessment) === true) return undefined;
  const m = messages(lang);
  const max = percentText(limit.max);
  const rules = limit.rules.join(', ');
  if (!assessment) return { severity: 'warning', requirement: 'changeRisk', message: m.check.changeRiskUnchecked(max, rules, skipped ? skippedReason(skipped, m) : m.changeRisk.notRated) };
  if (assessment.status === 'unavailable') return { severity: 'warning', requirement: 'changeRisk', message: m.check.changeRiskUnchecked(max, rules, unavailableReason(assessment, m)) };
  if (assessment.status !== 'scored') return undefined;
  const { sentence } = explainScore(assessment.score, lang, assessment.windowDays);
  return { severity: 'error', requirement: 'changeRisk', message: m.check.changeRisk(changeRiskPercent(assessment.score.probability, limit), max, rules, sentence) };
}
