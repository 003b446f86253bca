/**
 * Everything the impact statement and the CI check say about a change, computed once: areas and risky files
 * touched, incident lines touched, change kinds, co-changes left out, missing tests, reviewers, the quality bar.
 * Deterministic: every list is sorted, and nothing depends on the wall clock (the engine's `now` is an input).
 */
import type { Diagnostic } from '../diagnostics';
import { readChange, type Change, type ChangedFile } from '../change/change';
import { readCodeOwners, type CodeOwners } from '../change/codeowners';
import { detectChangeKinds, type DetectedKind } from '../change/kinds';
import { isNamedTest, sourcesWithoutTests, TestLayout, type MissingTest } from '../change/tests';
import type { ChangeRiskEngine } from '../engine';
import { existsInWorkTree } from '../git/diff';
import { compareText } from '../history/history';
import type { ProjectKind } from '../files/project';
import { budgetStatus, type BudgetStatus } from '../quality/budget';
import { leftOutCoChanges, type LeftOutCoChange } from './coChanges';
import { dependencyImpact, type DependencyImpact } from './dependencyImpact';
import { knownAtBase, releaseImpact, type ReleaseImpact } from './releaseImpact';
import { reviewersOf, type ReviewerSource, type SuggestedReviewer } from './reviewers';
import { touchedLines } from './touchedLines';
import { assessChangeRisk, type ChangeRiskAssessment } from '../changes/changeRisk';
import { CancelledError } from '../git/gitProcess';
import { changeRiskLimit, type ChangeRiskLimit } from '../quality/changeRiskRule';
import type { ChangeRiskSkip } from './changeRiskText';

export type { ReviewerSource, SuggestedReviewer };
import { changeOverview, lineWarnings, type ChangeOverview, type LineWarning, type TouchedLines } from './overview';

export type { TouchedLines };
import { monitoringPlanLines } from './monitoringPlan';
import { LANGS, messages } from './messages';
import { hasFilledSection, hasImpactSection, MONITORING_HEADING, ROLLBACK_HEADING } from '../quality/prBody';
import { fileSubject, mergeMonitoring, QUALITY_REQUIREMENTS, qualityBarOf, type FileBar, type MonitoringPlan, type QualityRequirement } from '../quality/qualityBar';
import { incidentJson } from '../reportJson';
import { compareLevels, compareRisk, type FileRisk, type RiskReason } from '../risk/riskModel';
import type { Incident, RiskLevel } from '../team';
import { fileDiagnostic } from '../team/positions';

export interface ImpactOptions {
  /** Compare with this ref instead of the detected base branch. */
  base?: string;
  /** The pull request body, when known: the checklist then says whether it meets the bar. */
  prBody?: string;
  signal?: AbortSignal;
  /**
   * Also assess the change-level risk (issue #16), with the history pass cached in `cacheDir` (the index's cache
   * folder). Left out, nothing is assessed: the editor's checklist stays fast and assesses in the background.
   */
  changeRisk?: ChangeRiskRequest;
}

/**
 * When the change risk is assessed. On a fresh clone its history pass reads every commit's diff (half a minute on
 * 26,000 commits, minutes on 70,000), so a CI run that shows nothing of it does not pay for it:
 * - `always` (the default): the statement opens with it, `--format json` carries it;
 * - `with-limit`: only when a rule of the bar that applies to the change sets `maxChangeRisk` (`check`'s text,
 *   annotations and reports, which show the change risk only as that rule's finding);
 * - `never`: turned off (`--no-change-risk`, the action's `change-risk: false`).
 */
export interface ChangeRiskRequest {
  cacheDir?: string;
  when?: 'always' | 'with-limit' | 'never';
}

export interface RiskyFile {
  path: string;
  level: RiskLevel;
  rank: number;
  area?: string;
  legacy?: 'declared' | 'detected';
  reasons: RiskReason[];
  /** The same reasons in Japanese, for `--lang ja`. */
  reasonsJa: RiskReason[];
  incidents: string[];
  touchedLines: TouchedLines[];
}

export interface AreaImpact {
  /** Undefined for files in no declared area. */
  name?: string;
  legacy: boolean;
  /** Highest level among its touched files. */
  level: RiskLevel;
  files: string[];
  owners: string[];
}

export interface RelatedIncident {
  id: string;
  title: string;
  date: string;
  kind: Incident['kind'];
  severity: Incident['severity'];
  status: Incident['status'];
  /** The postmortem. */
  file: string;
  links: string[];
  /** Touched files the incident is linked to. */
  files: string[];
  /** True when the change touches lines the postmortem names or its commits last changed. */
  linesTouched: boolean;
}

export type ItemStatus = 'met' | 'unmet' | 'manual' | 'unchecked';

export interface ChecklistItem {
  requirement: QualityRequirement;
  status: ItemStatus;
  /** Files whose bar asks for it. */
  files: string[];
  /** For testChanges: files among `files` without a test change. */
  missing: string[];
  /** For ownerReview: whom to ask. */
  owners: string[];
  /** For monitoring: the plan merged from the rules. */
  monitoring?: MonitoringPlan;
  /** Labels of the rules that ask for it. */
  rules: string[];
}

export interface ImpactAnalysis {
  change: Change;
  /** The moment the analysis is for (unix seconds): "3 days ago" is counted from it. */
  now: number;
  /** The change in one glance: files by role with +/−, moves, generated and vendored files folded. */
  overview: ChangeOverview;
  /** The touched lines history warns about, newest first. */
  lineWarnings: LineWarning[];
  areas: AreaImpact[];
  riskyFiles: RiskyFile[];
  incidents: RelatedIncident[];
  kinds: DetectedKind[];
  /** Packages added, removed or updated, by name, and whether a bot made the change. */
  dependencies: DependencyImpact;
  /** Migrations by what they do, and feature flags by library. */
  release: ReleaseImpact;
  leftOutCoChanges: LeftOutCoChange[];
  missingTests: MissingTest[];
  reviewers: SuggestedReviewer[];
  codeOwnersFile?: string;
  /** Files the analysis would have read but passed over (a CODEOWNERS linked out of the repository, binary, too large; an untracked file too large to read). */
  skippedFiles: Diagnostic[];
  /** The change-level risk, when `ImpactOptions.changeRisk` asked for it. */
  changeRisk?: ChangeRiskAssessment;
  /** Why `ImpactOptions.changeRisk` was given but nothing was assessed. */
  changeRiskSkipped?: ChangeRiskSkip;
  bar: {
    defaults: boolean;
    configured: boolean;
    /** Whether the repository is a deployed application (the default bar asks for monitoring only there). */
    project: ProjectKind;
    summary?: string;
    tolerance: Record<string, string>;
    files: FileBar[];
    /** The lowest `maxChangeRisk` of the rules applying to the change's files, when one sets it. */
    changeRiskLimit?: ChangeRiskLimit;
  };
  checklist: ChecklistItem[];
  budget?: BudgetStatus;
  /** Files whose changed lines were blamed for fix history, of the candidates (touched files with fix history). */
  lineHistory: { checked: number; candidates: number };
  /** Whether a PR body was given (then impactStatement, rollbackPlan and monitoring are evaluated against it). */
  prBodyGiven: boolean;
}

export async function analyseChange(engineAtHead: ChangeRiskEngine, options: ImpactOptions = {}): Promise<ImpactAnalysis> {
  const root = engineAtHead.repository.root;
  const change = await readChange(root, { ...(options.base !== undefined ? { base: options.base } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  // A change is judged by the history before it: its own commits (a fix, a revert, an incident id in its message) say nothing about its risk.
  const engine = engineAtHead.withoutCommits(change.commits.map((commit) => commit.sha));
  // Nobody whose commit is in the change has left: their files are no detected legacy here.
  const riskOf = (file: ChangedFile): FileRisk | undefined => (engine.risk.file(file.path) ?? (file.oldPath ? engine.risk.file(file.oldPath) : undefined))?.presentFor(change.authors);
  const exists = (path: string) => existsInWorkTree(root, path);

  const touched = await touchedLines(engine, change, riskOf, options.signal);
  const riskyFiles = riskyFilesOf(change, riskOf, touched.byFile);
  const incidents = relatedIncidents(engine, change, riskOf, touched.byFile);
  const release = await releaseImpact(change, options.signal);
  const kinds = await withoutKnownEnvVars(detectChangeKinds(change.files), change, options.signal);
  const dependencies = await dependencyImpact(change, engine.history.rules.classifier.isBot, options.signal);
  const roleOf = (path: string) => engine.risk.roleOf(path);
  const coupling = engine.team.config.coupling;
  const layout = new TestLayout(
    engine.sizes.paths,
    (path) => roleOf(path) === 'test' && isNamedTest(path),
    (source) => engine.history.coChanges(source, coupling).flatMap((partner) => (roleOf(partner.path) === 'test' ? [partner.path] : [])),
  );
  const missingTests = sourcesWithoutTests(change.files, layout, roleOf, exists);
  const skippedFiles: Diagnostic[] = change.files.flatMap((file) => (file.unread !== undefined ? [fileDiagnostic(file.path, 'warning', file.unread)] : []));
  const codeOwners = await readCodeOwners(root, skippedFiles);
  const bar = qualityBarOf(engine);
  const fileBars = change.files.map((file) => bar.forFile({ ...fileSubject(engine, file.path, change.authors), ...levelFallback(riskOf(file)) }));
  const incidentTime = (id: string) => {
    const date = engine.incident(id)?.date;
    return date ? Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) || 0 : 0;
  };
  const warnings = lineWarnings(touched.byFile, incidentTime);
  const limit = changeRiskLimit(bar, fileBars);
  const skipped = changeRiskSkip(options.changeRisk, limit);
  const changeRisk = options.changeRisk && !skipped ? await changeRiskOf(engineAtHead, change, warnings, options.changeRisk, options.signal) : undefined;
  return {
    change,
    now: engine.history.nowSeconds,
    overview: changeOverview(change, roleOf),
    lineWarnings: warnings,
    areas: areasOf(engine, change, riskOf),
    riskyFiles,
    incidents,
    kinds,
    dependencies,
    release,
    leftOutCoChanges: leftOutCoChanges(engine, change),
    missingTests,
    reviewers: reviewersOf(engine, change, riskOf, codeOwners),
    ...(codeOwners ? { codeOwnersFile: codeOwners.file } : {}),
    skippedFiles,
    ...(changeRisk ? { changeRisk } : {}),
    ...(skipped ? { changeRiskSkipped: skipped } : {}),
    bar: {
      defaults: bar.defaults,
      configured: bar.configured,
      project: bar.project,
      ...(bar.summary ? { summary: bar.summary } : {}),
      tolerance: Object.fromEntries(Object.entries(bar.tolerance).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
      files: fileBars,
      ...(limit ? { changeRiskLimit: limit } : {}),
    },
    checklist: checklistOf(fileBars, missingTests, kinds, codeOwners, options.prBody),
    ...(bar.budget ? { budget: budgetStatus(bar.budget, engine.team.incidents, engine.history.now)! } : {}),
    lineHistory: touched.lineHistory,
    prBodyGiven: options.prBody !== undefined,
  };
}

function changeRiskSkip(request: ChangeRiskRequest | undefined, limit: ChangeRiskLimit | undefined): ChangeRiskSkip | undefined {
  if (!request) return undefined;
  if (request.when === 'never') return 'turned-off';
  return request.when === 'with-limit' && !limit ? 'no-limit' : undefined;
}

/**
 * The change-level risk, judged by the history at HEAD without the change's own commits (changeRisk.ts). It adds to
 * the statement and never stops it: a failure other than cancellation is an `unavailable` with its message.
 */
async function changeRiskOf(engineAtHead: ChangeRiskEngine, change: Change, warnings: readonly LineWarning[], options: { cacheDir?: string }, signal: AbortSignal | undefined): Promise<ChangeRiskAssessment> {
  try {
    return await assessChangeRisk(engineAtHead, change, { ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}), ...(signal ? { signal } : {}), lineWarnings: warnings });
  } catch (error) {
    if (signal?.aborted || error instanceof CancelledError) throw error;
    return { status: 'unavailable', cause: 'failed', reason: `it could not be computed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** New environment variables only when really new: one the repository already read at the merge-base is not. */
async function withoutKnownEnvVars(kinds: DetectedKind[], change: Change, signal: AbortSignal | undefined): Promise<DetectedKind[]> {
  const env = kinds.find((kind) => kind.kind === 'env');
  if (!env) return kinds;
  const known = await knownAtBase(change, env.details, signal);
  const details = env.details.filter((name) => !known.has(name));
  if (details.length === 0) return kinds.filter((kind) => kind !== env);
  return kinds.map((kind) => (kind === env ? { ...env, details } : kind));
}

/** A renamed file not yet committed has no history under its new name: use its old name's level. */
function levelFallback(risk: FileRisk | undefined): { level?: RiskLevel } {
  return risk ? { level: risk.level } : {};
}

/** The changed files of the rated roles with a level, incidents or troubled lines: a Gemfile is no risky file (its change is a dependency change). */
function riskyFilesOf(change: Change, riskOf: (file: ChangedFile) => FileRisk | undefined, touched: Map<string, TouchedLines[]>): RiskyFile[] {
  const risky: Array<{ file: RiskyFile; risk: FileRisk }> = [];
  for (const file of change.files) {
    const risk = riskOf(file);
    const lines = touched.get(file.path) ?? [];
    if (!risk || !risk.rated || (risk.level === 'none' && lines.length === 0 && risk.incidents.length === 0)) continue;
    risky.push({
      risk,
      file: {
        path: file.path,
        level: risk.level,
        rank: risk.rank,
        ...(risk.area ? { area: risk.area.name } : {}),
        ...(risk.legacy ? { legacy: risk.legacy } : {}),
        reasons: risk.reasons,
        reasonsJa: risk.reasonsIn('ja'),
        incidents: risk.incidents.map((incident) => incident.id),
        touchedLines: lines,
      },
    });
  }
  return risky.sort((a, b) => compareRisk(a.risk, b.risk) || compareText(a.file.path, b.file.path)).map(({ file }) => file);
}

function areasOf(engine: ChangeRiskEngine, change: Change, riskOf: (file: ChangedFile) => FileRisk | undefined): AreaImpact[] {
  const byName = new Map<string, AreaImpact>();
  for (const file of change.files) {
    const area = engine.risk.areaOf(file.path) ?? (file.oldPath ? engine.risk.areaOf(file.oldPath) : undefined);
    const key = area?.name ?? '';
    let impact = byName.get(key);
    if (!impact) byName.set(key, (impact = { ...(area ? { name: area.name } : {}), legacy: area?.legacy ?? false, level: 'none', files: [], owners: area?.owners ?? [] }));
    impact.files.push(file.path);
    const level = riskOf(file)?.level ?? 'none';
    if (compareLevels(level, impact.level) > 0) impact.level = level;
  }
  // Declared areas first, riskiest first; files in no area last.
  return [...byName.values()].sort(
    (a, b) => Number(a.name === undefined) - Number(b.name === undefined) || compareLevels(b.level, a.level) || compareText(a.name ?? '', b.name ?? ''),
  );
}

function relatedIncidents(
  engine: ChangeRiskEngine,
  change: Change,
  riskOf: (file: ChangedFile) => FileRisk | undefined,
  touched: Map<string, TouchedLines[]>,
): RelatedIncident[] {
  const related = new Map<string, { incident: Incident; files: Set<string>; linesTouched: boolean }>();
  const note = (incident: Incident, file: string, linesTouched: boolean) => {
    let entry = related.get(incident.id);
    if (!entry) related.set(incident.id, (entry = { incident, files: new Set(), linesTouched: false }));
    entry.files.add(file);
    entry.linesTouched ||= linesTouched;
  };
  for (const file of change.files) {
    for (const incident of riskOf(file)?.incidents ?? []) note(incident, file.path, false);
    for (const lines of touched.get(file.path) ?? []) {
      for (const id of lines.incidents) {
        const incident = engine.incident(id);
        if (incident) note(incident, file.path, true);
      }
    }
  }
  return [...related.values()]
    .map(({ incident, files, linesTouched }) => ({
      ...incidentJson(incident),
      links: [...incident.links],
      files: [...files].sort(compareText),
      linesTouched,
    }))
    .sort((a, b) => Number(b.linesTouched) - Number(a.linesTouched) || compareText(b.date, a.date) || compareText(a.id, b.id));
}

function checklistOf(
  bars: FileBar[],
  missingTests: MissingTest[],
  kinds: DetectedKind[],
  codeOwners: CodeOwners | undefined,
  prBody: string | undefined,
): ChecklistItem[] {
  // Only source with behaviour, changed without a test of its: a rename, a deletion, a stylesheet or a Gemfile needs none.
  const missingTestPaths = new Set(missingTests.map((missing) => missing.path));
  const items: ChecklistItem[] = [];
  for (const requirement of QUALITY_REQUIREMENTS) {
    const asking = bars.filter((bar) => bar.requirements.includes(requirement));
    if (asking.length === 0) continue;
    const files = asking.map((bar) => bar.path).sort(compareText);
    const rules = [...new Set(asking.flatMap((bar) => bar.rules.map((rule) => (bar.defaults ? `${rule.label} (default)` : rule.label))))].sort(compareText);
    const item: ChecklistItem = { requirement, status: 'met', files, missing: [], owners: [], rules };
    switch (requirement) {
      case 'testChanges':
        item.missing = files.filter((path) => missingTestPaths.has(path));
        item.status = item.missing.length > 0 ? 'unmet' : 'met';
        break;
      case 'featureFlag':
        item.status = kinds.some((kind) => kind.kind === 'feature-flags') ? 'met' : 'unmet';
        break;
      case 'ownerReview': {
        const owners = new Set(asking.flatMap((bar) => (bar.owners.length > 0 ? bar.owners : (codeOwners?.ownersOf(bar.path) ?? []))));
        item.owners = [...owners].sort(compareText);
        item.status = 'manual';
        break;
      }
      case 'impactStatement':
        item.status = prBody === undefined ? 'unchecked' : hasImpactSection(prBody) ? 'met' : 'unmet';
        break;
      case 'rollbackPlan':
        item.status = prBody === undefined ? 'unchecked' : hasFilledSection(prBody, ROLLBACK_HEADING) ? 'met' : 'unmet';
        break;
      case 'monitoring': {
        const plans = asking.map((bar) => bar.monitoring).filter((plan): plan is MonitoringPlan => plan !== undefined);
        const plan = plans.reduce<MonitoringPlan | undefined>((merged, next) => mergeMonitoring(merged, next), undefined);
        if (plan) item.monitoring = plan;
        // The lines a draft lists from the rules are the team's, not the author's plan: a pasted draft alone does not meet it.
        const drafted = plan ? LANGS.flatMap((lang) => monitoringPlanLines(plan, messages(lang))) : [];
        item.status = prBody === undefined ? 'unchecked' : hasFilledSection(prBody, MONITORING_HEADING, drafted) ? 'met' : 'unmet';
        break;
      }
    }
    items.push(item);
  }
  return items;
}
