/**
 * The CI check: the quality bar evaluated against the change (and the PR body, when given). Each unmet
 * requirement is an error; what cannot be verified from the repository alone is a warning.
 */
import { firstChangedLine } from '../change/change';
import type { ChangeRiskEngine } from '../engine';
import { analyseChange, type ImpactAnalysis, type ImpactOptions } from '../impact/analyse';
import { messages, type Lang } from '../impact/messages';
import type { QualityRequirement } from './qualityBar';
import type { CheckFinding } from './finding';
import { changeRiskFinding } from './changeRiskRule';

/** The requirements read from the PR body. */
const PR_BODY_REQUIREMENTS: ReadonlySet<QualityRequirement> = new Set(['impactStatement', 'rollbackPlan', 'monitoring']);

export type { CheckFinding };

export interface CheckResult {
  analysis: ImpactAnalysis;
  findings: CheckFinding[];
  /** True when there is no error (warnings allowed). */
  passed: boolean;
}

export interface CheckOptions extends ImpactOptions {
  lang?: Lang;
  /**
   * The PR body is only the start of the description (GitLab cuts CI_MERGE_REQUEST_DESCRIPTION): a section it lacks
   * may be past the cut, so a PR-body requirement not found in it is a warning, not an error.
   */
  prBodyTruncated?: boolean;
}

export async function checkChange(engine: ChangeRiskEngine, options: CheckOptions = {}): Promise<CheckResult> {
  const analysis = await analyseChange(engine, options);
  const m = messages(options.lang ?? 'en');
  const findings: CheckFinding[] = [];
  const fileAt = (path: string) => {
    const file = analysis.change.files.find((candidate) => candidate.path === path);
    return file ? { file: path, line: firstChangedLine(file) } : {};
  };
  const names = (files: string[]) => files.slice(0, 5).join(', ') + (files.length > 5 ? ` ${m.more(files.length - 5)}` : '');
  for (const item of analysis.checklist) {
    const requirement = item.requirement;
    const rules = item.rules.join(', ');
    if (item.status === 'unchecked') {
      findings.push({ severity: 'warning', requirement, message: m.check.unchecked(m.requirement[requirement]) });
      continue;
    }
    if (item.status === 'manual') {
      findings.push({ severity: 'warning', requirement, message: m.check.ownerReview(item.owners.join(', ') || '?', names(item.files)), ...fileAt(item.files[0]!) });
      continue;
    }
    if (item.status === 'met') continue;
    if (options.prBodyTruncated && PR_BODY_REQUIREMENTS.has(requirement)) {
      findings.push({ severity: 'warning', requirement, message: m.check.truncated(m.requirement[requirement]) });
      continue;
    }
    switch (requirement) {
      case 'testChanges':
        for (const path of item.missing) {
          const claim = analysis.missingTests.find((missing) => missing.path === path);
          const test = claim?.existing[0] ?? claim?.expected[0];
          findings.push({ severity: 'error', requirement, message: m.check.testChanges(path, rules, test), ...fileAt(path) });
        }
        break;
      case 'impactStatement':
        findings.push({ severity: 'error', requirement, message: m.check.impactStatement });
        break;
      case 'featureFlag':
        findings.push({ severity: 'error', requirement, message: m.check.featureFlag(names(item.files), rules), ...fileAt(item.files[0]!) });
        break;
      case 'rollbackPlan':
        findings.push({ severity: 'error', requirement, message: m.check.rollbackPlan(rules) });
        break;
      case 'monitoring':
        findings.push({ severity: 'error', requirement, message: m.check.monitoring(rules) });
        break;
      default:
        break;
    }
  }
  for (const line of analysis.budget?.lines ?? []) {
    if (!line.exceeded) continue;
    const text = `${m.budgetLine(line.count, line.kind, analysis.budget!.label, line.limit)} (${line.incidentIds.join(', ')})`;
    findings.push({ severity: 'error', requirement: 'budget', message: m.check.budget(text, analysis.budget!.onExceeded) });
  }
  // After the budget: every format lists the findings in the order of the SARIF rules.
  const changeRisk = changeRiskFinding(analysis.bar.changeRiskLimit, analysis.changeRisk, options.lang ?? 'en', analysis.changeRiskSkipped);
  if (changeRisk) findings.push(changeRisk);
  return { analysis, findings, passed: !findings.some((finding) => finding.severity === 'error') };
}

/** A workflow command's message: `%`, CR and LF escaped, so that it stays one command on one line. */
export const escapeWorkflowData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value: also `:` and `,`, which would end the value or start another property. */
export const escapeWorkflowProperty = (text: string) => escapeWorkflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…,title=…::message` for GitHub Actions, with the escaping its workflow commands need. */
export function githubAnnotation(finding: CheckFinding): string {
  const escapeData = escapeWorkflowData;
  const escapeProperty = escapeWorkflowProperty;
  const properties = [
    ...(finding.file ? [`file=${escapeProperty(finding.file)}`] : []),
    ...(finding.file && finding.line ? [`line=${finding.line}`] : []),
    `title=${escapeProperty(`change-risk: ${finding.requirement}`)}`,
  ];
  return `::${finding.severity} ${properties.join(',')}::${escapeData(finding.message)}`;
}
