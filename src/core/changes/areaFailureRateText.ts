/**
 * The words of the per-area failure rate, shared by `change-risk areas` and the editor's analysis view so
 * both say the same thing: "12 changes/month · 18 % fix-inducing". Translated with @vscode/l10n's `t`
 * (the editor hands it VS Code's bundle, the CLI the same bundle for `--lang ja`); repository text (area
 * and folder names, the team's tolerance) is passed through as it is — the caller escapes it.
 */
import * as l10n from '@vscode/l10n';
import type { IncidentKind } from '../team/schema';
import { TOP_LEVEL_FOLDER, type QuarterRate, type RateGroup } from './areaFailureRate';

export function kindLabel(kind: IncidentKind): string {
  switch (kind) {
    case 'incident':
      return l10n.t('incident');
    case 'regression':
      return l10n.t('regression');
    case 'user-inquiry':
      return l10n.t('user inquiry');
    case 'near-miss':
      return l10n.t('near-miss');
  }
}

/** A rate per month: one decimal below 10, whole above. */
export function perMonthText(perMonth: number): string {
  return perMonth < 10 ? String(Math.round(perMonth * 10) / 10) : String(Math.round(perMonth));
}

export function shareText(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** "12 changes/month · 18 % fix-inducing", or what stands in for the share while it is not known. */
export function rateText(rate: Omit<QuarterRate, 'quarter'>): string {
  if (rate.changes === 0) return l10n.t('no changes');
  const count = perMonthText(rate.perMonth);
  const perMonth = count === '1' ? l10n.t('{0} change/month', count) : l10n.t('{0} changes/month', count);
  if (rate.share === null) return l10n.t('{0} · fix-inducing share not known yet', perMonth);
  return l10n.t('{0} · {1} fix-inducing', perMonth, shareText(rate.share));
}

/** "6 of 34 fix-inducing; 3 still open": the counts behind the share. */
export function rateCounts(rate: Omit<QuarterRate, 'quarter'>): string {
  if (rate.changes === 0) return '';
  if (rate.labelled === 0) return l10n.t('{0} still open', rate.open);
  const counts = l10n.t('{0} of {1} fix-inducing', rate.fixInducing, rate.labelled);
  return rate.open > 0 ? l10n.t('{0}; {1} still open', counts, rate.open) : counts;
}

/** An area by its name, a folder with its slash, the repository as such. */
export function groupName(group: Pick<RateGroup, 'kind' | 'name'>): string {
  if (group.kind === 'repository') return l10n.t('whole repository');
  if (group.kind === 'folder') return group.name === TOP_LEVEL_FOLDER ? l10n.t('(top-level files)') : `${group.name}/`;
  return group.name;
}

/** "incident: none · regression: low", in the order of the kinds, or undefined when none is written. */
export function toleranceText(tolerance: Readonly<Record<string, string>>): string | undefined {
  const parts = Object.entries(tolerance).map(([kind, text]) => `${kindLabel(kind as IncidentKind) ?? kind}: ${text}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** What "fix-inducing" means here, in one sentence. */
export function fixInducingDefinition(windowDays: number): string {
  return l10n.t('Fix-inducing: a fix or revert within {0} days changed lines the change wrote. A change counts in every area and folder it touches; the share counts only changes whose {0} days are over.', windowDays);
}
