/**
 * `change-risk check --format gitlab`: the check's findings as a GitLab Code Quality report
 * (docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format), the artifact a job names under
 * `artifacts:reports:codequality`; GitLab shows its issues in the merge request widget and the diff. GitLab tells new
 * issues from old ones by `fingerprint`, so it is stable across runs and unique in the report.
 */
import type { CheckFinding, CheckResult } from './check';
import { reportedFindings } from './reportedFindings';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  /** The rule: the requirement name every format prints. */
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** An unmet requirement fails the check: major. A warning (a reminder, or what could not be checked): minor. */
const SEVERITY: Record<CheckFinding['severity'], CodeQualitySeverity> = { error: 'major', warning: 'minor' };

/** The Code Quality report of a check: pure, and the same bytes for the same result. An empty array when all is met. */
export function gitlabCodeQuality(result: CheckResult): CodeQualityIssue[] {
  return reportedFindings(result).map(({ finding, path, line, fingerprint }) => ({
    description: finding.message,
    check_name: finding.requirement,
    fingerprint,
    severity: SEVERITY[finding.severity],
    location: { path, lines: { begin: line } },
  }));
}
