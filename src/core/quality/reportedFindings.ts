/**
 * The check's findings as machine-readable reports (SARIF, GitLab Code Quality) need them: every finding at a place in
 * the repository, and an identity that stays the same from one run to the next. Both formats take them from here, so
 * they agree with each other and with the text and `github` formats, which print the same findings.
 */
import { createHash } from 'node:crypto';
import { firstChangedLine } from '../change/change';
import { CONFIG_FILE } from '../team/schema';
import type { CheckFinding, CheckResult } from './check';

export interface ReportedFinding {
  finding: CheckFinding;
  /** Repository-relative, `/`-separated. */
  path: string;
  /** 1-based. */
  line: number;
  /**
   * 32 hex digits, unique in the report and stable across runs: it names the rule, the file and what the finding is
   * about, never a line number or the message (lines move, counts and the language change).
   */
  fingerprint: string;
}

/**
 * Where each finding is reported. GitHub code scanning rejects a whole SARIF file when one result has no location,
 * and a Code Quality issue needs a path, so a finding about no file gets one: a PR-body requirement is shown at the
 * first changed file whose bar asks for it (that file is why it is required, and it is in the diff), the change risk
 * at the riskiest changed source file its limit applies to; the incident budget, and anything else, at the team's config file,
 * where the bar is written.
 */
export function reportedFindings(result: CheckResult): ReportedFinding[] {
  const { change, checklist, budget } = result.analysis;
  const { changeRiskLimit } = result.analysis.bar;
  const firstLine = (path: string) => {
    const file = change.files.find((candidate) => candidate.path === path);
    return file ? firstChangedLine(file) : 1;
  };
  const exceededKinds = (budget?.lines ?? []).filter((line) => line.exceeded).map((line) => line.kind);
  const seen = new Map<string, number>();
  let budgetIndex = 0;
  return result.findings.map((finding) => {
    let path: string;
    let line: number;
    if (finding.file) {
      path = finding.file;
      line = finding.line ?? firstLine(finding.file);
    } else {
      // The change risk's files: those its limit applies to, riskiest first; a requirement's: those whose bar asks for it.
      const files = finding.requirement === 'changeRisk' ? changeRiskFiles(result, changeRiskLimit?.files ?? []) : finding.requirement === 'budget' ? undefined : checklist.find((candidate) => candidate.requirement === finding.requirement)?.files;
      // A file still there: a deleted one has no line to show.
      const cause = files?.find((file) => change.files.some((changed) => changed.path === file && changed.status !== 'deleted'));
      path = cause ?? CONFIG_FILE;
      line = cause ? firstLine(cause) : 1;
    }
    // checkChange reports the exceeded budget lines in the budget's order, one finding each.
    const subject = finding.requirement === 'budget' ? (exceededKinds[budgetIndex++] ?? '') : (finding.file ?? '');
    let key = `${finding.requirement}\0${subject}`;
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    if (repeat > 0) key += `\0${repeat}`;
    return { finding, path, line, fingerprint: createHash('sha256').update(`change-risk\0${key}`).digest('hex').slice(0, 32) };
  });
}

/** The files the change risk limit applies to, those the model rates first (the risky files in their order, then the other source), so it is shown on code. */
function changeRiskFiles(result: CheckResult, files: readonly string[]): string[] {
  const { riskyFiles, overview } = result.analysis;
  const preferred = [...riskyFiles.map((file) => file.path), ...(overview.groups.find((group) => group.role === 'source')?.files ?? [])];
  const rank = (path: string) => {
    const at = preferred.indexOf(path);
    return at < 0 ? preferred.length : at;
  };
  return [...files].sort((a, b) => rank(a) - rank(b));
}
