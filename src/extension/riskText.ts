/** Short texts about one file's risk for the status bar, CodeLens and explorer badges. Pure. */
import { ROLE_LABELS, type FileRole } from '../core/files/roles';
import type { FileRisk, RiskModel } from '../core/risk/riskModel';
import { plural } from '../core/risk/format';
import type { QualityRequirement } from '../core/team/schema';
import { escapeMarkdown } from './markdown';

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
export type RiskView = Pick<FileRisk, 'path' | 'level' | 'rank' | 'area' | 'legacy' | 'incidents' | 'reasons' | 'role'> & Partial<Pick<FileRisk, 'rated'>>;

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
  return `${ROLE_LABELS[role]} — not rated`;
}

/** "source code", "source code and test". */
export function ratedRolesText(roles: readonly FileRole[]): string {
  const labels = roles.map((role) => ROLE_LABELS[role]);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** Why a file of an unrated role has no level, in one sentence (plain text). */
export function notRatedSentence(rating: Pick<Rating, 'role' | 'ratedRoles'>): string {
  return `Change Risk rates ${ratedRolesText(rating.ratedRoles)} only (risk.roles in .changerisk/config.yaml); this file's role is ${ROLE_LABELS[rating.role]}, so it gets no level, no badge and no place among the risky files.`;
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
  const top = risk.reasons[0]?.text;
  return {
    badge: LEVEL_BADGE[risk.level],
    color: LEVEL_COLOR[risk.level],
    // The first line says whose mark this is: the explorer lists Git's and Problems' tooltips with it.
    tooltip: `Change Risk: ${risk.level}${top ? ` — ${top}` : ''}`,
    propagate: risk.level === 'high',
  };
}

/** "$(flame) Risk: high · billing", "$(shield) Risk: documentation — not rated". */
export function statusBarText(rating: Rating): string {
  if (!rating.rated) return `$(shield) Risk: ${notRatedText(rating.role)}`;
  const { risk } = rating;
  if (!risk) return '$(shield) Risk: no history';
  const icon = risk.level === 'high' ? '$(flame)' : risk.level === 'medium' ? '$(warning)' : '$(shield)';
  return `${icon} Risk: ${risk.level}${risk.area ? ` · ${risk.area.name}` : ''}`;
}

/** The status bar tooltip's first part (Markdown, repository text escaped): the level and its reasons, or why there is none. */
export function statusBarTooltip(rating: Rating): string {
  const path = `**${escapeMarkdown(rating.path)}**`;
  if (!rating.rated) return `${path}: ${escapeMarkdown(notRatedText(rating.role))}\n\n${escapeMarkdown(notRatedSentence(rating))}\n`;
  const { risk } = rating;
  if (!risk) return `${path} has no history at HEAD.\n`;
  const lines = [`${path}: ${risk.level} risk${risk.rank ? ` (#${risk.rank})` : ''}`, ''];
  for (const reason of risk.reasons) lines.push(`- ${escapeMarkdown(reason.text)}`);
  return `${lines.join('\n')}\n`;
}

const REQUIREMENT_TEXT: Record<QualityRequirement, string> = {
  impactStatement: 'impact statement',
  testChanges: 'tests',
  featureFlag: 'feature flag',
  ownerReview: 'owner review',
  rollbackPlan: 'rollback plan',
  monitoring: 'monitoring',
};

/** Whether a file gets the CodeLens at its top: a rated file at high risk or legacy. */
export function wantsCodeLens(rating: Rating | undefined): rating is Rating & { risk: RiskView } {
  const risk = rating?.risk;
  return rating?.rated === true && risk !== undefined && (risk.level === 'high' || risk.legacy !== undefined);
}

/** "Legacy area billing · 1 incident · quality bar: tests + impact statement + monitoring". */
export function codeLensTitle(risk: RiskView, requirements?: readonly QualityRequirement[]): string {
  const parts: string[] = [];
  if (risk.legacy === 'declared' && risk.area) parts.push(`Legacy area ${risk.area.name}`);
  else if (risk.legacy === 'detected') parts.push('Legacy (dormant, its author left)');
  parts.push(`${capitalize(risk.level)} risk`);
  if (risk.incidents.length > 0) parts.push(plural(risk.incidents.length, 'incident'));
  if (requirements && requirements.length > 0) parts.push(`quality bar: ${requirements.map((r) => REQUIREMENT_TEXT[r]).join(' + ')}`);
  else parts.push(plural(risk.reasons.length, 'reason'));
  return `$(warning) ${parts.join(' · ')}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "bar: tests + impact statement + monitoring" for the status bar; empty when the bar asks nothing. */
export function barText(requirements: readonly QualityRequirement[]): string {
  return requirements.length > 0 ? `bar: ${requirements.map((r) => REQUIREMENT_TEXT[r]).join(' + ')}` : '';
}
