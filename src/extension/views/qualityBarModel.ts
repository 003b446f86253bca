/**
 * The Quality bar view's content for one file: the team's stance, the rules in force for the file, the
 * incident budget and the checklist of the current change. Pure: data in, nodes out.
 */
import * as l10n from '@vscode/l10n';
import type { ItemStatus } from '../../core/impact/analyse';
import { messages, type Lang } from '../../core/impact/messages';
import type { BudgetStatus } from '../../core/quality/budget';
import type { ChangeRiskAssessment } from '../../core/changes/changeRisk';
import type { CheckResult } from '../../core/quality/check';
import { changeRiskFinding, changeRiskPercent, type ChangeRiskLimit } from '../../core/quality/changeRiskRule';
import type { FileBar } from '../../core/quality/qualityBar';
import { percentText } from '../../core/changes/explain';
import { levelRisk, ratedRolesText } from '../riskText';
import { changeRiskHeadline, changeRiskReasons, changeRiskSentence, notRatedHeadline, trainedOnText, unavailableText, type ChangeRiskState } from '../changeRisk/changeRiskText';

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
  /** The change-level risk of the working change (issue #16): a row at the top when there is a change. */
  changeRisk?: ChangeRiskState;
  /** The language of the core's own texts (requirements, budget lines); the rest goes through the l10n bundle. */
  lang?: Lang;
}

const STATUS_ICON: Record<ItemStatus, string> = { met: 'pass', unmet: 'error', manual: 'person', unchecked: 'circle-outline' };
function statusText(status: ItemStatus): string {
  switch (status) {
    case 'met': return l10n.t('met');
    case 'unmet': return l10n.t('not met');
    case 'manual': return l10n.t('ask an owner');
    case 'unchecked': return l10n.t('checked against the PR description');
  }
}

/** Said where the team has written no quality bar: which rules apply and how to write your own. */
function defaultsTooltip(): string {
  return l10n.t('Your team has not written a quality bar, so the built-in rules apply. Add qualityBar to .changerisk/config.yaml to set your own.');
}

export function stanceNode(stance: StanceData): BarNode {
  const children: BarNode[] = [];
  for (const [kind, text] of Object.entries(stance.tolerance)) if (text) children.push({ id: `stance/${kind}`, label: `${kind}: ${text}`, icon: 'dash' });
  if (!stance.configured) children.push({ id: 'stance/defaults', label: l10n.t('built-in rules apply'), tooltip: defaultsTooltip(), icon: 'info' });
  else if (children.length === 0) children.push({ id: 'stance/no-tolerance', label: l10n.t('no tolerances written'), icon: 'info' });
  const tooltip = stance.summary
    ?? (stance.configured ? l10n.t('Add qualityBar.summary to .changerisk/config.yaml to say here how careful the team wants to be.') : defaultsTooltip());
  return {
    id: 'stance',
    label: stance.summary ?? (stance.configured ? l10n.t('Team stance: not written') : l10n.t('Team rules: built-in')),
    icon: 'megaphone',
    tooltip,
    children,
  };
}

export function rulesNode(file: FileBar, notRated?: string, lang: Lang = 'en'): BarNode {
  const core = messages(lang);
  // A file with no risk (or no history yet: a new file) says nothing of its level rather than "none risk".
  const level = notRated ?? (file.level === 'none' ? undefined : levelRisk(file.level));
  const subject = [file.area, level, ...(file.legacy ? [l10n.t('legacy')] : [])].filter(Boolean).join(' · ');
  const children: BarNode[] = file.requirements.map((requirement) => ({ id: `rules/${requirement}`, label: core.requirement[requirement], description: l10n.t('required'), icon: 'checklist' }));
  if (file.monitoring) {
    const plan = [...file.monitoring.dashboards, ...file.monitoring.alerts, ...file.monitoring.logs];
    if (plan.length > 0 || file.monitoring.days) {
      children.push({ id: 'rules/monitoring-plan', label: l10n.t('watch: {0}', plan.join(', ') || l10n.t('dashboards and alerts')), ...(file.monitoring.days ? { description: core.monitoring.days(file.monitoring.days) } : {}), icon: 'pulse' });
    }
  }
  if (children.length === 0) children.push({ id: 'rules/none', label: l10n.t('no extra requirement for this file'), icon: 'pass' });
  const from = file.rules.map((rule) => rule.label).join(', ');
  children.push({ id: 'rules/from', label: from ? l10n.t('from: {0}', from) : l10n.t('no rule applies'), description: file.defaults ? l10n.t('built-in rules') : l10n.t('team rules'), tooltip: file.defaults ? defaultsTooltip() : l10n.t('qualityBar.rules in .changerisk/config.yaml'), icon: 'law' });
  return { id: 'rules', label: l10n.t('Rules for {0}', baseName(file.path)), description: subject, tooltip: file.path, icon: 'shield', children };
}

/** "2 incidents in 2026-11, budget 1: stop and hold a postmortem". */
export function budgetText(budget: BudgetStatus | undefined, lang: Lang = 'en'): { label: string; exceeded: boolean; lines: string[] } {
  if (!budget) return { label: l10n.t('No incident budget'), exceeded: false, lines: [] };
  const core = messages(lang);
  const colon = core.punct.colon === ':' ? ': ' : core.punct.colon;
  const lines = budget.lines.map((line) => `${core.budgetLine(line.count, line.kind, budget.label, line.limit)}${line.exceeded ? `${colon}${budget.onExceeded}` : ''}`);
  const worst = budget.lines.find((line) => line.exceeded) ?? budget.lines[0];
  const head = worst ? `${core.budgetLine(worst.count, worst.kind, budget.label, worst.limit)}${worst.exceeded ? `${colon}${budget.onExceeded}` : ''}` : l10n.t('nothing counted in {0}', budget.label);
  return { label: l10n.t('Incident budget: {0}', head), exceeded: budget.exceeded, lines };
}

export function budgetNode(budget: BudgetStatus | undefined, lang: Lang = 'en'): BarNode {
  const text = budgetText(budget, lang);
  return {
    id: 'budget',
    label: text.label,
    icon: text.exceeded ? 'warning' : 'graph-line',
    ...(budget ? {} : { tooltip: l10n.t('Nothing limits how many incidents a month may bring. Set qualityBar.budget in .changerisk/config.yaml to be warned when a month goes over.') }),
    ...(text.lines.length > 1 ? { children: text.lines.map((line, i) => ({ id: `budget/${i}`, label: line, icon: 'dash' })) } : {}),
  };
}

export function checklistNode(checklist: ChecklistState, lang: Lang = 'en', changeRisk?: ChangeRiskState): BarNode {
  const core = messages(lang);
  const base = { id: 'checklist', label: l10n.t('Checklist for this change'), icon: 'tasklist' };
  switch (checklist.state) {
    case 'running':
      return { ...base, description: l10n.t('checking…'), children: [] };
    case 'error':
      return { ...base, description: l10n.t('could not check'), tooltip: checklist.message, children: [{ id: 'checklist/error', label: checklist.message, icon: 'error' }] };
    case 'none':
      return { ...base, description: l10n.t('not checked yet'), children: [] };
    default: {
      const { result } = checklist;
      const change = result.analysis.change;
      if (change.files.length === 0) return { ...base, description: l10n.t('no changes against {0}', change.base.ref), children: [] };
      const children: BarNode[] = result.analysis.checklist.map((item) => {
        const detail =
          item.requirement === 'testChanges' && item.missing.length > 0 ? l10n.t('no test change for {0}', item.missing.join(', ')) : item.status === 'manual' ? `${item.owners.join(', ') || '?'}` : statusText(item.status);
        return {
          id: `checklist/${item.requirement}`,
          label: core.requirement[item.requirement],
          description: detail,
          tooltip: l10n.t('{0}: {1} (for {2})', core.requirement[item.requirement], statusText(item.status), item.files.join(', ')),
          icon: STATUS_ICON[item.status],
        };
      });
      for (const [i, finding] of result.findings.filter((f) => f.requirement === 'budget').entries()) children.push({ id: `checklist/budget/${i}`, label: finding.message, icon: 'warning' });
      // The checklist ran without the change risk (it comes later, from the worker): its limit is judged here.
      const limitNode = changeRiskLimitNode(result.analysis.bar.changeRiskLimit, changeRisk, lang);
      if (limitNode) children.push(limitNode.node);
      if (children.length === 0) children.push({ id: 'checklist/nothing', label: l10n.t('the bar asks nothing of this change'), icon: 'pass' });
      const errors = result.findings.filter((f) => f.severity === 'error' && f.requirement !== 'changeRisk').length + (limitNode?.error ? 1 : 0);
      const against = change.files.length === 1 ? l10n.t('1 file against {0}', change.base.ref) : l10n.t('{0} files against {1}', change.files.length, change.base.ref);
      return { ...base, description: `${against} · ${errors === 0 ? l10n.t('passes') : l10n.t('{0} unmet', errors)}`, children };
    }
  }
}

/** The bar's limit on the change risk, as a checklist item: over it (an error), within it, or not known yet. */
function changeRiskLimitNode(limit: ChangeRiskLimit | undefined, state: ChangeRiskState | undefined, lang: Lang): { node: BarNode; error: boolean } | undefined {
  if (!limit) return undefined;
  const core = messages(lang);
  const label = core.changeRisk.limit(percentText(limit.max));
  const id = 'checklist/changeRisk';
  const assessment = state?.state === 'ready' ? state.assessment : undefined;
  if (!assessment) {
    const pending = state?.state === 'error' ? state.message : l10n.t('waiting for the change risk');
    return { node: { id, label, description: pending, tooltip: pending, icon: STATUS_ICON.unchecked }, error: false };
  }
  const finding = changeRiskFinding(limit, assessment, lang);
  if (!finding) {
    const within = assessment.status === 'scored' ? l10n.t('{0} is within {1}', changeRiskPercent(assessment.score.probability, limit), percentText(limit.max)) : statusText('met');
    return { node: { id, label, description: within, tooltip: within, icon: STATUS_ICON.met }, error: false };
  }
  const over = finding.severity === 'error' && assessment.status === 'scored';
  const description = over ? l10n.t('{0} is over {1}', changeRiskPercent(assessment.score.probability, limit), percentText(limit.max)) : statusText('unchecked');
  return { node: { id, label, description, tooltip: finding.message, icon: over ? STATUS_ICON.unmet : 'warning' }, error: over };
}

/**
 * "Change risk: 23 %  average 11 %" with the reasons that pushed it up as children; undefined when
 * there is no working change. A change to tests or docs alone says so rather than showing nothing: a
 * row that vanishes reads as a bug, and "no source code changed" tells the developer it is deliberate.
 */
export function changeRiskNode(state: ChangeRiskState | undefined, lang: Lang = 'en'): BarNode | undefined {
  const id = 'change-risk';
  if (!state || state.state === 'none') return undefined;
  if (state.state === 'running') return { id, label: state.learning ? l10n.t('Change risk: learning from history…') : l10n.t('Change risk: computing…'), icon: 'loading~spin' };
  if (state.state === 'error') return { id, label: l10n.t('Change risk: could not be computed'), description: state.message, tooltip: state.message, icon: 'error' };
  const { assessment, ratedRoles } = state;
  const updating = state.updating ? { description: l10n.t('updating…') } : {};
  if (assessment.status === 'scored') return scoredNode(id, assessment, lang, state.updating === true);
  if (assessment.status === 'not-rated') {
    const tooltip = l10n.t('The change model rates changes to {0} (risk.roles in .changerisk/config.yaml); this change touches none.', ratedRolesText(ratedRoles));
    return { id, label: notRatedHeadline(ratedRoles), ...updating, tooltip, icon: 'info' };
  }
  const { label, description, tooltip } = unavailableText(assessment);
  return { id, label, description: state.updating ? `${description} · ${l10n.t('updating…')}` : description, tooltip, icon: assessment.cause === 'failed' ? 'warning' : 'info' };
}

function scoredNode(id: string, assessment: Extract<ChangeRiskAssessment, { status: 'scored' }>, lang: Lang, updating: boolean): BarNode {
  const sentence = changeRiskSentence(assessment, lang);
  const reasons = changeRiskReasons(assessment, lang);
  const children: BarNode[] =
    reasons.length > 0
      ? reasons.map((reason, i) => ({ id: `${id}/reason/${i}`, label: reason, tooltip: sentence, icon: 'arrow-up' }))
      : [{ id: `${id}/reason/none`, label: assessment.score.probability < assessment.score.baseRate ? l10n.t('below the average change') : l10n.t('nothing in it stands out'), tooltip: sentence, icon: 'dash' }];
  const headline = changeRiskHeadline(assessment.score);
  const description = updating ? `${headline.description} · ${l10n.t('updating…')}` : headline.description;
  return { id, label: headline.label, description, tooltip: `${sentence}\n\n${trainedOnText(assessment)}`, icon: 'git-compare', children };
}

export function qualityBarNodes(input: BarModelInput): BarNode[] {
  const lang = input.lang ?? 'en';
  const changeRisk = changeRiskNode(input.changeRisk, lang);
  return [...(changeRisk ? [changeRisk] : []), stanceNode(input.stance), rulesNode(input.file, input.notRated, lang), budgetNode(input.budget, lang), checklistNode(input.checklist, lang, input.changeRisk)];
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
