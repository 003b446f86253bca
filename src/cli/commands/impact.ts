import { draftImpactStatement } from '../../core/impact/draft';
import { impactJson } from '../../core/impact/impactJson';
import { isLang } from '../../core/impact/messages';
import { BaseNotFoundError } from '../../core/change/change';
import { formatDiagnostic } from '../../core/diagnostics';
import { ExitCode, UsageError, type Command } from '../cliTypes';
import { cacheDirOption, ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, openEngine } from '../engineOptions';
import { printError, printJson, writeOut } from '../output';
import { useLanguage } from '../l10n';

export const impactCommand: Command = {
  name: 'impact',
  summary: 'draft the impact statement of the current change (fills the PR template when there is one)',
  usage: 'change-risk impact [--base REF] [--format markdown|json] [--lang en|ja] [--no-template] [--no-change-risk]',
  details: `The change is the current branch against its merge-base with the base branch, plus staged, unstaged
and untracked work. The base is origin/HEAD, else main, else master, unless --base names it.
The statement opens with the change risk: how often changes like this one needed a follow-up fix here,
learned from the repository's history (the history pass is cached beside the index; on a fresh clone of a
big repository it takes from half a minute to minutes: --no-change-risk leaves it out).

Options:
  --base REF         compare with REF (e.g. origin/main) instead of the detected base branch
  --format FORMAT    markdown (default): the PR description to paste; json: the analysis (shape: docs/cli.md)
  --lang LANG        en (default) or ja
  --no-template      print the statement alone, without the repository's pull request template
  --no-change-risk   do not compute the change risk (the JSON's changeRisk says "skipped")

Exit codes: 0 drafted (also for an empty change, which the statement says), 2 usage error, 3 failure.

${ENGINE_OPTIONS_HELP}`,
  options: { ...ENGINE_OPTIONS, base: { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' }, 'no-template': { type: 'boolean' }, 'no-change-risk': { type: 'boolean' } },
  async run({ values, positionals }) {
    const format = typeof values.format === 'string' ? values.format : 'markdown';
    if (format !== 'markdown' && format !== 'json') throw new UsageError(`--format: "${format}" is not markdown or json`);
    const lang = typeof values.lang === 'string' ? values.lang : 'en';
    if (!isLang(lang)) throw new UsageError(`--lang: "${lang}" is not en or ja`);
    useLanguage(lang);
    const engine = await openEngine({ values, positionals });
    const draft = await draftImpactStatement(engine, {
      lang,
      useTemplate: !values['no-template'],
      changeRisk: { ...cacheDirOption(values), when: values['no-change-risk'] ? 'never' : 'always' },
      ...(typeof values.base === 'string' ? { base: values.base } : {}),
    }).catch(reportBaseNotFound);
    if (!draft) return ExitCode.failure;
    for (const skipped of draft.skippedFiles) printError(`warning: ${formatDiagnostic(skipped)}`);
    if (format === 'json') printJson(impactJson(engine, draft.analysis, { markdown: draft.body, template: draft.template ?? null, lang }));
    else writeOut(draft.body);
    return ExitCode.ok;
  },
};

/** No base branch is a problem with the repository, not a crash: say so and exit 3. */
export function reportBaseNotFound(error: unknown): undefined {
  if (!(error instanceof BaseNotFoundError)) throw error;
  printError(`change-risk: ${error.message}`);
  return undefined;
}
