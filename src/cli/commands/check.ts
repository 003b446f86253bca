import * as fs from 'node:fs';
import { checkChange, githubAnnotation } from '../../core/quality/check';
import { pullRequestEvent } from '../../core/quality/githubEvent';
import { gitlabMergeRequest } from '../../core/quality/gitlabMergeRequest';
import { toolReport } from '../../core/quality/reportFormats';
import { CLI_VERSION } from '../version';
import { changeJson, changeRiskLimitJson } from '../../core/impact/impactJson';
import { changeRiskJson } from '../../core/impact/changeRiskText';
import { isLang, messages } from '../../core/impact/messages';
import { repositoryJson } from '../../core/reportJson';
import { formatDiagnostic } from '../../core/diagnostics';
import { ExitCode, UsageError, type Command, type CommandContext } from '../cliTypes';
import { cacheDirOption, ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, openEngine } from '../engineOptions';
import { printError, printJson, printLine, printLines, writeJsonFile } from '../output';
import { reportBaseNotFound } from './impact';
import { useLanguage } from '../l10n';

const FORMATS = ['text', 'json', 'github', 'sarif', 'gitlab'] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);
const JSON_FORMATS: ReadonlySet<Format> = new Set(['json', 'sarif', 'gitlab']);

export const checkCommand: Command = {
  name: 'check',
  summary: "CI gate: the team's quality bar against the current change and PR body",
  usage: 'change-risk check [--base REF] [--pr-body FILE] [--format text|json|github|sarif|gitlab] [--output FILE] [--no-change-risk]',
  details: `Evaluates .changerisk/config.yaml's qualityBar (or the default bar) against the change: test changes for
risky and legacy files, an impact section in the PR body, rollback and monitoring plans, feature flags, the
incident budget of the current period (as of --now), and the change risk when a rule sets maxChangeRisk. Owner
review cannot be verified offline: it is a warning.

The change risk reads the diff of every commit once (cached beside the index): on a fresh clone of a big
repository that takes from half a minute to minutes. check computes it only when a rule applying to the change
sets maxChangeRisk, or for --format json, which carries it; --no-change-risk never computes it.

Options:
  --base REF         compare with REF (e.g. origin/main) instead of the detected base branch
  --pr-body FILE     the pull request description (Markdown); in GitHub Actions it is read from the event
                     payload (GITHUB_EVENT_PATH), in a GitLab merge request pipeline from CI_MERGE_REQUEST_DESCRIPTION,
                     with the base commit too when --base is not given; without either, PR-body requirements are warnings
  --format FORMAT    text (default), json (shape: docs/cli.md), github (workflow annotations ::error/::warning),
                     sarif (SARIF 2.1.0, for GitHub code scanning) or gitlab (a GitLab Code Quality report)
  --output FILE      write the json, sarif or gitlab report to FILE instead of stdout, once the change is read
                     (a report redirected into the work tree would be an untracked file of the change)
  --lang LANG        en (default) or ja
  --no-change-risk   do not compute the change risk: a maxChangeRisk rule is then a warning "not computed"

Exit codes:
  0  every requirement is met (warnings allowed)
  1  findings: at least one requirement is unmet, or the incident budget is exceeded
  2  usage error
  3  failure: not a git repository, no base branch, git failed, --output not writable

${ENGINE_OPTIONS_HELP}`,
  options: {
    ...ENGINE_OPTIONS,
    base: { type: 'string' },
    'pr-body': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    lang: { type: 'string' },
    'no-change-risk': { type: 'boolean' },
  },
  async run({ values, positionals }) {
    const format = typeof values.format === 'string' ? values.format : 'text';
    if (!isFormat(format)) throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(', ')}`);
    const lang = typeof values.lang === 'string' ? values.lang : 'en';
    if (!isLang(lang)) throw new UsageError(`--lang: "${lang}" is not en or ja`);
    const output = typeof values.output === 'string' ? values.output : undefined;
    if (output !== undefined && !JSON_FORMATS.has(format)) throw new UsageError(`--output: only with --format ${[...JSON_FORMATS].join(', ')}`);
    const { prBody, prBodyTruncated, base } = pullRequestOf(values);
    useLanguage(lang);
    const engine = await openEngine({ values, positionals });
    const result = await checkChange(engine, {
      lang,
      changeRisk: { ...cacheDirOption(values), when: values['no-change-risk'] ? 'never' : format === 'json' ? 'always' : 'with-limit' },
      ...(base !== undefined ? { base } : {}),
      ...(prBody !== undefined ? { prBody } : {}),
      ...(prBodyTruncated ? { prBodyTruncated } : {}),
    }).catch(reportBaseNotFound);
    if (!result) return ExitCode.failure;
    for (const skipped of result.analysis.skippedFiles) printError(`warning: ${formatDiagnostic(skipped)}`);
    const m = messages(lang);
    const errors = result.findings.filter((finding) => finding.severity === 'error').length;
    const warnings = result.findings.length - errors;
    if (JSON_FORMATS.has(format)) {
      const report =
        format === 'sarif' || format === 'gitlab'
          ? toolReport(result, format, { version: CLI_VERSION })
          : {
                ...repositoryJson(engine),
                change: changeJson(result.analysis),
                changeRisk: changeRiskJson(result.analysis.changeRisk, lang, result.analysis.changeRiskSkipped),
                changeRiskLimit: changeRiskLimitJson(result.analysis),
                passed: result.passed,
                findings: result.findings,
                checklist: result.analysis.checklist,
                defaults: result.analysis.bar.defaults,
                budget: result.analysis.budget ?? null,
              };
      if (output === undefined) printJson(report);
      else {
        try {
          writeJsonFile(output, report);
        } catch (error) {
          printError(`change-risk: --output: cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
          return ExitCode.failure;
        }
      }
    } else if (format === 'github') {
      printLines(result.findings.map(githubAnnotation));
      printLine(result.passed && warnings === 0 ? m.check.allMet : m.check.summary(errors, warnings));
    } else {
      if (result.analysis.change.files.length === 0) printLine(m.check.emptyChange);
      printLines(
        result.findings.map((finding) => {
          const where = finding.file ? `  (${finding.file}:${finding.line ?? 1})` : '';
          return `${finding.severity === 'error' ? '✗' : '!'} ${finding.requirement}: ${finding.message}${where}`;
        }),
      );
      if (result.analysis.bar.defaults) printLine(m.barDefaults(result.analysis.bar.project.deployable).replace(/^_|_$/g, ''));
      printLine(result.passed && warnings === 0 ? m.check.allMet : m.check.summary(errors, warnings));
    }
    return result.passed ? ExitCode.ok : ExitCode.findings;
  },
};

interface PullRequest {
  prBody?: string;
  prBodyTruncated: boolean;
  base?: string;
}

/**
 * The PR body and base to check against: `--pr-body` and `--base` when given; else, in a GitHub Actions job for a pull
 * request, the event payload's; in a GitLab merge request pipeline, its predefined variables'. Says on stderr where
 * they came from.
 */
function pullRequestOf(values: CommandContext['values']): PullRequest {
  const base = typeof values.base === 'string' ? values.base : undefined;
  const file = values['pr-body'];
  if (typeof file === 'string') {
    try {
      return { prBody: fs.readFileSync(file, 'utf8'), prBodyTruncated: false, ...(base !== undefined ? { base } : {}) };
    } catch (error) {
      throw new UsageError(`--pr-body: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const event = pullRequestEvent();
  if (event) {
    printError(`change-risk: pull request${event.number !== undefined ? ` #${event.number}` : ''} read from ${event.file}`);
    const eventBase = base ?? event.baseSha;
    return { prBody: event.body, prBodyTruncated: false, ...(eventBase !== undefined ? { base: eventBase } : {}) };
  }
  const mr = gitlabMergeRequest();
  if (!mr) return { prBodyTruncated: false, ...(base !== undefined ? { base } : {}) };
  if (base === undefined && mr.base !== undefined) printError(`change-risk: merge request ${mr.reference}: base ${mr.base} from ${mr.baseVariable}`);
  if (mr.description === undefined) printError(`change-risk: merge request ${mr.reference}: no CI_MERGE_REQUEST_DESCRIPTION (GitLab 16.7 or later sets it)`);
  else printError(`change-risk: merge request ${mr.reference}: description read from CI_MERGE_REQUEST_DESCRIPTION${mr.descriptionTruncated ? ' (truncated by GitLab)' : ''}`);
  const mrBase = base ?? mr.base;
  return {
    ...(mr.description !== undefined ? { prBody: mr.description } : {}),
    prBodyTruncated: mr.descriptionTruncated,
    ...(mrBase !== undefined ? { base: mrBase } : {}),
  };
}
