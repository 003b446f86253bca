/** The documented, stable JSON shape of `change-risk impact --format json` (docs/cli.md). */
import type { ChangeRiskEngine } from '../engine';
import { repositoryJson } from '../reportJson';
import type { ImpactAnalysis } from './analyse';
import { changeRiskJson } from './changeRiskText';
import type { Lang } from './messages';
import { withinChangeRiskLimit } from '../quality/changeRiskRule';

export function changeJson(analysis: ImpactAnalysis) {
  const { change } = analysis;
  return {
    base: { ref: change.base.ref, source: change.base.source, sha: change.base.sha },
    mergeBase: change.mergeBase,
    head: change.head,
    branch: change.branch ?? null,
    uncommitted: change.uncommitted,
    commits: change.commits.map((commit) => ({ sha: commit.sha, author: commit.author, subject: commit.subject })),
    totals: change.totals,
    files: change.files.map((file) => ({
      path: file.path,
      oldPath: file.oldPath ?? null,
      status: file.status,
      binary: file.binary,
      added: file.added,
      removed: file.removed,
      submodule: file.submodule ? { from: file.submodule.from ?? null, to: file.submodule.to ?? null } : null,
    })),
  };
}

/** The bar's change risk limit, `null` when no applying rule sets one. */
export function changeRiskLimitJson(analysis: ImpactAnalysis) {
  const limit = analysis.bar.changeRiskLimit;
  if (!limit) return null;
  return { max: limit.max, rules: limit.rules, files: limit.files, within: withinChangeRiskLimit(limit, analysis.changeRisk) ?? null };
}

/** `lang`: the language of the texts (`markdown`, the change risk's sentence and reasons). */
export function impactJson(engine: ChangeRiskEngine, analysis: ImpactAnalysis, extra: { markdown: string; template: { file: string; placement: string } | null; lang: Lang }) {
  return {
    ...repositoryJson(engine),
    change: changeJson(analysis),
    changeRisk: changeRiskJson(analysis.changeRisk, extra.lang, analysis.changeRiskSkipped),
    overview: analysis.overview,
    lineWarnings: analysis.lineWarnings.map((warning) => ({ ...warning, commit: warning.commit ?? null })),
    areas: analysis.areas.map((area) => ({ name: area.name ?? null, legacy: area.legacy, level: area.level, files: area.files, owners: area.owners })),
    riskyFiles: analysis.riskyFiles.map((file) => ({
      path: file.path,
      level: file.level,
      rank: file.rank,
      area: file.area ?? null,
      legacy: file.legacy ?? null,
      reasons: file.reasons,
      incidents: file.incidents,
      touchedLines: file.touchedLines,
    })),
    incidents: analysis.incidents,
    kinds: analysis.kinds,
    migrations: analysis.release.migrations,
    featureFlags: analysis.release.flags,
    dependencies: { changes: analysis.dependencies.changes, problems: analysis.dependencies.problems, botBump: analysis.dependencies.botBump ?? null },
    leftOutCoChanges: analysis.leftOutCoChanges,
    missingTests: analysis.missingTests,
    reviewers: analysis.reviewers.map((reviewer) => ({ name: reviewer.name, email: reviewer.email ?? null, sources: reviewer.sources, files: reviewer.files })),
    codeOwnersFile: analysis.codeOwnersFile ?? null,
    qualityBar: {
      defaults: analysis.bar.defaults,
      deployable: analysis.bar.project.deployable,
      summary: analysis.bar.summary ?? null,
      tolerance: analysis.bar.tolerance,
      checklist: analysis.checklist.map((item) => ({ ...item, monitoring: item.monitoring ?? null })),
      budget: analysis.budget ?? null,
      changeRiskLimit: changeRiskLimitJson(analysis),
    },
    lineHistory: analysis.lineHistory,
    template: extra.template,
    markdown: extra.markdown,
  };
}
