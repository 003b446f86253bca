/**
 * The check as a file another tool reads: SARIF 2.1.0 (code scanning) or a GitLab Code Quality report.
 * One choice for the CLI's `--format` and the action's `format` input, so both write the same bytes.
 */
import type { CheckResult } from './check';
import { gitlabCodeQuality, type CodeQualityIssue } from './gitlabCodeQuality';
import { sarifLog, type SarifLog, type SarifTool } from './sarif';

export const TOOL_REPORT_FORMATS = ['sarif', 'gitlab'] as const;
export type ToolReportFormat = (typeof TOOL_REPORT_FORMATS)[number];

export function toolReport(result: CheckResult, format: ToolReportFormat, tool: SarifTool): SarifLog | CodeQualityIssue[] {
  return format === 'sarif' ? sarifLog(result, tool) : gitlabCodeQuality(result);
}
