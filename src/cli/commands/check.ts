import * as fs from 'node:fs';
import { checkChange, githubAnnotation } from '../../core/quality/check';
import { pullRequestEvent } from '../../core/quality/githubEvent';
import { changeJson } from '../../core/impact/impactJson';
import { isLang, messages } from '../../core/impact/messages';
import { repositoryJson } from '../../core/reportJson';
import { formatDiagnostic } from '../../core/diagnostics';
import { ExitCode, UsageError, type Command } from '../cliTypes';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, openEngine } from '../engineOptions';
import { printError, printJson, printLine, printLines } from '../output';
import { reportBaseNotFound } from './impact';
import { useLanguage } from '../l10n';

export const checkCommand: Command = {
  name: 'check',
  summary: "CI gate: the team's quality bar against the current change and PR body",
  usage: 'change-risk check [--base REF] [--pr-body FILE] [--format text|json|github]',
  details: `Evaluates .changerisk/config.yaml's qualityBar (or the default bar) against the change: test changes for
risky and legacy files, an impact section in the PR body, rollback and monitoring plans, feature flags, and the
incident budget of the current period (as of --now). Owner review cannot be verified offline: it is a warning.

Options:
  --base REF         compare with REF (e.g. origin/main) instead of the detected base branch
  --pr-body FILE     the pull request description (Markdown); in GitHub Actions it is read from the event
                     payload (GITHUB_EVENT_PATH), with the PR's base commit when --base is not given;
                     without either, PR-body requirements are warnings
  --format FORMAT    text (default), json (shape: docs/cli.md), or github (workflow annotations ::error/::warning)
  --lang LANG        en (default) or ja

Exit codes:
  0  every requirement is met (warnings allowed)
  1  findings: at least one requirement is unmet, or the incident budget is exceeded
  2  usage error
  3  failure: not a git repository, no base branch, git failed

${ENGINE_OPTIONS_HELP}`,
  options: { ...ENGINE_OPTIONS, base: { type: 'string' }, 'pr-body': { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' } },
  async run({ values, positionals }) {
    const format = typeof values.format === 'string' ? values.format : 'text';
    if (format !== 'text' && format !== 'json' && format !== 'github') throw new UsageError(`--format: "${format}" is not text, json or github`);
    const lang = typeof values.lang === 'string' ? values.lang : 'en';
    if (!isLang(lang)) throw new UsageError(`--lang: "${lang}" is not en or ja`);
    useLanguage(lang);
    let prBody: string | undefined;
    let base = typeof values.base === 'string' ? values.base : undefined;
    if (typeof values['pr-body'] === 'string') {
      try {
        prBody = fs.readFileSync(values['pr-body'], 'utf8');
      } catch (error) {
        throw new UsageError(`--pr-body: cannot read ${values['pr-body']}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    } else {
      // In a GitHub Actions job for a pull request, its body (and base commit, unless --base names one) come from the event.
      const event = pullRequestEvent();
      if (event) {
        prBody = event.body;
        base ??= event.baseSha;
        printError(`change-risk: pull request${event.number !== undefined ? ` #${event.number}` : ''} read from ${event.file}`);
      }
    }
    const engine = await openEngine({ values, positionals });
    const result = await checkChange(engine, {
      lang,
      ...(base !== undefined ? { base } : {}),
      ...(prBody !== undefined ? { prBody } : {}),
    }).catch(reportBaseNotFound);
    if (!result) return ExitCode.failure;
    for (const skipped of result.analysis.skippedFiles) printError(`warning: ${formatDiagnostic(skipped)}`);
    const m = messages(lang);
    const errors = result.findings.filter((finding) => finding.severity === 'error').length;
    const warnings = result.findings.length - errors;
    if (format === 'json') {
      printJson({
        ...repositoryJson(engine),
        change: changeJson(result.analysis),
        passed: result.passed,
        findings: result.findings,
        checklist: result.analysis.checklist,
        defaults: result.analysis.bar.defaults,
        budget: result.analysis.budget ?? null,
      });
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
