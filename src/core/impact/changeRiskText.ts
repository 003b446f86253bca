/**
 * The change-level risk (issue #16) in the impact statement and the JSON outputs: one compact block at the top of the
 * statement (the model's sentence and what it learned from), and the documented `changeRisk` object of
 * `impact --format json` and `check --format json`. The words are explain.ts's; the frame is messages.ts's.
 */
import { MIN_TRAINING_POSITIVES, type ChangeRiskAssessment } from '../changes/changeRisk';
import { explainScore, percentText, topReasons } from '../changes/explain';
import { DEFAULT_WINDOW_DAYS } from '../changes/model';
import { messages, type Lang, type Messages } from './messages';

/** Why a requested change risk was not assessed: turned off, or no applying rule sets a limit (`with-limit`). */
export type ChangeRiskSkip = 'turned-off' | 'no-limit';

type Unavailable = Extract<ChangeRiskAssessment, { status: 'unavailable' }>;

/** Why the change could not be rated, in the statement's language (an unforeseen reason stays in English). */
export function unavailableReason(assessment: Unavailable, m: Messages): string {
  if (assessment.cause === 'too-few-fixes') return m.changeRisk.tooFewFixes(assessment.trainedOn?.positives ?? 0, MIN_TRAINING_POSITIVES);
  return assessment.cause === 'no-old-changes' ? m.changeRisk.noOldChanges : assessment.reason;
}

/** The same in a few words, for the bar's line beside its limit: "not enough history yet (6 of 10 fix-inducing changes needed)". */
export function unavailableShort(assessment: Unavailable, m: Messages): string {
  if (assessment.cause === 'too-few-fixes') return m.changeRisk.notEnoughFixes(assessment.trainedOn?.positives ?? 0, MIN_TRAINING_POSITIVES);
  return assessment.cause === 'no-old-changes' ? m.changeRisk.notOldEnough(DEFAULT_WINDOW_DAYS) : m.changeRisk.notRated;
}

/** Why a change risk asked for was not computed. */
export function skippedReason(skipped: ChangeRiskSkip, m: Messages): string {
  return skipped === 'turned-off' ? m.changeRisk.turnedOff : m.changeRisk.noLimit;
}

/**
 * The statement's top block: the sentence and, in small words, its basis. Nothing when there is no score: a
 * reviewer of a docs-only change needs no line saying so, and "the history is too short" would open every pull
 * request of a young repository with a line nobody can act on (the JSON says why; a bar with a limit says it in
 * its checklist and `check` warns).
 */
export function changeRiskBlock(assessment: ChangeRiskAssessment | undefined, lang: Lang): string[] {
  if (assessment?.status !== 'scored') return [];
  const m = messages(lang);
  const { sentence } = explainScore(assessment.score, lang, assessment.windowDays);
  const text = lang === 'en' ? `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.` : sentence;
  return [`**${m.changeRisk.label} ${percentText(assessment.score.probability)}** — ${text}  `, `_${m.changeRisk.basis(assessment.trainedOn.changes, assessment.trainedOn.positives)}_`];
}

/**
 * The stable JSON of an assessment (docs/cli.md): every key present, `null` where it does not apply; status `skipped`
 * with the reason when it was not computed (`skipped`), `null` when not asked for.
 */
export function changeRiskJson(assessment: ChangeRiskAssessment | undefined, lang: Lang, skipped?: ChangeRiskSkip) {
  const none = { probability: null, baseRate: null, windowDays: null, trainedOn: null, ratedFiles: 0, reasons: [], sentence: null, reason: null };
  if (!assessment) return skipped ? { status: 'skipped' as const, ...none, ratedFiles: null, reason: skippedReason(skipped, messages(lang)) } : null;
  if (assessment.status === 'not-rated') return { status: assessment.status, ...none };
  if (assessment.status === 'unavailable') return { status: assessment.status, ...none, ratedFiles: null, trainedOn: assessment.trainedOn ?? null, reason: unavailableReason(assessment, messages(lang)) };
  const { score, windowDays, trainedOn, ratedFiles } = assessment;
  const explanation = explainScore(score, lang, windowDays);
  return {
    status: assessment.status,
    probability: score.probability,
    baseRate: score.baseRate,
    windowDays,
    trainedOn,
    ratedFiles,
    reasons: topReasons(score).map((reason, i) => ({ feature: reason.feature, value: reason.value, contribution: reason.contribution, text: explanation.reasons[i]! })),
    sentence: explanation.sentence,
    reason: null,
  };
}
