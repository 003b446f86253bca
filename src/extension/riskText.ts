/** Short texts about one file's risk for the status bar, CodeLens and explorer badges. Pure. */
import * as l10n from '@vscode/l10n';
import type { FileRole } from '../core/files/roles';
import type { FileRisk, RiskModel, RiskReason } from '../core/risk/riskModel';
import type { QualityRequirement } from '../core/team/schema';
import { coreLang, levelText, listSeparator, roleLabel } from './l10n';
import { escapeMarkdown } from './markdown';

export { levelText, roleLabel };

/**
 * Shapes, not letters: Git's decorations already use M, A, D, U, R, C, I and S on the same files, so an
 * edited medium-risk file read "M, M". A filled triangle, a diamond and an outlined diamond read as marks
 * of a different kind, and differ in shape as well as colour (colour alone fails for colour-blind users).
 */
export const LEVEL_BADGE = { high: '▲', medium: '◆', low: '◇' } as const;
export const LEVEL_COLOR = {
  high: 'changeRisk.highRiskForeground',
  medium: 'changeRisk.mediumRiskForeground',
  low: 'changeRisk.lowRiskForeground',
} as const;

/** What the editor shows about one file needs of its risk. */
export type RiskView = Pick<FileRisk, 'path' | 'level' | 'rank' | 'area' | 'legacy' | 'incidents' | 'reasons' | 'role'> & Partial<Pick<FileRisk, 'rated' | 'reasonsIn'>>;

/** The reasons behind a level in the display language (the core writes them in English and Japanese). */
export function reasonsOf(risk: Pick<RiskView, 'reasons'> & Partial<Pick<FileRisk, 'reasonsIn'>>): readonly RiskReason[] {
  const lang = coreLang();
  return lang !== 'en' && risk.reasonsIn ? risk.reasonsIn(lang) : risk.reasons;
}

/**
 * One file as the editor rates it: its risk when it has a history at HEAD, its role, and whether that
 * role gets a level at all (the config's `risk.roles`: source code by default). A changelog, a Gemfile
 * or a postmortem is not rated: no badge, no level, no place among the risky files.
 */
export interface Rating {
  path: string;
  risk: RiskView | undefined;
  role: FileRole;
  rated: boolean;
  /** The roles the repository rates. */
  ratedRoles: readonly FileRole[];
}

export function ratingOf(model: Pick<RiskModel, 'file' | 'roleOf' | 'config'>, path: string): Rating {
  const risk = model.file(path);
  const role = risk?.role ?? model.roleOf(path);
  const ratedRoles = model.config.risk.roles;
  return { path, risk, role, rated: risk?.rated ?? ratedRoles.includes(role), ratedRoles };
}

/** "documentation — not rated". */
export function notRatedText(role: FileRole): string {
  return l10n.t('{0} — not rated', roleLabel(role));
}

/** "source code", "source code and test". */
export function ratedRolesText(roles: readonly FileRole[]): string {
  const labels = roles.map(roleLabel);
  return labels.length <= 1 ? (labels[0] ?? '') : l10n.t('{0} and {1}', labels.slice(0, -1).join(listSeparator()), labels[labels.length - 1]!);
}

/** Why a file of an unrated role has no level, in one sentence (plain text). */
export function notRatedSentence(rating: Pick<Rating, 'role' | 'ratedRoles'>): string {
  return l10n.t(
    "Change Risk rates {0} only (risk.roles in .changerisk/config.yaml); this file's role is {1}, so it gets no level, no badge and no place among the risky files.",
    ratedRolesText(rating.ratedRoles),
    roleLabel(rating.role),
  );
}

export interface BadgeData {
  badge: string;
  color: string;
  tooltip: string;
  /** Folders show that they contain the file: high only, so a red folder means one thing. */
  propagate: boolean;
}

/** The explorer badge: rated files with a level only, the tooltip naming the evidence behind it. */
export function fileBadge(rating: Rating | undefined): BadgeData | undefined {
  const risk = rating?.risk;
  if (!rating?.rated || !risk || risk.level === 'none') return undefined;
  const top = reasonsOf(risk)[0]?.text;
  return {
    badge: LEVEL_BADGE[risk.level],
    color: LEVEL_COLOR[risk.level],
    // The first line says whose mark this is: the explorer lists Git's and Problems' tooltips with it.
    tooltip: top ? l10n.t('Change Risk: {0} — {1}', levelText(risk.level), top) : l10n.t('Change Risk: {0}', levelText(risk.level)),
    propagate: risk.level === 'high',
  };
}

/** "$(flame) Risk: high · billing", "$(shield) Risk: documentation — not rated". */
export function statusBarText(rating: Rating): string {
  if (!rating.rated) return `$(shield) ${l10n.t('Risk: {0}', notRatedText(rating.role))}`;
  const { risk } = rating;
  if (!risk) return `$(shield) ${l10n.t('Risk: no history')}`;
  const icon = risk.level === 'high' ? '$(flame)' : risk.level === 'medium' ? '$(warning)' : '$(shield)';
  return `${icon} ${l10n.t('Risk: {0}', levelText(risk.level))}${risk.area ? ` · ${risk.area.name}` : ''}`;
}

/** The status bar tooltip's first part (Markdown, repository text escaped): the level and its reasons, or why there is none. */
export function statusBarTooltip(rating: Rating): string {
  const path = `**${escapeMarkdown(rating.path)}**`;
  if (!rating.rated) return `${path}: ${escapeMarkdown(notRatedText(rating.role))}\n\n${escapeMarkdown(notRatedSentence(rating))}\n`;
  const { risk } = rating;
  if (!risk) return `${l10n.t('{0} has no history at HEAD.', path)}\n`;
  const lines = [`${path}: ${levelRisk(risk.level)}${risk.rank ? ` (#${risk.rank})` : ''}`, ''];
  for (const reason of reasonsOf(risk)) lines.push(`- ${escapeMarkdown(reason.text)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The status bar item's accessible name: plain text a screen reader reads as is (no icons, no
 * Markdown escapes): "Change Risk: high risk, billing for app/invoice.rb. Click to explain."
 */
export function statusBarAccessibleName(rating: Rating, bar: readonly QualityRequirement[], note: string | undefined): string {
  const what = !rating.rated ? notRatedText(rating.role) : rating.risk ? levelRisk(rating.risk.level) : l10n.t('no history');
  const area = rating.rated && rating.risk?.area ? `${listSeparator()}${rating.risk.area.name}` : '';
  const parts = [l10n.t('Change Risk: {0} for {1}.', `${what}${area}`, rating.path)];
  if (bar.length > 0) parts.push(l10n.t('Quality bar for changes here: {0}.', requirementsText(bar)));
  if (note) parts.push(note);
  parts.push(l10n.t('Click to explain.'));
  return parts.join(' ');
}

/** "high risk", "low risk". */
export function levelRisk(level: string): string {
  return l10n.t('{0} risk', levelText(level));
}

/** A requirement of the quality bar in a word or two, for the status bar and the CodeLens. */
function requirementText(requirement: QualityRequirement): string {
  switch (requirement) {
    case 'impactStatement': return l10n.t('impact statement');
    case 'testChanges': return l10n.t('tests');
    case 'featureFlag': return l10n.t('feature flag');
    case 'ownerReview': return l10n.t('owner review');
    case 'rollbackPlan': return l10n.t('rollback plan');
    case 'monitoring': return l10n.t('monitoring');
  }
}

/** "1 incident", "3 incidents". */
export function incidentCount(count: number): string {
  return count === 1 ? l10n.t('1 incident') : l10n.t('{0} incidents', count);
}

/** Whether a file gets the CodeLens at its top: a rated file at high risk or legacy. */
export function wantsCodeLens(rating: Rating | undefined): rating is Rating & { risk: RiskView } {
  const risk = rating?.risk;
  return rating?.rated === true && risk !== undefined && (risk.level === 'high' || risk.legacy !== undefined);
}

/** "Legacy area billing · 1 incident · quality bar: tests + impact statement + monitoring". */
export function codeLensTitle(risk: RiskView, requirements?: readonly QualityRequirement[]): string {
  const parts: string[] = [];
  if (risk.legacy === 'declared' && risk.area) parts.push(l10n.t('Legacy area {0}', risk.area.name));
  else if (risk.legacy === 'detected') parts.push(l10n.t('Legacy (dormant, its author left)'));
  parts.push(capitalize(levelRisk(risk.level)));
  if (risk.incidents.length > 0) parts.push(incidentCount(risk.incidents.length));
  if (requirements && requirements.length > 0) parts.push(l10n.t('quality bar: {0}', requirements.map(requirementText).join(' + ')));
  else parts.push(risk.reasons.length === 1 ? l10n.t('1 reason') : l10n.t('{0} reasons', risk.reasons.length));
  return `$(warning) ${parts.join(' · ')}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "tests + impact statement + monitoring"; empty when the bar asks nothing. */
export function requirementsText(requirements: readonly QualityRequirement[]): string {
  return requirements.map(requirementText).join(' + ');
}

/** "bar: tests + impact statement + monitoring" for the status bar; empty when the bar asks nothing. */
export function barText(requirements: readonly QualityRequirement[]): string {
  return requirements.length > 0 ? l10n.t('bar: {0}', requirementsText(requirements)) : '';
}
