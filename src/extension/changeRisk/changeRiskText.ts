/**
 * The change-level risk of the working change (issue #16) in the editor's words: the Quality Bar view's
 * row and the status bar item. Pure (no vscode): texts through @vscode/l10n, the model's sentence and
 * reasons from core/changes/explain.ts in the display language.
 */
import * as l10n from '@vscode/l10n';
import type { ChangeRiskAssessment } from '../../core/changes/changeRisk';
import { MIN_TRAINING_POSITIVES } from '../../core/changes/changeRisk';
import { DEFAULT_WINDOW_DAYS } from '../../core/changes/model';
import { explainScore, percentText } from '../../core/changes/explain';
import type { ChangeScore } from '../../core/changes/model';
import type { FileRole } from '../../core/files/roles';
import type { Lang } from '../../core/impact/messages';
import { capitalize, ratedRolesText } from '../riskText';

/** What the editor knows of one repository's change risk. */
export type ChangeRiskState =
  /** No working change, or none checked yet: nothing to show. */
  | { state: 'none' }
  /** Being computed, nothing shown before: `learning` when the model of this history is not fitted yet. */
  | { state: 'running'; learning: boolean }
  /** `updating`: a newer change is being assessed; this is the last result meanwhile. */
  | { state: 'ready'; assessment: ChangeRiskAssessment; ratedRoles: readonly FileRole[]; updating?: boolean }
  | { state: 'error'; message: string };

type Scored = Extract<ChangeRiskAssessment, { status: 'scored' }>;
type Unavailable = Extract<ChangeRiskAssessment, { status: 'unavailable' }>;

/** The scored assessment a state shows, if any. */
export function scoredOf(state: ChangeRiskState): Scored | undefined {
  return state.state === 'ready' && state.assessment.status === 'scored' ? state.assessment : undefined;
}

/**
 * The view's row as label and description — "Change risk: 23 %" and "average 11 %" — so that at the
 * default sidebar width the figure stays whole and only the grey average is cut.
 */
export function changeRiskHeadline(score: ChangeScore): { label: string; description: string } {
  return { label: l10n.t('Change risk: {0}', percentText(score.probability)), description: l10n.t('average {0}', percentText(score.baseRate)) };
}

/** The model's verdict as a sentence that starts with a capital and ends with a full stop. */
export function changeRiskSentence(assessment: Scored, lang: Lang): string {
  const { sentence } = explainScore(assessment.score, lang, assessment.windowDays);
  return lang === 'ja' ? sentence : `${capitalize(sentence)}.`;
}

/** The reasons that pushed the risk up, strongest first (at most three). */
export function changeRiskReasons(assessment: Scored, lang: Lang): string[] {
  return explainScore(assessment.score, lang, assessment.windowDays).reasons;
}

/** "Learned from 120 changes of this repository; 40 of them needed a follow-up fix within 60 days." */
export function trainedOnText(assessment: Scored): string {
  return l10n.t('Learned from {0} changes of this repository; {1} of them needed a follow-up fix within {2} days.', assessment.trainedOn.changes, assessment.trainedOn.positives, assessment.windowDays);
}

/**
 * Why there is no score, for the Quality Bar view's row, in the display language: the headline a developer
 * reads at a glance ("not enough history yet"), what is missing in a few words, and in the tooltip what it
 * means, that it fixes itself as the history grows, and the one thing the team can do meanwhile. A failure's
 * own message stays as it came.
 */
export function unavailableText(assessment: Unavailable): { label: string; description: string; tooltip: string } {
  const meanwhile = l10n.t('Meanwhile the rest of the quality bar applies as usual.');
  if (assessment.cause === 'too-few-fixes') {
    const known = assessment.trainedOn?.positives ?? 0;
    return {
      label: l10n.t('Change risk: not enough history yet'),
      description: l10n.t('{0} of {1} fix-inducing changes needed', known, MIN_TRAINING_POSITIVES),
      tooltip: [
        l10n.t(
          'The change risk is learned from the changes of this repository that needed a follow-up fix within {0} days (fix-inducing changes). Its history has {1}; the model needs at least {2}, and rates changes once the history has them.',
          DEFAULT_WINDOW_DAYS,
          known,
          MIN_TRAINING_POSITIVES,
        ),
        l10n.t('If your team names its fix commits differently from "fix …" or "bug …", add its words to history.fixPatterns in .changerisk/config.yaml.'),
        meanwhile,
      ].join('\n\n'),
    };
  }
  if (assessment.cause === 'no-old-changes') {
    return {
      label: l10n.t('Change risk: not enough history yet'),
      description: l10n.t('no change older than {0} days', DEFAULT_WINDOW_DAYS),
      tooltip: [
        l10n.t('The change risk is learned from whether past changes needed a follow-up fix within {0} days; every change in this history is newer than that. The model rates changes once the history is old enough.', DEFAULT_WINDOW_DAYS),
        meanwhile,
      ].join('\n\n'),
    };
  }
  return { label: l10n.t('Change risk: could not be computed'), description: assessment.reason, tooltip: assessment.reason };
}

/** "Change risk: no source code changed" — the change touches only tests, docs, configuration… */
export function notRatedHeadline(ratedRoles: readonly FileRole[]): string {
  return l10n.t('Change risk: no {0} changed', ratedRolesText(ratedRoles));
}

/** The status bar text: "$(git-compare) change 23 %"; undefined when there is no score to show. */
export function changeRiskStatusText(state: ChangeRiskState): string | undefined {
  const scored = scoredOf(state);
  if (scored) return `$(git-compare) ${l10n.t('change {0}', percentText(scored.score.probability))}`;
  if (state.state === 'running' && state.learning) return `$(loading~spin) ${l10n.t('change risk')}`;
  return undefined;
}

/** The status bar tooltip (plain text): what the figure means, why, and what a click does. */
export function changeRiskStatusTooltip(state: ChangeRiskState, lang: Lang): string {
  const scored = scoredOf(state);
  const click = l10n.t('Click to open the Quality Bar view.');
  if (!scored) return `${l10n.t('Change risk of the working change: learning from the history of this repository…')}\n\n${click}`;
  return [l10n.t('Change risk of the working change (branch and uncommitted edits): {0}', changeRiskSentence(scored, lang)), trainedOnText(scored), click].join('\n\n');
}

/** The status bar item's accessible name: plain words, no icon, no Markdown. */
export function changeRiskAccessibleName(state: ChangeRiskState): string {
  const scored = scoredOf(state);
  if (!scored) return l10n.t('Change risk of the working change: learning from history. Click to open the Quality Bar view.');
  return l10n.t('Change risk of the working change: {0}, average change {1}. Click to open the Quality Bar view.', percentText(scored.score.probability), percentText(scored.score.baseRate));
}
