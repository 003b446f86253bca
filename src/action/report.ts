/**
 * The check and the impact statement as Markdown for the job summary and the sticky pull request comment. Finding
 * messages quote repository text (paths, owner handles, incident ids): they are escaped like every other repository
 * text in rendered Markdown (markdownText.ts), so a file name renders as the name it is and a CODEOWNERS handle
 * mentions nobody. The statement is rendered by the engine, escaped already.
 */
import type { CheckFinding, CheckResult } from '../core/quality/check';
import { changeRiskBlock } from '../core/impact/changeRiskText';
import { messages, type Lang } from '../core/impact/messages';
import { escapeInline, markdownCode } from '../core/markdownText';
import { ANNOTATIONS_PER_STEP, type AnnotationSeverity } from './annotations';

/** GitHub refuses a comment body over 65,536 characters; the rest is room for the marker and the notes. */
export const COMMENT_MAX_CHARS = 60_000;

export interface Report {
  result: CheckResult;
  lang: Lang;
  /** The impact statement (Markdown, rendered from the same analysis). */
  statement: string;
}

const TEXT = {
  en: {
    notAnnotated: (count: number, severity: AnnotationSeverity) =>
      `${count} more ${severity === 'error' ? (count === 1 ? 'error' : 'errors') : count === 1 ? 'warning' : 'warnings'} not shown as annotations (GitHub shows at most ${ANNOTATIONS_PER_STEP[severity]} per step): every finding is listed here.`,
    statementTooLong: (where: string) => `The impact statement is too long for ${where}; run \`change-risk impact\` to draft it.`,
    thisComment: 'this comment',
    theSummary: 'the job summary',
    runLink: 'Job summary and annotations',
  },
  ja: {
    notAnnotated: (count: number, severity: AnnotationSeverity) =>
      `注釈として表示していない${severity === 'error' ? 'エラー' : '警告'}があと ${count} 件あります（GitHub が 1 ステップに表示するのは ${ANNOTATIONS_PER_STEP[severity]} 件まで）。すべての指摘はここに一覧しています。`,
    statementTooLong: (where: string) => `影響範囲の説明は${where}には長すぎます。\`change-risk impact\` で下書きしてください。`,
    thisComment: 'このコメント',
    theSummary: 'ジョブのサマリー',
    runLink: 'ジョブのサマリーと注釈',
  },
} as const;

/** "❌ Change Risk: 2 unmet requirements, 1 warning", in the report's language. */
export function headline(report: Report): string {
  const m = messages(report.lang);
  const errors = report.result.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = report.result.findings.length - errors;
  const allMet = report.result.passed && warnings === 0;
  return `${report.result.passed ? '✅' : '❌'} Change Risk: ${allMet ? m.check.allMet : m.check.summary(errors, warnings)}`;
}

function findingLine(finding: CheckFinding): string {
  const where = finding.file ? ` (${markdownCode(`${finding.file}:${finding.line ?? 1}`)})` : '';
  return `- ${finding.severity === 'error' ? '❌' : '⚠️'} **${finding.requirement}**: ${escapeInline(finding.message)}${where}`;
}

/** The findings, errors first, at most `max` of them with a "…and N more" line. */
function findingLines(report: Report, max: number): string[] {
  const m = messages(report.lang);
  const ordered = [...report.result.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const lines = ordered.slice(0, max).map(findingLine);
  if (ordered.length > max) lines.push(`- ${m.more(ordered.length - max)}`);
  return lines;
}

interface Layout {
  /** Lines before the findings (marker, headline). */
  head: string[];
  /** Lines between the findings and the statement (notes). */
  notes: string[];
  /** How the statement is placed: as is, or folded in a `<details>` block. */
  fold: boolean;
  /** Size of a candidate: bytes for the summary, characters for a comment. */
  measure: (text: string) => number;
  limit: number;
  /** Where the text goes, for the note when the statement does not fit. */
  where: string;
}

/**
 * The longest report that fits: everything; else without the statement (a note says so); else with fewer findings
 * listed. A report that would not fit is refused by GitHub altogether, which would hide the check's result.
 */
function fitted(report: Report, layout: Layout): string {
  const m = messages(report.lang);
  const text = TEXT[report.lang];
  const { analysis } = report.result;
  const intro = analysis.change.files.length === 0 ? [m.check.emptyChange, ''] : [];
  const statement = layout.fold ? ['<details>', `<summary>${m.title}</summary>`, '', report.statement.trimEnd(), '', '</details>'] : ['---', '', report.statement.trimEnd()];
  const render = (max: number, withStatement: boolean) => {
    const findings = findingLines(report, max);
    const notes = [...layout.notes, ...(withStatement ? [] : [`_${text.statementTooLong(layout.where)}_`])];
    const body = [...layout.head, '', ...intro, ...findings, ...(findings.length > 0 ? [''] : []), ...notes.flatMap((note) => [note, '']), ...(withStatement ? statement : [])];
    while (body[body.length - 1] === '') body.pop();
    return `${body.join('\n')}\n`;
  };
  let max = report.result.findings.length;
  const full = render(max, true);
  if (layout.measure(full) <= layout.limit) return full;
  for (;;) {
    const candidate = render(max, false);
    if (layout.measure(candidate) <= layout.limit || max === 0) return candidate;
    max = Math.floor(max / 2);
  }
}

/** The job summary: the headline, every finding, what was not annotated, and the impact statement in full. */
export function summaryMarkdown(report: Report, notAnnotated: Record<AnnotationSeverity, number>, maxBytes: number): string {
  const text = TEXT[report.lang];
  const notes = (['error', 'warning'] as const).filter((severity) => notAnnotated[severity] > 0).map((severity) => `> ${text.notAnnotated(notAnnotated[severity], severity)}`);
  if (report.result.analysis.bar.defaults) notes.push(messages(report.lang).barDefaults(report.result.analysis.bar.project.deployable));
  return fitted(report, {
    head: [`## ${headline(report)}`],
    notes,
    fold: false,
    measure: (candidate) => Buffer.byteLength(candidate, 'utf8'),
    limit: maxBytes,
    where: text.theSummary,
  });
}

/**
 * The sticky comment: the marker that finds it again, the headline, the change risk (the statement's first lines,
 * which the fold would hide), the findings, a link to the run, and the impact statement folded.
 */
export function commentMarkdown(report: Report, marker: string, runUrl?: string): string {
  const text = TEXT[report.lang];
  const { changeRisk } = report.result.analysis;
  const risk = changeRisk?.status === 'scored' ? changeRiskBlock(changeRisk, report.lang) : [];
  return fitted(report, {
    head: [marker, `### ${headline(report)}`, ...(risk.length > 0 ? ['', ...risk] : [])],
    notes: runUrl ? [`[${text.runLink}](${runUrl})`] : [],
    fold: true,
    measure: (candidate) => candidate.length,
    limit: COMMENT_MAX_CHARS,
    where: text.thisComment,
  });
}
