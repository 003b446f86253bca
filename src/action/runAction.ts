/**
 * The GitHub Action: `change-risk check` and `change-risk impact` in one pass over the change, shown where a pull
 * request's reviewers look — the job summary, annotations on the diff, and optionally one sticky comment — with the
 * check's exit codes: 0 the bar is met (warnings allowed), 1 findings, 2 a bad input, 3 the check could not run.
 * A thin shell over the engine, like the CLI: the pull request comes from the event payload (githubEvent.ts), every
 * log line goes through the CLI's output boundary (repository text cannot start a workflow command of its own).
 */
import * as path from 'node:path';
import { BaseNotFoundError } from '../core/change/change';
import { formatDiagnostic } from '../core/diagnostics';
import { ChangeRiskEngine, PathOutsideRepositoryError } from '../core/engine';
import { CancelledError, GitError } from '../core/git/gitProcess';
import { NotAGitRepositoryError } from '../core/git/repository';
import { renderImpactMarkdown } from '../core/impact/markdown';
import { escapeInline } from '../core/markdownText';
import { checkChange, escapeWorkflowData, escapeWorkflowProperty, githubAnnotation, type CheckResult } from '../core/quality/check';
import { pullRequestEvent, type PullRequestEvent } from '../core/quality/githubEvent';
import { ExitCode } from '../cli/cliTypes';
import { defaultCacheDir } from '../cli/engineOptions';
import { printLine, printLines, writeJsonFile } from '../cli/output';
import { CLI_VERSION } from '../cli/version';
import { toolReport, type ToolReportFormat } from '../core/quality/reportFormats';
import { planAnnotations, type AnnotationPlan } from './annotations';
import { ActionInputError, readInputs, type ActionInputs } from './inputs';
import { commentMarkdown, headline, summaryMarkdown } from './report';
import { appendSummary, setOutputs, SUMMARY_MAX_BYTES } from './runnerFiles';
import { commentMarker, upsertComment } from './stickyComment';

export async function runAction(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(env, cwd);
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    return stopped(env, error.message, ExitCode.usage);
  }
  try {
    return await check(inputs, env, cwd);
  } catch (error) {
    const message = error instanceof BaseNotFoundError ? `${error.message} (${FETCH_DEPTH_HINT})` : error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.stack && !KNOWN_FAILURES.some((known) => error instanceof known)) printLine(error.stack);
    return stopped(env, message, ExitCode.failure);
  }
}

const FETCH_DEPTH_HINT = 'actions/checkout needs `fetch-depth: 0`: the base commit and the history must be in the clone';
/** Failures with a message that says it all; anything else is a bug, logged with its stack. */
const KNOWN_FAILURES = [BaseNotFoundError, NotAGitRepositoryError, GitError, PathOutsideRepositoryError, CancelledError];

async function check(inputs: ActionInputs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const event = pullRequestEvent(env);
  if (event) printLine(`change-risk: pull request${event.number !== undefined ? ` #${event.number}` : ''} read from ${event.file}`);
  const base = inputs.base ?? event?.baseSha;
  const cacheDir = defaultCacheDir();
  const engine = await ChangeRiskEngine.open({ folder: inputs.workingDirectory, now: inputs.now ?? new Date(), cacheDir });
  const runWarnings = new RunWarnings();
  for (const warning of engine.warnings) {
    if (engine.repository.shallow && warning.startsWith('This is a shallow clone')) runWarnings.add(`${warning} (${FETCH_DEPTH_HINT})`);
    else printLine(`warning: ${warning}`);
  }
  const result = await checkChange(engine, {
    lang: inputs.lang,
    changeRisk: { cacheDir, when: inputs.changeRisk ? 'always' : 'never' },
    ...(base !== undefined ? { base } : {}),
    ...(event ? { prBody: event.body } : {}),
  });
  for (const skipped of result.analysis.skippedFiles) printLine(`warning: ${formatDiagnostic(skipped)}`);
  const report = { result, lang: inputs.lang, statement: renderImpactMarkdown(result.analysis, inputs.lang) };

  let commentUrl = '';
  if (inputs.comment) {
    const marker = commentMarker(path.relative(cwd, inputs.workingDirectory) || '.');
    commentUrl = await postComment(inputs, event, env, marker, commentMarkdown(report, marker, runUrl(env)), runWarnings);
  }
  const plan: AnnotationPlan = inputs.annotations ? planAnnotations(result.findings, { warning: runWarnings.count }) : { shown: [], hidden: { error: 0, warning: 0 } };
  writeLog(result, plan, inputs.annotations);
  appendSummary(summaryMarkdown(report, plan.hidden, SUMMARY_MAX_BYTES), env);
  const reportFile = inputs.format && inputs.reportFile ? writeReport(result, inputs.format, inputs.reportFile) : '';
  const errors = result.findings.filter((finding) => finding.severity === 'error').length;
  setOutputs({ result: result.passed ? 'pass' : 'fail', errors: String(errors), warnings: String(result.findings.length - errors), 'comment-url': commentUrl, 'report-file': reportFile }, env);
  printLine(headline(report));
  if (!result.passed && inputs.bar === 'advisory') printLine('change-risk: bar: advisory — the unmet requirements above do not fail the step');
  return result.passed || inputs.bar === 'advisory' ? ExitCode.ok : ExitCode.findings;
}

/** The check as SARIF 2.1.0 or a GitLab Code Quality report, the same findings the CLI's `--format` writes. */
function writeReport(result: CheckResult, format: ToolReportFormat, file: string): string {
  writeJsonFile(file, toolReport(result, format, { version: CLI_VERSION }));
  printLine(`change-risk: ${format} report written to ${file}`);
  return file;
}

/**
 * The step's own warnings (a shallow clone, a comment not posted): annotations at once, so that they are shown even
 * when the check then fails, and counted, since they share the cap with the findings.
 */
class RunWarnings {
  count = 0;
  add(message: string): void {
    this.count++;
    printLines([`::warning title=${escapeWorkflowProperty('change-risk')}::${escapeWorkflowData(message)}`]);
  }
}

/** The log: the findings as annotations, within GitHub's caps, and those left out as plain lines, so the log has them all. */
function writeLog(result: CheckResult, plan: AnnotationPlan, annotations: boolean): void {
  printLines(plan.shown.map(githubAnnotation));
  const annotated = new Set(plan.shown);
  printLines(
    result.findings
      .filter((finding) => !annotated.has(finding))
      .map((finding) => `${finding.severity === 'error' ? '✗' : '!'} ${finding.requirement}: ${finding.message}${finding.file ? `  (${finding.file}:${finding.line ?? 1})` : ''}`),
  );
  if (!annotations) return;
  for (const severity of ['error', 'warning'] as const) {
    const count = plan.hidden[severity];
    if (count > 0) printLine(`change-risk: ${count} more ${severity}${count === 1 ? '' : 's'} not shown as annotations — see the job summary`);
  }
}

/** Posts or updates the sticky comment; returns its address, or '' with the reason added to the run's warnings. */
async function postComment(inputs: ActionInputs, event: PullRequestEvent | undefined, env: NodeJS.ProcessEnv, marker: string, body: string, runWarnings: RunWarnings): Promise<string> {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const skip = (reason: string) => {
    runWarnings.add(`No pull request comment: ${reason}.`);
    return '';
  };
  if (!inputs.githubToken) return skip('the github-token input is empty');
  if (event?.number === undefined) return skip('this run is not for a pull request');
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) return skip(`GITHUB_REPOSITORY "${repository}" is not owner/name`);
  const outcome = await upsertComment({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', repository, pullRequest: event.number, token: inputs.githubToken }, marker, body);
  if (outcome.action === 'failed') return skip(`${outcome.reason} (a pull request from a fork gets a read-only token; the job needs \`permissions: pull-requests: write\`)`);
  printLine(`change-risk: pull request comment ${outcome.action}: ${outcome.url}`);
  return outcome.url;
}

/** The run's page, where the job summary is: from the runner's own variables, when they look like what they are. */
function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL ?? '';
  const repository = env.GITHUB_REPOSITORY ?? '';
  const run = env.GITHUB_RUN_ID ?? '';
  if (!/^https:\/\/[\w.-]+(:\d+)?$/.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^\d+$/.test(run)) return undefined;
  return `${server}/${repository}/actions/runs/${run}`;
}

/** The check could not run (or was given a bad input): an error annotation, the reason in the summary, `result: error`. */
function stopped(env: NodeJS.ProcessEnv, message: string, code: number): number {
  printLines([`::error title=${escapeWorkflowProperty('change-risk')}::${escapeWorkflowData(message)}`]);
  appendSummary(`## ⚠️ Change Risk could not run\n\n${escapeInline(message)}\n`, env);
  setOutputs({ result: 'error', errors: '0', warnings: '0', 'comment-url': '', 'report-file': '' }, env);
  return code;
}
