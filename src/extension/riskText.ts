/** Short texts about one file's risk for the status bar, CodeLens and explorer badges. Pure. */
import type { FileRisk } from '../core/risk/riskModel';
import { plural } from '../core/risk/format';
import type { QualityRequirement } from '../core/team/schema';

export const LEVEL_BADGE = { high: 'H', medium: 'M', low: 'L' } as const;
export const LEVEL_COLOR = {
  high: 'changeRisk.highRiskForeground',
  medium: 'changeRisk.mediumRiskForeground',
  low: 'changeRisk.lowRiskForeground',
} as const;

export interface BadgeData {
  badge: string;
  color: string;
  tooltip: string;
  /** Folders show that they contain the file (high and medium only: low would mark half the tree). */
  propagate: boolean;
}

export function fileBadge(risk: FileRisk | undefined): BadgeData | undefined {
  if (!risk || risk.level === 'none') return undefined;
  const top = risk.reasons[0]?.text;
  return {
    badge: LEVEL_BADGE[risk.level],
    color: LEVEL_COLOR[risk.level],
    tooltip: `${capitalize(risk.level)} change risk${top ? `: ${top}` : ''}`,
    propagate: risk.level !== 'low',
  };
}

export function statusBarText(risk: FileRisk | undefined): string {
  if (!risk) return '$(shield) Risk: no history';
  const icon = risk.level === 'high' ? '$(flame)' : risk.level === 'medium' ? '$(warning)' : '$(shield)';
  return `${icon} Risk: ${risk.level}${risk.area ? ` · ${risk.area.name}` : ''}`;
}

const REQUIREMENT_TEXT: Record<QualityRequirement, string> = {
  impactStatement: 'impact statement',
  testChanges: 'tests',
  featureFlag: 'feature flag',
  ownerReview: 'owner review',
  rollbackPlan: 'rollback plan',
  monitoring: 'monitoring',
};

/** Whether a file gets the CodeLens at its top: high risk or legacy. */
export function wantsCodeLens(risk: FileRisk | undefined): risk is FileRisk {
  return risk !== undefined && (risk.level === 'high' || risk.legacy !== undefined);
}

/** "Legacy area billing · 1 incident · quality bar: tests + impact statement + monitoring". */
export function codeLensTitle(risk: FileRisk, requirements?: readonly QualityRequirement[]): string {
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
