/**
 * One call for a shell (CLI or editor command): analyse the change and draft the pull request body.
 *
 *   const draft = await draftImpactStatement(engine, { lang: 'ja' });
 *   draft.body  // the PR template filled with the statement, or the statement alone
 */
import type { ChangeRiskAssessment } from '../changes/changeRisk';
import type { ChangeRiskEngine } from '../engine';
import { analyseChange, type ImpactAnalysis, type ImpactOptions } from './analyse';
import { renderImpactMarkdown } from './markdown';
import type { Lang } from './messages';
import type { Diagnostic } from '../diagnostics';
import { fillTemplate, findPullRequestTemplate, type TemplatePlacement } from './template';

export interface DraftOptions extends ImpactOptions {
  lang?: Lang;
  /** Fill the repository's PR template when it has one (default true). */
  useTemplate?: boolean;
  /**
   * Assesses the change risk elsewhere (the editor's worker thread: fitting the model would hold up the
   * extension host for seconds) instead of `changeRisk` here; undefined leaves the statement without it.
   */
  changeRiskBy?: (analysis: ImpactAnalysis) => Promise<ChangeRiskAssessment | undefined>;
}

export interface ImpactDraft {
  analysis: ImpactAnalysis;
  /** The statement alone. */
  markdown: string;
  /** What to paste as the PR description: the template filled with the statement, or the statement. */
  body: string;
  template?: { file: string; placement: TemplatePlacement };
  /** Files passed over, to tell the user: a PR template or CODEOWNERS linked out of the repository, binary, too large. */
  skippedFiles: Diagnostic[];
}

export async function draftImpactStatement(engine: ChangeRiskEngine, options: DraftOptions = {}): Promise<ImpactDraft> {
  let analysis = await analyseChange(engine, options);
  const assessed = options.changeRiskBy && analysis.change.files.length > 0 ? await options.changeRiskBy(analysis) : undefined;
  if (assessed) analysis = { ...analysis, changeRisk: assessed };
  const markdown = renderImpactMarkdown(analysis, options.lang ?? 'en');
  const skippedFiles = [...analysis.skippedFiles];
  const template = options.useTemplate === false ? undefined : await findPullRequestTemplate(engine.repository.root, skippedFiles);
  if (!template) return { analysis, markdown, body: markdown, skippedFiles };
  const filled = fillTemplate(template.text, markdown);
  return { analysis, markdown, body: filled.body, template: { file: template.file, placement: filled.placement }, skippedFiles };
}
