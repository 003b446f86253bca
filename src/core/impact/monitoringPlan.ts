/** What the team's rules already say to watch, as the draft lists it; the author's own plan goes below it. */
import type { MonitoringPlan } from '../quality/qualityBar';
import type { Messages } from './messages';
import { escapeInline as t } from '../markdownText';

export function monitoringPlanLines(plan: MonitoringPlan, m: Messages): string[] {
  const lines: string[] = [];
  if (plan.dashboards.length) lines.push(`- ${m.monitoring.dashboards}: ${plan.dashboards.map(t).join(', ')}`);
  if (plan.alerts.length) lines.push(`- ${m.monitoring.alerts}: ${plan.alerts.map(t).join(', ')}`);
  if (plan.logs.length) lines.push(`- ${m.monitoring.logs}: ${plan.logs.map(t).join(', ')}`);
  if (plan.days) lines.push(`- ${m.monitoring.days(plan.days)}`);
  return lines;
}
