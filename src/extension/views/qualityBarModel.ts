/**
 * The Quality bar view's content for one file: the team's stance, the rules in force for the file, the
 * incident budget and the checklist of the current change. Pure: data in, nodes out.
 */
import type { ItemStatus } from '../../core/impact/analyse';
import { messages } from '../../core/impact/messages';
import type { BudgetStatus } from '../../core/quality/budget';
import type { CheckResult } from '../../core/quality/check';
import type { FileBar } from '../../core/quality/qualityBar';

export interface BarNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id. */
  icon?: string;
  children?: BarNode[];
}

export interface StanceData {
  summary?: string;
  tolerance: Record<string, string | undefined>;
  /** Whether the team wrote a quality bar at all. */
  configured: boolean;
}

export type ChecklistState = { state: 'ready'; result: CheckResult } | { state: 'running' } | { state: 'error'; message: string } | { state: 'none' };

export interface BarModelInput {
  file: FileBar;
  /** For a file of a role that is not rated: what to say instead of its level ("documentation — not rated"). */
  notRated?: string;
  stance: StanceData;
  budget?: BudgetStatus;
  checklist: ChecklistState;
}

const en = messages('en');

const STATUS_ICON: Record<ItemStatus, string> = { met: 'pass', unmet: 'error', manual: 'person', unchecked: 'circle-outline' };
const STATUS_TEXT: Record<ItemStatus, string> = { met: 'met', unmet: 'not met', manual: 'ask an owner', unchecked: 'checked against the PR description' };

export function stanceNode(stance: StanceData): BarNode {
  const children: BarNode[] = [];
  for (const [kind, text] of Object.entries(stance.tolerance)) if (text) children.push({ id: `stance/${kind}`, label: `${kind}: ${text}`, icon: 'dash' });
  if (!stance.configured) children.push({ id: 'stance/defaults', label: 'defaults apply', description: 'no qualityBar in .changerisk/config.yaml', icon: 'info' });
  else if (children.length === 0) children.push({ id: 'stance/no-tolerance', label: 'no tolerances written', icon: 'info' });
  return {
    id: 'stance',
    label: stance.summary ?? (stance.configured ? 'Team stance not written (qualityBar.summary)' : 'Team stance: defaults apply'),
    description: 'stance',
    icon: 'megaphone',
    ...(stance.summary ? { tooltip: stance.summary } : {}),
    children,
  };
}

export function rulesNode(file: FileBar, notRated?: string): BarNode {
  const subject = [file.area, notRated ?? `${file.level} risk`, ...(file.legacy ? ['legacy'] : [])].filter(Boolean).join(' · ');
  const children: BarNode[] = file.requirements.map((requirement) => ({ id: `rules/${requirement}`, label: en.requirement[requirement], description: 'required', icon: 'checklist' }));
  if (file.monitoring) {
    const plan = [...file.monitoring.dashboards, ...file.monitoring.alerts, ...file.monitoring.logs];
    if (plan.length > 0 || file.monitoring.days) {
      children.push({ id: 'rules/monitoring-plan', label: `watch: ${plan.join(', ') || 'dashboards and alerts'}`, ...(file.monitoring.days ? { description: en.monitoring.days(file.monitoring.days) } : {}), icon: 'pulse' });
    }
  }
  if (children.length === 0) children.push({ id: 'rules/none', label: 'no extra requirement for this file', icon: 'pass' });
  const from = file.rules.map((rule) => rule.label).join(', ');
  children.push({ id: 'rules/from', label: from ? `from: ${from}` : 'no rule applies', description: file.defaults ? 'defaults apply' : 'qualityBar.rules', icon: 'law' });
  return { id: 'rules', label: `Rules for ${baseName(file.path)}`, description: subject, tooltip: file.path, icon: 'shield', children };
}

/** "2 incidents in 2026-11, budget 1: stop and hold a postmortem". */
export function budgetText(budget: BudgetStatus | undefined): { label: string; exceeded: boolean; lines: string[] } {
  if (!budget) return { label: 'Incident budget: none set', exceeded: false, lines: [] };
  const lines = budget.lines.map((line) => `${en.budgetLine(line.count, line.kind, budget.label, line.limit)}${line.exceeded ? `: ${budget.onExceeded}` : ''}`);
  const worst = budget.lines.find((line) => line.exceeded) ?? budget.lines[0];
  const head = worst ? `${en.budgetLine(worst.count, worst.kind, budget.label, worst.limit)}${worst.exceeded ? `: ${budget.onExceeded}` : ''}` : `nothing counted in ${budget.label}`;
  return { label: `Incident budget: ${head}`, exceeded: budget.exceeded, lines };
}

export function budgetNode(budget: BudgetStatus | undefined): BarNode {
  const text = budgetText(budget);
  return {
    id: 'budget',
    label: text.label,
    icon: text.exceeded ? 'warning' : 'graph-line',
    ...(budget ? {} : { description: 'qualityBar.budget' }),
    ...(text.lines.length > 1 ? { children: text.lines.map((line, i) => ({ id: `budget/${i}`, label: line, icon: 'dash' })) } : {}),
  };
}

export function checklistNode(checklist: ChecklistState): BarNode {
  const base = { id: 'checklist', label: 'Checklist for this change', icon: 'tasklist' };
  switch (checklist.state) {
    case 'running':
      return { ...base, description: 'checking…', children: [] };
    case 'error':
      return { ...base, description: 'could not check', tooltip: checklist.message, children: [{ id: 'checklist/error', label: checklist.message, icon: 'error' }] };
    case 'none':
      return { ...base, description: 'not checked yet', children: [] };
    default: {
      const { result } = checklist;
      const change = result.analysis.change;
      if (change.files.length === 0) return { ...base, description: `no changes against ${change.base.ref}`, children: [] };
      const children: BarNode[] = result.analysis.checklist.map((item) => {
        const detail =
          item.requirement === 'testChanges' && item.missing.length > 0 ? `no test change for ${item.missing.join(', ')}` : item.status === 'manual' ? `${item.owners.join(', ') || '?'}` : STATUS_TEXT[item.status];
        return {
          id: `checklist/${item.requirement}`,
          label: en.requirement[item.requirement],
          description: detail,
          tooltip: `${en.requirement[item.requirement]}: ${STATUS_TEXT[item.status]} (for ${item.files.join(', ')})`,
          icon: STATUS_ICON[item.status],
        };
      });
      for (const [i, finding] of result.findings.filter((f) => f.requirement === 'budget').entries()) children.push({ id: `checklist/budget/${i}`, label: finding.message, icon: 'warning' });
      if (children.length === 0) children.push({ id: 'checklist/nothing', label: 'the bar asks nothing of this change', icon: 'pass' });
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      return { ...base, description: `${change.files.length} files against ${change.base.ref} · ${errors === 0 ? 'passes' : `${errors} unmet`}`, children };
    }
  }
}

export function qualityBarNodes(input: BarModelInput): BarNode[] {
  return [stanceNode(input.stance), rulesNode(input.file, input.notRated), budgetNode(input.budget), checklistNode(input.checklist)];
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
